from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    """Partners: their keys, their API, and stories pushed to their endpoints."""

    name = "syndication"
    verbose_name = _("Syndication")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import events

        from . import push

        # Called after the change commits; it only queues the fan-out.
        events.subscribe(push.story_events)
