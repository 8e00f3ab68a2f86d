"""
The editors' wire screens: import copy, then accept, correct or reject suggestions.

Both are views of ``WireCopyAdmin`` (``…/wire/wirecopy/import/`` and
``…/wire/wirecopy/story/<id>/suggestions/``); the story admin links to them.
Who may do what is the story admin's answer (its permission methods apply
``articles.rules``): whoever may add a story may import one, whoever may
change a story may take its suggestions, whoever may see it sees its copy.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from articles.models import Article
from people.models import Person

from . import importing
from .draft import copy_checksum
from .forms import ImportForm, PersonRows, QuoteRows, ThresholdForm
from .models import WireCopy


@admin.register(WireCopy)
class WireCopyAdmin(admin.ModelAdmin):
    list_display = ["article", "format", "filename", "imported_at", "imported_by"]
    list_filter = ["format", "imported_at"]
    search_fields = ["article__headline", "filename", "uri", "text"]
    list_select_related = ["article", "imported_by"]
    date_hierarchy = "imported_at"
    fields = [
        "article", "imported_at", "imported_by", "format", "filename",
        "caption_and_credit", "text", "checksum", "uri", "version",
    ]  # fmt: skip
    readonly_fields = fields

    @property
    def story_admin(self):
        return self.admin_site.get_model_admin(Article)

    def has_view_permission(self, request, obj=None):
        # Whoever sees the story sees the copy it came from; the list of all
        # copies keeps Django's own permission (``wire.view_wirecopy``).
        if obj is None:
            return super().has_view_permission(request)
        return self.story_admin.has_view_permission(request, obj.article)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo caption and credit"))
    def caption_and_credit(self, obj):
        if not obj.caption and not obj.credit:
            return "—"
        query = urlencode({"caption": obj.caption, "credit": obj.credit})
        return format_html(
            '{} <em>({})</em> · <a href="{}?{}">Add the photo with this caption '
            "and credit</a>",
            obj.caption,
            obj.credit,
            reverse("admin:articles_photo_add"),
            query,
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "story/<path:object_id>/suggestions/",
                self.admin_site.admin_view(self.suggestions_view),
                name="{}_{}_suggestions".format(*info),
            ),
            *super().get_urls(),
        ]

    def wire_context(self, request, title, **kwargs):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "story_opts": Article._meta,
            "title": title,
            "has_view_permission": True,
            **kwargs,
        }

    @method_decorator(never_cache)
    def import_view(self, request):
        if not self.story_admin.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        earlier = None
        if request.method == "POST" and form.is_valid():
            draft = form.draft
            update = None
            if form.cleaned_data.get("update"):
                update = Article.objects.filter(pk=form.cleaned_data["update"]).first()
                if update is None:
                    raise Http404("No such story.")
            else:
                earlier = importing.earlier_copy(draft)
            if earlier is None:
                try:
                    article, created = importing.import_draft(
                        draft,
                        user=request.user,
                        filename=form.filename,
                        source=form.cleaned_data.get("source", ""),
                        update=update,
                    )
                except importing.ImportRefused as error:
                    form.add_error(None, str(error))
                else:
                    self.message_user(
                        request,
                        imported_message(article, created, draft),
                        messages.SUCCESS,
                    )
                    return redirect("admin:wire_wirecopy_suggestions", article.pk)
            else:
                form = ImportForm(
                    initial={
                        "text": form.cleaned_data["text"],
                        "source": form.cleaned_data.get("source", ""),
                        "update": earlier.article.pk,
                    }
                )
        identical = (
            earlier is not None
            and WireCopy.objects.filter(
                article=earlier.article, checksum=copy_checksum(form.initial["text"])
            ).exists()
        )
        context = self.wire_context(
            request,
            gettext("Import wire copy"),
            form=form,
            earlier=earlier,
            identical=identical,
            may_update=earlier is not None
            and self.story_admin.has_change_permission(request, earlier.article),
        )
        return TemplateResponse(request, "wire/wirecopy_import.html", context)

    @method_decorator(never_cache)
    def suggestions_view(self, request, object_id):
        pk = unquote(object_id)
        article = Article.objects.filter(pk=pk).first() if pk.isdigit() else None
        if article is None:
            raise Http404("No such story.")
        if not self.story_admin.has_change_permission(request, article):
            raise PermissionDenied
        suggestions = importing.suggestions_for(article)
        sure, sure_form = sure_threshold(request)
        matches = self.matches(suggestions)
        speakers = [(p.key, p.name) for p in suggestions.people]
        if request.method == "POST":
            people_rows = PersonRows(
                request.POST, prefix="people", form_kwargs={"matches": matches}
            )
            quote_rows = QuoteRows(
                request.POST, prefix="quotes", form_kwargs={"speakers": speakers}
            )
            if people_rows.is_valid() and quote_rows.is_valid():
                people, quotes = accepted_rows(
                    people_rows.cleaned_data,
                    quote_rows.cleaned_data,
                    everything="accept_all" in request.POST,
                )
                try:
                    applied = importing.apply_suggestions(
                        article, people, quotes, user=request.user
                    )
                except importing.ImportRefused as error:
                    raise PermissionDenied(str(error)) from error
                self.message_user(
                    request,
                    gettext("Added: {applied}.").format(applied=applied),
                    messages.SUCCESS,
                )
                return redirect("admin:articles_article_change", article.pk)
        else:
            people_rows = PersonRows(
                prefix="people",
                initial=self.people_initial(article, suggestions),
                form_kwargs={"matches": matches},
            )
            quote_rows = QuoteRows(
                prefix="quotes",
                initial=self.quotes_initial(article, suggestions, sure),
                form_kwargs={"speakers": speakers},
            )
        context = self.wire_context(
            request,
            gettext("Suggested people and quotes for “{story}”").format(story=article),
            original=article,
            people_rows=list(zip(people_rows.forms, suggestions.people, strict=False)),
            quote_rows=list(zip(quote_rows.forms, suggestions.quotes, strict=False)),
            people_management=people_rows.management_form,
            quote_management=quote_rows.management_form,
            people_errors=people_rows.non_form_errors(),
            copy=article.wire_copies.first(),
            sure_form=sure_form,
        )
        return TemplateResponse(request, "wire/wirecopy_suggestions.html", context)

    @staticmethod
    def matches(suggestions):
        ids = [p.person_id for p in suggestions.people if p.person_id]
        names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "name"))
        return [
            (pk, gettext("Existing: {name}").format(name=name))
            for pk, name in names.items()
        ]

    @staticmethod
    def people_initial(article, suggestions):
        mentioned = set(article.mentions.values_list("person_id", flat=True))
        credited = set(article.bylines.values_list("person_id", flat=True))
        rows = []
        for person in suggestions.people:
            present = person.person_id in (
                credited if person.role == "photographer" else mentioned
            )
            person.already = present
            rows.append(
                {
                    "accept": not present,
                    "key": person.key,
                    "name": person.name,
                    "person_id": person.person_id,
                    "described_as": person.described_as,
                    "new_alias": person.new_alias,
                    "role": person.role,
                }
            )
        return rows

    @staticmethod
    def quotes_initial(article, suggestions, sure=ThresholdForm.DEFAULT):
        existing = list(
            article.quotes.values_list("speaker__name", "speaker__aliases", "text")
        )
        rows = []
        for quote in suggestions.quotes:
            speaker = suggestions.person(quote.speaker)
            present = speaker is not None and any(
                importing.same_text(text, quote.text)
                and (name == speaker.name or speaker.name in aliases.splitlines())
                for name, aliases, text in existing
            )
            quote.already = present
            quote.score_percent = round(quote.score * 100)
            rows.append(
                {
                    "accept": bool(quote.speaker)
                    and not present
                    and quote.score_percent >= sure,
                    "text": quote.text,
                    "speaker": quote.speaker or "",
                    "speaker_title": quote.speaker_title,
                    "kind": quote.kind,
                    "said_on": quote.said_on,
                }
            )
        return rows


SURE_SESSION_KEY = "wire_suggestions_sure"


def sure_threshold(request):
    """
    (percent, form): how sure a quote must be to come ticked. ``?sure=N`` sets
    it, and the session remembers it for the desk's next story.
    """
    if "sure" in request.GET:
        form = ThresholdForm(request.GET)
        if form.is_valid():
            request.session[SURE_SESSION_KEY] = form.cleaned_data["sure"]
            return form.cleaned_data["sure"], form
    sure = request.session.get(SURE_SESSION_KEY, ThresholdForm.DEFAULT)
    return sure, ThresholdForm(initial={"sure": sure})


def imported_message(article, created, draft):
    if created:
        text = gettext(
            "Imported “{story}” as a draft; check the suggested people and quotes."
        )
    else:
        text = gettext("Updated “{story}”; check the suggested people and quotes.")
    parts = [text.format(story=article)]
    if draft.headline_made_up:
        parts.append(
            gettext("The copy had no headline: one was made from its first sentence.")
        )
    if created and draft.caption:
        parts.append(
            gettext("The photo caption and credit are kept with the wire copy.")
        )
    return " ".join(parts)


def accepted_rows(people_rows, quote_rows, everything=False):
    """The ticked people and quotes (all of them for “Accept all”)."""
    people = [row for row in people_rows if everything or row["accept"]]
    quotes = [
        row for row in quote_rows if (everything or row["accept"]) and row["speaker"]
    ]
    # A quotation's speaker comes along with it.
    wanted = {row["speaker"] for row in quotes}
    chosen = {row["key"] for row in people}
    people += [
        row for row in people_rows if row["key"] in wanted and row["key"] not in chosen
    ]
    return people, quotes
