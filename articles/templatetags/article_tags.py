from django import template
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Byline, is_live
from common import dates
from common.sanitize import sanitize_html
from images.renditions import image_sources, object_position

register = template.Library()


@register.filter
def live_now(article):
    """Whether a card or header says “Live”: load ``live`` with the list."""
    return is_live(article)


@register.filter(is_safe=True)
def render_body(html):
    """
    A story's stored HTML, cleaned against the allow-list every time it is rendered.

    The one place story HTML is marked safe: nh3 has just reduced the markup to
    the allow-list, whatever path the HTML took into the database.
    """
    return mark_safe(sanitize_html(html))


@register.inclusion_tag("articles/includes/image.html")
def responsive_image(photo, sizes="100vw", loading="lazy", css_class=""):
    """An ``<img>`` of ``photo`` with srcset, sizes, width and height."""
    src, srcset = image_sources(photo)
    return {
        "photo": photo,
        "src": src,
        "srcset": srcset,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
        "object_position": object_position(photo),
    }


# How each role reads in a byline: “By …”, “Photos by …”.
ROLE_LABELS = {
    Byline.Role.AUTHOR: _("By"),
    Byline.Role.CONTRIBUTOR: _("With"),
    Byline.Role.PHOTOGRAPHER: _("Photos by"),
    Byline.Role.TRANSLATOR: _("Translated by"),
    Byline.Role.EDITOR: _("Edited by"),
}


@register.filter
def byline_authors(bylines):
    """The people in a story's author bylines, in byline order."""
    return [b.person for b in bylines if b.role == Byline.Role.AUTHOR]


@register.filter
def byline_credits(bylines):
    """
    The other credits as ``[(label, [person, …]), …]``, roles in order of
    first credit: “Photos by …”, “Translated by …”. They sit apart from the
    byline so no extractor reading the byline takes them for authors.
    """
    groups = {}
    for byline in bylines:
        if byline.role != Byline.Role.AUTHOR:
            groups.setdefault(byline.role, []).append(byline.person)
    return [(ROLE_LABELS.get(role, _("By")), people) for role, people in groups.items()]


@register.filter
def iso_datetime(value):
    """A ``<time datetime>`` value: ISO 8601 to the second, as HTML requires."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


def _has_bylines(article):
    return "bylines" in getattr(article, "_prefetched_objects_cache", {})


@register.filter
def card_bylines(article):
    """
    A story card's bylines. On lists (see ``views.prefetch_on_first_use``)
    the first card that needs them fetches those of every card in one query.
    """
    if not _has_bylines(article):
        pending = [
            a for a in getattr(article, "listing", [article]) if not _has_bylines(a)
        ]
        prefetch_related_objects(
            pending or [article],
            Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        )
    return article.bylines.all()


@register.filter
def day(value):
    """A date as the page's language writes it (``common.dates.day``)."""
    return dates.day(value)


@register.filter
def local_time(value, with_date=True):
    """A time in the newsroom's zone with the zone's name, e.g. for a dateline."""
    return dates.local_time(value, with_date)
