"""
The admin of people and of staff accounts: who may change a person or link an
account follows the story role rules (``articles.rules``), so it lives with the
stories.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from people import accounts
from people.models import Person

from .. import rules
from ..models import Article, Byline, Mention, Quote
from .forms import ImageUploadField
from .roles import RoleVersionAdmin


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
    verbose_name_plural = _("quotes")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


@admin.register(Person)
class PersonAdmin(RoleVersionAdmin):
    object_rule = staticmethod(rules.can_edit_person)
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}
    list_display = ["name", "title", "affiliation", "is_staff", "user"]
    list_filter = ["is_staff", "affiliation"]
    search_fields = ["name", "aliases", "title", "affiliation"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = ["stories"]
    inlines = [QuoteInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases"]}),
        (_("Now"), {"fields": ["title", "affiliation", "bio", "portrait"]}),
        (_("Staff"), {"fields": ["is_staff", "user"]}),
        (_("Coverage"), {"fields": ["stories"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if rules.can_link_accounts(request.user):
            return fields
        return [*fields, "user"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("stories"))
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
            for label, articles in (
                (_("Credited on"), credited),
                (_("Appears in"), appears),
            )
            if articles
        ]
        return format_html_join("", "<p>{}</p>{}", sections) if sections else "—"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(accounts.StaffAccountAdmin):
    """
    Accounts are the superusers' business (creating one links or creates its
    person: ``people.accounts``). Editors see them only through the
    autocomplete of a person's staff account, to link people to accounts.
    """

    def is_account_link_lookup(self, request):
        match = request.resolver_match
        return (
            match is not None
            and match.url_name == "autocomplete"
            and request.GET.get("app_label") == Person._meta.app_label
            and request.GET.get("model_name") == Person._meta.model_name
            and request.GET.get("field_name") == "user"
            and rules.can_link_accounts(request.user)
        )

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return (
            super().has_view_permission(request, obj)
            and obj is None
            and self.is_account_link_lookup(request)
        )

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        if not request.user.is_superuser:
            queryset = queryset.filter(is_active=True, is_staff=True)
        return super().get_search_results(request, queryset, search_term)
