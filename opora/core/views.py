from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from opora import access
from opora.core import dashboard


@access.member_required()
def home(request):
    """Each role lands on its own page (an admin, who reads no case content, on the users)."""
    membership = request.membership
    if not access.can_see_overview(membership):
        return redirect("accounts:user_list")
    return render(request, "core/home.html", {"role": membership.role, "panels": dashboard.panels_for(request)})


@never_cache
def health(request):
    """Load balancer probe: the process answers and the database is reachable. No data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
