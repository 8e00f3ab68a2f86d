"""
The Reporter and Editor groups with their permissions.

Reporters write: they add stories and edit the drafts they are bylined on (the
admin enforces the byline and draft rules), add photos and people, and manage the
credits, people, quotes and notes of their drafts. They cannot publish and cannot
delete stories. Editors may do everything to the coverage, including publishing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = {
    "articles": {
        "article": ["add", "change", "view"],
        "photo": ["add", "change", "view"],
        "byline": ["add", "change", "delete", "view"],
        "mention": ["add", "change", "delete", "view"],
        "quote": ["add", "change", "delete", "view"],
        "note": ["add", "change", "delete", "view"],
    },
    "people": {"person": ["add", "change", "view"]},
    "taggit": {"tag": ["add", "view"]},
}
ALL = ["add", "change", "delete", "view"]
EDITOR = {
    "articles": {
        "article": [*ALL, "publish"],
        "photo": ALL,
        "byline": ALL,
        "mention": ALL,
        "quote": ALL,
        "note": ALL,
        "taggedarticle": ALL,
        "taggedphoto": ALL,
    },
    "people": {"person": ALL},
    "taggit": {"tag": ALL},
}


def permissions_for(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    wanted = [
        (app_label, f"{action}_{model}")
        for app_label, models in spec.items()
        for model, actions in models.items()
        for action in actions
    ]
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _app, codename in wanted]
        )
    }
    missing = [key for key in wanted if key not in found]
    if missing:
        raise RuntimeError(f"Permissions missing: {missing}")
    return [found[key] for key in wanted]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the groups
    # need them now, on a fresh database too.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    for name, spec in [("Reporter", REPORTER), ("Editor", EDITOR)]:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions_for(apps, spec))


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Reporter", "Editor"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0001_initial'),
        ('people', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'get_latest_by': 'published_at', 'ordering': ['-published_at', '-pk'], 'permissions': [('publish_article', 'Can publish, schedule and unpublish stories')]},
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]
