"""Test settings: production settings with fast hashing, local e-mail and plain static files."""

import tempfile

from config.settings import *  # noqa: F403

SECRET_KEY = "test-only-" + "k" * 50
DEBUG = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="opora-test-media-")
AXES_FAILURE_LIMIT = 5
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "CRITICAL"}}
OPORA_AUDIT_ALLOW_PURGE = True  # a test database may be emptied between tests (opora.audit.triggers)
STATIC_ROOT = tempfile.mkdtemp(prefix="opora-test-static-")
WHITENOISE_USE_FINDERS = True
