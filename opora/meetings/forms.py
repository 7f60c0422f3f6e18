from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opora import access
from opora.accounts.models import Membership
from opora.core.concurrency import VersionedFormMixin
from opora.core.files import PrivateFileField
from opora.core.forms import DateInput
from opora.meetings.models import AgendaItem, Meeting, Participant

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = obj.job_title or obj.get_role_display()
        return f"{obj.user.full_name} ({title})"


def _members(organisation_id):
    return (
        Membership.objects.active()
        .filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("user__full_name")
    )


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    start = forms.DateTimeField(label=_("Start"), widget=DATETIME_WIDGET)
    use_template = forms.BooleanField(
        label=_("Prepare the agenda from the template for this kind of meeting"), required=False, initial=True
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "commission_size",
            "start",
            "duration_minutes",
            "place",
            "purpose",
            "convener",
            "convener_label",
            "facilitator",
            "minute_taker",
            "child_participation",
            "parents_informed",
            "room_arranged",
            "facilitator_arranged",
        ]

    def __init__(self, *args, case, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        conveners = access.possible_conveners(case.organisation).select_related("user").order_by("user__full_name")
        for name, members in (
            ("convener", conveners),
            ("facilitator", conveners),
            ("minute_taker", _members(case.organisation_id)),
        ):
            self.fields[name] = MemberChoiceField(
                queryset=members, required=False, label=Meeting._meta.get_field(name).verbose_name
            )
        self.fields["duration_minutes"].required = False
        self.fields["duration_minutes"].help_text = _("Leave empty for the default of the kind of meeting.")
        if creating:
            # Empty, as the hint says: the kind decides (a case conference 180, a school meeting 90…).
            self.fields["duration_minutes"].initial = None
        else:
            del self.fields["use_template"]

    def clean_duration_minutes(self):
        value = self.cleaned_data.get("duration_minutes")
        if value is not None and not 15 <= value <= 480:
            raise ValidationError(_("The planned duration must be between 15 and 480 minutes."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("kind") == "educational_commission" and not data.get("commission_size"):
            self.add_error("commission_size", _("Choose the size of the commission."))
        return data


class AgendaItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "minutes"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "agenda_%s")
        super().__init__(*args, **kwargs)

    def clean_minutes(self):
        value = self.cleaned_data["minutes"]
        if value < 1:
            raise ValidationError(_("Allot at least one minute."))
        return value


class MinutesItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["notes", "decisions"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "decisions": forms.Textarea(attrs={"rows": 2})}


class TaskForm(forms.Form):
    """Quick capture of a task of the cooperation plan during the meeting."""

    title = forms.CharField(label=_("Task"), max_length=300)
    responsible = forms.ChoiceField(label=_("Responsible"), required=False)
    responsible_label = forms.CharField(label=_("Responsible (other person)"), max_length=200, required=False)
    due_date = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False, label=_("Agenda item"))

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "task_%s")  # unique ids next to the agenda form on the meeting page
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        choices = [("", "—")]
        for p in meeting.participants.all():
            if p.membership_id:
                choices.append((f"m:{p.membership_id}", f"{p.name} ({p.institution})"))
            elif p.actor_id:
                choices.append((f"a:{p.actor_id}", f"{p.name} ({p.institution})"))
            else:
                choices.append((f"l:{p.pk}", f"{p.name} ({p.get_role_display()})"))
        self.fields["responsible"].choices = choices
        self.fields["agenda_item"].queryset = meeting.agenda.all()

    def clean(self):
        data = super().clean()
        value = data.get("responsible") or ""
        data["responsible_membership"] = data["responsible_actor"] = None
        label = (data.get("responsible_label") or "").strip()
        if value.startswith("m:"):
            data["responsible_membership"] = _members(self.meeting.case.organisation_id).filter(pk=value[2:]).first()
        elif value.startswith("a:"):
            data["responsible_actor"] = self.meeting.case.actors.filter(pk=value[2:]).first()
        elif value.startswith("l:"):
            participant = self.meeting.participants.filter(pk=value[2:]).first()
            label = label or (participant.name if participant else "")
        if not (data["responsible_membership"] or data["responsible_actor"] or label):
            self.add_error("responsible", _("Choose who is responsible, or type a name."))
        data["responsible_label"] = label
        return data


class ClosePersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.legal_guardian:
            return _("%(name)s (%(relation)s, legal guardian)") % {"name": obj.name, "relation": obj.relation}
        return f"{obj.name} ({obj.relation})"


class InstitutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class ParticipantForm(forms.Form):
    """Who the participant IS: exactly one fact the system knows. The role is a display label."""

    membership = MemberChoiceField(queryset=Membership.objects.none(), required=False, label=_("User of Opora"))
    actor = forms.ModelChoiceField(queryset=None, required=False, label=_("From the case's network"))
    is_student = forms.BooleanField(label=_("The student of the case"), required=False)
    close_person = ClosePersonChoiceField(queryset=None, required=False, label=_("Family or close person"))
    directory_institution = InstitutionChoiceField(
        queryset=None, required=False, label=_("Institution from the directory")
    )
    name = forms.CharField(
        label=_("Name shown (for an institution: the contact person)"), max_length=200, required=False
    )
    role = forms.ChoiceField(
        label=_("Role (shown in the minutes only)"), choices=Participant.Role.choices, initial=Participant.Role.OTHER
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        case = meeting.case
        self.fields["membership"].queryset = _members(case.organisation_id)
        self.fields["actor"].queryset = case.actors.all()
        from opora.cases.models import ClosePerson
        from opora.network.models import Institution

        self.fields["close_person"].queryset = ClosePerson.objects.filter(student_id=case.student_id)
        self.fields["directory_institution"].queryset = Institution.objects.filter(
            organisation_id=case.organisation_id
        ).order_by("name")

    def clean(self):
        data = super().clean()
        chosen = [
            data.get("membership") or data.get("actor"),
            data.get("is_student"),
            data.get("close_person"),
            data.get("directory_institution"),
        ]
        if sum(bool(c) for c in chosen) != 1:
            raise ValidationError(
                _(
                    "Choose who the participant is: a user of Opora, an actor of the case's network, the student, "
                    "a close person of the student or an institution of the directory — exactly one."
                )
            )
        return data


class SignatureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Signature"),
        choices=[
            (Participant.Signature.PAPER, _("Signed on paper (attach the scan)")),
            (Participant.Signature.REFUSED, _("Refused to sign")),
        ],
    )
    scan = PrivateFileField(label=_("Scan of the signed minutes"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    signed_at = forms.DateTimeField(
        label=_("Signed at"),
        widget=DATETIME_WIDGET,
        required=False,
        help_text=_("When the participant signed or refused; the start of the meeting unless you change it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Participant.Signature.PAPER and not data.get("scan"):
            self.add_error("scan", _("Attach the scan of the signed minutes."))
        if data.get("kind") == Participant.Signature.REFUSED and not (data.get("note") or "").strip():
            self.add_error("note", _("Record the reason the participant gave, or that none was given."))
        return data


class SheetForm(forms.Form):
    """Several participants signed one sheet: one scan for all of them."""

    participants = forms.ModelMultipleChoiceField(
        queryset=Participant.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Who signed this sheet")
    )
    scan = PrivateFileField(label=_("Scan of the signed sheet"))
    signed_at = forms.DateTimeField(
        label=_("Signed at"),
        widget=DATETIME_WIDGET,
        required=False,
        help_text=_("The start of the meeting unless you change it."),
    )

    def __init__(self, *args, meeting, unsigned, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = meeting.participants.filter(pk__in=[p.pk for p in unsigned])
        self.fields["participants"].initial = [p.pk for p in unsigned]
        self.fields["signed_at"].initial = meeting.start


class ConfirmDateForm(forms.Form):
    start = forms.DateTimeField(label=_("Start"), widget=DATETIME_WIDGET)


class AmendmentForm(forms.Form):
    text = forms.CharField(label=_("Amendment"), widget=forms.Textarea(attrs={"rows": 3}))
