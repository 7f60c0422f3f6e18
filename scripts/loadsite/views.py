from django.contrib.auth.decorators import login_required
from django.shortcuts import render


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
