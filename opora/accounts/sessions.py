"""Django's database sessions (``SESSION_ENGINE``), with the session read by a query built and
compiled once per connection: every request of a signed-in user reads it. The table, the
cookie and the expiry are Django's; sessions saved before keep working."""

from django.contrib.sessions.backends import db
from django.utils import timezone

from opora.core.orm import CompiledQuery


def _unexpired(key, now):
    return db.SessionStore.get_model_class().objects.filter(session_key=key, expire_date__gt=now).order_by()[:1]


_UNEXPIRED = CompiledQuery(_unexpired, strings=("key",), datetimes=("now",), plan_once=True)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The session if it exists and has not expired, as Django's (which then forgets the key)."""
        found = _UNEXPIRED(key=self.session_key, now=timezone.now())
        if found:
            return found[0]
        self._session_key = None
        return None
