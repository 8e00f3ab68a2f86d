"""
Resized copies of photos for responsive images, made with django-imagekit.

A rendition's file name is a hash of the source name and the processing, and
whether it exists is remembered in the cache, so rendering a page costs no
database query; a missing rendition is generated the first time it is asked for.

Renditions are made when a photo is uploaded (``prepare_renditions``, called by
the photo admin and by ``manage.py make_renditions``), so a reader's request
never decodes a 40-megapixel original; a rendition still missing (an import
that skipped it) is made the first time it is asked for, as before. A JPEG is
decoded at the smallest DCT scale that still covers the rendition
(``DecodeAtScale``: Pillow's ``draft()``), so a 40 MP photo costs a few
megapixels of memory per rendition instead of 120 MB; other formats are
decoded whole (their size is capped at upload) and shrunk by ``reduce()``
before the high-quality resize. ``benchmarks/renditions.py`` measures it.

Working out those names (imagekit pickles and hashes the processing) and asking
the cache cost more than the rest of a story card, so each worker also keeps the
answer for every photo it has rendered, keyed by file name and width: a photo's
renditions never change under the same file name.
"""

import logging
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver
from imagekit import ImageSpec, register
from imagekit.cachefiles import ImageCacheFile
from imagekit.processors import ResizeToFit

logger = logging.getLogger(__name__)

# Widths offered in srcset; the browser picks one from the sizes attribute.
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)


class DecodeAtScale:
    """
    Shrink a just-opened image cheaply towards ``width`` before the real resize:
    JPEGs are decoded at a reduced DCT scale (1/2, 1/4, 1/8) with ``draft()``,
    never below ``width``; other images, once decoded, are ``reduce()``d by a
    whole factor that keeps at least twice ``width`` for the resize to work on.
    """

    def __init__(self, width):
        self.width = width

    def process(self, img):
        if img.width <= self.width:
            return img
        if img.format == "JPEG" and img.mode in {"RGB", "L", "CMYK"}:
            height = -(-img.height * self.width // img.width)
            img.draft(img.mode, (self.width, height))
            return img
        factor = img.width // (2 * self.width)
        if factor >= 2 and img.mode in {"RGB", "RGBA", "L", "LA", "I", "F"}:
            return img.reduce(factor)
        return img


class Rendition(ImageSpec):
    """A photo resized to fit ``width`` pixels, never upscaled."""

    format = "JPEG"
    options = {"quality": 82, "progressive": True}

    def __init__(self, source, width):
        self.width = width
        super().__init__(source=source)

    @property
    def processors(self):
        return [DecodeAtScale(self.width), ResizeToFit(width=self.width, upscale=False)]


# Imagekit only generates files just in time for registered generators.
register.generator("articles:rendition", Rendition)


# (file name, width, widths) -> (src, srcset), and ("sizes", …) -> renditions(),
# per process.
_known_sources = {}
KNOWN_SOURCES_MAX = 20_000


@receiver(setting_changed)
def _forget_sources(setting, **kwargs):
    if setting in {"MEDIA_ROOT", "MEDIA_URL", "STORAGES"}:
        _known_sources.clear()
        _known_previews.clear()


def image_sources(photo, widths=RENDITION_WIDTHS):
    """
    ``(src, srcset)`` for ``photo``: renditions narrower than the original, and
    the largest of them (or the original) as the fallback ``src``.

    A rendition that cannot be made (a missing or unreadable source file) falls
    back to the original file rather than breaking the page (and is tried again
    next time).
    """
    key = (photo.image.name, photo.width, tuple(widths))
    known = _known_sources.get(key)
    if known is None:
        known, made = _image_sources(photo, widths)
        if made:
            if len(_known_sources) >= KNOWN_SOURCES_MAX:
                _known_sources.clear()
            _known_sources[key] = known
    return known


def renditions(photo, widths=RENDITION_WIDTHS):
    """
    ``[(url, width, height)]``: the renditions of ``photo`` narrower than the
    original, narrowest first (the original itself is not among them).

    Sizes are read from the rendition files, since decoding at a reduced scale
    can make a height differ by a pixel from the original's proportions. A
    rendition that cannot be made leaves the list empty (tried again next time).
    """
    if not photo.image or not photo.width:
        return []
    key = ("sizes", photo.image.name, photo.width, tuple(widths))
    known = _known_sources.get(key)
    if known is None:
        known = []
        try:
            for width in widths:
                if width >= photo.width:
                    break
                file = ImageCacheFile(Rendition(photo.image, width))
                url, size = file.url, (file.width, file.height)
                if None in size:
                    raise ValueError("unreadable rendition")
                known.append((url, *size))
        except (OSError, ValueError):
            logger.warning("Could not make renditions of %s", photo.image.name)
            return []
        if len(_known_sources) >= KNOWN_SOURCES_MAX:
            _known_sources.clear()
        _known_sources[key] = known
    return known


def prepare_renditions(photo, widths=RENDITION_WIDTHS):
    """
    Make every rendition ``photo`` will be offered at, and its previews in
    ``PREVIEW_RATIOS``, now (at upload, not on a reader's request). Returns how
    many renditions were made; existing ones are kept.
    A source Pillow cannot read is logged and left to the page's fallback.
    """
    if not photo.image or not photo.width:
        return 0
    made = 0
    try:
        for width in widths:
            if width >= photo.width:
                break
            file = ImageCacheFile(Rendition(photo.image, width))
            if not file.storage.exists(file.name):
                file.generate(force=True)
                made += 1
        for w, h in PREVIEW_RATIOS:
            file = cropped_image(photo, PREVIEW_WIDTH, w / h)
            if not file.storage.exists(file.name):
                file.generate(force=True)
    except (OSError, ValueError):
        logger.warning("Could not make renditions of %s", photo.image.name)
    return made


def _image_sources(photo, widths):
    """``((src, srcset), made)``: made is false when renditions failed."""
    original = photo.image.url
    if not photo.width:
        return (original, ""), True
    candidates = []
    try:
        for width in widths:
            if width >= photo.width:
                break
            url = ImageCacheFile(Rendition(photo.image, width)).url
            candidates.append((url, width))
    except (OSError, ValueError):
        logger.warning("Could not make renditions of %s", photo.image.name)
        return (original, ""), False
    if len(candidates) < len(widths):
        # The original is no wider than the largest rendition: offer it as is.
        candidates.append((original, photo.width))
    if len(candidates) == 1:
        return (candidates[0][0], ""), True
    srcset = ", ".join(f"{url} {width}w" for url, width in candidates)
    return (candidates[-1][0], srcset), True


# Crops: a rendition of a fixed shape (share images, square thumbnails) keeps the
# photo's focal point in frame; CSS crops (object-fit: cover) get the same point
# as object-position from the image tag.


def focal_crop_box(width, height, ratio, focal=(0.5, 0.5)):
    """
    ``(left, top, right, bottom)``: the largest box of ``ratio`` (width/height)
    inside a ``width`` × ``height`` image, centred on ``focal`` (fractions of the
    width and height) as far as the edges allow. The focal point is always in it.
    """
    fx, fy = focal
    if width / height > ratio:
        crop_width, crop_height = max(1, round(height * ratio)), height
    else:
        crop_width, crop_height = width, max(1, round(width / ratio))
    left = min(max(round(fx * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(fy * height - crop_height / 2), 0), height - crop_height)
    return (left, top, left + crop_width, top + crop_height)


class FocalPointCrop:
    """An imagekit processor: crop to ``ratio`` around the focal point."""

    def __init__(self, ratio, focal):
        self.ratio = ratio
        self.focal = tuple(focal)

    def process(self, image):
        return image.crop(
            focal_crop_box(image.width, image.height, self.ratio, self.focal)
        )


class CroppedRendition(ImageSpec):
    """A photo cropped to ``ratio`` around its focal point, ``width`` pixels wide."""

    format = "JPEG"
    options = {"quality": 82, "progressive": True}

    def __init__(self, source, width, ratio, focal=(0.5, 0.5)):
        self.width = width
        self.ratio = ratio
        self.focal = tuple(focal)
        super().__init__(source=source)

    @property
    def processors(self):
        return [
            FocalPointCrop(self.ratio, self.focal),
            ResizeToFit(width=self.width, upscale=False),
        ]


register.generator("articles:cropped_rendition", CroppedRendition)


def cropped_image(photo, width, ratio):
    """The cache file of ``photo`` cropped to ``ratio`` around its focal point."""
    return ImageCacheFile(
        CroppedRendition(photo.image, width, ratio, photo.focal_point)
    )


# The shapes search engines ask a story's image in before they show it large
# (Google: 16:9, 4:3 and 1:1, at least 1200 pixels wide where the photo allows).
PREVIEW_RATIOS = ((16, 9), (4, 3), (1, 1))
PREVIEW_WIDTH = 1200

# (file name, size, focal point) -> previews, per process (as _known_sources).
_known_previews = {}


@dataclass(frozen=True)
class Preview:
    """One crop of a photo: where it is served and its size in pixels."""

    url: str
    width: int
    height: int


def _crop_size(photo, ratio, width):
    """The size ``cropped_image(photo, width, ratio)`` comes out at."""
    left, top, right, bottom = focal_crop_box(
        photo.width, photo.height, ratio, photo.focal_point
    )
    crop_width, crop_height = right - left, bottom - top
    if crop_width <= width:
        return crop_width, crop_height
    scale = width / crop_width
    return round(crop_width * scale), round(crop_height * scale)


def preview_crops(photo, width=PREVIEW_WIDTH, ratios=PREVIEW_RATIOS):
    """
    ``photo`` cropped to each of ``ratios`` around its focal point, at most
    ``width`` pixels wide, as ``Preview``s (made the first time they are asked
    for); ``[]`` when the photo has no size or its file cannot be read.
    """
    if not photo.image or not photo.width or not photo.height:
        return []
    key = (photo.image.name, photo.width, photo.height, photo.focal_point, width)
    known = _known_previews.get(key)
    if known is not None:
        return known
    try:
        previews = [
            Preview(
                cropped_image(photo, width, w / h).url,
                *_crop_size(photo, w / h, width),
            )
            for w, h in ratios
        ]
    except (OSError, ValueError):
        logger.warning("Could not make previews of %s", photo.image.name)
        return []
    if len(_known_previews) >= KNOWN_SOURCES_MAX:
        _known_previews.clear()
    _known_previews[key] = previews
    return previews


def object_position(photo):
    """CSS ``object-position`` keeping the focal point in a CSS crop, or ""."""
    if photo.focal_x is None or photo.focal_y is None:
        return ""
    return f"{photo.focal_x * 100:.1f}% {photo.focal_y * 100:.1f}%"
