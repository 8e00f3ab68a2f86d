"""Only author bylines are authors, in JSON-LD, meta tags and feeds."""

import pytest

from articles.models import Article, Byline
from articles.structured_data import article_json_ld
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db


def story_with(*credits, source="", photo=None):
    article = make_article("Credited story", source=source, lead_photo=photo)
    for position, (name, role) in enumerate(credits):
        Byline.objects.create(
            article=article, person=make_person(name), role=role, position=position
        )
    return Article.objects.for_listing().get(pk=article.pk)


def authors(data):
    return [(a["@type"], a["name"]) for a in data["author"]]


@pytest.mark.parametrize(
    ("credits", "source", "expected"),
    [
        ([("Writer A", "author")], "", [("Person", "Writer A")]),
        (
            [("Writer A", "author"), ("Writer B", "author")],
            "",
            [("Person", "Writer A"), ("Person", "Writer B")],
        ),
        (
            [("Snap", "photographer"), ("Writer A", "author")],
            "",
            [("Person", "Writer A")],
        ),
        ([("Snap", "photographer")], "", [("Organization", "Newsroom")]),
        ([("Snap", "photographer")], "VOA Khmer", [("Organization", "VOA Khmer")]),
        ([], "VOA Khmer", [("Organization", "VOA Khmer")]),
        ([], "", [("Organization", "Newsroom")]),
        (
            [("Helper", "contributor"), ("Lang", "translator"), ("Ed", "editor")],
            "",
            [("Organization", "Newsroom")],
        ),
    ],
)
def test_json_ld_authors_per_byline_combination(credits, source, expected):
    """Writers are authors; without one, the agency, else the newsroom."""
    data = article_json_ld(story_with(*credits, source=source))
    assert authors(data) == expected
    assert data["author"], "never an empty author list"


def test_other_credits_have_their_own_properties():
    """Contributors, translators and editors are named as such, never as authors."""
    data = article_json_ld(
        story_with(
            ("Writer A", "author"),
            ("Helper", "contributor"),
            ("Lang", "translator"),
            ("Ed", "editor"),
        )
    )
    assert [p["name"] for p in data["contributor"]] == ["Helper"]
    assert [p["name"] for p in data["translator"]] == ["Lang"]
    assert [p["name"] for p in data["editor"]] == ["Ed"]


def test_photographer_is_the_images_creator():
    """The photographer is the image's creator and credit, not the story's author."""
    photographer = make_person("Tum Malis")
    photo = make_photo(credit="Tum Malis/VOA Khmer", photographer=photographer)
    data = article_json_ld(
        story_with(("Tum Malis", "photographer"), source="VOA Khmer", photo=photo)
    )
    assert authors(data) == [("Organization", "VOA Khmer")]
    for image in data["image"]:
        assert [c["name"] for c in image["creator"]] == ["Tum Malis"]
        assert image["creditText"] == "Tum Malis/VOA Khmer"
    assert data["sourceOrganization"]["name"] == "VOA Khmer"


def test_photographer_byline_credits_the_image_without_a_photo_photographer():
    """A photographer byline names the lead photo's creator when the photo doesn't."""
    data = article_json_ld(
        story_with(("Snap", "photographer"), photo=make_photo(credit=""))
    )
    assert [c["name"] for c in data["image"][0]["creator"]] == ["Snap"]


def test_publisher_has_name_url_and_logo():
    data = article_json_ld(story_with(("Writer A", "author")))
    publisher = data["publisher"]
    assert publisher["name"] == "Newsroom"
    assert publisher["url"] == "http://testserver/"
    assert publisher["logo"]["url"].endswith("publisher-logo.png")
    assert (publisher["logo"]["width"], publisher["logo"]["height"]) == (600, 60)


def test_meta_article_author_is_a_writer_or_the_organization(client):
    """article:author: writers' names, else the agency; never the photographer."""
    story = story_with(("Snap", "photographer"), source="VOA Khmer")
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<meta property="article:author" content="VOA Khmer">' in html
    assert "Snap" not in html.split("</head>")[0].split("article:author")[-1]
    written = story_with(("Writer A", "author"), ("Snap", "photographer"))
    html = client.get(written.get_absolute_url()).content.decode()
    assert '<meta property="article:author" content="Writer A">' in html
    assert html.count('property="article:author"') == 1
