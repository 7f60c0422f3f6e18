"""Subject access: every version of the cooperation agreements of a student's cases."""


def agreements_section(student, choices=None):
    from opora.agreements.models import Agreement

    fields = (
        "number",
        "status",
        "family_parties",
        "ospod_party",
        "goals",
        "family_promises",
        "service_promises",
        "ospod_promises",
        "information_sharing",
        "signed_by",
        "refusal_note",
    )
    return [
        {
            "case": a.case.number,
            **{f: getattr(a, f) for f in fields},
            "review_on": a.review_on.isoformat(),
            "signed_on": a.signed_on.isoformat() if a.signed_on else None,
        }
        for a in Agreement.objects.filter(case__student=student).select_related("case").order_by("case_id", "number")
    ]
