"""The one settings module. Everything a deployment changes comes from environment variables.

The defaults are safe for the demo (SQLite, console email, DEBUG off unless asked for);
`COPRODUCE_ENV=production` switches on the hardening that `manage.py check --deploy` expects.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("COPRODUCE_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("COPRODUCE_ENV", "demo") == "production"
DEBUG = envbool("DEBUG", False)
TESTING = envbool("COPRODUCE_TESTING", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when COPRODUCE_ENV=production")
    SECRET_KEY = "demo-only-secret-key-change-me-for-any-real-use-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

SITE_NAME = env("COPRODUCE_SITE_NAME", "Riverside Together")
SITE_CONTACT_EMAIL = env("COPRODUCE_CONTACT_EMAIL")
SITE_URL = env("COPRODUCE_SITE_URL", "http://127.0.0.1:8000")
# The deployment's own brand: two colours, used by the header and links.
BRAND_COLOUR = env("COPRODUCE_BRAND_COLOUR", "#1d5c63")
BRAND_ACCENT = env("COPRODUCE_BRAND_ACCENT", "#ffdd00")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "coproduce.common",
    "coproduce.places",
    "coproduce.people",
    "coproduce.organisations",
    "coproduce.delivery",
    "coproduce.api",
    "coproduce.credits",
    "coproduce.budgeting",
    "coproduce.budgeting.voting",
    "coproduce.surveys",
    "coproduce.feedback",
    "coproduce.feedback.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coproduce.people.middleware.ActingForMiddleware",
    "coproduce.people.middleware.StaffMFAMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"
ASGI_APPLICATION = "coproduce.asgi.application"

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
                "coproduce.common.context_processors.site",
            ],
            "builtins": ["coproduce.common.templatetags.govuk"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'coproduce.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if TESTING:
        # A file, not memory, so that a real worker process can share the test database.
        DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions ------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL and not TESTING:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work ------------------------------------------------------------------------
TASK_BACKEND = env("COPRODUCE_TASK_BACKEND", "immediate" if TESTING else "database")
if TASK_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
    INSTALLED_APPS.append("django_rq")
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "coproduce.people.backends.StaffModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_REDIRECT_URL = "people:dashboard"
LOGOUT_REDIRECT_URL = "common:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "coproduce.people.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "coproduce.people.forms.SignupForm",
    "login": "coproduce.people.forms.LoginForm",
    "reset_password": "coproduce.people.forms.ResetPasswordForm",
    "reset_password_from_key": "coproduce.people.forms.ResetPasswordKeyForm",
    "change_password": "coproduce.people.forms.ChangePasswordForm",
    "set_password": "coproduce.people.forms.SetPasswordForm",
    "add_email": "coproduce.people.forms.AddEmailForm",
    "reauthenticate": "coproduce.people.forms.ReauthenticateForm",
}
ACCOUNT_RATE_LIMITS = False if TESTING else {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

AXES_FAILURE_LIMIT = envint("COPRODUCE_LOCKOUT_AFTER", 5)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with `email=`, not `login=`: this reads either.
AXES_USERNAME_CALLABLE = "coproduce.people.lockout.username_for_lockout"
AXES_LOCKOUT_TEMPLATE = "people/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if not PRODUCTION
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# Text messages (voting codes): a class with send(phone, message); the default writes files.
SMS_BACKEND = env("SMS_BACKEND", "coproduce.budgeting.voting.sms.FileBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", str(VAR_DIR / "sms"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg"), ("ar", "العربية")]
LANGUAGES_BIDI = ["ar"]
# Ours first: `makemessages` writes to the first. locale_vendor translates what the
# packages we use do not ship in our languages (django-allauth has no Welsh).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
# Serve straight from the source folders in the demo, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# --- The product ----------------------------------------------------------------------------
COPRODUCE_PAGE_SIZE = envint("COPRODUCE_PAGE_SIZE", 20)
COPRODUCE_MAX_PAGE_SIZE = 100
# How confirmed hours become credits: to the nearest "quarter" hour, "half" or "whole".
COPRODUCE_CREDIT_ROUNDING = env("COPRODUCE_CREDIT_ROUNDING", "quarter")
# Roles whose holders must set up an authenticator app before they use the site.
COPRODUCE_MFA_ROLES = ("professional", "coordinator", "administrator")
# Feedback: working days to acknowledge and to answer (weekends and bank holidays skipped),
# and how many pieces one person (or email address) and one internet address may send an hour.
COPRODUCE_FEEDBACK_ACKNOWLEDGE_DAYS = envint("COPRODUCE_FEEDBACK_ACKNOWLEDGE_DAYS", 3)
COPRODUCE_FEEDBACK_RESPOND_DAYS = envint("COPRODUCE_FEEDBACK_RESPOND_DAYS", 20)
COPRODUCE_FEEDBACK_PER_HOUR = envint("COPRODUCE_FEEDBACK_PER_HOUR", 5)
COPRODUCE_FEEDBACK_PER_ADDRESS_PER_HOUR = envint("COPRODUCE_FEEDBACK_PER_ADDRESS_PER_HOUR", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
