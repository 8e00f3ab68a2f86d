"""Hostile wire input: a clear reason on the form and per file, never a 500."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from wire.draft import WireError
from wire.ninjs import MAX_JSON_DEPTH, json_depth
from wire.parse import MAX_COPY_BYTES, parse

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).parents[1] / "data" / "seeds"
IMPORT_URL = reverse("admin:wire_wirecopy_import")


def nested(depth, opening='{"a": ', closing="}"):
    return opening * depth + "1" + closing * depth


# The four files of issue 25, each with the reason the editor is given.
HOSTILE = {
    "brackets.json": ("[" * 100_000, "levels deep"),
    "deep-item.json": (
        '{"uri": "urn:x", "body_text": "Text.", "extra": ' + nested(50_000) + "}",
        "levels deep",
    ),
    "deep-paste.json": ('{"headline": ' + nested(20_000, "[", "]") + "}", "levels"),
    "long-number.json": (
        '{"uri": "urn:x", "version": ' + "9" * 100_000 + "}",
        "number",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_upload_is_a_form_error(editor_client, name):
    """Each hostile file uploaded gives the form back with its reason."""
    text, reason = HOSTILE[name]
    upload = SimpleUploadedFile(name, text.encode())
    page = editor_client.post(IMPORT_URL, {"upload": upload})
    assert page.status_code == 200
    assert reason in " ".join(page.context["form"].non_field_errors())
    assert "Traceback" not in page.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("name", ["deep-item.json", "deep-paste.json"])
def test_hostile_paste_is_a_form_error(editor_client, name):
    """Deeply nested JSON pasted into the box is refused the same way."""
    text, reason = HOSTILE[name]
    page = editor_client.post(IMPORT_URL, {"text": text})
    assert page.status_code == 200
    assert reason in " ".join(page.context["form"].non_field_errors())
    assert not Article.objects.exists()


def test_a_long_number_pasted_is_a_form_error(editor_client):
    """An int past Python's 4,300-digit limit is a reason, not a ValueError."""
    page = editor_client.post(IMPORT_URL, {"text": HOSTILE["long-number.json"][0]})
    assert page.status_code == 200
    assert "100,000 characters long" in page.content.decode()


def test_batch_with_bad_files_in_the_middle_imports_the_rest(tmp_path, capsys):
    """import_wire reports every hostile file, goes on, and ends with its summary."""
    first = tmp_path / "ok1.txt"
    first.write_text((SEEDS / "2017-12-13-us-renews-call.txt").read_text())
    last = tmp_path / "ok2.txt"
    last.write_text((SEEDS / "2019-11-trump-letter.txt").read_text())
    bad = []
    for name, (text, _reason) in sorted(HOSTILE.items()):
        path = tmp_path / name
        path.write_text(text)
        bad.append(path)
    call_command("import_wire", str(first), *map(str, bad), str(last))
    captured = capsys.readouterr()
    assert "Wire copy: 2 imported" in captured.out
    assert f"{len(bad)} not imported" in captured.out
    for path in bad:
        reason = HOSTILE[path.name][1]
        line = next(ln for ln in captured.out.splitlines() if path.name in ln)
        assert reason in line
    assert "Traceback" not in captured.out + captured.err
    assert Article.objects.count() == 2


def test_batch_reports_a_missing_and_an_oversized_file(tmp_path, capsys):
    """Files that cannot be read are reasons too, and the batch goes on."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_COPY_BYTES + 1))
    ok = tmp_path / "ok.txt"
    ok.write_text((SEEDS / "2017-12-13-us-renews-call.txt").read_text())
    call_command("import_wire", str(tmp_path / "missing.txt"), str(big), str(ok))
    out = capsys.readouterr().out
    assert "1 imported" in out
    assert "2 not imported" in out
    assert "big.txt is larger than 2 MB" in out
    assert "missing.txt:" in out


def test_depth_counts_brackets_outside_strings_only():
    """Brackets quoted in a headline are text, not nesting."""
    assert json_depth('{"headline": "[[[[{{{{", "a": [{"b": "\\"]]"}]}') == 3
    assert json_depth("[" * 100_000) == 100_000


def test_bounds_leave_a_real_item_alone():
    """A ninjs item nested to the limit still parses."""
    body = nested(MAX_JSON_DEPTH - 2)
    item = {"uri": "urn:x", "headline": "Headline", "body_text": "Text here."}
    text = json.dumps(item)[:-1] + ', "extra": ' + body + "}"
    assert parse(text, "item.json").headline == "Headline"


def test_oversized_copy_is_refused():
    """Copy larger than any story is refused before it is read."""
    with pytest.raises(WireError, match="larger than 2 MB"):
        parse("word " * (MAX_COPY_BYTES // 4))


def test_a_long_float_is_refused():
    """Floats are bounded like ints."""
    with pytest.raises(WireError, match="number"):
        parse('{"uri": "u", "version": 0.' + "1" * 500 + "}", "a.json")
