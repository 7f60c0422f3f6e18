"""The network directory: institutions and services of the locality."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from opora import access
from opora.api.resources.base import READ_ERRORS, ApiView, with_etag
from opora.network import selectors
from opora.network.models import Institution


class InstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = [
            "id",
            "name",
            "category",
            "kind",
            "description",
            "needs",
            "address",
            "phone",
            "email",
            "web",
            "contact_person",
            "capacity",
            "last_verified",
            "version",
        ]


class InstitutionList(ApiView):
    capability = staticmethod(access.can_use_directory)
    serializer_class = InstitutionSerializer
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.institutions_for(
            self.membership, q=params.get("q"), category=params.get("category"), need=params.get("need")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description=_("Search by name, services, address or contact person.")),
            OpenApiParameter("category", str, description=_("Only institutions of this category.")),
            OpenApiParameter("need", str, description=_("Only institutions covering this area of need.")),
        ],
        responses={200: InstitutionSerializer(many=True), **READ_ERRORS},
        summary=_("The network directory"),
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(InstitutionSerializer(page, many=True).data)


class InstitutionDetail(ApiView):
    capability = staticmethod(access.can_use_directory)

    def load(self, pk):
        self.institution = access.fetch_institution(self.request, pk)

    @extend_schema(responses={200: InstitutionSerializer, **READ_ERRORS}, summary=_("An institution"))
    def get(self, request, pk):
        return with_etag(Response(InstitutionSerializer(self.institution).data), self.institution)


urlpatterns = [
    path("institutions/", InstitutionList.as_view(), name="institutions"),
    path("institutions/<int:pk>/", InstitutionDetail.as_view(), name="institution"),
]
