"""Attendance (issue 12): a case's months for its team, and the bulk push of a school's
information system — the same checks, matching of the students and all-or-nothing import as
the web app's file import (`opora.outcomes.services.attendance_rows_import`)."""

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from opora import access
from opora.api import problems
from opora.api.resources.base import (
    IDEMPOTENCY,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiView,
    ProblemSerializer,
    body,
    idempotent_create,
)
from opora.outcomes import selectors, services
from opora.outcomes.models import AttendanceMonth


class AttendanceMonthSerializer(serializers.ModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = AttendanceMonth
        fields = ["month", "excused_hours", "unexcused_hours", "source", "source_label", "updated_at"]


class CaseAttendance(ApiView):
    """The case team only (404 for anyone else), as the outcomes tab of the case."""

    capability = staticmethod(access.can_work_on_cases)
    pagination_class = None

    def load(self, pk):
        self.case = access.fetch_case(self.request, pk, section="api:attendance")

    @extend_schema(
        responses={200: AttendanceMonthSerializer(many=True), **READ_ERRORS},
        summary=_("The attendance of a case's student"),
        description=_("The student's last twelve months of missed hours, oldest first."),
    )
    def get(self, request, pk):
        return Response(AttendanceMonthSerializer(selectors.attendance_of(self.case), many=True).data)


class AttendanceRowInput(serializers.Serializer):
    name = serializers.CharField(required=False, help_text=_("The student's full name (or first and last name)."))
    first_name = serializers.CharField(required=False)
    last_name = serializers.CharField(required=False)
    birth_date = serializers.CharField(help_text=_("The date of birth, e.g. 2012-03-14 or 14.3.2012."))
    school = serializers.CharField(help_text=_("The name of the school, as in the service's records."))
    period = serializers.CharField(help_text=_("The month, e.g. 2026-09 or 9/2026."))
    excused = serializers.IntegerField(min_value=0, help_text=_("Excused hours."))
    unexcused = serializers.IntegerField(min_value=0, help_text=_("Unexcused hours."))


class AttendanceBatchInput(serializers.Serializer):
    rows = AttendanceRowInput(many=True, help_text=_("At most 5000 rows."))


class AttendanceResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The import's number."))
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("The row's position in the batch, from 1."))
    errors = serializers.ListField(child=serializers.CharField())


class RowsProblemSerializer(ProblemSerializer):
    rows = RowErrorSerializer(many=True)


def _rows(request) -> list:
    rows = body(request).get("rows")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ValidationError({"rows": [_("Send the rows as a list of objects.")]})
    return rows


class AttendancePush(ApiView):
    capability = staticmethod(access.can_import_attendance)

    @extend_schema(
        request=AttendanceBatchInput,
        parameters=[IDEMPOTENCY],
        responses={
            200: AttendanceResultSerializer,
            **WRITE_ERRORS,
            (422, problems.PROBLEM): OpenApiResponse(
                RowsProblemSerializer, description=_("Nothing was imported: the rows with their errors.")
            ),
        },
        summary=_("Push attendance"),
        description=_(
            "Months of attendance of your students, matched by name, date of birth and school as in the "
            "file import of the web app. All rows or none: any row with an error refuses the batch (422 "
            "with the errors of each row). Rows already stored with the same hours are left alone, so "
            "sending the same batch again changes nothing."
        ),
    )
    def post(self, request):
        def create():
            return services.attendance_rows_import(rows=_rows(request), by=self.membership, request=request)

        def respond(imp):
            return Response({"id": imp.pk, **{k: imp.result.get(k, 0) for k in ("new", "changed", "unchanged")}})

        try:
            return idempotent_create(request, create, respond)
        except services.RowsRefused as exc:
            response = problems.problem(422, exc.messages[0], request=request)
            response.data["rows"] = [{"row": row["line"], "errors": row["errors"]} for row in exc.rows]
            return response


urlpatterns = [
    path("cases/<int:pk>/attendance/", CaseAttendance.as_view(), name="case_attendance"),
    path("attendance/", AttendancePush.as_view(), name="attendance"),
]
