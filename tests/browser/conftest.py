"""Debian's Chromium driven by Playwright, for tests marked ``browser``."""

import os
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections

from tests.optional import import_tool, tool_missing

CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium(monkeypatch):
    """A headless Chromium; skipped without one unless NEWSROOM_REQUIRE_BROWSER=1."""
    if not CHROMIUM.exists():
        tool_missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    sync_playwright = import_tool(
        "playwright.sync_api", "the dev extra"
    ).sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls
    # tests make between browser steps are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        watched = PolicyWatchedBrowser(browser)
        yield watched
        browser.close()
        # Every page the test opened ran under the site's Content-Security-Policy.
        assert watched.violations == []
        # ORM calls made while Playwright's loop runs use connections of their
        # own; close them here, in that context, so the test database can go.
        connections.close_all()


class PolicyWatchedBrowser:
    """
    The browser, noting every Content-Security-Policy violation that a page
    or context it opens reports to the console.
    """

    def __init__(self, browser):
        self._browser = browser
        self.violations = []

    def _watch(self, target):
        target.on("console", self._console)
        return target

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)

    def new_context(self, **kwargs):
        return self._watch(self._browser.new_context(**kwargs))

    def new_page(self, **kwargs):
        page = self._browser.new_page(**kwargs)
        # The page's own context, so pages it opens are watched too.
        self._watch(page.context)
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def fresh_rendition_state():
    """Imagekit remembers which renditions exist; each test has new media."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def axe():
    """axe-core, run in the page by axe-playwright-python."""
    return import_tool("axe_playwright_python.sync_playwright", "the dev extra").Axe()


def wait_until(page, predicate, timeout=15):
    """
    Poll ``predicate`` (a JavaScript function) in the page until it is true.

    Playwright's own ``wait_for_function`` compiles its predicate in the page
    with ``new Function``, which the site's Content-Security-Policy refuses (no
    'unsafe-eval'); evaluating a function through the driver is not script the
    page runs, so the policy stays as strict as readers get it.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"Still false after {timeout} s: {predicate}")
        page.wait_for_timeout(100)
