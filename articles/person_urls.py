"""
People's pages and feeds, at /people/ (``newsroom/urls.py``). The namespace
stays ``people``: the pages are about a person, built from the coverage.
"""

from django.urls import path

from . import person_feeds, person_pages

app_name = "people"

urlpatterns = [
    path("<uslug:slug>/", person_pages.PersonDetailView.as_view(), name="detail"),
]

urlpatterns += [
    path("<uslug:slug>/feed/rss/", person_feeds.PersonStoriesFeed(), name="feed_rss"),
    path(
        "<uslug:slug>/feed/atom/",
        person_feeds.PersonStoriesAtomFeed(),
        name="feed_atom",
    ),
]
