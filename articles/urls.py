from django.urls import path

from . import feeds, live_feeds, live_pages, views

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("stories/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path(
        "stories/<uslug:slug>/live/",
        live_pages.LiveUpdatesView.as_view(),
        name="live_updates",
    ),
    path(
        "stories/<uslug:slug>/live/atom/",
        live_feeds.LivePostsAtomFeed(),
        name="live_feed_atom",
    ),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote"),
    path("tags/<uslug:slug>/", views.TagDetailView.as_view(), name="tag"),
]

urlpatterns += [
    path("feeds/latest/rss/", feeds.LatestStoriesFeed(), name="feed_rss"),
    path("feeds/latest/atom/", feeds.LatestStoriesAtomFeed(), name="feed_atom"),
    path(
        "feeds/latest/<slug:language>/rss/",
        feeds.LanguageStoriesFeed(),
        name="language_feed_rss",
    ),
    path(
        "feeds/latest/<slug:language>/atom/",
        feeds.LanguageStoriesAtomFeed(),
        name="language_feed_atom",
    ),
    path("tags/<uslug:slug>/feed/rss/", feeds.TagStoriesFeed(), name="tag_feed_rss"),
    path(
        "tags/<uslug:slug>/feed/atom/",
        feeds.TagStoriesAtomFeed(),
        name="tag_feed_atom",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("quotes/", views.QuoteSearchView.as_view(), name="quote_search"),
]
