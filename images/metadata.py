"""
What a photo file says about itself: caption, credit, creator, date and keywords.

Agencies send these embedded in the file: IPTC (IIM), XMP, and EXIF from the
camera. Pillow reads all three (XMP through defusedxml, IPTC through its
IptcImagePlugin); the first of IPTC, XMP, EXIF that has a value wins, as IPTC
is what picture desks fill in by hand.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from PIL import ExifTags, Image, IptcImagePlugin

logger = logging.getLogger(__name__)

# IPTC IIM record 2 datasets.
IPTC_KEYWORDS = (2, 25)
IPTC_DATE_CREATED = (2, 55)
IPTC_BYLINE = (2, 80)
IPTC_CREDIT = (2, 110)
IPTC_CAPTION = (2, 120)


@dataclass
class PhotoMetadata:
    caption: str = ""
    credit: str = ""
    creator: str = ""
    taken_on: date | None = None
    keywords: list[str] = field(default_factory=list)

    def merge(self, other):
        """Fill what is still empty from ``other``."""
        for name in ("caption", "credit", "creator", "taken_on"):
            if not getattr(self, name):
                setattr(self, name, getattr(other, name))
        if not self.keywords:
            self.keywords = list(other.keywords)

    def __bool__(self):
        return any(
            (self.caption, self.credit, self.creator, self.taken_on, self.keywords)
        )


def read_metadata(file):
    """The metadata embedded in an image file (path or file object)."""
    found = PhotoMetadata()
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        with Image.open(file) as image:
            for reader in (_from_iptc, _from_xmp, _from_exif):
                try:
                    found.merge(reader(image))
                except Exception:  # a broken block must not stop the upload
                    logger.warning("Unreadable %s in an upload", reader.__name__[6:])
    except OSError:
        return PhotoMetadata()
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    return found


def _text(value):
    if isinstance(value, bytes):
        for encoding in ("utf-8", "latin-1"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return " ".join(str(value).replace("\x00", " ").split()) if value else ""


def _date(value):
    value = _text(value)
    for fmt, length in (
        ("%Y%m%d", 8),
        ("%Y-%m-%d", 10),
        ("%Y:%m:%d", 10),
    ):
        try:
            return datetime.strptime(value[:length], fmt).date()
        except ValueError:
            continue
    return None


def _from_iptc(image):
    info = _iptc_datasets(image)

    def first(tag):
        return next((v for v in info.get(tag, []) if _text(v)), b"")

    return PhotoMetadata(
        caption=_text(first(IPTC_CAPTION)),
        credit=_text(first(IPTC_CREDIT)),
        creator=_text(first(IPTC_BYLINE)),
        taken_on=_date(first(IPTC_DATE_CREATED)),
        # Keywords are repeated datasets, one keyword each (spaces and all).
        keywords=[_text(k) for k in info.get(IPTC_KEYWORDS, []) if _text(k)],
    )


def _iptc_datasets(image):
    """
    ``{(record, dataset): [value, …]}`` of the image's IPTC IIM block.

    JPEG's block is read here, leniently: Pillow's reader gives up on the
    whole block (losing the caption with it) at padding or a dataset it does
    not expect, as agency tools write them. Other formats go through Pillow.
    """
    photoshop = image.info.get("photoshop")
    data = photoshop.get(0x0404) if isinstance(photoshop, dict) else None
    if data is None:
        info = IptcImagePlugin.getiptcinfo(image) or {}
        return {
            tag: value if isinstance(value, list) else [value]
            for tag, value in info.items()
        }
    datasets = {}
    offset = 0
    while offset + 5 <= len(data):
        if data[offset] != 0x1C:
            # Padding or junk between datasets.
            offset += 1
            continue
        tag = (data[offset + 1], data[offset + 2])
        size = int.from_bytes(data[offset + 3 : offset + 5], "big")
        offset += 5
        if size & 0x8000:
            # Extended dataset: the size is in the next (size & 0x7FFF) bytes.
            count = size & 0x7FFF
            size = int.from_bytes(data[offset : offset + count], "big")
            offset += count
        datasets.setdefault(tag, []).append(data[offset : offset + size])
        offset += size
    return datasets


def _xmp_values(node):
    """The text values of an XMP property: plain, or an rdf:Alt/Seq/Bag of them."""
    if node is None:
        return []
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [v for item in node for v in _xmp_values(item)]
    if isinstance(node, dict):
        if "text" in node:
            return [node["text"]]
        for container in ("Alt", "Seq", "Bag", "li"):
            if container in node:
                return _xmp_values(node[container])
    return []


def _from_xmp(image):
    if not hasattr(image, "getxmp"):
        return PhotoMetadata()
    descriptions = (
        image.getxmp().get("xmpmeta", {}).get("RDF", {}).get("Description", [])
    )
    if isinstance(descriptions, dict):
        descriptions = [descriptions]
    found = PhotoMetadata()
    for description in descriptions:

        def first(name, description=description):
            values = _xmp_values(description.get(name))
            return _text(values[0]) if values else ""

        found.merge(
            PhotoMetadata(
                caption=first("description"),
                credit=first("Credit"),
                creator=first("creator"),
                taken_on=_date(first("DateCreated") or first("CreateDate")),
                keywords=[_text(v) for v in _xmp_values(description.get("subject"))],
            )
        )
    return found


def _from_exif(image):
    exif = image.getexif()
    if not exif:
        return PhotoMetadata()
    details = exif.get_ifd(ExifTags.IFD.Exif)
    taken = details.get(ExifTags.Base.DateTimeOriginal) or exif.get(
        ExifTags.Base.DateTime
    )
    return PhotoMetadata(
        caption=_text(exif.get(ExifTags.Base.ImageDescription, "")),
        credit=_text(exif.get(ExifTags.Base.Copyright, "")),
        creator=_text(exif.get(ExifTags.Base.Artist, "")),
        taken_on=_date(taken or ""),
    )
