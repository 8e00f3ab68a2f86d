"""
The coverage's models, a module per noun; every model and helper is importable
from ``articles.models`` as before.
"""

import reversion
from taggit import models as taggit_models

from .article import (
    PERSON_LINKS,
    Article,
    ArticleQuerySet,
    ArticleSlug,
    default_language,
    involves,
    public_people,
    public_tags,
)
from .credits import Byline, Mention
from .live import LiveCoverage, LivePost, is_live, last_changed, live_coverage
from .notes import Note
from .photo import Photo
from .quote import Quote
from .search import SearchEntry
from .tags import CleanTagsManager, Tag, TaggedArticle, TaggedPhoto, tag_foreign_key

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleSlug",
    "Byline",
    "CleanTagsManager",
    "LiveCoverage",
    "LivePost",
    "Mention",
    "Note",
    "Photo",
    "Quote",
    "SearchEntry",
    "Tag",
    "TaggedArticle",
    "TaggedPhoto",
    "PERSON_LINKS",
    "default_language",
    "involves",
    "is_live",
    "last_changed",
    "live_coverage",
    "public_people",
    "public_tags",
    "tag_foreign_key",
]

# History: every admin save of a story records its bylines, people, quotes, notes
# and tags with it, so restoring an old version brings all of them back.
reversion.register(TaggedArticle, follow=["tag"])
reversion.register(TaggedPhoto, follow=["tag"])
for tag_model in (taggit_models.Tag, Tag):
    if not reversion.is_registered(tag_model):
        reversion.register(tag_model)
reversion.register(Byline)
reversion.register(Mention)
reversion.register(Quote)
reversion.register(Note)
# Live posts and coverage have histories of their own: a story's revision does
# not carry hundreds of posts, and restoring a story never undoes the live desk.
reversion.register(LiveCoverage)
reversion.register(LivePost)
reversion.register(
    Article,
    follow=["bylines", "mentions", "quotes", "notes", "taggedarticle_set"],
)
reversion.register(Photo, follow=["taggedphoto_set"])
