"""
Stories and photos as IPTC ninjs 2.2 documents (News in JSON, the format news
agencies exchange), for the read-only API (``articles/api.py``).

Each function takes an object loaded with ``story_documents()`` or
``photo_documents()`` prefetches and returns a plain dict that validates
against the official schema (``tests/data/ninjs-schema_2.2.json``). URIs are
permanent ``tag:`` URIs, the same a story has as its feed id; links are on the
configured site URL.
"""

import mimetypes

from django.db.models import Prefetch, Q

from common.links import absolute_url, tag_uri
from common.sanitize import plain_text, sanitize_html
from images.renditions import Rendition, renditions

from .language_versions import language_versions
from .models import Article, Byline, LivePost, Mention, Photo, Quote, live_coverage
from .structured_data import (
    article_language,
    article_photographers,
    attributed_organization,
)

NINJS_VERSION = "2.2"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
# ninjs relations for a story's credits, mentions and quotes.
BYLINE_RELS = {
    Byline.Role.AUTHOR: "author",
    Byline.Role.CONTRIBUTOR: "contributor",
    Byline.Role.PHOTOGRAPHER: "photographer",
    Byline.Role.TRANSLATOR: "translator",
    Byline.Role.EDITOR: "editor",
}


def standard():
    return {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA}


def person_uri(person):
    """How a person is identified in every document: their page on the site."""
    return absolute_url(person.get_absolute_url())


def person_entry(person, rel):
    return {
        "name": person.name,
        "rel": rel,
        "uri": person_uri(person),
        "literal": person.slug,
    }


def iso(value):
    return value.isoformat() if value else None


def version_time(obj):
    """When a story last changed as readers see it (its publication, if later)."""
    published = getattr(obj, "published_at", None)
    return max(obj.modified_at, published or obj.modified_at)


def subjects(tags):
    return [{"name": tag.name, "rel": "about", "literal": tag.slug} for tag in tags]


def story_documents(queryset=None):
    """Public stories with everything their documents need, in a fixed count."""
    queryset = Article.objects.published() if queryset is None else queryset
    return (
        queryset.for_listing()
        .select_related("live")
        .prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("person")),
            Prefetch("live_posts", queryset=LivePost.objects.for_page()),
            Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("speaker").order_by("position"),
            ),
        )
    )


def photo_documents():
    """Photos a reader can see (the lead photo of a public story), newest first."""
    return (
        Photo.objects.filter(lead_for__in=Article.objects.published())
        .distinct()
        .select_related("photographer")
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")
    )


def photo_renditions(photo):
    """
    The original and every resized copy the site serves (``images.renditions``),
    widest first, so a partner can pick the size it needs without resizing.
    """
    if not photo.image:
        return []
    original = {
        "name": "original",
        "href": absolute_url(photo.image.url),
        "contenttype": mimetypes.guess_type(photo.image.name)[0] or "image/jpeg",
    }
    if photo.width and photo.height:
        original["width"] = photo.width
        original["height"] = photo.height
    resized = [
        {
            "name": f"w{width}",
            "href": absolute_url(url),
            "contenttype": f"image/{Rendition.format.lower()}",
            "width": width,
            "height": height,
        }
        for url, width, height in reversed(renditions(photo))
    ]
    return [original, *resized]


def photo_ninjs(photo, photographers=(), tags=()):
    """
    A photo as a ninjs ``picture``: caption, alt text, credit, photographer
    (the photo's own, else the story's photographer bylines given).
    """
    photographers = (
        [photo.photographer] if photo.photographer_id else list(photographers or [])
    )
    document = {
        "uri": tag_uri("photo", photo),
        "standard": standard(),
        "type": "picture",
        "representationtype": "full",
        "firstcreated": iso(photo.created_at),
        "versioncreated": iso(photo.modified_at),
        "pubstatus": "usable",
        "renditions": photo_renditions(photo),
    }
    descriptions = [
        {"role": role, "contenttype": "text/plain", "value": text}
        for role, text in (("caption", photo.caption), ("alternative", photo.alt_text))
        if text
    ]
    if descriptions:
        document["descriptions"] = descriptions
    credit = photo.credit or ", ".join(p.name for p in photographers)
    if credit:
        document["by"] = credit
        document["copyrightholder"] = photo.credit or credit
    if photographers:
        document["people"] = [person_entry(p, "photographer") for p in photographers]
    if tags:
        document["subjects"] = subjects(tags)
    return document


def quote_association(quote, position):
    """A quote as an associated ninjs ``text``: who said what, and when."""
    document = {
        "name": f"quote-{position}",
        "uri": absolute_url(quote.get_absolute_url()),
        "type": "text",
        "bodies": [{"role": "quote", "contenttype": "text/plain", "value": quote.text}],
        "people": [person_entry(quote.speaker, "speaker")],
    }
    if quote.speaker_title:
        document["descriptions"] = [
            {
                "role": "speaker-title",
                "contenttype": "text/plain",
                "value": quote.speaker_title,
            }
        ]
    if quote.date:
        document["contentcreated"] = f"{quote.date.isoformat()}T00:00:00Z"
    document["genres"] = [{"name": quote.get_kind_display(), "literal": quote.kind}]
    return document


def story_ninjs(article):
    """A public story as a ninjs ``text`` item with its people, photo and quotes."""
    url = absolute_url(article.get_absolute_url())
    bylines = list(article.bylines.all())
    authors = [b.person for b in bylines if b.role == Byline.Role.AUTHOR]
    document = {
        "uri": tag_uri("story", article),
        "standard": standard(),
        "type": "text",
        "representationtype": "full",
        "profile": "newsroom-story",
        "firstcreated": iso(article.published_at),
        "versioncreated": iso(version_time(article)),
        "pubstatus": "usable",
        "language": article_language(article),
        "slugline": article.slug,
        "headlines": [
            {"role": "main", "contenttype": "text/plain", "value": article.headline}
        ],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": sanitize_html(article.body),
                "wordcount": len(plain_text(article.body).split()),
            }
        ],
        "altids": [{"role": "url", "value": url}],
    }
    if article.deck:
        document["descriptions"] = [
            {"role": "summary", "contenttype": "text/plain", "value": article.deck}
        ]
    if authors:
        document["by"] = ", ".join(p.name for p in authors)
    else:
        document["by"] = attributed_organization(article)["name"]
    if article.dateline:
        document["located"] = article.dateline
    if article.source:
        document["infosources"] = [{"name": article.source, "role": "source"}]
    people = [person_entry(b.person, BYLINE_RELS.get(b.role, b.role)) for b in bylines]
    people += [person_entry(m.person, "mentioned") for m in article.mentions.all()]
    quotes = list(article.quotes.all())
    people += [person_entry(q.speaker, "quoted") for q in quotes]
    if people:
        document["people"] = people
    tags = list(article.tags.all())
    if tags:
        document["subjects"] = subjects(tags)
    associations = []
    photo = article.lead_photo if article.lead_photo_id else None
    if photo is not None and photo.image:
        picture = photo_ninjs(photo, photographers=article_photographers(article))
        associations.append({"name": "featureimage", **picture})
    associations += [
        quote_association(quote, position)
        for position, quote in enumerate(quotes, start=1)
    ]
    associations += version_associations(article)
    coverage = live_coverage(article)
    if coverage is not None:
        document["genres"] = [{"name": "Live coverage", "literal": "live"}]
        associations += [
            live_post_association(article, post) for post in article.live_posts.all()
        ]
    if associations:
        document["associations"] = associations
    return {key: value for key, value in document.items() if value is not None}


def partner_documents(queryset=None):
    """
    What partners may receive (``for_partners()``: public, embargoed, and
    killed stories they had) with everything ``partner_story`` needs.
    """
    queryset = Article.objects.for_partners() if queryset is None else queryset
    return story_documents(queryset)


def partner_story(article):
    """
    A story as a partner receives it: the public document (``story_ninjs``),
    with ``embargoed`` (the time before which it must not be shown) while its
    embargo is to come, and, once killed, ``pubstatus: canceled`` with only
    what identifies it and the editor's note: a partner must take it down,
    not show it.
    """
    if article.status == Article.Status.KILLED:
        document = {
            "uri": tag_uri("story", article),
            "standard": standard(),
            "type": "text",
            "representationtype": "partial",
            "profile": "newsroom-story",
            "firstcreated": iso(article.published_at),
            "versioncreated": iso(max(article.modified_at, article.killed_at)),
            "pubstatus": "canceled",
            "language": article_language(article),
            "slugline": article.slug,
            "headlines": [
                {
                    "role": "main",
                    "contenttype": "text/plain",
                    "value": article.headline,
                }
            ],
            "altids": [
                {"role": "url", "value": absolute_url(article.get_absolute_url())}
            ],
        }
        if article.kill_note:
            document["descriptions"] = [
                {
                    "role": "kill-note",
                    "contenttype": "text/plain",
                    "value": article.kill_note,
                }
            ]
        return document
    document = story_ninjs(article)
    if article.is_embargoed:
        document["embargoed"] = iso(article.embargo_until)
    return document


def live_post_association(article, post):
    """
    A post of a live story as an associated ninjs ``text``, newest first:
    ``live-post-<id>``, its HTML, author and times; a key event has the
    ``newsroom-key-event`` profile.
    """
    url = absolute_url(article.get_absolute_url())
    document = {
        "name": f"live-post-{post.pk}",
        "uri": f"{tag_uri('story', article)}:post:{post.pk}",
        "type": "text",
        "profile": "newsroom-key-event" if post.pinned else "newsroom-live-post",
        "firstcreated": iso(post.posted_at),
        "versioncreated": iso(max(post.modified_at, post.posted_at)),
        "language": article_language(article),
        "by": post.author.name,
        "people": [person_entry(post.author, "author")],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": sanitize_html(post.body),
                "wordcount": len(plain_text(post.body).split()),
            }
        ],
        "altids": [{"role": "url", "value": f"{url}#{post.anchor}"}],
    }
    if post.headline:
        document["headlines"] = [
            {"role": "main", "contenttype": "text/plain", "value": post.headline}
        ]
    if post.embed_url:
        document["altids"].append({"role": "embed", "value": post.embed_url})
    return document


def version_associations(article):
    """
    The story's other public language versions as associated ninjs items:
    ``translation-of`` for its source, ``translation-<language>`` for each
    translation of it (or, on a translation, of the same source), each with its
    ``language``, permanent ``uri`` and address.
    """
    associations = []
    for version in language_versions(article):
        other = version.article
        if other.pk == article.pk:
            continue
        name = (
            "translation-of" if version.is_source else f"translation-{other.language}"
        )
        associations.append(
            {
                "name": name,
                "uri": tag_uri("story", other),
                "type": "text",
                "language": other.language,
                "altids": [{"role": "url", "value": version.url}],
            }
        )
    return associations


def changed_since(queryset, since):
    """Stories changed, or made public, after ``since`` (for syncing clients)."""
    return queryset.filter(Q(modified_at__gt=since) | Q(published_at__gt=since))


def in_language(queryset, language):
    """Stories in ``language`` (a BCP 47 code such as “en” or “km”)."""
    return queryset.filter(language=language)
