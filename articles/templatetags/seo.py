"""
What a page tells machines about itself: feed links, canonical link, meta
description, OpenGraph and Twitter tags, and JSON-LD.

    {% load seo %}
    {% block meta %}{% page_meta article %}{% endblock meta %}
    {% block feeds %}{% feed_links tag=tag %}{% endblock feeds %}
    {% block structured_data %}{% structured_data article %}{% endblock %}
"""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from taggit.models import Tag

from articles import structured_data as ld
from articles.models import Article
from articles.sanitize import plain_text
from people.models import Person

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
DESCRIPTION_LENGTH = 160


@register.simple_tag
def json_ld(data):
    """``data`` as a JSON-LD ``<script>`` element, safe against ``</script>``."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 escaped above
    )


@register.simple_tag(takes_context=True)
def structured_data(context, obj=None):
    """JSON-LD for a story, a person or a tag page, with its breadcrumbs."""
    request = context["request"]
    if isinstance(obj, Article):
        data = [
            ld.article_json_ld(obj, request),
            ld.breadcrumbs_json_ld(ld.article_breadcrumbs(obj), request),
        ]
    elif isinstance(obj, Person):
        data = [
            ld.person_json_ld(obj, request),
            ld.breadcrumbs_json_ld(ld.person_breadcrumbs(obj), request),
        ]
    elif isinstance(obj, Tag):
        data = [ld.breadcrumbs_json_ld(ld.tag_breadcrumbs(obj), request)]
    else:
        data = [
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": settings.SITE_NAME,
                "url": request.build_absolute_uri(reverse("articles:front")),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": request.build_absolute_uri(reverse("articles:search"))
                    + "?q={search_term_string}",
                    "query-input": "required name=search_term_string",
                },
            }
        ]
    return mark_safe("\n".join(json_ld(item) for item in data))  # noqa: S308


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context, tag=None, person=None):
    """``<link rel="alternate">`` for the site's feeds and the page's own."""
    request = context["request"]
    site = settings.SITE_NAME
    sources = [(f"{site}: latest stories", "articles:feed", {})]
    if tag is not None:
        sources.append((f"{site}: {tag.name}", "articles:tag_feed", {"slug": tag.slug}))
    if person is not None:
        sources.append((f"{site}: {person.name}", "people:feed", {"slug": person.slug}))
    feeds = [
        (title, reverse(f"{name}_{kind}", kwargs=kwargs), kind)
        for title, name, kwargs in sources
        for kind in ("rss", "atom")
    ]
    return {
        "feeds": [
            {
                "title": title,
                "href": request.build_absolute_uri(path),
                "type": f"application/{kind}+xml",
            }
            for title, path, kind in feeds
        ]
    }


def canonical_url(request, obj=None):
    """The object's URL, or the page's path keeping only its page number."""
    if obj is not None and hasattr(obj, "get_absolute_url"):
        return request.build_absolute_uri(obj.get_absolute_url())
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return url


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, obj=None, title=None, description=None):
    """Canonical link, meta description, OpenGraph and Twitter card tags."""
    request = context["request"]
    site = settings.SITE_NAME
    meta = {
        "site_name": site,
        "canonical": canonical_url(request, obj),
        "og_type": "website",
        "title": site,
        "description": f"News from {site}.",
        "image": None,
        "image_alt": "",
        "article": None,
    }
    if isinstance(obj, Article):
        photo = obj.lead_photo if obj.lead_photo_id else None
        meta.update(
            og_type="article",
            # Share cards may carry their own headline and description.
            title=obj.social_headline or obj.headline,
            description=obj.social_description or plain_text(obj.deck) or obj.headline,
            article={
                "published_time": obj.published_at,
                "modified_time": obj.updated_at or obj.published_at,
                "tags": [t.name for t in obj.tags.all()],
                "authors": [
                    request.build_absolute_uri(p.get_absolute_url())
                    for p in ld.article_authors(obj)
                ],
            },
        )
        if photo is not None and photo.image:
            meta["image"] = request.build_absolute_uri(photo.image.url)
            meta["image_alt"] = photo.alt_text
    elif isinstance(obj, Person):
        meta.update(
            og_type="profile",
            title=obj.name,
            description=plain_text(obj.bio)
            or obj.description
            or f"Stories by and about {obj.name} from {site}.",
        )
        if obj.portrait:
            meta["image"] = request.build_absolute_uri(obj.portrait.url)
            meta["image_alt"] = obj.name
    elif isinstance(obj, Tag):
        meta.update(
            title=obj.name, description=f"Stories tagged “{obj.name}” from {site}."
        )
        meta["canonical"] = canonical_url(request)
    if title:
        meta["title"] = title
    if description:
        meta["description"] = description
    meta["description"] = Truncator(meta["description"]).chars(DESCRIPTION_LENGTH)
    return {"meta": meta}
