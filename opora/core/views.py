from django.shortcuts import redirect, render

from opora import access
from opora.core import dashboard


@access.member_required()
def home(request):
    """Each role lands on its own page (an admin, who reads no case content, on the users)."""
    membership = request.membership
    if not access.can_see_overview(membership):
        return redirect("accounts:user_list")
    return render(request, "core/home.html", {"role": membership.role, "panels": dashboard.panels_for(request)})
