from django.conf import settings


def opora(request):
    return {
        "OPORA_DEMO": getattr(settings, "OPORA_DEMO", False),
        "membership": getattr(request, "membership", None),
    }
