"""Partners, their API keys and push endpoints, and the log of what was pushed."""

import uuid

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.events import Kind
from articles.models import Article

from . import addresses, keys

# The story events an endpoint may take, as ``articles.events`` names them.
Event = Kind


def all_events():
    return list(Event.values)


class Partner(models.Model):
    """
    An organisation that receives stories: by its API keys and at its
    endpoints, only those in its scope (``stories()``).
    """

    name = models.CharField(_("organisation"), max_length=200, unique=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive partner's keys and endpoints stop working."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Stories in these languages only; none ticked: every language."),
    )
    tags = models.ManyToManyField(
        "taggit.Tag",
        blank=True,
        related_name="+",
        verbose_name=_("tags"),
        help_text=_("Stories with any of these tags only; none: every story."),
    )
    receives_embargoed = models.BooleanField(
        _("receives embargoed stories"),
        default=False,
        help_text=_("Before its embargo ends, a story reaches only these partners."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def stories(self):
        """
        The stories this partner may receive: the partners' set
        (``Article.objects.for_partners()``) within its languages and tags,
        embargoed ones only if it receives them.
        """
        stories = Article.objects.for_partners()
        if self.languages:
            stories = stories.filter(language__in=self.languages)
        tag_ids = [tag.pk for tag in self.tags.all()]
        if tag_ids:
            tagged = Article.objects.filter(tags__in=tag_ids).values("pk")
            stories = stories.filter(pk__in=tagged)
        if not self.receives_embargoed:
            # Released: at the latest now, or for a killed story before its
            # kill (one killed under embargo never reached this partner).
            released_by = Coalesce("killed_at", Value(timezone.now()))
            stories = stories.filter(
                Q(embargo_until__isnull=True) | Q(embargo_until__lte=released_by)
            )
        return stories


class PartnerKey(models.Model):
    """An API key: its prefix in the clear, the key itself only as a hash."""

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="keys",
        verbose_name=_("partner"),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Which system uses it.")
    )
    prefix = models.CharField(_("prefix"), max_length=20, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.prefix}…"

    def set_key(self):
        """Give the key a fresh secret; the only time it can be read is now."""
        key = keys.new_key()
        self.prefix = keys.key_prefix(key)
        self.key_hash = keys.key_hash(key)
        return key

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class Endpoint(models.Model):
    """A partner's URL that story events are pushed to, signed with its secret."""

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="endpoints",
        verbose_name=_("partner"),
    )
    url = models.URLField(_("URL"), max_length=500)
    # Kept to sign with, so it cannot be a hash; shown once, never in a form.
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    events = models.JSONField(
        _("events"),
        default=all_events,
        blank=True,
        help_text=_("The story events pushed here."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["partner", "url"]
        verbose_name = _("endpoint")
        verbose_name_plural = _("endpoints")

    def __str__(self):
        return self.url

    def set_secret(self):
        self.secret = keys.new_secret()
        return self.secret

    def clean(self):
        super().clean()
        if self.url:
            addresses.check_url(self.url)


class Delivery(models.Model):
    """
    One story event pushed to one endpoint: the body it sends on every try,
    under one delivery id, and what happened.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    delivery_id = models.UUIDField(
        _("delivery id"), default=uuid.uuid4, unique=True, editable=False
    )
    endpoint = models.ForeignKey(
        Endpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("story"),
    )
    event = models.CharField(_("event"), max_length=20, choices=Event)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING
    )
    # The JSON sent, fixed at the first try so every retry sends the same bytes.
    body = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    response_code = models.PositiveIntegerField(_("response code"), null=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["article", "endpoint"])]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint} ({self.delivery_id})"
