"""
The workflow of the story admin: the buttons on the change form, the
“Schedule…”, “Send back…”, “Embargo…” and “Kill story…” pages, and where
“View on site” goes.

Every button ends in a function of ``articles.publishing``, which checks the
user again (``articles.rules``): a forged POST gets ``PermissionDenied`` and,
since the admin's change view runs in one transaction, nothing it saved on the
way stays.
"""

import math
import re
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.sanitize import plain_text

from .. import publishing, rules
from ..models import Article

# Words a minute an adult reads on screen (Brysbaert 2019: 238 for non-fiction).
READING_SPEED = 238

# The workflow buttons of the change form; only the first is not for editors only.
SUBMIT_BUTTONS = (
    "_submit_for_review",
    "_publish_now",
    "_schedule",
    "_send_back",
    "_embargo",
    "_lift_embargo",
    "_kill",
)


def word_count(html):
    """Words in a story's body, counting runs of letters and digits."""
    return len(re.findall(r"\w+", plain_text(html)))


def reading_minutes(words):
    """Whole minutes to read ``words`` words, at least one for any text."""
    return math.ceil(words / READING_SPEED) if words else 0


def local_datetime(value):
    """A time in the newsroom's zone, with the zone's name."""
    if value is None:
        return "—"
    shown = date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return f"{shown} ({timezone.get_current_timezone_name()})"


class StateFilter(admin.SimpleListFilter):
    """The desk's states: the stored statuses, scheduled, and published (live)."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        Status = Article.Status
        return [
            (Status.DRAFT, Status.DRAFT.label),
            (Status.REVIEW, Status.REVIEW.label),
            ("scheduled", Article.SCHEDULED_LABEL),
            ("embargoed", Article.EMBARGOED_LABEL),
            ("live", gettext("Published (live)")),
            (Status.KILLED, Status.KILLED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in (
            Article.Status.DRAFT,
            Article.Status.REVIEW,
            Article.Status.KILLED,
        ):
            return queryset.filter(status=value)
        if value == "scheduled":
            return queryset.scheduled()
        if value == "embargoed":
            return queryset.embargoed()
        if value == "live":
            return queryset.published()
        return queryset


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Publish at"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when <= timezone.now():
            raise ValidationError(
                gettext("Choose a time still to come, or publish now.")
            )
        return when


class EmbargoForm(forms.Form):
    until = forms.DateTimeField(
        label=_("Embargoed until"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
        ),
        input_formats=[
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ],
        help_text=_(
            "Partners receive the story now, marked embargoed; readers see it "
            "from this second, without anyone acting."
        ),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise ValidationError(gettext("Choose an embargo time still to come."))
        return until


class KillForm(forms.Form):
    note = forms.CharField(
        label=_("Why the story is killed"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=_(
            "Readers see this note at the story's address; partners are told "
            "to take the story down."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Kill the story"),
        help_text=_(
            "It leaves the site, every feed, sitemap, search and cache at once. "
            "This cannot be undone from this page."
        ),
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the reporter"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=_(
            "What the story needs before it can run; the reporter sees it "
            "at the top of the story."
        ),
    )


class WorkflowAdminMixin:
    """Workflow buttons and pages for ``ArticleAdmin``."""

    # Changelist and change form

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.display(description=_("length"))
    def story_length(self, obj):
        words = word_count(obj.body if obj else "")
        minutes = reading_minutes(words)
        # The story form's script counts again as the body is typed, writing
        # the same sentence in the admin's language from data-template.
        template = gettext("{words} words · about {minutes} min read")
        return format_html(
            '<span id="story-length" aria-live="polite" data-template="{}">{}</span>',
            template,
            template.format(words=words, minutes=minutes),
        )

    def get_view_on_site_url(self, obj=None):
        """A story readers cannot see yet opens in the preview, for staff."""
        if obj is not None and obj.pk and not obj.is_public:
            return reverse(
                f"{self.admin_site.name}:articles_article_preview", args=[obj.pk]
            )
        return super().get_view_on_site_url(obj)

    def workflow_buttons(self, request, obj):
        """The workflow buttons the user may press on this story's form."""
        user = request.user
        story = obj if obj is not None else Article()
        buttons = []
        if story.status == Article.Status.DRAFT and (
            obj is None or rules.can_submit(user, story)
        ):
            buttons.append(("_submit_for_review", gettext("Hand in for review")))
        if rules.can_publish(user):
            if not story.is_public:
                buttons.append(("_publish_now", gettext("Publish now")))
                buttons.append(("_schedule", gettext("Schedule…")))
            if obj is not None and rules.can_send_back(user, story):
                buttons.append(("_send_back", gettext("Send back…")))
        if obj is not None and rules.can_embargo(user, story):
            buttons.append(("_embargo", gettext("Embargo…")))
            if story.embargo_until is not None and story.is_embargoed:
                buttons.append(("_lift_embargo", gettext("Lift embargo now")))
        if obj is not None and rules.can_kill(user, story):
            buttons.append(("_kill", gettext("Kill story…")))
        return buttons

    def render_change_form(self, request, context, add=False, change=False, **kw):
        obj = context.get("original")
        allowed = add or (obj is not None and self.has_change_permission(request, obj))
        context["time_zone"] = timezone.get_current_timezone_name()
        context["workflow_buttons"] = (
            self.workflow_buttons(request, obj) if allowed else []
        )
        return super().render_change_form(request, context, add, change, **kw)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            pressed = [name for name in SUBMIT_BUTTONS if name in request.POST]
            # Refused before the form is even saved; the transitions check again.
            editor_only = [name for name in pressed if name != "_submit_for_review"]
            if editor_only and not rules.can_publish(request.user):
                raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        return self.workflow_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.workflow_response(request, obj) or super().response_change(
            request, obj
        )

    def workflow_response(self, request, obj):
        """After the form is saved: carry out the button pressed, if any."""
        user = request.user
        if "_submit_for_review" in request.POST:
            publishing.submit_for_review(obj, user)
            self.message_user(
                request,
                gettext(
                    "“{story}” is handed in; it waits for an editor on the desk."
                ).format(story=obj),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:index"))
        if "_publish_now" in request.POST:
            publishing.publish_now(obj, user)
            self.message_user(
                request,
                gettext("“{story}” is published, dated {date}.").format(
                    story=obj, date=local_datetime(obj.published_at)
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.change_url(obj))
        if "_schedule" in request.POST:
            return HttpResponseRedirect(self.workflow_url("schedule", obj))
        if "_send_back" in request.POST:
            return HttpResponseRedirect(self.workflow_url("send_back", obj))
        if "_embargo" in request.POST:
            return HttpResponseRedirect(self.workflow_url("embargo", obj))
        if "_lift_embargo" in request.POST:
            publishing.lift_embargo(obj, user)
            self.message_user(
                request,
                gettext("“{story}” is released to readers.").format(story=obj),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.change_url(obj))
        if "_kill" in request.POST:
            return HttpResponseRedirect(self.workflow_url("kill", obj))
        return None

    def change_url(self, obj):
        return reverse(f"{self.admin_site.name}:articles_article_change", args=[obj.pk])

    def workflow_url(self, name, obj):
        return reverse(f"{self.admin_site.name}:articles_article_{name}", args=[obj.pk])

    # Pages

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/schedule/",
                wrap(self.schedule_view),
                name="articles_article_schedule",
            ),
            path(
                "<path:object_id>/send-back/",
                wrap(self.send_back_view),
                name="articles_article_send_back",
            ),
            path(
                "<path:object_id>/embargo/",
                wrap(self.embargo_view),
                name="articles_article_embargo",
            ),
            path(
                "<path:object_id>/kill/",
                wrap(self.kill_view),
                name="articles_article_kill",
            ),
            *super().get_urls(),
        ]

    def story_or_404(self, object_id):
        object_id = unquote(object_id)
        article = (
            Article.objects.filter(pk=object_id).first()
            if object_id.isdigit()
            else None
        )
        if article is None:
            raise Http404("No such story.")
        return article

    def workflow_page(self, request, article, form, title, button, warning=""):
        context = {
            "warning": warning,
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "subtitle": str(article),
            "form": form,
            "button": button,
            "change_url": self.change_url(article),
            "current_zone": timezone.get_current_timezone_name(),
        }
        return render(request, "admin/articles/article/workflow_form.html", context)

    def schedule_view(self, request, object_id):
        """“Schedule…”: choose the time; the story appears by itself then."""
        article = self.story_or_404(object_id)
        if not rules.can_publish(request.user):
            raise PermissionDenied
        if request.method == "POST":
            form = ScheduleForm(request.POST)
            if form.is_valid():
                try:
                    publishing.schedule(
                        article, request.user, form.cleaned_data["when"]
                    )
                except ValidationError as error:
                    form.add_error("when", error)
                else:
                    self.message_user(
                        request,
                        gettext("“{story}” is scheduled for {date}.").format(
                            story=article, date=local_datetime(article.published_at)
                        ),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(self.change_url(article))
        else:
            now = timezone.localtime()
            start = (
                article.published_at
                if article.published_at and article.published_at > now
                else (now + timedelta(hours=1)).replace(minute=0, second=0)
            )
            form = ScheduleForm(initial={"when": timezone.localtime(start)})
        return self.workflow_page(
            request, article, form, gettext("Schedule the story"), gettext("Schedule")
        )

    def send_back_view(self, request, object_id):
        """“Send back…”: the story returns to its reporter as a draft, with a note."""
        article = self.story_or_404(object_id)
        if not rules.can_send_back(request.user, article):
            raise PermissionDenied
        if request.method == "POST":
            form = SendBackForm(request.POST)
            if form.is_valid():
                publishing.send_back(article, request.user, form.cleaned_data["note"])
                self.message_user(
                    request,
                    gettext("“{story}” is back with its reporter as a draft.").format(
                        story=article
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse(f"{self.admin_site.name}:index"))
        else:
            form = SendBackForm()
        return self.workflow_page(
            request,
            article,
            form,
            gettext("Send the story back"),
            gettext("Send back to draft"),
        )

    def embargo_view(self, request, object_id):
        """“Embargo…”: partners get the story now, readers at the chosen second."""
        article = self.story_or_404(object_id)
        if not rules.can_embargo(request.user, article):
            raise PermissionDenied
        if request.method == "POST":
            form = EmbargoForm(request.POST)
            if form.is_valid():
                try:
                    publishing.embargo(
                        article, request.user, form.cleaned_data["until"]
                    )
                except ValidationError as error:
                    form.add_error("until", error)
                else:
                    self.message_user(
                        request,
                        gettext("“{story}” is embargoed until {date}.").format(
                            story=article, date=local_datetime(article.embargo_until)
                        ),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(self.change_url(article))
        else:
            now = timezone.localtime()
            start = (
                article.embargo_until
                if article.embargo_until and article.embargo_until > now
                else (now + timedelta(hours=1)).replace(minute=0, second=0)
            )
            form = EmbargoForm(
                initial={"until": timezone.localtime(start).replace(microsecond=0)}
            )
        return self.workflow_page(
            request, article, form, gettext("Embargo the story"), gettext("Embargo")
        )

    def kill_view(self, request, object_id):
        """“Kill story…”: a confirmation, with the note readers will see."""
        article = self.story_or_404(object_id)
        if not rules.can_kill(request.user, article):
            raise PermissionDenied
        if request.method == "POST":
            form = KillForm(request.POST)
            if form.is_valid():
                try:
                    publishing.kill(article, request.user, form.cleaned_data["note"])
                except ValidationError as error:
                    form.add_error("note", error)
                else:
                    self.message_user(
                        request,
                        gettext(
                            "“{story}” is killed: it is gone from the site and "
                            "partners are told to take it down."
                        ).format(story=article),
                        messages.WARNING,
                    )
                    return HttpResponseRedirect(self.change_url(article))
        else:
            form = KillForm()
        return self.workflow_page(
            request,
            article,
            form,
            gettext("Kill the story"),
            gettext("Kill story"),
            warning=gettext(
                "Killing withdraws the story from readers and partners at once: "
                "its address answers “410 Gone” with your note."
            ),
        )
