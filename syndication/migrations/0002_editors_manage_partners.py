"""
Editors manage partners, their keys and endpoints, and read and resend the
delivery log; reporters get nothing here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ["add", "change", "delete", "view"]
EDITOR = {
    "partner": ALL,
    "partnerkey": ALL,
    "endpoint": ALL,
    # Change: "Send again". Deliveries are made by pushes, never by hand.
    "delivery": ["change", "view"],
}


def permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    wanted = [f"{action}_{model}" for model, actions in EDITOR.items() for action in actions]
    lookup = {"content_type__app_label": "syndication", "codename__in": wanted}
    if Permission.objects.filter(**lookup).count() < len(wanted):
        # Permissions are normally created after all migrations have run.
        app_config = apps.get_app_config("syndication")
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return list(Permission.objects.filter(**lookup))


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = permissions(apps)
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="syndication")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("syndication", "0001_partners_keys_endpoints_deliveries"),
        ("articles", "0002_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
