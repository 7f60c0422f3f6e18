"""The error pages: the app's own, in the user's language (403, 404, 400, 500)."""

from django.shortcuts import render
from django.template.loader import get_template


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def server_error(request):
    """No context processors and no database: whatever failed may fail again."""
    from django.http import HttpResponseServerError

    return HttpResponseServerError(get_template("500.html").render({"request": request}))
