"""Every write of the student pathway: validated, atomic and audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opora import access
from opora.accounts.models import Organisation
from opora.audit.services import audit_log
from opora.cases import extensions, workflow
from opora.cases.models import (
    Activity,
    Assessment,
    Attachment,
    Case,
    CaseEvent,
    ClosePerson,
    Goal,
    IntakeCheck,
    NetworkActor,
    Referral,
    ReferrerKind,
    Request,
    Student,
    Task,
    normalise_name,
    support_kind_from_text,
)
from opora.cases.workflow import first_state
from opora.core.concurrency import StaleEdit, field_names, save_versioned, take_stamp


def _audit(action, *, obj, by, request, data=None, case_id=None):
    audit_log(
        action=action,
        request=request,
        membership=by,
        actor=getattr(by, "user", None) if request is None else None,
        obj=obj,
        case_id=case_id,
        data=data,
    )


def _ensure_editable(case):
    if case.is_closed:
        raise ValidationError(_("The case is closed and cannot be changed. Reopen it first."), code="closed")


def _event(case, kind, *, by, reason="", from_state="", to_state="", at=None):
    return CaseEvent.objects.create(
        case=case, kind=kind, by=by, reason=reason, from_state=from_state, to_state=to_state, at=at or timezone.now()
    )


# --- Referral: a new case -------------------------------------------------------------------


def next_case_number(organisation, year: int) -> str:
    prefix = f"{year}-"
    numbers = Case.objects.filter(organisation=organisation, number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"


def case_refer(
    *,
    organisation,
    student_data: dict,
    school,
    lead,
    referred_by_name: str = "",
    referred_on: datetime.date | None = None,
    school_view: str = "",
    consent_to_pass_contacts: bool = False,
    referrer_kind: str = "school",
    institution=None,
    institution_name: str = "",
    file_reference: str = "",
    asks_for: str = "",
    by,
    request=None,
) -> Case:
    """Record a referral: a new student, a case in the first state that fits the referrer
    (workflow.first_state) and the referral with the facts of its kind.

    The case number (YYYY-NNNN) is unique per organisation; concurrent referrals are serialised
    by locking the organisation row and retried once on a clash."""
    for attempt in range(3):
        try:
            return _case_refer_once(
                organisation=organisation,
                student_data=student_data,
                school=school,
                lead=lead,
                referred_by_name=referred_by_name,
                referred_on=referred_on or timezone.localdate(),
                school_view=school_view,
                consent_to_pass_contacts=consent_to_pass_contacts,
                referrer_kind=referrer_kind,
                institution=institution,
                institution_name=institution_name,
                file_reference=file_reference,
                asks_for=asks_for,
                by=by,
                request=request,
            )
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def referral_receive(*, data: dict, student_data: dict, by, request=None) -> Case:
    """A referral as entered on the referral form (`data`: ReferralForm.referral_data) by `by`.

    A school's referral names no lead: the policy's referral assignee (a coordinator) takes it
    over. Without a referrer's name, a school's staff member who refers is the referrer."""
    lead = data.get("lead")
    if lead is None:
        lead = access.referral_assignee(by)
        if lead is None:
            raise ValidationError(_("The organisation has no coordinator to take the referral over."))
    return case_refer(
        organisation=by.organisation,
        student_data=student_data,
        school=data.get("school"),
        lead=lead,
        referred_by_name=data.get("referred_by_name") or (by.user.full_name if access.refers_as_school(by) else ""),
        referred_on=data["referred_on"],
        school_view=data.get("school_view", ""),
        consent_to_pass_contacts=data.get("consent_to_pass_contacts", False),
        referrer_kind="school" if access.refers_as_school(by) else (data.get("referrer_kind") or "school"),
        institution=data.get("institution"),
        institution_name=data.get("institution_name", ""),
        file_reference=data.get("file_reference", ""),
        asks_for=data.get("asks_for", ""),
        by=by,
        request=request,
    )


@transaction.atomic
def _case_refer_once(
    *,
    organisation,
    student_data,
    school,
    lead,
    referred_by_name,
    referred_on,
    school_view,
    consent_to_pass_contacts,
    referrer_kind,
    institution,
    institution_name,
    file_reference,
    asks_for,
    by,
    request,
):
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if lead.organisation_id != organisation.id or school is not None and school.organisation_id != organisation.id:
        raise ValidationError(_("The case manager and the school must belong to the organisation."))
    if institution is not None and institution.organisation_id != organisation.id:
        raise ValidationError(_("The referring institution must be in the organisation's directory."))
    if referrer_kind != ReferrerKind.SCHOOL and (school_view.strip() or consent_to_pass_contacts):
        # Words of another referrer must never show to the school as the school's own view.
        raise ValidationError(_("Only a school's referral has the school's view."))
    student = Student(organisation=organisation, school=school, **student_data)
    student.full_clean()
    student.save()
    case = Case(
        organisation=organisation,
        student=student,
        school=school,
        lead=lead,
        number=next_case_number(organisation, referred_on.year),
        state=first_state(referrer_kind),
        opened_at=referred_on,
        referrer_kind=referrer_kind,
    )
    case.full_clean(validate_constraints=False)
    case.save()
    referral = Referral(
        case=case,
        referred_by=by if by.role == "school_staff" else None,
        referred_by_name=referred_by_name,
        referred_on=referred_on,
        school_view=school_view,
        consent_to_pass_contacts=consent_to_pass_contacts,
        institution=institution,
        institution_name=institution_name,
        file_reference=file_reference,
        asks_for=asks_for,
    )
    referral.full_clean()
    referral.save()
    _event(case, CaseEvent.Kind.TRANSITION, by=by, to_state=case.state)
    _audit("cases.refer", obj=case, by=by, request=request)
    return case


# --- Workflow -------------------------------------------------------------------------------


@transaction.atomic
def case_transition(
    *, case, name: str, reason: str = "", closure_reason: str = "", summary: str = "", by, request=None
) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    transition = workflow.check_transition(case, name, reason=reason, closure_reason=closure_reason, summary=summary)
    from_state = case.state
    case.state = transition.target
    if transition.closes:
        case.closed_at = timezone.localdate()
        case.closure_reason = closure_reason
        case.closure_summary = summary.strip()
    elif transition.name == "reopen":
        case.closed_at = None
    case.save()
    if transition.closes:
        for hook in extensions.closure_hooks:
            hook.run(case=case, by=by, request=request)
    text = reason.strip() or summary.strip()
    _event(case, CaseEvent.Kind.TRANSITION, by=by, from_state=from_state, to_state=case.state, reason=text)
    _audit(
        "cases.transition",
        obj=case,
        by=by,
        request=request,
        data={"from": from_state, "to": case.state, "transition": name},
    )
    return case


@transaction.atomic
def intake_check_save(*, case, data: dict, by, request=None) -> IntakeCheck:
    _ensure_editable(case)
    data = dict(data)
    stamp = take_stamp(data)
    check = IntakeCheck.objects.filter(case=case).first() or IntakeCheck(case=case)
    for key, value in data.items():
        setattr(check, key, value)
    check.checked_by = by
    check.checked_on = timezone.localdate()
    check.full_clean()
    save_versioned(check, stamp=stamp, fields=[*data, "checked_by", "checked_on"])
    case.intake_check = check
    _event(case, CaseEvent.Kind.INTAKE, by=by)
    _audit("cases.intake_check", obj=check, by=by, request=request)
    return check


@transaction.atomic
def case_update_tracks(*, case, data: dict, by, request=None) -> Case:
    """Referrer, voluntariness, model, lead and the parallel tracks (parent contact, school
    reporting, feedback of close persons)."""
    _ensure_editable(case)
    data = dict(data)
    stamp = take_stamp(data)
    team = data.pop("team", None)
    for key, value in data.items():
        setattr(case, key, value)
    case.full_clean(validate_constraints=False)
    # Only the fields of the form: the last contact and the state are written by other steps.
    save_versioned(case, stamp=stamp, fields=list(data))
    if team is not None:
        if any(m.organisation_id != case.organisation_id for m in team):
            raise ValidationError({"team": _("Choose case managers of the organisation.")})
        case.team.set([m for m in team if m.pk != case.lead_id])
        data["team"] = True
    access.forget_case_access(case)  # the lead or the team may have changed
    _audit("cases.update", obj=case, by=by, request=request, data={"fields": sorted(data)})
    return case


@transaction.atomic
def case_record_school_report(*, case, on: datetime.date, by, request=None) -> Case:
    """A report on the progress was sent to the school (the consents app calls this)."""
    # The date is also a field of the case settings: a form read before this report is stale.
    Case.objects.filter(pk=case.pk).update(
        last_school_report_on=on, updated_at=timezone.now(), version=F("version") + 1
    )
    case.last_school_report_on = on
    _event(
        case,
        CaseEvent.Kind.SCHOOL_REPORT,
        by=by,
        at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        if on != timezone.localdate()
        else None,
    )
    _audit("cases.school_report", obj=case, by=by, request=request)
    return case


# --- Records of the case ----------------------------------------------------------------------


def _save(instance, *, action, by, request, case, event_kind=None, event_reason="", stamp=None, fields=None):
    """Validate and save a record of the case; a change of an existing record is a
    compare-and-set on the version its form was read at (`stamp`)."""
    _ensure_editable(case)
    instance.full_clean()
    save_versioned(instance, stamp=stamp, fields=fields)
    if event_kind:
        _event(case, event_kind, by=by, reason=event_reason)
    _audit(action, obj=instance, by=by, request=request, case_id=case.pk)
    return instance


@transaction.atomic
def close_person_save(*, case, instance: ClosePerson | None = None, data: dict, by, request=None) -> ClosePerson:
    person = instance or ClosePerson(student=case.student)
    if person.student_id != case.student_id:
        raise ValidationError(_("This person belongs to another student."))
    data = dict(data)
    stamp = take_stamp(data)
    for key, value in data.items():
        setattr(person, key, value)
    return _save(
        person, action="cases.close_person_save", by=by, request=request, case=case, stamp=stamp, fields=list(data)
    )


@transaction.atomic
def request_save(*, case, instance: Request | None = None, data: dict, by, request=None) -> Request:
    """A new request (§3 "new needs") or a change of one."""
    item = instance or Request(case=case)
    data = dict(data)
    stamp = take_stamp(data)
    for key, value in data.items():
        setattr(item, key, value)
    return _save(
        item,
        action="cases.request_save",
        by=by,
        request=request,
        case=case,
        stamp=stamp,
        fields=list(data),
        event_kind=CaseEvent.Kind.REQUEST if instance is None else None,
        event_reason=item.title,
    )


@transaction.atomic
def assessment_save(*, case, data: dict, by, request=None) -> Assessment:
    """Every save adds a new version; earlier versions stay as history."""
    _ensure_editable(case)
    last = Assessment.objects.filter(case=case).aggregate(v=Max("version"))["v"] or 0
    item = Assessment(case=case, version=last + 1, created_by=by, **data)
    return _save(item, action="cases.assessment_save", by=by, request=request, case=case, event_kind="assessment")


@transaction.atomic
def goal_save(*, case, instance: Goal | None = None, data: dict, by, request=None) -> Goal:
    item = instance or Goal(case=case)
    data = dict(data)
    stamp = take_stamp(data)
    for key, value in data.items():
        setattr(item, key, value)
    if item.request_id and item.request.case_id != case.pk:
        raise ValidationError({"request": _("Choose a request of this case.")})
    reason = _("Goal added: %(title)s") if instance is None else _("Goal changed: %(title)s")
    return _save(
        item,
        action="cases.goal_save",
        by=by,
        request=request,
        case=case,
        stamp=stamp,
        fields=list(data),
        event_kind=CaseEvent.Kind.PLAN,
        event_reason=reason % {"title": item.title},
    )


@transaction.atomic
def task_save(*, case, instance: Task | None = None, data: dict, by, request=None) -> Task:
    item = instance or Task(case=case)
    data = dict(data)
    stamp = take_stamp(data)
    for key, value in data.items():
        setattr(item, key, value)
    if item.responsible_actor_id and item.responsible_actor.case_id != case.pk:
        raise ValidationError({"responsible_actor": _("Choose an actor of this case's network.")})
    if item.responsible_membership_id and item.responsible_membership.organisation_id != case.organisation_id:
        raise ValidationError({"responsible_membership": _("Choose a user of the organisation.")})
    if not (item.responsible_membership_id or item.responsible_actor_id or item.responsible_label.strip()):
        raise ValidationError(
            {"responsible_label": _("Say who is responsible: a user, an actor of the network, or in words.")}
        )
    reason = _("Task added: %(title)s") if instance is None else _("Task changed: %(title)s")
    return _save(
        item,
        action="cases.task_save",
        by=by,
        request=request,
        case=case,
        stamp=stamp,
        fields=list(data),
        event_kind=CaseEvent.Kind.PLAN,
        event_reason=reason % {"title": item.title},
    )


@transaction.atomic
def actor_save(*, case, instance: NetworkActor | None = None, data: dict, by, request=None) -> NetworkActor:
    item = instance or NetworkActor(case=case)
    data = dict(data)
    stamp = take_stamp(data)
    for key, value in data.items():
        setattr(item, key, value)
    if item.institution_id:
        if item.institution.organisation_id != case.organisation_id:
            raise ValidationError({"institution": _("Choose an institution of the organisation's directory.")})
        if not item.name:
            item.name = item.institution.name
    if item.for_person_id and item.for_person.student_id != case.student_id:
        raise ValidationError({"for_person": _("Choose a close person of the student of the case.")})
    if item.for_child_id:
        if case.family_id is None or item.for_child.family_id != case.family_id:
            raise ValidationError({"for_child": _("Choose a child of the case's family.")})
        if item.for_person_id:
            raise ValidationError({"for_child": _("Choose either a close person or a child of the family, not both.")})
        if item.for_child.student_id == case.student_id:
            item.for_child = None  # the student of the case: the support is theirs
            data["for_child"] = None
    if not item.support and item.support_kind.strip():
        item.support = support_kind_from_text(item.support_kind)  # read the words for a kind
        data["support"] = item.support
    return _save(item, action="cases.actor_save", by=by, request=request, case=case, stamp=stamp, fields=list(data))


@transaction.atomic
def activity_save(*, case, instance: Activity | None = None, data: dict, by, request=None) -> Activity:
    item = instance or Activity(case=case, created_by=by)
    data = dict(data)
    stamp = take_stamp(data)
    for key, value in data.items():
        setattr(item, key, value)
    if item.occurred_on and item.occurred_on > timezone.localdate():
        raise ValidationError(
            {"occurred_on": _("An activity is recorded after it took place; the date is in the future.")}
        )
    _save(item, action="cases.activity_save", by=by, request=request, case=case, stamp=stamp, fields=list(data))
    # The latest contact feeds the "no contact for N days" signal.
    if item.attendance != Activity.Attendance.DID_NOT_COME and (
        case.last_contact_on is None or item.occurred_on > case.last_contact_on
    ):
        Case.objects.filter(pk=case.pk).update(last_contact_on=item.occurred_on)
        case.last_contact_on = item.occurred_on
    return item


@transaction.atomic
def case_record_contact(*, case, on: datetime.date, by, request=None) -> Case:
    """Contact with the student or family on `on` (a held meeting they attended, another app's
    record): moves the case's last contact forward, never back."""
    updated = Case.objects.filter(pk=case.pk).filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=on))
    if updated.update(last_contact_on=on):
        case.last_contact_on = on
        _audit("cases.contact", obj=case, by=by, request=request, data={"on": on.isoformat()})
    return case


@transaction.atomic
def attachment_add(*, case, upload, description: str = "", by, request=None) -> Attachment:
    from opora.core.files import validate_upload

    _ensure_editable(case)
    validate_upload(upload)
    item = Attachment(
        case=case, original_name=upload.name[:255], description=description, size=upload.size, uploaded_by=by
    )
    item.file.save(upload.name, upload, save=False)
    item.save()
    _audit("cases.attachment_add", obj=item, by=by, request=request)
    return item


@transaction.atomic
def student_update(*, case, data: dict, by, request=None) -> Student:
    _ensure_editable(case)
    data = dict(data)
    stamp = take_stamp(data)
    student = case.student
    for key, value in data.items():
        setattr(student, key, value)
    student.full_clean()
    student.search_name = normalise_name(f"{student.first_name} {student.last_name}")
    save_versioned(student, stamp=stamp, fields=[*data, "search_name"])
    _audit("cases.student_update", obj=student, by=by, request=request, case_id=case.pk)
    return student


@transaction.atomic
def task_set_status(*, case, task: Task, status: str, stamp, by, request=None) -> Task:
    """Inline change of a task's status from the plan. `stamp` is the read stamp the row was
    shown with: a status changed by someone else meanwhile is not overwritten."""
    if task.case_id != case.pk:
        raise ValidationError(_("This task belongs to another case."))
    if status not in Task.Status.values:
        raise ValidationError({"status": _("Choose one of the offered states.")})
    task.status = status
    try:
        return _save(
            task,
            stamp=stamp,
            fields=["status"],
            action="cases.task_status",
            by=by,
            request=request,
            case=case,
            event_kind=CaseEvent.Kind.PLAN,
            event_reason=_("Task %(title)s: %(status)s") % {"title": task.title, "status": task.get_status_display()},
        )
    except StaleEdit as exc:
        if exc.changed:
            message = _(
                "Meanwhile someone else changed: %(fields)s. "
                "The status was not changed; check the task and choose again."
            ) % {"fields": field_names(Task, exc.changed)}
        else:
            message = _(
                "Meanwhile someone else changed this task. The status was not changed; check it and choose again."
            )
        raise StaleEdit(message, changed=exc.changed, stamp=exc.stamp) from None


# --- The family of a case (§8) ------------------------------------------------------------------


@transaction.atomic
def case_set_family(*, case, family, client: str = "student", children=(), by, request=None) -> Case:
    """Link the case to its family (a child's case), or make it a family case (the family is the
    client) naming the children it concerns. `family=None` unlinks. Only the case team, while
    the case is open; the family and the children must be of the case's organisation."""
    from opora.cases.models import Client

    if not access.can_edit_case(by, case):
        raise ValidationError(_("Only the case team may change an open case."))
    if family is not None and family.organisation_id != case.organisation_id:
        raise ValidationError(_("The family must belong to the organisation of the case."))
    children = list(children)
    if family is None:
        client, children = Client.STUDENT, []
    if any(child.family_id != getattr(family, "pk", None) for child in children):
        raise ValidationError(_("Name only children of this family."))
    if client == Client.FAMILY and not children:
        raise ValidationError({"family_children": _("A family case names the children it concerns.")})
    if client != Client.FAMILY:
        children = []
    case.family = family
    case.client = client
    case.save(update_fields=["family", "client", "updated_at"])
    case.family_children.set(children)
    _audit(
        "cases.family_set",
        obj=case,
        by=by,
        request=request,
        data={"family": getattr(family, "pk", None), "client": client, "children": [c.pk for c in children]},
    )
    return case
