"""
Translations on the story form: “Translate into Khmer / English”, the source
beside a translation's form, what the source changed since, and “Mark as up to
date”.

The buttons sit in the form's workflow area and post to their own pages
(``formaction``), so a reporter who may only view a story can translate it too.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .. import rules, translations
from ..models import Article


class TranslationAdminMixin:
    """Translation buttons, source panel and pages for ``ArticleAdmin``."""

    def translation_buttons(self, request, obj):
        """``[(label, url)]``: a button per other language, for who may translate."""
        if obj is None or obj.pk is None or not rules.can_translate(request.user, obj):
            return []
        buttons = []
        for language in translations.other_languages(obj):
            name = Article.Language(language).label
            found = translations.existing_version(obj, language)
            if found is None:
                label = _("Translate into %(language)s") % {"language": name}
            else:
                label = _("Open the %(language)s version") % {"language": name}
            buttons.append((label, self.translation_url("translate", obj, language)))
        return buttons

    def render_change_form(self, request, context, add=False, change=False, **kw):
        obj = context.get("original")
        context["translation_buttons"] = self.translation_buttons(request, obj)
        source = obj.translation_of if obj is not None else None
        context["translation_source"] = source
        if source is not None:
            context["source_changes"] = translations.source_changes(obj)
            context["source_change_url"] = self.change_url(source)
            if self.has_change_permission(request, obj):
                context["up_to_date_url"] = self.translation_url("up_to_date", obj)
        return super().render_change_form(request, context, add, change, **kw)

    def save_model(self, request, obj, form, change):
        if "translation_of" in form.changed_data and obj.translation_of is not None:
            # Linked by hand to an existing story: translated from its text now.
            translations.record_source(obj, obj.translation_of)
        super().save_model(request, obj, form, change)

    def translation_url(self, name, obj, language=None):
        args = [obj.pk] if language is None else [obj.pk, language]
        return reverse(
            f"{self.admin_site.name}:articles_article_{name}_translation", args=args
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/translate/<str:language>/",
                wrap(self.translate_view),
                name="articles_article_translate_translation",
            ),
            path(
                "<path:object_id>/translation-up-to-date/",
                wrap(self.up_to_date_view),
                name="articles_article_up_to_date_translation",
            ),
            *super().get_urls(),
        ]

    def translate_view(self, request, object_id, language):
        """Open the story's version in ``language``, starting it as a draft if none."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.story_or_404(object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if language not in translations.other_languages(article):
            raise Http404("No such language for this story.")
        found = translations.existing_version(article, language)
        translation = translations.translate(article, request.user, language)
        if found is None:
            self.message_user(
                request,
                _(
                    "A %(language)s draft of “%(story)s” is ready: write over the "
                    "source's text, which stays beside the form."
                )
                % {"language": translation.get_language_display(), "story": article},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self.change_url(translation))

    def up_to_date_view(self, request, object_id):
        """“Mark as up to date”: the source's changes are carried over."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        translation = self.story_or_404(object_id)
        if not self.has_change_permission(request, translation):
            raise PermissionDenied
        translations.mark_up_to_date(translation, request.user)
        self.message_user(
            request,
            _("“%(story)s” is marked as up to date with its source.")
            % {"story": translation},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.change_url(translation))
