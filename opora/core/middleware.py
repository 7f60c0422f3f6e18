from django.conf import settings


class NoStoreMiddleware:
    """Nothing a signed-in user sees is kept by the browser or a proxy.

    Case pages, exports and downloads carry a child's data; a shared computer's browser cache or
    a proxy must not keep them. Every response to an authenticated request (static files
    excepted) gets ``Cache-Control: private, no-store`` and ``Pragma: no-cache``, unless the view
    set a Cache-Control of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = "private, no-store"
            response["Pragma"] = "no-cache"
        return response
