from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from reversion.admin import VersionAdmin

from articles.forms import ImageUploadField
from articles.models import Article, Byline, Mention, Quote

from . import accounts
from .models import Person


def story_list(articles):
    """Links to the stories' change pages, with status and publication date."""
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            '<li><a href="{}">{}</a> ({}, {})</li>',
            (
                (
                    reverse("admin:articles_article_change", args=[article.pk]),
                    article.headline,
                    article.get_status_display(),
                    date_format(localtime(article.published_at))
                    if article.published_at
                    else "no date",
                )
                for article in articles
            ),
        ),
    )


class QuoteInline(admin.TabularInline):
    """The person's quotes, read-only here; they are edited on their story."""

    model = Quote
    fk_name = "speaker"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["text", "speaker_title", "article", "said_on"]
    readonly_fields = fields
    verbose_name_plural = "quotes"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


@admin.register(Person)
class PersonAdmin(VersionAdmin):
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}
    list_display = ["name", "title", "affiliation", "is_staff", "user"]
    list_filter = ["is_staff", "affiliation"]
    search_fields = ["name", "aliases", "title", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["user"]
    readonly_fields = ["stories"]
    inlines = [QuoteInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases"]}),
        ("Now", {"fields": ["title", "affiliation", "bio", "portrait"]}),
        ("Staff", {"fields": ["is_staff", "user"]}),
        ("Coverage", {"fields": ["stories"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # A plain choice of staff accounts: editors link people to accounts
            # without needing rights over the accounts themselves.
            kwargs["queryset"] = db_field.related_model.objects.filter(
                is_staff=True
            ).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="stories")
    def stories(self, obj):
        """Stories the person is credited on, then stories they appear in."""
        if obj.pk is None:
            return "—"
        credited = Article.objects.filter(
            pk__in=Byline.objects.filter(person=obj).values("article")
        )
        appears = Article.objects.filter(
            Q(pk__in=Mention.objects.filter(person=obj).values("article"))
            | Q(pk__in=Quote.objects.filter(speaker=obj).values("article"))
        )
        sections = [
            (label, story_list(articles))
            for label, articles in (("Credited on", credited), ("Appears in", appears))
            if articles
        ]
        return format_html_join("", "<p>{}</p>{}", sections) if sections else "—"


accounts.register()
