from django.conf import settings
from django.shortcuts import get_object_or_404

from articles.feeds import AtomMixin, StoryFeed
from common.links import absolute_url

from .models import Person


class PersonStoriesFeed(StoryFeed):
    """Stories a person wrote, appears in or is quoted in."""

    def get_object(self, request, slug):
        # Someone known only from drafts has no public feed.
        return get_object_or_404(Person.objects.public(), slug=slug)

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
