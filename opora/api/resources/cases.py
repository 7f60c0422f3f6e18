"""Cases: the list with the web app's filters, a referral (create), the detail at the caller's
access level, and the student of a case."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from opora import access
from opora.api.resources.base import (
    IDEMPOTENCY,
    IF_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiView,
    body,
    form_shape,
    idempotent_create,
    update_form,
    validated,
    with_etag,
)
from opora.cases import forms, selectors, services
from opora.cases.models import Case


class StudentNameSerializer(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    school_class = serializers.CharField()


class CaseListSerializer(serializers.ModelSerializer):
    student = StudentNameSerializer(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Case
        fields = ["id", "number", "state", "state_label", "opened_at", "closed_at", "school", "student"]


class StudentSerializer(serializers.ModelSerializer):
    class Meta:
        from opora.cases.models import Student

        model = Student
        fields = [
            "id",
            "first_name",
            "last_name",
            "date_of_birth",
            "school",
            "school_class",
            "phone",
            "email",
            "address",
            "version",
        ]


class ReferralSerializer(serializers.Serializer):
    referred_on = serializers.DateField()
    referred_by_name = serializers.CharField()
    school_view = serializers.CharField()
    consent_to_pass_contacts = serializers.BooleanField()


class CaseTeamSerializer(serializers.ModelSerializer):
    """The case team's view of a case."""

    # One fixed value per view, so that a response matches exactly one schema of CaseDetail.
    access_level = serializers.ChoiceField(choices=[access.CASE_TEAM], read_only=True)
    student = StudentSerializer(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    referral = ReferralSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "access_level",
            "number",
            "state",
            "state_label",
            "opened_at",
            "closed_at",
            "school",
            "lead",
            "referrer_kind",
            "voluntary",
            "model",
            "parent_contact_running",
            "parent_contact_offered_on",
            "school_report_every_days",
            "last_school_report_on",
            "last_contact_on",
            "closure_reason",
            "closure_summary",
            "student",
            "referral",
            "version",
        ]


class SchoolReferralSerializer(serializers.Serializer):
    referred_on = serializers.DateField()
    school_view = serializers.CharField()


class CaseSchoolSerializer(serializers.ModelSerializer):
    """What the staff of the referring school see: the school view only."""

    access_level = serializers.ChoiceField(choices=[access.CASE_SCHOOL], read_only=True)
    student = StudentNameSerializer(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    referral = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "access_level",
            "number",
            "state",
            "state_label",
            "opened_at",
            "closed_at",
            "school",
            "student",
            "referral",
        ]

    def get_referral(self, case) -> SchoolReferralSerializer(allow_null=True):
        # The school reads back its own referral only (as on the web page).
        referral = getattr(case, "referral", None) if access.referred_by_school(case) else None
        return SchoolReferralSerializer(referral).data if referral is not None else None


CASE_DETAIL = PolymorphicProxySerializer(
    component_name="CaseDetail",
    serializers={access.CASE_TEAM: CaseTeamSerializer, access.CASE_SCHOOL: CaseSchoolSerializer},
    resource_type_field_name="access_level",
)

ReferralInput = form_shape(forms.ReferralForm, "ReferralInput")
StudentInput = form_shape(forms.StudentForm, "StudentInput")

DETAIL_QS = Case.objects.select_related("student", "school", "lead__user", "referral")  # organisation: fetch_case

FILTERS = [
    OpenApiParameter("q", str, description=_("Search by the student's name or the case number.")),
    OpenApiParameter("state", str, description=_('A state, or "open" for every open case.')),
    OpenApiParameter("school", int, description=_("Cases of this school.")),
    OpenApiParameter("overdue", bool, description=_("Only cases with overdue tasks.")),
    OpenApiParameter("no_contact", int, description=_("Only open cases without contact for this many days.")),
    OpenApiParameter("lead", int, description=_("Cases led by this membership.")),
]


def case_response(request, case, status=200):
    serializer = CaseTeamSerializer if case.access_level == access.CASE_TEAM else CaseSchoolSerializer
    return with_etag(Response(serializer(case).data, status=status), case)


class CaseList(ApiView):
    capability = staticmethod(access.can_open_cases)
    serializer_class = CaseListSerializer
    ordering_fields = ["opened_at", "id"]
    ordering = ["-opened_at", "-id"]

    def get_queryset(self):
        # An invalid filter is a 400, never a silently wider list.
        params = {k: v for k, v in self.request.query_params.dict().items() if k not in ("cursor", "ordering")}
        filters = validated(forms.CaseFilterForm(params, membership=self.membership))
        lead = self.request.query_params.get("lead", "")
        if lead and not (lead.isdigit() and int(lead) < 2**31):
            raise ValidationError({"lead": [_("Enter a whole number.")]})
        return selectors.case_list(
            self.membership,
            state=filters.get("state") or "",
            school=filters.get("school") or "",
            overdue=bool(filters.get("overdue")),
            no_contact_days=filters.get("no_contact"),
            q=(filters.get("q") or "").strip(),
            lead=lead or None,
        )

    @extend_schema(
        parameters=FILTERS,
        responses={200: CaseListSerializer(many=True), **READ_ERRORS},
        summary=_("Cases"),
        description=_("The cases you may open, filtered as in the case list of the web app."),
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    @extend_schema(
        request=ReferralInput,
        parameters=[IDEMPOTENCY],
        responses={201: CASE_DETAIL, **WRITE_ERRORS},
        summary=_("Refer a student"),
        description=_("Records a referral: a new student and a case, as the referral form of the web app does."),
    )
    def post(self, request):
        membership = self.membership
        if not access.can_refer(membership):
            raise PermissionDenied

        def create():
            form = forms.ReferralForm(body(request), membership=membership)
            data = validated(form)
            if not access.can_refer(membership, data["school"]):
                raise PermissionDenied
            return services.referral_receive(
                data=data, student_data=form.student_data(), by=membership, request=request
            )

        def respond(case):
            case = access.fetch_case(request, case.pk, section="api", team_only=False, queryset=DETAIL_QS)
            return case_response(request, case, status=201)

        return idempotent_create(request, create, respond)


class CaseDetail(ApiView):
    capability = staticmethod(access.can_open_cases)

    def load(self, pk):
        self.case = access.fetch_case(self.request, pk, section="api", team_only=False, queryset=DETAIL_QS)

    @extend_schema(
        responses={200: CASE_DETAIL, **READ_ERRORS},
        summary=_("A case"),
        description=_(
            "The case at your access level: the whole case for its team, the school view for the referring school."
        ),
    )
    def get(self, request, pk):
        return case_response(request, self.case)


class CaseStudent(ApiView):
    capability = staticmethod(access.can_work_on_cases)

    def load(self, pk):
        edit = self.request.method not in ("GET", "HEAD", "OPTIONS")
        fetch = access.fetch_case_for_edit if edit else access.fetch_case
        self.case = fetch(self.request, pk, section="api:student", queryset=DETAIL_QS)

    @extend_schema(responses={200: StudentSerializer, **READ_ERRORS}, summary=_("The student of a case"))
    def get(self, request, pk):
        return with_etag(Response(StudentSerializer(self.case.student).data), self.case.student)

    @extend_schema(
        request=StudentInput,
        parameters=[IF_MATCH],
        responses={200: StudentSerializer, **WRITE_ERRORS},
        summary=_("Change the student of a case"),
    )
    def patch(self, request, pk):
        student = self.case.student
        data = validated(update_form(request, forms.StudentForm, student))
        student = services.student_update(case=self.case, data=data, by=self.membership, request=request)
        return with_etag(Response(StudentSerializer(student).data), student)


urlpatterns = [
    path("cases/", CaseList.as_view(), name="cases"),
    path("cases/<int:pk>/", CaseDetail.as_view(), name="case"),
    path("cases/<int:pk>/student/", CaseStudent.as_view(), name="case_student"),
]
