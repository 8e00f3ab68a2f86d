"""
Share images: the 1200×630 image a page offers to social sites and chat apps
when it has no photo of its own (``og:image``, ``twitter:image``, JSON-LD).

A share image shows the page's title and the site's name, drawn with Pillow in the
Noto Sans fonts shipped in ``images/fonts/`` (SIL Open Font License, see
``OFL.txt`` there), Khmer with Noto Sans Khmer shaped by libraqm. Share images are
stored in the default media storage under a name derived from what they show,
so a changed headline makes a new image and an unchanged one is drawn once.

("Card" is the story card of a list, ``articles/includes/article_card.html``;
the storage folder keeps its old name, ``cards/``, so URLs already shared
keep working.)
"""

import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from common.links import absolute_url

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
# Part of every image's name: change it when the design changes, and every
# image is drawn again.
DESIGN_VERSION = "1"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
BACKGROUND = (22, 39, 64)
RULE = (214, 69, 65)
INK = (255, 255, 255)
MUTED = (190, 201, 216)
MARGIN = 80
TITLE_SIZES = (72, 60, 50, 42)
# The title's room: the image less its margins and the site name's footer.
TITLE_HEIGHT = HEIGHT - 2 * MARGIN - 100
LINE_SPACING = 1.3
KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
# Khmer is written without spaces between words; a line may break before a
# consonant or independent vowel that does not follow a coeng (U+17D2).
ZWSP = "\u200b"
KHMER_BREAK = re.compile("(?<!\u17d2)(?=[\u1780-\u17b3])")


@dataclass(frozen=True)
class ShareImage:
    """An image a page offers when shared: absolute URL, pixel size and alt text."""

    url: str
    width: int
    height: int
    alt: str
    type: str = "image/png"


def _font(name, size):
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _title_font(text, size):
    name = "NotoSansKhmer-Bold.ttf" if KHMER.search(text) else "NotoSans-Bold.ttf"
    return _font(name, size)


def _pieces(word):
    """
    Where a long word may break: at the zero-width spaces Khmer text puts
    between words, else before a Khmer consonant; Latin words never break.
    """
    if ZWSP in word:
        return [piece for piece in word.split(ZWSP) if piece]
    return [piece for piece in KHMER_BREAK.split(word) if piece]


def _wrap(text, font, width, draw):
    """Lines of ``text`` no wider than ``width`` pixels in ``font``."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
        # A word wider than the image on its own is broken where it may be.
        for piece in _pieces(word):
            candidate = line + piece
            if line and draw.textlength(candidate, font=font) > width:
                lines.append(line)
                candidate = piece
            line = candidate
    if line:
        lines.append(line)
    return lines


def _layout(title, draw):
    """The largest title size whose lines fit; the last size is cut short."""
    width = WIDTH - 2 * MARGIN
    for size in TITLE_SIZES:
        font = _title_font(title, size)
        lines = _wrap(title, font, width, draw)
        max_lines = TITLE_HEIGHT // round(size * LINE_SPACING)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and draw.textlength(last + "…", font=font) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return font, lines


def render_share_image(title, site_name):
    """The PNG bytes of a share image showing ``title`` and ``site_name``."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 12), fill=RULE)
    font, lines = _layout(title, draw)
    line_height = round(font.size * LINE_SPACING)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += line_height
    site_font = _title_font(site_name, 36)
    draw.line(
        (MARGIN, HEIGHT - MARGIN - 62, MARGIN + 120, HEIGHT - MARGIN - 62),
        fill=RULE,
        width=6,
    )
    draw.text((MARGIN, HEIGHT - MARGIN - 44), site_name, font=site_font, fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def share_image_name(title, site_name):
    """The storage name of a share image: it changes whenever what it shows changes."""
    digest = hashlib.sha256(
        "\x00".join((DESIGN_VERSION, site_name, title)).encode()
    ).hexdigest()
    return f"cards/{digest[:2]}/{digest[2:34]}.png"


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:
        # A cache that is down costs a storage check, not the page.
        logger.warning("Cache unavailable for share images", exc_info=True)
        return None


def _cache_set(key):
    try:
        cache.set(key, True, timeout=None)
    except Exception:
        logger.warning("Cache unavailable for share images", exc_info=True)


def share_image(title, alt=None):
    """
    The share image for a page titled ``title``, drawn and stored on first use.

    The cache remembers which images exist, so a page render costs no storage
    round trip (a HEAD request on object storage) once an image is made. Two
    workers drawing the same new image at once store it twice at worst.
    """
    site_name = settings.SITE_NAME
    title = " ".join(str(title).split()) or site_name
    name = share_image_name(title, site_name)
    cache_key = f"newsroom:share-image:{name}"
    if not _cache_get(cache_key):
        if not default_storage.exists(name):
            name = default_storage.save(
                name, ContentFile(render_share_image(title, site_name))
            )
        _cache_set(cache_key)
    url = absolute_url(default_storage.url(name))
    return ShareImage(
        url=url,
        width=WIDTH,
        height=HEIGHT,
        alt=alt or (title if title == site_name else f"{title} — {site_name}"),
    )
