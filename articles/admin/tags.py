"""The tag admin, and how every other admin shows and takes tags."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from taggit import admin as taggit_admin
from taggit.managers import TaggableManager
from taggit.models import Tag

from common.slugs import SlugFormField, unique_slug
from common.text import clean_text

from .forms import TagNamesField


class TagListMixin:
    """
    Tags in a changelist come from the prefetch, never one query per row; the
    tag field of the form refuses names the tag table cannot hold.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            kwargs.setdefault("form_class", TagNamesField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all())) or "—"


class TagForm(forms.ModelForm):
    """
    Names cleaned like every text field, slugs in any script: left empty, the
    slug is made from the name (taggit's admin pre-fills it in the browser,
    which drops Khmer marks).
    """

    slug = SlugFormField(
        max_length=100,
        required=False,
        help_text=_(
            "The tag's address, in any script. Left empty, it is made from the name."
        ),
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

    @admin.action(
        description=_("Merge selected tags"), permissions=["change", "delete"]
    )
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not (
            self.has_change_permission(request) and self.has_delete_permission(request)
        ):
            raise PermissionDenied
        return super().merge_tags_view(request)
