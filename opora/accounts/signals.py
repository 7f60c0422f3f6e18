from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from opora.audit.services import audit_log


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit_log(action="auth.sign_in", actor=user, request=request, obj=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the user name that was typed is kept, never the password.
    audit_log(action="auth.sign_in_failed", request=request, actor_email=str(credentials.get("username", ""))[:254])


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit_log(action="auth.locked_out", request=request, actor_email=str(username or "")[:254])


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_log(action="auth.sign_out", actor=user, request=request, obj=user)
