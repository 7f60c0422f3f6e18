"""Documents of a meeting: invitation (text, PDF, .ics) and minutes (PDF, DOCX).

Documents that leave the service (e-mailed invitations) are written in Czech; downloads follow
the user's language."""

from __future__ import annotations

import datetime
import io
import zoneinfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from opora.core.pdf import render_pdf

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


def _local(dt):
    return timezone.localtime(dt, PRAGUE)


def minutes_context(meeting) -> dict:
    participants = list(meeting.participants.select_related("membership__user"))
    links = list(
        meeting.task_links.select_related(
            "task", "task__responsible_membership__user", "task__responsible_actor", "agenda_item"
        )
    )
    return {
        "meeting": meeting,
        "case": meeting.case,
        "student": meeting.case.student,
        "agenda": list(meeting.agenda.all()),
        "participants": participants,
        "present": [p for p in participants if p.is_present],
        "tasks": [link.task for link in links],
        "amendments": list(meeting.amendments.all()),
        "start": _local(meeting.start),
        "end": _local(meeting.end),
    }


def responsible_of(task) -> str:
    if task.responsible_membership_id:
        return task.responsible_membership.user.full_name
    if task.responsible_actor_id:
        return task.responsible_actor.name
    return task.responsible_label


def invitation_subject(meeting) -> str:
    with override("cs"):
        return _("Invitation: %(kind)s on %(date)s") % {
            "kind": meeting.get_kind_display(),
            "date": date_format(_local(meeting.start), "SHORT_DATE_FORMAT"),
        }


def invitation_text(meeting, participant) -> str:
    with override("cs"):
        return render_to_string(
            "meetings/invitation.txt",
            {**minutes_context(meeting), "participant": participant},
        )


def invitation_pdf(meeting, participant) -> bytes:
    with override("cs"):
        return render_pdf("meetings/pdf/invitation.html", {**minutes_context(meeting), "participant": participant})


def minutes_pdf(meeting) -> bytes:
    return render_pdf("meetings/pdf/minutes.html", minutes_context(meeting))


def ics_filename(meeting) -> str:
    return _("meeting-%(id)s.ics") % {"id": meeting.pk}


def invitation_ics(meeting) -> bytes:
    """An iCalendar event with DTSTART/DTEND in Europe/Prague (TZID) and the VTIMEZONE."""
    from icalendar import Calendar, Event

    with override("cs"):
        cal = Calendar()
        cal.add("prodid", "-//Opora//meetings//CS")
        cal.add("version", "2.0")
        cal.add("method", "PUBLISH")
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else 'opora'}")
        event.add("dtstamp", datetime.datetime.now(datetime.UTC))
        event.add("dtstart", _local(meeting.start))
        event.add("dtend", _local(meeting.end))
        event.add("summary", meeting.get_kind_display())
        event.add("location", meeting.place)
        agenda = "\n".join(f"{i.order}. {i.title} ({i.minutes} min)" for i in meeting.agenda.all())
        event.add("description", f"{meeting.purpose}\n\n{agenda}".strip())
        cal.add_component(event)
        cal.add_missing_timezones()
        return cal.to_ical()


def minutes_docx(meeting) -> bytes:
    """The minutes as a Word document, for those who edit in Word."""
    from docx import Document

    ctx = minutes_context(meeting)
    doc = Document()
    doc.add_heading(_("Minutes: %(kind)s") % {"kind": meeting.get_kind_display()}, level=1)
    doc.add_paragraph(_("Case %(number)s · %(student)s") % {"number": meeting.case.number, "student": ctx["student"]})
    doc.add_paragraph(
        _("%(date)s, %(start)s–%(end)s, %(place)s")
        % {
            "date": date_format(ctx["start"], "SHORT_DATE_FORMAT"),
            "start": ctx["start"].strftime("%H:%M"),
            "end": ctx["end"].strftime("%H:%M"),
            "place": meeting.place,
        }
    )
    if meeting.purpose:
        doc.add_paragraph(_("Purpose: %(purpose)s") % {"purpose": meeting.purpose})
    doc.add_heading(_("Attendance list"), level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("Name"), _("Institution"), _("Role"), _("Attendance")], strict=True):
        cell.text = str(text)
    for p in ctx["participants"]:
        row = table.add_row().cells
        row[0].text, row[1].text = p.name, p.institution
        row[2].text, row[3].text = str(p.get_role_display()), str(p.get_attendance_display())
    doc.add_heading(_("Agenda and minutes"), level=2)
    for item in ctx["agenda"]:
        doc.add_heading(f"{item.order}. {item.title} ({item.minutes} min)", level=3)
        if item.notes:
            doc.add_paragraph(item.notes)
        if item.decisions:
            doc.add_paragraph(_("Decisions: %(text)s") % {"text": item.decisions})
    doc.add_heading(_("Cooperation plan"), level=2)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("Task"), _("Responsible"), _("Deadline")], strict=True):
        cell.text = str(text)
    for task in ctx["tasks"]:
        row = table.add_row().cells
        row[0].text, row[1].text = task.title, responsible_of(task)
        row[2].text = date_format(task.due_date, "SHORT_DATE_FORMAT") if task.due_date else ""
    doc.add_heading(_("Signatures"), level=2)
    for p in ctx["present"]:
        doc.add_paragraph(f"{p.name} ({p.institution}): ____________________  {p.get_signature_display()}")
        if p.signature == p.Signature.REFUSED and p.signature_note:
            doc.add_paragraph(_("Reason given: %(note)s") % {"note": p.signature_note})
    doc.add_paragraph(str(confidentiality_text()))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def confidentiality_text():
    return _(
        "Confidentiality: everyone who took part in the meeting is bound to keep confidential what they "
        "learned about the child and the family. The minutes may be shared only with the participants "
        "and within the consent given by the family."
    )
