"""WireCopy moved from articles to wire: its rows, table and permissions survive."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wire.models import WireCopy

BEFORE = [
    ("articles", "0010_review_workflow_slug_history_photo_details"),
    ("wire", None),
]
ARTICLES_LETS_GO = [("articles", "0012_wire_copy_moves_to_wire")]
WIRE_ADOPTS = [("wire", "0001_initial")]
WIRE_RENAMES = [("wire", "0002_wirecopy_content_type")]


def migrate(targets):
    """Migrate to ``targets``; the models as the applied migrations leave them."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def copy_as_main_had_it():
    """A database as the code before the move left it: articles.WireCopy, in use."""
    old = migrate(BEFORE)
    Article = old.get_model("articles", "Article")
    OldCopy = old.get_model("articles", "WireCopy")
    Type = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    article = Article.objects.create(headline="US Renews Call", slug="us-renews-call")
    copy = OldCopy.objects.create(
        article=article, text="Copy as it came.", checksum="c"
    )
    old_type, _created = Type.objects.get_or_create(
        app_label="articles", model="wirecopy"
    )
    view, _created = Permission.objects.get_or_create(
        content_type=old_type, codename="view_wirecopy", defaults={"name": "Can view"}
    )
    desk = Group.objects.create(name="Wire desk")
    desk.permissions.add(view)
    return copy.pk, old_type.pk, desk.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "order",
    [
        [ARTICLES_LETS_GO, WIRE_ADOPTS, WIRE_RENAMES],
        [WIRE_ADOPTS, ARTICLES_LETS_GO, WIRE_RENAMES],
    ],
    ids=["articles-first", "wire-first"],
)
def test_copy_rows_and_permissions_survive_in_either_order(order):
    """Either app migrating first, the copy and who may see it are unchanged."""
    try:
        copy_pk, type_pk, group_pk = copy_as_main_had_it()
        for targets in order:
            migrate(targets)
        call_command("migrate", verbosity=0)
        ContentType.objects.clear_cache()
        copy = WireCopy.objects.get(pk=copy_pk)
        assert copy.text == "Copy as it came."
        assert copy.article.headline == "US Renews Call"
        assert ContentType.objects.get_for_model(WireCopy).pk == type_pk
        assert not ContentType.objects.filter(
            app_label="articles", model="wirecopy"
        ).exists()
        user = get_user_model().objects.create_user("desk", is_staff=True)
        user.groups.add(group_pk)
        assert user.has_perm("wire.view_wirecopy")
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_both_content_types_merge_into_one():
    """A wire row made early takes over the old row's grants and history."""
    try:
        copy_pk, type_pk, group_pk = copy_as_main_had_it()
        migrate(WIRE_ADOPTS)
        # As if something asked for the wire model's type before 0002 ran.
        early = ContentType.objects.create(app_label="wire", model="wirecopy")
        Permission.objects.create(
            content_type=early, codename="view_wirecopy", name="Can view wire copy"
        )
        LogEntry.objects.create(
            content_type_id=type_pk,
            object_id=str(copy_pk),
            object_repr="copy",
            action_flag=ADDITION,
            user=get_user_model().objects.create_user("writer"),
        )
        call_command("migrate", verbosity=0)
        ContentType.objects.clear_cache()
        assert ContentType.objects.get_for_model(WireCopy).pk == early.pk
        assert not ContentType.objects.filter(pk=type_pk).exists()
        assert LogEntry.objects.get().content_type_id == early.pk
        user = get_user_model().objects.create_user("desk", is_staff=True)
        user.groups.add(group_pk)
        assert user.has_perm("wire.view_wirecopy")
    finally:
        call_command("migrate", verbosity=0)
