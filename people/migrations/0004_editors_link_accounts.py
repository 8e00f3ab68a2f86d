"""
Editors link staff accounts to people: the person form's account autocomplete
needs them to view users (the User admin itself stays with superusers).
"""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_user = Permission.objects.get(
        content_type__app_label="auth", codename="view_user"
    )
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
        ("people", "0003_person_created_by"),
        ("articles", "0002_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
