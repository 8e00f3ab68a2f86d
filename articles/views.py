from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from people.models import Person

from .models import Article, Quote
from .related import related_articles


class PublicArticleMixin:
    """
    Every public view of stories starts from the one answer to “is it public?”.

    Views about something else (a person, a quote) build their story lists from
    ``public_articles()`` too.
    """

    def public_articles(self):
        return Article.objects.published()

    def get_queryset(self):
        return self.public_articles()


class FrontPageView(PublicArticleMixin, ListView):
    """The top story and the latest ones; later pages are the archive."""

    template_name = "articles/article_list.html"
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().for_listing()


class ArticleDetailView(PublicArticleMixin, DetailView):
    def get_queryset(self):
        return self.with_page_content(super().get_queryset())

    @staticmethod
    def with_page_content(queryset):
        """Everything the story page shows, in a fixed number of queries."""
        return queryset.for_listing().prefetch_related(
            Prefetch("people", queryset=Person.objects.order_by("name")),
            Prefetch(
                "quotes",
                queryset=Quote.objects.filter(is_pull_quote=True).select_related(
                    "speaker"
                ),
                to_attr="pull_quotes",
            ),
            "notes",
        )

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            bylines=list(article.bylines.all()),
            tags=sorted(article.tags.all(), key=lambda tag: tag.name.lower()),
            people=list(article.people.all()),
            pull_quote=next(iter(article.pull_quotes), None),
            related=related_articles(article),
            **kwargs,
        )


class TagDetailView(PublicArticleMixin, ListView):
    """The public stories carrying a tag; a tag without any is a 404."""

    template_name = "articles/tag_detail.html"
    paginate_by = 20

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        # Checked on the paginator's count rather than with allow_empty, which
        # would cost an extra query.
        if not context["paginator"].count:
            raise Http404("No public story carries this tag.")
        return context


class QuoteDetailView(PublicArticleMixin, DetailView):
    """A quote's own page; only quotes from public stories have one."""

    def get_queryset(self):
        return Quote.objects.filter(article__in=self.public_articles()).select_related(
            "speaker", "article"
        )
