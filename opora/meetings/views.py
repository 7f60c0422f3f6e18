from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opora import access
from opora.audit.services import audit_log
from opora.core.concurrency import STAMP_FIELD, StaleEdit, make_stamp, refresh_stamp
from opora.core.files import download_response, file_response
from opora.core.forms import apply_validation_error
from opora.meetings import documents, selectors, services, workflow
from opora.meetings.forms import (
    AgendaItemForm,
    AmendmentForm,
    ConfirmDateForm,
    MeetingForm,
    MinutesItemForm,
    ParticipantForm,
    SheetForm,
    SignatureForm,
    TaskForm,
)
from opora.meetings.models import Kind, Participant


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _editable_meeting(request, pk, *, allow_final=False):
    meeting = access.fetch_meeting(request, pk, edit=True, queryset=selectors.meeting_page(pk))
    # A cancelled meeting is final as a whole: no agenda, attendance, invitations or minutes.
    if meeting.is_cancelled or (not allow_final and meeting.is_final):
        raise PermissionDenied
    return meeting


def _back(meeting, anchor=""):
    return redirect(f"{meeting_url(meeting)}{anchor}")


def meeting_url(meeting):
    from django.urls import reverse

    return reverse("meetings:detail", kwargs={"pk": meeting.pk})


# --- Lists -------------------------------------------------------------------------------------


@access.member_required(access.can_open_meetings)
def upcoming(request):
    """Calendar-style list of the user's upcoming meetings, grouped by day."""
    page = Paginator(selectors.upcoming_for(request.membership), 30).get_page(request.GET.get("page"))
    days: dict = {}
    from django.utils import timezone

    for meeting in page.object_list:
        days.setdefault(timezone.localdate(meeting.start), []).append(meeting)
    audit_log(action="meetings.list", request=request)
    return render(request, "meetings/upcoming.html", {"page": page, "days": sorted(days.items())})


@access.member_required(access.can_work_on_cases)
def case_meetings(request, case_pk):
    case = access.fetch_case(request, case_pk, section="meetings")
    meetings = Paginator(selectors.meetings_of_case(case), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/case_meetings.html",
        {"case": case, "page": meetings, "can_plan": access.can_plan_meetings(request.membership, case)},
    )


# --- Create, edit, schedule ----------------------------------------------------------------------


@access.member_required(access.can_work_on_cases)
def create(request, case_pk):
    case = access.fetch_case(request, case_pk, section="meeting_form")
    if not access.can_plan_meetings(request.membership, case):
        raise PermissionDenied
    # A suggestion elsewhere (e.g. the attendance signal) may pre-fill the kind: ?kind=…
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in Kind.values else None
    form = MeetingForm(request.POST or None, case=case, creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "use_template"}
        try:
            meeting = services.meeting_create(
                case=case,
                by=request.membership,
                request=request,
                with_template=form.cleaned_data["use_template"],
                **data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The meeting is planned."))
            return _back(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "case": case, "creating": True})


@access.member_required(access.can_run_meetings)
def edit(request, pk):
    meeting = _editable_meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=selectors.meeting_for_form(meeting), case=meeting.case)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in services.MEETING_EDITABLE_FIELDS}
        if changes.get("duration_minutes") is None:
            changes["duration_minutes"] = meeting.duration_minutes
        try:
            services.meeting_update(
                meeting=meeting,
                stamp=form.cleaned_data.get(STAMP_FIELD),
                by=request.membership,
                request=request,
                **changes,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return _back(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "case": meeting.case, "meeting": meeting})


@access.member_required(access.can_run_meetings)
@require_POST
def mark_held(request, pk):
    meeting = _editable_meeting(request, pk, allow_final=True)
    try:
        nxt = services.meeting_mark_held(meeting=meeting, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _back(meeting)
    if nxt is not None:
        messages.success(
            request, _("The meeting is held. The next meeting of the series is proposed; confirm its date.")
        )
        return redirect("meetings:confirm_date", pk=nxt.pk)
    messages.success(request, _("The meeting is marked as held."))
    return _back(meeting)


@access.member_required(access.can_run_meetings)
@require_POST
def cancel(request, pk):
    meeting = _editable_meeting(request, pk)
    try:
        services.meeting_cancel(
            meeting=meeting, reason=request.POST.get("reason", ""), by=request.membership, request=request
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The meeting is cancelled."))
    return _back(meeting)


@access.member_required(access.can_work_on_cases)
def confirm_date(request, pk):
    meeting = _editable_meeting(request, pk)
    if not access.is_meeting_case_team(request.membership, meeting):
        raise PermissionDenied
    form = ConfirmDateForm(request.POST or None, initial={"start": meeting.start})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_confirm_date(
                meeting=meeting, start=form.cleaned_data["start"], by=request.membership, request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The date of the meeting is confirmed."))
            return _back(meeting)
    window = services.follow_up_window(meeting.kind)
    return render(request, "meetings/confirm_date.html", {"meeting": meeting, "form": form, "window": window})


# --- The meeting page ----------------------------------------------------------------------------


@access.member_required(access.can_open_meetings)
def detail(request, pk):
    meeting = access.fetch_meeting(request, pk, compiled=selectors.meeting_page_rows)
    ctx = _page_context(request, meeting)
    if meeting.access_level != access.MEETING_EDIT:
        return render(request, "meetings/minutes_readonly.html", ctx)
    return render(request, "meetings/detail.html", ctx)


def _page_context(request, meeting, **extra):
    agenda = list(meeting.agenda.all())
    participants = list(meeting.participants.all())
    problems = {
        "total": sum(i.minutes for i in agenda),
        "long_items": [i for i in agenda if i.is_long],
    }
    problems["over_by"] = max(0, problems["total"] - meeting.duration_minutes)
    me = next((p for p in participants if p.membership_id == request.membership.pk), None)
    ctx = {
        "meeting": meeting,
        "case": meeting.case,
        "agenda": agenda,
        "participants": participants,
        "tasks": [link.task for link in meeting.task_links.all()],
        "links": list(meeting.task_links.all()),
        "amendments": list(meeting.amendments.all()),
        "problems": problems,
        "can_edit": access.can_edit_meeting(request.membership, meeting),
        "is_team": meeting.access_level == access.MEETING_EDIT
        and access.is_meeting_case_team(request.membership, meeting),
        "me": me,
        "steps": {step.name for step in workflow.allowed_steps(meeting.status)},
        "agenda_form": AgendaItemForm(),
        "task_form": TaskForm(meeting=meeting),
        "unsigned": [p for p in participants if p.is_present and not p.has_signed_or_refused],
        "Attendance": Participant.Attendance,
    }
    ctx.update(extra)
    return ctx


@access.member_required(access.can_run_meetings)
@require_POST
def agenda_add(request, pk):
    meeting = _editable_meeting(request, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_save(meeting=meeting, by=request.membership, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    if form.errors:
        meeting = _editable_meeting(request, pk)
        return render(request, "meetings/detail.html", _page_context(request, meeting, agenda_form=form), status=422)
    return _back(meeting, "#agenda")


@access.member_required(access.can_run_meetings)
def agenda_edit(request, pk, item_pk):
    meeting = _editable_meeting(request, pk)
    item = get_object_or_404(meeting.agenda.all(), pk=item_pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST":
        if "delete" in request.POST:
            services.agenda_item_delete(item=item, by=request.membership, request=request)
            return _back(meeting, "#agenda")
        if form.is_valid():
            try:
                services.agenda_item_save(
                    meeting=meeting, item=item, by=request.membership, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return _back(meeting, "#agenda")
    return render(request, "meetings/agenda_item_form.html", {"meeting": meeting, "item": item, "form": form})


def _agenda_item_fragment(request, meeting, item, form, *, saved, error, stamp):
    """The agenda item of the meeting page after its minutes were saved or refused (htmx)."""
    return render(
        request,
        "meetings/detail.html#agenda-item",
        {
            "meeting": meeting,
            "item": item,
            "can_edit": True,
            "saved": saved,
            "form_errors": form.errors,
            "item_error": error,
            "stamp": stamp,
        },
        status=200 if saved else 422,
    )


@access.member_required(access.can_run_meetings)
@require_POST
def record(request, pk, item_pk):
    """Minutes of one agenda item (htmx: returns the item; without JS: back to the page)."""
    meeting = _editable_meeting(request, pk)
    item = get_object_or_404(meeting.agenda.all(), pk=item_pk)
    form = MinutesItemForm(request.POST, instance=item)
    saved, error, stamp = False, "", None
    if form.is_valid():
        try:
            services.agenda_item_record(
                item=item,
                notes=form.cleaned_data["notes"],
                decisions=form.cleaned_data["decisions"],
                stamp=form.cleaned_data.get(STAMP_FIELD),
                by=request.membership,
                request=request,
            )
        except StaleEdit as exc:
            # The item keeps the user's text where they changed it and shows what the other
            # person saved elsewhere; the fresh stamp lets them save it consciously.
            exc = refresh_stamp(form, exc)
            error, stamp = " ".join(exc.messages), exc.stamp
        else:
            saved, stamp = True, make_stamp(item)
    else:
        error = " ".join(form.non_field_errors())
    if request.htmx:
        return _agenda_item_fragment(request, meeting, item, form, saved=saved, error=error, stamp=stamp)
    if not saved:
        messages.error(request, error or _("The minutes of the item were not saved."))
    return _back(meeting, f"#item-{item.pk}")


@access.member_required(access.can_run_meetings)
@require_POST
def task_add(request, pk):
    meeting = _editable_meeting(request, pk)
    form = TaskForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_task_save(
                meeting=meeting,
                title=data["title"],
                due_date=data["due_date"],
                responsible_membership=data["responsible_membership"],
                responsible_actor=data["responsible_actor"],
                responsible_label=data["responsible_label"],
                agenda_item=data["agenda_item"],
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
    meeting = _editable_meeting(request, pk)
    ok = not form.errors
    if request.htmx:
        ctx = _page_context(request, meeting, task_form=TaskForm(meeting=meeting) if ok else form, task_added=ok)
        return render(request, "meetings/detail.html#tasks", ctx, status=200 if ok else 422)
    if ok:
        messages.success(request, _("The task is in the cooperation plan."))
        return _back(meeting, "#tasks")
    return render(request, "meetings/detail.html", _page_context(request, meeting, task_form=form), status=422)


@access.member_required(access.can_run_meetings)
@require_POST
def attendance(request, pk, participant_pk):
    meeting = _editable_meeting(request, pk)
    participant = get_object_or_404(meeting.participants.all(), pk=participant_pk)
    try:
        services.participant_set_attendance(
            participant=participant,
            attendance=request.POST.get("attendance", ""),
            by=request.membership,
            request=request,
        )
    except ValidationError as exc:
        if request.htmx:  # the row as stored (the service refused before changing it), with the reason
            ctx = {"meeting": meeting, "p": participant, "can_edit": True, "row_error": _error_text(exc)}
            return render(request, "meetings/detail.html#attendance-row", ctx, status=422)
        messages.error(request, _error_text(exc))
    if request.htmx:
        ctx = {"meeting": meeting, "p": participant, "can_edit": True, "saved": True}
        return render(request, "meetings/detail.html#attendance-row", ctx)
    return _back(meeting, "#attendance")


@access.member_required(access.can_run_meetings)
@require_POST
def all_present(request, pk):
    """ "All present": every participant marked present in one action."""
    meeting = _editable_meeting(request, pk)
    try:
        services.meeting_mark_all_present(meeting=meeting, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Everyone is marked present."))
    return _back(meeting, "#attendance")


# --- Participants and invitations ----------------------------------------------------------------


@access.member_required(access.can_run_meetings)
def participants(request, pk):
    meeting = _editable_meeting(request, pk, allow_final=True)
    form = ParticipantForm(request.POST or None, meeting=meeting)
    if request.method == "POST":
        if meeting.is_final:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.participant_add(meeting=meeting, by=request.membership, request=request, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The participant is added."))
                return redirect("meetings:participants", pk=meeting.pk)
    return render(
        request,
        "meetings/participants.html",
        {
            "meeting": meeting,
            "form": form,
            "participants": services.consent_overview(meeting),
            "Invitation": Participant.Invitation,
            "can_edit": not meeting.is_final,
            "can_invite": access.is_meeting_case_team(request.membership, meeting),
        },
    )


def _participant(meeting, participant_pk):
    return get_object_or_404(meeting.participants.all(), pk=participant_pk)


@access.member_required(access.can_run_meetings)
@require_POST
def participant_remove(request, pk, participant_pk):
    meeting = _editable_meeting(request, pk)
    try:
        services.participant_remove(
            participant=_participant(meeting, participant_pk), by=request.membership, request=request
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("meetings:participants", pk=meeting.pk)


@access.member_required(access.can_run_meetings)
@require_POST
def invite(request, pk, participant_pk):
    """Only the case team sends invitations: each one is a disclosure recorded on the case."""
    return _deliver_invitation(request, pk, participant_pk, by_email=True)


@access.member_required(access.can_run_meetings)
@require_POST
def invitation_handed_over(request, pk, participant_pk):
    """A printed invitation given in person: recorded like a sent one (check and disclosure)."""
    return _deliver_invitation(request, pk, participant_pk, by_email=False)


def _deliver_invitation(request, pk, participant_pk, *, by_email):
    meeting = _editable_meeting(request, pk)
    if not access.is_meeting_case_team(request.membership, meeting):
        raise PermissionDenied
    participant = _participant(meeting, participant_pk)
    try:
        services.invitation_send(participant=participant, by=request.membership, request=request, by_email=by_email)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if by_email:
            messages.success(request, _("The invitation is sent to %(email)s.") % {"email": participant.email})
        else:
            text = _("The hand-over of the invitation to %(name)s is recorded.") % {"name": participant.name}
            messages.success(request, text)
    return redirect("meetings:participants", pk=meeting.pk)


@access.member_required(access.can_run_meetings)
@require_POST
def invitation_status(request, pk, participant_pk):
    meeting = _editable_meeting(request, pk)
    try:
        services.participant_set_invitation(
            participant=_participant(meeting, participant_pk),
            status=request.POST.get("status", ""),
            by=request.membership,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("meetings:participants", pk=meeting.pk)


# --- Signatures, finalisation, amendments --------------------------------------------------------


@access.member_required(access.can_open_meetings)
def signatures(request, pk):
    meeting = access.fetch_meeting(request, pk, queryset=selectors.meeting_page(pk))
    can_edit = access.can_edit_meeting(request.membership, meeting)
    participants = list(meeting.participants.all())
    if meeting.access_level != access.MEETING_EDIT:
        # An attending participant sees only their own row, to confirm the minutes.
        participants = [p for p in participants if p.membership_id == request.membership.pk]
    return render(
        request,
        "meetings/signatures.html",
        {
            "meeting": meeting,
            "participants": participants,
            "can_edit": can_edit,
            "form": SignatureForm(),
            "unsigned": services.unsigned_present(meeting),
        },
    )


@access.member_required(access.can_run_meetings)
def sign(request, pk, participant_pk):
    meeting = _editable_meeting(request, pk)
    participant = _participant(meeting, participant_pk)
    form = SignatureForm(request.POST or None, request.FILES or None, initial={"signed_at": meeting.start})
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_record(
                participant=participant,
                kind=form.cleaned_data["kind"],
                scan=form.cleaned_data.get("scan"),
                note=form.cleaned_data.get("note", ""),
                signed_at=form.cleaned_data.get("signed_at"),
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The signature is recorded."))
            return redirect("meetings:signatures", pk=meeting.pk)
    return render(request, "meetings/sign.html", {"meeting": meeting, "participant": participant, "form": form})


@access.member_required(access.can_run_meetings)
def sign_sheet(request, pk):
    """Several participants signed one sheet: one scan for all of them."""
    meeting = _editable_meeting(request, pk)
    form = SheetForm(
        request.POST or None, request.FILES or None, meeting=meeting, unsigned=services.unsigned_present(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.signatures_record_paper(
                meeting=meeting,
                participants=list(form.cleaned_data["participants"]),
                scan=form.cleaned_data["scan"],
                signed_at=form.cleaned_data.get("signed_at"),
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The signatures are recorded."))
            return redirect("meetings:signatures", pk=meeting.pk)
    return render(request, "meetings/sign_sheet.html", {"meeting": meeting, "form": form})


@access.member_required(access.can_open_meetings)
@require_POST
def confirm_minutes(request, pk):
    """A signed-in participant who was present confirms the minutes in the system."""
    meeting = access.fetch_meeting(request, pk, queryset=selectors.meeting_page(pk))
    me = meeting.participants.filter(membership_id=request.membership.pk).first()
    if me is None:
        raise PermissionDenied
    try:
        services.signature_record(
            participant=me, kind=Participant.Signature.SYSTEM, by=request.membership, request=request
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("You confirmed the minutes."))
    return redirect("meetings:detail", pk=meeting.pk)


@access.member_required(access.can_run_meetings)
def signature_scan(request, pk, participant_pk):
    meeting = _editable_meeting(request, pk, allow_final=True)
    participant = _participant(meeting, participant_pk)
    if not participant.signature_scan:
        raise Http404
    ext = participant.signature_scan.name.rsplit(".", 1)[-1]
    return file_response(participant.signature_scan, _("signature-%(id)s.%(ext)s") % {"id": participant.pk, "ext": ext})


@access.member_required(access.can_run_meetings)
@require_POST
def finalise(request, pk):
    meeting = _editable_meeting(request, pk)
    try:
        services.minutes_finalise(meeting=meeting, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("meetings:signatures", pk=meeting.pk)
    messages.success(request, _("The minutes are final."))
    return _back(meeting)


@access.member_required(access.can_run_meetings)
def amend(request, pk):
    meeting = _editable_meeting(request, pk, allow_final=True)
    if not meeting.is_final:
        raise PermissionDenied
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_add(
                meeting=meeting, text=form.cleaned_data["text"], by=request.membership, request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The amendment is added to the minutes."))
            return _back(meeting)
    return render(request, "meetings/amend.html", {"meeting": meeting, "form": form})


# --- Downloads -----------------------------------------------------------------------------------


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    return download_response(content, filename=filename, content_type=content_type)


@access.member_required(access.can_open_meetings)
def minutes_pdf(request, pk):
    meeting = access.fetch_meeting(request, pk, queryset=selectors.meeting_page(pk))
    return _download(documents.minutes_pdf(meeting), _("minutes-%(id)s.pdf") % {"id": meeting.pk}, "application/pdf")


@access.member_required(access.can_run_meetings)
def minutes_docx(request, pk):
    meeting = _editable_meeting(request, pk, allow_final=True)
    return _download(
        documents.minutes_docx(meeting),
        _("minutes-%(id)s.docx") % {"id": meeting.pk},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@access.member_required(access.can_run_meetings)
def ics(request, pk):
    meeting = _editable_meeting(request, pk, allow_final=True)
    return _download(documents.invitation_ics(meeting), documents.ics_filename(meeting), "text/calendar")


@access.member_required(access.can_run_meetings)
def invitation_pdf(request, pk, participant_pk):
    """The invitation to print, for a participant the invitation may go to (else a message)."""
    meeting = _editable_meeting(request, pk, allow_final=True)
    participant = _participant(meeting, participant_pk)
    try:
        content = services.invitation_document(participant=participant, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("meetings:participants", pk=meeting.pk)
    return _download(content, _("invitation-%(id)s.pdf") % {"id": participant.pk}, "application/pdf")
