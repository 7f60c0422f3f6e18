"""Measured progress of the plan (issue 10): each goal of a case with its indicators, their
observations and trend; a read-write token of the case team records an observation through
the progress services (validated by the web app's observation form)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from opora import access
from opora.api.resources.base import (
    IDEMPOTENCY,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiView,
    body,
    form_shape,
    idempotent_create,
    validated,
)
from opora.progress import forms, selectors, services
from opora.progress.models import Indicator, Observation


class ObservationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Observation
        fields = ["id", "indicator", "observed_on", "value", "note", "recorded_by", "created_at"]


class TrendSerializer(serializers.Serializer):
    first = serializers.IntegerField(allow_null=True)
    latest = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
    direction = serializers.CharField()
    met = serializers.BooleanField()


class IndicatorSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "goal",
            "name",
            "kind",
            "kind_label",
            "scale_min",
            "scale_max",
            "target",
            "return_condition",
            "version",
        ]


class IndicatorRowSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    observations = ObservationSerializer(many=True)
    trend = TrendSerializer()


class GoalIndicatorsSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goal.pk")
    title = serializers.CharField(source="goal.title")
    status = serializers.CharField(source="goal.status")
    indicators = IndicatorRowSerializer(many=True, source="rows")


class CaseIndicators(ApiView):
    """The case team only (404 for anyone else), as the indicators tab of the case."""

    capability = staticmethod(access.can_work_on_cases)
    pagination_class = None

    def load(self, pk):
        self.case = access.fetch_case(self.request, pk, section="api:indicators")

    @extend_schema(
        responses={200: GoalIndicatorsSerializer(many=True), **READ_ERRORS},
        summary=_("Goals with their indicators"),
        description=_("Each goal of the case with its measured indicators, their observations and trend."),
    )
    def get(self, request, pk):
        return Response(GoalIndicatorsSerializer(selectors.goals_with_indicators(self.case), many=True).data)


ObservationInput = form_shape(forms.ObservationForm, "ObservationInput")


class IndicatorObservations(ApiView):
    capability = staticmethod(access.can_work_on_cases)

    def load(self, pk):
        self.indicator = access.fetch_case_item(
            self.request, selectors.INDICATORS, pk, edit=True, action="progress.indicator_view"
        )

    @extend_schema(
        request=ObservationInput,
        parameters=[IDEMPOTENCY],
        responses={201: ObservationSerializer, **WRITE_ERRORS},
        summary=_("Record an observation"),
        description=_("A value of the indicator on a day (yes/no as 1/0, a scale within its range)."),
    )
    def post(self, request, pk):
        def create():
            data = validated(forms.ObservationForm(body(request), indicator=self.indicator))
            return services.observation_record(indicator=self.indicator, by=self.membership, request=request, **data)

        return idempotent_create(request, create, lambda obj: Response(ObservationSerializer(obj).data, status=201))


urlpatterns = [
    path("cases/<int:pk>/indicators/", CaseIndicators.as_view(), name="case_indicators"),
    path("indicators/<int:pk>/observations/", IndicatorObservations.as_view(), name="indicator_observations"),
]
