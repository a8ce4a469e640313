"""One settings module: only the environment differs between a laptop demo and production."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

from upstander.core.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    is_production,
    require_secrets,
    secret_from_file_or_new,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("UPSTANDER_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

# --- Secrets (keys-secrets) ---
# Every secret may come from NAME or NAME_FILE. Served anywhere but localhost, Upstander refuses
# to start without the secrets below rather than invent them under var/ (a new field key there
# would make every encrypted value unreadable). Add a secret here and it is required too.
REQUIRED_SECRETS = ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "AUDIT_SIGNING_KEY"]
PRODUCTION = is_production(SITE_URL)
if PRODUCTION:
    require_secrets(REQUIRED_SECRETS)
SECRET_KEY = secret_from_file_or_new("SECRET_KEY", VAR_DIR / "secret_key")
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", []) or [
    secret_from_file_or_new("FIELD_ENCRYPTION_KEY", VAR_DIR / "field_encryption_key", fernet=True)
]
PARTY_NAME = env_str("PARTY_NAME", "Upstander demo party")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "upstander.core",
    "upstander.audit",
    "upstander.accounts",
    "upstander.policies",
    "upstander.evidence",
    "upstander.reports",
    "upstander.blocking",
    "upstander.discipline",
    "upstander.cases",
    "upstander.monitoring",
    "upstander.meetings",
    "upstander.networks",
    "upstander.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "upstander.accounts.staff_sessions.StaffSessionMiddleware",
    "upstander.core.middleware.NotPermittedMiddleware",
    "upstander.core.middleware.RequestSizeLimitMiddleware",
]

ROOT_URLCONF = "upstander.urls"
WSGI_APPLICATION = "upstander.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "upstander" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "upstander.web.context_processors.site",
            ],
        },
    },
]

# SQLite (WAL, immediate transactions so concurrent writers queue instead of failing) by default;
# DATABASE_URL=postgres://... in production and CI.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'upstander.sqlite3'}")
DATABASES: dict[str, Any] = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, creating the database file 0600 in a 0700 directory.
    DATABASES["default"]["ENGINE"] = "upstander.core.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
# On PostgreSQL, server-side parameters let psycopg prepare the statements a page repeats, so
# the server plans each once per connection rather than once per request (a case page's join
# took 2 ms to plan and 0.4 ms to run). Django leaves psycopg's automatic preparation off
# unless prepare_threshold is given. Set DATABASE_SERVER_SIDE_BINDING=0 behind a pooler that
# cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
elif env_bool("DATABASE_SERVER_SIDE_BINDING", True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Form widgets are drawn by Django's Jinja2 form renderer (its own templates, the same markup):
# on the case page the triage and action forms took 3.9 ms to render through the Django
# template language and 2.3 ms through Jinja2 (tests/web/test_form_markup.py keeps the markup).
FORM_RENDERER = "django.forms.renderers.Jinja2"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 first, as Django's docs recommend: PBKDF2 hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:account_home"

# allauth: sign in by email, verified email required, TOTP + recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PARTY_NAME}] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_ADAPTER = "upstander.accounts.adapters.AccountAdapter"
MFA_ADAPTER = "upstander.accounts.adapters.MFAAdapter"  # TOTP keys encrypted at rest
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = PARTY_NAME

# Staff sessions (accounts.staff_sessions): a second factor per session, signed out after
# STAFF_SESSION_IDLE_MINUTES without a request and STAFF_SESSION_MAX_HOURS after sign-in.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 12)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

# Email: printed to the console unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Upstander <no-reply@localhost>")
# A mail the server refused is retried with exponential backoff (doubling from 30 s, capped at
# this delay), then marked failed and counted on the staff dashboard.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
MAIL_RETRY_MAX_DELAY_SECONDS = env_int("MAIL_RETRY_MAX_DELAY_SECONDS", 3600)

# Background work through Django's tasks API (the django-tasks backport and its DB backend).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Task rows (keys-secrets) ---
# Tasks take ids only; finished rows are deleted after this many days by
# `manage.py prune_task_results` (daily, from cron), so the queue is no archive.
TASKS_RESULT_RETENTION_DAYS = env_int("TASKS_RESULT_RETENTION_DAYS", 7)

REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, Any] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        # Shared by every process (rate-limit counters); core's migration makes the table.
        else {
            "BACKEND": "upstander.core.cache.SharedDatabaseCache",
            "LOCATION": "upstander_cache",
            # Culling at Django's default 300 entries would let many addresses reset counters.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    ),
}

# Security baseline. Cookies are secure and HSTS on whenever the site is served over https.
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = HTTPS
SESSION_ENGINE = "upstander.accounts.sessions"  # database sessions keyed by a hash of the key
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Uploaded files over 1 MiB go to temporary files on disk as they arrive, not into memory; and
# a request whose body is larger than UPLOAD_MAX_REQUEST_BYTES (ten files at the evidence limit,
# and the form) is refused before any of it is read (upstander.core.middleware).
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 1_048_576)
UPLOAD_MAX_REQUEST_BYTES = env_int("UPLOAD_MAX_REQUEST_BYTES", 10 * 10 * 1024 * 1024 + 1_048_576)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Audit log signing (issue 13: audit you can prove) ---
# Each audit entry is HMAC-signed with a key that never enters the database, so whoever can write
# to the database cannot rewrite history undetected. Keep it (or AUDIT_SIGNING_KEY_FILE) apart
# from the database and its backups. Old keys (comma-separated) still verify older entries.
AUDIT_SIGNING_KEY = secret_from_file_or_new("AUDIT_SIGNING_KEY", VAR_DIR / "audit_signing_key")
AUDIT_SIGNING_KEYS_OLD = env_list("AUDIT_SIGNING_KEYS_OLD", [])

# Network-facing inputs (issue 13): server addresses people type, client addresses, rate limits.
# Typed server addresses (Mastodon servers, PDSes) must resolve to public internet addresses;
# on only for local test servers, never in production.
PLATFORM_ALLOW_PRIVATE_HOSTS = env_bool("PLATFORM_ALLOW_PRIVATE_HOSTS", default=False)

# Links captured before they vanish (issue 16): a post link a report names, on one of these
# platforms, is fetched through its adapter at once and kept as evidence (retried if that fails).
LINK_CAPTURE_PLATFORMS = env_list(
    "LINK_CAPTURE_PLATFORMS", ["bluesky", "facebook", "instagram", "youtube", "x"]
)
# Bluesky posts are public: read through an AppView (or a PDS) without logging in.
BLUESKY_CAPTURE_URL = env_str("BLUESKY_CAPTURE_URL", "https://public.api.bsky.app")
BLUESKY_PLC_URL = env_str("BLUESKY_PLC_URL", "https://plc.directory")
# Facebook needs a token: the party app's page or system-user token that can read public pages
# (Page Public Content Access). Without one, Facebook links wait (and are retried) until it is set.
FACEBOOK_GRAPH_URL = env_str("FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v21.0")
FACEBOOK_CAPTURE_TOKEN = env_str("FACEBOOK_CAPTURE_TOKEN")
# Instagram professional accounts are read through the same Graph host. Links are captured with
# the party's own page token whose Page is linked to the party's Instagram professional account
# (it reaches that account's posts, posts it is tagged in, and other professional accounts'
# posts); without one, Instagram links wait (and are retried) until it is set.
INSTAGRAM_GRAPH_URL = env_str("INSTAGRAM_GRAPH_URL", FACEBOOK_GRAPH_URL)
INSTAGRAM_CAPTURE_TOKEN = env_str("INSTAGRAM_CAPTURE_TOKEN")
# Meta's webhooks (Page `feed`, Instagram `comments`/`mentions`) at /monitoring/webhooks/meta/
# make a watched account's source due, so its new comments are read within seconds (polling
# still reads everything). The verify token is the one typed into the app's webhook settings;
# deliveries are signed with the app secret. Unset, the receiver refuses everything.
META_WEBHOOK_VERIFY_TOKEN = env_str("META_WEBHOOK_VERIFY_TOKEN")
META_APP_SECRET = env_str("META_APP_SECRET")
# YouTube comments are public: read with the party project's API key (Data API v3, no OAuth).
# Without one, YouTube links wait (and are retried) until it is set.
YOUTUBE_API_URL = env_str("YOUTUBE_API_URL", "https://youtube.googleapis.com/")
YOUTUBE_CAPTURE_KEY = env_str("YOUTUBE_CAPTURE_KEY")
# X API v2 (tweepy's requests are sent here). Posts are read for capture with the party app's
# bearer token (app-only); without one, X links wait (and are retried) until it is set.
X_API_URL = env_str("X_API_URL", "https://api.x.com")
X_CAPTURE_TOKEN = env_str("X_CAPTURE_TOKEN")
# Proxies in front of the site that append X-Forwarded-For (0: clients connect directly). The
# client's address (rate limits, allauth's own limits) is the entry the nearest one appended.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# django-ratelimit counts in the default cache (the database cache, or Redis with REDIS_URL).
RATELIMIT_USE_CACHE = "default"
