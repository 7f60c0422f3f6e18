"""Every write of the meetings app: scheduling, agenda, participants, invitations, minutes,
tasks of the plan, signatures, finalisation and amendments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from opora import access
from opora.audit.services import audit_log
from opora.core.concurrency import save_versioned
from opora.core.dates import add_local
from opora.meetings import workflow
from opora.meetings.models import (
    COMMISSION_DURATION,
    KIND_DEFAULTS,
    MAX_ITEM_MINUTES,
    SERIES_PURPOSES,
    AgendaItem,
    Amendment,
    Kind,
    Meeting,
    MeetingTask,
    Participant,
)

# --- Defaults, templates and scheduling ----------------------------------------------------------


def meeting_defaults(kind: str, series_position: int = 1, commission_size: str = "") -> dict:
    """Planned duration and purpose for a new meeting of `kind` at `series_position`."""
    duration = KIND_DEFAULTS[kind]["duration"]
    if kind == Kind.EDUCATIONAL_COMMISSION and commission_size:
        duration = COMMISSION_DURATION.get(commission_size, duration)
    purpose = ""
    if kind == Kind.CASE_CONFERENCE:
        purpose = str(SERIES_PURPOSES.get(series_position, SERIES_PURPOSES[3]))
    elif kind == Kind.SCHOOL_CASE_MEETING:
        purpose = _("Agree a concrete plan of support with a task for every participant")
        if series_position > 1:
            purpose = _("Review the tasks agreed a month ago and decide whether to continue in the wide format")
    else:
        purpose = _("Find a way forward together with the parents before problems escalate")
    return {"duration": duration, "purpose": purpose}


def agenda_template(kind: str, series_position: int = 1, commission_size: str = "") -> list[tuple[str, int]]:
    """Agenda items (title, minutes) for a kind and position in the series; they fit the default duration."""
    if kind == Kind.CASE_CONFERENCE:
        if series_position == 1:
            return [
                (_("Welcome, rules of the meeting, confidentiality"), 10),
                (_("The child's and the family's view"), 30),
                (_("The situation from each party's view and their competences"), 45),
                (_("Proposals of solutions"), 40),
                (_("Cooperation plan: tasks, responsible persons, deadlines"), 40),
                (_("Summary, next meeting, signing the minutes"), 15),
            ]
        if series_position == 2:
            return [
                (_("Welcome, rules of the meeting, confidentiality"), 10),
                (_("What has been achieved since the last meeting"), 40),
                (_("Review of the tasks of the plan"), 40),
                (_("Resetting goals and competences, new experts"), 45),
                (_("Updated cooperation plan"), 30),
                (_("Summary, next meeting, signing the minutes"), 15),
            ]
        return [
            (_("Welcome, rules of the meeting, confidentiality"), 10),
            (_("Were the goals met and how"), 45),
            (_("What worked and what the obstacles were"), 40),
            (_("How the team worked together"), 30),
            (_("Further steps, if needed"), 40),
            (_("Summary, signing the minutes"), 15),
        ]
    if kind == Kind.SCHOOL_CASE_MEETING:
        if series_position > 1:
            return [
                (_("Welcome and purpose of the meeting"), 10),
                (_("Review of the tasks agreed last time"), 30),
                (_("What next: wide format or work with the family"), 20),
                (_("Summary, tasks and signing the minutes"), 15),
            ]
        return [
            (_("Welcome and purpose of the meeting"), 10),
            (_("The child's and the parents' view"), 15),
            (_("The school's view"), 15),
            (_("Views of the other institutions"), 15),
            (_("Proposals and the plan of support"), 20),
            (_("Summary, tasks and signing the minutes"), 15),
        ]
    duration = meeting_defaults(kind, series_position, commission_size)["duration"]
    return [
        (_("Welcome and purpose of the meeting"), 5),
        (_("The situation of the pupil"), duration - 15),
        (_("Agreed measures and signing the minutes"), 10),
    ]


def fit_agenda(items: list[tuple[str, int]], duration: int) -> list[tuple[str, int]]:
    """The template's items with their allotments shortened in proportion so that together they
    fit a planned duration shorter than the template's (never under 5 minutes an item)."""
    total = sum(minutes for _, minutes in items)
    if total <= duration:
        return items
    fitted = [(title, max(5, minutes * duration // total)) for title, minutes in items]
    excess = sum(m for _, m in fitted) - duration
    while excess > 0:  # the 5-minute floor may leave a few minutes over: take them from the longest
        longest = max(range(len(fitted)), key=lambda i: fitted[i][1])
        if fitted[longest][1] <= 5:
            break
        title, minutes = fitted[longest]
        cut = min(excess, minutes - 5)
        fitted[longest] = (title, minutes - cut)
        excess -= cut
    return fitted


def follow_up_window(kind: str) -> tuple[int, int, int] | None:
    """(default, earliest, latest) weeks after a held meeting for the next one, or None."""
    return KIND_DEFAULTS[kind]["follow_up_weeks"]


def propose_next_start(meeting: Meeting) -> datetime.datetime | None:
    """The proposed start of the next meeting of the series (same weekday and time)."""
    window = follow_up_window(meeting.kind)
    if window is None:
        return None
    series_length = KIND_DEFAULTS[meeting.kind]["series_length"]
    if series_length is not None and meeting.series_position >= series_length:
        return None
    return add_local(meeting.start, datetime.timedelta(weeks=window[0]))


def _check_follow_up_date(previous: Meeting, start: datetime.datetime) -> None:
    window = follow_up_window(previous.kind)
    if window is None:
        return
    earliest = add_local(previous.start, datetime.timedelta(weeks=window[1]))
    latest = add_local(previous.start, datetime.timedelta(weeks=window[2]))
    if not (earliest <= start <= latest):
        raise ValidationError(
            {
                "start": _(
                    "The next meeting of the series should take place between %(earliest)s and %(latest)s "
                    "(%(min)s to %(max)s weeks after the previous one)."
                )
                % {
                    "earliest": date_format(timezone.localtime(earliest), "SHORT_DATE_FORMAT"),
                    "latest": date_format(timezone.localtime(latest), "SHORT_DATE_FORMAT"),
                    "min": window[1],
                    "max": window[2],
                }
            }
        )


def meeting_schedule(meeting: Meeting):
    """The sequence of the meeting's series, from the first meeting, with proposals."""
    first = meeting
    while first.previous_id:
        first = first.previous
    chain = [first]
    while True:
        nxt = Meeting.objects.filter(previous=chain[-1]).first()
        if nxt is None:
            break
        chain.append(nxt)
    return chain


# --- Guards --------------------------------------------------------------------------------------


def _ensure_editable(meeting: Meeting) -> None:
    if meeting.is_final:
        raise ValidationError(_("The minutes are final and cannot be changed; add an amendment instead."))


def agenda_problems(meeting: Meeting, extra_minutes: int = 0, exclude_item=None) -> dict:
    """Sum of allotments against the planned duration, and items over 45 minutes."""
    items = [i for i in meeting.agenda.all() if exclude_item is None or i.pk != exclude_item.pk]
    total = sum(i.minutes for i in items) + extra_minutes
    return {
        "total": total,
        "over_by": max(0, total - meeting.duration_minutes),
        "long_items": [i for i in items if i.minutes > MAX_ITEM_MINUTES],
    }


# --- Meetings ------------------------------------------------------------------------------------


def _check_conveners(meeting: Meeting) -> None:
    """The convener and the facilitator are the organisation's case managers, coordinators or
    facilitators (opora.access.possible_conveners)."""
    allowed = access.possible_conveners(meeting.case.organisation)
    for name in ("convener", "facilitator"):
        member_id = getattr(meeting, f"{name}_id")
        if member_id is not None and not allowed.filter(pk=member_id).exists():
            raise ValidationError(
                {name: _("Choose a case manager, a coordinator or a facilitator of the organisation.")}
            )


@transaction.atomic
def meeting_create(
    *,
    case,
    kind: str,
    start: datetime.datetime,
    place: str,
    by,
    request=None,
    duration_minutes: int | None = None,
    purpose: str = "",
    commission_size: str = "",
    with_template: bool = True,
    previous: Meeting | None = None,
    status: str = Meeting.Status.PLANNED,
    **fields,
) -> Meeting:
    if case.is_closed:
        raise ValidationError(_("The case is closed; meetings cannot be planned."))
    position = previous.series_position + 1 if previous else 1
    defaults = meeting_defaults(kind, position, commission_size)
    meeting = Meeting(
        case=case,
        kind=kind,
        start=start,
        place=place,
        duration_minutes=duration_minutes or defaults["duration"],
        purpose=purpose or defaults["purpose"],
        commission_size=commission_size,
        previous=previous,
        series_position=position,
        status=status,
        created_by=by,
        **fields,
    )
    meeting.full_clean()
    _check_conveners(meeting)
    meeting.save()
    if with_template:
        items = fit_agenda(agenda_template(kind, position, commission_size), meeting.duration_minutes)
        for order, (title, minutes) in enumerate(items, start=1):
            AgendaItem.objects.create(meeting=meeting, order=order, title=title, minutes=minutes)
    audit_log(action="meetings.create", request=request, membership=by, obj=meeting)
    return meeting


MEETING_EDITABLE_FIELDS = (
    "kind",
    "commission_size",
    "purpose",
    "convener",
    "convener_label",
    "facilitator",
    "minute_taker",
    "place",
    "start",
    "duration_minutes",
    "child_participation",
    "parents_informed",
    "room_arranged",
    "facilitator_arranged",
    "minutes_summary",
)


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, request=None, stamp=None, **changes) -> Meeting:
    """Change the plan of a meeting; `stamp` is the read stamp of the edit form (a change
    saved by someone else meanwhile is not overwritten)."""
    _ensure_editable(meeting)
    unknown = set(changes) - set(MEETING_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(meeting, name, value)
    if "duration_minutes" in changes:
        problems = agenda_problems(meeting)
        if problems["over_by"]:
            raise ValidationError(
                {
                    "duration_minutes": _("The agenda takes %(total)s minutes; the planned duration cannot be shorter.")
                    % {"total": problems["total"]}
                }
            )
    if "start" in changes and meeting.previous_id and meeting.status == Meeting.Status.PROPOSED:
        _check_follow_up_date(meeting.previous, meeting.start)
    meeting.full_clean()
    if {"convener", "facilitator"} & set(changes):
        _check_conveners(meeting)
    save_versioned(meeting, stamp=stamp, fields=list(changes))
    audit_log(action="meetings.update", request=request, membership=by, obj=meeting, data={"fields": sorted(changes)})
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by, request=None) -> Meeting | None:
    """Mark the meeting held; for a series, propose the next meeting (to be confirmed)."""
    step = workflow.check_step(meeting, "hold")
    meeting.status = step.target
    meeting.save(update_fields=["status", "updated_at"])
    audit_log(action="meetings.held", request=request, membership=by, obj=meeting)
    _count_contact(meeting, by=by, request=request)
    proposed = propose_next_start(meeting)
    if proposed is None or Meeting.objects.filter(previous=meeting).exists():
        return None
    still = set(access.possible_conveners(meeting.case.organisation).values_list("pk", flat=True))
    nxt = meeting_create(
        case=meeting.case,
        kind=meeting.kind,
        start=proposed,
        place=meeting.place,
        commission_size=meeting.commission_size,
        previous=meeting,
        status=Meeting.Status.PROPOSED,
        convener=meeting.convener if meeting.convener_id in still else None,
        convener_label=meeting.convener_label,
        facilitator=meeting.facilitator if meeting.facilitator_id in still else None,
        minute_taker=meeting.minute_taker,
        by=by,
        request=request,
    )
    for p in meeting.participants.all():
        Participant.objects.create(
            meeting=nxt,
            membership=p.membership,
            actor=p.actor,
            is_student=p.is_student,
            close_person=p.close_person,
            directory_institution=p.directory_institution,
            name=p.name,
            institution=p.institution,
            role=p.role,
            email=p.email,
            order=p.order,
        )
    return nxt


@transaction.atomic
def meeting_confirm_date(*, meeting: Meeting, start: datetime.datetime, by, request=None) -> Meeting:
    """The case manager confirms (or changes) the proposed date of the next meeting."""
    if meeting.status != Meeting.Status.PROPOSED:
        raise ValidationError(_("Only a proposed date can be confirmed."))
    step = workflow.check_step(meeting, "confirm_date")
    if meeting.previous_id:
        _check_follow_up_date(meeting.previous, start)
    meeting.start = start
    meeting.status = step.target
    meeting.full_clean()
    meeting.save()
    audit_log(action="meetings.confirm_date", request=request, membership=by, obj=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by, request=None) -> Meeting:
    """Cancel a proposed or planned meeting, with the reason. A held meeting is not cancelled."""
    step = workflow.check_step(meeting, "cancel", reason=reason)
    meeting.status = step.target
    meeting.cancellation_reason = reason.strip()
    meeting.save(update_fields=["status", "cancellation_reason", "updated_at"])
    audit_log(action="meetings.cancel", request=request, membership=by, obj=meeting)
    return meeting


# --- Agenda --------------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_save(
    *,
    meeting: Meeting,
    title: str,
    minutes: int,
    by,
    request=None,
    item: AgendaItem | None = None,
    order=None,
    edit_stamp=None,
) -> AgendaItem:
    """Add or change an agenda item. The allotments may not exceed the planned duration.
    A change is saved only if nobody changed the item since `edit_stamp` (its form) was read."""
    _ensure_editable(meeting)
    problems = agenda_problems(meeting, extra_minutes=minutes, exclude_item=item)
    if problems["over_by"]:
        raise ValidationError(
            {
                "minutes": _(
                    "The agenda would take %(total)s minutes, %(over)s more than the planned %(planned)s minutes. "
                    "Shorten an item or extend the meeting."
                )
                % {"total": problems["total"], "over": problems["over_by"], "planned": meeting.duration_minutes}
            }
        )
    if item is None:
        last = meeting.agenda.order_by("-order").first()
        item = AgendaItem(meeting=meeting, order=order or ((last.order + 1) if last else 1))
    item.title = title
    item.minutes = minutes
    item.full_clean()
    save_versioned(item, stamp=edit_stamp, fields=["title", "minutes", "order"])
    audit_log(action="meetings.agenda_save", request=request, membership=by, obj=item, case_id=meeting.case_id)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by, request=None) -> None:
    _ensure_editable(item.meeting)
    audit_log(action="meetings.agenda_delete", request=request, membership=by, obj=item, case_id=item.meeting.case_id)
    item.delete()


@transaction.atomic
def agenda_item_record(*, item: AgendaItem, notes: str, decisions: str, stamp=None, by, request=None) -> AgendaItem:
    """The minutes of one agenda item: what was said and what was decided. Two people
    writing the minutes of the same item do not overwrite each other (`stamp`)."""
    _ensure_editable(item.meeting)
    item.notes = notes
    item.decisions = decisions
    item.full_clean()
    save_versioned(item, stamp=stamp, fields=["notes", "decisions"])
    audit_log(action="meetings.minutes_record", request=request, membership=by, obj=item, case_id=item.meeting.case_id)
    return item


# --- Participants, invitations, attendance -------------------------------------------------------


@transaction.atomic
def participant_add(
    *,
    meeting: Meeting,
    by,
    request=None,
    membership=None,
    actor=None,
    is_student: bool = False,
    close_person=None,
    directory_institution=None,
    name: str = "",
    institution: str = "",
    role: str = Participant.Role.OTHER,
    email: str = "",
) -> Participant:
    """Add a participant who IS one fact: a membership (or an actor of the case), the student,
    a close person recorded on the student, or an institution of the directory. `name`,
    `institution` and `role` are labels for display only."""
    _ensure_editable(meeting)
    case = meeting.case
    chosen = [membership is not None or actor is not None, bool(is_student), close_person is not None]
    chosen.append(directory_institution is not None)
    if sum(chosen) != 1:
        raise ValidationError(
            _(
                "Choose who the participant is: a user of Opora, an actor of the case's network, the student, "
                "a close person of the student or an institution of the directory — exactly one."
            )
        )
    if is_student:
        if meeting.participants.filter(is_student=True).exists():
            raise ValidationError({"is_student": _("The student is already a participant.")})
        name = name or str(case.student)
        email = email or case.student.email
    if close_person is not None:
        if close_person.student_id != case.student_id:
            raise ValidationError({"close_person": _("This person is not a close person of the student of the case.")})
        if meeting.participants.filter(close_person=close_person).exists():
            raise ValidationError({"close_person": _("This person is already a participant.")})
        name = name or close_person.name
        institution = institution or close_person.relation
        email = email or close_person.email
    if directory_institution is not None:
        if directory_institution.organisation_id != case.organisation_id:
            raise ValidationError(
                {"directory_institution": _("Choose an institution of the organisation's directory.")}
            )
        name = name or directory_institution.contact_person or directory_institution.name
        institution = institution or directory_institution.name
        email = email or directory_institution.email
        if role in ("", Participant.Role.OTHER):
            role = directory_institution.kind  # the same list of kinds: the directory's kind is the role
    if membership is not None:
        if membership.organisation_id != meeting.case.organisation_id:
            raise ValidationError({"membership": _("This user is not in the organisation of the case.")})
        name = name or membership.user.full_name
        email = email or membership.user.email
        if not institution and membership.school_id:
            institution = membership.school.name
        if not institution:
            institution = membership.organisation.name
        if meeting.participants.filter(membership=membership).exists():
            raise ValidationError({"membership": _("This user is already a participant.")})
    if actor is not None:
        if actor.case_id != meeting.case_id:
            raise ValidationError({"actor": _("This actor is not in the network of the case.")})
        name = name or actor.contact_person or actor.name
        institution = institution or actor.name
        email = email or actor.email
        membership = membership or actor.membership
    if not name.strip():
        raise ValidationError({"name": _("Enter the participant's name, or choose a user or an actor.")})
    last = meeting.participants.order_by("-order").first()
    participant = Participant(
        meeting=meeting,
        membership=membership,
        actor=actor,
        is_student=bool(is_student),
        close_person=close_person,
        directory_institution=directory_institution,
        name=name.strip(),
        institution=institution,
        role=role,
        email=email,
        order=(last.order + 1) if last else 1,
    )
    participant.full_clean()
    participant.save()
    audit_log(
        action="meetings.participant_add", request=request, membership=by, obj=participant, case_id=meeting.case_id
    )
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, by, request=None) -> None:
    _ensure_editable(participant.meeting)
    audit_log(
        action="meetings.participant_remove",
        request=request,
        membership=by,
        obj=participant,
        case_id=participant.meeting.case_id,
    )
    participant.delete()


@transaction.atomic
def participant_set_attendance(*, participant: Participant, attendance: str, by, request=None) -> Participant:
    _ensure_editable(participant.meeting)
    if attendance not in Participant.Attendance.values:
        raise ValidationError(_("Unknown attendance."))
    if participant.has_signed_or_refused and attendance != Participant.Attendance.PRESENT:
        raise ValidationError(_("The participant has already signed; the attendance cannot be changed."))
    participant.attendance = attendance
    participant.save(update_fields=["attendance"])
    _count_contact(participant.meeting, by=by, request=request)
    audit_log(
        action="meetings.attendance",
        request=request,
        membership=by,
        obj=participant,
        case_id=participant.meeting.case_id,
        data={"attendance": attendance},
    )
    return participant


@transaction.atomic
def meeting_mark_all_present(*, meeting: Meeting, by, request=None) -> int:
    """ "All present": every participant of the meeting is marked present in one action (one
    audit record). Returns how many changed."""
    _ensure_editable(meeting)
    if not meeting.participants.exists():
        raise ValidationError(_("Add the participants first."))
    changed = list(meeting.participants.exclude(attendance=Participant.Attendance.PRESENT).values_list("pk", flat=True))
    Participant.objects.filter(pk__in=changed).update(attendance=Participant.Attendance.PRESENT)
    audit_log(
        action="meetings.attendance_all_present",
        request=request,
        membership=by,
        obj=meeting,
        data={"participants": changed},
    )
    _count_contact(meeting, by=by, request=request)
    return len(changed)


def _count_contact(meeting: Meeting, *, by, request=None) -> None:
    """A held meeting the student or a close person attended is contact with the student or
    family: it moves the case's last contact (the "no contact for N days" signal)."""
    from opora.cases.services import case_record_contact

    if meeting.status != Meeting.Status.HELD:
        return
    attended = meeting.participants.filter(attendance=Participant.Attendance.PRESENT).filter(
        Q(is_student=True) | Q(close_person__isnull=False)
    )
    if attended.exists():
        case_record_contact(case=meeting.case, on=timezone.localtime(meeting.start).date(), by=by, request=request)


@transaction.atomic
def participant_set_invitation(*, participant: Participant, status: str, by, request=None) -> Participant:
    if status not in Participant.Invitation.values:
        raise ValidationError(_("Unknown invitation status."))
    participant.invitation = status
    participant.save(update_fields=["invitation"])
    audit_log(
        action="meetings.invitation_status",
        request=request,
        membership=by,
        obj=participant,
        case_id=participant.meeting.case_id,
        data={"status": status},
    )
    return participant


def participant_recipient(participant: Participant):
    """Who the participant IS, as the sharing check understands it — from the facts recorded on
    the participant, never from the typed role. None when the participant is not identified
    (an old free-text entry): such a participant receives nothing."""
    from opora.consents.checks import Recipient

    if participant.membership_id:
        return Recipient.for_membership(participant.membership)
    if participant.actor_id:
        return Recipient.for_actor(participant.actor)
    if participant.is_student:
        return Recipient.for_student(participant.meeting.case.student)
    if participant.close_person_id:
        return Recipient.for_close_person(participant.close_person)
    if participant.directory_institution_id:
        return Recipient.for_institution(participant.directory_institution)
    return None


def participant_decision(meeting: Meeting, participant: Participant):
    """THE check for sending meeting content (the invitation: purpose, agenda, who comes; the
    minutes) to a participant: opora.consents.checks.sharing_decision for the category
    "minutes", with the recipient built from the participant's facts. The meeting's own
    facilitator already edits the meeting and is inside like the case team."""
    from opora.consents.checks import Decision, sharing_decision
    from opora.consents.models import Category

    recipient = participant_recipient(participant)
    if recipient is None:
        return Decision(
            False,
            _(
                "The participant is not identified: remove them and add them again as a user, an actor "
                "of the case, the student, a close person or an institution of the directory."
            ),
        )
    if participant.membership_id and participant.membership_id == meeting.facilitator_id:
        return Decision(True, _("The facilitator of this meeting."))
    return sharing_decision(case=meeting.case, category=Category.MINUTES, recipient=recipient)


def consent_overview(meeting: Meeting) -> list[tuple[Participant, object]]:
    """(participant, decision) for the participants page: whether the invitation may go and why."""
    return [(p, participant_decision(meeting, p)) for p in meeting.participants.all()]


def invitation_send(*, participant: Participant, by, request=None, by_email: bool = True) -> Participant:
    """Deliver the invitation to one participant — by e-mail (text, PDF and .ics), or handed
    over otherwise (`by_email=False`) — after the sharing check. Outside the case team the
    delivery is recorded as a disclosure and the participant may then read the minutes; a
    refusal changes nothing and is audited."""
    meeting = participant.meeting
    if meeting.status not in (Meeting.Status.PLANNED,):
        raise ValidationError(_("Invitations are sent only for a planned meeting with a confirmed date."))
    if by_email and not participant.email:
        raise ValidationError(_("The participant has no e-mail address; print the invitation instead."))
    decision = _invitation_allowed(participant, by=by, request=request, handed_over=not by_email)
    with transaction.atomic():
        return _invitation_deliver(
            participant=participant, decision=decision, by=by, request=request, by_email=by_email
        )


def invitation_document(*, participant: Participant, by, request=None) -> bytes:
    """The invitation of one participant as a PDF to print and hand over — only where the
    invitation may go (the same sharing check as sending it); a refusal is audited. Handing it
    over is recorded by ``invitation_send(by_email=False)``."""
    from opora.meetings import documents

    _invitation_allowed(participant, by=by, request=request, handed_over=True, document="invitation_pdf")
    return documents.invitation_pdf(participant.meeting, participant)


def _invitation_allowed(participant, *, by, request, handed_over: bool, document: str = ""):
    """The sharing decision for the participant's invitation; a refusal is audited and raised
    with its reason (sent by e-mail, or handed over in person / printed)."""
    meeting = participant.meeting
    decision = participant_decision(meeting, participant)
    if decision.allowed:
        return decision
    audit_log(
        action="meetings.invitation_refused",
        request=request,
        membership=by,
        obj=participant,
        case_id=meeting.case_id,
        data={"document": document} if document else None,
    )
    values = {"institution": participant.institution or participant.name, "reason": decision.reason}
    if handed_over:
        raise ValidationError(_("The invitation cannot be handed over to %(institution)s: %(reason)s") % values)
    raise ValidationError(_("The invitation cannot be sent to %(institution)s: %(reason)s") % values)


def _invitation_deliver(*, participant, decision, by, request, by_email):
    from opora.meetings import documents

    meeting = participant.meeting
    if not decision.within_team:
        # The disclosure is traceable on the case (what, to whom, when, on what basis: §6).
        from opora.consents.models import Category
        from opora.consents.services import disclosure_record

        participant.invitation_disclosure = disclosure_record(
            case=meeting.case,
            category=Category.MINUTES,
            recipient=participant_recipient(participant),
            document=str(documents.invitation_subject(meeting)),
            by=by,
            request=request,
        )
    if by_email:
        message = EmailMessage(
            subject=documents.invitation_subject(meeting),
            body=documents.invitation_text(meeting, participant),
            to=[participant.email],
        )
        message.attach(documents.ics_filename(meeting), documents.invitation_ics(meeting), "text/calendar")
        message.attach("pozvanka.pdf", documents.invitation_pdf(meeting, participant), "application/pdf")
        message.send()
    participant.invitation = Participant.Invitation.SENT
    participant.invitation_sent_at = timezone.now()
    participant.save(update_fields=["invitation", "invitation_sent_at", "invitation_disclosure"])
    audit_log(
        action="meetings.invitation_send",
        request=request,
        membership=by,
        obj=participant,
        case_id=meeting.case_id,
        data={"by_email": by_email, "disclosure": participant.invitation_disclosure_id},
    )
    return participant


# --- Tasks of the plan from the minutes ----------------------------------------------------------


@transaction.atomic
def minutes_task_save(
    *,
    meeting: Meeting,
    title: str,
    by,
    request=None,
    due_date: datetime.date | None = None,
    responsible_membership=None,
    responsible_actor=None,
    responsible_label: str = "",
    agenda_item: AgendaItem | None = None,
    task=None,
):
    """Create a task of the case's plan from the minutes, or update it. A task is never created
    twice: the same title again at this meeting, or an open task of the plan with the same
    title, is updated and linked instead. The task itself is written by the cases app
    (`opora.cases.services.task_save`): the closed-case guard and the timeline event apply."""
    from opora.cases.selectors import open_tasks_of
    from opora.cases.services import task_save

    _ensure_editable(meeting)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Describe the task.")})
    if not (responsible_membership or responsible_actor or responsible_label.strip()):
        raise ValidationError({"responsible_label": _("Name who is responsible for the task.")})
    if task is not None and task.case_id != meeting.case_id:
        raise ValidationError(_("The task belongs to another case."))
    if task is None:
        # The same title again at this meeting, or an open task the plan already holds, is
        # updated, not copied. Compared in Python: SQLite folds only ASCII case ("Ů" ≠ "ů").
        key = title.casefold()
        linked = [link.task for link in MeetingTask.objects.select_related("task").filter(meeting=meeting)]
        task = next((t for t in [*linked, *open_tasks_of(meeting.case)] if t.title.casefold() == key), None)
    created = task is None
    task = task_save(
        case=meeting.case,
        instance=task,
        data={
            "title": title,
            "due_date": due_date,
            "responsible_membership": responsible_membership,
            "responsible_actor": responsible_actor,
            "responsible_label": responsible_label.strip(),
        },
        by=by,
        request=request,
    )
    link, _created = MeetingTask.objects.get_or_create(
        task=task, defaults={"meeting": meeting, "agenda_item": agenda_item}
    )
    if agenda_item is not None and link.meeting_id == meeting.id and link.agenda_item_id != agenda_item.pk:
        link.agenda_item = agenda_item
        link.save(update_fields=["agenda_item"])
    audit_log(
        action="meetings.task_create" if created else "meetings.task_update",
        request=request,
        membership=by,
        obj=task,
        data={"meeting": meeting.pk},
    )
    return task


# --- Signatures, finalisation, amendments --------------------------------------------------------


@transaction.atomic
def signature_record(
    *, participant: Participant, kind: str, by, request=None, scan=None, note: str = "", signed_at=None
) -> Participant:
    """Signed on paper (with the scan), confirmed in the system by the participant, or refused.
    A paper signature or a refusal happened at the meeting: `signed_at` defaults to its start
    (not the time of entry); a confirmation in the system is dated when it is made."""
    meeting = participant.meeting
    _ensure_editable(meeting)
    if not participant.is_present:
        raise ValidationError(_("Only participants who were present sign the minutes."))
    if kind == Participant.Signature.PAPER:
        if not scan:
            raise ValidationError({"signature_scan": _("Attach the scan of the signed minutes.")})
        participant.signature_scan = scan
    elif kind == Participant.Signature.SYSTEM:
        if participant.membership_id is None or by is None or by.pk != participant.membership_id:
            raise ValidationError(_("Only the participant, signed in, can confirm the minutes in the system."))
    elif kind == Participant.Signature.REFUSED:
        if not note.strip():
            raise ValidationError(
                {"signature_note": _("Record the reason the participant gave, or that none was given.")}
            )
    else:
        raise ValidationError(_("Unknown kind of signature."))
    participant.signature = kind
    if kind == Participant.Signature.SYSTEM:
        participant.signed_at = timezone.now()
    else:
        participant.signed_at = signed_at or meeting.start
    participant.signature_note = note.strip()
    participant.full_clean()
    participant.save()
    audit_log(
        action="meetings.sign",
        request=request,
        membership=by,
        obj=participant,
        case_id=meeting.case_id,
        data={"kind": kind},
    )
    return participant


@transaction.atomic
def signatures_record_paper(
    *, meeting: Meeting, participants: list[Participant], scan, by, request=None, signed_at=None
) -> list[Participant]:
    """Several participants signed one sheet: ONE scan is stored and shared by all of them,
    each dated `signed_at` (default: the start of the meeting)."""
    _ensure_editable(meeting)
    if not participants:
        raise ValidationError({"participants": _("Choose who signed the sheet.")})
    if not scan:
        raise ValidationError({"scan": _("Attach the scan of the signed minutes.")})
    for p in participants:
        if p.meeting_id != meeting.pk:
            raise ValidationError({"participants": _("Choose participants of this meeting.")})
        if not p.is_present:
            raise ValidationError(_("Only participants who were present sign the minutes."))
        if p.has_signed_or_refused:
            raise ValidationError({"participants": _("%(name)s has already signed or refused.") % {"name": p.name}})
    first, *others = participants
    signature_record(participant=first, kind=Participant.Signature.PAPER, scan=scan, by=by, request=request,
                     signed_at=signed_at)  # fmt: skip
    for p in others:
        p.signature = Participant.Signature.PAPER
        p.signature_scan.name = first.signature_scan.name  # the same stored file, not a copy
        p.signed_at = first.signed_at
        p.signature_note = ""
        p.save(update_fields=["signature", "signature_scan", "signed_at", "signature_note"])
        audit_log(
            action="meetings.sign",
            request=request,
            membership=by,
            obj=p,
            case_id=meeting.case_id,
            data={"kind": Participant.Signature.PAPER, "shared_scan_of": first.pk},
        )
    return participants


def unsigned_present(meeting: Meeting) -> list[Participant]:
    return [p for p in meeting.participants.all() if p.is_present and not p.has_signed_or_refused]


@transaction.atomic
def minutes_finalise(*, meeting: Meeting, by, request=None) -> Meeting:
    """The minutes become final when every present participant signed or refused."""
    _ensure_editable(meeting)
    present = [p for p in meeting.participants.all() if p.is_present]
    if not present:
        raise ValidationError(_("Record the attendance first: nobody is marked as present."))
    missing = unsigned_present(meeting)
    if missing:
        raise ValidationError(
            _("The minutes cannot be final yet; these present participants have not signed: %(names)s.")
            % {"names": ", ".join(p.name for p in missing)}
        )
    meeting.minutes_state = Meeting.MinutesState.FINAL
    meeting.finalised_at = timezone.now()
    meeting.save(update_fields=["minutes_state", "finalised_at", "updated_at"])
    audit_log(action="meetings.finalise", request=request, membership=by, obj=meeting)
    if meeting.status != Meeting.Status.HELD:
        meeting_mark_held(meeting=meeting, by=by, request=request)
    return meeting


@transaction.atomic
def amendment_add(*, meeting: Meeting, text: str, by, request=None) -> Amendment:
    if not meeting.is_final:
        raise ValidationError(_("The minutes are not final yet; edit them directly."))
    if not text.strip():
        raise ValidationError({"text": _("Write the amendment.")})
    amendment = Amendment(meeting=meeting, text=text.strip(), created_by=by)
    amendment.full_clean()
    amendment.save()
    audit_log(action="meetings.amend", request=request, membership=by, obj=amendment, case_id=meeting.case_id)
    return amendment
