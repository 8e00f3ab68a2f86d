"""
The site's admin: Django's, with the desk as its front page for staff and one
rule added for every changelist.

A changelist filter taken from the query string can be out of range for Python
or the database: ``?published_at__year=99999999999`` overflows ``datetime``
(``date_hierarchy``), ``?published_at__year=9999`` has no following year, and
``?id__gt=`` with twenty digits overflows SQLite's integers. Django answers the
filters it recognises as wrong with its “invalid lookup” notice (``?e=1``); these
escaped as a 500. ``NewsroomAdminSite`` gives them the same notice on every
changelist, whichever app registered it.
"""

import logging

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.db import DataError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

# What an out-of-range filter value raises while the changelist builds its query
# and counts its rows.
OUT_OF_RANGE = (OverflowError, ValueError, DataError)


class NewsroomAdminSite(admin.AdminSite):
    """Django's admin, with the desk on the front page for staff who see stories."""

    index_template = "admin/desk.html"

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        if request.user.has_perm("articles.view_article"):
            from articles.desk import desk_sections

            sections = desk_sections(request.user)
            changelist = reverse(f"{self.name}:articles_article_changelist")
            states = {"review": "review", "scheduled": "scheduled"}
            for section in sections:
                if section.key in states:
                    section.more_url = f"{changelist}?state={states[section.key]}"
            extra_context.update(
                desk=sections,
                can_add_story=request.user.has_perm("articles.add_article"),
                add_story_url=reverse(f"{self.name}:articles_article_add"),
                time_zone=timezone.get_current_timezone_name(),
            )
        return super().index(request, extra_context)

    def get_urls(self):
        return [
            path(
                "language/",
                self.admin_view(self.language_view),
                name="language",
            ),
            *super().get_urls(),
        ]

    def language_view(self, request):
        """The editor's admin language, from the form in the user tools."""
        # people.accounts builds on the admin (UserAdmin): imported once the
        # site exists.
        from people.accounts import set_admin_language

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        language = request.POST.get("language")
        if language in dict(settings.LANGUAGES):
            set_admin_language(request, language)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse(f"{self.name}:index")
        return HttpResponseRedirect(back)

    def admin_view(self, view, cacheable=False):
        if getattr(view, "__name__", "") == "changelist_view":
            view = out_of_range_filters_refused(view)
        return super().admin_view(view, cacheable)


def out_of_range_filters_refused(view):
    def changelist_view(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OUT_OF_RANGE as error:
            params = set(request.GET) - {ERROR_FLAG}
            if request.method != "GET" or not params:
                raise
            logger.info("Changelist filter out of range: %s (%s)", request.GET, error)
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

    changelist_view.__name__ = view.__name__
    changelist_view.__wrapped__ = view
    return changelist_view
