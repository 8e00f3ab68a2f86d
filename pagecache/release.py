"""
Which release of the site's templates, translations and static files is running.

A deploy that changes a template, a translation or a stylesheet must not be
served from pages and fragments stored by the release before it (fragments are
kept for a day). ``release_digest()`` is part of every page and fragment key
(``keys.settings_digest``), so a new release starts from an empty cache while
the old one's entries expire on their own.

Set ``NEWSROOM_RELEASE`` (a commit id, a version) to name the release; without
it, the digest is read off the files themselves: the contents, not the times,
of the project's templates, compiled translations and static manifest, so
every node of one release computes the same digest and shares one cache.
Changes in Python code alone call for ``NEWSROOM_RELEASE``.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.template.utils import get_app_template_dirs


def _template_dirs():
    """Template folders inside the project (Django's own never change in a deploy)."""
    base = Path(settings.BASE_DIR).resolve()
    folders = set()
    for backend in engines.all():
        if isinstance(backend, DjangoTemplates):
            folders.update(Path(d) for d in backend.engine.dirs)
    folders.update(Path(d) for d in get_app_template_dirs("templates"))
    return sorted(
        folder.resolve() for folder in folders if folder.resolve().is_relative_to(base)
    )


def _release_files():
    for folder in _template_dirs():
        yield from sorted(path for path in folder.rglob("*") if path.is_file())
    for folder in settings.LOCALE_PATHS:
        yield from sorted(Path(folder).rglob("*.mo"))
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        yield manifest


@functools.cache
def release_digest():
    """A short name for the running release, the same on every node of it."""
    named = getattr(settings, "NEWSROOM_RELEASE", "")
    digest = hashlib.md5(usedforsecurity=False)
    if named:
        digest.update(named.encode())
    else:
        base = Path(settings.BASE_DIR).resolve()
        for path in _release_files():
            digest.update(os.path.relpath(path.resolve(), base).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:12]
