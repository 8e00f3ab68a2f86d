from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from articles.forms import ImageUploadField
from articles.models import Article, Quote

from .models import Person


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
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = ["stories"]
    inlines = [QuoteInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases"]}),
        ("Now", {"fields": ["title", "affiliation", "bio", "portrait"]}),
        ("Staff", {"fields": ["is_staff", "user"]}),
        ("Coverage", {"fields": ["stories"]}),
    ]

    @admin.display(description="stories")
    def stories(self, obj):
        if obj.pk is None:
            return "—"
        articles = (
            Article.objects.filter(Q(bylines__person=obj) | Q(mentions__person=obj))
            .distinct()
            .order_by("-published_at")
        )
        if not articles:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[a.pk]),
                        a.headline,
                        a.get_status_display(),
                    )
                    for a in articles
                ),
            ),
        )
