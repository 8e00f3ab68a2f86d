"""
The editors' wire screens: import copy, then accept, correct or reject suggestions.

``WireAdminMixin`` adds two pages to the story admin (``…/article/import/`` and
``…/article/<id>/suggestions/``) and a read-only view of the original copy.
Who may do what is decided by the story admin's own permission methods, which
apply ``articles.publishing``.
"""

from django import forms
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
from django.views.decorators.cache import never_cache

from ..models import Article, Quote
from . import importing
from .models import WireCopy
from .parse import WireError, copy_checksum, decode_upload, parse

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ImportForm(forms.Form):
    text = forms.CharField(
        label="Paste the wire copy",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90}),
        help_text="As copied from the agency's page: furniture, headline, caption "
        "and paragraphs are told apart.",
    )
    upload = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="A .txt file, or an IPTC ninjs .json document.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.json,text/plain"}),
    )
    source = forms.CharField(
        label="Source",
        max_length=100,
        required=False,
        help_text="The agency, e.g. “VOA Khmer”; read from the copy when left blank.",
    )
    update = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        self.filename = ""
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError("The file is larger than 2 MB.")
            name = upload.name or ""
            if not name.lower().endswith((".txt", ".json", ".text")):
                raise forms.ValidationError(
                    "Upload a .txt file or an IPTC ninjs .json document."
                )
            try:
                data["text"] = decode_upload(upload.read(), name)
            except WireError as error:
                raise forms.ValidationError(str(error)) from error
            self.filename = name
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Paste the copy or choose a file.")
        try:
            self.draft = parse(data["text"], self.filename)
        except WireError as error:
            raise forms.ValidationError(str(error)) from error
        return data


class PersonRowForm(forms.Form):
    accept = forms.BooleanField(required=False)
    key = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=200)
    person_id = forms.TypedChoiceField(
        label="match", coerce=int, empty_value=None, required=False
    )
    described_as = forms.CharField(max_length=200, required=False)
    new_alias = forms.CharField(
        max_length=200, required=False, widget=forms.HiddenInput
    )
    role = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = [("", "New person"), *matches]


class QuoteRowForm(forms.Form):
    accept = forms.BooleanField(required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 70}))
    speaker = forms.ChoiceField(required=False)
    speaker_title = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    said_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, speakers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = [("", "— nobody —"), *speakers]


PersonRows = forms.formset_factory(PersonRowForm, extra=0)
QuoteRows = forms.formset_factory(QuoteRowForm, extra=0)


class WireCopyInline(admin.StackedInline):
    model = WireCopy
    extra = 0
    can_delete = False
    fields = [
        "imported_at",
        "imported_by",
        "format",
        "filename",
        "caption_and_credit",
        "text",
    ]
    readonly_fields = fields
    verbose_name_plural = "original wire copy"
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever sees the story sees the copy it came from.
        return request.user.has_perm("articles.view_article")

    @admin.display(description="photo caption and credit")
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


@admin.register(WireCopy)
class WireCopyAdmin(admin.ModelAdmin):
    list_display = ["article", "format", "filename", "imported_at", "imported_by"]
    list_filter = ["format", "imported_at"]
    search_fields = ["article__headline", "filename", "uri", "text"]
    list_select_related = ["article", "imported_by"]
    date_hierarchy = "imported_at"
    readonly_fields = [
        "article", "text", "format", "filename", "checksum", "uri", "version",
        "caption", "credit", "imported_at", "imported_by",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class WireAdminMixin:
    """Import and suggestion pages for the story admin."""

    # Extends django-reversion's list template with “Import wire copy”.
    change_list_template = "admin/articles/article/change_list.html"

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if obj is not None and obj.wire_copies.exists():
            inlines.append(WireCopyInline)
        return inlines

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_wire_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "<path:object_id>/suggestions/",
                self.admin_site.admin_view(self.suggestions_view),
                name="{}_{}_suggestions".format(*info),
            ),
            *super().get_urls(),
        ]

    def wire_context(self, request, title, **kwargs):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "has_view_permission": True,
            **kwargs,
        }

    @method_decorator(never_cache)
    def import_wire_view(self, request):
        if not self.has_add_permission(request):
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
                    done = "Imported" if created else "Updated"
                    kept = " as a draft" if created else ""
                    text = (
                        f"{done} “{article}”{kept}; check the suggested people "
                        "and quotes."
                    )
                    if draft.headline_made_up:
                        text += (
                            " The copy had no headline: one was made from its first "
                            "sentence."
                        )
                    if created and draft.caption:
                        text += (
                            " The photo caption and credit are kept with the wire copy."
                        )
                    self.message_user(request, text, messages.SUCCESS)
                    return redirect("admin:articles_article_suggestions", article.pk)
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
            "Import wire copy",
            form=form,
            earlier=earlier,
            identical=identical,
            may_update=earlier is not None
            and self.has_change_permission(request, earlier.article),
        )
        return TemplateResponse(
            request, "admin/articles/article/wire_import.html", context
        )

    @method_decorator(never_cache)
    def suggestions_view(self, request, object_id):
        pk = unquote(object_id)
        article = Article.objects.filter(pk=pk).first() if pk.isdigit() else None
        if article is None:
            raise Http404("No such story.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        suggestions = importing.suggestions_for(article)
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
                everything = "accept_all" in request.POST
                people = [
                    row
                    for row in people_rows.cleaned_data
                    if everything or row["accept"]
                ]
                quotes = [
                    row
                    for row in quote_rows.cleaned_data
                    if (everything or row["accept"]) and row["speaker"]
                ]
                # A quotation's speaker comes along with it.
                wanted = {row["speaker"] for row in quotes}
                chosen = {row["key"] for row in people}
                people += [
                    row
                    for row in people_rows.cleaned_data
                    if row["key"] in wanted and row["key"] not in chosen
                ]
                try:
                    applied = importing.apply_suggestions(
                        article, people, quotes, user=request.user
                    )
                except importing.ImportRefused as error:
                    raise PermissionDenied(str(error)) from error
                self.message_user(request, f"Added: {applied}.", messages.SUCCESS)
                return redirect("admin:articles_article_change", article.pk)
        else:
            people_rows = PersonRows(
                prefix="people",
                initial=self.people_initial(article, suggestions),
                form_kwargs={"matches": matches},
            )
            quote_rows = QuoteRows(
                prefix="quotes",
                initial=self.quotes_initial(article, suggestions),
                form_kwargs={"speakers": speakers},
            )
        context = self.wire_context(
            request,
            f"Suggested people and quotes for “{article}”",
            original=article,
            people_rows=list(zip(people_rows.forms, suggestions.people, strict=False)),
            quote_rows=list(zip(quote_rows.forms, suggestions.quotes, strict=False)),
            people_management=people_rows.management_form,
            quote_management=quote_rows.management_form,
            people_errors=people_rows.non_form_errors(),
            copy=article.wire_copies.first(),
        )
        return TemplateResponse(
            request, "admin/articles/article/wire_suggestions.html", context
        )

    @staticmethod
    def matches(suggestions):
        ids = [p.person_id for p in suggestions.people if p.person_id]
        Person = importing.person_model()
        names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "name"))
        return [(pk, f"Existing: {name}") for pk, name in names.items()]

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
    def quotes_initial(article, suggestions):
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
            rows.append(
                {
                    "accept": bool(quote.speaker) and not present,
                    "text": quote.text,
                    "speaker": quote.speaker or "",
                    "speaker_title": quote.speaker_title,
                    "kind": quote.kind,
                    "said_on": quote.said_on,
                }
            )
        return rows
