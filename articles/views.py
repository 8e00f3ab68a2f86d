from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Article, Quote


class PublicArticleMixin:
    """Every public view of stories starts from the one answer to “is it public?”."""

    def get_queryset(self):
        return Article.objects.published()


class FrontPageView(PublicArticleMixin, ListView):
    template_name = "articles/article_list.html"
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().for_listing()


class ArticleDetailView(PublicArticleMixin, DetailView):
    def get_queryset(self):
        return super().get_queryset().for_listing()


class TagDetailView(PublicArticleMixin, ListView):
    template_name = "articles/tag_detail.html"
    paginate_by = 20

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class QuoteDetailView(DetailView):
    def get_queryset(self):
        return Quote.objects.filter(
            article__in=Article.objects.published()
        ).select_related("speaker", "article")
