"""
schema.org JSON-LD for stories, people and breadcrumbs.

Each function returns a plain dict; templates render it with ``{% json_ld %}``
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


def person_json_ld(person, request):
    url = request.build_absolute_uri(person.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": url,
        "url": url,
        "name": person.name,
        "mainEntityOfPage": {"@type": "ProfilePage", "@id": url},
    }
    if person.alias_list:
        data["alternateName"] = person.alias_list
    if person.title:
        data["jobTitle"] = person.title
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    if person.bio:
        data["description"] = plain_text(person.bio)
    if person.portrait:
        data["image"] = request.build_absolute_uri(person.portrait.url)
    if person.is_staff:
        data["worksFor"] = {"@type": "Organization", "name": settings.SITE_NAME}
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


def person_breadcrumbs(person):
    return [
        (settings.SITE_NAME, reverse("articles:front")),
        (person.name, person.get_absolute_url()),
    ]


def tag_breadcrumbs(tag):
    return [
        (settings.SITE_NAME, reverse("articles:front")),
        (tag.name, reverse("articles:tag", kwargs={"slug": tag.slug})),
    ]
