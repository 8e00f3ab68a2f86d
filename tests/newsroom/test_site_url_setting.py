"""NEWSROOM_SITE_URL: required in production, a scheme and host only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "news.example.org"}


def settings_process(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NEWSROOM_", "DJANGO_"))
    }
    code = (
        "from newsroom import settings as s; "
        "print(s.NEWSROOM_SITE_URL, s.NEWSROOM_FEED_ID_AUTHORITY)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_without_a_site_url_fails_loudly():
    result = settings_process(**PRODUCTION)
    assert result.returncode != 0
    assert "NEWSROOM_SITE_URL is not set" in result.stderr


@pytest.mark.parametrize(
    "value",
    ["news.example.org", "ftp://news.example.org", "https://news.example.org/site"],
)
def test_a_site_url_must_be_a_scheme_and_host(value):
    result = settings_process(**PRODUCTION, NEWSROOM_SITE_URL=value)
    assert result.returncode != 0
    assert "must be a scheme and host" in result.stderr


def test_site_url_drops_a_trailing_slash_and_names_the_feed_authority():
    result = settings_process(
        **PRODUCTION, NEWSROOM_SITE_URL="https://news.example.org/"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://news.example.org", "news.example.org"]


def test_local_runs_default_to_the_development_server():
    result = settings_process()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8000", "127.0.0.1"]
