"""Settings for Skolnätverk, read from the environment.

With nothing set the project runs on embedded defaults: a SQLite file, Celery tasks run in the
web process (eager), e-mail printed to the console. Production (``DJANGO_DEBUG=false``) refuses
to start without a real SECRET_KEY and ALLOWED_HOSTS. Every variable is listed in README.md.
"""

import re
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_cache,
    env_db,
    env_email,
    env_int,
    env_list,
    env_redis_url,
    env_str,
    git_commit,
    gunicorn_workers,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)

# --- Secrets and hosts -------------------------------------------------------------------------
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghij"  # noqa: S105 (refused when DEBUG is off)
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
# Where the demo is served (scripts/demo.sh runs the server there): host:port, e.g. 192.168.1.20:8000
# to show it to a colleague's phone. Links in e-mails follow it unless SITE_URL is set.
DEMO_ADDRESS = env_str("DEMO_ADDRESS", "127.0.0.1:8000") or ""
if not re.fullmatch(r"(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}", DEMO_ADDRESS):
    raise ImproperlyConfigured(f"DEMO_ADDRESS={DEMO_ADDRESS!r} must be host:port, e.g. 127.0.0.1:8000.")
_demo_host = DEMO_ADDRESS.rsplit(":", 1)[0]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", sorted({"127.0.0.1", "localhost", "[::1]", _demo_host}) if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DJANGO_DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off.")

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "core.admin_apps.ProductAdminConfig",  # django.contrib.admin behind the product login + MFA
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on (issue 19): per-municipality OIDC and SAML providers (sso.adapter).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "django_htmx",
    "template_partials",
    "csp",
    "simple_history",
    # Project apps. `access` holds the one access layer (tenant resolution, visibility rules).
    "accounts",
    "access",
    "core",
    "municipalities",
    "networks",
    "indicators",
    "goals",
    "reviews",
    "commitments",
    "reports",
    # Modellen 2.0 as working tools (issue 16): principles, routines, evaluations, dialogues.
    "quality",
    # Modellen 2.0, dimension 7 (issue 17): principals' time for pedagogical leadership.
    "principal_time",
    # Modellen 2.0, dimension 8 (issue 17): checklists, competence analysis, Visa & berätta.
    "competence",
    # Modellen 2.0 part 2 (issue 17): classes and cohorts followed over time, value added.
    "progression",
    # Modellen 2.0 dimension 4 (issue 17): the teaching rubric, lesson visits, each school's plan.
    "teaching",
    # Scale and speed (issue 8): seed_scale, bench, loadtest and the benchmark's floor page.
    "benchmarks",
    # The read API for municipal BI (issue 19): tokens and the django-ninja API.
    "api",
    # Single sign-on with the municipality's own accounts (issue 19).
    "sso",
    # E-mail to many people, sent by the worker with a row per recipient (issue 15).
    "mailings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "access.crosstenant.AdminScopesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
# The path the site is served under, "" for the root. Set, never taken from the request: a
# client's SCRIPT_NAME header (which gunicorn honours from a trusted forwarder) would otherwise
# prefix every link of the page, and a tenant-cached part would keep those links for everyone.
FORCE_SCRIPT_NAME = env_str("FORCE_SCRIPT_NAME", "") or ""
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            # The one date style (core/dates.py), usable in every template without a load.
            "builtins": ["core.templatetags.datum"],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------
_database = env_db("DATABASE_URL")
if _database is None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "db.sqlite3"}
else:
    _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth's rate limits count here: use Redis when several processes serve) -----------
CACHES = {
    "default": env_cache("CACHE_URL")
    or {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "skolnatverk"}
}
# How long a tenant page fragment may be kept (access.cache). Its key carries the versions of
# the tenants it shows, so a write shows at once; the time only bounds how late a change that
# comes with the clock alone (a meeting ending) is seen. Every web and worker process must share
# the cache for a write in one to reach the others: without CACHE_URL that holds only for a single
# process (runserver, tasks run in-process), so production without it does not cache at all.
TENANT_CACHE_SECONDS = env_int(
    "TENANT_CACHE_SECONDS", 300 if (env_cache("CACHE_URL") or DEBUG) else 0, minimum=0
)
# The deploy, part of every kept fragment's key (access.cache): a new release never serves what
# an old one kept. RELEASE (set by the image build) else the checkout's commit.
RELEASE = env_str("RELEASE") or git_commit(BASE_DIR) or "dev"

# How many web processes serve the site: gunicorn reads WEB_CONCURRENCY for its worker count
# (docker-compose.yml, Dockerfile), and `check --deploy` refuses several with an in-process
# cache (access.checks): login rate limits and the tenant cache would count per process.
WEB_CONCURRENCY = max(env_int("WEB_CONCURRENCY", 1, minimum=1), gunicorn_workers(env_str("GUNICORN_CMD_ARGS", "") or ""))

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_redis_url("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_redis_url("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
# No broker: run tasks in the web process, so the embedded default needs no Redis and behaves
# the same from the user's side.
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_BEAT_SCHEDULE: dict = {}
# commitments: reminders for commitments due, open mappings and coming meetings, each sent once.
CELERY_BEAT_SCHEDULE["commitments-send-reminders"] = {
    "task": "commitments.tasks.send_reminders",
    "schedule": 60 * 60,  # hourly: the ReminderSent log makes a rerun send nothing twice
}
# commitments: the weekly digest for those who chose it, Monday morning (the week's reminders are
# kept as DigestEntry rows until then).
CELERY_BEAT_SCHEDULE["commitments-weekly-digest"] = {
    "task": "commitments.tasks.send_weekly_digests",
    "schedule": crontab(day_of_week="mon", hour=7, minute=0),
}
# reports: a report whose worker died ends in "failed" (with a message), never "running" forever.
CELERY_BEAT_SCHEDULE["reports-sweep-stale"] = {
    "task": "reports.tasks.sweep_stale_reports",
    "schedule": 5 * 60,
}
# indicators: Kolada's key figures, fetched monthly by the worker for each municipality's selection
# (chosen on /k/<kommun>/statistik/kolada/).
KOLADA_API_URL = env_str("KOLADA_API_URL", "https://api.kolada.se/v3")
CELERY_BEAT_SCHEDULE["indicators-kolada-monthly"] = {
    "task": "indicators.tasks.fetch_kolada",
    "schedule": 30 * 24 * 60 * 60,  # monthly: Kolada publishes once a year per KPI, a month is plenty
}
# indicators: an import whose worker died ends in "failed"; an unconfirmed preview's file is deleted.
CELERY_BEAT_SCHEDULE["indicators-sweep-imports"] = {
    "task": "indicators.tasks.sweep_statistics_imports",
    "schedule": 10 * 60,
}

# --- Passwords ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- django-allauth ----------------------------------------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"login": "accounts.login_form.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so that the limits are visible and tested.
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    # The read API (issue 19), per token: a Power BI refresh reads a handful of pages a minute.
    "api": env_str("API_RATE_LIMIT", "120/m/key") or "120/m/key",
}
if not re.fullmatch(r"\d+/\d*[smhd]/(key|ip)(,\d+/\d*[smhd]/(key|ip))*", ACCOUNT_RATE_LIMITS["api"]):
    raise ImproperlyConfigured(
        f"API_RATE_LIMIT={ACCOUNT_RATE_LIMITS['api']!r} must be allauth rates such as 120/m/key or 120/m/key,600/m/ip."
    )
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Skolnätverk] "
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:start"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

# --- Single sign-on (sso/) ---------------------------------------------------------------------
# Providers are rows of sso.IdentityProvider, not allauth SocialApps: the adapter builds the apps.
SOCIALACCOUNT_ADAPTER = "sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# allauth's SAML provider, also keeping the answer's authentication context (sso/saml.py).
SOCIALACCOUNT_PROVIDERS = {"saml": {"provider_class": "sso.saml.SAMLProvider"}}
# Fernet keys (newest first, comma-separated) for the providers' secrets at rest. In production
# without it the product runs, but saving or using an OIDC secret fails loudly (sso.crypto); in
# development a key derived from the development SECRET_KEY stands in.
SSO_ENCRYPTION_KEYS = env_list("SSO_ENCRYPTION_KEYS")
if not SSO_ENCRYPTION_KEYS and DEBUG:
    import base64
    import hashlib

    SSO_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]
MFA_TOTP_ISSUER = "Skolnätverk"

# --- E-mail ------------------------------------------------------------------------------------
_email = env_email("EMAIL_URL")
if _email is None:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    globals().update(_email)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Skolnätverk <noreply@skolnatverk.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time -------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static and private files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_STORAGE_ROOT = DATA_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_STORAGE_ROOT}},
    # Report files and attachments live here and are served only by permission-checked views;
    # there is deliberately no MEDIA_URL.
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# --- Security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("USE_X_FORWARDED_PROTO", False):
    # Behind a TLS-terminating proxy (see docker-compose.yml) that sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# CSP: no inline scripts anywhere; htmx is configured (base.html) not to inject styles or eval.
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

# --- Logging -----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render step at INFO; only their problems matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Product settings --------------------------------------------------------------------------
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)
# Absolute links in e-mails (invitations, reminders) are built from this; no request is at hand
# in a Celery task.
SITE_URL = (env_str("SITE_URL", f"http://{DEMO_ADDRESS}") or "").rstrip("/")
