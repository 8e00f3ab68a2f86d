from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = _("People")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .accounts import remember_admin_language

        user_logged_in.connect(
            remember_admin_language, dispatch_uid="people.admin_language"
        )
