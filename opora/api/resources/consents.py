"""Consents and disclosures of a case (read only): the case team's, as on the consents tab."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from opora import access
from opora.api import selectors as api_selectors
from opora.api.resources.base import READ_ERRORS, ApiView
from opora.consents import selectors
from opora.consents.models import Consent, Disclosure


class ConsentSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "case",
            "given_by_kind",
            "given_by_name",
            "student_agrees",
            "categories",
            "to_school",
            "actors",
            "named_recipients",
            "purpose",
            "given_on",
            "valid_until",
            "withdrawn_on",
            "status",
            "created_at",
        ]

    def get_status(self, consent) -> str:
        return consent.status()


class DisclosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disclosure
        fields = [
            "id",
            "case",
            "category",
            "document",
            "recipient_kind",
            "recipient_label",
            "basis",
            "consent",
            "request_reference",
            "request_date",
            "disclosed_at",
            "by",
        ]


class _CaseReadList(ApiView):
    capability = staticmethod(access.can_work_on_cases)
    ordering_fields = ["id"]

    def load(self, pk):
        self.case = access.fetch_case(self.request, pk, section=f"api:{self.section}")

    def get(self, request, pk):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)


@extend_schema(responses={200: ConsentSerializer(many=True), **READ_ERRORS}, summary=_("Consents of a case"))
class ConsentList(_CaseReadList):
    serializer_class = ConsentSerializer
    section = "consents"

    def get_queryset(self):
        return api_selectors.consents_of(self.case)


@extend_schema(responses={200: DisclosureSerializer(many=True), **READ_ERRORS}, summary=_("Disclosures of a case"))
class DisclosureList(_CaseReadList):
    serializer_class = DisclosureSerializer
    section = "disclosures"

    def get_queryset(self):
        return selectors.disclosures_of(self.case)


urlpatterns = [
    path("cases/<int:pk>/consents/", ConsentList.as_view(), name="case_consents"),
    path("cases/<int:pk>/disclosures/", DisclosureList.as_view(), name="case_disclosures"),
]
