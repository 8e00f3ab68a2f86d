"""System checks of the site's own settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from PIL import Image, UnidentifiedImageError

from images.icons import configured_source


@register(Tags.security, deploy=True)
def media_served_by_django(app_configs, **kwargs):
    """Django serving /media/ is for development; production has a server for it."""
    if settings.SERVE_MEDIA and not (settings.DEBUG or settings.LOCAL):
        return [
            Warning(
                "Django serves uploaded media itself (NEWSROOM_SERVE_MEDIA=1).",
                hint=(
                    "Serve MEDIA_ROOT at MEDIA_URL from the front-end server, or "
                    "set AWS_STORAGE_BUCKET_NAME for object storage, and unset "
                    "NEWSROOM_SERVE_MEDIA."
                ),
                id="newsroom.W001",
            )
        ]
    return []


@register()
def icon_source_readable(app_configs, **kwargs):
    """``NEWSROOM_ICON_SOURCE`` names an image Pillow can read."""
    path = configured_source()
    if path is None:
        return []
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, UnidentifiedImageError):
        return [
            Warning(
                f"NEWSROOM_ICON_SOURCE {str(path)!r} is not a readable image.",
                hint="The icons are drawn from the site name until it is.",
                id="newsroom.W002",
            )
        ]
    return []
