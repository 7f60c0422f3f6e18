"""Opora settings. Production-safe defaults; everything configurable from the environment.

`config.settings_demo` and `config.settings_test` import this module and relax what they must.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("OPORA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = envstr("SECRET_KEY")
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# Opora-specific switches
OPORA_DEMO = False
# Every role must use TOTP two-factor sign-in in production.
OPORA_REQUIRE_2FA = envbool("OPORA_REQUIRE_2FA", True)
# Uploaded files (attachments, signed forms) live outside the web root.
OPORA_UPLOAD_MAX_BYTES = envint("OPORA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Where `manage.py backup` writes its archives (they hold personal data: keep the folder private).
OPORA_BACKUP_DIR = Path(envstr("OPORA_BACKUP_DIR", str(VAR_DIR / "backups")))
# pg_dump/pg_restore of the server's major version (default: the newest /usr/lib/postgresql/*/bin).
OPORA_PG_BIN_DIR = envstr("OPORA_PG_BIN_DIR", "")
# Days without contact after which a case is flagged on the lists and the case page.
OPORA_NO_CONTACT_DAYS = envint("OPORA_NO_CONTACT_DAYS", 21)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "opora.core",
    "opora.accounts",
    "opora.audit",
    "opora.schools",
    "opora.network",
    "opora.cases",
    "opora.consents",
    "opora.meetings",
    "opora.families",
    "opora.progress",
    "opora.agreements",
    "opora.reports",
    "opora.day",
    "opora.outcomes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "opora.api",
]

MIDDLEWARE = [
    # The load balancer's probe, answered before host validation and the HTTPS redirect.
    "opora.core.health.HealthCheckMiddleware",
    # One JSON line per request with its id (X-Request-ID) and the membership; never content.
    "opora.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "opora.accounts.middleware.SessionActivityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages of signed-in users (case data, exports, downloads) are never cached.
    "opora.core.middleware.NoStoreMiddleware",
    # django-otp's, with the device read by a query compiled once per connection.
    "opora.accounts.middleware.OTPMiddleware",
    "opora.accounts.middleware.MembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: axes must see the result of authentication attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Django's engine, with no reference cycle left by a rendered page (opora.core.templating).
        "BACKEND": "opora.core.templating.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opora.core.context_processors.opora",
            ],
            # Django's i18n and static tags with their hot paths kept (opora.core.templatetags):
            # builtins, so a template must not {% load i18n %} or {% load static %} (which would
            # bring Django's own back; opora/core/tests/test_kept_tags.py checks).
            "builtins": [
                "opora.core.templatetags.opora_i18n",
                "opora.core.templatetags.opora_static",
                "template_partials.templatetags.partials",
                "opora.core.templatetags.opora_text",
                "opora.core.templatetags.opora_urls",
                "opora.core.templatetags.opora_extends",
            ],
        },
    }
]

# Inputs, selects and labels rendered without a template per option (same HTML).
FORM_RENDERER = "opora.core.forms.FormRenderer"

# Database: SQLite (WAL) in var/ by default, anything else by DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'opora.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # JIT compilation costs tens of milliseconds on the short queries of a web request and
    # never pays off there (measured: up to 78 ms added to a case list at 100,000 cases).
    DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options = DATABASES["default"]["OPTIONS"].get("options", "")
    DATABASES["default"]["OPTIONS"]["options"] = f"{_pg_options} -c jit=off".strip()
    # Django's backend with the statements every request runs prepared, planned once per
    # connection (opora/core/postgresql_backend): the server planned the case page's query for
    # 1.5 ms to run it for 0.1 ms. DB_PREPARED_STATEMENTS=0 for a connection pooler in transaction
    # mode that cannot keep prepared statements (PgBouncer before 1.21).
    DATABASES["default"]["ENGINE"] = "opora.core.postgresql_backend"
    if envbool("DB_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend with each statement's placeholders converted once (opora/core/sqlite_backend).
    DATABASES["default"]["ENGINE"] = "opora.core.sqlite_backend"
    # Tests run in memory, as with Django's engine (which pytest-django recognises by its name).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
    # Persistent connections here too (one per worker thread): opening an SQLite connection and
    # closing the last one (a WAL checkpoint) cost more than most queries.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout after repeated failures (django-axes): per user name and address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# One counter per account, whatever the spelling of the address (trimmed, case-folded).
AXES_USERNAME_CALLABLE = "opora.accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions: end after inactivity. The expiry is moved forward while the session is used, by a
# write at most once a minute (opora.accounts.middleware.SessionActivityMiddleware).
# Django's database sessions, read by a query compiled once per connection.
SESSION_ENGINE = "opora.accounts.sessions"
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", True) else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "cs"
# Dates and times per language (opora/formats/<lang>/formats.py); templates name the format
# ("SHORT_DATE_FORMAT"…), never a pattern.
FORMAT_MODULE_PATH = ["opora.formats"]
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Prague"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads in S3-compatible object storage (several app servers) when OPORA_S3_BUCKET is set;
# otherwise the private folder MEDIA_ROOT. Objects are private and sent only through the app's
# checked download views (streamed by opora.core.files.file_response), never by a public URL.
OPORA_S3_BUCKET = envstr("OPORA_S3_BUCKET", "")
if OPORA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": OPORA_S3_BUCKET,
            "endpoint_url": envstr("OPORA_S3_ENDPOINT_URL"),  # empty: AWS itself
            "region_name": envstr("OPORA_S3_REGION"),
            "access_key": envstr("OPORA_S3_ACCESS_KEY_ID"),
            "secret_key": envstr("OPORA_S3_SECRET_ACCESS_KEY"),
            "location": envstr("OPORA_S3_PREFIX", ""),
            "addressing_style": envstr("OPORA_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
            "object_parameters": ({"ServerSideEncryption": envstr("OPORA_S3_SSE")} if envstr("OPORA_S3_SSE") else {}),
        },
    }
# Uploaded files are private: never under STATIC_ROOT and there is no MEDIA_URL route.
MEDIA_ROOT = Path(envstr("OPORA_MEDIA_ROOT", str(VAR_DIR / "private")))
# No route serves this path: files are only sent by views after the access check.
MEDIA_URL = "/_private/"
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "opora@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Reminders (opora.day): links in e-mails start with this address ("https://opora.example.org");
# a worker's task overdue by this many days is also reported to the coordinators.
OPORA_BASE_URL = envstr("OPORA_BASE_URL", "").rstrip("/")
OPORA_ESCALATE_AFTER_DAYS = envint("OPORA_ESCALATE_AFTER_DAYS", 14)

OTP_TOTP_ISSUER = "Opora"
# After each wrong code the next attempt must wait 2^(n-1) seconds (n = failures in a row),
# even with the right code (django-otp's throttling); the same for recovery codes.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# How long an invitation link stays valid.
OPORA_INVITATION_MAX_AGE_DAYS = envint("OPORA_INVITATION_MAX_AGE_DAYS", 7)

# Logs go to standard error (journald under systemd). LOG_FORMAT=json (default): one JSON object
# per line (opora.core.logs); LOG_FORMAT=text for reading on a terminal. The request log
# (logger opora.request, level INFO) is on unless OPORA_REQUEST_LOG=false.
LOG_FORMAT = envstr("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "opora.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "opora.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if LOG_FORMAT == "text" else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
    "loggers": {
        "opora.request": {"level": "INFO" if envbool("OPORA_REQUEST_LOG", True) else "WARNING"},
        # Django's own per-request warnings ("Not Found: /path") duplicate the request log.
        "django.request": {"level": "ERROR"},
    },
}

# --- The REST API (opora/api) ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "opora.api.authentication.BearerTokenAuthentication",
        "opora.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["opora.api.permissions.ActsThroughMembership"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "opora.api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": ["rest_framework.filters.OrderingFilter"],
    "DEFAULT_THROTTLE_CLASSES": ["opora.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": envstr("OPORA_API_RATE", "600/minute")},
    "EXCEPTION_HANDLER": "opora.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "opora.api.schema.OporaAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Opora API",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set where several models use the same field name.
    "ENUM_NAME_OVERRIDES": {
        "SchoolKindEnum": "opora.schools.models.School.Kind",
        "ActivityKindEnum": "opora.cases.models.Activity.Kind",
        "TaskStatusEnum": "opora.cases.models.Task.Status",
        "GoalStatusEnum": "opora.cases.models.Goal.Status",
        "SchoolViewEnum": ["school"],
        "TeamViewEnum": ["team"],
        "ServiceViewEnum": ["service"],
    },
    "DESCRIPTION": "",  # set per language in opora/api/schema.py
    "PREPROCESSING_HOOKS": ["opora.api.schema.only_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "opora.api.schema.describe",
    ],
}
# Personal API tokens: at most this many days of validity.
OPORA_API_TOKEN_MAX_DAYS = envint("OPORA_API_TOKEN_MAX_DAYS", 365)
# An Idempotency-Key is remembered this many hours.
OPORA_API_IDEMPOTENCY_HOURS = envint("OPORA_API_IDEMPOTENCY_HOURS", 24)
