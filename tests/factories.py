"""Small builders for test content; each returns saved objects."""

import io
import itertools
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Mention, Note, Photo, Quote
from people.models import Person

_counter = itertools.count(1)


def image_file(name="photo.jpg", size=(64, 48), color=(120, 90, 60), fmt="JPEG"):
    """A real, decodable image as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = f"image/{fmt.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_person(name=None, **fields):
    n = next(_counter)
    name = name or f"Person {n}"
    return Person.objects.create(name=name, **fields)


def make_photo(**fields):
    fields.setdefault("image", image_file())
    fields.setdefault("alt_text", "A test photo")
    fields.setdefault("caption", "A caption")
    fields.setdefault("credit", "Test Agency")
    return Photo.objects.create(**fields)


def make_article(headline=None, *, tags=(), published=True, **fields):
    """A story; published an hour ago unless told otherwise."""
    n = next(_counter)
    headline = headline or f"Story number {n}"
    fields.setdefault("body", "<p>Body text.</p>")
    fields.setdefault("deck", f"Deck of {headline}")
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(headline=headline, **fields)
    if tags:
        article.tags.add(*tags)
    return article


def make_heavy_article(
    bylines=5, tags=20, people=15, quotes=30, related=10, notes=3, with_photo=True
):
    """A content-heavy published story, for pinning query counts."""
    article = make_article(
        "A heavy story",
        lead_photo=make_photo() if with_photo else None,
        tags=[f"tag-{i}" for i in range(tags)],
    )
    writers = [make_person(f"Writer {i}", is_staff=True) for i in range(bylines)]
    Byline.objects.bulk_create(
        Byline(article=article, person=p, position=i) for i, p in enumerate(writers)
    )
    newsmakers = [make_person(f"Newsmaker {i}") for i in range(people)]
    Mention.objects.bulk_create(Mention(article=article, person=p) for p in newsmakers)
    Quote.objects.bulk_create(
        Quote(
            article=article,
            speaker=newsmakers[i % people],
            speaker_title=f"Title {i}",
            text=f"Quoted words number {i}.",
            said_on=timezone.now().date(),
            is_pull_quote=(i == 0),
            position=i,
        )
        for i in range(quotes)
    )
    Note.objects.bulk_create(
        Note(article=article, text=f"Correction number {i}.") for i in range(notes)
    )
    others = [
        make_article(f"Related {i}", tags=[f"tag-{i}"], lead_photo=make_photo())
        for i in range(related)
    ]
    article.related.add(*others)
    return article
