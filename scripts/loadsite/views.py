from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from opora.access import can_open_cases, fetch_case, member_required
from opora.cases.selectors import CASE_QS, case_page_query


@login_required
def minimal(request):
    """The yardstick: a signed-in page through the same middleware, with a ~20 KB template and
    no queries of its own."""
    rows = [{"n": i, "title": f"Row {i}", "done": i % 3 == 0} for i in range(20)]
    return render(request, "loadsite/minimal.html", {"rows": rows, "title": "Minimal page"})


@login_required
def chrome(request):
    """Opora's own frame (base.html: navigation, header, footer) around an empty page: what
    every page of Opora costs before its own content."""
    return render(request, "loadsite/chrome.html", {})


@member_required(can_open_cases)
def case_floor(request, pk):
    """What the case page cannot do without, in Opora's frame and nothing else: the policy's
    decision, the case read by the case page's own compiled query and the audit record of the
    read. The case page's throughput can at best approach this page's."""
    case = fetch_case(
        request,
        pk,
        section="tab:overview",
        team_only=False,
        queryset=CASE_QS,
        compiled=case_page_query("overview"),
    )
    return render(request, "loadsite/chrome.html", {"case": case})
