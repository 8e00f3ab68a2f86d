import pytest
from django.db import OperationalError

from articles.views import ArticleDetailView, FrontPageView


@pytest.mark.parametrize("view", [FrontPageView, ArticleDetailView])
def test_database_outage_answers_503_with_retry_after(client, monkeypatch, view):
    """Readers get the site's 503 page, and caches are told to come back later."""

    def unreachable(self, *args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(view, "get_queryset", unreachable)
    url = "/" if view is FrontPageView else "/stories/any-story/"
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    content = response.content.decode()
    assert "cannot reach its database" in content
    assert "Connection refused" not in content


def test_other_errors_still_raise(client, monkeypatch):
    """Only database outages become 503; a bug stays a 500 with its traceback logged."""

    def broken(self, *args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(FrontPageView, "get_queryset", broken)
    with pytest.raises(ValueError):
        client.get("/")
