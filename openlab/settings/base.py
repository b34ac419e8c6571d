"""Settings shared by every environment.

Configuration comes from environment variables (django-environ); every variable has a default that
runs the site on one machine with no services: SQLite, Celery in eager mode and the embedded search
backend.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "openlab.accounts",
    "openlab.notifications",
    "openlab.audit",
    "openlab.jobs",
    "openlab.search",
    "marketplace",
    "matching",
    "matching.coordination",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "openlab.accounts.middleware.AuthenticationMiddleware",
    "openlab.accounts.middleware.UserLanguageMiddleware",
    "marketplace.middleware.ActiveOrganizationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# Content Security Policy (django-csp): scripts only from this site, never inline; styles also
# inline (KRDS components and Swagger UI set style attributes); no framing, no plugins.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"], "font-src": ["'self'", "data:"], "connect-src": ["'self'"],
    "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
}}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

ROOT_URLCONF = "openlab.urls"
WSGI_APPLICATION = "openlab.wsgi.application"

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
                "marketplace.context_processors.navigation",
                "openlab.notifications.context_processors.unread",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL names another (postgres://… uses psycopg2).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'openlab.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)  # a persistent connection that died is replaced
# The reads every signed-in request makes are prepared once per connection on PostgreSQL
# (openlab.rows.fetch); turn off behind a pooler in transaction mode, where a connection is shared.
DATABASE_PREPARED_READS = env.bool("DATABASE_PREPARED_READS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other (up to 20 s) instead of failing with "database is locked", and a
    # transaction takes the write lock when it starts, so two never deadlock upgrading their locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Sessions live in the database only (read in one plain query): a session cached in a Redis that
# missed a sign-out's delete while it was down would come back when Redis does.
SESSION_ENGINE = "openlab.accounts.sessions"

# Cache: allauth's login rate limits and DRF's throttles count here, so production shares one across
# workers (CACHE_URL=redis://127.0.0.1:6379/1); the default is per-process memory.
def cache_config() -> dict:
    """``CACHE_URL`` (default: per-process memory). Redis through Django's own backend, failing open
    (openlab/cache_backend.py) with short socket timeouts: the cache is an accelerator, and a dead or
    frozen Redis must neither fail nor hold a page, a sign-in or an API call."""
    config = env.cache_url("CACHE_URL", default="locmemcache://")
    if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        config["BACKEND"] = "openlab.cache_backend.FailOpenRedisCache"
        config.setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.5, "socket_timeout": 0.5})
    return config


CACHES = {"default": cache_config()}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [  # Django's and allauth's, reading the coordinator flag with the user
    "openlab.accounts.backends.ModelBackend",
    "openlab.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "marketplace:home"

# django-allauth: e-mail is the login, verification is mandatory, rate limits stay on (defaults).
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "openlab.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "openlab.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[스마트도시 오픈랩] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}

# Internationalisation: Korean first, English for K-City Network partners.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Request bodies above this size are refused before they reach a view (uploads have their own limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LOGO_MAX_BYTES = 2 * 1024 * 1024

# E-mail: console unless EMAIL_URL says otherwise (smtp://user:pass@host:587, filemail:///path …).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key, _value in _email.items():
    if _key != "EMAIL_BACKEND":
        globals()[_key] = _value
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="스마트도시 오픈랩 <noreply@openlab.example.kr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: eager (in-process) unless a broker is named.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker died is delivered again once its visibility timeout has passed (acks late).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5,
                                   "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
                                   "unacked_restore_throttle": 1}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

# Search: the embedded backend always exists; ELASTICSEARCH_URL adds the Elasticsearch cluster.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="openlab")
SEARCH_BACKENDS = {"default": {"BACKEND": "openlab.search.embedded"}}
# The taxonomy's Korean and English names are synonyms of each other for every search.
SEARCH_TAXONOMY_FILE = BASE_DIR / "marketplace" / "data" / "taxonomy.json"
# How often a process checks the database for documents other processes wrote (seconds).
SEARCH_REFRESH_INTERVAL = env.float("SEARCH_REFRESH_INTERVAL", default=0.5)
if ELASTICSEARCH_URL:
    SEARCH_BACKENDS["elasticsearch"] = {
        "BACKEND": "openlab.search.elasticsearch", "URLS": env.list("ELASTICSEARCH_URL"),
        "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX, "TIMEOUT": env.int("ELASTICSEARCH_TIMEOUT", default=5),
        # A secured cluster: an API key, or a user and password; and the CA file of its certificate.
        "API_KEY": env("ELASTICSEARCH_API_KEY", default=None), "USERNAME": env("ELASTICSEARCH_USERNAME", default=None),
        "PASSWORD": env("ELASTICSEARCH_PASSWORD", default=None), "CA_CERTS": env("ELASTICSEARCH_CA_CERTS", default=None),
    }

# Matching: the scorer's feature weights, in one place (see matching/scoring.py for the features).
# What a pair is about (text, type) decides its rank; the practical features (budget, population,
# proof, language, region, price floor, timing, size, collaboration) weigh a tenth as much: they order
# pairs about the same thing, and never lift a pair about something else above one about the need.
MATCHING_WEIGHTS = {
    "fit": {"text": 2.0, "type": 3.0, "budget": 0.15, "population": 0.05, "proof": 0.1, "language": 0.1},
    "appeal": {"region": 0.1, "price_floor": 0.15, "timing": 0.1, "type": 1.0},
    "partner": {"text": 2.0, "type": 3.0, "size": 0.2, "region": 0.1, "collaboration": 0.1},
}
MATCHES_STORED = 50  # per listing
MATCH_CANDIDATES = 200  # retrieved per listing before scoring
MATCH_COALESCE_SECONDS = 10  # a burst of edits to one listing recomputes its matches once
# What anonymous visitors see (boards, listing pages, API list pages), until the next write to its kind
# (openlab/pagecache.py); the cache must be shared by all processes (CACHE_URL). 0 turns it off.
LISTING_CACHE_SECONDS = env.int("LISTING_CACHE_SECONDS", default=300)
MATCH_QUEUE_MIN_SCORE = env.float("MATCH_QUEUE_MIN_SCORE", default=0.5)  # matches coordinators review
# Weaker matches are not shown to organisations (a 3-point match is noise); coordinators see them all.
MATCH_SHOW_MIN_SCORE = env.float("MATCH_SHOW_MIN_SCORE", default=0.2)
STRONG_MATCH_SCORE = 0.7  # "new strong matches for my listings"
# Done jobs and read notifications are deleted after this many days (Celery beat, daily).
RETENTION_DAYS = env.int("RETENTION_DAYS", default=90)
CELERY_BEAT_SCHEDULE = {
    "recompute-all-matches": {"task": "matching.tasks.recompute_all_matches",
                              "schedule": crontab(hour=3, minute=0), "options": {"expires": 6 * 60 * 60}},
    "sweep-jobs": {"task": "openlab.jobs.tasks.sweep_jobs", "schedule": 60.0, "options": {"expires": 55}},
    "remind-introductions": {"task": "matching.coordination.tasks.remind_introductions",
                             "schedule": crontab(minute=15), "options": {"expires": 50 * 60}},
    "saved-search-daily": {"task": "marketplace.tasks.send_saved_search_digests", "args": ["daily"],
                           "schedule": crontab(hour=7, minute=30), "options": {"expires": 6 * 60 * 60}},
    "saved-search-weekly": {"task": "marketplace.tasks.send_saved_search_digests", "args": ["weekly"],
                            "schedule": crontab(hour=7, minute=40, day_of_week="mon"),
                            "options": {"expires": 6 * 60 * 60}},
    "follow-meetings": {"task": "matching.coordination.tasks.follow_meetings",
                        "schedule": crontab(minute=5), "options": {"expires": 50 * 60}},
    "purge-jobs": {"task": "openlab.jobs.tasks.purge_jobs", "schedule": crontab(hour=4, minute=0),
                   "options": {"expires": 6 * 60 * 60}},
    "purge-read-notifications": {"task": "openlab.notifications.tasks.purge_read_notifications",
                                 "schedule": crontab(hour=4, minute=10), "options": {"expires": 6 * 60 * 60}},
    "purge-expired-sessions": {"task": "openlab.accounts.tasks.purge_expired_sessions",
                               "schedule": crontab(hour=4, minute=20), "options": {"expires": 6 * 60 * 60}},
    "daily-digests": {"task": "openlab.notifications.tasks.send_daily_digests",
                      "schedule": crontab(hour=8, minute=0), "options": {"expires": 6 * 60 * 60}},
    "weekly-digests": {"task": "matching.tasks.send_weekly_digests",
                       "schedule": crontab(day_of_week="mon", hour=8, minute=30),
                       "options": {"expires": 12 * 60 * 60}},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request without credentials then gets 401 with WWW-Authenticate.
        "openlab.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "openlab.api_errors.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", default="120/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Smart City Open Lab API",
    "DESCRIPTION": "스마트도시 오픈랩: municipalities' needs, companies' solutions and the matches between them.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents its error answers too (400, 401, 403, 404, 429).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "openlab.api_schema.document_errors"],
    "ENUM_NAME_OVERRIDES": {
        "DeclineReasonEnum": "marketplace.models.Interest.DeclineReason",
        "OrganizationSizeEnum": "marketplace.models.Organization.Size",
        "PairingAnswerEnum": "matching.coordination.models.Pairing.Answer",
        "PairingStateEnum": "matching.coordination.models.Pairing.State",
    },
}

# Absolute links in e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", default="스마트도시 오픈랩")  # e-mails name the site (allauth's "Hello from …")
COORDINATORS_GROUP = "coordinators"
INVITATION_VALID_DAYS = 7

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
