"""The "Agreement" tab of the case page: every version of the cooperation agreement."""

from opora import access
from opora.audit.services import audit_log
from opora.core.links import id_url
from opora.day.rules import Reads, until_soon


def tab_visible(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.case_access_level(membership, case) == access.CASE_TEAM


def tab_load(request, case) -> dict:
    from opora.agreements.selectors import agreements_of

    audit_log(action="agreements.case_view", request=request, obj=case)
    versions = agreements_of(case)
    return {
        "versions": versions,
        "current": versions[0] if versions else None,
        "can_edit": access.can_edit_case(request.membership, case),
    }


# --- My day (opora.day.rules) ------------------------------------------------------------------


def _agreements_to_review(membership, *, case_ids, until):
    from opora.agreements.models import Agreement
    from opora.day.rules import CASE_COLUMNS

    return (
        Agreement.objects.filter(case_id__in=case_ids, status=Agreement.Status.SIGNED, review_on__lte=until)
        .select_related("case__student")
        .only("review_on", *CASE_COLUMNS)
        .order_by("review_on", "pk")
    )


# All of them (not only a section's first): one item per case is kept across the versions.
AGREEMENTS_TO_REVIEW = Reads("agreement_reviews", _agreements_to_review, until_soon, first=False)


def day_reviews_due(ctx):
    """Signed agreements (the version in force) whose review date comes within a week or has passed."""
    from opora.day.rules import Item

    agreements = ctx.read(AGREEMENTS_TO_REVIEW)
    seen = set()
    for agreement in agreements:
        if agreement.case_id in seen:  # one item per case, whatever the versions
            continue
        seen.add(agreement.case_id)
        yield Item(
            "agreement_reviews",
            id_url("agreements:detail", agreement.pk),
            str(agreement.case.student),
            agreement.case_id,
            agreement.case.number,
            agreement.review_on,
            overdue=agreement.review_on < ctx.today,
            ref=f"agreement:{agreement.pk}:{agreement.review_on.isoformat()}",
        )
