"""Subject access: the reports to named recipients about a student's cases, and their hand-overs."""


def reports_section(student, choices=None):
    from opora.reports.models import CaseReport

    fields = (
        "recipient_kind",
        "title",
        "status",
        "goals_text",
        "cooperation",
        "meetings_text",
        "family_view",
        "recommendation",
    )
    reports = CaseReport.objects.filter(case__student=student).select_related("case", "institution")
    return [
        {
            "case": r.case.number,
            **{f: getattr(r, f) for f in fields},
            "institution": r.institution.name if r.institution else None,
            "period": [r.period_from.isoformat(), r.period_to.isoformat()],
            "handed_over": [
                {
                    "at": h.at.isoformat(),
                    "to": h.disclosure.recipient_label,
                    "channel": h.channel,
                    "basis": h.disclosure.basis,
                }
                for h in r.handovers.select_related("disclosure")
            ],
        }
        for r in reports
    ]
