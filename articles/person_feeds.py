from django.conf import settings
from django.shortcuts import get_object_or_404

from common.links import absolute_url

from .feeds import AtomMixin, StoryFeed
from .models import public_people


class PersonStoriesFeed(StoryFeed):
    """Stories a person is in: wrote, appears in, is quoted in or photographed."""

    def get_object(self, request, slug):
        # Someone known only from drafts has no public feed.
        return get_object_or_404(public_people(), slug=slug)

    def stories(self, obj):
        return super().stories(obj).involving(obj)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def description(self, obj):
        return f"Stories by or about {obj.name} from {settings.SITE_NAME}."


class PersonStoriesAtomFeed(AtomMixin, PersonStoriesFeed):
    pass
