"""e-Kinerja settings: one file, every deployment difference comes from the environment (see .env.example)."""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's .env (written by `make`) fills in what the environment does not set.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A 20-row reference page for benchmarks/detail_skp.py; never set in production.
BENCHMARK_ENDPOINTS = env.bool("BENCHMARK_ENDPOINTS", default=False)

INSTALLED_APPS = [
    "accounts",
    "skp",
    "penilaian",
    "harian",  # progres harian and monthly targets (DES 2.0), above penilaian
    "laporan",  # reports and exports: reads every app below
    "api",  # the read-only JSON API for payroll and other systems, above laporan
    "ekinerja",  # the top: wiring and the demo (seed_demo), above every app
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "csp",
    "ninja",  # django-ninja (api/): in INSTALLED_APPS so its Swagger UI comes from our static files, not its CDN
    "axes",  # after accounts: accounts' receivers of user_login_failed see a lockout before axes records it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.ApiRejectNulMiddleware",  # the same refusal in JSON for the API (api/middleware.py)
    "core.middleware.RejectNulMiddleware",  # before sessions and views: PostgreSQL cannot take a NUL
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: with one language (LANGUAGES) it only negotiated "id" again on every request; Django
    # uses LANGUAGE_CODE without it. Add it back with a second language.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",  # Django's, using the user row read with the session
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.CSPMiddleware",  # django-csp's, its header built once per process
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.HistoryMiddleware",  # pghistory's; on a GET the audit context opens at the first write
    "axes.middleware.AxesMiddleware",
    "core.replica.ReplicaReadMiddleware",  # last: reports read the replica only after the session and user are read
]

ROOT_URLCONF = "ekinerja.urls"
WSGI_APPLICATION = "ekinerja.wsgi.application"

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
                "csp.context_processors.nonce",
                "ekinerja.context_processors.menu",
            ],
            # core is not an app, so its template libraries are named here (error pages' back link, base.html's memo).
            "libraries": {"back_link": "core.back_link", "memo": "core.memo"},
        },
    },
]

# PostgreSQL everywhere. Persistent connections: a new connection costs ~16 ms, which would cap
# throughput at a quarter of what a kept connection gives (docs/performance.md).
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction mode a server-side cursor (the streamed exports) may meet another server
# connection: set DISABLE_SERVER_SIDE_CURSORS=true there (docs/scaling.md); it applies to both aliases.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
# The pages' fixed-shape reads (core/prepared.py, the session read) are prepared statements from their second run on
# a connection: parsed once, planned until PostgreSQL keeps a generic plan (decision 0027). Django leaves them off for
# poolers: behind PgBouncer in transaction mode older than 1.21, or without max_prepared_statements, set
# DB_PREPARED_STATEMENTS=false (docs/scaling.md).
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
    1 if env.bool("DB_PREPARED_STATEMENTS", default=True) else None
)
# Reports, exports and the API read from a streaming replica when one is given; without it everything reads the
# primary (core/replica.py, decision 0023). Under Django's test runner the alias is a TEST MIRROR: the primary's
# test database as the standby replicates it, never created or flushed there (a standby is read-only).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].update(
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        DISABLE_SERVER_SIDE_CURSORS=DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)  # a lost host fails fast
    DATABASES["replica"]["OPTIONS"]["prepare_threshold"] = DATABASES["default"]["OPTIONS"]["prepare_threshold"]
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
REPLICA_READ_PATHS = ("/laporan/", "/api/")  # GET and HEAD under these read the replica
REPLICA_STICKY_SECONDS = 10  # after a browser posts anything, its pages read the primary for this long

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# AxesStandaloneBackend first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins (accounts/throttle.py, docs/decisions/0010): django-axes locks a (NIP, address) pair after
# LOGIN_FAILURE_LIMIT_PAIR failures for LOGIN_COOLOFF_MINUTES; one address against any accounts, and one account
# from any addresses, have wider limits over LOGIN_FAILURE_WINDOW_SECONDS.
LOGIN_FAILURE_LIMIT_PAIR = env.int("LOGIN_FAILURE_LIMIT_PAIR", default=5)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)
LOGIN_FAILURE_LIMIT_ACCOUNT = env.int("LOGIN_FAILURE_LIMIT_ACCOUNT", default=100)
LOGIN_FAILURE_LIMIT_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_ADDRESS", default=100)
# Password reset requests per email and per address (accounts.throttle.reset_allowed).
RESET_WINDOW_SECONDS = env.int("RESET_WINDOW_SECONDS", default=60 * 60)
RESET_LIMIT_EMAIL = env.int("RESET_LIMIT_EMAIL", default=3)
RESET_LIMIT_ADDRESS = env.int("RESET_LIMIT_ADDRESS", default=20)
AXES_HANDLER = "accounts.throttle.ThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT_PAIR
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # tries during a lock neither count nor extend it
AXES_USERNAME_CALLABLE = "accounts.throttle.axes_username"  # axes stores and logs a tag, never the NIP
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.axes_client_ip"
AXES_CLIENT_STR_CALLABLE = "accounts.throttle.axes_client_str"
AXES_SENSITIVE_PARAMETERS = ["username", "password", "nip"]
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful logins and logouts are in accounts.SecurityEvent
AXES_VERBOSE = False
# Behind a reverse proxy, the number of proxies in front of the app whose X-Forwarded-For is trusted, and where
# they connect from: a request from any other address is known by its own address (accounts.services).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1/32", "::1/128"])

# The payroll API (api/, docs/api.md): calls per token per minute, counted in PostgreSQL so that every app server
# shares one count (docs/rules.md §16.3).
API_RATE_PER_MINUTE = env.int("API_RATE_PER_MINUTE", default=600)

# Sessions live in the database (app processes keep no state) and end after 30 idle minutes. accounts.sessions is
# Django's database store that reads the session's user row in the same query (docs/performance.md, issue 8).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_IDLE_REFRESH_SECONDS = 60

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or not env.bool("STATIC_MANIFEST", default=True)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development WhiteNoise finds files on request; in production it serves the collected, hashed files.
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="e-Kinerja <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Caches hold only derived data keyed by version numbers, so a per-process cache stays correct with
# several app servers: a change bumps the version and every server renders the new one. "default" also keeps
# base.html's fragments that are the same for every request of a deployment (the menu per page, the assets).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if env.bool("FRAGMENT_CACHE", default=True)
        else "django.core.cache.backends.dummy.DummyCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Security: strict in production, relaxed only where DEBUG needs plain http on localhost.
SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # 403_csrf.html, told why (a stale form, no cookie, no Referer)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
