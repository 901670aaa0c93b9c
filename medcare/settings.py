"""medcare settings: one module, driven by environment variables (django-environ).

Every variable is listed in `.env.example`. Nothing exists only in production: differences are
variables. With ``DJANGO_DEBUG`` off (production mode) a missing or malformed secret makes the
process refuse to start, naming the variable (:class:`django.core.exceptions.ImproperlyConfigured`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import django_stubs_ext
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets generic Django classes be subscripted at run time (admin.ModelAdmin[Child]) for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
_env_file = BASE_DIR / ".env"
if _env_file.exists():
    environ.Env.read_env(str(_env_file))


def _bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="1" if default else "0").strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, got {raw!r}")


DEBUG = _bool("DJANGO_DEBUG", False)

_DEV_SECRET = "django-insecure-medcare-development-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production mode (DJANGO_DEBUG off) refuses to start "
            "without a secret key; set DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = _DEV_SECRET
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the host names served in production."
    )
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "health_records",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "health_records.middleware.RequestIdMiddleware",
    "health_records.middleware.NoStoreForSignedInMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "medcare.urls"
WSGI_APPLICATION = "medcare.wsgi.application"
ASGI_APPLICATION = "medcare.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "health_records.context_processors.membership",
            ],
        },
    },
]

# Database: SQLite under var/ by default (the embedded demo), PostgreSQL in production.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'medcare.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL with synchronous=NORMAL (SQLite's recommended pair, also Rails 8's default): the file
    # is never corrupted, and a commit survives the application crashing; an operating system
    # crash or power cut can lose the last commits (FULL: also fsync at every commit, ~5 ms).
    _synchronous = env.str("SQLITE_SYNCHRONOUS", default="NORMAL").upper()
    if _synchronous not in ("NORMAL", "FULL"):
        raise ImproperlyConfigured(
            f"SQLITE_SYNCHRONOUS must be NORMAL or FULL, not {_synchronous!r}"
        )
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_synchronous};",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt while the username+IP pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Simplified Chinese by default, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "health_records" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError) as exc:
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known IANA time zone") from exc

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: secure cookies and HSTS unless debugging; the reverse proxy terminates TLS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = _bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = _bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _bool("DJANGO_SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a one-way commitment for the whole domain; the hospital decides.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Celery: Redis in production; kombu's filesystem transport (no server) for the embedded demo.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_FILESYSTEM_DIR = env.path(
    "CELERY_BROKER_FILESYSTEM_DIR", default=str(VAR_DIR / "broker")
)

# Login lockout (django-axes): 5 failures for one username from one address lock that pair out
# for 15 minutes (web login, admin, and any view that authenticates). A centre behind one NAT
# address is not locked out as a whole by one user's typos.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0) or None
AXES_VERBOSE = False

# Content Security Policy (django-csp): no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# REST API (issue 7, /api/v1/): token auth for apps, session auth (with CSRF) for the browser;
# one error shape {"detail", "code"[, "fields"]} from health_records.api.exceptions.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "health_records.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "health_records.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "health_records.api.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "medcare API",
    "DESCRIPTION": "Children's health records of hospital-run childcare centres (issue 7).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from local static files (no CDN), loaded without inline scripts (CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set (several models have a "kind", "severity", "outcome", "mood").
    "ENUM_NAME_OVERRIDES": {
        "AbsenceReasonEnum": "health_records.models.attendance.AbsenceReason",
        "ToiletingKindEnum": "health_records.models.care.ToiletingKind",
        "CareMoodEnum": "health_records.models.care.Mood",
        "TriageEntryKindEnum": "health_records.models.alerts.TriageEntryKind",
        "TriageInputKindEnum": "health_records.api.serializers.alerts.TRIAGE_KINDS",
        "SymptomSeverityEnum": "health_records.models.symptoms.SymptomSeverity",
        "AlertSeverityEnum": "health_records.models.alerts.AlertSeverity",
        "InjurySeverityEnum": "health_records.models.injury.InjurySeverity",
        "InjuryOutcomeEnum": "health_records.models.injury.InjuryOutcome",
        "CheckOutcomeEnum": "health_records.models.checks.CheckOutcome",
        "AdministrationOutcomeEnum": "health_records.models.medication.AdministrationOutcome",
        "MoodFindingEnum": "health_records.models.checks.MoodFinding",
        "ScreeningResultEnum": "health_records.models.health_check.ScreeningResult",
        "AmountEatenEnum": "health_records.models.care.AmountEaten",
        "DueStatusEnum": "health_records.api.serializers.records.DUE_STATUSES",
    },
}

# E-mail: EMAIL_URL such as smtp+tls://user:password@smtp.example.cn:587 (console by default).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="medcare@localhost")

LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs every successful login at INFO; failures and lockouts stay visible.
        "axes": {"level": "WARNING"},
    },
}

# Alerts (issue 6). Timings in seconds; each is an environment variable of the same name.
#   ALERT_SITE_URL                  base URL put in outbound alert links (they require login)
#   ALERT_SWEEP_INTERVAL_SECONDS    beat interval of the alert sweep (escalation, re-send, stall)
#   ALERT_REDISPATCH_AFTER_SECONDS  a delivery still pending this long after creation is re-sent
#                                   by the sweep (then doubling, capped at ..._MAX_SECONDS)
#   ALERT_STALL_SECONDS             oldest undelivered alert older than this → banner + stall alert
#   ALERT_CLAIM_LEASE_SECONDS       a worker's claim on a delivery; a killed worker's claim expires
#   ALERT_RETRY_BASE/MAX_SECONDS    backoff of transient channel failures (doubling, capped)
#   ALERT_MAX_ATTEMPTS              attempts before a delivery is marked failed
#   ALERT_PUBLISH_PAUSE_SECONDS     after a failed publish (broker down) web processes stop trying
#                                   for this long and leave delivery to the sweep
#   ALERT_SMS_BACKEND               dotted path of the SMS gateway class (default: log only)
ALERT_SITE_URL = env.str("ALERT_SITE_URL", default="http://localhost:8000")
ALERT_SWEEP_INTERVAL_SECONDS = env.float("ALERT_SWEEP_INTERVAL_SECONDS", default=5.0)
ALERT_REDISPATCH_AFTER_SECONDS = env.float("ALERT_REDISPATCH_AFTER_SECONDS", default=15.0)
ALERT_REDISPATCH_MAX_SECONDS = env.float("ALERT_REDISPATCH_MAX_SECONDS", default=300.0)
ALERT_STALL_SECONDS = env.float("ALERT_STALL_SECONDS", default=120.0)
ALERT_CLAIM_LEASE_SECONDS = env.float("ALERT_CLAIM_LEASE_SECONDS", default=60.0)
ALERT_RETRY_BASE_SECONDS = env.float("ALERT_RETRY_BASE_SECONDS", default=5.0)
ALERT_RETRY_MAX_SECONDS = env.float("ALERT_RETRY_MAX_SECONDS", default=300.0)
ALERT_MAX_ATTEMPTS = env.int("ALERT_MAX_ATTEMPTS", default=8)
ALERT_PUBLISH_PAUSE_SECONDS = env.float("ALERT_PUBLISH_PAUSE_SECONDS", default=5.0)
ALERT_SMS_BACKEND = env.str(
    "ALERT_SMS_BACKEND", default="health_records.channels.sms.LoggingSmsBackend"
)
