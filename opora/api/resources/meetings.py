"""Meetings (case conferences, case meetings, educational commissions) and their `.ics`."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from opora import access
from opora.api import selectors as api_selectors
from opora.api.resources.base import READ_ERRORS, AnyAccept, ApiView, with_etag
from opora.core.files import download_response
from opora.meetings import documents
from opora.meetings.models import Meeting


class MeetingSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    end = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "case",
            "kind",
            "kind_label",
            "series_position",
            "purpose",
            "place",
            "start",
            "end",
            "duration_minutes",
            "status",
            "minutes_state",
            "finalised_at",
            "version",
        ]


class MeetingList(ApiView):
    capability = staticmethod(access.can_open_meetings)
    serializer_class = MeetingSerializer
    ordering_fields = ["start", "id"]
    ordering = ["-start", "-id"]

    def get_queryset(self):
        return api_selectors.meetings_for(self.membership)

    @extend_schema(
        responses={200: MeetingSerializer(many=True), **READ_ERRORS},
        summary=_("Meetings"),
        description=_(
            "The meetings you may open: of your cases, those you facilitate, those whose minutes you may read."
        ),
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)


class MeetingDetail(ApiView):
    capability = staticmethod(access.can_open_meetings)

    def load(self, pk):
        self.meeting = access.fetch_meeting(self.request, pk, section="api:meeting")

    @extend_schema(responses={200: MeetingSerializer, **READ_ERRORS}, summary=_("A meeting"))
    def get(self, request, pk):
        return with_etag(Response(MeetingSerializer(self.meeting).data), self.meeting)


class MeetingIcs(ApiView):
    """The invitation as an iCalendar event — for who prepares the meeting (as in the web app)."""

    capability = staticmethod(access.can_open_meetings)
    content_negotiation_class = AnyAccept

    def load(self, pk):
        self.meeting = access.fetch_meeting(self.request, pk, edit=True, section="api:ics")
        if not access.can_run_meetings(self.membership):
            raise PermissionDenied

    @extend_schema(
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY), **READ_ERRORS},
        summary=_("A meeting as iCalendar"),
    )
    def get(self, request, pk):
        return download_response(
            documents.invitation_ics(self.meeting),
            filename=documents.ics_filename(self.meeting),
            content_type="text/calendar",
        )


urlpatterns = [
    path("meetings/", MeetingList.as_view(), name="meetings"),
    path("meetings/<int:pk>/", MeetingDetail.as_view(), name="meeting"),
    path("meetings/<int:pk>/ics/", MeetingIcs.as_view(), name="meeting_ics"),
]
