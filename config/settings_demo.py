"""Demo on a laptop: SQLite in var/, plain HTTP on loopback, 2FA optional (the UI says "demo")."""

from config.env import envbool, envstr
from config.settings import *  # noqa: F403
from config.settings import VAR_DIR

SECRET_KEY = SECRET_KEY or "demo-only-not-secret-" + "x" * 40  # noqa: F405
# Not Django's debug pages: a missing page is the app's own 404 in the user's language, never a
# list of every URL pattern (DEBUG=1 in the environment turns them on for a developer).
DEBUG = envbool("DEBUG", False)
# Static files straight from the source folders (no collectstatic for a demo), reloaded on change.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
OPORA_DEMO = True
OPORA_REQUIRE_2FA = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Plain text logs on a terminal unless LOG_FORMAT says otherwise.
if not envstr("LOG_FORMAT"):
    LOGGING["handlers"]["console"]["formatter"] = "text"  # noqa: F405

# runserver answers each request in a new thread: a persistent connection would never be reused.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
