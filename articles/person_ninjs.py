"""
People as IPTC ninjs 2.2 documents, for the read-only API (``articles/api.py``).

ninjs has no item type for a person, so a person is a ``text`` item about
them (profile ``newsroom-person``): the name as title and headline, the bio and
current title as descriptions, the person as the item's subject, other
spellings as alternative ids and the portrait as an associated picture.
"""

import mimetypes

from common.links import absolute_url, tag_uri
from common.sanitize import plain_text

from .ninjs import iso, person_entry, standard


def person_ninjs(person):
    document = {
        "uri": tag_uri("person", person),
        "standard": standard(),
        "type": "text",
        "representationtype": "full",
        "profile": "newsroom-person",
        "firstcreated": iso(person.created_at),
        "versioncreated": iso(person.modified_at),
        "pubstatus": "usable",
        "title": person.name,
        "slugline": person.slug,
        "headlines": [
            {"role": "main", "contenttype": "text/plain", "value": person.name}
        ],
        "people": [person_entry(person, "subject")],
        "altids": [{"role": "url", "value": absolute_url(person.get_absolute_url())}]
        + [{"role": "alias", "value": alias} for alias in person.alias_list],
    }
    descriptions = [
        {"role": role, "contenttype": "text/plain", "value": text}
        for role, text in (
            ("title", person.description),
            ("bio", plain_text(person.bio)),
        )
        if text
    ]
    if descriptions:
        document["descriptions"] = descriptions
    if person.portrait:
        rendition = {
            "name": "original",
            "href": absolute_url(person.portrait.url),
            "contenttype": mimetypes.guess_type(person.portrait.name)[0]
            or "image/jpeg",
        }
        if person.portrait_width and person.portrait_height:
            rendition["width"] = person.portrait_width
            rendition["height"] = person.portrait_height
        document["associations"] = [
            {
                "name": "portrait",
                "uri": f"{document['uri']}:portrait",
                "type": "picture",
                "renditions": [rendition],
                "people": [person_entry(person, "depicted")],
            }
        ]
    return document
