"""
Checks for uploaded images (photos and portraits), run before anything is decoded.

The order matters: file size, then the dimensions Pillow reads from the header,
and only when both are within limits is the image decoded in full. A
decompression bomb (a small file claiming a huge canvas) is refused from its
header, without allocating its pixels.
"""

import warnings
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000

# Pillow format → the extensions a file of that format may carry.
ALLOWED_FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "GIF": {".gif"},
}
ALLOWED_EXTENSIONS = set().union(*ALLOWED_FORMATS.values())

# Everywhere in the process, Pillow refuses images beyond twice this many pixels
# outright (DecompressionBombError); the validator holds uploads to the limit itself.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _allowed_list():
    return ", ".join(sorted(fmt for fmt in ALLOWED_FORMATS))


def validate_image_upload(file):
    """Refuse anything but a real JPEG, PNG, WebP or GIF within the size limits."""
    # Files already in storage were checked when they were uploaded, and a file
    # the upload form field has passed need not be decoded a second time.
    if getattr(file, "_committed", False) or _already_checked(file):
        return

    extension = Path(file.name or "").suffix.lower()
    if extension == ".svg" or extension == ".svgz":
        raise ValidationError(
            "SVG images are not accepted: they can carry scripts. "
            "Upload a JPEG, PNG, WebP or GIF instead.",
            code="svg",
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            "“%(extension)s” files are not accepted. Upload a JPEG, PNG, WebP or GIF.",
            params={"extension": extension or "extension-less"},
            code="extension",
        )

    size = file.size
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This file is too big (%(size)s): images may be at most %(limit)s MB.",
            params={
                "size": filesizeformat(size),
                "limit": MAX_UPLOAD_BYTES // (1024 * 1024),
            },
            code="file_size",
        )

    not_an_image = ValidationError(
        "This file is not an image Pillow can read, or it is damaged. "
        "Upload a JPEG, PNG, WebP or GIF.",
        code="invalid_image",
    )
    too_large = ValidationError(
        "This image is too large: at most %(limit)s megapixels are accepted.",
        params={"limit": MAX_PIXELS // 1_000_000},
        code="pixels",
    )

    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                image_format = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except Exception:
        raise not_an_image from None
    finally:
        file.seek(0)

    if width * height > MAX_PIXELS:
        raise ValidationError(
            "This image is %(width)s × %(height)s pixels; at most %(limit)s "
            "megapixels are accepted.",
            params={
                "width": width,
                "height": height,
                "limit": MAX_PIXELS // 1_000_000,
            },
            code="pixels",
        )
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Upload a %(allowed)s file.",
            params={"format": image_format, "allowed": _allowed_list()},
            code="format",
        )
    if extension not in ALLOWED_FORMATS[image_format]:
        raise ValidationError(
            "The file is named “%(extension)s” but is really a %(format)s image. "
            "Rename it or upload the right file.",
            params={"extension": extension, "format": image_format},
            code="extension_mismatch",
        )

    # Within limits: decode every pixel once, so truncated or corrupt files fail
    # here rather than on the page.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image.load()
    except Exception:
        raise not_an_image from None
    finally:
        file.seek(0)
    _mark_checked(file)


def _mark_checked(file):
    file.newsroom_image_checked = True


def _already_checked(file):
    """True for an upload, or a model field file wrapping one, already passed."""
    return getattr(file, "newsroom_image_checked", False) or getattr(
        getattr(file, "file", None), "newsroom_image_checked", False
    )
