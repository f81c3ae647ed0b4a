"""The web service's one settings module, read from the environment (docs/web.md lists each).

Production is the default: QAF_WEB_DEBUG=1 is needed to turn on debugging. Secrets never live in
the repository: QAF_SECRET_KEY, or a key generated once into data/web-secret-key (mode 0600)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from csp.constants import NONE, SELF

from qaf.errors import QafError

WEB_DIR = Path(__file__).resolve().parent
# The same data folder the warehouse uses by default (qaf.config.Settings.data_dir).
DATA_DIR = Path(os.environ.get("QAF_DATA_DIR", "data")).resolve()
TRUE_WORDS = ("1", "true", "yes", "on")


def _flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in TRUE_WORDS


def secret_key(data_dir: Path) -> str:
    """QAF_SECRET_KEY, else the key in data/web-secret-key, written (owner-only) on first use."""
    given = os.environ.get("QAF_SECRET_KEY", "").strip()
    if given:
        return given
    path = data_dir / "web-secret-key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two workers starting at once must not write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")
    return key


def database(url: str) -> dict[str, Any]:
    """A Django DATABASES entry from `sqlite:///path` or `postgres://user:pass@host:port/name`."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/file and sqlite:////absolute/file, as SQLAlchemy writes them.
        name = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not name:
            raise QafError(f"QAF_APP_DATABASE_URL {url!r} names no SQLite file")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(name).resolve()),
            # Several gunicorn workers write sessions on every request: WAL lets readers go on
            # while one writes, and IMMEDIATE takes the write lock up front, so a busy moment
            # waits (up to the timeout) instead of failing with "database is locked".
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise QafError(
        f"QAF_APP_DATABASE_URL {url!r} is neither sqlite:///FILE nor postgres://USER@HOST:PORT/NAME"
    )


DEBUG = _flag("QAF_WEB_DEBUG")
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("QAF_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("QAF_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# The name in every page's header: the council's own, not GOV.UK's (`qaf serve` reads qaf_council).
QAF_COUNCIL_NAME = os.environ.get("QAF_WEB_COUNCIL_NAME", "Children's Services")
QAF_SERVICE_NAME = "Quality Assurance Framework"
# Where `qaf report` writes qaf-report-*.html and .pdf; the Reports page lists and serves them.
QAF_REPORT_DIR = Path(os.environ.get("QAF_WEB_REPORT_DIR", "out")).resolve()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "csp",
    "qaf.web",
    "qaf.web.accounts",
    "qaf.web.qa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "qaf.web.policy.SessionLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "qaf.web.policy.PolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qaf.web.urls"
WSGI_APPLICATION = "qaf.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qaf.web.navigation.context",
            ],
            "builtins": ["qaf.web.templatetags.govuk"],
        },
    }
]
# `{{ form }}` renders GOV.UK inputs, radios, selects, date inputs and error messages.
FORM_RENDERER = "qaf.web.forms.GovukFormRenderer"

DATABASES = {
    "default": database(
        os.environ.get("QAF_APP_DATABASE_URL", f"sqlite:///{DATA_DIR / 'app.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# NCSC password guidance: length over complexity rules, and no password from breach lists.
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: 30 minutes idle, 12 hours at most (qaf.web.policy.SessionLimitMiddleware checks both).
SESSION_IDLE_LIMIT = timedelta(minutes=30)
SESSION_ABSOLUTE_LIMIT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_IDLE_LIMIT.total_seconds())
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Login throttling: 5 failures for one username from one address locks it for 15 minutes, then
# it opens again by itself (a cool-off, never a permanent lock an attacker could impose).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind N reverse proxies the client's address is the Nth from the right of X-Forwarded-For;
# without this every sign-in would seem to come from the proxy, and one lock would bar everyone.
PROXY_COUNT = int(os.environ.get("QAF_WEB_PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Security headers. The HTTPS settings hold unless QAF_WEB_HTTPS=0 (the local demo on plain HTTP at
# 127.0.0.1); in production a reverse proxy terminates TLS and says so in X-Forwarded-Proto.
HTTPS = _flag("QAF_WEB_HTTPS", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0  # one year, as the NCSC recommends
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
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

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Hashed, compressed names in production (collected by `qaf serve`); plain files while debugging.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or not _flag("QAF_WEB_COLLECTED", default=True)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "qaf.web.access_log.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
