"""
The story admin: the story form with its inlines, the changelist, preview and
history with differences between versions.

Who may do what is ``articles.rules``; the workflow buttons and pages are
``articles.admin.workflow``; wire import adds its own pages.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from reversion_compare.admin import CompareVersionAdmin

from .. import publishing, rules
from ..models import Article, Byline, Mention, Note, Quote
from ..views import ArticleDetailView
from .csp import NonceMediaMixin
from .forms import ArticleAdminForm
from .live import LiveDeskAdminMixin
from .locked_save import KeepFormWhenLockedMixin
from .photos import thumbnail
from .roles import RoleVersionAdmin
from .tags import TagListMixin
from .translations import TranslationAdminMixin
from .workflow import StateFilter, WorkflowAdminMixin


class RelatedRowsInline:
    """Inline rows fetch the objects their labels name in the same query."""

    row_select_related = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.row_select_related)


class BylineInline(RelatedRowsInline, admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "role"]
    ordering = ["position", "pk"]
    row_select_related = ["person", "article"]


class MentionInline(RelatedRowsInline, admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "described_as"]
    row_select_related = ["person", "article"]
    verbose_name = _("person in the story")
    verbose_name_plural = _("people in the story")


class QuoteInline(RelatedRowsInline, admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    row_select_related = ["speaker", "article"]
    fields = [
        ("speaker", "speaker_title"),
        "text",
        ("said_on", "kind", "is_pull_quote", "position"),
    ]


class NoteInline(RelatedRowsInline, admin.TabularInline):
    model = Note
    extra = 0
    row_select_related = ["article"]
    fields = ["kind", "noted_at", "text"]


class ArticlePreviewView(ArticleDetailView):
    """The public story page for a story the admin has already fetched and vetted."""

    def get(self, request, *args, **kwargs):
        # The admin has fetched and vetted the story; fetch it again with what
        # the page shows, without the public filter, so drafts can be seen.
        self.object = self.with_page_content(
            Article.objects.filter(pk=kwargs["article"].pk)
        ).get()
        context = self.get_context_data(object=self.object, preview=True)
        response = self.render_to_response(context)
        response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
        return response


@admin.register(Article)
class ArticleAdmin(
    TagListMixin,
    KeepFormWhenLockedMixin,
    NonceMediaMixin,
    TranslationAdminMixin,
    LiveDeskAdminMixin,
    WorkflowAdminMixin,
    RoleVersionAdmin,
    CompareVersionAdmin,
):
    # Extends django-reversion's list template with “Import wire copy”.
    change_list_template = "admin/articles/article/change_list.html"
    list_display = [
        "headline",
        "state",
        "published_at",
        "byline_list",
        "tag_list",
        "lead_photo_thumbnail",
    ]
    list_filter = [
        StateFilter,
        "language",
        "published_at",
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["headline", "deck", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["lead_photo", "related", "translation_of"]
    list_select_related = ["lead_photo"]
    readonly_fields = [
        "story_length",
        "lead_photo_preview",
        "created_at",
        "modified_at",
        "old_urls",
        "killed_at",
        "kill_note",
    ]
    inlines = [BylineInline, MentionInline, QuoteInline, NoteInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "deck", "body", "story_length"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "embargo_until",
                    "updated_at",
                    "language",
                    "translation_of",
                    "dateline",
                    "source",
                ]
            },
        ),
        (
            _("When shared"),
            {
                "fields": ["social_headline", "social_description"],
                "classes": ["collapse"],
                "description": _("Optional: how the story appears when shared."),
            },
        ),
        ("Lead photo", {"fields": ["lead_photo", "lead_photo_preview"]}),
        ("Tags and related stories", {"fields": ["tags", "related"]}),
        (
            _("Record"),
            {
                "fields": ["created_at", "modified_at", "old_urls"],
                "classes": ["collapse"],
            },
        ),
    ]

    form = ArticleAdminForm
    actions = ["publish_selected", "unpublish_selected"]

    # Roles: the story's own rule, and restoring a version brings back the
    # whole story (bylines, quotes, notes), status included: editors only.

    revert_whole_revision = True

    @staticmethod
    def object_rule(user, article, action):
        if action == "delete":
            return rules.can_delete(user, article)
        return rules.can_edit(user, article)

    def has_publish_permission(self, request):
        return rules.can_publish(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if not rules.can_publish(request.user) and "status" in form.base_fields:
            field = form.base_fields["status"]
            field.widget.choices = [
                (status, Article.Status(status).label)
                for status in rules.reporter_statuses()
            ]
            field.help_text = _(
                "Hand the story in when it is ready; an editor publishes it."
            )
        if not rules.can_embargo(request.user) and "embargo_until" in form.base_fields:
            # Shown, never taken from a reporter's POST.
            form.base_fields["embargo_until"].disabled = True
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        first_name, first = fieldsets[0]
        if "loaded_version" not in first["fields"]:
            first = {**first, "fields": [*first["fields"], "loaded_version"]}
        fieldsets = [(first_name, first), *fieldsets[1:]]
        if obj is not None and obj.status == Article.Status.KILLED:
            fieldsets.insert(1, (_("Killed"), {"fields": ["killed_at", "kill_note"]}))
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not rules.can_publish(request.user):
            publishing.credit_author(form.instance, request.user)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Note:
            changed = [note for note, _fields in formset.changed_objects]
            publishing.record_notes(form.instance, [*formset.new_objects, *changed])

    @admin.action(
        description=_("Publish selected stories now"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        for article in queryset:
            if not article.is_public:
                publishing.publish_now(article, request.user)
        self.message_user(request, _("The selected stories are published."))

    @admin.action(description=_("Unpublish selected stories"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            publishing.unpublish(article, user=request.user)
        self.message_user(request, _("The selected stories are unpublished."))

    # Preview

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    @method_decorator(never_cache)
    def preview_view(self, request, object_id):
        """The story exactly as readers will see it, drafts and schedules included."""
        article = (
            Article.objects.for_listing().filter(pk=unquote(object_id)).first()
            if unquote(object_id).isdigit()
            else None
        )
        if article is None:
            raise Http404("No such story.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return ArticlePreviewView.as_view()(request, article=article, slug=article.slug)

    # History: differences between versions (revert and recover: RoleVersionAdmin).

    def compare_view(self, request, object_id, extra_context=None):
        # reversion-compare checks no permission of its own.
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "tags",
                Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            )
        )

    @admin.display(description=_("bylines"))
    def byline_list(self, obj):
        return ", ".join(byline.person.name for byline in obj.bylines.all()) or "—"

    @admin.display(description=_("old URLs"))
    def old_urls(self, obj):
        """Slugs the story had before; each redirects to its current URL."""
        slugs = list(obj.old_slugs.values_list("slug", flat=True)) if obj.pk else []
        if not slugs:
            return "—"
        return format_html_join(
            ", ",
            "{}",
            ((reverse("articles:detail", kwargs={"slug": slug}),) for slug in slugs),
        )

    @admin.display(description=_("lead photo"))
    def lead_photo_thumbnail(self, obj):
        return thumbnail(obj.lead_photo, size=60)

    @admin.display(description=_("preview"))
    def lead_photo_preview(self, obj):
        return thumbnail(obj.lead_photo, size=240)
