from opora.agreements.models import Agreement

AGREEMENTS = Agreement.objects.select_related("created_by__user", "decided_by__user")


def agreements_of(case) -> list[Agreement]:
    """Every version, newest first."""
    return list(AGREEMENTS.filter(case=case).order_by("-number"))
