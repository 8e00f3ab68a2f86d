from django.contrib import admin
from django.db.models import Prefetch
from django.utils.html import format_html

from .models import Article, Byline, Mention, Note, Photo, Quote


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
    """Tags in a changelist come from the prefetch, never one query per row."""

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all())) or "—"


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "role"]
    ordering = ["position", "pk"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["person"]
    verbose_name = "person in the story"
    verbose_name_plural = "people in the story"


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = [
        ("speaker", "speaker_title"),
        "text",
        ("said_on", "kind", "is_pull_quote", "position"),
    ]


class NoteInline(admin.TabularInline):
    model = Note
    extra = 0
    fields = ["kind", "noted_at", "text"]


@admin.register(Article)
class ArticleAdmin(TagListMixin, admin.ModelAdmin):
    list_display = [
        "headline",
        "status",
        "published_at",
        "byline_list",
        "tag_list",
        "lead_photo_thumbnail",
    ]
    list_filter = ["status", "published_at", ("tags", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["headline", "deck", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo", "related"]
    list_select_related = ["lead_photo"]
    readonly_fields = ["lead_photo_preview", "created_at", "modified_at"]
    inlines = [BylineInline, MentionInline, QuoteInline, NoteInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "deck", "body"]}),
        (
            "Publication",
            {"fields": ["status", "published_at", "updated_at", "dateline", "source"]},
        ),
        ("Lead photo", {"fields": ["lead_photo", "lead_photo_preview"]}),
        ("Tags and related coverage", {"fields": ["tags", "related"]}),
        ("Record", {"fields": ["created_at", "modified_at"], "classes": ["collapse"]}),
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

    @admin.display(description="lead photo")
    def lead_photo_thumbnail(self, obj):
        return thumbnail(obj.lead_photo, size=60)

    @admin.display(description="preview")
    def lead_photo_preview(self, obj):
        return thumbnail(obj.lead_photo, size=240)


@admin.register(Photo)
class PhotoAdmin(TagListMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "photographer", "tag_list"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [("tags", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["caption", "credit", "alt_text", "photographer__name"]
    autocomplete_fields = ["photographer"]
    list_select_related = ["photographer"]
    readonly_fields = ["preview", "width", "height", "created_at", "modified_at"]
    fields = [
        "image",
        "preview",
        ("width", "height"),
        "alt_text",
        "caption",
        "credit",
        "photographer",
        "tags",
        ("created_at", "modified_at"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="image")
    def thumbnail(self, obj):
        return thumbnail(obj, size=60)

    @admin.display(description="preview")
    def preview(self, obj):
        return thumbnail(obj, size=320)


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["short_text", "speaker", "speaker_title", "article", "said_on"]
    list_filter = ["kind", "is_pull_quote", "said_on"]
    search_fields = ["text", "speaker__name", "speaker_title", "article__headline"]
    autocomplete_fields = ["speaker", "article"]
    list_select_related = ["speaker", "article"]
    date_hierarchy = "said_on"

    @admin.display(description="quote")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
