"""
Editors link staff accounts to people: the person form's account autocomplete
needs them to view users (the User admin itself stays with superusers).

The Editor group is this app's (``0002_editorial_roles``), so granting it is
too; ``people.0004_editors_link_accounts`` did it before and now does nothing.
Adding a permission the group already has changes nothing, so databases that
ran the old migration end with the same permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def view_user_permission(apps):
    Permission = apps.get_model("auth", "Permission")
    lookup = {"content_type__app_label": "auth", "codename": "view_user"}
    permission = Permission.objects.filter(**lookup).first()
    if permission is None:
        # Permissions are normally created after all migrations have run.
        app_config = apps.get_app_config("auth")
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        permission = Permission.objects.get(**lookup)
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    view_user = view_user_permission(apps)
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(view_user)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="auth", codename="view_user"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_review_workflow_slug_history_photo_details"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
