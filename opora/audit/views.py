from django.core.paginator import Paginator
from django.shortcuts import render

from opora import access
from opora.audit import selectors
from opora.audit.services import audit_log


@access.member_required(access.can_read_audit_log)
def log(request):
    """The organisation's audit log (sign-ins, user administration, case events by id)."""
    audit_log(action="audit.view", request=request, object_type="audit.log")
    action = request.GET.get("action", "").strip()
    events = selectors.organisation_log(request.membership, action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = selectors.described(page.object_list, request.membership)
    context = {"page": page, "rows": rows, "action": action, "actions": selectors.action_choices()}
    return render(request, "audit/log.html", context)
