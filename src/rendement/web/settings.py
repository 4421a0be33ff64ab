"""Django settings of the web app; everything a site changes comes from the environment
(see :mod:`rendement.web.config` and ``docs/web.md``)."""

from __future__ import annotations

import os
from pathlib import Path

from .config import data_dir, database, secret_key

PACKAGE = Path(__file__).resolve().parent
DATA = data_dir()

SECRET_KEY = secret_key(DATA)
DEBUG = os.environ.get("RENDEMENT_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("RENDEMENT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("RENDEMENT_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # the second factor: TOTP and recovery codes (docs/web.md)
    "rules.apps.AutodiscoverRulesConfig",
    "rendement.web.organisations",
    "rendement.web.cases",
    "rendement.web.cohorts",
    "rendement.web.audit",
    "rendement.web.sharing",
    "rendement.web.measuring",
    "rendement.web.worksessions",
    "rendement.web.caching",
    # background work (reports, large Monte Carlo runs): django-tasks, its database backend
    "django_tasks",
    "django_tasks_db",
    "rendement.web.work",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rendement.web.compression.CompressionMiddleware",  # last to see the answer: gzip
    "rendement.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rendement.web.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "rendement.web.organisations.second_factor.SecondFactorMiddleware",
]

ROOT_URLCONF = "rendement.web.urls"
WSGI_APPLICATION = "rendement.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {"default": database(os.environ.get("DATABASE_URL"), DATA)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several server processes (``serve --workers``, or servers on one PostgreSQL) share one
# cache in the database: loaded documents (web/cases/shared.py) and allauth's login rate
# limits; a cache per process would miss whenever an edit lands in another process. The
# table is made by a migration (web/caching), so ``migrate`` alone sets it up. Sessions are
# in the database too (Django's default engine, named here so nobody changes it lightly).
CACHES = {
    "default": {
        "BACKEND": "rendement.web.caching.backend.DatabaseCache",  # counts every 50 writes
        "LOCATION": "rendement_cache",
        # ~40 kB per loaded De Bilt version; a third is removed when full
        "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 3},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# accounts (django-allauth): log in with user name or e-mail; failed logins rate-limited
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
SMTP = bool(os.environ.get("RENDEMENT_SMTP_HOST"))
# with a mail server a new account's address is verified before it is used (an invitation
# to an organisation is shown only to the owner of the address); without one it cannot be
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if SMTP else "none"
# per address (ip) and per account from one address (the adapter adds the address to the
# key): a stranger's wrong passwords never lock the account's owner out
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("RENDEMENT_TRUSTED_PROXIES", "0") or 0)
ACCOUNT_ADAPTER = "rendement.web.organisations.accounts.AccountAdapter"
RENDEMENT_SIGNUP = os.environ.get("RENDEMENT_SIGNUP", "1").strip().lower() not in (
    "0",
    "no",
    "false",
    "off",
)
"""Whether people make their own account (the default) or an administrator makes them."""
# the second factor (django-allauth's MFA): an app's code (TOTP) with recovery codes; no
# security keys (WebAuthn needs scripts and a browser API the pages do without)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "rendement"
MFA_ADAPTER = "rendement.web.organisations.second_factor.SecondFactorAdapter"
# allauth refuses a second factor to an account with an unverified address (someone could
# claim another's address first); without a mail server no address is ever verified, and
# with one an unverified account cannot log in at all (ACCOUNT_EMAIL_VERIFICATION)
MFA_ALLOW_UNVERIFIED_EMAIL = not SMTP
RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA = os.environ.get(
    "RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA", "1"
).strip().lower() not in ("0", "no", "false", "off")
"""Whoever may see an organisation's client cases (personal data) logs in with a second
factor. Only the local demo turns this off (``rendement serve --demo`` says so)."""
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cases:list"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# mail (password reset, invitations, verifying an address): written as files in the data
# directory unless a server is set
if SMTP:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["RENDEMENT_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("RENDEMENT_SMTP_PORT", "25") or 25)
    EMAIL_HOST_USER = os.environ.get("RENDEMENT_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("RENDEMENT_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("RENDEMENT_SMTP_TLS", "") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("RENDEMENT_MAIL_FROM", "rendement@localhost")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE.parent / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE / "static"]  # the app's own CSS and JS, vendored libraries too
STATIC_ROOT = DATA / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise looks here first; the files come from the package
WHITENOISE_USE_FINDERS = True  # served from the package itself: no collectstatic, no CDN
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# the Content-Security-Policy: rendement.web.security (no inline script, no eval)

HTTPS = os.environ.get("RENDEMENT_HTTPS", "").strip().lower() in ("1", "yes", "true", "on")
"""Served behind a proxy that ends TLS: the cookies go over HTTPS only, a browser is told
to use nothing else for a year (HSTS), and a plain-HTTP request is sent to HTTPS."""
if HTTPS:
    # the proxy says the request came in over HTTPS; it must set (overwrite) this header
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading (a domain in the browsers' built-in HSTS list) is a decision for the
    # owner of the whole domain, who submits it; an app on one host does not ask for it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024  # a model file is at most 1 MB (guards)
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
RENDEMENT_RENDER_SECONDS = float(os.environ.get("RENDEMENT_RENDER_SECONDS", "60"))
"""A download (PDF, Word, ...) still rendering after this many seconds is stopped."""

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
"""Background tasks are rows in the app's own database (SQLite or PostgreSQL), run by the
worker ``rendement serve`` starts beside the web server (``db_worker``)."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
