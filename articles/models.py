import functools
import operator

import reversion
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from taggit import models as taggit_models
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TaggedItemBase

from common.sanitize import sanitize_html
from common.slugs import UnicodeSlugField, slugify
from common.text import CleanTextMixin, clean_text
from images.validators import validate_image_upload
from people.models import Person


class Tag(CleanTextMixin, taggit_models.Tag):
    """
    taggit's tag, with the site's rules: names cleaned like every text field,
    slugs in any script (``common.slugs``). A proxy: same table, same rows;
    taggit creates tags through the through-models' ``tag`` foreign keys, which
    point here, so ``TagBase.save`` calls this ``slugify``.
    """

    class Meta:
        proxy = True
        verbose_name = "tag"
        verbose_name_plural = "tags"

    def slugify(self, tag, i=None):
        max_length = type(self)._meta.get_field("slug").max_length
        if i is None:
            return slugify(tag, max_length=max_length)
        suffix = f"-{i + 1}"
        return slugify(tag, max_length=max_length - len(suffix)) + suffix


class CleanTagsManager(_TaggableManager):
    """
    ``article.tags.add("…")`` and the admin's tag field: names are cleaned (as
    every text field) before taggit looks them up, so a pasted control character
    or decomposed accent finds the existing tag instead of making a twin.
    """

    def _to_tag_model_instances(self, tags, tag_kwargs):
        tags = [self._as_tag(t) for t in tags]
        tags = [t for t in tags if t != ""]
        return super()._to_tag_model_instances(tags, tag_kwargs)

    @staticmethod
    def _as_tag(tag):
        """A name, cleaned; or taggit's ``Tag`` as the proxy (same row)."""
        if isinstance(tag, str):
            return clean_text(tag).strip()
        if isinstance(tag, taggit_models.Tag) and not isinstance(tag, Tag):
            proxy = Tag(pk=tag.pk, name=tag.name, slug=tag.slug)
            proxy._state.adding, proxy._state.db = False, tag._state.db
            return proxy
        return tag


def tag_foreign_key():
    return models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_items",
    )


class TaggedArticle(TaggedItemBase):
    tag = tag_foreign_key()
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        # A tag's stories, newest added first, straight from the index: tag
        # pages and related coverage (articles/related.py) read it that way.
        indexes = [
            models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_article_tag"
            )
        ]


class TaggedPhoto(TaggedItemBase):
    tag = tag_foreign_key()
    content_object = models.ForeignKey("Photo", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_photo_tag"
            )
        ]


class Photo(CleanTextMixin, models.Model):
    """An image with its caption and credit; one photo can serve several stories."""

    image = models.ImageField(
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
        help_text="A JPEG, PNG, WebP or GIF of at most 15 MB and 40 megapixels.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.TextField(blank=True)
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="As the agency gives it, e.g. “Aun Chhengpor/VOA Khmer”.",
    )
    alt_text = models.CharField(
        max_length=300, help_text="What the image shows, for readers who cannot see it."
    )
    photographer = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
    )
    taken_on = models.DateField("date taken", null=True, blank=True)
    focal_x = models.FloatField(
        "focal point across",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the left edge, 1 the right; every crop keeps this point.",
    )
    focal_y = models.FloatField(
        "focal point down",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the top edge, 1 the bottom.",
    )
    tags = TaggableManager(through=TaggedPhoto, blank=True, manager=CleanTagsManager)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(focal_x__isnull=True, focal_y__isnull=True)
                    | Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1)
                ),
                name="photo_focal_point_in_frame",
                violation_error_message="A focal point has both coordinates, "
                "each between 0 and 1.",
            )
        ]

    def __str__(self):
        text = self.alt_text or self.caption or self.image.name
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def focal_point(self):
        """``(x, y)`` as fractions of the width and height; the centre if unset."""
        if self.focal_x is None or self.focal_y is None:
            return (0.5, 0.5)
        return (self.focal_x, self.focal_y)


# How a person is in a story, as paths from a story to the person: credited
# on it, mentioned in it, quoted in it, or credited on its lead photo. The
# person page, feed, sitemap, API, cache keys and role rules all ask
# ``involves()`` / ``ArticleQuerySet.involving()``, so they agree on who is in
# a story.
PERSON_LINKS = (
    "bylines__person",
    "mentions__person",
    "quotes__speaker",
    "lead_photo__photographer",
)


def involves(person, lookup="exact"):
    """
    A story filter: ``person`` (a Person, a pk, ``OuterRef``, or with
    ``lookup="in"`` several of them) is in the story by any of ``PERSON_LINKS``.
    Spanning several links, it can match a story more than once.
    """
    return functools.reduce(
        operator.or_, (Q(**{f"{path}__{lookup}": person}) for path in PERSON_LINKS)
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Stories a reader may see: published, and their time has come."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def involving(self, *people):
        """
        Stories any of ``people`` is in (``PERSON_LINKS``): wrote, appears
        in, is quoted in or took the lead photo of.
        """
        return self.filter(involves(people, lookup="in")).distinct()

    def involved_person_ids(self):
        """The pks of everyone these stories involve (``PERSON_LINKS``)."""
        ids = set()
        for path in PERSON_LINKS:
            ids.update(self.order_by().values_list(path, flat=True).distinct())
        ids.discard(None)
        return ids

    def scheduled(self):
        """Stories set to publish at a time still to come."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def for_listing(self):
        """What a list of stories shows: lead photo, bylines and tags."""
        return self.select_related("lead_photo__photographer").prefetch_related(
            "tags",
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("person")
            ),
        )


def default_language():
    """The site's language (``LANGUAGE_CODE``) as a story language code."""
    code = settings.LANGUAGE_CODE.split("-")[0].lower()
    return code if code in Article.Language.values else Article.Language.ENGLISH


class Article(CleanTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "Ready for review"
        PUBLISHED = "published", "Published"

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        KHMER = "km", "Khmer"

    headline = models.CharField(max_length=200)
    slug = UnicodeSlugField(
        max_length=200,
        unique=True,
        blank=True,
        populate_from="headline",
        help_text="The story's address, in any script. Left empty, it is made "
        "from the headline.",
    )
    language = models.CharField(
        max_length=12,
        choices=Language,
        default=default_language,
        help_text="The language the story is written in.",
    )
    deck = models.TextField(
        "deck", blank=True, help_text="The summary shown under the headline."
    )
    body = models.TextField(blank=True, help_text="The story, as HTML.")
    dateline = models.CharField(
        max_length=100, blank=True, help_text="Where the story was reported from."
    )
    source = models.CharField(
        max_length=100,
        blank=True,
        help_text="Agency or service the story came from, e.g. “VOA Khmer”.",
    )
    social_headline = models.CharField(
        max_length=200,
        blank=True,
        help_text="For share cards (OpenGraph, Twitter); the headline if empty.",
    )
    social_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="For share cards; the deck if empty.",
    )
    desk_note = models.TextField(
        "note from the desk",
        blank=True,
        help_text="Why an editor sent the story back; the reporter sees it.",
    )
    status = models.CharField(
        max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="A time in the future schedules the story.",
    )
    updated_at = models.DateTimeField(
        "updated date",
        null=True,
        blank=True,
        help_text="Shown to readers when the story changed after publication.",
    )
    lead_photo = models.ForeignKey(
        Photo,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_for",
    )
    tags = TaggableManager(through=TaggedArticle, blank=True, manager=CleanTagsManager)
    people = models.ManyToManyField(
        "people.Person",
        through="Mention",
        blank=True,
        related_name="mentioned_in",
        help_text="The people the story is about or mentions.",
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name="related stories",
        help_text="Curated related coverage; the link shows on both stories.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_date",
                violation_error_message="A published story needs a publication date.",
            ),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish stories"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Whatever path the body took (admin, ORM, script), only allowed HTML is
        # stored; fixtures bypass save(), so templates clean it again on render.
        self.body = sanitize_html(self.body)
        old_slug = getattr(self, "_stored_slug", None)
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            ArticleSlug.remember(self, old_slug)
        self._stored_slug = self.slug

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article.remember_state()
        # Remembered so save() can tell a changed slug without a query.
        article._stored_slug = article.__dict__.get("slug")
        return article

    def remember_state(self):
        """
        Keep the state readers see as loaded, so that ``articles.signals`` can
        tell, without a query, whether a save takes a story off the site.
        """
        self._loaded_state = (
            self.__dict__.get("status"),
            self.__dict__.get("published_at"),
        )

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published with a date still to come: shown as “scheduled”, not stored."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state_label(self):
        """What the desk calls the story's state: its status, or “Scheduled”."""
        return "Scheduled" if self.is_scheduled else self.get_status_display()


class ArticleSlug(models.Model):
    """
    A slug a story had before; its old URL answers with a permanent redirect.

    Recorded by ``Article.save()`` whenever a story's slug changes.
    """

    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="old_slugs"
    )
    retired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-retired_at", "-pk"]
        verbose_name = "old slug"

    def __str__(self):
        return self.slug

    @classmethod
    def remember(cls, article, old_slug):
        """Point ``old_slug`` at ``article``; a slug back in use is no longer old."""
        cls.objects.filter(slug=article.slug).delete()
        cls.objects.update_or_create(
            slug=old_slug,
            defaults={"article": article, "retired_at": timezone.now()},
        )


class Byline(CleanTextMixin, models.Model):
    """A credit on a story, in the order the story gives them."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        CONTRIBUTOR = "contributor", "Contributor"
        PHOTOGRAPHER = "photographer", "Photographer"
        TRANSLATOR = "translator", "Translator"
        EDITOR = "editor", "Editor"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="bylines"
    )
    role = models.CharField(max_length=20, choices=Role, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="unique_byline_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Mention(CleanTextMixin, models.Model):
    """A person a story is about or mentions."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="mentions"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="mentions"
    )
    described_as = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the story described the person, e.g. “Ambassador”.",
    )

    class Meta:
        # A person's stories from the index alone, for related coverage.
        indexes = [
            models.Index(fields=["person", "article"], name="mention_person_idx")
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_mention")
        ]

    def __str__(self):
        return f"{self.person} in “{self.article}”"

    @property
    def description(self):
        """How the story described the person; their current title if it did not."""
        return self.described_as or self.person.description


class Quote(CleanTextMixin, models.Model):
    """Words a person said or wrote, as a story reported them."""

    class Kind(models.TextChoices):
        SPOKEN = "spoken", "Spoken"
        WRITTEN = "written", "Written / letter"
        STATEMENT = "statement", "Statement"

    text = models.TextField("quoted words")
    speaker = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="quotes"
    )
    speaker_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the story described the speaker at the time.",
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="quotes"
    )
    said_on = models.DateField("date", null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.SPOKEN)
    is_pull_quote = models.BooleanField(
        "pull quote", default=False, help_text="Feature this quote on the story."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(is_pull_quote=True),
                name="one_pull_quote_per_article",
                violation_error_message="A story has at most one pull quote.",
            )
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 70 else self.text[:69] + "…"
        return f"{self.speaker}: “{text}”"

    def get_absolute_url(self):
        return reverse("articles:quote", kwargs={"pk": self.pk})

    @property
    def speaker_description(self):
        """How the story described the speaker; their current title if it did not."""
        return self.speaker_title or self.speaker.description


class Note(CleanTextMixin, models.Model):
    """A dated correction or update appended to a story."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField()
    noted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["noted_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on “{self.article}”"


def public_tags():
    """Tags a reader may see: those of at least one public story."""
    return Tag.objects.filter(
        Exists(
            TaggedArticle.objects.filter(
                tag=OuterRef("pk"), content_object__in=Article.objects.published()
            )
        )
    )


def public_people(queryset=None):
    """
    People a reader may see (of ``queryset``, all people by default): the
    newsroom's staff, and whoever is in a public story (``PERSON_LINKS``).
    Someone known only from drafts or scheduled stories is not.
    """
    if queryset is None:
        queryset = Person.objects.all()
    public = Article.objects.published()
    person = OuterRef("pk")
    return queryset.filter(
        functools.reduce(
            operator.or_,
            (Exists(public.filter(**{path: person})) for path in PERSON_LINKS),
            Q(is_staff=True),
        )
    )


class SearchEntry(CleanTextMixin, models.Model):
    """
    A story's searchable text, kept by ``articles.search`` after every change.

    Full-text indexes sit on top of this table, created per database by migration
    ``0005_search_index``: an FTS5 table on SQLite, a stored ``tsvector`` and a
    trigram index on PostgreSQL. Every story has a row, public or not; searches
    join it with ``Article.objects.published()``.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    headline = models.TextField(blank=True)
    deck = models.TextField(blank=True)
    body = models.TextField(blank=True)
    people = models.TextField(blank=True, help_text="Names and aliases.")
    quotes = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.headline


# History: every admin save of a story records its bylines, people, quotes, notes
# and tags with it, so restoring an old version brings all of them back.
reversion.register(TaggedArticle, follow=["tag"])
reversion.register(TaggedPhoto, follow=["tag"])
for tag_model in (taggit_models.Tag, Tag):
    if not reversion.is_registered(tag_model):
        reversion.register(tag_model)
reversion.register(Byline)
reversion.register(Mention)
reversion.register(Quote)
reversion.register(Note)
reversion.register(
    Article,
    follow=["bylines", "mentions", "quotes", "notes", "taggedarticle_set"],
)
reversion.register(Photo, follow=["taggedphoto_set"])
