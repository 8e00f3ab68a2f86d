"""The newsroom's admin site: its front page is the desk."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone


class NewsroomAdminSite(admin.AdminSite):
    """Django's admin, with the desk on the front page for staff who edit stories."""

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
