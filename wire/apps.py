from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WireConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wire"
    verbose_name = _("Wire")
