"""
A story's language versions as readers may see them: the story a translation
was made from (its source, ``Article.translation_of``) and the translations of
that source, each in its own language.

Every reader surface asks here: the story page's language switch and
``hreflang`` links, the sitemap's alternates, JSON-LD, ninjs and the feeds. So
they agree, and a partner that is a draft, scheduled or unpublished is on none
of them: the versions start from ``Article.objects.published()``.

``prefetch_language_versions()`` reads the versions of a whole list of stories
in one query; ``language_versions()`` of a story prefetched that way costs none.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from django.db.models import Q

from common.links import absolute_url
from pagecache.keys import keys_for

from .models import Article

# What a version needs to be linked: its address, language and family.
VERSION_FIELDS = ("slug", "language", "translation_of", "created_at")


@cache
def language_name(code):
    """A language in its own words (“ខ្មែរ”, “English”), from CLDR through Babel."""
    try:
        name = Locale.parse(code).display_name
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code


def source_id(article):
    """The pk of the story a family of versions is made from."""
    return article.translation_of_id or article.pk


@dataclass(frozen=True)
class LanguageVersion:
    """One public version of a story, as a link to it."""

    article: Article
    #: The story the others were translated from.
    is_source: bool

    @property
    def language(self):
        return self.article.language

    @property
    def name(self):
        return language_name(self.article.language)

    @property
    def url(self):
        return absolute_url(self.article.get_absolute_url())

    def cache_keys(self):
        return keys_for(self.article)


def _versions_of(family, root):
    """One public version per language, the source first in its language."""
    chosen = {}
    # The source, then the oldest translation: the same choice on every page
    # of the family, so each names the same set.
    for version in sorted(family, key=lambda a: (a.pk != root, a.pk)):
        chosen.setdefault(version.language, version)
    return [
        LanguageVersion(article=version, is_source=version.pk == root)
        for version in chosen.values()
    ]


def prefetch_language_versions(articles):
    """Read the public language versions of every story in ``articles``, at once."""
    articles = [a for a in articles if "_language_versions" not in a.__dict__]
    roots = {source_id(a) for a in articles}
    if not roots:
        return
    family = defaultdict(list)
    # The translations by primary key through a subquery: with a plain
    # ``translation_of__in`` beside ``pk__in``, SQLite walks every public
    # story by the status index (tens of ms at 20,000) instead of two index
    # look-ups.
    translations = Article.objects.filter(translation_of__in=roots).values("pk")
    for version in (
        Article.objects.published()
        .filter(Q(pk__in=roots) | Q(pk__in=translations))
        .only(*VERSION_FIELDS)
        .order_by()
    ):
        family[source_id(version)].append(version)
    for article in articles:
        root = source_id(article)
        article.__dict__["_language_versions"] = _versions_of(family[root], root)


def language_versions(article):
    """
    Every public version of ``article``'s story, itself included when public,
    the source first: ``[LanguageVersion]``. Empty when there is no other.
    """
    if "_language_versions" not in article.__dict__:
        prefetch_language_versions([article])
    versions = article.__dict__["_language_versions"]
    if not any(v.article.pk != article.pk for v in versions):
        return []
    return versions


def other_versions(article):
    """The public versions of ``article``'s story in languages other than its own."""
    return [
        v
        for v in language_versions(article)
        if v.article.pk != article.pk and v.language != article.language
    ]


def hreflang_alternates(article):
    """
    ``[{"hreflang", "href"}]`` for every public version of a public story,
    itself included, then ``x-default`` for the source: the same set on each
    version, so the links are reciprocal. Empty for a story alone in its
    language or not public.
    """
    versions = language_versions(article)
    if not article.is_public or not any(v.article.pk == article.pk for v in versions):
        return []
    links = [{"hreflang": v.language, "href": v.url} for v in versions]
    links += [{"hreflang": "x-default", "href": v.url} for v in versions if v.is_source]
    return links
