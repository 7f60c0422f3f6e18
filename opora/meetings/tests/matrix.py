"""Rows of the authorisation matrix for the meetings app, and the world's meeting.

w.meeting: a case meeting of w.case, facilitated by w.members["facilitator"], where
w.members["school_staff"] was present and invited through the sharing check (so they read its
minutes and nothing more). A meeting the persona may not open answers 404."""

from opora.core.testing.matrix import Row
from opora.meetings.models import Participant
from opora.meetings.tests.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory


def populate(w):
    w.meeting = MeetingFactory(case=w.case, facilitator=w.members["facilitator"])
    w.agenda_item = AgendaItemFactory(meeting=w.meeting, title="Pohled rodiny", minutes=15)
    w.parent = ParticipantFactory(meeting=w.meeting, attendance=Participant.Attendance.PRESENT)
    staff = w.members["school_staff"]
    w.school_participant = ParticipantFactory(
        meeting=w.meeting,
        membership=staff,
        name=staff.user.full_name,
        institution=w.school.name,
        role=Participant.Role.SCHOOL,
        email=staff.user.email,
        attendance=Participant.Attendance.PRESENT,
    )
    # Their invitation passed the sharing check (the world's consent covers minutes to w.school):
    # the recorded disclosure is what lets them read the minutes.
    from opora.consents.services import disclosure_record

    w.school_participant.invitation_disclosure = disclosure_record(
        case=w.case, category="minutes", recipient=staff, document="Pozvánka", by=w.case.lead
    )
    w.school_participant.save(update_fields=["invitation_disclosure"])
    w.meeting_of_other_org = MeetingFactory(case=w.case_of_other_org)


def _m(w):
    return {"pk": w.meeting.pk}


def _p(w):
    return {"pk": w.meeting.pk, "participant_pk": w.parent.pk}


def _sp(w):
    """The school's participant: the invitation may go to them (the consent covers it)."""
    return {"pk": w.meeting.pk, "participant_pk": w.school_participant.pk}


def _i(w):
    return {"pk": w.meeting.pk, "item_pk": w.agenda_item.pk}


# Who may do what with w.meeting. The role decorator answers 403 to roles that never work
# with meetings; a persona that passes it but may not open w.meeting gets 404 (no oracle).
TEAM = {"coordinator": 200, "case_manager": 200, "other_org": 404, "case_manager_other": 404, "*": 403}
NOT_THEIRS = {"other_org": 404, "case_manager_other": 404}
NOT_THEIRS_ANY = {**NOT_THEIRS, "school_staff_other": 404, "external": 404}  # views open to every role
TEAM_M = {**TEAM, **NOT_THEIRS}  # pages of w.meeting (not of the case)
EDITORS = {**TEAM_M, "facilitator": 200}  # the team and the meeting's facilitator
READERS = {**EDITORS, **NOT_THEIRS_ANY, "school_staff": 200}  # + a present participant invited through the check
EDITORS_POST = {"coordinator": 302, "case_manager": 302, "facilitator": 302, **NOT_THEIRS, "*": 403}

MATRIX = {
    "meetings:upcoming": Row(expect={"*": 200, "admin": 403}),
    "meetings:case_meetings": Row(kwargs=lambda w: {"case_pk": w.case.pk}, expect=TEAM),
    "meetings:create": Row(kwargs=lambda w: {"case_pk": w.case.pk}, expect=TEAM),
    "meetings:detail": Row(kwargs=_m, expect=READERS),
    "meetings:edit": Row(kwargs=_m, expect=EDITORS),
    "meetings:mark_held": Row(kwargs=_m, method="post", expect=EDITORS_POST),
    "meetings:cancel": Row(
        kwargs=_m, method="post", data=lambda w: {"reason": "Matka onemocněla."}, expect=EDITORS_POST
    ),
    # Only a proposed date can be confirmed; the team gets the form, the facilitator not.
    "meetings:confirm_date": Row(kwargs=_m, expect=TEAM_M),
    "meetings:agenda_add": Row(
        kwargs=_m, method="post", data=lambda w: {"title": "Shrnutí", "minutes": 10}, expect=EDITORS_POST
    ),
    "meetings:agenda_edit": Row(kwargs=_i, expect=EDITORS),
    "meetings:record": Row(
        kwargs=_i,
        method="post",
        data=lambda w: {"notes": "Matka popsala situaci.", "decisions": ""},
        expect=EDITORS_POST,
    ),
    "meetings:task_add": Row(
        kwargs=_m,
        method="post",
        data=lambda w: {"title": "Zajistit doučování", "responsible_label": "škola", "due_date": "2026-12-20"},
        expect=EDITORS_POST,
    ),
    "meetings:participants": Row(kwargs=_m, expect=EDITORS),
    "meetings:attendance": Row(kwargs=_p, method="post", data=lambda w: {"attendance": "present"}, expect=EDITORS_POST),
    "meetings:all_present": Row(kwargs=_m, method="post", expect=EDITORS_POST),
    "meetings:participant_remove": Row(kwargs=_p, method="post", expect=EDITORS_POST),
    # Invitations are disclosures: the case team only.
    "meetings:invite": Row(kwargs=_p, method="post", expect={**EDITORS_POST, "facilitator": 403}),
    "meetings:invitation_status": Row(
        kwargs=_p, method="post", data=lambda w: {"status": "accepted"}, expect=EDITORS_POST
    ),
    "meetings:invitation_handed_over": Row(kwargs=_sp, method="post", expect={**EDITORS_POST, "facilitator": 403}),
    "meetings:invitation_pdf": Row(kwargs=_sp, expect=EDITORS),
    "meetings:signatures": Row(kwargs=_m, expect=READERS),
    "meetings:sign": Row(kwargs=_p, expect=EDITORS),
    "meetings:sign_sheet": Row(kwargs=_m, expect=EDITORS),
    # No scan was uploaded in the world: 404 for the editors after the access check.
    "meetings:signature_scan": Row(
        kwargs=_p, expect={**EDITORS, "coordinator": 404, "case_manager": 404, "facilitator": 404}
    ),
    # Only a participant of the meeting confirms the minutes in the system.
    "meetings:confirm_minutes": Row(
        kwargs=_m, method="post", expect={**NOT_THEIRS_ANY, "school_staff": 302, "facilitator": 403, "*": 403}
    ),
    "meetings:finalise": Row(kwargs=_m, method="post", expect=EDITORS_POST),
    # Only final minutes are amended: for the draft of the world, nobody may.
    "meetings:amend": Row(kwargs=_m, expect={**NOT_THEIRS, "*": 403}),
    "meetings:minutes_pdf": Row(kwargs=_m, expect=READERS),
    "meetings:minutes_docx": Row(kwargs=_m, expect=EDITORS),
    "meetings:ics": Row(kwargs=_m, expect=EDITORS),
}
