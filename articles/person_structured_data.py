"""schema.org JSON-LD and page metadata for a person's page."""

from django.conf import settings
from django.urls import reverse

from common.links import absolute_url
from common.sanitize import plain_text
from images.share_images import ShareImage, share_image

from .structured_data import breadcrumbs_json_ld, share_image_object


def portrait_image(person):
    """A person's share image: their portrait, or one drawn with their name."""
    if person.portrait:
        return ShareImage(
            url=absolute_url(person.portrait.url),
            width=person.portrait_width,
            height=person.portrait_height,
            alt=person.name,
        )
    return share_image(person.name)


def person_json_ld(person):
    url = absolute_url(person.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": url,
        "url": url,
        "name": person.name,
        "mainEntityOfPage": {"@type": "ProfilePage", "@id": url},
    }
    if person.alias_list:
        data["alternateName"] = person.alias_list
    if person.title:
        data["jobTitle"] = person.title
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    if person.bio:
        data["description"] = plain_text(person.bio)
    if person.portrait:
        data["image"] = absolute_url(person.portrait.url)
    else:
        data["image"] = share_image_object(share_image(person.name))
    if person.is_staff:
        data["worksFor"] = {"@type": "Organization", "name": settings.SITE_NAME}
    return data


def person_breadcrumbs(person):
    return [
        (settings.SITE_NAME, reverse("articles:front")),
        (person.name, person.get_absolute_url()),
    ]


def person_page_json_ld(person):
    return [
        person_json_ld(person),
        breadcrumbs_json_ld(person_breadcrumbs(person)),
    ]


def person_page_meta(person):
    """What a person's page tells sharing sites and search engines."""
    return {
        "canonical": absolute_url(person.get_absolute_url()),
        "og_type": "profile",
        "title": person.name,
        "description": plain_text(person.bio)
        or person.description
        or f"Stories by and about {person.name} from {settings.SITE_NAME}.",
        "image": portrait_image(person),
    }
