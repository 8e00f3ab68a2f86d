"""The quote admin: quotes on their own, beside the story form's inline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..models import Quote
from .roles import RoleVersionAdmin


@admin.register(Quote)
class QuoteAdmin(RoleVersionAdmin):
    object_rule = staticmethod(rules.can_edit_part)

    list_display = ["short_text", "speaker", "speaker_title", "article", "said_on"]
    list_filter = ["kind", "is_pull_quote", "said_on"]
    search_fields = ["text", "speaker__name", "speaker_title", "article__headline"]
    autocomplete_fields = ["speaker", "article"]
    list_select_related = ["speaker", "article"]
    date_hierarchy = "said_on"

    @admin.display(description=_("quote"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The story a quote is attached to can only be one the user may edit.
        if db_field.name == "article":
            kwargs["queryset"] = rules.editable_stories(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
