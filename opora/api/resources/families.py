"""Families (issue 10): the families the caller may see, with their adults, their children and
where each child lives now, and the family's cases the caller may open as the case team."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from opora import access
from opora.api.resources.base import READ_ERRORS, ApiView, with_etag
from opora.families import selectors
from opora.families.models import Family, FamilyAdult, FamilyChild


class FamilyListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Family
        fields = ["id", "name", "address", "created_at", "version"]


class FamilyAdultSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = FamilyAdult
        fields = [
            "id",
            "name",
            "role",
            "role_label",
            "relation",
            "legal_guardian",
            "phone",
            "email",
            "address",
            "note",
            "version",
        ]


class FamilyChildSerializer(serializers.ModelSerializer):
    residence_label = serializers.CharField(source="get_residence_display", read_only=True)
    place = serializers.CharField(read_only=True)
    in_institutional_care = serializers.BooleanField(read_only=True)

    class Meta:
        model = FamilyChild
        fields = [
            "id",
            "first_name",
            "last_name",
            "date_of_birth",
            "residence",
            "residence_label",
            "residence_since",
            "place",
            "institution",
            "in_institutional_care",
            "school",
            "school_name",
            "student",
            "note",
            "version",
        ]


class FamilyCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    state = serializers.CharField()
    student = serializers.IntegerField(source="student_id")


class FamilySerializer(FamilyListSerializer):
    adults = FamilyAdultSerializer(many=True)
    children = FamilyChildSerializer(many=True)
    cases = FamilyCaseSerializer(many=True)

    class Meta(FamilyListSerializer.Meta):
        fields = ["id", "name", "address", "note", "created_at", "adults", "children", "cases", "version"]


class FamilyList(ApiView):
    capability = staticmethod(access.can_open_families)
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return access.families_for(self.membership)

    @extend_schema(
        responses={200: FamilyListSerializer(many=True), **READ_ERRORS},
        summary=_("Families"),
        description=_("The families you may see: of the cases whose team you are on (all for a coordinator)."),
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(FamilyListSerializer(page, many=True).data)


class FamilyDetail(ApiView):
    capability = staticmethod(access.can_open_families)

    def load(self, pk):
        self.family = access.fetch_family(self.request, pk, section="api")

    @extend_schema(
        responses={200: FamilySerializer, **READ_ERRORS},
        summary=_("A family"),
        description=_("The family with its adults, its children (where each lives now) and its cases you may open."),
    )
    def get(self, request, pk):
        page = selectors.family_page(self.membership, self.family)
        data = {**FamilyListSerializer(self.family).data, "note": self.family.note}
        data.update(
            adults=FamilyAdultSerializer(page["adults"], many=True).data,
            children=FamilyChildSerializer(page["children"], many=True).data,
            cases=FamilyCaseSerializer(page["cases"], many=True).data,
        )
        return with_etag(Response(data), self.family)


urlpatterns = [
    path("families/", FamilyList.as_view(), name="families"),
    path("families/<int:pk>/", FamilyDetail.as_view(), name="family"),
]
