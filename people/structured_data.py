"""schema.org JSON-LD and page metadata for a person's page."""

from django.conf import settings
from django.urls import reverse

from articles.sanitize import plain_text
from articles.structured_data import breadcrumbs_json_ld


def person_json_ld(person, request):
    url = request.build_absolute_uri(person.get_absolute_url())
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
        data["image"] = request.build_absolute_uri(person.portrait.url)
    if person.is_staff:
        data["worksFor"] = {"@type": "Organization", "name": settings.SITE_NAME}
    return data


def person_breadcrumbs(person):
    return [
        (settings.SITE_NAME, reverse("articles:front")),
        (person.name, person.get_absolute_url()),
    ]


def person_page_json_ld(person, request):
    return [
        person_json_ld(person, request),
        breadcrumbs_json_ld(person_breadcrumbs(person), request),
    ]


def person_page_meta(person, request):
    """What a person's page tells sharing sites and search engines."""
    meta = {
        "canonical": request.build_absolute_uri(person.get_absolute_url()),
        "og_type": "profile",
        "title": person.name,
        "description": plain_text(person.bio)
        or person.description
        or f"Stories by and about {person.name} from {settings.SITE_NAME}.",
    }
    if person.portrait:
        meta["image"] = request.build_absolute_uri(person.portrait.url)
        meta["image_alt"] = person.name
    return meta
