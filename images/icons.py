"""
The site's icon set, made from one source: the browser tab's ``favicon.ico``
(16, 32 and 48 px), the home-screen ``apple-touch-icon.png`` (180 px), the web
app manifest's 192 and 512 px PNGs, and a 2:1 logo for Atom feeds.

The source is the newsroom's own image when ``NEWSROOM_ICON_SOURCE`` names one
(any format Pillow reads, cut to its centre square), else a square drawn here
from the initials of the site's name, in the share images' colours and fonts
(``images.share_images``), Khmer names in Noto Sans Khmer.

Each file is made once per process and source; ``icon_version()`` changes
whenever the source does, so the pages' links (``?v=…``) and the manifest can
be cached for a year.
"""

import hashlib
import io
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from .share_images import BACKGROUND, INK, KHMER, RULE, _font

logger = logging.getLogger(__name__)

# Part of the version: change it when the drawn design changes.
DESIGN_VERSION = "1"
SOURCE_SIZE = 512
COENG = "\u17d2"


@dataclass(frozen=True)
class Icon:
    """One file of the set: its name at the site's root, size and type."""

    name: str
    sizes: tuple
    content_type: str


ICONS = {
    icon.name: icon
    for icon in (
        Icon("favicon.ico", ((16, 16), (32, 32), (48, 48)), "image/x-icon"),
        Icon("apple-touch-icon.png", ((180, 180),), "image/png"),
        Icon("icon-192.png", ((192, 192),), "image/png"),
        Icon("icon-512.png", ((512, 512),), "image/png"),
        Icon("logo.png", ((512, 256),), "image/png"),
    )
}

# (icon name, version) -> bytes, per process; a few sources at most.
_made = {}


def _first_letter(word):
    """The first letter of ``word`` with the marks and subscripts that go with it."""
    letter = word[0]
    for index, char in enumerate(word[1:], start=1):
        if unicodedata.category(char).startswith("M") or word[index - 1] == COENG:
            letter += char
        else:
            break
    return letter


def initials(name):
    """
    Up to two initials of ``name``, from its words that do not start in lower
    case ("Voice of America" gives "VA"; a script without case counts whole).
    """
    words = [word for word in str(name).split() if word[0].isalnum()] or ["N"]
    capitalised = [word for word in words if not word[0].islower()] or words
    return "".join(_first_letter(word) for word in capitalised[:2]).upper()


def configured_source():
    """The path ``NEWSROOM_ICON_SOURCE`` names (relative to the project), or None."""
    source = getattr(settings, "NEWSROOM_ICON_SOURCE", "")
    if not source:
        return None
    path = Path(source)
    if not path.is_absolute():
        path = Path(settings.BASE_DIR) / path
    return path


def _source_path():
    # A source that is missing falls back to the drawn icon rather than
    # failing every page (newsroom.checks warns about it).
    path = configured_source()
    return path if path is not None and path.is_file() else None


def icon_version():
    """A short digest of what the icons are made from: the name or the source file."""
    path = _source_path()
    if path is None:
        parts = (DESIGN_VERSION, settings.SITE_NAME)
    else:
        stat = path.stat()
        parts = (str(path), str(stat.st_mtime_ns), str(stat.st_size))
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]


def draw_source(name):
    """A square drawn from the initials of ``name``, white on the share colours."""
    size = SOURCE_SIZE
    image = Image.new("RGBA", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    text = initials(name)
    font_name = "NotoSansKhmer-Bold.ttf" if KHMER.search(text) else "NotoSans-Bold.ttf"
    # The largest size that keeps the initials inside the middle 70%.
    for font_size in range(300, 40, -10):
        font = _font(font_name, font_size)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        if right - left <= size * 0.7 and bottom - top <= size * 0.6:
            break
    x = (size - (right - left)) / 2 - left
    y = (size - (bottom - top)) / 2 - top - size * 0.04
    draw.text((x, y), text, font=font, fill=INK)
    rule = size * 0.08
    draw.rectangle((0, size - rule, size, size), fill=RULE)
    return image


def source_image():
    """The set's square source: the newsroom's own image, else the drawn one."""
    path = _source_path()
    if path is None:
        return draw_source(settings.SITE_NAME)
    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGBA")
    except (OSError, UnidentifiedImageError):
        logger.warning("Cannot read the icon source %s; drawing the icon", path)
        return draw_source(settings.SITE_NAME)
    side = min(image.size)
    image = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    return image.resize((SOURCE_SIZE, SOURCE_SIZE), Image.Resampling.LANCZOS)


def _opaque(image):
    """``image`` on the background colour: home screens turn transparency black."""
    canvas = Image.new("RGBA", image.size, BACKGROUND)
    return Image.alpha_composite(canvas, image).convert("RGB")


def render_icon(name, source=None):
    """The bytes of the icon file ``name`` (a key of ``ICONS``)."""
    icon = ICONS[name]
    source = source or source_image()
    buffer = io.BytesIO()
    if name == "favicon.ico":
        source.save(buffer, "ICO", sizes=list(icon.sizes))
        return buffer.getvalue()
    width, height = icon.sizes[0]
    side = min(width, height)
    square = source.resize((side, side), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (width, height), BACKGROUND)
    canvas.alpha_composite(square, ((width - side) // 2, (height - side) // 2))
    _opaque(canvas).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def icon_file(name):
    """``(bytes, version)`` of the icon ``name``, made once per source and process."""
    version = icon_version()
    key = (name, version)
    if key not in _made:
        if len(_made) >= 4 * len(ICONS):
            _made.clear()
        _made[key] = render_icon(name)
    return _made[key], version
