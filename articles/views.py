from django import forms
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from common.links import absolute_url
from common.pagination import NewerOlderPaginator
from pagecache.keys import shows

from . import structured_data as ld
from .cache_keys import FRONT, tag_key, tag_list_key
from .language_versions import other_versions
from .live_pages import live_page, poll_seconds
from .models import (
    Article,
    ArticleSlug,
    Byline,
    Mention,
    Note,
    Quote,
    TaggedArticle,
    live_coverage,
    public_tags,
)
from .related import related_articles
from .search import search

# What a story page shows beyond a card's lead photo, bylines and tags.
LISTING_CONTENT = (
    "tags",
    Prefetch("bylines", queryset=Byline.objects.select_related("person")),
)
PAGE_CONTENT = (
    # People by name, with how this story described each.
    Prefetch(
        "mentions",
        queryset=Mention.objects.select_related("person").order_by(
            "person__name", "pk"
        ),
    ),
    Prefetch(
        "quotes",
        queryset=Quote.objects.filter(is_pull_quote=True).select_related("speaker"),
        to_attr="pull_quotes",
    ),
    "notes",
)


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


def content_time(articles):
    """
    When the newest of ``articles`` last changed as readers see it: its last
    save, or its publication if that came later (a scheduled story).
    """
    return max(
        (max(a.modified_at, a.published_at or a.modified_at) for a in articles),
        default=None,
    )


class LastModifiedMixin:
    """
    ``Last-Modified`` is the content's own time, not when the page was made,
    so conditional requests and crawlers see when the story really changed.
    """

    def last_modified(self, context):
        if "page_obj" in context:
            return content_time(context["page_obj"].object_list)
        return content_time([self.object])

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        modified = self.last_modified(context)
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response


class FrontPageView(LastModifiedMixin, PublicArticleMixin, ListView):
    """The top story and the latest ones; later pages are the archive."""

    template_name = "articles/article_list.html"
    paginate_by = 20
    paginator_class = NewerOlderPaginator
    page_cache_params = ("page",)

    def get_queryset(self):
        # Cards never show the body, the largest column.
        return super().get_queryset().select_related("lead_photo", "live").defer("body")

    def get_context_data(self, **kwargs):
        shows(FRONT)
        context = super().get_context_data(**kwargs)
        prefetch_on_first_use(context["object_list"])
        return context


class ArticleDetailView(LastModifiedMixin, PublicArticleMixin, DetailView):
    """
    A story. Its parts are fragments (``pagecache.fragments``): what they need
    is read only when one of them has to be rendered, so a page whose
    fragments are all current costs one query.
    """

    page_cache_params = ()

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            # The photographer is in the photo's credit and JSON-LD.
            .select_related("lead_photo__photographer", "live")
            # Whether the story has each part at all, in the same query: the
            # page reads none that is empty (most stories have no notes, pull
            # quote or translations).
            .annotate(
                page_has_mentions=Exists(
                    Mention.objects.filter(article=OuterRef("pk"))
                ),
                page_has_notes=Exists(Note.objects.filter(article=OuterRef("pk"))),
                page_has_pull_quote=Exists(
                    Quote.objects.filter(article=OuterRef("pk"), is_pull_quote=True)
                ),
                page_has_translations=Exists(
                    Article.objects.filter(translation_of=OuterRef("pk"))
                ),
            )
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            killed = killed_story(kwargs.get("slug"))
            if killed is not None:
                return killed_response(request, killed)
            # A slug the story had before answers with a permanent redirect.
            moved = (
                ArticleSlug.objects.filter(
                    slug=kwargs.get("slug"),
                    article__in=self.public_articles(),
                )
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())

    def render_to_response(self, context, **kwargs):
        # The page's chrome speaks the story's language; LanguageMiddleware
        # puts the site's back when the request ends.
        translation.activate(self.object.language)
        return super().render_to_response(context, **kwargs)

    def last_modified(self, context):
        # A live story changes with every post, which leaves the story's own
        # times as they were.
        modified = super().last_modified(context)
        coverage = live_coverage(self.object)
        if coverage is None or modified is None:
            return modified
        return max(modified, coverage.updated_at)

    @staticmethod
    def with_page_content(queryset):
        """Everything the story page shows, in a fixed number of queries."""
        return (
            queryset.for_listing()
            .select_related("live")
            .prefetch_related(*PAGE_CONTENT)
        )

    def get_context_data(self, **kwargs):
        article = self.object
        shows(article)

        skip_empty_parts(article)

        def content():
            prefetch_related_objects([article], *LISTING_CONTENT, *PAGE_CONTENT)
            return article

        # Read once, by whichever fragment needs it first.
        live = SimpleLazyObject(lambda: live_page(article))

        return super().get_context_data(
            # Read only when the fragments that show them are rendered.
            page_meta=SimpleLazyObject(lambda: ld.article_page_meta(content())),
            json_ld=SimpleLazyObject(
                lambda: ld.article_page_json_ld(content(), live=live)
            ),
            bylines=SimpleLazyObject(lambda: list(content().bylines.all())),
            tags=SimpleLazyObject(
                lambda: sorted(content().tags.all(), key=lambda tag: tag.name.lower())
            ),
            # As the story described them; their current title only when the
            # story said nothing.
            people=SimpleLazyObject(
                lambda: [
                    (mention.person, mention.description)
                    for mention in content().mentions.all()
                ]
            ),
            pull_quote=SimpleLazyObject(
                lambda: next(iter(content().pull_quotes), None)
            ),
            related=SimpleLazyObject(lambda: related_articles(article)),
            # The same story in the other languages readers may read it in.
            translations=SimpleLazyObject(lambda: other_versions(article)),
            # Coverage and posts of a live story, newest first.
            live=live,
            live_poll_seconds=poll_seconds(),
            **kwargs,
        )


def killed_story(slug):
    """The killed story at ``slug`` (its own, or one it had before), or None."""
    return (
        Article.objects.killed()
        .filter(Q(slug=slug) | Q(old_slugs__slug=slug))
        .only("pk", "slug", "language", "status", "killed_at", "kill_note")
        .first()
    )


def killed_response(request, story):
    """
    410 Gone with the editor's note: the story was withdrawn, not mislaid.
    Only the note and the date show, never the story's text or headline,
    which may be why it was killed.
    """
    shows(story)
    # The page's chrome speaks the story's language, as the story page did.
    translation.activate(story.language)
    response = TemplateResponse(
        request,
        "articles/article_killed.html",
        {"killed_at": story.killed_at, "kill_note": story.kill_note},
        status=410,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def skip_empty_parts(article):
    """
    Mark the parts ``ArticleDetailView.get_queryset`` found empty as read, so
    neither the prefetch nor the language versions query for them.
    """
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    if not getattr(article, "page_has_mentions", True):
        cache.setdefault("mentions", Mention.objects.none())
    if not getattr(article, "page_has_notes", True):
        cache.setdefault("notes", Note.objects.none())
    if not getattr(article, "page_has_pull_quote", True):
        article.__dict__.setdefault("pull_quotes", [])
    if (
        not getattr(article, "page_has_translations", True)
        and article.translation_of_id is None
    ):
        # Alone in its family: no other version to link.
        article.__dict__.setdefault("_language_versions", [])


class TagDetailView(LastModifiedMixin, PublicArticleMixin, ListView):
    """The public stories carrying a tag; a tag without any is a 404."""

    template_name = "articles/tag_detail.html"
    paginate_by = 20
    paginator_class = NewerOlderPaginator
    page_cache_params = ("page",)

    # A tag on more stories than this is “common”: see get_queryset().
    COMMON_TAG_STORIES = 1000

    def get_queryset(self):
        tagged = TaggedArticle.objects.filter(tag=OuterRef("pk"))
        self.tag = get_object_or_404(
            # Whether the tag is common, read from the (tag, story) index: a
            # story at that position or nothing.
            public_tags().annotate(
                common=Subquery(
                    tagged.order_by().values("pk")[
                        self.COMMON_TAG_STORIES : self.COMMON_TAG_STORIES + 1
                    ]
                )
            ),
            slug=self.kwargs["slug"],
        )
        stories = super().get_queryset()
        if self.tag.common:
            # Common tag: walk the public stories newest first and keep those
            # carrying it; a page is found after a few dozen. Reading all of
            # the tag's stories to sort them would grow with the archive.
            stories = stories.filter(
                Exists(
                    TaggedArticle.objects.filter(
                        tag=self.tag, content_object=OuterRef("pk")
                    )
                )
            )
        else:
            # Rare tag: start from its few stories.
            stories = stories.filter(tags=self.tag)
        return stories.select_related("lead_photo", "live").defer("body")

    def get_context_data(self, **kwargs):
        shows(tag_key(self.tag.pk), tag_list_key(self.tag.pk))
        context = super().get_context_data(
            tag=self.tag,
            page_meta=ld.tag_page_meta(self.tag),
            json_ld=ld.tag_page_json_ld(self.tag),
            **kwargs,
        )
        prefetch_on_first_use(context["object_list"])
        # Checked on the first page rather than with allow_empty, which would
        # cost an extra query (later pages past the end are already a 404).
        if not context["page_obj"].object_list:
            raise Http404("No public story carries this tag.")
        return context


class QuoteDetailView(PublicArticleMixin, DetailView):
    """A quote's own page; only quotes from public stories have one."""

    page_cache_params = ()

    def get_context_data(self, **kwargs):
        shows(self.object, self.object.speaker)
        url = absolute_url(self.object.get_absolute_url())
        return super().get_context_data(page_meta={"canonical": url}, **kwargs)

    def get_queryset(self):
        return Quote.objects.filter(article__in=self.public_articles()).select_related(
            "speaker", "article"
        )


class RobotsView(TemplateView):
    """robots.txt, naming the sitemaps with absolute URLs as crawlers want."""

    template_name = "robots.txt"
    page_cache_params = ()
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sitemap_url=absolute_url(reverse("sitemap")),
            news_sitemap_url=absolute_url(reverse("news-sitemap")),
            **kwargs,
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search stories"), max_length=200, required=False)


class SearchView(ListView):
    """Ranked full-text search over public stories, with highlighted snippets."""

    template_name = "articles/search.html"
    paginate_by = 10
    page_cache_params = ("q", "page")
    context_object_name = "hits"

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        self.query = query.strip()
        return search(self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, query=self.query, **kwargs)


class QuoteSearchForm(forms.Form):
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)
    words = forms.CharField(label=_("Words"), max_length=200, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("“From” must not be after “To”."))
        return cleaned


class QuoteSearchView(ListView):
    """Who said what: quotes from public stories by speaker, words and date."""

    template_name = "articles/quote_search.html"
    paginate_by = 20
    page_cache_params = ("speaker", "words", "start", "end", "page")
    context_object_name = "quotes"

    def get_queryset(self):
        quotes = (
            Quote.objects.filter(article__in=Article.objects.published())
            .select_related("speaker", "article")
            .dated()
            .order_by("-day", "article_id", "position", "pk")
        )
        self.form = QuoteSearchForm(self.request.GET or None)
        if self.form.is_bound and self.form.is_valid():
            data = self.form.cleaned_data
            if data["speaker"]:
                name = data["speaker"].strip()
                quotes = quotes.filter(
                    Q(speaker__name__icontains=name)
                    | Q(speaker__aliases__icontains=name)
                )
            for word in data["words"].split():
                quotes = quotes.filter(text__icontains=word)
            if data["start"]:
                quotes = quotes.filter(day__gte=data["start"])
            if data["end"]:
                quotes = quotes.filter(day__lte=data["end"])
        elif self.form.is_bound:
            quotes = quotes.none()
        return quotes

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


def prefetch_on_first_use(articles):
    """
    Let the first story card that has to be rendered fetch the bylines of
    every card on the page in one query; when every card is a current
    fragment, none are fetched.
    """
    articles = list(articles)
    for article in articles:
        article.listing = articles
