from django.urls import path

from . import feeds, views

app_name = "people"

urlpatterns = [
    path("<uslug:slug>/", views.PersonDetailView.as_view(), name="detail"),
]

urlpatterns += [
    path("<uslug:slug>/feed/rss/", feeds.PersonStoriesFeed(), name="feed_rss"),
    path("<uslug:slug>/feed/atom/", feeds.PersonStoriesAtomFeed(), name="feed_atom"),
]
