"""
What a page tells machines about itself: feed links, canonical link, meta
description, OpenGraph and Twitter tags, and JSON-LD.

    {% load seo %}
    {% block meta %}{% page_meta page_meta %}{% endblock meta %}
    {% block feeds %}{% feed_links tag=tag %}{% endblock feeds %}
    {% block structured_data %}{% structured_data json_ld %}{% endblock %}

Views hand over ``page_meta`` (a dict) and ``json_ld`` (a list of dicts), built
next to them (``articles.structured_data``, ``articles.person_structured_data``).
"""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.models import Article
from articles.structured_data import og_locale, publisher, share_image_object
from common.links import absolute_url
from images.share_images import share_image

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


def website_json_ld():
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute_url(reverse("articles:front")),
        "image": share_image_object(share_image(settings.SITE_NAME)),
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute_url(reverse("articles:search"))
            + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


@register.simple_tag
def structured_data(data=None):
    """
    The page's JSON-LD blocks, as its view handed them over (``json_ld``), or
    the site's own ``WebSite`` block.
    """
    data = data or [website_json_ld()]
    return mark_safe("\n".join(json_ld(item) for item in data))  # noqa: S308


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context, tag=None, person=None, language=None):
    """
    ``<link rel="alternate">`` for the site's feeds and the page's own: a
    tag's, a person's, or the stories in the page's ``language``.
    """
    site = settings.SITE_NAME
    sources = [(f"{site}: latest stories", "articles:feed", {})]
    if language in Article.Language.values:
        label = Article.Language(language).label
        sources.append(
            (
                f"{site}: latest stories in {label}",
                "articles:language_feed",
                {"language": language},
            )
        )
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
                "href": absolute_url(path),
                "type": f"application/{kind}+xml",
            }
            for title, path, kind in feeds
        ]
    }


def canonical_url(request):
    """The page's path, keeping only its page number."""
    url = absolute_url(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return url


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, meta=None, title=None, description=None):
    """
    Canonical link, meta description, OpenGraph and Twitter card tags: the site's
    defaults, overridden by what the page's view handed over (``page_meta``).
    Every page has an image: the one handed over (a ``ShareImage``), else an image
    drawn from the page's title.
    """
    request = context["request"]
    site = settings.SITE_NAME
    page = {
        "site_name": site,
        "canonical": canonical_url(request),
        "og_type": "website",
        "title": site,
        "description": f"News from {site}.",
        "image": None,
        "locale": og_locale(settings.LANGUAGE_CODE.split("-")[0]),
        "article": None,
        **(meta or {}),
    }
    if title:
        page["title"] = title
    if description:
        page["description"] = description
    if page["image"] is None:
        page["image"] = share_image(page["title"])
    page["description"] = Truncator(page["description"]).chars(DESCRIPTION_LENGTH)
    return {"meta": page}
