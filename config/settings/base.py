"""Settings shared by every environment. Values come from the environment (django-environ)."""

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# The database: a SQLite file under var/ unless DATABASE_URL points elsewhere (PostgreSQL in production).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'regiojobs.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A connection per request here; production keeps them (settings/production.py), checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker or crawler writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "knox",
    "axes",
    "allauth",
    "allauth.account",
    "accounts",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
    "django_guid",
    "regions",
    "companies",
    "jobs",
    "search",
    "crawlers",
    "frontend",
    "legal",
    "audit",
    "ops",
    "notifications",
    "moderation",
    "profiles",
    "savedjobs",
    "alerts",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a login that locked its user name + address out into the 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's own page for a rejected form is bare English: ours is in the layout and language of the site.
CSRF_FAILURE_VIEW = "frontend.error_views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Leaflet (leaflet/leaflet.js, leaflet/leaflet.css) from the django-leaflet package's static files. Only its files:
# as an installed app it needs GeoDjango (GDAL), which the site does not use.
_leaflet = find_spec("leaflet")
STATICFILES_DIRS = [Path(p) / "static" for p in (_leaflet.submodule_search_locations or [])] if _leaflet else []
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "/accounts/login/"
# The operator to their dashboard, company members to the company area, a new company person to the company
# registration, everyone else to the seeker dashboard (frontend.views.after_login).
LOGIN_REDIRECT_URL = "frontend:after_login"
LOGOUT_REDIRECT_URL = "/"

# --- Accounts (django-allauth) ---------------------------------------------------------------------------------------
# Anyone may sign up (job seekers and company staff) with an e-mail address they confirm by a link before the first
# login. Logins take the e-mail address or the user name (the operator's, the demo's and older company logins).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
# No user name and no name at sign-up: the user name is made from the address (it never appears on a public page),
# first and last name are asked where a profile shows them.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "regiojobs: "
# A password reset asked for an address without an account sends nothing (no mail to strangers).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_GET = False
# Confirming one's identity again (allauth's reauthentication page) by password only: no sign-in codes by mail.
ACCOUNT_REAUTHENTICATION_METHODS = ["password"]
# allauth's own limits (per address, user or e-mail; 429 page): sign-up, reset and verification mails, e-mail and
# password changes keep its defaults. Failed logins are django-axes' alone (user name + address, the 429 lockout
# page above), so that one login page and the API count them the same way. Logins per address: allauth's 30 a minute
# unless LOGIN_RATE_LIMIT says otherwise (the browser tests' site, which logs in from one address all the time).
ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": env("LOGIN_RATE_LIMIT", default="30/m/ip")}

# --- E-mail ---------------------------------------------------------------------------------------------------------
# One URL says how mail leaves (django-environ): smtp://user:password@host:25, smtp+tls://…:587 (STARTTLS),
# smtp+ssl://…:465, consolemail:// (printed; the default here and under `make run`), filemail:///absolute/folder
# (one file per connection), memorymail:// (kept in memory, for tests). Production demands one (production.py).


def email_config(url: str) -> dict[str, Any]:
    """The EMAIL_* settings of an e-mail URL. Unlike django-environ's parser, filemail:///var/mail means the
    absolute folder /var/mail (and filemail:// alone the folder var/mail of the project); unset parts get Django's
    defaults (localhost; port 25, 587 with STARTTLS, 465 with TLS)."""
    parsed = environ.Env.email_url_config(url)
    scheme = urlsplit(url).scheme
    use_tls, use_ssl = bool(parsed.get("EMAIL_USE_TLS")), bool(parsed.get("EMAIL_USE_SSL"))
    return {
        "EMAIL_BACKEND": parsed["EMAIL_BACKEND"],
        "EMAIL_HOST": parsed.get("EMAIL_HOST") or "localhost",
        "EMAIL_PORT": parsed.get("EMAIL_PORT") or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": parsed.get("EMAIL_HOST_USER") or "",
        "EMAIL_HOST_PASSWORD": parsed.get("EMAIL_HOST_PASSWORD") or "",
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_FILE_PATH": (urlsplit(url).path or str(VAR_DIR / "mail")) if scheme == "filemail" else None,
    }


EMAIL_URL = env("EMAIL_URL", default="") or "consolemail://"
_email = email_config(EMAIL_URL)
EMAIL_BACKEND: str = _email["EMAIL_BACKEND"]
EMAIL_HOST: str = _email["EMAIL_HOST"]
EMAIL_PORT: int = _email["EMAIL_PORT"]
EMAIL_HOST_USER: str = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD: str = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS: bool = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL: bool = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH: str | None = _email["EMAIL_FILE_PATH"]
# A mail server that does not answer holds a worker this long (seconds), then the send is retried later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="regiojobs <noreply@regiojobs.example>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)  # Django's own mails (errors to ADMINS)
# Absolute links in e-mails start with this (scheme, host and port the recipients reach the site at; no slash at
# the end).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Who hears of a new company registration besides the active staff users allowed to change companies.
OPERATOR_EMAILS = env.list("OPERATOR_EMAILS", default=[])
# A crawl source's company is told once when this many runs in a row have failed (again only after a healthy run).
CRAWLER_FAILURE_MAIL_AFTER = 3

# --- Cache, login lockout, API throttles and tokens -----------------------------------------------------------------
# The cache holds the lockout and throttle counters, so in production it must be one that every web process and
# machine shares (CACHE_URL=redis://host:6379/1); the default, in-process memory, suits one process only.


def cache_config(config: dict[str, Any]) -> dict[str, Any]:
    """A CACHES entry; the in-process cache gets room for the cached fragments, lists and reference data of one
    process (Django's default, 300 entries, would evict them constantly)."""
    if config["BACKEND"].endswith("LocMemCache"):
        config.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
    return config


# Rendered template fragments ({% cache %}) stay in each process's own memory, whatever CACHE_URL says: their keys
# hold what they show or the generations of config.caching (read from the shared cache), so processes never disagree,
# and no page's HTML crosses the network. Bounded by count: at ~30 KB a results page, 2,000 are ~60 MB a process.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": env.int("FRAGMENT_CACHE_ENTRIES", default=2000)},
}
CACHES = {
    "default": cache_config(env.cache("CACHE_URL", default="locmemcache://")),
    "template_fragments": FRAGMENT_CACHE,
}
# Addresses of clients come from REMOTE_ADDR, or with N trusted reverse proxies in front from X-Forwarded-For as the
# N-th proxy saw it. Never more than there really are: a client could otherwise make up its address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# django-axes: after LOGIN_FAILURE_LIMIT failed logins with one user name from one address (login page, admin and
# API token), that pair is locked for LOGIN_COOLOFF_MINUTES (each further attempt restarts it): 429 + Retry-After.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-up, e-mail verification, login by e-mail address (django-allauth).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]  # masked in axes' log lines
AXES_ENABLE_ADMIN = False  # its attempt tables stay empty with the cache handler; locks pass after the cool-off
# API throttles (DRF, counted in the cache): the token endpoint per address; writes per address or per user.
API_THROTTLE_RATES = {
    "auth-token": env("API_THROTTLE_AUTH_TOKEN", default="30/hour"),
    "anon-write": env("API_THROTTLE_ANON_WRITE", default="100/hour"),
    "user-write": env("API_THROTTLE_USER_WRITE", default="1000/hour"),
    # The seeker's data export (a read of everything about them) and CV uploads (files of up to 5 MB), per user.
    "me-export": env("API_THROTTLE_ME_EXPORT", default="10/hour"),
    "me-cv-upload": env("API_THROTTLE_ME_CV_UPLOAD", default="30/hour"),
}
# django-rest-knox: a new token per login, stored as a SHA-512 digest, valid for API_TOKEN_TTL_HOURS.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.float("API_TOKEN_TTL_HOURS", default=10.0)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# --- Django REST Framework -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["config.throttling.AnonWriteThrottle", "config.throttling.UserWriteThrottle"],
    "DEFAULT_THROTTLE_RATES": API_THROTTLE_RATES,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["config.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api.StandardPagination",
    # JSON read by orjson and bounded in depth (API_JSON_MAX_DEPTH): a deep body is a 400, never a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "regiojobs API",
    "DESCRIPTION": "Vacancies of the region's member companies: search, read and (for company members) publish.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: the docs work offline and load nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation's error answers (400/401/403/404/429/503) are documented by one hook.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.api.document_error_responses"],
    # Choice sets sharing a field name with another get a name of their own: a posting's contract (permanent, fixed
    # term) and a seeker's wish (the same, or either); a contact request's status.
    "ENUM_NAME_OVERRIDES": {
        "ContractEnum": "jobs.models.Contract",
        "ProfileContractEnum": "profiles.models.ContractPreference",
        "ContactRequestStatusEnum": "profiles.models.ContactStatus",
    },
}

# --- Security headers -----------------------------------------------------------------------------------------------
# Content-Security-Policy (django-csp): nothing inline — scripts and styles come from our static files. A view that
# must run a third party's inline code (the Swagger UI page) adds a nonce for itself (see config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # + the map's tile server (below)
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# --- Map -------------------------------------------------------------------------------------------------------------
# The maps of the results and of the region (Leaflet): the tile server's URL template and the attribution its
# licence requires (HTML). Empty MAP_TILE_URL: the maps show their markers without tiles.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def tile_origin(url: str) -> str:
    """The origin a tile URL template loads from, as a CSP source ("{s}.tile.example.org" allows every subdomain);
    "" when the template names none."""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


if tile_origin(MAP_TILE_URL):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(tile_origin(MAP_TILE_URL))

# Permissions-Policy (django-permissions-policy): geolocation only for our own pages, the rest off.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
    "browsing-topics": [],
}

# --- Audit -----------------------------------------------------------------------------------------------------------
# Entries older than this are deleted by the nightly audit.purge task (and `manage.py audit_purge`).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
# Longer text values (descriptions) are kept as their start, length and digest, not in full.
AUDIT_VALUE_MAX_CHARS = 200

# --- Celery ----------------------------------------------------------------------------------------------------------
# Tasks go through the broker. Only the local and test settings run them in-process (eager) when no broker is set;
# production refuses to start without one (see production.py).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = False
if CELERY_BROKER_URL.startswith("filesystem://"):
    # A broker in a folder: `make run` gets a real worker and beat without any server.
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "control").mkdir(exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
# In-process tasks raise their errors where they were called instead of swallowing them.
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task is acknowledged when it has finished, not when it starts: a worker that dies mid-task leaves it
# unacknowledged and it is delivered again (a crawl is protected from running twice by its source's lock and
# the one-running-run-per-source constraint; an index update is idempotent).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# How long one crawlers.crawl_host task (all due sources of one host, in turn) may run: the longest task.
CRAWLER_HOST_TASK_LIMIT = env.int("CRAWLER_HOST_TASK_LIMIT", default=3 * 3600)
# Redis hands an unacknowledged task to another worker after this many seconds. It must exceed the longest task,
# or a task still running would be started a second time. (The crawl itself is back within minutes anyway: the
# orphaned run is closed and its source released by crawlers.reap_orphans, and crawl_due dispatches it again.)
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=CRAWLER_HOST_TASK_LIMIT + 15 * 60)
# Every worker (of any queue) sweeps Redis for unacknowledged tasks older than the visibility timeout and queues
# them again: a lost task comes back within the timeout plus this sweep interval. kombu's own sweep runs every
# ~100 s (a 10 s timer that scans on every 10th tick) whatever the timeout, so a short timeout redelivered only
# when a worker happened to start late enough. A tenth of the timeout here, at most kombu's 100 s (so production,
# with hours of timeout, sweeps as before), at least 1 s.
CELERY_UNACKED_RESTORE_SECONDS = max(1, min(100, CELERY_VISIBILITY_TIMEOUT // 10))
# Several deployments (staging, production) may share one Redis: each its own key namespace.
CELERY_BROKER_KEY_PREFIX = env("CELERY_BROKER_KEY_PREFIX", default="")
if CELERY_BROKER_URL.startswith(("redis://", "rediss://", "redis+socket://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": CELERY_UNACKED_RESTORE_SECONDS,
        "unacked_restore_throttle": 1,  # scan on every tick of the timer above
        "global_keyprefix": CELERY_BROKER_KEY_PREFIX,
    }
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- regiojobs ------------------------------------------------------------------------------------------------------
# Postings without valid-through expire this many days after they were posted.
JOBS_DEFAULT_VALIDITY_DAYS = env.int("JOBS_DEFAULT_VALIDITY_DAYS", default=60)
# Counties (AGS) of the default region, used when no Region is marked default in the database.
REGIOJOBS_DEFAULT_REGION = {
    "name": "Nordthüringen",
    "slug": "nordthueringen",
    "counties": ["16062", "16065", "16064"],
}
# The largest picture an operator may upload for a region's home page face.
REGION_IMAGE_MAX_BYTES = env.int("REGION_IMAGE_MAX_BYTES", default=2_000_000)
# Reports of postings ("Report this posting") one address or browser session may send per hour.
POSTING_REPORTS_PER_HOUR = env.int("POSTING_REPORTS_PER_HOUR", default=5)
# Job alerts' digests go out from this hour on (local time, Europe/Berlin); `manage.py send_alerts --now` sends
# what is due at once. Guests may save this many alerts per hour from one address or browser session.
ALERTS_SEND_HOUR = env.int("ALERTS_SEND_HOUR", default=7)
ALERTS_GUEST_PER_HOUR = env.int("ALERTS_GUEST_PER_HOUR", default=5)
# --- Seeker profiles (the exchange) ---
# CVs and other private files: a folder no web server serves (no URL); only views that check who asks read it.
PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
PROFILES_CV_MAX_BYTES = env.int("PROFILES_CV_MAX_BYTES", default=5 * 1024 * 1024)
# A published profile the seeker has not updated for this many days is hidden, after a reminder this many days
# before (the retention rules of the privacy page).
PROFILES_STALE_DAYS = env.int("PROFILES_STALE_DAYS", default=180)
PROFILES_STALE_REMINDER_DAYS = env.int("PROFILES_STALE_REMINDER_DAYS", default=14)
# Contact requests (companies asking a candidate to get in touch): an unanswered one expires after this many days;
# a company sends at most this many new ones in any 24 hours (beyond: 429 with Retry-After).
CONTACT_REQUEST_EXPIRY_DAYS = env.int("CONTACT_REQUEST_EXPIRY_DAYS", default=30)
CONTACT_REQUESTS_PER_COMPANY_PER_DAY = env.int("CONTACT_REQUESTS_PER_COMPANY_PER_DAY", default=20)
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-password")
# seed_demo refuses to create demo logins unless this is true (never in production).
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=False)

# --- Logging --------------------------------------------------------------------------------------------------------
# One line per record: plain text on a developer's terminal, JSON (python-json-logger) in production, where a log
# shipper parses it. Every record carries the request id (django-guid: taken from a valid incoming X-Request-ID or
# generated, echoed in the response's X-Request-ID header), so one request's lines can be found together.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="plain")  # "plain" or "json"
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,  # a client's id is used only if it is a UUID: nothing arbitrary enters the logs
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": True,
}
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # httpx logs every request at INFO (the crawlers and the Elasticsearch client make many).
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # django-guid says at INFO for every request whether it took or made the id.
        "django_guid": {"level": "WARNING"},
        # One line per crawled page is for debugging a source, not for the everyday log.
        "crawlers": {"level": env("CRAWLER_LOG_LEVEL", default="INFO")},
    },
}

# --- Postings limits ------------------------------------------------------------------------------------------------
# Every limit a posting is held to, in one place; jobs.validation applies them to the API, the company-area pages and
# crawler imports alike (crawler imports are clamped where that is sensible: jobs.validation.posting_fit_limits).
JOBS_MAX_WORKPLACES = env.int("JOBS_MAX_WORKPLACES", default=50)
JOBS_DESCRIPTION_MAX_CHARS = env.int("JOBS_DESCRIPTION_MAX_CHARS", default=50_000)
# valid-through at most this many days from today: no posting stays up for ever.
JOBS_VALID_THROUGH_MAX_DAYS = env.int("JOBS_VALID_THROUGH_MAX_DAYS", default=365)
# date posted is never in the future nor before the company joined, except that postings a company brings along
# when it joins may be up to this many days old.
JOBS_DATE_POSTED_MAX_AGE_DAYS = env.int("JOBS_DATE_POSTED_MAX_AGE_DAYS", default=365)
# JSON request bodies nested deeper than this answer 400 (a posting's write shape needs three levels).
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)

# --- Operations ------------------------------------------------------------------------------------------------------
# /readyz gives each dependency this long (seconds) to answer before it counts as down.
OPS_READY_TIMEOUT = env.float("OPS_READY_TIMEOUT", default=2.0)

# --- Crawlers --------------------------------------------------------------------------------------------------------
# The crawler connects only to public addresses. The exceptions are exact "address:port" entries (e.g. the demo
# career sites of `make run`, "127.0.0.1:8001"), and they apply only to sources the operator added (admin, manage.py,
# the demo); a source a company user adds must resolve to public addresses, whatever this says.
CRAWLER_ALLOWED_ADDRESSES = env.list("CRAWLER_ALLOWED_ADDRESSES", default=[])
CRAWLER_USER_AGENT = env(
    "CRAWLER_USER_AGENT", default="regiojobs-crawler/1.0 (+https://regiojobs.example/crawler; jobs@regiojobs.example)"
)
# A posting missing from a source is closed after this many consecutive complete, well-formed runs.
CRAWLER_VANISH_RUNS = env.int("CRAWLER_VANISH_RUNS", default=2)
CRAWLER_CONNECT_TIMEOUT = env.float("CRAWLER_CONNECT_TIMEOUT", default=10.0)
CRAWLER_READ_TIMEOUT = env.float("CRAWLER_READ_TIMEOUT", default=20.0)
CRAWLER_SOURCE_BUDGET = env.float("CRAWLER_SOURCE_BUDGET", default=300.0)  # seconds per source and run
CRAWLER_HOST_DELAY = env.float("CRAWLER_HOST_DELAY", default=2.0)  # seconds between requests to one host
CRAWLER_HOST_JITTER = env.float("CRAWLER_HOST_JITTER", default=1.0)
CRAWLER_MAX_CRAWL_DELAY = env.float("CRAWLER_MAX_CRAWL_DELAY", default=30.0)  # cap on robots.txt Crawl-delay
CRAWLER_MAX_RETRIES = env.int("CRAWLER_MAX_RETRIES", default=3)
CRAWLER_BACKOFF_BASE = env.float("CRAWLER_BACKOFF_BASE", default=1.0)
CRAWLER_MAX_RETRY_AFTER = env.float("CRAWLER_MAX_RETRY_AFTER", default=120.0)
CRAWLER_MAX_REDIRECTS = 5
CRAWLER_MAX_HTML_BYTES = env.int("CRAWLER_MAX_HTML_BYTES", default=5 * 1024 * 1024)
CRAWLER_MAX_FEED_BYTES = env.int("CRAWLER_MAX_FEED_BYTES", default=20 * 1024 * 1024)
CRAWLER_MAX_PAGES = env.int("CRAWLER_MAX_PAGES", default=200)  # detail pages per source and run
CRAWLER_MAX_CONCURRENT_HOSTS = env.int("CRAWLER_MAX_CONCURRENT_HOSTS", default=8)
CRAWLER_DEFAULT_INTERVAL_HOURS = env.int("CRAWLER_DEFAULT_INTERVAL_HOURS", default=24)
# A running crawl records a heartbeat every CRAWLER_HEARTBEAT_SECONDS. A run without one for
# CRAWLER_HEARTBEAT_TIMEOUT seconds lost its worker: crawlers.reap_orphans (every CRAWLER_REAP_EVERY_SECONDS)
# closes it as failed and releases its source, so an orphan is cleaned up within timeout + interval (≤ 5 min).
CRAWLER_HEARTBEAT_SECONDS = env.float("CRAWLER_HEARTBEAT_SECONDS", default=20.0)
CRAWLER_HEARTBEAT_TIMEOUT = env.float("CRAWLER_HEARTBEAT_TIMEOUT", default=180.0)
CRAWLER_REAP_EVERY_SECONDS = env.int("CRAWLER_REAP_EVERY_SECONDS", default=60)

# --- Search ---------------------------------------------------------------------------------------------------------
# The search index is a projection of the visible postings (search_reindex rebuilds it from the database).
# Default: the embedded SQLite FTS5 index in a file under var/, whatever the main database is. Production can use
# Elasticsearch or OpenSearch: SEARCH_BACKEND=search.backends.elasticsearch.ElasticsearchBackend plus
# ELASTICSEARCH_URL; set SEARCH_OPENSEARCH=true for OpenSearch (plain application/json media types).
SEARCH_BACKENDS = {
    "default": {
        "BACKEND": env("SEARCH_BACKEND", default="search.backends.sqlite_fts.SqliteFtsBackend"),
        "PATH": env("SEARCH_INDEX_PATH", default=str(VAR_DIR / "search" / "postings.sqlite3")),
        "URLS": env.list("ELASTICSEARCH_URL", default=["http://127.0.0.1:9200"]),
        "INDEX": env("SEARCH_INDEX_NAME", default="regiojobs-postings"),
        "OPENSEARCH": env.bool("SEARCH_OPENSEARCH", default=False),
        "TIMEOUT": env.float("SEARCH_TIMEOUT", default=5.0),
        "MAX_RETRIES": env.int("SEARCH_MAX_RETRIES", default=2),
    },
}
# A place without a radius searches this far around it (km), and the forms pre-select it; unset: the search's own
# default (search.query.DEFAULT_RADIUS_KM).
SEARCH_DEFAULT_RADIUS_KM = env.float("SEARCH_DEFAULT_RADIUS_KM", default=None)
# Every posting change is recorded in the search outbox (PendingIndexUpdate) in its own transaction; the drain
# (search.drain_outbox, every minute) indexes rows older than SEARCH_OUTBOX_GRACE_SECONDS that the update task
# has not handled (lost message, dead worker, engine down). search.reconcile compares the whole index with the
# database hourly. Both are registered by `manage.py setup_periodic_tasks`.
SEARCH_OUTBOX_GRACE_SECONDS = env.float("SEARCH_OUTBOX_GRACE_SECONDS", default=30.0)
