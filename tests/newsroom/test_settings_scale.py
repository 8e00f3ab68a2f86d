import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from newsroom.checks import media_served_by_django

BASE_DIR = Path(__file__).resolve().parent.parent.parent

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite connection settings"
)


def load_settings(**env):
    """The settings a fresh process builds from the given environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "REDIS_", "DATABASE_"))
    }
    code = (
        "import json; from newsroom import settings as s; print(json.dumps({"
        "'storage': s.STORAGES['default'], 'serve_media': s.SERVE_MEDIA,"
        "'cache': s.CACHES['default'], 'db': s.DATABASES['default']['OPTIONS']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def sqlite_wrapper(tmp_path):
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "t.sqlite3")}
    return DatabaseWrapper(settings_dict, alias="wal-check")


@sqlite_only
def test_sqlite_file_uses_wal_and_normal_sync(tmp_path, django_db_blocker):
    """A new SQLite connection runs in WAL mode with synchronous=NORMAL."""
    wrapper = sqlite_wrapper(tmp_path)
    with django_db_blocker.unblock(), wrapper.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20000
    wrapper.close()


@sqlite_only
def test_sqlite_transactions_take_the_write_lock_at_once(tmp_path, django_db_blocker):
    """Transactions begin IMMEDIATE: a second writer waits from the start."""
    wrapper = sqlite_wrapper(tmp_path)
    assert wrapper.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with django_db_blocker.unblock():
        wrapper.ensure_connection()
        # What atomic() does on SQLite; no statement has run yet.
        wrapper._start_transaction_under_autocommit()
        other = sqlite3.connect(tmp_path / "t.sqlite3", timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        wrapper.connection.execute("ROLLBACK")
        wrapper.close()


def test_s3_bucket_switches_media_to_object_storage():
    """AWS_STORAGE_BUCKET_NAME selects the S3 backend and stops serving media."""
    loaded = load_settings(
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="eu-west-1",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )
    assert loaded["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = loaded["storage"]["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "eu-west-1"
    assert options["custom_domain"] == "media.example.org"
    assert loaded["serve_media"] is False


def test_s3_backend_imports():
    """The configured S3 backend class exists in the installed django-storages."""
    s3 = pytest.importorskip("storages.backends.s3", reason="the s3 extra")
    storage = s3.S3Storage(bucket_name="newsroom-media", custom_domain="m.example.org")
    assert storage.url("photos/a.jpg") == "https://m.example.org/photos/a.jpg"


def test_without_bucket_media_stays_on_disk():
    """With no bucket, uploads stay on local disk and the site serves them."""
    loaded = load_settings()
    assert loaded["storage"]["BACKEND"].endswith("FileSystemStorage")
    assert loaded["serve_media"] is True


PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "NEWSROOM_SITE_URL": "https://news.example.org",
}


def test_production_leaves_media_to_a_front_end_server():
    """With DEBUG off outside local runs, Django does not serve /media/."""
    assert load_settings(**PRODUCTION)["serve_media"] is False
    assert load_settings(**PRODUCTION, DJANGO_DEBUG="1")["serve_media"] is True


def test_production_can_still_serve_media_when_asked():
    """NEWSROOM_SERVE_MEDIA=1 turns it back on in production."""
    loaded = load_settings(**PRODUCTION, NEWSROOM_SERVE_MEDIA="1")
    assert loaded["serve_media"] is True


def test_deploy_check_warns_when_production_serves_media(settings):
    """``check --deploy`` warns about Django serving media in production."""
    settings.DEBUG, settings.LOCAL, settings.SERVE_MEDIA = False, False, True
    assert [m.id for m in media_served_by_django(None)] == ["newsroom.W001"]
    settings.SERVE_MEDIA = False
    assert media_served_by_django(None) == []
    settings.LOCAL, settings.SERVE_MEDIA = True, True
    assert media_served_by_django(None) == []


def settings_without(module, **env):
    """A fresh process building the settings as if ``module`` were not installed."""
    code = f"import sys; sys.modules[{module!r}] = None; import newsroom.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("module", "env", "extra"),
    [
        ("redis", {"REDIS_URL": "redis://127.0.0.1:6390/0"}, ".[redis]"),
        ("storages", {"AWS_STORAGE_BUCKET_NAME": "newsroom-media"}, ".[s3]"),
    ],
)
def test_backend_without_its_extra_fails_loudly(module, env, extra):
    """A configured Redis or S3 without its package names the extra to install."""
    result = settings_without(module, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert extra in result.stderr


def test_redis_url_selects_django_redis_cache():
    """REDIS_URL selects Django's built-in Redis cache backend."""
    loaded = load_settings(REDIS_URL="redis://127.0.0.1:6390/0")
    assert loaded["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert loaded["cache"]["LOCATION"] == "redis://127.0.0.1:6390/0"


def test_default_cache_is_shared_by_workers(tmp_path):
    """Without Redis the cache is DiskCache's, shared by the machine's workers."""
    loaded = load_settings(
        NEWSROOM_VAR_DIR=str(tmp_path), NEWSROOM_CACHE_MAX_BYTES=str(2 * 1024**3)
    )
    assert loaded["cache"]["BACKEND"] == "pagecache.backends.DiskCache"
    assert loaded["cache"]["LOCATION"] == str(tmp_path / "cache")
    assert loaded["cache"]["OPTIONS"]["size_limit"] == 2 * 1024**3
    assert loaded["cache"]["OPTIONS"]["eviction_policy"] == "least-recently-stored"
    assert loaded["db"]["transaction_mode"] == "IMMEDIATE"
