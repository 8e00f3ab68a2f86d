"""
Live coverage: a story followed as it happens, with short timestamped posts.

A story is live once an editor starts its coverage (``LiveCoverage``, one row
per story, ``article.live``); several staff then add ``LivePost``s, newest
first, and pin the key events. Ending the coverage keeps the posts and adds a
summary. The transitions are ``articles.publishing.start_live`` / ``end_live``;
who may do what is ``articles.rules``.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.sanitize import plain_text, sanitize_html
from common.text import CleanTextMixin


class LiveCoverage(CleanTextMixin, models.Model):
    """That a story is (or was) covered live, from when until when."""

    article = models.OneToOneField(
        "Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="live",
        verbose_name=_("story"),
    )
    started_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("coverage started")
    )
    ended_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("coverage ended")
    )
    summary = models.TextField(
        blank=True,
        help_text=_("What happened, for readers who arrive after the coverage ended."),
        verbose_name=_("summary"),
    )
    # Moves with every post added, changed or deleted (``articles.signals``):
    # the version readers' polls compare against.
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverage")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="live_coverage_ends_after_start",
                violation_error_message="Live coverage cannot end before it started.",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | ~Q(summary=""),
                name="ended_live_coverage_has_summary",
                violation_error_message="Ended live coverage needs a summary.",
            ),
        ]

    def __str__(self):
        return f"Live: {self.article}"

    @property
    def is_running(self):
        return self.ended_at is None


def live_coverage(article):
    """The story's ``LiveCoverage``, or None when it was never live."""
    try:
        return article.live
    except ObjectDoesNotExist:
        return None


def is_live(article):
    """Whether the story's live coverage has started and not ended."""
    coverage = live_coverage(article)
    return coverage is not None and coverage.is_running


def last_changed(article):
    """
    When readers last saw the story change: its own updated date, or a post
    after it (the coverage's ``updated_at`` moves with every post). For
    sitemaps' ``lastmod`` and feeds' ``updated``; load ``live`` with it.
    """
    own = article.updated_at or article.published_at
    coverage = live_coverage(article)
    if coverage is None or own is None:
        return own
    return max(own, coverage.updated_at)


class LivePostQuerySet(models.QuerySet):
    def for_page(self):
        """What a post shows: its author, photo (and its credit) and quote."""
        return self.select_related(
            "author", "photo__photographer", "quote__speaker"
        ).order_by("-posted_at", "-pk")


class LivePost(CleanTextMixin, models.Model):
    """A timestamped update in a live story, by one of the staff."""

    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="live_posts",
        verbose_name=_("story"),
    )
    author = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="live_posts",
        verbose_name=_("author"),
    )
    headline = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Optional; a key event's line in the list at the top."),
        verbose_name=_("headline"),
    )
    body = models.TextField(
        blank=True, help_text=_("The update, as HTML."), verbose_name=_("body")
    )
    photo = models.ForeignKey(
        "Photo",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_posts",
        verbose_name=_("photo"),
    )
    quote = models.ForeignKey(
        "Quote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_posts",
        verbose_name=_("quote"),
        help_text=_("One of the story's quotes."),
    )
    embed_url = models.URLField(
        max_length=500,
        blank=True,
        help_text=_("A post elsewhere (a video, a social post), shown as a link."),
        verbose_name=_("embed link"),
    )
    pinned = models.BooleanField(
        default=False,
        help_text=_("A key event: listed at the top of the story."),
        verbose_name=_("key event"),
    )
    posted_at = models.DateTimeField(default=timezone.now, verbose_name=_("posted at"))
    modified_at = models.DateTimeField(auto_now=True, verbose_name=_("modified at"))

    objects = LivePostQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-pk"]
        get_latest_by = "posted_at"
        verbose_name = _("live post")
        verbose_name_plural = _("live posts")
        indexes = [
            models.Index(fields=["article", "-posted_at"], name="live_post_story_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body="")
                | Q(photo__isnull=False)
                | Q(quote__isnull=False)
                | ~Q(embed_url=""),
                name="live_post_not_empty",
                violation_error_message="A post needs text, a photo, a quote or "
                "an embed.",
            ),
        ]

    def __str__(self):
        return self.title or f"Post {self.pk}"

    def save(self, *args, **kwargs):
        # As a story's body: whatever path it took, only allowed HTML is stored.
        self.body = sanitize_html(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "modified_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def clean(self):
        super().clean()
        self.body = sanitize_html(self.body)
        if self.embed_url and urlsplit(self.embed_url).scheme not in ("http", "https"):
            raise ValidationError({"embed_url": _("Only http and https links.")})
        if (
            self.quote_id is not None
            and self.article_id is not None
            and self.quote.article_id != self.article_id
        ):
            raise ValidationError({"quote": _("Choose a quote of this story.")})
        if not (self.body or self.photo_id or self.quote_id or self.embed_url):
            raise ValidationError(_("A post needs text, a photo, a quote or an embed."))

    @property
    def title(self):
        """The post's headline, or its first words: what feeds and search show."""
        words = self.headline or plain_text(self.body) or self.embed_url
        if not words and self.quote_id:
            words = self.quote.text
        if not words and self.photo_id:
            words = self.photo.caption
        return words if len(words) <= 90 else words[:89] + "…"

    @property
    def anchor(self):
        return f"post-{self.pk}"

    @property
    def embed_host(self):
        """The site an embed is on, as its link's text."""
        return urlsplit(self.embed_url).hostname or self.embed_url
