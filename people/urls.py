from django.urls import path

from . import feeds, views

app_name = "people"

urlpatterns = [
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="detail"),
]

urlpatterns += [
    path("<slug:slug>/feed/rss/", feeds.PersonStoriesFeed(), name="feed_rss"),
    path("<slug:slug>/feed/atom/", feeds.PersonStoriesAtomFeed(), name="feed_atom"),
]
