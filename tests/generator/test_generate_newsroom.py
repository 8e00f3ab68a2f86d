from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles.models import Article, Byline, Photo, Quote, TaggedArticle
from people.models import Person


def generate(stories=60, seed=3):
    call_command("generate_newsroom", stories=stories, seed=seed, verbosity=0)


def test_generates_the_requested_stories_with_their_people(db):
    """N stories, each with a byline, drawn from staff and newsmakers."""
    generate(stories=60)
    assert Article.objects.count() == 60
    assert Person.objects.staff().exists()
    assert Person.objects.filter(is_staff=False).exists()
    assert not Article.objects.filter(bylines__isnull=True).exists()
    assert set(
        Byline.objects.values_list("person__is_staff", flat=True).distinct()
    ) == {True}
    assert Quote.objects.exists()
    assert TaggedArticle.objects.exists()


def test_mostly_published_with_some_drafts_and_scheduled(db):
    """Most stories are public; drafts and scheduled ones exist and stay hidden."""
    generate(stories=400)
    published = Article.objects.published().count()
    assert published > 0.85 * 400
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.scheduled().exists()


def test_photos_point_at_real_images(db):
    """Every generated photo's file exists and decodes, with its size recorded."""
    generate(stories=30)
    photo = Photo.objects.first()
    with default_storage.open(photo.image.name) as handle:
        image = Image.open(handle)
        assert (image.width, image.height) == (photo.width, photo.height)
    assert Article.objects.filter(lead_photo__isnull=False).exists()


def test_related_links_go_both_ways(db):
    """A related link shows on both stories."""
    generate(stories=200)
    through = Article.related.through
    pairs = set(through.objects.values_list("from_article_id", "to_article_id"))
    assert pairs
    assert all((b, a) in pairs for a, b in pairs)


def test_runs_again_on_top_of_existing_content(db):
    """A second run adds to the newsroom instead of colliding with it."""
    generate(stories=20, seed=1)
    generate(stories=20, seed=1)
    assert Article.objects.count() == 40


def test_generated_pages_render(db, client):
    """Published generated stories, their people and tags answer 200."""
    generate(stories=40)
    article = Article.objects.published().first()
    assert client.get(article.get_absolute_url()).status_code == 200
    person = article.bylines.first().person
    assert client.get(person.get_absolute_url()).status_code == 200
    tag = article.tags.first()
    assert (
        client.get(reverse("articles:tag", kwargs={"slug": tag.slug})).status_code
        == 200
    )
