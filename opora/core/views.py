from django.shortcuts import redirect, render

from opora import access
from opora.accounts.models import Role
from opora.core import dashboard


@access.member_required()
def home(request):
    """Each role lands on its own page."""
    membership = request.membership
    if membership.role == Role.ADMIN:
        return redirect("accounts:user_list")
    return render(request, "core/home.html", {"role": membership.role, "panels": dashboard.panels_for(request)})
