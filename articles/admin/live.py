"""
The live desk: a story's live posts on one screen, newest first, with a quick
add form at the top, and the editors' “Start live coverage” / “End live
coverage…” steps; posts have their own change, delete and history screens.

Who may do what is ``articles.rules`` (``can_post_live``,
``can_edit_live_post``, ``can_pin``, ``can_run_live``); the transitions are
``articles.publishing.start_live`` / ``end_live``. Every POST is checked again
there, so a forged one gets ``PermissionDenied``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media
from reversion import create_revision, set_comment, set_user

from common.sanitize import PROSE_EDITOR_EXTENSIONS, sanitize_html
from people.accounts import person_for

from .. import publishing, rules
from ..models import LivePost, Quote, live_coverage
from .csp import NonceMediaMixin
from .roles import RoleVersionAdmin


class LivePostForm(forms.ModelForm):
    """A post: the quick add form of the live desk and the post's own page."""

    body = ProseEditorFormField(
        config={"extensions": PROSE_EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        widget=AdminProseEditorWidget,
        required=False,
        label=_("body"),
        help_text=_("Scripts, styles, embeds and unsafe links are removed on save."),
    )

    embed_url = forms.URLField(
        assume_scheme="https",
        required=False,
        max_length=500,
        label=_("embed link"),
        help_text=LivePost._meta.get_field("embed_url").help_text,
    )

    class Meta:
        model = LivePost
        fields = ["headline", "body", "photo", "quote", "embed_url", "pinned"]

    def __init__(self, *args, user=None, article=None, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if article is not None:
            self.instance.article = article
            if "quote" in self.fields:
                self.fields["quote"].queryset = Quote.objects.filter(article=article)
        if admin_site is not None and "photo" in self.fields:
            field = self.fields["photo"]
            field.widget = AutocompleteSelect(
                LivePost._meta.get_field("photo"), admin_site
            )
            # Hands the new widget its choices.
            field.queryset = field.queryset
        if user is not None and not rules.can_pin(user):
            self.fields.pop("pinned", None)


class EndLiveForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 70}),
        help_text=_("What happened: readers who arrive after the coverage see it."),
    )


#: What only editors set on a post; a reporter's POST naming them is forged.
EDITOR_FIELDS = ("pinned", "author", "posted_at", "posted_at_0", "posted_at_1")


def check_editor_fields(request):
    """Refuse a reporter's POST that marks a key event or sets author or time."""
    if rules.can_pin(request.user):
        return
    if any(name in request.POST for name in EDITOR_FIELDS):
        raise PermissionDenied("Only editors mark key events.")


def desk_url(article, site_name="admin"):
    return reverse(f"{site_name}:articles_article_live", args=[article.pk])


@admin.register(LivePost)
class LivePostAdmin(NonceMediaMixin, RoleVersionAdmin):
    object_rule = staticmethod(rules.can_edit_live_post)
    form = LivePostForm

    list_display = ["title", "story_link", "author", "pinned", "posted_at"]
    list_filter = ["pinned", "posted_at"]
    search_fields = ["headline", "body", "article__headline", "author__name"]
    autocomplete_fields = ["photo", "author"]
    list_select_related = ["article", "author"]
    date_hierarchy = "posted_at"
    readonly_fields = ["article", "modified_at"]

    def get_fields(self, request, obj=None):
        fields = ["article", "headline", "body", "photo", "quote", "embed_url"]
        if rules.can_pin(request.user):
            # Editors correct who wrote it and when it happened.
            fields += ["pinned", "author", "posted_at"]
        return [*fields, "modified_at"]

    def has_add_permission(self, request):
        # Posts are added on their story's live desk, which knows the story.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "author")

    @admin.display(description=_("story"), ordering="article__headline")
    def story_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            desk_url(obj.article, self.admin_site.name),
            obj.article,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quote":
            object_id = request.resolver_match.kwargs.get("object_id")
            post = LivePost.objects.filter(pk=unquote(object_id or "0")).first()
            kwargs["queryset"] = Quote.objects.filter(
                article_id=post.article_id if post else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            check_editor_fields(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, **kw):
        post = context.get("original")
        if post is not None and post.pk:
            # Autosave and presence of the post's own form (editing/'s key).
            context["editing_story"] = post.article_id
            context["editing_form"] = f"live-post:{post.pk}"
        return super().render_change_form(request, context, add, change, **kw)

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, gettext("The post is saved."), messages.SUCCESS)
        return HttpResponseRedirect(desk_url(obj.article, self.admin_site.name))


class LiveDeskAdminMixin:
    """The live desk pages and buttons of ``ArticleAdmin``."""

    LIVE_BUTTONS = ("_start_live", "_end_live")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/live/",
                wrap(self.live_desk_view),
                name="articles_article_live",
            ),
            path(
                "<path:object_id>/live/end/",
                wrap(self.end_live_view),
                name="articles_article_end_live",
            ),
            *super().get_urls(),
        ]

    # The story form

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "live_desk"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any("live_desk" in f["fields"] for _n, f in fieldsets):
            return fieldsets
        return [*fieldsets, (_("Live coverage"), {"fields": ["live_desk"]})]

    @admin.display(description=_("live coverage"))
    def live_desk(self, obj):
        coverage = live_coverage(obj) if obj and obj.pk else None
        if coverage is None:
            return gettext("Not covered live.")
        state = (
            gettext("Live now")
            if coverage.is_running
            else gettext("Ended %(time)s")
            % {"time": timezone.localtime(coverage.ended_at)}
        )
        return format_html(
            '{} · <a href="{}">{}</a>',
            state,
            desk_url(obj, self.admin_site.name),
            gettext("Open the live desk"),
        )

    def workflow_buttons(self, request, obj):
        buttons = super().workflow_buttons(request, obj)
        if obj is None or not rules.can_run_live(request.user):
            return buttons
        coverage = live_coverage(obj)
        if coverage is None or not coverage.is_running:
            buttons.append(("_start_live", gettext("Start live coverage")))
        else:
            buttons.append(("_end_live", gettext("End live coverage…")))
        return buttons

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        pressed = any(name in request.POST for name in self.LIVE_BUTTONS)
        if (
            request.method == "POST"
            and pressed
            and not rules.can_run_live(request.user)
        ):
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def workflow_response(self, request, obj):
        if "_start_live" in request.POST:
            try:
                publishing.start_live(obj, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(self.change_url(obj))
            self.message_user(
                request,
                gettext("“{story}” is live: add posts on its live desk.").format(
                    story=obj
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(desk_url(obj, self.admin_site.name))
        if "_end_live" in request.POST:
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:articles_article_end_live", args=[obj.pk]
                )
            )
        return super().workflow_response(request, obj)

    # Pages

    def live_story_or_404(self, request, object_id):
        article = self.story_or_404(object_id)
        if not request.user.has_perm("articles.view_livepost"):
            raise PermissionDenied
        return article

    def live_desk_view(self, request, object_id):
        """The story's posts newest first, with the quick add form on top."""
        article = self.live_story_or_404(request, object_id)
        user = request.user
        may_post = rules.can_post_live(user, article)
        form = None
        if request.method == "POST":
            if "_start_live" in request.POST:
                try:
                    publishing.start_live(article, user)
                except ValidationError as error:
                    # A second tab's button, or a killed story: said, not a 500.
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(desk_url(article, self.admin_site.name))
            if not may_post:
                raise PermissionDenied
            check_editor_fields(request)
            form = LivePostForm(
                request.POST, user=user, article=article, admin_site=self.admin_site
            )
            if form.is_valid():
                post = form.save(commit=False)
                post.author = person_for(user)
                with transaction.atomic(), create_revision():
                    post.save()
                    set_user(user)
                    set_comment("Posted.")
                self.message_user(request, gettext("Posted."), messages.SUCCESS)
                return HttpResponseRedirect(desk_url(article, self.admin_site.name))
        elif may_post:
            form = LivePostForm(user=user, article=article, admin_site=self.admin_site)
        posts = list(article.live_posts.for_page())
        for post in posts:
            post.may_change = rules.can_edit_live_post(user, post)
            post.may_delete = rules.can_edit_live_post(user, post, "delete")
        media = form.media if form is not None else forms.Media()
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            media = Media.from_media(media, nonce=nonce)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": gettext("Live desk"),
            "subtitle": str(article),
            "coverage": live_coverage(article),
            "form": form,
            "media": media,
            "posts": posts,
            "may_run_live": rules.can_run_live(user),
            "change_url": self.change_url(article),
            "end_url": reverse(
                f"{self.admin_site.name}:articles_article_end_live", args=[article.pk]
            ),
            "public_url": article.get_absolute_url() if article.is_public else None,
        }
        return render(request, "admin/articles/article/live_desk.html", context)

    def end_live_view(self, request, object_id):
        """“End live coverage…”: the summary readers see from then on."""
        article = self.story_or_404(object_id)
        if not rules.can_run_live(request.user):
            raise PermissionDenied
        coverage = live_coverage(article)
        if coverage is None or not coverage.is_running:
            raise Http404("The story is not live.")
        if request.method == "POST":
            form = EndLiveForm(request.POST)
            if form.is_valid():
                publishing.end_live(article, request.user, form.cleaned_data["summary"])
                self.message_user(
                    request,
                    gettext("The live coverage of “{story}” has ended.").format(
                        story=article
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(desk_url(article, self.admin_site.name))
        else:
            form = EndLiveForm(initial={"summary": coverage.summary})
        return self.workflow_page(
            request,
            article,
            form,
            gettext("End the live coverage"),
            gettext("End live coverage"),
        )
