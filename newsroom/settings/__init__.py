"""
Settings for the newsroom, configured from environment variables.

This package is ``DJANGO_SETTINGS_MODULE=newsroom.settings``: the site's
settings here (INSTALLED_APPS and MIDDLEWARE among them), the page and CDN
caches in ``caching.py``, the task queue in ``tasks.py``, the environment
helpers in ``env.py``.

Local defaults are safe and need nothing: a SQLite file under ``var/``, DEBUG off,
media files under ``media/``. Production sets at least ``DJANGO_SECRET_KEY`` and
``DJANGO_ALLOWED_HOSTS``; with ``DJANGO_DEBUG`` unset it fails loudly when the
secret key is missing rather than running with a well-known one.
"""

import os
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from corsheaders.defaults import default_headers
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from .env import BASE_DIR, VAR_DIR, env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG")

# Local runs (the README's first command, the test suite) are recognised by the
# absence of DJANGO_ALLOWED_HOSTS: a deployment always names its hosts.
LOCAL = "DJANGO_ALLOWED_HOSTS" not in os.environ

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or LOCAL):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, e.g. "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "local-development-only-not-secret-" + "x" * 20

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# The site's public address, scheme and host only (e.g. https://news.example.org).
# Canonical links, og:url, sitemaps, feeds, JSON-LD and the API build their
# absolute URLs from it, never from the request's Host header, so a second host
# name or a proxy cannot change them. Required in production.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "").strip().rstrip("/")
if not NEWSROOM_SITE_URL:
    if not (DEBUG or LOCAL):
        raise ImproperlyConfigured(
            "NEWSROOM_SITE_URL is not set. Set it to the site's public address, "
            "e.g. https://news.example.org"
        )
    NEWSROOM_SITE_URL = "http://127.0.0.1:8000"
_site_url = urlsplit(NEWSROOM_SITE_URL)
if (
    _site_url.scheme not in {"http", "https"}
    or not _site_url.netloc
    or _site_url.path
    or _site_url.query
    or _site_url.fragment
):
    raise ImproperlyConfigured(
        f"NEWSROOM_SITE_URL must be a scheme and host such as "
        f"https://news.example.org, not {NEWSROOM_SITE_URL!r}"
    )
# Feed entries' permanent ids are tag: URIs (RFC 4151) minted under this
# authority, the site's host by default. Set it once and keep it when the site
# moves to another domain, or every feed reader sees every story as new.
NEWSROOM_FEED_ID_AUTHORITY = (
    os.environ.get("NEWSROOM_FEED_ID_AUTHORITY", "").strip() or _site_url.hostname
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "imagekit",
    "reversion",
    "reversion_compare",
    "axes",
    "django_prose_editor",
    "corsheaders",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "pagecache",
    "csp",
    "people",
    "articles",
    "wire",
    "generator",
    "editing",
    "syndication",
]

MIDDLEWARE = [
    # First: a request for a host the site does not serve is answered 400 here.
    "newsroom.middleware.BadHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cached pages get the policy too (and never a
    # stored nonce).
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    # Outside everything that writes a body, so it compresses what they make
    # (page-cache hits included); never a response with a secret in it.
    "newsroom.middleware.CompressionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers If-None-Match/If-Modified-Since with 304 for every GET.
    "django.middleware.http.ConditionalGetMiddleware",
    # Early, so a hit skips sessions, CSRF, auth and the rest; it tells who is
    # anonymous from the absence of a session cookie, without them.
    "pagecache.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the admin's language is the signed-in editor's.
    "newsroom.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: a deliberate story save drops its autosave.
    "editing.middleware.DiscardAutosaveOnSaveMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "django.template.context_processors.i18n",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url understands through
# DATABASE_URL (postgres://user:pass@host:5432/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Several gunicorn workers share the file: WAL lets readers go on while an
    # editor writes, IMMEDIATE takes the write lock when a transaction starts
    # (so two writers queue instead of failing with "database is locked" when
    # a read lock cannot be upgraded), and the busy timeout is how long they
    # queue. synchronous=NORMAL is durable in WAL mode except on power loss.
    # mmap_size lets reads come straight from the OS page cache, shared by all
    # workers, instead of a read() and a copy per page in each process.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA mmap_size=268435456;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for
# one username from one address, that pair is locked out for the cool-off time.
AUTHENTICATION_BACKENDS = [
    "people.backends.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("NEWSROOM_SIGNIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind N reverse proxies, set NEWSROOM_PROXY_COUNT=N so the client address is
# read from X-Forwarded-For; without it REMOTE_ADDR is used and never spoofable.
if os.environ.get("NEWSROOM_PROXY_COUNT"):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = int(os.environ["NEWSROOM_PROXY_COUNT"])

LANGUAGE_CODE = "en-us"
# The languages of the interface: the admin in the editor's choice
# (Person.admin_language), a reader page in its story's language, other pages
# in LANGUAGE_CODE's (newsroom.middleware.LanguageMiddleware). No URL prefixes.
LANGUAGES = [("en", "English"), ("km", "ខ្មែរ")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Khmer pages write the numbers in their dates with Khmer digits (១២ ធ្នូ ២០២៦)
# rather than the Western ones CLDR gives Khmer by default.
NEWSROOM_KHMER_DIGITS = env_bool("NEWSROOM_KHMER_DIGITS")
# The newsroom's time zone: the admin shows and takes times in it, and pages
# show local times with its name. The sample newsroom's is Asia/Phnom_Penh.
TIME_ZONE = os.environ.get(
    "NEWSROOM_TIME_ZONE", os.environ.get("DJANGO_TIME_ZONE", "UTC")
)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Local runs (./dev serve included) serve uploads from the site itself (see
# newsroom/urls.py). In production a front-end server or object storage serves
# /media/; NEWSROOM_SERVE_MEDIA=1 makes Django do it, with a deploy-check warning.
SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", default=DEBUG or LOCAL)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Media on object storage ------------------------------------------------------
# With AWS_STORAGE_BUCKET_NAME set, uploads go to S3 or any S3-compatible store
# (MinIO, Ceph, DigitalOcean Spaces…) through django-storages, so every node sees
# the same files. Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
# (or the instance role) and are read by boto3 itself.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    if find_spec("storages") is None or find_spec("boto3") is None:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set but django-storages and boto3 are "
            'not installed: pip install -e ".[s3]"'
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Public-read media with plain URLs, unless the bucket is private.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH"),
            "file_overwrite": False,
        },
    }
    SERVE_MEDIA = False
if DEBUG:
    # No collectstatic needed while developing: WhiteNoise serves straight
    # from the finders.
    STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    WHITENOISE_USE_FINDERS = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Security: strict by default outside local runs.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp), on every response. Scripts come only
# from the site's own static files; the one inline script, the story editor's
# import map, carries the request's nonce (articles.admin.csp). Style
# attributes are allowed (a photo's focal point is an object-position), style
# elements only in the admin and the API docs, whose packages inline some
# (newsroom.middleware.ContentSecurityPolicyMiddleware). JSON-LD is data, never
# run, so script-src does not apply to it.
_csp_images = [SELF, "data:"]
if AWS_STORAGE_BUCKET_NAME:
    # Uploads are shown from the bucket's own address.
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        _csp_images.append(f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}")
    elif os.environ.get("AWS_S3_ENDPOINT_URL"):
        _endpoint = urlsplit(os.environ["AWS_S3_ENDPOINT_URL"])
        _csp_images.append(f"{_endpoint.scheme}://{_endpoint.netloc}")
    else:
        _csp_images.append("https://*.amazonaws.com")
_csp_images += env_list("NEWSROOM_CSP_IMG_SRC")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": _csp_images,
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
if not LOCAL and not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# The image the site's icons (favicon, home-screen icons, feed icon and logo)
# are made from, a path (relative to the project) to any image Pillow reads;
# empty: drawn from the initials of SITE_NAME (images/icons.py).
NEWSROOM_ICON_SOURCE = os.environ.get("NEWSROOM_ICON_SOURCE", "")

# API --------------------------------------------------------------------------
# /api/ is read-only and public: any site may read it from a browser (CORS for
# GET only, no credentials), and anonymous clients get this many requests per
# minute/hour ("120/min", "5000/hour") each, counted in the shared cache.
# Not the partner API: its keys belong on partners' servers, never in a page.
CORS_URLS_REGEX = r"^/api/(?!partner/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# Browsers send conditional requests (and read validators and throttling) only
# with these allowed and exposed.
CORS_ALLOW_HEADERS = (*default_headers, "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
NEWSROOM_API_ANON_RATE = os.environ.get("NEWSROOM_API_ANON_RATE", "120/min")
# Throttling counts clients by address: behind proxies, by the one they name.
NINJA_NUM_PROXIES = int(os.environ.get("NEWSROOM_PROXY_COUNT") or 0)

from .caching import *  # noqa: E402, F403
from .tasks import *  # noqa: E402, F403
from .tasks import TASK_APPS  # noqa: E402

INSTALLED_APPS += TASK_APPS

# Syndication (syndication/): the partner API's rate per key, the pepper its
# keys are hashed with (SECRET_KEY unless set; changing it voids every key),
# and pushes to partners' endpoints: each try's timeout, the delays between
# tries (seconds), and whether an endpoint may be on this machine (tests and
# local runs only; private and loopback addresses are refused otherwise).
NEWSROOM_PARTNER_API_RATE = os.environ.get("NEWSROOM_PARTNER_API_RATE", "600/min")
NEWSROOM_SYNDICATION_PEPPER = os.environ.get("NEWSROOM_SYNDICATION_PEPPER", "")
NEWSROOM_SYNDICATION_TIMEOUT = float(
    os.environ.get("NEWSROOM_SYNDICATION_TIMEOUT", "5")
)
NEWSROOM_SYNDICATION_RETRY_DELAYS = [
    float(delay)
    for delay in env_list("NEWSROOM_SYNDICATION_RETRY_DELAYS")
    or ["30", "120", "600", "3600", "21600"]
]
NEWSROOM_SYNDICATION_ALLOW_LOOPBACK = env_bool("NEWSROOM_SYNDICATION_ALLOW_LOOPBACK")
