from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Stories")

    def ready(self):
        from common.slugs import register_converter

        # <uslug:…> in URL patterns: slugs in any script (common.slugs).
        register_converter()
        from . import cache_keys, signals

        cache_keys.register()
        signals.connect()
