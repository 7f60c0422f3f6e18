"""Schools and the partnership pipeline (§2)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from opora import access
from opora.api import problems
from opora.api.resources.base import (
    IF_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiView,
    body,
    form_shape,
    if_match_version,
    validated,
    with_etag,
)
from opora.schools import forms as school_forms
from opora.schools import selectors
from opora.schools import services as school_services
from opora.schools.models import School


class SchoolOwnSerializer(serializers.ModelSerializer):
    """A school member's own school: its basic data."""

    # One fixed value per view, so that a response matches exactly one schema of SchoolDetail.
    view_level = serializers.ChoiceField(choices=[access.SCHOOL_OWN], read_only=True)

    class Meta:
        model = School
        fields = ["id", "view_level", "name", "address", "red_izo", "ico", "kind"]


class SchoolListSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "name", "address", "kind"]


class SchoolSerializer(serializers.ModelSerializer):
    """The service's record of a school, with its place in the pipeline."""

    view_level = serializers.ChoiceField(choices=[access.SCHOOL_SERVICE], read_only=True, required=False)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = School
        fields = [
            "id",
            "view_level",
            "name",
            "address",
            "red_izo",
            "ico",
            "kind",
            "stage",
            "stage_label",
            "stage_changed_at",
            "next_follow_up",
            "evaluation_cadence_days",
            "contract_signed_on",
            "contract_valid_from",
            "contract_valid_until",
            "version",
        ]


SCHOOL_DETAIL = PolymorphicProxySerializer(
    component_name="SchoolDetail",
    serializers={access.SCHOOL_SERVICE: SchoolSerializer, access.SCHOOL_OWN: SchoolOwnSerializer},
    resource_type_field_name="view_level",
)


class SchoolList(ApiView):
    capability = staticmethod(access.can_open_schools)
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.schools_list(
            self.membership, q=params.get("q"), stage=params.get("stage"), kind=params.get("kind")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description=_("Search by name, RED IZO or IČO.")),
            OpenApiParameter("stage", str, description=_("Only schools in this stage of the partnership.")),
            OpenApiParameter("kind", str, description=_("Only schools of this type.")),
        ],
        responses={200: SchoolListSerializer(many=True), **READ_ERRORS},
        summary=_("Schools"),
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SchoolListSerializer(page, many=True).data)


class SchoolDetail(ApiView):
    capability = staticmethod(access.can_open_schools)

    def load(self, pk):
        self.school = access.fetch_school(self.request, pk)

    @extend_schema(responses={200: SCHOOL_DETAIL, **READ_ERRORS}, summary=_("A school"))
    def get(self, request, pk):
        serializer = SchoolSerializer if self.school.view_level == access.SCHOOL_SERVICE else SchoolOwnSerializer
        return with_etag(Response(serializer(self.school).data), self.school)


class PipelineSchoolSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    next_follow_up = serializers.DateField(allow_null=True)
    follow_up_overdue = serializers.BooleanField()
    evaluation_overdue = serializers.BooleanField()
    targets = serializers.SerializerMethodField()

    def get_targets(self, school) -> list[str]:
        return [value for value, _label in school.targets]


class PipelineColumnSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    schools = PipelineSchoolSerializer(many=True)


class Pipeline(ApiView):
    capability = staticmethod(access.can_work_with_schools)
    pagination_class = None

    @extend_schema(
        responses={200: PipelineColumnSerializer(many=True), **READ_ERRORS},
        summary=_("The partnership pipeline"),
        description=_("The schools by stage of the partnership, with the steps each may take next."),
    )
    def get(self, request):
        columns = [
            {"stage": stage, "label": str(label), "schools": schools}
            for stage, label, schools in selectors.board(self.membership)
        ]
        return Response(PipelineColumnSerializer(columns, many=True).data)


TransitionInput = form_shape(school_forms.TransitionForm, "SchoolTransitionInput", exclude=("contract_file",))


class SchoolTransition(ApiView):
    """Move a school in the pipeline (§2): the coordinator, as on the board of the web app."""

    capability = staticmethod(access.can_move_pipeline)

    def load(self, pk):
        self.school = access.fetch_school(self.request, pk, service_only=True)

    @extend_schema(
        request=TransitionInput,
        parameters=[IF_MATCH],
        responses={200: SchoolSerializer, **WRITE_ERRORS},
        summary=_("Move a school in the pipeline"),
        description=_(
            "A step the pipeline allows from the school's stage; a refused step answers 400 with its reason."
        ),
    )
    def post(self, request, pk):
        if request.headers.get("If-Match") and if_match_version(request, self.school) != self.school.version:
            raise problems.PreconditionFailed()
        form = school_forms.TransitionForm(body(request), school=self.school)
        data = validated(form)
        data.pop("contract_file", None)
        school_services.school_transition(school=self.school, by=self.membership, request=request, **data)
        school = access.fetch_school(request, pk, service_only=True)
        return with_etag(Response(SchoolSerializer(school).data), school)


urlpatterns = [
    path("schools/<int:pk>/transitions/", SchoolTransition.as_view(), name="school_transition"),
    path("schools/", SchoolList.as_view(), name="schools"),
    path("schools/pipeline/", Pipeline.as_view(), name="pipeline"),
    path("schools/<int:pk>/", SchoolDetail.as_view(), name="school"),
]
