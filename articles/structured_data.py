"""
schema.org JSON-LD and page metadata for stories, tags and breadcrumbs (people
have theirs in ``articles.person_structured_data``).

Each function returns plain data; views hand it to the page, and templates render
it with ``{% page_meta %}`` and ``{% structured_data %}``
(``articles/templatetags/seo.py``), which escapes it for a ``<script>`` element.
URLs are absolute, on the configured site URL (``common.links``).
"""

import mimetypes

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from common.links import absolute_url
from common.sanitize import plain_text
from images.renditions import preview_crops
from images.share_images import ShareImage, share_image

from .language_versions import hreflang_alternates, language_versions, source_id
from .models import Byline, Note

PUBLISHER_LOGO = "articles/publisher-logo.png"
PUBLISHER_LOGO_SIZE = (600, 60)
# schema.org properties of a CreativeWork for the credits that are not authors;
# photographers are credited on the image itself (see ``image_object``).
CREDIT_PROPERTIES = {
    Byline.Role.CONTRIBUTOR: "contributor",
    Byline.Role.TRANSLATOR: "translator",
    Byline.Role.EDITOR: "editor",
}
# og:locale wants a territory; a story's language alone does not say one.
OG_LOCALES = {"en": "en_US", "km": "km_KH"}


def credited(article, role):
    """The people credited on a story in ``role``, in byline order (uses a prefetch)."""
    return [b.person for b in article.bylines.all() if b.role == role]


def article_authors(article):
    """The people who wrote a story: its author bylines, and only those."""
    return credited(article, Byline.Role.AUTHOR)


def article_photographers(article):
    """Who took the story's lead photo: the photo's photographer, else the bylines."""
    photo = article.lead_photo if article.lead_photo_id else None
    if photo is not None and photo.photographer_id:
        return [photo.photographer]
    return credited(article, Byline.Role.PHOTOGRAPHER)


def attributed_organization(article):
    """
    Who a story without an author byline is attributed to: the agency it came
    from (its ``source``), or failing that the newsroom itself.
    """
    if article.source:
        return {"name": article.source, "url": None}
    return {"name": settings.SITE_NAME, "url": absolute_url(reverse("articles:front"))}


def attribution(article):
    """
    A story's authors as ``[{"name", "url", "type"}]``: the author bylines as
    people, or the attributed organization. Feeds, meta tags and JSON-LD all
    read it, so no client ever sees a photographer or translator as the writer.
    """
    authors = [
        {
            "type": "Person",
            "name": person.name,
            "url": absolute_url(person.get_absolute_url()),
        }
        for person in article_authors(article)
    ]
    return authors or [{"type": "Organization", **attributed_organization(article)}]


def article_language(article):
    """The story's language as a BCP 47 code (``Article.language``: “en”, “km”)."""
    return article.language


def og_locale(language):
    return OG_LOCALES.get(language, language)


def publisher():
    width, height = PUBLISHER_LOGO_SIZE
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url(reverse("articles:front")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static(PUBLISHER_LOGO)),
            "width": width,
            "height": height,
        },
    }


def person_reference(person):
    return {
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(person.get_absolute_url()),
    }


def author_reference(author):
    data = {"@type": author["type"], "name": author["name"]}
    if author["url"]:
        data["url"] = author["url"]
    return data


def image_object(photo, creators=()):
    """
    A photo as an ``ImageObject``: its caption, its credit line, and the people
    who took it as its ``creator`` (never as the story's author).
    """
    url = absolute_url(photo.image.url)
    data = {
        "@type": "ImageObject",
        "url": url,
        "contentUrl": url,
        "caption": photo.caption,
        "description": photo.alt_text,
    }
    if photo.credit:
        data["creditText"] = photo.credit
    if creators:
        data["creator"] = [person_reference(p) for p in creators]
    if photo.width and photo.height:
        data["width"] = photo.width
        data["height"] = photo.height
    return data


def preview_image_objects(photo, creators=()):
    """
    A story's lead photo as search engines ask for it before they show a large
    preview: one ``ImageObject`` per crop in 16:9, 4:3 and 1:1, each cut around
    the photo's focal point and sized (``images.renditions.preview_crops``); the
    original alone when no crop can be made.
    """
    original = image_object(photo, creators)
    crops = preview_crops(photo)
    if not crops:
        return [original]
    objects = []
    for crop in crops:
        url = absolute_url(crop.url)
        objects.append(
            {
                **original,
                "url": url,
                "contentUrl": url,
                "width": crop.width,
                "height": crop.height,
            }
        )
    return objects


def share_image_object(image):
    """A drawn share image as an ``ImageObject``."""
    return {
        "@type": "ImageObject",
        "url": image.url,
        "contentUrl": image.url,
        "width": image.width,
        "height": image.height,
        "description": image.alt,
    }


def article_share_image(article):
    """
    The image a story offers when shared: its lead photo, or an image drawn from
    its headline, as a ``ShareImage``.
    """
    photo = article.lead_photo if article.lead_photo_id else None
    if photo is not None and photo.image:
        return ShareImage(
            url=absolute_url(photo.image.url),
            width=photo.width,
            height=photo.height,
            alt=photo.alt_text,
            type=mimetypes.guess_type(photo.image.name)[0] or "",
        )
    return share_image(article.headline)


def article_json_ld(article):
    """A ``NewsArticle`` for a story: works from the prefetches of ``for_listing``."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.headline,
        "description": plain_text(article.deck),
        "inLanguage": article_language(article),
        "author": [author_reference(a) for a in attribution(article)],
        "publisher": publisher(),
        "keywords": [tag.name for tag in article.tags.all()],
    }
    for role, prop in CREDIT_PROPERTIES.items():
        people = credited(article, role)
        if people:
            data[prop] = [person_reference(p) for p in people]
    if article.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source}
    # A draft seen in preview has no publication date yet.
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
        modified = article.updated_at or article.published_at
        data["dateModified"] = modified.isoformat()
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.lead_photo_id and article.lead_photo.image:
        data["image"] = preview_image_objects(
            article.lead_photo, creators=article_photographers(article)
        )
    else:
        data["image"] = share_image_object(share_image(article.headline))
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
    data.update(translation_links(article))
    return data


def work_reference(version):
    """A language version as a reference to a ``NewsArticle`` (``LanguageVersion``)."""
    return {
        "@type": "NewsArticle",
        "@id": version.url,
        "url": version.url,
        "inLanguage": version.language,
    }


def translation_links(article):
    """
    ``translationOfWork`` on a translation (its source) and ``workTranslation``
    on a source (its translations), to public versions only.
    """
    versions = [v for v in language_versions(article) if v.article.pk != article.pk]
    if source_id(article) == article.pk:
        return (
            {"workTranslation": [work_reference(v) for v in versions]}
            if versions
            else {}
        )
    source = next((v for v in versions if v.is_source), None)
    return {"translationOfWork": work_reference(source)} if source else {}


def tag_json_ld(tag):
    """A tag's page as a ``CollectionPage`` of the newsroom's site."""
    url = absolute_url(reverse("articles:tag", kwargs={"slug": tag.slug}))
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": tag.name,
        "image": share_image_object(share_image(tag.name)),
        "isPartOf": {
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": absolute_url(reverse("articles:front")),
        },
    }


def breadcrumbs_json_ld(crumbs):
    """A ``BreadcrumbList`` from ``(name, path)`` pairs, the home page first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(path),
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


def article_page_meta(article):
    """What a story page tells sharing sites and search engines about itself."""
    alternates = hreflang_alternates(article)
    return {
        "canonical": absolute_url(article.get_absolute_url()),
        "og_type": "article",
        # A shared story may carry its own headline and description.
        "title": article.social_headline or article.headline,
        "description": article.social_description
        or plain_text(article.deck)
        or article.headline,
        "image": article_share_image(article),
        "locale": og_locale(article_language(article)),
        # Every public language version, this one included, and x-default.
        "alternates": alternates,
        "alternate_locales": [
            og_locale(link["hreflang"])
            for link in alternates
            if link["hreflang"] not in {"x-default", article.language}
        ],
        "article": {
            "published_time": article.published_at,
            "modified_time": article.updated_at or article.published_at,
            "tags": [t.name for t in article.tags.all()],
            # Names, not profile URLs: OpenGraph allows either, and article
            # extractors (newspaper4k) read a URL's last segment as one more
            # author. The profile URLs are in the JSON-LD and rel="author".
            "authors": [a["name"] for a in attribution(article)],
        },
    }


def live_blog_json_ld(article, coverage, posts):
    """
    A live story as Google reads one: a ``LiveBlogPosting`` with its coverage
    times and each post as a ``BlogPosting`` in ``liveBlogUpdate``.
    """
    url = absolute_url(article.get_absolute_url())
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": coverage.started_at.isoformat(),
    }
    if coverage.ended_at:
        data["coverageEndTime"] = coverage.ended_at.isoformat()
    updates = []
    for post in posts:
        update = {
            "@type": "BlogPosting",
            "@id": f"{url}#{post.anchor}",
            "url": f"{url}#{post.anchor}",
            "headline": post.title or article.headline,
            "articleBody": plain_text(post.body),
            "datePublished": post.posted_at.isoformat(),
            "dateModified": max(post.modified_at, post.posted_at).isoformat(),
            "author": person_reference(post.author),
            "inLanguage": article_language(article),
        }
        if post.photo_id and post.photo.image:
            update["image"] = image_object(
                post.photo,
                [post.photo.photographer] if post.photo.photographer_id else [],
            )
        updates.append(update)
    data["liveBlogUpdate"] = updates
    if posts:
        latest = max(max(post.modified_at, post.posted_at) for post in posts)
        data["dateModified"] = latest.isoformat()
    return data


def article_page_json_ld(article, live=None):
    """
    The story page's JSON-LD; ``live``, the story's ``LivePage``, makes a
    story covered live a ``LiveBlogPosting`` (a ``NewsArticle`` still to schema.org).
    """
    story = article_json_ld(article)
    if live:
        modified = story.get("dateModified")
        story.update(live_blog_json_ld(article, live.coverage, live.posts))
        if modified and story["dateModified"] < modified:
            story["dateModified"] = modified
    return [
        story,
        breadcrumbs_json_ld(article_breadcrumbs(article)),
    ]


def tag_page_meta(tag):
    return {
        "title": tag.name,
        "description": f"Stories tagged “{tag.name}” from {settings.SITE_NAME}.",
        "image": share_image(tag.name),
    }


def tag_page_json_ld(tag):
    return [tag_json_ld(tag), breadcrumbs_json_ld(tag_breadcrumbs(tag))]
