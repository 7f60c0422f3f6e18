"""The overview panel: schools that need attention (follow-ups due, evaluation overdue)."""

import datetime

from django.utils import timezone

from opora import access
from opora.schools import selectors


def schools_prepare(request):
    membership = access.member_allowed(request, access.can_work_with_schools)
    return None if membership is None else [selectors.attention_call(membership)]


def schools_panel(request):
    membership = access.member_allowed(request, access.can_work_with_schools)
    if membership is None:
        return None
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=7)
    schools = selectors.schools_needing_attention(membership)
    due = [s for s in schools if s.next_follow_up and s.next_follow_up <= soon]
    overdue = [s for s in schools if s.evaluation_overdue]
    if not due and not overdue:
        return None
    due.sort(key=lambda s: s.next_follow_up)
    return {"due": due[:10], "overdue": overdue[:10], "today": today}
