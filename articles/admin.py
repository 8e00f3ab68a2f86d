from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.cache import never_cache
from reversion_compare.admin import CompareVersionAdmin
from taggit import admin as taggit_admin
from taggit.managers import TaggableManager
from taggit.models import Tag

from common.slugs import SlugFormField, unique_slug
from common.text import clean_text
from images import renditions

from . import publishing
from .admin_csp import NonceMediaMixin
from .admin_roles import EditableStoriesMixin, RoleVersionAdmin, story_rule
from .forms import ArticleAdminForm, ImageUploadField, TagNamesField
from .locked_save import KeepFormWhenLockedMixin
from .models import Article, Byline, Mention, Note, Photo, Quote
from .photo_forms import PhotoAdminForm, forget_upload
from .views import ArticleDetailView
from .wire.admin import WireAdminMixin
from .workflow_admin import StateFilter, WorkflowAdminMixin


def thumbnail(photo, size=80):
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;'
        'object-fit:cover">',
        photo.image.url,
        photo.alt_text,
        size,
        size,
    )


class TagListMixin:
    """
    Tags in a changelist come from the prefetch, never one query per row; the
    tag field of the form refuses names the tag table cannot hold.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            kwargs.setdefault("form_class", TagNamesField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all())) or "—"


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
    verbose_name = "person in the story"
    verbose_name_plural = "people in the story"


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


class EditorialArticleAdmin(
    KeepFormWhenLockedMixin,
    NonceMediaMixin,
    WorkflowAdminMixin,
    RoleVersionAdmin,
    CompareVersionAdmin,
):
    """
    The editorial rules of the story admin: roles, workflow, preview, history
    (with differences between versions), corrections.

    Kept apart from the layout in ``ArticleAdmin``; the rules themselves are plain
    functions in ``articles.publishing``.
    """

    form = ArticleAdminForm
    actions = ["publish_selected", "unpublish_selected"]

    # Roles: the story's own rule, and restoring a version brings back the
    # whole story (bylines, quotes, notes), status included: editors only.

    object_rule = staticmethod(story_rule)
    revert_whole_revision = True

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if not publishing.can_publish(request.user) and "status" in form.base_fields:
            field = form.base_fields["status"]
            field.widget.choices = [
                (Article.Status.DRAFT, "Draft"),
                (Article.Status.REVIEW, "Ready for review"),
            ]
            field.help_text = (
                "Hand the story in when it is ready; an editor publishes it."
            )
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        first_name, first = fieldsets[0]
        if "loaded_version" in first["fields"]:
            return fieldsets
        first = {**first, "fields": [*first["fields"], "loaded_version"]}
        return [(first_name, first), *fieldsets[1:]]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not publishing.can_publish(request.user):
            publishing.credit_author(form.instance, request.user)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Note:
            changed = [note for note, _fields in formset.changed_objects]
            publishing.record_notes(form.instance, [*formset.new_objects, *changed])

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for article in queryset:
            if not article.is_public:
                publishing.publish_now(article, request.user)
        self.message_user(request, "The selected stories are published.")

    @admin.action(description="Unpublish selected stories", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            publishing.unpublish(article, user=request.user)
        self.message_user(request, "The selected stories are unpublished.")

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


@admin.register(Article)
class ArticleAdmin(WireAdminMixin, TagListMixin, EditorialArticleAdmin):
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
    autocomplete_fields = ["lead_photo", "related"]
    list_select_related = ["lead_photo"]
    readonly_fields = [
        "story_length",
        "lead_photo_preview",
        "created_at",
        "modified_at",
        "old_urls",
    ]
    inlines = [BylineInline, MentionInline, QuoteInline, NoteInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "deck", "body", "story_length"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "published_at",
                    "updated_at",
                    "language",
                    "dateline",
                    "source",
                ]
            },
        ),
        (
            "Share cards",
            {
                "fields": ["social_headline", "social_description"],
                "classes": ["collapse"],
                "description": "Optional: how the story appears when shared.",
            },
        ),
        ("Lead photo", {"fields": ["lead_photo", "lead_photo_preview"]}),
        ("Tags and related coverage", {"fields": ["tags", "related"]}),
        (
            "Record",
            {
                "fields": ["created_at", "modified_at", "old_urls"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "tags",
                Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            )
        )

    @admin.display(description="bylines")
    def byline_list(self, obj):
        return ", ".join(byline.person.name for byline in obj.bylines.all()) or "—"

    @admin.display(description="old URLs")
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

    @admin.display(description="lead photo")
    def lead_photo_thumbnail(self, obj):
        return thumbnail(obj.lead_photo, size=60)

    @admin.display(description="preview")
    def lead_photo_preview(self, obj):
        return thumbnail(obj.lead_photo, size=240)


@admin.register(Photo)
class PhotoAdmin(TagListMixin, RoleVersionAdmin):
    object_rule = staticmethod(publishing.can_edit_photo)

    form = PhotoAdminForm
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}
    list_display = ["thumbnail", "__str__", "credit", "photographer", "tag_list"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [("tags", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["caption", "credit", "alt_text", "photographer__name"]
    autocomplete_fields = ["photographer"]
    list_select_related = ["photographer"]
    readonly_fields = ["preview", "width", "height", "created_at", "modified_at"]
    fields = [
        "image",
        "upload_token",
        "metadata_checked",
        "preview",
        ("focal_x", "focal_y"),
        ("width", "height"),
        "alt_text",
        "caption",
        "credit",
        "photographer",
        "taken_on",
        "tags",
        ("created_at", "modified_at"),
    ]

    class Media:
        js = ["admin/newsroom/focal_point.js"]
        css = {"all": ["admin/newsroom/desk.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            # Prepared now, while the editor waits, not on a reader's request.
            renditions.prepare_renditions(obj)
        token = form.cleaned_data.get("upload_token")
        if token:
            forget_upload(token)

    @admin.display(description="image")
    def thumbnail(self, obj):
        return thumbnail(obj, size=60)

    @admin.display(description="preview")
    def preview(self, obj):
        if not obj or not obj.image:
            return "—"
        x, y = obj.focal_point
        return format_html(
            '<div class="focal-point-picker" style="--x:{}%;--y:{}%">'
            '<img src="{}" alt="{}"><span class="focal-point-mark" aria-hidden="true">'
            "</span></div>"
            '<p class="help">Click the photo on what must stay in every crop '
            "(a face, usually).</p>",
            round(x * 100, 2),
            round(y * 100, 2),
            obj.image.url,
            obj.alt_text,
        )


@admin.register(Quote)
class QuoteAdmin(EditableStoriesMixin, RoleVersionAdmin):
    object_rule = staticmethod(publishing.can_edit_part)

    list_display = ["short_text", "speaker", "speaker_title", "article", "said_on"]
    list_filter = ["kind", "is_pull_quote", "said_on"]
    search_fields = ["text", "speaker__name", "speaker_title", "article__headline"]
    autocomplete_fields = ["speaker", "article"]
    list_select_related = ["speaker", "article"]
    date_hierarchy = "said_on"

    @admin.display(description="quote")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"


class TagForm(forms.ModelForm):
    """
    Names cleaned like every text field, slugs in any script: left empty, the
    slug is made from the name (taggit's admin pre-fills it in the browser,
    which drops Khmer marks).
    """

    slug = SlugFormField(
        max_length=100,
        required=False,
        help_text="The tag's address, in any script. Left empty, it is made "
        "from the name.",
    )

    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        return clean_text(self.cleaned_data["name"]).strip()

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        name = self.cleaned_data.get("name")
        if not slug and name:
            max_length = Tag._meta.get_field("slug").max_length
            slug = unique_slug(Tag, name, max_length, exclude_pk=self.instance.pk)
        return slug


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(taggit_admin.TagAdmin):
    """taggit's tag admin, with merging (a change and a deletion) for editors only."""

    form = TagForm
    prepopulated_fields = {}

    @admin.action(description="Merge selected tags", permissions=["change", "delete"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not (
            self.has_change_permission(request) and self.has_delete_permission(request)
        ):
            raise PermissionDenied
        return super().merge_tags_view(request)
