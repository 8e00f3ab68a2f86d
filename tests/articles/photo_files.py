"""JPEG files carrying agency metadata (IPTC and XMP), made in the test."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

XMP = """<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
 <rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
  <rdf:Description rdf:about=''
    xmlns:dc='http://purl.org/dc/elements/1.1/'
    xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/'
    photoshop:Credit='{credit}'
    photoshop:DateCreated='{date}'>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang='x-default'>{caption}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
   <dc:subject><rdf:Bag>{keywords}</rdf:Bag></dc:subject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>"""


def iptc_segment(records, padding=b""):
    """A JPEG APP13 segment holding IPTC IIM record 2 ``(dataset, text)`` pairs."""
    iim = padding + b"".join(
        b"\x1c\x02" + bytes([dataset]) + len(value).to_bytes(2, "big") + value
        for dataset, text in records
        for value in [text.encode()]
    )
    resource = (
        b"8BIM"
        + (0x0404).to_bytes(2, "big")
        + b"\x00\x00"
        + len(iim).to_bytes(4, "big")
        + iim
        + (b"\x00" if len(iim) % 2 else b"")
    )
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def agency_jpeg(
    name="agency.jpg",
    *,
    iptc=(),
    caption="",
    credit="",
    creator="",
    date="",
    keywords=(),
    size=(80, 60),
):
    """A real JPEG with the given IPTC records and XMP fields."""
    buffer = io.BytesIO()
    xmp = XMP.format(
        caption=caption,
        credit=credit,
        creator=creator,
        date=date,
        keywords="".join(f"<rdf:li>{k}</rdf:li>" for k in keywords),
    )
    Image.new("RGB", size, (90, 120, 150)).save(buffer, "JPEG", xmp=xmp.encode())
    data = buffer.getvalue()
    if iptc:
        data = data[:2] + iptc_segment(iptc) + data[2:]
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def iptc_only_jpeg(name="iptc.jpg", *, iptc, padding=b"", size=(80, 60)):
    """A real JPEG whose only metadata is the given IPTC records: no XMP, no EXIF."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(buffer, "JPEG")
    data = buffer.getvalue()
    data = data[:2] + iptc_segment(iptc, padding) + data[2:]
    return SimpleUploadedFile(name, data, content_type="image/jpeg")
