"""
Once granted the Editor group the right to view users. The group belongs to
``articles``, which builds on this app, so the grant moved to
``articles.0011_editors_view_accounts``; this migration stays, empty, so the
migration history of existing databases is unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_created_by"),
    ]

    operations = []
