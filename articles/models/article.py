"""Stories: the story itself, what readers may see of them, and their old slugs."""

import functools
import operator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from common.sanitize import sanitize_html
from common.slugs import UnicodeSlugField
from common.text import CleanTextMixin
from people.models import Person

from .credits import Byline
from .photo import Photo
from .tags import CleanTagsManager, Tag, TaggedArticle

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
        """
        Stories a reader may see: published, their time has come, and no
        embargo still to come. The one home of "is it public": every public
        surface asks here.
        """
        now = timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
        )

    def embargoed(self):
        """
        Published stories held from readers until their embargo: partners with
        embargo access have them already. A story still scheduled is not one.
        """
        now = timezone.now()
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
            embargo_until__gt=now,
        )

    def for_partners(self):
        """
        What a partner may ever see: public stories, embargoed ones, and killed
        stories that had reached partners before the kill (so the kill reaches
        them too). Scheduled stories reach nobody early.
        """
        now = timezone.now()
        return self.filter(
            Q(status=Article.Status.PUBLISHED, published_at__lte=now)
            | Q(
                status=Article.Status.KILLED,
                published_at__isnull=False,
                published_at__lte=F("killed_at"),
            )
        )

    def killed(self):
        """Stories withdrawn by an editor: their address answers 410 Gone."""
        return self.filter(status=Article.Status.KILLED)

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
        """
        What a list of stories shows: lead photo, bylines, tags, and the live
        coverage (its card says “Live” while it runs).
        """
        return self.select_related("lead_photo__photographer", "live").prefetch_related(
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
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Ready for review")
        PUBLISHED = "published", _("Published")
        KILLED = "killed", _("Killed")

    #: A published story whose date is still to come: a state the desk shows,
    #: not a stored status.
    SCHEDULED_LABEL = _("Scheduled")
    #: A published story held from readers until its embargo.
    EMBARGOED_LABEL = _("Embargoed")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        KHMER = "km", _("Khmer")

    headline = models.CharField(max_length=200, verbose_name=_("headline"))
    slug = UnicodeSlugField(
        max_length=200,
        unique=True,
        blank=True,
        populate_from="headline",
        help_text=_(
            "The story's address, in any script. Left empty, it is made "
            "from the headline."
        ),
        verbose_name=_("slug"),
    )
    language = models.CharField(
        max_length=12,
        choices=Language,
        default=default_language,
        help_text=_("The language the story is written in."),
        verbose_name=_("language"),
    )
    deck = models.TextField(
        _("deck"), blank=True, help_text=_("The summary shown under the headline.")
    )
    body = models.TextField(
        blank=True, help_text=_("The story, as HTML."), verbose_name=_("body")
    )
    dateline = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Where the story was reported from."),
        verbose_name=_("dateline"),
    )
    source = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Agency or service the story came from, e.g. “VOA Khmer”."),
        verbose_name=_("source"),
    )
    social_headline = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "When the story is shared (OpenGraph, Twitter); the headline if empty."
        ),
        verbose_name=_("social headline"),
    )
    social_description = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("When the story is shared; the deck if empty."),
        verbose_name=_("social description"),
    )
    desk_note = models.TextField(
        _("note from the desk"),
        blank=True,
        help_text=_("Why an editor sent the story back; the reporter sees it."),
    )
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        db_index=True,
        verbose_name=_("status"),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the story."),
    )
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_(
            "Partners receive the story at once, marked embargoed; readers see "
            "it only from this time."
        ),
    )
    killed_at = models.DateTimeField(_("killed at"), null=True, blank=True)
    kill_note = models.TextField(
        _("kill note"),
        blank=True,
        help_text=_("Why the story was withdrawn; readers see it at its address."),
    )
    updated_at = models.DateTimeField(
        _("updated date"),
        null=True,
        blank=True,
        help_text=_("Shown to readers when the story changed after publication."),
    )
    lead_photo = models.ForeignKey(
        Photo,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_for",
        verbose_name=_("lead photo"),
    )
    tags = TaggableManager(
        through=TaggedArticle,
        blank=True,
        manager=CleanTagsManager,
        verbose_name=_("tags"),
    )
    people = models.ManyToManyField(
        "people.Person",
        through="Mention",
        blank=True,
        related_name="mentioned_in",
        help_text=_("The people the story is about or mentions."),
        verbose_name=_("people"),
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("related stories"),
        help_text=_("Curated related stories; the link shows on both stories."),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The story this one translates, in another language."),
    )
    # The source's text as it was translated (or last marked up to date): what
    # “The source changed since you translated it” diffs against. Kept on the
    # translation rather than looked up in the source's history, which a script,
    # a wire import or the sample fixture may have left without a version.
    source_headline = models.CharField(
        _("source headline as translated"), max_length=200, blank=True
    )
    source_deck = models.TextField(_("source deck as translated"), blank=True)
    source_body = models.TextField(_("source body as translated"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    modified_at = models.DateTimeField(auto_now=True, verbose_name=_("modified at"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_date",
                violation_error_message="A published story needs a publication date.",
            ),
            models.CheckConstraint(
                condition=~Q(status="killed") | Q(killed_at__isnull=False),
                name="killed_article_has_date",
                violation_error_message="A killed story needs the time of its kill.",
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="one_translation_per_language",
                violation_error_message="The story already has a translation in "
                "this language.",
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=F("pk")),
                name="translation_not_of_itself",
                violation_error_message="A story cannot be a translation of itself.",
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

    def clean(self):
        super().clean()
        source = self.translation_of
        if source is None:
            return
        if source.pk == self.pk:
            raise ValidationError(
                {"translation_of": "A story cannot be a translation of itself."}
            )
        if source.translation_of_id is not None:
            raise ValidationError(
                {
                    "translation_of": "Translate the original story, not one of "
                    "its translations."
                }
            )
        if self.pk and self.translations.exists():
            raise ValidationError(
                {
                    "translation_of": "This story has translations of its own; "
                    "it cannot be a translation as well."
                }
            )
        if source.language == self.language:
            raise ValidationError(
                {"language": "A translation is in another language than its source."}
            )

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
            self.__dict__.get("embargo_until"),
        )

    @property
    def is_public(self):
        """Whether readers see it: ``ArticleQuerySet.published()`` for one story."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def is_embargoed(self):
        """Published for partners, held from readers: ``embargoed()`` for one story."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and self.embargo_until is not None
            and self.embargo_until > now
        )

    @property
    def is_killed(self):
        return self.status == self.Status.KILLED

    @property
    def is_for_partners(self):
        """``ArticleQuerySet.for_partners()`` for one story."""
        if self.published_at is None:
            return False
        if self.status == self.Status.KILLED:
            return self.killed_at is not None and self.published_at <= self.killed_at
        return (
            self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()
        )

    @property
    def release_at(self):
        """When readers get the story: the later of its date and its embargo."""
        if self.published_at is None:
            return None
        if self.embargo_until is None:
            return self.published_at
        return max(self.published_at, self.embargo_until)

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
        """What the desk calls the story's state: its status, or a state shown."""
        if self.is_scheduled:
            return self.SCHEDULED_LABEL
        if self.is_embargoed:
            return self.EMBARGOED_LABEL
        return self.get_status_display()


class ArticleSlug(models.Model):
    """
    A slug a story had before; its old URL answers with a permanent redirect.

    Recorded by ``Article.save()`` whenever a story's slug changes.
    """

    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, verbose_name=_("slug")
    )
    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="old_slugs",
        verbose_name=_("story"),
    )
    retired_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("retired at")
    )

    class Meta:
        verbose_name_plural = _("old slugs")
        ordering = ["-retired_at", "-pk"]
        verbose_name = _("old slug")

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
