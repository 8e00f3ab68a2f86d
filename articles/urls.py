from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("stories/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
]
