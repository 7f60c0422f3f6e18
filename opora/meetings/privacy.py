"""The meetings app's part of the data-protection duties (§6): what it holds about a student
(subject access) and how it anonymises the meetings of a closed case past the retention period."""

from opora.core.privacy import ANONYMISED
from opora.meetings.models import AgendaItem, Amendment, Meeting, Participant


def _d(value):
    return value.isoformat() if value else None


def subject_access(student, choices=None) -> list:
    meetings = (
        Meeting.objects.filter(case__student=student)
        .select_related("case")
        .prefetch_related("agenda", "participants", "amendments", "task_links__task")
        .order_by("start")
    )
    return [
        {
            "case": m.case.number,
            "kind": m.kind,
            "start": _d(m.start),
            "place": m.place,
            "purpose": m.purpose,
            "child_participation": m.child_participation,
            "minutes_state": m.minutes_state,
            "participants": [
                {"name": p.name, "institution": p.institution, "role": p.role, "attendance": p.attendance}
                for p in m.participants.all()
            ],
            "agenda": [
                {"title": i.title, "minutes": i.minutes, "notes": i.notes, "decisions": i.decisions}
                for i in m.agenda.all()
            ],
            "tasks": [link.task.title for link in m.task_links.all()],
            "amendments": [a.text for a in m.amendments.all()],
        }
        for m in meetings
    ]


def anonymise(case) -> None:
    """Blank what was said at the meetings of a closed case, the names of people without an
    account and the signature scans. Idempotent."""
    if not case.is_closed:
        return
    meetings = Meeting.objects.filter(case=case)
    AgendaItem.objects.filter(meeting__in=meetings).update(notes="", decisions="")
    meetings.update(minutes_summary="", child_participation="", purpose="")
    Amendment.objects.filter(meeting__in=meetings).update(text=ANONYMISED)
    for participant in Participant.objects.filter(meeting__in=meetings).exclude(signature_scan=""):
        participant.signature_scan.delete(save=False)
        Participant.objects.filter(pk=participant.pk).update(signature_scan="")
    Participant.objects.filter(meeting__in=meetings, membership__isnull=True).update(
        name=ANONYMISED, email="", signature_note=""
    )
