"""
Fill the database with a synthetic but realistically shaped newsroom.

Everything is written with ``bulk_create`` in batches, one transaction per
batch, so 100,000 stories take minutes, not hours. Who appears, who writes and
which tags are used follow Zipf-like distributions, as in a real archive: a few
people and topics are everywhere, most appear once or twice.
"""

import io
import itertools
import random
from bisect import bisect
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from taggit.models import Tag
from tqdm import tqdm

from articles.models import (
    Article,
    Byline,
    Mention,
    Note,
    Photo,
    Quote,
    TaggedArticle,
)
from articles.search import index_articles
from common.slugs import slugify
from generator.words import (
    AFFILIATIONS,
    FIRST,
    LAST,
    PLACES,
    SOURCES,
    STAFF_ROLES,
    TITLES,
    TOPICS,
    WORDS,
)
from pagecache.invalidation import content_changed
from people.models import Person

IMAGE_COUNT = 12


def numbered_slug(text, number, max_length=200):
    """
    The house slug of ``text`` with the row's number: unique without the query
    per row that ``unique_slug`` makes, which bulk inserts cannot afford.
    """
    suffix = f"-{number}"
    return slugify(text, max_length=max_length - len(suffix)) + suffix


def zipf_sampler(rng, items, s=1.1):
    """Pick from items with Zipf-like weights: the first few dominate."""
    cumulative = list(
        itertools.accumulate(1 / (rank**s) for rank in range(1, len(items) + 1))
    )
    total = cumulative[-1]

    def pick():
        return items[bisect(cumulative, rng.random() * total)]

    return pick


class Command(BaseCommand):
    help = "Generate a synthetic newsroom of N stories with people, photos and quotes."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *, stories, seed, batch_size, verbosity, **options):
        rng = random.Random(seed)
        self.rng = rng
        now = timezone.now()
        start = now - timedelta(days=365 * 8)
        first_pk = (Article.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

        staff, newsmakers = self.make_people(rng, stories)
        tags = self.make_tags(rng, stories)
        photos = self.make_photos(rng, max(12, stories // 2), staff)
        pick_writer = zipf_sampler(rng, staff, s=0.8)
        pick_newsmaker = zipf_sampler(rng, newsmakers, s=1.05)
        pick_tag = zipf_sampler(rng, tags, s=1.0)
        paragraphs = [self.paragraph(rng) for _ in range(400)]

        progress = tqdm(
            total=stories, unit="story", disable=verbosity == 0, desc="Stories"
        )
        previous = []
        for offset in range(0, stories, batch_size):
            count = min(batch_size, stories - offset)
            with transaction.atomic():
                articles = []
                for i in range(offset, offset + count):
                    articles.append(
                        self.article(rng, first_pk + i, start, now, paragraphs, photos)
                    )
                articles = Article.objects.bulk_create(articles)
                self.fill(
                    rng,
                    articles,
                    previous,
                    pick_writer,
                    pick_newsmaker,
                    pick_tag,
                )
                # bulk_create sends no signals: index the batch for search here.
                index_articles(article.pk for article in articles)
            previous = articles[-200:]
            progress.update(count)
        progress.close()
        # Fresh statistics, so the query planner knows a tag or a person links a
        # handful of stories, not the whole archive (SQLite has none until asked;
        # PostgreSQL's autovacuum would get there, later).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        content_changed()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {stories} stories, {len(staff)} staff, "
                    f"{len(newsmakers)} newsmakers, {len(photos)} photos."
                )
            )

    def name(self, rng):
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    def make_people(self, rng, stories):
        base = (Person.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        staff_count = max(4, min(300, stories // 300))
        newsmaker_count = max(10, stories // 8)
        people = []
        for i in range(staff_count + newsmaker_count):
            name = self.name(rng)
            is_staff = i < staff_count
            people.append(
                Person(
                    name=name,
                    slug=numbered_slug(name, base + i),
                    title=rng.choice(STAFF_ROLES if is_staff else TITLES),
                    affiliation="" if is_staff else rng.choice(AFFILIATIONS),
                    bio=f"{name} is a {rng.choice(TITLES).lower()}." if i % 3 else "",
                    is_staff=is_staff,
                )
            )
        people = Person.objects.bulk_create(people, batch_size=2000)
        return people[:staff_count], people[staff_count:]

    def make_tags(self, rng, stories):
        """The standing topics, then a long tail of one-off subjects."""
        slugs = list(TOPICS)
        while len(slugs) < len(TOPICS) + stories // 50:
            slug = "-".join(rng.sample(WORDS, 2))
            if slug not in slugs:
                slugs.append(slug)
        existing = set(
            Tag.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )
        Tag.objects.bulk_create(
            [Tag(name=s.replace("-", " "), slug=s) for s in slugs if s not in existing],
            batch_size=2000,
        )
        by_slug = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)}
        return [by_slug[s] for s in slugs]

    def make_photos(self, rng, count, staff):
        """Many Photo rows sharing a dozen small, real JPEG files."""
        files = []
        for n in range(IMAGE_COUNT):
            name = f"photos/synthetic/synthetic-{n:02d}.jpg"
            width, height = 640, 360 + 40 * (n % 3)
            if not default_storage.exists(name):
                image = Image.new(
                    "RGB", (width, height), (40 + 15 * n, 90, 160 - 9 * n)
                )
                draw = ImageDraw.Draw(image)
                draw.ellipse((60 + 20 * n, 40, 300 + 20 * n, 280), fill=(230, 200, 90))
                buffer = io.BytesIO()
                image.save(buffer, "JPEG", quality=70)
                name = default_storage.save(name, ContentFile(buffer.getvalue()))
            files.append((name, width, height))
        photos = []
        for i in range(count):
            name, width, height = files[i % IMAGE_COUNT]
            words = " ".join(rng.choices(WORDS, k=8))
            photos.append(
                Photo(
                    image=name,
                    width=width,
                    height=height,
                    caption=f"{words.capitalize()}.",
                    credit=rng.choice(("VOA Khmer", "AFP", "Reuters", "Staff")),
                    alt_text=f"Photo of {' '.join(rng.choices(WORDS, k=4))}",
                    photographer=rng.choice(staff) if i % 4 else None,
                )
            )
        return Photo.objects.bulk_create(photos, batch_size=2000)

    def paragraph(self, rng):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            words = rng.choices(WORDS, k=rng.randint(10, 22))
            sentences.append(" ".join(words).capitalize() + ".")
        return "<p>" + " ".join(sentences) + "</p>"

    def article(self, rng, n, start, now, paragraphs, photos):
        words = rng.choices(WORDS, k=rng.randint(5, 10))
        headline = " ".join(words).capitalize()
        roll = rng.random()
        span = (now - start).total_seconds()
        # Archives grow: later years hold more stories (density ~ t).
        published_at = start + timedelta(seconds=span * (rng.random() ** 0.7))
        status = Article.Status.PUBLISHED
        if roll < 0.05:
            status, published_at = Article.Status.DRAFT, None
        elif roll < 0.07:
            published_at = now + timedelta(minutes=rng.randint(30, 60 * 24 * 14))
        updated_at = None
        if published_at and published_at < now and rng.random() < 0.1:
            updated_at = min(now, published_at + timedelta(hours=rng.randint(1, 48)))
        return Article(
            headline=headline,
            slug=numbered_slug(headline, n),
            deck=" ".join(rng.choices(WORDS, k=rng.randint(14, 28))).capitalize() + ".",
            body="\n".join(rng.choices(paragraphs, k=rng.randint(4, 9))),
            dateline=rng.choice(PLACES),
            source=rng.choice(SOURCES),
            status=status,
            published_at=published_at,
            updated_at=updated_at,
            lead_photo=rng.choice(photos) if rng.random() < 0.7 else None,
        )

    def fill(self, rng, articles, previous, pick_writer, pick_newsmaker, pick_tag):
        bylines, mentions, quotes, tagged, related, notes = [], [], [], [], [], []
        related_through = Article.related.through
        pool = previous + articles
        for article in articles:
            writers = {pick_writer() for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))}
            for position, person in enumerate(writers):
                bylines.append(
                    Byline(article=article, person=person, position=position)
                )
            people = {pick_newsmaker() for _ in range(rng.randint(0, 6))}
            mentions.extend(Mention(article=article, person=p) for p in people)
            speakers = list(people) or [pick_newsmaker()]
            for position in range(rng.choice((0, 1, 2, 2, 3, 4))):
                speaker = rng.choice(speakers)
                quotes.append(
                    Quote(
                        article=article,
                        speaker=speaker,
                        speaker_title=speaker.title,
                        text=" ".join(
                            rng.choices(WORDS, k=rng.randint(8, 30))
                        ).capitalize()
                        + ".",
                        said_on=(article.published_at or timezone.now()).date(),
                        is_pull_quote=position == 0 and rng.random() < 0.3,
                        position=position,
                    )
                )
            for tag in {pick_tag() for _ in range(rng.randint(1, 6))}:
                tagged.append(TaggedArticle(content_object=article, tag=tag))
            if rng.random() < 0.4 and len(pool) > 1:
                other = rng.choice(pool)
                if other.pk != article.pk:
                    related.append(
                        related_through(from_article=article, to_article=other)
                    )
                    related.append(
                        related_through(from_article=other, to_article=article)
                    )
            if rng.random() < 0.03 and article.published_at:
                notes.append(
                    Note(
                        article=article,
                        text="An earlier version misspelled a name.",
                        noted_at=article.published_at + timedelta(hours=3),
                    )
                )
        Byline.objects.bulk_create(bylines)
        Mention.objects.bulk_create(mentions)
        Quote.objects.bulk_create(quotes)
        TaggedArticle.objects.bulk_create(tagged)
        related_through.objects.bulk_create(related, ignore_conflicts=True)
        Note.objects.bulk_create(notes)
