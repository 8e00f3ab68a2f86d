from django.conf import settings

from images.icons import icon_version


def site(request):
    """The site's name, and the version its icon links carry, for every template."""
    return {"SITE_NAME": settings.SITE_NAME, "ICON_VERSION": icon_version()}
