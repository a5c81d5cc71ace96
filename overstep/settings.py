"""Overstep settings. Everything that differs between machines comes from the environment.

OVERSTEP_DATABASE_URL   default: SQLite at var/overstep.sqlite3
OVERSTEP_SECRET_KEY     default: a development key (never use it in production)
OVERSTEP_DEBUG          default: off; "1"/"true" turns it on
OVERSTEP_BROKER_URL     default: redis://127.0.0.1:6379/0 (only the celery sweep backend uses it)
OVERSTEP_VISIBILITY_TIMEOUT  default: 3600 s; a killed worker's run is redone after this
OVERSTEP_ALLOWED_HOSTS  default: localhost,127.0.0.1,testserver; the names and addresses people
                        type in their browser (a LAN IP, a hostname), comma-separated
OVERSTEP_CSRF_TRUSTED_ORIGINS  default: none; only behind a proxy that changes the host or
                        scheme, e.g. https://overstep.example.org
OVERSTEP_HTTPS          default: off; "1" when a proxy in front terminates HTTPS and sets
                        X-Forwarded-Proto: cookies are then sent over HTTPS only
OVERSTEP_STATIC_COLLECTED  default: off; `make serve` sets it after collectstatic
OVERSTEP_KEY_DIR        default: var/keys; the installation's key that signs exported logs
OVERSTEP_SITE_URL       default: http://127.0.0.1:8000; where commands say a run can be browsed
OVERSTEP_CACHE_DIR      default: var/cache; the pages' cache (plots, snapshots, sweep statistics)
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OVERSTEP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
KEY_DIR = Path(os.environ.get("OVERSTEP_KEY_DIR", VAR_DIR / "keys"))
SITE_URL = os.environ.get("OVERSTEP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as a list, spaces and empty items dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# `make serve` refuses to start with this key (overstep/serve.py): anyone who knows it can
# forge session cookies.
DEVELOPMENT_SECRET_KEY = "overstep-development-key-not-for-production"
SECRET_KEY = os.environ.get("OVERSTEP_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = env_flag("OVERSTEP_DEBUG")
ALLOWED_HOSTS = env_list("OVERSTEP_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
# Not needed for a room on plain http: Django accepts a form whose Origin is the host the
# browser asked for. Only a proxy that rewrites the host or the scheme needs these.
CSRF_TRUSTED_ORIGINS = env_list("OVERSTEP_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver leaves static files to WhiteNoise too
    "django.contrib.staticfiles",
    "forum",
    "agents",
    "scenarios",
    "exercises",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "overstep.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "overstep.wsgi.application"

# `default` holds the demo forum and every stored run, sweep and session.
# `sandbox` is where the engine replays a scenario: a private in-memory forum per process,
# so runs never collide with each other or with the demo (see forum/sandbox.py).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("OVERSTEP_DATABASE_URL", f"sqlite:///{VAR_DIR / 'overstep.sqlite3'}"),
        conn_max_age=0,
    ),
    "sandbox": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "file:overstep-sandbox?mode=memory&cache=shared",
        "OPTIONS": {"uri": True},
        "TEST": {"NAME": "file:overstep-sandbox-test?mode=memory&cache=shared"},
    },
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers (make serve) share one SQLite file: a write takes its lock
    # when its transaction begins and waits up to 20 s for another's, instead of failing
    # with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE",
                                                           timeout=20)
DATABASE_ROUTERS = ["forum.sandbox.SandboxRouter"]

# The pages cache what is a pure function of stored runs (a sweep's statistics and figures,
# the forum at minute t, explain's answer), keyed by the runs' identity, so nothing in it
# goes stale. In files: shared by every gunicorn worker and kept across restarts, with
# nothing to run or create first (unlike memcached, Redis or a cache table).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("OVERSTEP_CACHE_DIR", str(VAR_DIR / "cache")),
        "TIMEOUT": 30 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

AUTH_USER_MODEL = "forum.Principal"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "forum:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# Static files are served by WhiteNoise, inside the app, under runserver and gunicorn alike.
# `make serve` collects them first and says so (OVERSTEP_STATIC_COLLECTED): compressed
# copies with a hash in their names, which browsers may cache for good. Everywhere else
# (runserver, tests) nothing is collected: WhiteNoise finds each file in its app on every
# request, so an edited stylesheet shows at once.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_COLLECTED = env_flag("OVERSTEP_STATIC_COLLECTED")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if STATIC_COLLECTED
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
WHITENOISE_AUTOREFRESH = not STATIC_COLLECTED
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Behind a proxy that terminates HTTPS: cookies never travel over plain http, and Django
# takes the proxy's word (X-Forwarded-Proto) that the browser's request was https. Only
# set it with such a proxy in front: it must overwrite that header, never pass it on.
HTTPS = env_flag("OVERSTEP_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

# Celery: only the `celery` sweep backend talks to the broker; nothing else needs Redis.
CELERY_BROKER_URL = os.environ.get("OVERSTEP_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# A message whose worker died unacknowledged goes back to the queue once it is older than
# the visibility timeout (keep it longer than the longest run). Kombu only looks for such
# messages every interval × throttle seconds (100 s by default); look every quarter of the
# timeout instead, so a short timeout (the tests use a few seconds) really is short.
# The look takes a Redis lock that expires after 300 s by default: a worker killed while
# holding it kept every other worker from restoring its message for five minutes (the
# killed-worker test's intermittent hang). The look takes milliseconds; let the lock
# expire after one interval.
SWEEP_VISIBILITY_TIMEOUT = int(os.environ.get("OVERSTEP_VISIBILITY_TIMEOUT", "3600"))
_RESTORE_INTERVAL = max(1, min(60, SWEEP_VISIBILITY_TIMEOUT // 4))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": SWEEP_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": _RESTORE_INTERVAL,
    "unacked_restore_throttle": 1,
    "unacked_mutex_expire": _RESTORE_INTERVAL,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OVERSTEP_LOG_LEVEL", "WARNING")},
}
