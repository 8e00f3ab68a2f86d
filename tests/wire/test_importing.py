"""Stories and people made from wire copy get the house slug (common.slugs)."""

import pytest

from common.slugs import slugify
from people.models import Person
from wire.importing import Applied, import_draft, resolve_person
from wire.parse import parse_text

pytestmark = pytest.mark.django_db

KHMER_HEADLINE = "កម្ពុជា ថ្ងៃនេះ"


def copy_headlined(headline):
    return f"{headline}\n\nA first paragraph, long enough to be the story's text.\n"


def test_khmer_headline_keeps_its_marks_in_the_story_slug():
    """Django's slugify gave កមពជ-ថងន; the house rule keeps the combining marks."""
    article, created = import_draft(parse_text(copy_headlined(KHMER_HEADLINE)))
    assert created
    assert article.headline == KHMER_HEADLINE
    assert article.slug == "កម្ពុជា-ថ្ងៃនេះ"
    assert article.get_absolute_url()


def test_a_second_story_with_the_same_headline_gets_a_numbered_slug():
    """Unique the house way: -2 after the first."""
    first, _ = import_draft(parse_text(copy_headlined("Floods in Phnom Penh")))
    second, _ = import_draft(
        parse_text(copy_headlined("Floods in Phnom Penh").replace("first", "other"))
    )
    assert (first.slug, second.slug) == (
        "floods-in-phnom-penh",
        "floods-in-phnom-penh-2",
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("សុខ ឥសាន", "សុខ-ឥសាន"),
        ("José Ramos-Horta", "josé-ramos-horta"),
        ("Nguyễn Thị Ánh", "nguyễn-thị-ánh"),
    ],
)
def test_people_created_from_wire_copy_get_the_house_slug(name, slug):
    """A new person from a suggestion is slugged like one added by hand."""
    applied = Applied()
    person = resolve_person({"name": name, "described_as": ""}, applied)
    assert applied.people_created == 1
    assert person.slug == slug == slugify(name)
    assert Person.objects.get(slug=slug) == person
