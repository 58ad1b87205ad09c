"""Settings for the political prisoner registry, read from the environment.

Every variable is documented in README.md and deploy/registry.env.example. A bad value is an error that names
the variable; with DEBUG off the app refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

import datetime
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from registry.db import code_version
from registry.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REGISTRY_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
TESTING = "pytest" in sys.modules or env_bool("REGISTRY_TESTING", default=False)

_DEV_SECRET = "insecure-development-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET if (DEBUG or TESTING) else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG or TESTING else [])

if not DEBUG and not TESTING:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 32 characters when DEBUG is off "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the host names this site is served under when DEBUG is off "
            "(comma-separated, e.g. ALLOWED_HOSTS=registry.example.org)."
        )

INSTALLED_APPS = [
    "registry.apps.StaffAdminConfig",  # django.contrib.admin with two-factor login (REQUIRE_2FA)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver serves static files the way production does
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "knox",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "registry",
    "pardons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files answered before anything else runs (no session, no database).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "registry.site.headers.SecurityHeadersMiddleware",
    # A reading request reads the data version once, however many cached parts its answer has.
    "registry.db.freshness.OneVersionPerRequest",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "registry.site.languages.LanguageFromLink",  # LocaleMiddleware, and ?lang=be on any page
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Before anything reads the database: no null character from the address reaches a query.
    "registry.errors.RefuseNullCharacters",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication: only anonymous readers are sent to a read replica.
    "registry.db.replicas.ReadFromReplica",
    # Inside the replica choice: ids of merged-away records answer 301 to the record they went to.
    "registry.redirects.MergedRecordRedirect",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

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
            ],
        },
    },
]

# DATABASE_URL unset: the embedded PostgreSQL under var/ (started on demand).
DATABASE_URL = env_str("DATABASE_URL")
USING_EMBEDDED_DB = not DATABASE_URL
if USING_EMBEDDED_DB:
    from registry.db.embedded import embedded_database_url

    DATABASE_URL = embedded_database_url(VAR_DIR)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres:// or postgresql://).")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django's backend with a health check that needs no round trip while the connection is quiet.
DATABASES["default"]["ENGINE"] = "registry.db.postgresql"
# Name search (registry.search) matches with pg_trgm's `%>`; at the default 0.6 a surname with two
# typos is missed, and at 0.5 two letters swapped mid-word (0.43 for "uzronulin" in "uzornulin").
# Set per connection, so no extra query per search and no database-owner rights.
# No parallel query: it shortens one lone query while cores are idle, but a web app's cores are busy with other
# requests, and starting the workers costs more than it saves (figures in README "Benchmark").
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = (
    f"{_options.get('options', '')} -c pg_trgm.word_similarity_threshold=0.4 -c max_parallel_workers_per_gather=0"
).strip()

# Read replicas (README "Production"): anonymous readers' GET requests go to a streaming standby
# (registry/db/replicas.py); writes, staff and API tokens to the primary.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    try:
        _replica = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS has an invalid database URL: {exc}") from None
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica["ENGINE"] = DATABASES["default"]["ENGINE"]
    _replica.setdefault("OPTIONS", {})["options"] = _options["options"]
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
# Where backup/restore find pg_dump and pg_restore if not on PATH (registry/db/backup.py).
PG_BIN_DIR = env_str("PG_BIN_DIR")
DATABASE_ROUTERS = ["registry.db.replicas.PrimaryOrPinnedReplica"]
REPLICA_RETRY_SECONDS = env_int("REPLICA_RETRY_SECONDS", 30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Staff accounts (see README "Staff accounts"): lock an address out after repeated failed logins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 60))
# Locks the attacker's address, never the account, so nobody can lock a colleague out by guessing their
# username; the address is the one registry.network derives behind the trusted proxies.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "registry.network.client_address"
AXES_RESET_ON_SUCCESS = True
# The same page whether or not the username exists, so a lockout reveals nothing about accounts.
AXES_LOCKOUT_TEMPLATE = "registry/lockout.html"
AXES_VERBOSE = False
# Two-factor (TOTP) login to the admin; devices are added with `manage.py add_totp_device`.
REQUIRE_2FA = env_bool("REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Prisoner Registry")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("be", "Беларуская"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django has no Belarusian date formats; ours are in registry/site/formats/be/.
FORMAT_MODULE_PATH = ["registry.site.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Minsk")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_URL = "media/"
# With DEBUG off, `manage.py collectstatic` writes each file under a content-hashed name, gzipped beside
# it, and WhiteNoise serves them (for ever cacheable). Tests and DEBUG use the files as they are.
if DEBUG or TESTING:
    # WhiteNoise then serves from the apps' folders, but warns when the collected folder does not exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Visitors can be at risk: keep cookies and framing tight.
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after a working day without a request (only staff have sessions; readers' are empty
# and never saved). Saving on every request is what makes the age count from the last request.
SESSION_COOKIE_AGE = env_int("STAFF_SESSION_IDLE_HOURS", 9) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True

# Behind a TLS proxy (README "Production"). TRUSTED_PROXY_COUNT proxies append to X-Forwarded-For and set
# X-Forwarded-Proto; with none, both headers are ignored (registry.network.client_address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# The correction forms' per-address limit (django-ratelimit) counts the same address as the API and axes.
RATELIMIT_IP_META_KEY = "registry.network.client_address"
# While Redis is unreachable the limit lets reports through, as the API throttles do, rather than refuse all.
RATELIMIT_FAIL_OPEN = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Answers that cost a scan (API responses, facet counts) are cached per process under the data version
# (registry/db/freshness.py), so an entry is never served after a change. 0 turns the caches off.
DERIVED_CACHE_ENTRIES = env_int("DERIVED_CACHE_ENTRIES", 500)
# Larger API responses are not kept, so the cache stays under entries x this (500 x 256 KB = 128 MB).
DERIVED_CACHE_MAX_BYTES = env_int("DERIVED_CACHE_MAX_BYTES", 256 * 1024)
# REDIS_URL set: both caches live in Redis, shared by every worker and app server, so a throttle's limit
# holds across them and an answer computed once serves them all. Unset: each process keeps its own.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix:// (got {REDIS_URL!r}).")
    _redis = {
        "BACKEND": "registry.db.redis_cache.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    _prefix = env_str("CACHE_KEY_PREFIX", "registry")
    # Kept answers outlive a process here: their keys name the code that made them (registry.db.code_version).
    _code = code_version.fingerprint(BASE_DIR)
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": f"{_prefix}:default"},
        # Keys carry the date, so a day is the longest any entry can still be asked for.
        "derived": {**_redis, "KEY_PREFIX": f"{_prefix}:derived:{_code}", "TIMEOUT": 24 * 60 * 60},
        "checks": {**_redis, "KEY_PREFIX": f"{_prefix}:checks:{_code}", "TIMEOUT": 24 * 60 * 60},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "derived": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "derived",
            "TIMEOUT": None,  # invalidated by the version in the key, not by age
            "OPTIONS": {"MAX_ENTRIES": max(DERIVED_CACHE_ENTRIES, 1)},
        },
        # What kept answers are made of (a few KB each): apart, so they never push a kept answer out.
        "checks": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "checks",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": max(DERIVED_CACHE_ENTRIES, 1)},
        },
    }

# Background tasks (CSV imports): queued in PostgreSQL, run by `manage.py db_worker` (README, "Running it").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Readers' reports (inaccuracy, missing person) accepted per address per hour (registry.site.corrections).
REPORTS_PER_HOUR = env_int("REPORTS_PER_HOUR", 5)
# Import jobs (their files hold personal data) older than this are deleted by `manage.py prune_import_jobs`.
IMPORT_JOB_KEEP_DAYS = env_int("IMPORT_JOB_KEEP_DAYS", 7)

# The journalist API (registry/api/, pardons/api/). Throttle rates are "N/second|minute|hour|day".
API_ANON_RATE = env_str("API_ANON_RATE", "60/minute")
API_TOKEN_RATE = env_str("API_TOKEN_RATE", "600/minute")
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500)
# The small-cell rule (registry.models.visibility.anonymous_may_be_counted): figures count the anonymous
# people of a filtered set only when at least this many are in it.
STATISTICS_MIN_ANONYMOUS = env_int("STATISTICS_MIN_ANONYMOUS", 5)
# API tokens (django-rest-knox): stored as SHA-512 digests, shown once when made, expiring, revocable.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env_int("API_TOKEN_TTL_DAYS", 90)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "registry.api.schema.RegistryAutoSchema",
    # Token first, so an anonymous write gets 401 with a WWW-Authenticate header rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["registry.api.access.StaffMayWrite"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["registry.api.access.AnonymousThrottle", "registry.api.access.TokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["registry.api.rendering.FastJSONRenderer"],
    "EXCEPTION_HANDLER": "registry.api.access.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Political Prisoner Registry API",
    "DESCRIPTION": (
        "Read-only access for everyone (throttled), a higher limit with an API token, writes for staff tokens. "
        "Anonymous people are counted in statistics but never named; private records appear nowhere. "
        "Partial dates are ISO strings as precise as known (`2021`, `2021-05`, `2021-05-14`) with a "
        "`*_precision` field beside them. Lists use cursor pagination (`next`/`previous` links)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Local copies of Swagger UI (drf-spectacular-sidecar): no CDN, the CSP allows only this host.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PrecisionEnum": "registry.dates.Precision",
        "FacilityKindEnum": "registry.models.FacilityKind",
        "CustodyKindEnum": "registry.models.CustodyKind",
        "NameKindEnum": "registry.models.NameKind",
        "EventKindEnum": "registry.models.EventKind",
        "DecreeKindEnum": "pardons.models.DecreeKind",
    },
}

# `make bench` turns this on to serve /bench/floor, a trivial JSON view measuring the framework alone.
BENCH_FLOOR = env_bool("BENCH_FLOOR", default=False)

# The licence the published data is under (exports; README "Licences"); the code is MIT (LICENSE).
# Evidence files attached to sources (registry.models.evidence): the largest upload accepted.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20_000_000)
DATA_LICENCE = env_str("DATA_LICENCE", "CC BY 4.0")
DATA_LICENCE_URL = env_str("DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/")

# The date from which the home page counts pardons ("since summer 2024").
PARDON_SERIES_SINCE = env_str("PARDON_SERIES_SINCE", "2024-07-01")

# Logs (registry/logs.py): JSON lines with LOG_FORMAT=json (production), plain text otherwise; no search
# text, query strings or exception messages, client addresses masked unless LOG_CLIENT_ADDRESSES.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json' (got {LOG_FORMAT!r}).")
LOG_CLIENT_ADDRESSES = env_bool("LOG_CLIENT_ADDRESSES", default=False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "registry.logs.JsonLines"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Optional error reporting to Sentry or a compatible service; events are scrubbed (registry.logs.scrub_event).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN and not TESTING:
    from registry.logs import start_error_reporting

    start_error_reporting(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"))
