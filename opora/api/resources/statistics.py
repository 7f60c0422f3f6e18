"""Statistics (issue 12): the tables of the statistics page with its filters, computed by the
page's own function — for school staff k-anonymous exactly as on the page (no cell under
`access.STATISTICS_MIN_CELL`)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from opora import access
from opora.api.resources.base import READ_ERRORS, ApiView
from opora.cases.models import ReferrerKind
from opora.outcomes import selectors
from opora.outcomes.forms import statistics_filters


class StatisticsTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text=_("A label and the numbers of each column; a suppressed cell is null."),
    )
    totals = serializers.ListField(child=serializers.FloatField(allow_null=True), allow_null=True)
    suppressed = serializers.BooleanField(help_text=_("Cells under the threshold are hidden (null)."))


class StatisticsSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    school = serializers.IntegerField(allow_null=True)
    worker = serializers.IntegerField(allow_null=True)
    referrer = serializers.CharField(allow_blank=True)
    min_cell = serializers.IntegerField(allow_null=True, help_text=_("The smallest number shown, when it applies."))
    tables = StatisticsTableSerializer(many=True)


def _cell(value):
    return value if value is None or isinstance(value, (int, float)) else str(value)


def _table(table) -> dict:
    return {
        "key": table.key,
        "title": str(table.title),
        "note": str(table.note or ""),
        "headers": [str(h) for h in table.headers],
        "rows": [[_cell(v) for v in row] for row in table.rows],
        "totals": table.extra.get("totals"),
        "suppressed": table.suppressed,
    }


class Statistics(ApiView):
    capability = staticmethod(access.can_see_statistics)
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", str, description=_("The first day of the period (this year's by default).")),
            OpenApiParameter("date_to", str, description=_("The last day of the period.")),
            OpenApiParameter("school", int, description=_("Only this school (coordinators).")),
            OpenApiParameter("worker", int, description=_("Only this case manager's cases (coordinators).")),
            OpenApiParameter("referrer", str, enum=ReferrerKind.values, description=_("Only this referral source.")),
        ],
        responses={200: StatisticsSerializer, **READ_ERRORS},
        summary=_("Statistics"),
        description=_(
            "The tables of the statistics page with its filters. School staff get only cells of at least "
            "three students, as on the page."
        ),
    )
    def get(self, request):
        _form, filters = statistics_filters(self.membership, request.query_params)
        tables = selectors.statistics(self.membership, filters)
        k_anonymous = access.statistics_are_k_anonymous(self.membership)
        return Response(
            {
                "date_from": filters.date_from,
                "date_to": filters.date_to,
                "school": filters.school_id,
                "worker": filters.lead_id,
                "referrer": filters.referrer_kind,
                "min_cell": access.STATISTICS_MIN_CELL if k_anonymous else None,
                "tables": [_table(t) for t in tables],
            }
        )


urlpatterns = [path("statistics/", Statistics.as_view(), name="statistics")]
