"""Wire copy in: plain text and ninjs turned into a draft, odd input refused clearly."""

import json
from pathlib import Path

import pytest

from wire.draft import WireError, copy_checksum
from wire.ninjs import parse_ninjs
from wire.parse import decode_upload, parse, parse_text

DATA = Path(__file__).parent.parent / "data"
SEED_2017 = (DATA / "seeds" / "2017-12-13-us-renews-call.txt").read_text()
SEED_2019 = (DATA / "seeds" / "2019-11-trump-letter.txt").read_text()
SAMPLE = json.loads(
    (Path(__file__).parents[2] / "fixtures" / "sample.json").read_text()
)


def sample_body(pk):
    return next(
        o["fields"]["body"]
        for o in SAMPLE
        if o["model"] == "articles.article" and o["pk"] == pk
    )


def test_2017_seed_furniture_headline_caption_and_credit():
    """Page furniture is dropped; headline, caption and credit come apart."""
    draft = parse_text(SEED_2017)
    assert draft.dropped == ["Accessibility links", "Breaking News"]
    assert draft.headline == (
        "US Renews Call for Cambodia to Reverse ‘Backtracking’ on Democracy"
    )
    assert not draft.headline_made_up
    assert draft.caption.startswith("Patrick Murphy, deputy assistant secretary")
    assert draft.caption.endswith("Wednesday, December 13, 2017.")
    assert draft.credit == "Aun Chhengpor/VOA Khmer"
    assert draft.source == "VOA Khmer"
    assert draft.deck == draft.paragraphs[0]
    assert draft.paragraphs[0].startswith("The United States has said")
    assert draft.paragraphs[-1].startswith("Since it was dissolved")
    assert not any("Aun Chhengpor" in p for p in draft.paragraphs)


@pytest.mark.parametrize(("seed", "pk"), [(SEED_2017, 1), (SEED_2019, 2)])
def test_seed_body_is_the_sample_body_exactly(seed, pk):
    """The body paragraphs are exactly the sample story's, as HTML."""
    assert parse_text(seed).body_html == sample_body(pk)


def test_2019_seed_without_headline_gets_one_from_its_first_sentence():
    """Copy without a headline (one paragraph a line) is still a story."""
    draft = parse_text(SEED_2019)
    assert draft.headline_made_up
    assert draft.headline.startswith("President Donald Trump has written a letter")
    assert len(draft.paragraphs) == 15
    assert draft.caption == draft.credit == ""


def test_dateline_and_agency_are_read_from_the_first_paragraph():
    """“PHNOM PENH, Cambodia (AP) — ” is the dateline, not body text."""
    draft = parse_text(
        "Floods close schools\n\nPHNOM PENH, Cambodia (AP) — Heavy rain closed "
        "schools on Monday.\n\nMore rain is expected."
    )
    assert draft.dateline == "PHNOM PENH, Cambodia"
    assert draft.source == "AP"
    assert draft.paragraphs[0] == "Heavy rain closed schools on Monday."


def test_checksum_ignores_line_endings_and_spacing():
    """The same copy saved on Windows or re-wrapped is recognised."""
    assert copy_checksum(SEED_2017) == copy_checksum(
        SEED_2017.replace("\n", "\r\n").replace(" ", "  ")
    )
    assert copy_checksum(SEED_2017) != copy_checksum(SEED_2019)


def ninjs_2():
    return {
        "uri": "urn:example:wire:2024:1",
        "version": "2",
        "type": "text",
        "language": "en",
        "located": "Phnom Penh",
        "copyrightholder": "Example Wire",
        "versioncreated": "2024-03-12T08:00:00Z",
        "headlines": [{"role": "main", "value": "Budget to rise"}],
        "descriptions": [{"role": "summary", "value": "The budget rises 12 percent."}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": "<p>Finance Minister Dara Keo said the budget would rise.</p>"
                "<p>“We have done the arithmetic,” Keo said.</p>",
            }
        ],
    }


def test_ninjs_2_document_becomes_a_draft():
    """headlines, descriptions, bodies (HTML), located and copyright holder are read."""
    draft = parse(json.dumps(ninjs_2()), "item.json")
    assert draft.format == "ninjs"
    assert draft.headline == "Budget to rise"
    assert draft.deck == "The budget rises 12 percent."
    assert draft.dateline == "Phnom Penh"
    assert draft.source == "Example Wire"
    assert draft.uri == "urn:example:wire:2024:1"
    assert draft.paragraphs == [
        "Finance Minister Dara Keo said the budget would rise.",
        "“We have done the arithmetic,” Keo said.",
    ]
    assert draft.created.year == 2024


def test_ninjs_3_document_becomes_a_draft():
    """ninjs 3 (camelCase names) is validated against its own schema."""
    item = ninjs_2()
    del item["copyrightholder"], item["versioncreated"]
    item["copyrightHolder"] = "Example Wire"
    item["versionCreated"] = "2024-03-12T08:00:00Z"
    item["bodies"][0]["contentType"] = item["bodies"][0].pop("contenttype")
    draft = parse_ninjs(json.dumps(item))
    assert draft.source == "Example Wire"
    assert len(draft.paragraphs) == 2


def test_ninjs_1_fields_are_read():
    """Older ninjs (headline, body_text) is read too."""
    draft = parse_ninjs(
        json.dumps(
            {"uri": "urn:x:1", "headline": "Old style", "body_text": "One.\n\nTwo."}
        )
    )
    assert draft.headline == "Old style"
    assert draft.paragraphs == ["One.", "Two."]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"headlines": [{"value": "No uri"}]}), "'uri' is a required"),
        (json.dumps({"uri": "u", "headlines": "not a list"}), "headlines"),
        (
            json.dumps({"uri": "u", "type": "picture", "bodies": [{"value": "x"}]}),
            "picture",
        ),
        (json.dumps({"uri": "u", "headlines": [{"value": "No body"}]}), "no body"),
    ],
)
def test_malformed_ninjs_is_refused_with_a_clear_message(document, message):
    """Broken JSON, schema violations and items without text say what is wrong."""
    with pytest.raises(WireError, match=message):
        parse_ninjs(document)


def test_binary_upload_is_refused():
    """A JPEG renamed .txt is not read as text."""
    data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4
    with pytest.raises(WireError, match="binary"):
        decode_upload(data, "photo.txt")


def test_utf16_and_latin1_files_are_read():
    """Text saved as UTF-16 (with its mark) or Windows-1252 still imports."""
    assert decode_upload("Caf\u00e9 story".encode("utf-16"), "a.txt") == "Café story"
    assert decode_upload("Caf\u00e9 story".encode("cp1252"), "a.txt") == "Café story"


@pytest.mark.parametrize(
    "text", ["", "   \n\n ", "Accessibility links\n\nBreaking News"]
)
def test_copy_without_story_text_is_refused(text):
    """Empty copy, or furniture alone, is an error the editor can read."""
    with pytest.raises(WireError):
        parse_text(text)


def test_khmer_text_is_a_draft():
    """Khmer copy (no capital letters) parses like any other."""
    draft = parse_text(
        "ព័ត៌មានថ្មី\n\nផ្លូវថ្មីនឹងបើកឆាប់ៗ\n\nលោក សុខ ដារ៉ា បាននិយាយថា «យើងនឹងបើកផ្លូវថ្មី»។"
    )
    # ព័ត៌មានថ្មី is VOA Khmer's "Breaking News" link: furniture, not a headline.
    assert draft.headline == "ផ្លូវថ្មីនឹងបើកឆាប់ៗ"
    assert draft.dropped == ["ព័ត៌មានថ្មី"]
    assert len(draft.paragraphs) == 1


def test_khmer_sentence_is_not_a_headline():
    """A Khmer paragraph ending in ។ is story text, however few its spaces."""
    draft = parse_text("ផ្លូវថ្មី\n\nលោក សុខ ដារ៉ា បាននិយាយ។\n\nអ្នកភូមិស្វាគមន៍។")
    assert draft.headline == "ផ្លូវថ្មី"
    draft = parse_text("លោក សុខ ដារ៉ា បាននិយាយ។\n\nអ្នកភូមិស្វាគមន៍។")
    assert draft.paragraphs[0] == "លោក សុខ ដារ៉ា បាននិយាយ។"
