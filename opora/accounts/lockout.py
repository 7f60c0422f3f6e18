"""The key django-axes counts sign-in failures under (AXES_USERNAME_CALLABLE).

Every spelling of an address (``Tomas.Kral@x.cz``, `` tomas.kral@x.cz ``) is one account, so it
must be one failure counter: the key is the normalised address, taken from the credentials of
the attempt or, when axes looks before authenticating, from the submitted form."""

from django.conf import settings

from opora.accounts.models import normalise_email


def lockout_username(request, credentials=None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = data.get(field)
    return normalise_email(raw)
