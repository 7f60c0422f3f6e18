"""My day on the landing page (``core:home``): the membership's own items, and for a
coordinator the team's."""

from opora import access
from opora.day import rules, selectors

# Items shown per section of My day; the rest are reached through the lists they link to.
PAGE_LIMIT = 20


def my_day_prepare(request):
    """The queries of My day that need nothing read before them (``DayContext.first_calls``)."""
    membership = access.member_allowed(request, access.can_see_my_day)
    return None if membership is None else rules.DayContext(membership, limit=PAGE_LIMIT).first_calls(rules.rules)


def team_prepare(request):
    membership = access.member_allowed(request, access.can_see_team_day)
    return None if membership is None else selectors.team_calls(membership)


def my_day_panel(request):
    membership = access.member_allowed(request, access.can_see_my_day)
    if membership is None:
        return None
    return {"sections": rules.day_of(membership, limit=PAGE_LIMIT), "can_record": access.can_work_on_cases(membership)}


def team_panel(request):
    membership = access.member_allowed(request, access.can_see_team_day)
    if membership is None:
        return None
    return {"rows": selectors.team_rows(membership)}
