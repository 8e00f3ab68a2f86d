"""
The content type of wire copy follows the model from articles to wire.

Permissions, admin log entries and django-reversion versions point at the
content type row, so renaming it (rather than letting Django make a new one)
keeps every grant and history entry working. Where both rows already exist, the
old row's permissions and references move to the new row before it is removed.
"""

from django.db import migrations


def rename(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    source = ContentType.objects.filter(app_label=old, model="wirecopy").first()
    if source is None:
        return
    target = ContentType.objects.filter(app_label=new, model="wirecopy").first()
    if target is None:
        source.app_label = new
        source.save(update_fields=["app_label"])
        return
    for permission in Permission.objects.filter(content_type=source):
        twin = Permission.objects.filter(
            content_type=target, codename=permission.codename
        ).first()
        if twin is None:
            permission.content_type = target
            permission.save(update_fields=["content_type"])
            continue
        for group in permission.group_set.all():
            group.permissions.add(twin)
        for user in permission.user_set.all():
            user.user_permissions.add(twin)
        permission.delete()
    # Log entries, versions and anything else keyed on the content type move
    # too, so that deleting the old row cascades to nothing.
    for model in apps.get_models():
        if model is Permission:
            continue
        for field in model._meta.fields:
            if (
                field.many_to_one
                and field.related_model._meta.label == "contenttypes.ContentType"
            ):
                model._default_manager.filter(**{field.name: source}).update(
                    **{field.name: target}
                )
    source.delete()


def forwards(apps, schema_editor):
    rename(apps, schema_editor, "articles", "wire")


def backwards(apps, schema_editor):
    rename(apps, schema_editor, "wire", "articles")


class Migration(migrations.Migration):

    dependencies = [
        ("wire", "0001_initial"),
        # After articles has let go of the model, so that no later run of
        # create_contenttypes makes the articles row again.
        ("articles", "0012_wire_copy_moves_to_wire"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
