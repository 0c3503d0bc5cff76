"""Newsroom settings, read from the environment in one place.

Development needs nothing set: SQLite in the project folder, a file cache its processes
share, media on disk. Production sets DEBUG=false and the variables listed in the README;
the secure defaults then follow from DEBUG being off.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from js_asset import static_lazy

from articles.body.editor import ELEMENT_PROCESSORS

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = env_str("SITE_NAME", "The Newsroom Gazette")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_LANGUAGE = env_str("LANGUAGE_CODE", "en-gb")

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "django_prose_editor",
    "reversion",
    "taggit",
    "csp",
    "axes",
    "django_tasks",
    "articles",
]

MIDDLEWARE = [
    # First: load balancers' probes (/healthz, /readyz) skip hosts, redirects and caches.
    "articles.health.HealthCheckMiddleware",
    "articles.logs.RequestIdMiddleware",
    # Then: a cached public page is answered before any other middleware does any work; it
    # was stored with the headers they gave it (security headers, CSP).
    "articles.pagecache.middleware.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "articles.middleware.DatabaseUnavailableMiddleware",
    "articles.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the URLs are resolved: the edition's prefix (/ar/) needs its language active.
    "articles.middleware.EditionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.public.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several editors saving at once: a write transaction takes SQLite's write lock when it
    # begins (IMMEDIATE), so it waits its turn for up to DATABASE_SQLITE_BUSY_MS instead of
    # failing with "database is locked" when it would upgrade a read lock; WAL lets pages be
    # read while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                f"PRAGMA busy_timeout = {env_int('DATABASE_SQLITE_BUSY_MS', 20_000)};"
                "PRAGMA journal_mode = WAL;"
                "PRAGMA synchronous = NORMAL;"
            ),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page queries are short; PostgreSQL's JIT compiler spent longer compiling them than
    # running them in the benchmark. DATABASE_PG_OPTIONS replaces this default.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = env_str(
        "DATABASE_PG_OPTIONS", "-c jit=off"
    )
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters travel apart from the SQL, so a query a connection has run twice is
        # prepared once: PostgreSQL then plans a page's queries once per connection, not on
        # every request (a story's related stories took 4 ms to plan for 2 ms to run).
        # Off for a pooler in transaction mode that cannot keep prepared statements.
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Logs and swallows connection errors, so the site serves from the database.
            "BACKEND": "articles.pagecache.resilient_redis.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
            # A Redis that hangs must not hang every page: give up quickly.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # No Redis: a cache in files that every process of this machine shares (web workers,
    # commands, the worker), so a story published from the command line is seen by the
    # running server's next request. Files rather than the database cache: a cached page
    # then runs no query, and page stores never wait for SQLite's write lock (measured in
    # docs/deployment.md). MAX_ENTRIES leaves room for pages and key versions.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }

# Background work (articles.background): Django's Tasks API through the django-tasks
# backport. "immediate" runs each task in the process that enqueues it, after the commit
# (nothing else to run); "rq" puts it on a Redis queue for `manage.py tasks_worker`.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
TASKS_REDIS_URL = env_str("TASKS_REDIS_URL", REDIS_URL)
if TASKS_BACKEND == "rq":
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs TASKS_REDIS_URL or REDIS_URL set.")
    at = INSTALLED_APPS.index("articles")
    INSTALLED_APPS[at:at] = ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {
        "default": {
            "URL": TASKS_REDIS_URL,
            "DEFAULT_TIMEOUT": env_int("TASKS_TIMEOUT", 600),
            "DEFAULT_RESULT_TTL": 24 * 60 * 60,
        }
    }
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be immediate or rq, not {TASKS_BACKEND!r}")
# A failing task runs again after each of these delays (seconds), then is listed for staff
# under "Failed background tasks" in the admin. Retries need a queue (TASKS_BACKEND=rq).
TASKS_RETRY_DELAYS = [
    int(delay) for delay in env_list("TASKS_RETRY_DELAYS", ["10", "60", "300", "1800"])
]
# How often the worker's clock looks for due scheduled stories and sources to poll.
TASKS_CLOCK_SECONDS = env_int("TASKS_CLOCK_SECONDS", 30)

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = SITE_LANGUAGE
# The languages stories may be written in (codes known to Django, comma-separated), each an
# edition of the site; the site's own language (LANGUAGE_CODE, or its base: "en" for "en-gb")
# is always one of them and is the default edition, served without a prefix (docs/multilingual.md).
language_codes = env_list("LANGUAGES", ["en", "ar"])
for code in language_codes:
    if code not in LANG_INFO:
        raise ImproperlyConfigured(f"LANGUAGES names a language Django does not know: {code!r}")
DEFAULT_LANGUAGE = next(
    (code for code in (SITE_LANGUAGE, SITE_LANGUAGE.split("-")[0]) if code in language_codes),
    SITE_LANGUAGE,
)
if DEFAULT_LANGUAGE not in language_codes:
    if DEFAULT_LANGUAGE not in LANG_INFO and DEFAULT_LANGUAGE.split("-")[0] not in LANG_INFO:
        raise ImproperlyConfigured(f"LANGUAGE_CODE is no language Django knows: {SITE_LANGUAGE!r}")
    language_codes.insert(0, DEFAULT_LANGUAGE)
# The project's own catalogue first: its words win over an installed app's for the same text
# (the admin's "Page not found", say).
LOCALE_PATHS = [BASE_DIR / "articles" / "locale"]
LANGUAGES = [
    (code, LANG_INFO.get(code, LANG_INFO.get(code.split("-")[0], {})).get("name_local", code))
    for code in language_codes
]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = env_str("STATIC_URL", "/static/")
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads larger than this are refused before they reach the image checks.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security: strict whenever DEBUG is off; each can be relaxed by its own variable.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Failed admin logins: after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES (see docs/security.md).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/login_locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy: only the site's own assets. Media may live on object storage,
# so its origin is allowed for images too. The admin adds a per-request nonce for the
# rich-text editor's import map (articles.middleware.ContentSecurityPolicyMiddleware).
CSP_MEDIA_ORIGINS = [
    origin
    for origin in [
        origin_of(MEDIA_URL),
        origin_of(f"https://{env_str('AWS_S3_CUSTOM_DOMAIN')}"),
        origin_of(env_str("AWS_S3_ENDPOINT_URL")),
    ]
    if origin
]
# Embeds in story bodies: the providers editors may use (EMBED_PROVIDERS narrows the list by
# key). Readers' browsers load a player only after a click, from the origins named here.
ALL_EMBED_PROVIDERS: dict[str, dict[str, Any]] = {
    "youtube": {
        "name": "YouTube",
        "oembed": "https://www.youtube.com/oembed",
        "frame_origins": ["https://www.youtube-nocookie.com"],
        "urls": [
            (r"https?://(?:www\.|m\.)?youtube\.com/watch\?(?:[^#\s]*&)?v=(?P<id>[\w-]{11})[^\s]*",
             "https://www.youtube-nocookie.com/embed/{id}"),
            (r"https?://youtu\.be/(?P<id>[\w-]{11})(?:\?[^\s]*)?",
             "https://www.youtube-nocookie.com/embed/{id}"),
            (r"https?://(?:www\.)?youtube\.com/(?:shorts|embed|live)/(?P<id>[\w-]{11})(?:\?[^\s]*)?",
             "https://www.youtube-nocookie.com/embed/{id}"),
        ],
    },
    "vimeo": {
        "name": "Vimeo",
        "oembed": "https://vimeo.com/api/oembed.json",
        "frame_origins": ["https://player.vimeo.com"],
        "urls": [
            (r"https?://(?:www\.|player\.)?vimeo\.com/(?:video/)?(?P<id>\d+)/?(?:\?[^\s]*)?",
             "https://player.vimeo.com/video/{id}?dnt=1"),
        ],
    },
    "x": {
        "name": "X",
        "oembed": "https://publish.twitter.com/oembed",
        "frame_origins": ["https://platform.twitter.com"],
        "urls": [
            (r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status(?:es)?/(?P<id>\d+)"
             r"(?:\?[^\s]*)?", "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true"),
        ],
    },
    "instagram": {
        "name": "Instagram",
        "oembed": "https://graph.facebook.com/v19.0/instagram_oembed",
        "frame_origins": ["https://www.instagram.com"],
        "urls": [
            (r"https?://(?:www\.)?instagram\.com/(?:p|reel|tv)/(?P<id>[\w-]+)/?(?:\?[^\s]*)?",
             "https://www.instagram.com/p/{id}/embed/"),
        ],
    },
    "facebook": {
        "name": "Facebook",
        "oembed": "https://graph.facebook.com/v19.0/oembed_post",
        "frame_origins": ["https://www.facebook.com"],
        "urls": [
            (r"https?://(?:www\.)?facebook\.com/[\w.-]+/videos/[\w/.-]+",
             "https://www.facebook.com/plugins/video.php?href={url}"),
            (r"https?://(?:www\.)?facebook\.com/[\w.-]+/posts/[\w/.-]+",
             "https://www.facebook.com/plugins/post.php?href={url}"),
        ],
    },
    "tiktok": {
        "name": "TikTok",
        "oembed": "https://www.tiktok.com/oembed",
        "frame_origins": ["https://www.tiktok.com"],
        "urls": [
            (r"https?://(?:www\.)?tiktok\.com/@[\w.-]+/video/(?P<id>\d+)(?:\?[^\s]*)?",
             "https://www.tiktok.com/embed/v2/{id}"),
        ],
    },
    "soundcloud": {
        "name": "SoundCloud",
        "oembed": "https://soundcloud.com/oembed",
        "frame_origins": ["https://w.soundcloud.com"],
        "urls": [
            (r"https?://(?:www\.)?soundcloud\.com/[\w-]+/[\w-]+(?:/[\w-]+)?/?",
             "https://w.soundcloud.com/player/?url={url}"),
        ],
    },
    "spotify": {
        "name": "Spotify",
        "oembed": "https://open.spotify.com/oembed",
        "frame_origins": ["https://open.spotify.com"],
        "urls": [
            (r"https?://open\.spotify\.com/(?P<kind>track|album|playlist|episode|show|artist)/"
             r"(?P<id>\w+)(?:\?[^\s]*)?", "https://open.spotify.com/embed/{kind}/{id}"),
        ],
    },
    "datawrapper": {
        "name": "Datawrapper",
        "oembed": "https://api.datawrapper.de/v3/oembed",
        "frame_origins": ["https://datawrapper.dwcdn.net"],
        "urls": [
            (r"https?://datawrapper\.dwcdn\.net/(?P<id>\w+)(?:/\d+)?/?",
             "https://datawrapper.dwcdn.net/{id}/"),
        ],
    },
    "flourish": {
        "name": "Flourish",
        "oembed": "https://app.flourish.studio/api/v1/oembed",
        "frame_origins": ["https://flo.uri.sh"],
        "urls": [
            (r"https?://public\.flourish\.studio/(?P<kind>visualisation|story)/(?P<id>\d+)/?",
             "https://flo.uri.sh/{kind}/{id}/embed"),
        ],
    },
    "google_maps": {
        # Google Maps offers no oEmbed: the map's title is the editor's link text, or "Map".
        "name": "Google Maps",
        "oembed": "",
        "frame_origins": ["https://www.google.com"],
        "urls": [
            (r"https?://(?:www\.)?google\.com/maps/embed\?pb=(?P<pb>[\w!.*:%-]+)",
             "https://www.google.com/maps/embed?pb={pb}"),
        ],
    },
}  # fmt: skip
EMBED_PROVIDERS = {
    key: provider
    for key, provider in ALL_EMBED_PROVIDERS.items()
    if key in env_list("EMBED_PROVIDERS", list(ALL_EMBED_PROVIDERS))
}
# Instagram's and Facebook's oEmbed answer only with an app token ("app-id|client-token").
EMBED_FACEBOOK_ACCESS_TOKEN = env_str("EMBED_FACEBOOK_ACCESS_TOKEN")
EMBED_MAX_OEMBED_BYTES = env_int("EMBED_MAX_OEMBED_BYTES", 256 * 1024)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, *CSP_MEDIA_ORIGINS, *env_list("CSP_EXTRA_IMG_SRC", [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-src": sorted(
            {
                origin
                for provider in EMBED_PROVIDERS.values()
                for origin in provider["frame_origins"]
            }
        )
        or [NONE],
        "frame-ancestors": [NONE],
    },
}

# Logs: JSON lines with the request id in production (LOG_FORMAT=json, the default when
# DEBUG is off), plain text in development.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "articles.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "articles.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Story slugs of headlines in other scripts than Latin (Arabic) keep their own words; off,
# they fall back to ASCII ("story" when nothing is left). Latin headlines are ASCII either way.
SLUGS_ALLOW_UNICODE = env_bool("SLUGS_ALLOW_UNICODE", True)

# Error reporting, optional: pip install "newsroom[sentry]" and set SENTRY_DSN.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ImproperlyConfigured(
            'SENTRY_DSN is set but sentry-sdk is not installed: pip install "newsroom[sentry]"'
        ) from None
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
        send_default_pii=False,
    )

TAGGIT_CASE_INSENSITIVE = True
# Tag addresses use Django's ASCII slug converter: "Zürich" is /tags/zurich/.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# The rich-text editor offers exactly what the body sanitizer keeps.
PROSE_EDITOR_BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "ListItem": True,
    "OrderedList": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BodyPhoto": True,
    "BodyGallery": True,
    "BodyEmbed": True,
    "PullQuote": True,
    "FactBox": True,
    "StoryLink": True,
    "WritingCounts": True,
}
# The newsroom's body elements (articles.body.editor), loaded by the editor as an ES module.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/admin/body_elements.js")],
        "extensions": ELEMENT_PROCESSORS,
    }
]

# Public lists and feeds.
STORIES_PER_PAGE = env_int("STORIES_PER_PAGE", 20)
# Search (articles.public.search): the best matches among this many newest matching stories,
# stopped after this many milliseconds (the reader is asked to narrow it), at most this
# many words.
SEARCH_WINDOW = env_int("SEARCH_WINDOW", 200)
SEARCH_TIME_LIMIT_MS = env_int("SEARCH_TIME_LIMIT_MS", 1000)
SEARCH_MAX_WORDS = 10

# The public site: how long browsers and shared caches may keep a page (seconds), and
# how many stories the front page and a story's "related" list show.
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 60)
# The shared page cache (articles.pagecache.store): how long a public page may be stored at most
# (0 turns it off; a scheduled publication shortens it).
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 300)
# Live coverage (articles.live): how often a reader's open page asks for new updates, and
# how many of the newest updates each answer carries.
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 15)
LIVE_POLL_LENGTH = env_int("LIVE_POLL_LENGTH", 20)
# Purging a CDN (articles.pagecache.purge): "generic" (POST or PURGE to CACHE_PURGE_URL),
# "fastly" or "cloudflare". Left empty, CACHE_PURGE_HOOK (a dotted path to a callable taking
# the invalidated keys) or else CACHE_PURGE_URL chooses; with neither, nothing is purged.
CACHE_PURGE_BACKEND = env_str("CACHE_PURGE_BACKEND")
CACHE_PURGE_HOOK = env_str("CACHE_PURGE_HOOK")
CACHE_PURGE_URL = env_str("CACHE_PURGE_URL")
CACHE_PURGE_METHOD = env_str("CACHE_PURGE_METHOD", "POST").upper()
# The most keys one request to CACHE_PURGE_URL carries (0: all of a transaction's at once).
CACHE_PURGE_BATCH_SIZE = env_int("CACHE_PURGE_BATCH_SIZE", 0)
CACHE_PURGE_TIMEOUT = env_int("CACHE_PURGE_TIMEOUT", 5)
FASTLY_SERVICE_ID = env_str("FASTLY_SERVICE_ID")
FASTLY_API_TOKEN = env_str("FASTLY_API_TOKEN")
FASTLY_API_URL = env_str("FASTLY_API_URL", "https://api.fastly.com")
CLOUDFLARE_ZONE_ID = env_str("CLOUDFLARE_ZONE_ID")
CLOUDFLARE_API_TOKEN = env_str("CLOUDFLARE_API_TOKEN")
CLOUDFLARE_API_URL = env_str("CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4")
purge_backend_needs = {
    "": {},
    "generic": {"CACHE_PURGE_URL": CACHE_PURGE_URL},
    "fastly": {"FASTLY_SERVICE_ID": FASTLY_SERVICE_ID, "FASTLY_API_TOKEN": FASTLY_API_TOKEN},
    "cloudflare": {
        "CLOUDFLARE_ZONE_ID": CLOUDFLARE_ZONE_ID,
        "CLOUDFLARE_API_TOKEN": CLOUDFLARE_API_TOKEN,
    },
}
if CACHE_PURGE_BACKEND not in purge_backend_needs:
    raise ImproperlyConfigured(
        f"CACHE_PURGE_BACKEND must be generic, fastly or cloudflare, not {CACHE_PURGE_BACKEND!r}"
    )
for name, value in purge_backend_needs[CACHE_PURGE_BACKEND].items():
    if not value:
        raise ImproperlyConfigured(f"CACHE_PURGE_BACKEND={CACHE_PURGE_BACKEND} needs {name} set.")
if CACHE_PURGE_METHOD not in ("POST", "PURGE"):
    raise ImproperlyConfigured(
        f"CACHE_PURGE_METHOD must be POST or PURGE, not {CACHE_PURGE_METHOD!r}"
    )
FRONT_PAGE_FEATURED = 4
# Lead, top and per-section stories are chosen among this many newest public stories.
FRONT_PAGE_WINDOW = env_int("FRONT_PAGE_WINDOW", 500)
FRONT_PAGE_PER_SECTION = 4
RELATED_STORIES = 4
SITE_LOGO = "articles/logo.png"
SITE_LOGO_WIDTH = SITE_LOGO_HEIGHT = 112
# Ingest of partner feeds: time and size limits, and whether private hosts may be fetched.
INGEST_TIMEOUT = env_int("INGEST_TIMEOUT", 10)
INGEST_MAX_FEED_BYTES = env_int("INGEST_MAX_FEED_BYTES", 5 * 1024 * 1024)
INGEST_MAX_IMAGE_BYTES = env_int("INGEST_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
INGEST_MAX_BODY_CHARS = env_int("INGEST_MAX_BODY_CHARS", 200_000)
INGEST_ALLOW_PRIVATE_HOSTS = env_bool("INGEST_ALLOW_PRIVATE_HOSTS", False)
# Editorial workflow: how long a signed preview link works, and how long an open edit
# form keeps telling others that someone is editing.
PREVIEW_LINK_MAX_AGE = env_int("PREVIEW_LINK_MAX_AGE", 3 * 24 * 60 * 60)
STORY_EDIT_LOCK_SECONDS = env_int("STORY_EDIT_LOCK_SECONDS", 15 * 60)
# How often an open story form keeps a private copy of what is typed (and on leaving).
STORY_AUTOSAVE_SECONDS = env_int("STORY_AUTOSAVE_SECONDS", 20)
# Uploaded photos: bigger files or pixel counts are refused (decompression bombs).
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 30 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 50_000_000)
