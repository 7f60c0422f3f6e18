"""Reads of the reports app, and the Czech (or English) template filled from the case."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from opora.cases.models import Activity, ClosePerson
from opora.meetings.models import Meeting
from opora.meetings.workflow import Status as MeetingStatus
from opora.network.models import Institution
from opora.progress.selectors import indicator_trends_text
from opora.reports.models import CaseReport, RecipientKind

REPORTS = CaseReport.objects.select_related("institution", "written_by__user", "approved_by__user")


def reports_of(case) -> list[CaseReport]:
    return list(REPORTS.filter(case=case).prefetch_related("handovers__disclosure"))


def handovers_of(report):
    return list(report.handovers.select_related("disclosure", "by__user"))


def recipient_institutions(organisation, kind):
    """Directory entries that can receive a report of this kind (by the institution's kind)."""
    if kind not in (RecipientKind.COURT, RecipientKind.OSPOD):
        return Institution.objects.none()
    return Institution.objects.filter(organisation=organisation, kind=kind).order_by("name")


def family_recipients(case) -> list:
    """Who may ask for the family's own copy: the student and the legal guardians recorded on the case."""
    guardians = list(ClosePerson.objects.filter(student_id=case.student_id, legal_guardian=True).order_by("name"))
    return [case.student, *guardians]


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT")


DEFAULT_TITLES = {
    RecipientKind.COURT: lambda: _("Report for the court"),
    RecipientKind.OSPOD: lambda: _("Report for OSPOD"),
    RecipientKind.SCHOOL: lambda: _("Report for the school"),
}


def default_period(case) -> tuple[datetime.date, datetime.date]:
    last = CaseReport.objects.filter(case=case).order_by("-period_to").values_list("period_to", flat=True).first()
    return (last or case.opened_at), timezone.localdate()


def meetings_text(case, start, end) -> str:
    meetings = (
        Meeting.objects.filter(case=case, status=MeetingStatus.HELD, start__date__gte=start, start__date__lte=end)
        .prefetch_related("participants")
        .order_by("start")
    )
    lines = []
    for m in meetings:
        present = [p.name for p in m.participants.all() if p.attendance == "present"]
        lines.append(
            _("%(date)s, %(kind)s: present %(people)s")
            % {
                "date": _date(timezone.localtime(m.start).date()),
                "kind": m.get_kind_display(),
                "people": ", ".join(present) or "—",
            }
        )
    return "\n".join(lines) or _("No meetings were held in the period.")


def cooperation_text(case, start, end) -> str:
    activities = Activity.objects.filter(case=case, occurred_on__gte=start, occurred_on__lte=end)
    counts = {}
    for kind in activities.values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    labels = dict(Activity.Kind.choices)
    lines = [
        _("Contacts in the period: %(count)s.") % {"count": sum(counts.values())},
        *[f"– {labels.get(k, k)}: {n}" for k, n in sorted(counts.items())],
    ]
    agreement = case.agreements.order_by("-number").first()
    if agreement is not None:
        lines.append(
            _("Cooperation agreement: version %(number)s, %(status)s.")
            % {"number": agreement.number, "status": agreement.get_status_display()}
        )
    return "\n".join(lines)


def report_initial(case, kind) -> dict:
    """The template of a new report filled from the case: the case manager edits it."""
    start, end = default_period(case)
    return {
        "title": DEFAULT_TITLES.get(kind, DEFAULT_TITLES[RecipientKind.COURT])(),
        "period_from": start,
        "period_to": end,
        "goals_text": indicator_trends_text(case) or _("No goals have been set."),
        "cooperation": cooperation_text(case, start, end),
        "meetings_text": meetings_text(case, start, end),
        "family_view": "",
        "recommendation": "",
    }
