"""The web pages of the API: personal tokens (after a 2FA-verified sign-in) and the docs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework import exceptions, permissions
from rest_framework.views import APIView

from opora import access
from opora.api import forms, selectors, services
from opora.core.forms import apply_validation_error


@access.member_required(access.can_use_api)
def tokens(request):
    form = forms.TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, created = services.token_create(membership=request.membership, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            form = forms.TokenForm()
    context = {"form": form, "created": created, "tokens": selectors.tokens_of(request.membership)}
    return render(request, "api/tokens.html", context)


@access.member_required(access.can_use_api)
@require_POST
def token_revoke(request, pk):
    token = access.fetch_api_token(request, pk)
    services.token_revoke(token=token, request=request)
    messages.success(request, _("The token was revoked."))
    return redirect("api:tokens")


class NotFound(APIView):
    """Every other path under /api/: a 404 problem document, whatever the method."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound()
