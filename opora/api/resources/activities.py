"""The activity record of a case (meetings, calls, home visits…). Restricted (sensitive) notes
are never handed out through the API (opora.access.can_read_note_through_api)."""

from rest_framework import serializers

from opora import access
from opora.api.resources.base import case_records
from opora.cases import forms, selectors, services
from opora.cases.models import Activity


class ActivitySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    note = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "case",
            "kind",
            "kind_label",
            "occurred_on",
            "duration_minutes",
            "participants",
            "attendance",
            "restricted",
            "note",
            "created_at",
            "version",
        ]

    def get_note(self, activity) -> str | None:
        membership = self.context["request"]._request.membership
        return activity.note if access.can_read_note_through_api(membership, activity) else None


urlpatterns = case_records(
    "activities",
    Activity,
    ActivitySerializer,
    forms.ActivityForm,
    services.activity_save,
    lambda case, request: selectors.activities_visible_to(request._request.membership, case).order_by("-id"),
    form_takes_case=False,
)
