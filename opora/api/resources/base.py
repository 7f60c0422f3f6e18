"""What every resource shares: the view base (the policy decides before the method does),
validation through the web app's Django forms, ETag/If-Match on the `Versioned` version,
idempotent creates, and the shape of a form as an OpenAPI request body."""

from __future__ import annotations

import hashlib
import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from opora import access
from opora.api import problems, selectors, services
from opora.core.concurrency import STAMP_FIELD, make_stamp

IDEMPOTENCY_KEY = "Idempotency-Key"


class AnyAccept(DefaultContentNegotiation):
    """For a download (an .ics): its errors are still JSON problems, whatever the Accept header."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiView(generics.GenericAPIView):
    """`capability` (an opora.access predicate) is checked with the authentication; `load()`
    fetches the objects of the URL through the policy before the method runs, so a caller who may
    not see them gets 404 whatever the method."""

    capability = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.load(**kwargs)

    def load(self, **kwargs) -> None:
        pass

    def get_serializer_class(self):
        # OPTIONS describes a POST by the view's serializer: a view without one has no fields to
        # describe (rather than an assertion error answered 500).
        return self.serializer_class or serializers.Serializer

    def finalize_response(self, request, response, *args, **kwargs):
        # A token request is anonymous to the web app's NoStoreMiddleware: the API says it itself.
        response = super().finalize_response(request, response, *args, **kwargs)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
            response["Pragma"] = "no-cache"
        return response

    @property
    def membership(self):
        return self.request._request.membership


# --- Errors documented on every operation ----------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


def _problem(description):
    return OpenApiResponse(ProblemSerializer, description=description)


def _errors(*codes):
    return {(code, problems.PROBLEM): _problem(problems.TITLES[code]) for code in codes}


READ_ERRORS = _errors(400, 401, 403, 404, 405, 406, 429, 500)
WRITE_ERRORS = _errors(400, 401, 403, 404, 405, 406, 409, 412, 415, 422, 428, 429, 500)

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=_("The ETag of the record as you read it; required to change it (428 without it, 412 when stale)."),
)
IDEMPOTENCY = OpenApiParameter(
    IDEMPOTENCY_KEY,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=_(
        "Any unique string: a retry with the same key and body returns the first result and creates nothing."
    ),
)


# --- Input through the web app's forms --------------------------------------------------------


def body(request) -> dict:
    data = request.data
    if not isinstance(data, dict):
        raise ValidationError(_("The body must be a JSON object."))
    return data


def validated(form) -> dict:
    """The form's cleaned data, or a ValidationError with its messages (answered 400)."""
    # JSON values as a web form would send them: one text per field (a list only for a multiple
    # choice, true/false only for a checkbox), so the form validates what the web app validates.
    data, shape_errors = dict(form.data), {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = data.get(key)
        multiple = isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField))
        if isinstance(value, dict) or (isinstance(value, list) and not multiple):
            shape_errors[name] = [_("Enter a single value.")]
        elif isinstance(value, bool) and not isinstance(field, forms.BooleanField):
            shape_errors[name] = [_("Enter a text or a number, not true or false.")]
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            data[key] = str(value)
        elif isinstance(value, list):
            data[key] = [str(v) for v in value if not isinstance(v, (list, dict))]
    if shape_errors:
        raise ValidationError(shape_errors)
    form.data = data
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return {name: form.cleaned_data.get(name) for name in form.fields}


# --- ETag / If-Match ----------------------------------------------------------------------------


def etag(instance) -> str:
    return f'"{instance.version}"'


def with_etag(response: Response, instance) -> Response:
    response["ETag"] = etag(instance)
    return response


_ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,9})"\s*$')


def if_match_version(request, instance) -> int:
    header = request.headers.get("If-Match")
    if not header:
        raise problems.PreconditionRequired()
    if header.strip() == "*":
        return instance.version
    match = _ETAG.match(header)
    if not match:
        raise problems.PreconditionFailed()
    return int(match.group(1))


def update_form(request, form_class, instance, **kwargs):
    """A bound edit form: the record's current values overlaid with the (partial) body, and the
    read stamp of the version named by If-Match — the service's compare-and-set refuses a stale
    write (answered 412)."""
    version = if_match_version(request, instance)
    data = model_to_dict(instance, fields=list(form_class.base_fields))
    data = {k: ([v.pk for v in v] if isinstance(v, list) and v and hasattr(v[0], "pk") else v) for k, v in data.items()}
    data.update(body(request))
    read_at = instance.version
    instance.version = version
    data[STAMP_FIELD] = make_stamp(instance)
    instance.version = read_at
    return form_class(data, instance=instance, **kwargs)


# --- Idempotent creates --------------------------------------------------------------------------


def _request_hash(request) -> str:
    raw = json.dumps({"m": request.method, "p": request.path, "b": request.data}, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()


def idempotent_create(request, create, respond):
    """Run `create()` (returns the new object) once per Idempotency-Key of the token; answer with
    `respond(obj)` (201). A retry with the same key and body answers the same without creating."""
    key = request.headers.get(IDEMPOTENCY_KEY, "").strip()
    token = request.auth
    if not key:
        obj = create()
        return respond(obj)
    if len(key) > 255:
        raise ValidationError({IDEMPOTENCY_KEY: [_("The key may have at most 255 characters.")]})
    with transaction.atomic():
        try:
            record = services.idempotency_claim(token=token, key=key, request_hash=_request_hash(request))
        except services.IdempotencyConflict as exc:
            raise (problems.Unprocessable() if exc.reason == "mismatch" else problems.Conflict()) from None
        if record is not None:
            obj = selectors.idempotent_object(record)
            if obj is None:
                raise problems.Conflict(_("The object created with this Idempotency-Key no longer exists."))
            response = respond(obj)
            response["Idempotent-Replayed"] = "true"
            return response
        obj = create()
        response = respond(obj)
        services.idempotency_complete(token=token, key=key, status=response.status_code, obj=obj)
        return response


# --- A form's fields as an OpenAPI request body (shape only; the form validates) -----------------


def _shape_field(field: forms.Field):
    common = {"required": False, "help_text": field.help_text or None, "label": field.label}
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=True, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(allow_null=True, **common)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=True, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=True, **common)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.CharField(), **common)
    if isinstance(field, forms.ChoiceField):
        choices = [c for c in field.choices if c[0] != ""]
        return serializers.ChoiceField(choices=choices, allow_blank=True, **common)
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(allow_blank=True, **common)
    return serializers.CharField(allow_blank=True, **common)


def form_shape(form_class, name: str, *, exclude=()):
    """A serializer class with the form's fields, for the schema only."""
    attrs = {
        field_name: _shape_field(field)
        for field_name, field in form_class.base_fields.items()
        if field_name not in exclude and field_name != STAMP_FIELD
    }
    return type(name, (serializers.Serializer,), attrs)


# --- The records of a case (goals, tasks, activities…) ------------------------------------------


class CaseRecords(ApiView):
    """Records of one case: the case team only (404 for anyone else); changes while it is open."""

    capability = staticmethod(access.can_work_on_cases)
    section = ""

    def load(self, pk, item=None):
        edit = self.request.method not in ("GET", "HEAD", "OPTIONS")
        fetch = access.fetch_case_for_edit if edit else access.fetch_case
        self.case = fetch(self.request, pk, section=f"api:{self.section}" + (f":{item}" if item else ""))


def case_records(name, model, output, form_class, save, read, *, filters=(), form_takes_case=True):
    """The list (GET, POST) and detail (GET, PATCH) routes of one kind of record of a case."""
    shape = form_shape(form_class, f"{model.__name__}Input")
    label = model._meta.verbose_name_plural

    class ListView(CaseRecords):
        serializer_class = output
        section = name
        ordering_fields = ["id"]

        def get_queryset(self):
            return read(self.case, self.request)

        @extend_schema(parameters=list(filters), responses={200: output(many=True), **READ_ERRORS})
        def get(self, request, pk):
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            return self.get_paginated_response(output(page, many=True, context={"request": request}).data)

        @extend_schema(request=shape, parameters=[IDEMPOTENCY], responses={201: serializer_class, **WRITE_ERRORS})
        def post(self, request, pk):
            def create():
                data = validated(form_class(body(request), **({"case": self.case} if form_takes_case else {})))
                return save(case=self.case, instance=None, data=data, by=self.membership, request=request)

            def respond(obj):
                return with_etag(Response(output(obj, context={"request": request}).data, status=201), obj)

            return idempotent_create(request, create, respond)

    class DetailView(CaseRecords):
        serializer_class = output
        section = name

        def load(self, pk, item):
            super().load(pk, item)
            self.item = get_object_or_404(read(self.case, self.request), pk=item)

        @extend_schema(responses={200: serializer_class, **READ_ERRORS})
        def get(self, request, pk, item):
            return with_etag(Response(output(self.item, context={"request": request}).data), self.item)

        @extend_schema(request=shape, parameters=[IF_MATCH], responses={200: serializer_class, **WRITE_ERRORS})
        def patch(self, request, pk, item):
            data = validated(
                update_form(request, form_class, self.item, **({"case": self.case} if form_takes_case else {}))
            )
            obj = save(case=self.case, instance=self.item, data=data, by=self.membership, request=request)
            return with_etag(Response(output(obj, context={"request": request}).data), obj)

    ListView.__name__ = f"{model.__name__}List"
    DetailView.__name__ = f"{model.__name__}Detail"
    extend_schema(summary=label)(ListView)
    return [
        path(f"cases/<int:pk>/{name}/", ListView.as_view(), name=f"case_{name}"),
        path(f"cases/<int:pk>/{name}/<int:item>/", DetailView.as_view(), name=f"case_{model._meta.model_name}"),
    ]
