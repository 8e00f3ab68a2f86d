"""
schema.org JSON-LD and page metadata for stories, tags and breadcrumbs (people
have theirs in ``people.structured_data``).

Each function returns plain data; views hand it to the page, and templates render
it with ``{% page_meta %}`` and ``{% structured_data %}``
(``articles/templatetags/seo.py``), which escapes it for a ``<script>`` element.
URLs are absolute, built from the request.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from .models import Byline, Note
from .sanitize import plain_text

# Bylines that make someone an author of the story, not only a contributor to it.
AUTHOR_ROLES = (Byline.Role.AUTHOR, Byline.Role.CONTRIBUTOR)
PUBLISHER_LOGO = "articles/publisher-logo.png"


def article_authors(article):
    """The people credited as writing a story, in byline order (uses a prefetch)."""
    bylines = article.bylines.all()
    authors = [b.person for b in bylines if b.role in AUTHOR_ROLES]
    return authors or [b.person for b in bylines]


def article_language(article):
    """The story's language as a BCP 47 code (``Article.language``: “en”, “km”)."""
    return article.language


def publisher(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("articles:front")),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(PUBLISHER_LOGO)),
        },
    }


def person_reference(person, request):
    return {
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }


def image_object(photo, request):
    data = {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(photo.image.url),
        "contentUrl": request.build_absolute_uri(photo.image.url),
        "caption": photo.caption,
        "creditText": photo.credit,
        "description": photo.alt_text,
    }
    if photo.width and photo.height:
        data["width"] = photo.width
        data["height"] = photo.height
    return data


def article_json_ld(article, request):
    """A ``NewsArticle`` for a story: works from the prefetches of ``for_listing``."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.headline,
        "description": plain_text(article.deck),
        "inLanguage": article_language(article),
        "author": [person_reference(p, request) for p in article_authors(article)],
        "publisher": publisher(request),
        "keywords": [tag.name for tag in article.tags.all()],
    }
    # A draft seen in preview has no publication date yet.
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
        modified = article.updated_at or article.published_at
        data["dateModified"] = modified.isoformat()
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.lead_photo_id and article.lead_photo.image:
        data["image"] = image_object(article.lead_photo, request)
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": note.noted_at.isoformat(),
        }
        for note in article.notes.all()
        if note.kind == Note.Kind.CORRECTION
    ]
    if corrections:
        data["correction"] = corrections
    return data


def breadcrumbs_json_ld(crumbs, request):
    """A ``BreadcrumbList`` from ``(name, path)`` pairs, the home page first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def article_breadcrumbs(article):
    """Home › first tag › story."""
    crumbs = [(settings.SITE_NAME, reverse("articles:front"))]
    tags = list(article.tags.all())
    if tags:
        crumbs.append(
            (tags[0].name, reverse("articles:tag", kwargs={"slug": tags[0].slug}))
        )
    crumbs.append((article.headline, article.get_absolute_url()))
    return crumbs


def tag_breadcrumbs(tag):
    return [
        (settings.SITE_NAME, reverse("articles:front")),
        (tag.name, reverse("articles:tag", kwargs={"slug": tag.slug})),
    ]


def absolute(request, path):
    return request.build_absolute_uri(path)


def article_page_meta(article, request):
    """What a story page tells sharing sites and search engines about itself."""
    meta = {
        "canonical": absolute(request, article.get_absolute_url()),
        "og_type": "article",
        # Share cards may carry their own headline and description.
        "title": article.social_headline or article.headline,
        "description": article.social_description
        or plain_text(article.deck)
        or article.headline,
        "article": {
            "published_time": article.published_at,
            "modified_time": article.updated_at or article.published_at,
            "tags": [t.name for t in article.tags.all()],
            "authors": [
                absolute(request, p.get_absolute_url())
                for p in article_authors(article)
            ],
        },
    }
    photo = article.lead_photo if article.lead_photo_id else None
    if photo is not None and photo.image:
        meta["image"] = absolute(request, photo.image.url)
        meta["image_alt"] = photo.alt_text
    return meta


def article_page_json_ld(article, request):
    return [
        article_json_ld(article, request),
        breadcrumbs_json_ld(article_breadcrumbs(article), request),
    ]


def tag_page_meta(tag):
    return {
        "title": tag.name,
        "description": f"Stories tagged “{tag.name}” from {settings.SITE_NAME}.",
    }


def tag_page_json_ld(tag, request):
    return [breadcrumbs_json_ld(tag_breadcrumbs(tag), request)]
