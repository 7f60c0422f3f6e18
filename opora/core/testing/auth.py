from django_otp import DEVICE_ID_SESSION_KEY

from opora.accounts.middleware import SESSION_KEY
from opora.core.testing.factories import totp_device


def login(client, membership, *, verified=True):
    """Sign `client` in as the membership's user, past the second factor, acting in it."""
    user = membership.user
    client.force_login(user)
    session = client.session
    if verified:
        device = user.totpdevice_set.filter(confirmed=True).first() or totp_device(user)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_KEY] = membership.pk
    session.save()
    return client
