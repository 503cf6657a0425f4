"""Settings for the Phòng chống dịch portal, read from the environment.

One file serves development, tests and production: production is switched on by
environment variables (``DEBUG=0``, ``SECRET_KEY``, ``DATABASE_URL``,
``CELERY_BROKER_URL``, ``ALLOWED_HOSTS``), never by a file only production reads.
Every variable is documented once, in docs/configuration.md.
"""

import datetime
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean: 1/true/yes/on (any case) are true, 0/false/no/off/"" false."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list, dropping empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines of a local ``.env`` (created by ``make`` for development).

    Real environment variables always win, so production (systemd's EnvironmentFile) is never
    overridden by a stray file; blank lines and ``#`` comments are skipped.
    """
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: with DEBUG off the portal refuses to start without a secret key "
            "(set SECRET_KEY to a long random string, or DEBUG=1 for development)."
        )
    # Development only: a fixed key so sessions survive restarts of `make demo`.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" + (",*" if DEBUG else ""))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "core",
    "wards",
    "reports",
    "reports.summary",
    "inspections",
    "supplies",
    "directives",
    # The audit trail (django-auditlog): after the apps whose models it registers.
    "auditlog",
    "audit",
]

MIDDLEWARE = [
    # First, so every log line of the request (and the response) carries its request id.
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON gzipped (with Django's BREACH mitigation); static files are WhiteNoise's, above.
    "core.middleware.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # No browser or proxy keeps what a signed-in user was shown (Cache-Control: private, no-store).
    "core.middleware.PrivateResponsesMiddleware",
    # Audit trail: who (resolved per write), client address and request id on every audit entry.
    "audit.middleware.AuditMiddleware",
    "core.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last (django-axes): turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "wards.context_processors.district_identity",
            ],
            # Template libraries every template has without {% load %}: the number filters.
            "builtins": ["core.templatetags.formatting"],
        },
    },
]

# Database: DATABASE_URL, or an embedded SQLite file so a fresh clone runs with nothing else.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several people at once: every transaction takes the write lock
    # when it begins (IMMEDIATE), so two writers queue instead of failing with "database is
    # locked" halfway through; a writer waits up to 20 s for the lock (busy timeout); WAL lets
    # readers go on while one writes. Rules that PostgreSQL enforces with row locks
    # (select_for_update) then hold on SQLite too, because writers run one at a time.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file (not shared-cache memory, where writers fail at once instead of waiting),
    # one per process, so concurrent-writer tests run on SQLite as they do on PostgreSQL.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"pcd-test-{os.getpid()}.sqlite3")}

# Two database roles (docs/database-roles.md): the application connects with DATABASE_URL as a
# role that owns nothing, so it cannot truncate the audit log or switch off its trigger;
# `manage.py migrate` (core/management/commands/migrate.py) connects with DATABASE_MIGRATE_URL,
# the same database reached as the role that owns the tables. Keep DATABASE_MIGRATE_URL out of
# the services' environment. Unset: migrate uses DATABASE_URL, as with a single role.
DATABASE_MIGRATE_URL = os.environ.get("DATABASE_MIGRATE_URL", "")
DATABASE_MIGRATE: dict | None = None
if DATABASE_MIGRATE_URL:
    _owner = dj_database_url.parse(DATABASE_MIGRATE_URL)
    if (_owner["ENGINE"], _owner["NAME"]) != (DATABASES["default"]["ENGINE"], DATABASES["default"]["NAME"]):
        raise ImproperlyConfigured(
            "DATABASE_MIGRATE_URL must name the same PostgreSQL database as DATABASE_URL "
            "(the same database, reached as the role that owns its tables)."
        )
    DATABASE_MIGRATE = {key: _owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}
    DATABASE_MIGRATE["OPTIONS"] = _owner.get("OPTIONS", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "wards.User"
# django-axes' backend first: it refuses locked-out username+address pairs before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Cache: throttle counters and axes must be shared by every gunicorn worker in production, so
# point CACHE_URL at Redis there (e.g. redis://127.0.0.1:6379/1); the default is per process.
CACHE_URL = os.environ.get("CACHE_URL", "")
# A Redis that is down costs speed only (core/cache.py): reads miss, writes are dropped, and the
# short socket timeouts bound how long the first failed call waits.
CACHES = {
    "default": {
        "BACKEND": "core.cache.ForgivingRedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Vietnamese first, English available; Vietnam's time zone.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]  # each in its own language
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the language switch persists for a year
LANGUAGE_COOKIE_SAMESITE = "Lax"  # like the session cookie (HTTPS only in production, below)
LANGUAGE_COOKIE_HTTPONLY = True  # no script reads it; the server sets it on the switch
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Dates dd/mm/yyyy in both languages, in forms and messages too (config/formats/<language>/).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
TESTING = "pytest" in sys.modules
if TESTING:
    # Tests create many users; a fast hasher keeps the suite quick (never used outside tests).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# The blank choice of the filters' selects (django-filter shows "---------"); the forms' blank
# choice ("- Select an option -") is set in core.apps.CoreConfig.ready.
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("— All —")

# E-mail (reminders and urgent alerts). Django 6.1's MAILERS; console output in development.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS: dict[str, dict[str, Any]] = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "phongchongdich@localhost")

# REST API: session and token auth, pagination on every list, one OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request without credentials then gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["core.filters.StrictFilterBackend"],
    # DRF's parsers, with their parse errors translated (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.schema.PortalAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Services' ValidationError / PermissionDenied / Http404 become 400 / 403 / 404 JSON in one place.
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"auth-token": os.environ.get("TOKEN_RATE_LIMIT", "20/min")},
    # Throttles count per client address: behind N trusted proxies, take it from X-Forwarded-For.
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Phòng chống dịch API",
    "DESCRIPTION": "REST API of the district COVID-19 prevention portal (wards, reports, "
    "summaries, inspections, supplies). Session or token authentication.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the drf-spectacular-sidecar package (served from static/, no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a field named "status" or "kind"; give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "inspections.choices.Category",
        "DisinfectionCategoryEnum": "inspections.choices.DISINFECTION_TARGETS",
        "SiteKindEnum": "inspections.choices.SiteKind",
        "EstablishmentStatusEnum": "inspections.choices.EstablishmentStatus",
        "ScheduleStatusEnum": "inspections.choices.ScheduleStatus",
        "SuggestionStatusEnum": "inspections.choices.SuggestionStatus",
        "ScheduleKindEnum": "inspections.choices.ScheduleKind",
        "ReportKindEnum": "reports.choices.ReportKind",
        "ReportStatusEnum": "reports.choices.ReportStatus",
        "SummaryKindEnum": "reports.summary.models.KIND_CHOICES",
        "SummaryWardStatusEnum": "reports.summary.choices.WardStatus",
    },
}

# Celery: with CELERY_BROKER_URL unset, tasks run in-process (eagerly), so the demo and the
# tests need nothing else; with it set, a real worker (`celery -A config worker`) does them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# CELERY_TASK_ALWAYS_EAGER forces in-process tasks even with a broker (the test suite does
# this; the tests that need a real worker start one and switch it off).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
# Without a broker the web process also runs the beat schedule (core/beat.py); 0 turns it off.
IN_PROCESS_BEAT = env_bool("IN_PROCESS_BEAT", True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A message not acknowledged within this many seconds is redelivered: it must exceed the
# longest task's time limit (600 s, the sweeps), or a slow task would run twice at once. It is
# also how long a task whose worker was killed waits before another worker runs it.
# CELERY_VISIBILITY_TIMEOUT (seconds, default 3600) exists for the kill -9 test's worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600), "max_retries": 1}
# A Redis that is down must not hold a request for long: give up quickly, the sweeps catch up.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1}}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through LOGGING below (JSON lines with the task id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Idempotency records (core/idempotency.py) are kept this many days, then swept: at least 7.
IDEMPOTENCY_TTL_DAYS = max(7, env_int("IDEMPOTENCY_TTL_DAYS", 7))
# The installable web app's service worker names its cache after a hash of the app shell's files
# (core/pwa.py); set this to force a new cache without changing a file.
PWA_SHELL_VERSION = os.environ.get("PWA_SHELL_VERSION", "")
# An urgent report not acknowledged within this many minutes is alerted to the committee again,
# and after twice that to the administrators (reports.services.urgent_escalations_send).
URGENT_ACK_ESCALATION_MINUTES = max(1, env_int("URGENT_ACK_ESCALATION_MINUTES", 30))

# Demo accounts' password (`make demo`).
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo12345")

# ---- Security (docs/configuration.md describes every variable) ---------------------------------
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS. With DEBUG off every plain-HTTP request is redirected (not under the test runner, whose
# client speaks plain HTTP). /healthz/ stays reachable over HTTP for load-balancer probes.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
# Behind nginx (deploy/nginx.conf) TLS ends at the proxy: trust its X-Forwarded-Proto header.
# Only switch this on when the proxy always sets (overwrites) that header.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Number of reverse proxies in front of the app that append to X-Forwarded-For (nginx: 1).
# The client address for login lockouts and throttles is taken from that header only then.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# HSTS: browsers refuse plain HTTP for this host for a year (sent on HTTPS responses only).
# Start a first rollout lower (SECURE_HSTS_SECONDS=300) if HTTPS on every subdomain is not proven.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (Django's ContentSecurityPolicyMiddleware): only this site's own
# scripts, styles, fonts and images; an inline <script>/<style> runs only with the request's
# nonce (`{{ csp_nonce }}` from the csp context processor). CSP_REPORT_ONLY=1 reports instead.
_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The service worker (/sw.js) and the web app manifest (/manifest.webmanifest), issue 13.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if env_bool("CSP_REPORT_ONLY", False):
    SECURE_CSP_REPORT_ONLY = _CSP
else:
    SECURE_CSP = _CSP

# Sessions end after SESSION_COOKIE_AGE seconds of inactivity (default 2 h):
# core.middleware.SessionIdleTimeoutMiddleware pushes the expiry forward while the user is
# active, at most once per SESSION_REFRESH_INTERVAL seconds (not a database write per request).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 3600)
SESSION_REFRESH_INTERVAL = env_int("SESSION_REFRESH_INTERVAL", 60)

# Uploads and request bodies: a form body above 5 MB is refused (400); uploaded files above
# 5 MB are streamed to a temporary file instead of memory. nginx caps the whole request.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# Login brute-force protection (django-axes): AXES_FAILURE_LIMIT wrong passwords for one
# username from one address lock that pair for AXES_COOLOFF_MINUTES. Administrators unlock in
# the admin (Access attempts) or with `manage.py axes_reset_username <username>`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"  # the lockout page, with Retry-After

# Logging: JSON lines on stdout (LOG_FORMAT=json, the default with DEBUG off) or plain text;
# each line carries the request id (X-Request-ID), path, user id and, in Celery, the task id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.logging.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_context"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # its start-up banner on every command is noise
    },
}
