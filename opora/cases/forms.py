import html

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from opora import access
from opora.accounts.models import Membership
from opora.cases.models import (
    Activity,
    Assessment,
    Case,
    ClosePerson,
    ClosureReason,
    Goal,
    IntakeCheck,
    NetworkActor,
    ReferrerKind,
    Request,
    Student,
    Task,
)
from opora.cases.workflow import State
from opora.core.concurrency import VersionedFormMixin
from opora.core.files import PrivateFileField
from opora.core.forms import DateInput
from opora.core.orm import CompiledQuery
from opora.network.models import Institution
from opora.schools.models import School

DATE = DateInput()


def _leads(organisation):
    return access.possible_leads(organisation).select_related("user").order_by("user__full_name")


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.email


# The fields of a referral that fit each kind of referrer; the form keeps only those of the
# kind chosen (the others are cleared), so an OSPOD referral never carries a "school's view".
SCHOOL_FIELDS = ("referred_by_name", "school_view", "consent_to_pass_contacts")
INSTITUTION_FIELDS = ("institution", "institution_name", "worker", "file_reference", "asks_for")
FAMILY_FIELDS = ("who_came", "what_they_want")
INSTITUTION_KINDS = (
    ReferrerKind.OSPOD,
    ReferrerKind.COURT,
    ReferrerKind.HEALTH_CARE,
    ReferrerKind.SERVICE,
    ReferrerKind.OTHER,
)


class ReferralForm(forms.Form):
    referrer_kind = forms.ChoiceField(
        label=_("Who asks for the service"), choices=ReferrerKind.choices, initial=ReferrerKind.SCHOOL, required=False
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        help_text=_("Required when the school refers; otherwise the school the child attends, if any."),
    )
    school_class = forms.CharField(label=_("Class"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone of the student or parent"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail of the student or parent"), required=False)
    referred_on = forms.DateField(label=_("Referred on"), widget=DATE)
    # A school's referral.
    referred_by_name = forms.CharField(label=_("Who at the school refers the student"), max_length=200, required=False)
    school_view = forms.CharField(label=_("The school's view of the situation"), widget=forms.Textarea, required=False)
    consent_to_pass_contacts = forms.BooleanField(
        label=_("The school has the family's consent to pass the contacts on"), required=False
    )
    # A referral by OSPOD, a court, health care or another service.
    institution = forms.ModelChoiceField(
        label=_("The referring institution from the directory"), queryset=Institution.objects.none(), required=False
    )
    institution_name = forms.CharField(
        label=_("The referring institution (when not in the directory)"), max_length=200, required=False
    )
    worker = forms.CharField(
        label=_("The worker who refers (for OSPOD the social worker)"), max_length=200, required=False
    )
    file_reference = forms.CharField(label=_("File reference of the institution"), max_length=100, required=False)
    asks_for = forms.CharField(
        label=_("What the institution asks for"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    # The family or the client themselves.
    who_came = forms.CharField(label=_("Who of the family came"), max_length=200, required=False)
    what_they_want = forms.CharField(
        label=_("What they want"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lead = MembershipChoiceField(label=_("Lead case manager"), queryset=Membership.objects.none())

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        org = membership.organisation
        if access.refers_as_school(membership):
            self.fields["school"].queryset = School.objects.filter(pk=membership.school_id)
            self.fields["school"].initial = membership.school_id
            self.fields["school"].required = True
            self.fields["school"].help_text = ""
            for name in ("lead", "referrer_kind", *INSTITUTION_FIELDS, *FAMILY_FIELDS):
                del self.fields[name]
        else:
            self.fields["school"].queryset = School.objects.filter(organisation=org).order_by("name")
            self.fields["institution"].queryset = access.institutions_for(membership).order_by("name")
            self.fields["lead"].queryset = _leads(org)
            if access.has_own_caseload(membership):
                self.fields["lead"].initial = membership.pk

    def fieldsets(self):
        """The form in groups: the child, then the fields of each kind of referrer."""
        groups = [
            ("", [n for n in self.fields if n not in (*SCHOOL_FIELDS, *INSTITUTION_FIELDS, *FAMILY_FIELDS)]),
            ("school", [n for n in SCHOOL_FIELDS if n in self.fields]),
            ("institution", [n for n in INSTITUTION_FIELDS if n in self.fields]),
            ("family", [n for n in FAMILY_FIELDS if n in self.fields]),
        ]
        return [(kind, [self[n] for n in names]) for kind, names in groups if names]

    def clean(self):
        d = super().clean()
        kind = d.get("referrer_kind") or ReferrerKind.SCHOOL
        d["referrer_kind"] = kind
        if kind == ReferrerKind.SCHOOL and not d.get("school") and "school" not in self.errors:
            self.add_error("school", _("Choose the school that refers the student."))
        if kind in INSTITUTION_KINDS and "worker" in self.fields and not (d.get("worker") or "").strip():
            self.add_error("worker", _("Write the name of the worker who refers."))
        if kind == ReferrerKind.FAMILY and not (d.get("who_came") or "").strip():
            self.add_error("who_came", _("Write who of the family came."))
        # Only the fields that fit the referrer are kept.
        keep = {
            ReferrerKind.SCHOOL: SCHOOL_FIELDS,
            ReferrerKind.FAMILY: FAMILY_FIELDS,
        }.get(kind, INSTITUTION_FIELDS)
        for name in (*SCHOOL_FIELDS, *INSTITUTION_FIELDS, *FAMILY_FIELDS):
            if name not in keep and name in d:
                d[name] = self.fields[name].to_python(None) if name != "consent_to_pass_contacts" else False
        return d

    def referral_data(self) -> dict:
        """The referral's facts, the kind's own fields mapped onto the referral's columns."""
        d = self.cleaned_data
        kind = d["referrer_kind"]
        data = {"referrer_kind": kind, "referred_on": d["referred_on"], "school": d.get("school")}
        if kind == ReferrerKind.SCHOOL:
            data |= {k: d.get(k) or ("" if k != "consent_to_pass_contacts" else False) for k in SCHOOL_FIELDS}
        elif kind == ReferrerKind.FAMILY:
            data |= {"referred_by_name": d["who_came"], "asks_for": d["what_they_want"]}
        else:
            data |= {
                "referred_by_name": d.get("worker", ""),
                "institution": d.get("institution"),
                "institution_name": d.get("institution_name", ""),
                "file_reference": d.get("file_reference", ""),
                "asks_for": d.get("asks_for", ""),
            }
        if "lead" in d:
            data["lead"] = d["lead"]
        return data

    def student_data(self):
        d = self.cleaned_data
        return {k: d[k] for k in ("first_name", "last_name", "date_of_birth", "school_class", "phone", "email")}


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    closure_reason = forms.ChoiceField(label=_("Reason for closing"), choices=(), required=False)
    summary = forms.CharField(label=_("Closing summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition.closes:
            labels = dict(ClosureReason.choices)
            self.fields["closure_reason"].choices = [("", "—")] + [(r, labels[r]) for r in transition.closure_reasons]
            self.fields["closure_reason"].required = True
            self.fields["summary"].required = True
            del self.fields["reason"]
        else:
            del self.fields["closure_reason"]
            del self.fields["summary"]
            self.fields["reason"].required = transition.reason_required


class CaseTracksForm(VersionedFormMixin, forms.ModelForm):
    lead = MembershipChoiceField(label=_("Lead case manager"), queryset=Membership.objects.none())

    class Meta:
        model = Case
        fields = [
            "lead",
            "voluntary",
            "model",
            "parent_contact_running",
            "parent_contact_offered_on",
            "school_report_every_days",
            "last_school_report_on",
            "close_persons_feedback",
        ]
        widgets = {"parent_contact_offered_on": DATE, "last_school_report_on": DATE}

    team = forms.ModelMultipleChoiceField(
        label=_("Other case managers of the case team"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, can_change_lead=False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_change_lead:
            managers = _leads(self.instance.organisation)
            self.fields["lead"].queryset = managers
            self.fields["team"].queryset = managers
            self.fields["team"].label_from_instance = lambda m: m.user.full_name or m.user.email
            self.fields["team"].initial = list(self.instance.team.values_list("pk", flat=True))
        else:
            del self.fields["lead"]
            del self.fields["team"]


class StudentForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Student
        fields = ["first_name", "last_name", "date_of_birth", "school_class", "phone", "email", "address"]
        widgets = {"date_of_birth": DATE}


class ClosePersonForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ClosePerson
        fields = ["name", "relation", "legal_guardian", "takes_part", "phone", "email", "address", "note"]


class RequestForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Request
        fields = ["title", "description", "opened_on", "status"]
        widgets = {"opened_on": DATE}


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            "needs",
            "wishes",
            "strengths",
            "natural_resources",
            "risk_factors",
            "protective_factors",
        ]
        widgets = {"assessed_on": DATE}


class GoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "indicator", "request", "status", "review_on"]
        widgets = {"review_on": DATE}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = Request.objects.filter(case=case)


class TaskForm(VersionedFormMixin, forms.ModelForm):
    responsible_membership = MembershipChoiceField(
        label=_("Responsible user"), queryset=Membership.objects.none(), required=False
    )

    class Meta:
        model = Task
        fields = [
            "title",
            "responsible_membership",
            "responsible_actor",
            "responsible_label",
            "due_date",
            "status",
            "note",
        ]
        widgets = {"due_date": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"responsible_label": _("E.g. the mother, the student, the school — when not a user or an actor.")}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_membership"].queryset = (
            access.possible_team_members(case.organisation).select_related("user").order_by("user__full_name")
        )
        self.fields["responsible_actor"].queryset = NetworkActor.objects.filter(case=case)


class ActorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NetworkActor
        fields = [
            "institution",
            "name",
            "contact_person",
            "role",
            "support",
            "support_kind",
            "for_person",
            "for_child",
            "frequency",
            "since",
            "until",
            "email",
            "phone",
            "informed_of_case_management",
        ]
        widgets = {"since": DATE, "until": DATE}
        help_texts = {"name": _("Filled from the directory when left empty.")}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from opora.network.models import Institution

        self.fields["institution"].queryset = Institution.objects.filter(organisation_id=case.organisation_id)
        self.fields["name"].required = False
        self.fields["for_person"].queryset = ClosePerson.objects.filter(student_id=case.student_id)
        self.fields["for_person"].empty_label = _("The student of the case")
        if case.family_id:
            from opora.families.models import FamilyChild

            # The student of the case is "the student of the case" (for_person empty), not a sibling.
            children = FamilyChild.objects.filter(family_id=case.family_id).exclude(student_id=case.student_id)
            self.fields["for_child"].queryset = children
            self.fields["for_child"].empty_label = _("Nobody else of the family")
        else:
            del self.fields["for_child"]

    def clean(self):
        data = super().clean()
        if not data.get("institution") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose an institution from the directory or write its name."))
        return data


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "occurred_on", "duration_minutes", "participants", "attendance", "note", "restricted"]
        widgets = {"occurred_on": DATE}


class QuickActivityForm(forms.Form):
    """Two-click recording from the case list or the case header: the kind preselected (a
    phone call), today's date, the text."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices, initial=Activity.Kind.CALL)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


def quick_record_context() -> dict:
    """What the quick-record form of each row needs (the kinds, today)."""
    return {"quick_kinds": Activity.Kind.choices, "quick_today": timezone.localdate()}


class IntakeCheckForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = IntakeCheck
        fields = [
            "several_institutions",
            "long_term_complex_need",
            "client_willing",
            "realistic_goal",
            "acute_crisis",
            "consent_refused",
            "override_reason",
        ]
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 2})}


class AttachmentForm(forms.Form):
    file = PrivateFileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class PlainSelect(forms.Select):
    """A select rendered in Python. Django renders every option through a template: a long list
    of schools took several milliseconds of each case list."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for v, label in self.choices:
            v = str(v)
            # Escaped as django.utils.html.escape / conditional_escape do, without their lazy
            # wrappers (hundreds of calls for a long list of schools).
            label = label.__html__() if hasattr(label, "__html__") else html.escape(str(label))
            options.append(f'<option value="{html.escape(v)}"{" selected" if v in chosen else ""}>{label}</option>')
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))  # noqa: S308 - escaped above


def _schools_by_name(organisation):
    return School.objects.filter(organisation_id=organisation).order_by("name").values_list("id", "name")


# The options of the case list's school filter, on every list page: compiled once per connection.
_SCHOOL_NAMES = CompiledQuery(_schools_by_name, "organisation")


class _SchoolOptions(BaseChoiceIterator):
    """The empty choice and (id, name) of the organisation's schools, read when the select is
    rendered."""

    def __init__(self, organisation_id, empty_label):
        self.organisation_id, self.empty_label = organisation_id, empty_label

    def __iter__(self):
        yield ("", self.empty_label)
        yield from _SCHOOL_NAMES(organisation=self.organisation_id)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, widget=PlainSelect)
    # The organisation's schools by id: the options (and the check of a chosen one) are (id,
    # name) rows of a compiled query, read only when the select is rendered or a school chosen;
    # a school object was a queryset to build and copy for every list.
    school = forms.TypedChoiceField(label=_("School"), coerce=int, empty_value=None, required=False, widget=PlainSelect)
    overdue = forms.BooleanField(label=_("Overdue tasks"), required=False)
    no_contact = forms.IntegerField(label=_("No contact for (days)"), required=False, min_value=1, max_value=365)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        if access.is_school_member(membership):
            del self.fields["school"]
            del self.fields["overdue"]
            del self.fields["no_contact"]
        else:
            self.fields["school"].choices = _SchoolOptions(membership.organisation_id, "---------")
        self.fields["state"].choices = [("", _("All")), ("open", _("Open cases"))] + list(State.choices)

    def rendered_fields(self):
        """The fields as the case list shows them (``cases/_case_filters.html``), kept between
        requests by everything the HTML is made of: the language, the fields, the values asked
        for and the school options (read here, once). Rendering them through the widgets'
        templates was a tenth of the list's time. A form with errors is rendered afresh."""
        from django.template.loader import render_to_string
        from django.utils.translation import get_language

        if self.is_bound and self.errors:
            return render_to_string("cases/_case_filters.html", {"form": self})
        school, options = self.fields.get("school"), None
        if school is not None:
            options = tuple(map(tuple, school.widget.choices))
        data = tuple((name, tuple(self.data.getlist(name))) for name in self.fields) if self.is_bound else None
        key = (get_language(), tuple(self.fields), data, options)
        html_ = _RENDERED_FILTERS.get(key)
        if html_ is None:
            if school is not None:
                # The options read once, for the key and the HTML. Only here: the widget's
                # setter normalises every option again (a third of a millisecond per list).
                school.widget.choices = options
            html_ = render_to_string("cases/_case_filters.html", {"form": self})
            if len(_RENDERED_FILTERS) >= RENDERED_FILTERS_KEPT:
                _RENDERED_FILTERS.clear()
            _RENDERED_FILTERS[key] = html_
        return html_


# The case list's filter fields rendered so far (CaseFilterForm.rendered_fields), a bounded number.
_RENDERED_FILTERS: dict[tuple, str] = {}
RENDERED_FILTERS_KEPT = 256
