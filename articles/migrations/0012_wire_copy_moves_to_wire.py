"""
WireCopy moved to the wire app; its table stays where it is.

Only the migration state forgets the model: the table, its rows and its index
are the wire app's from now on (``wire/migrations/0001_initial.py`` adopts them
without touching the database). Nothing here depends on ``wire``, so the two
migrations may run in either order.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0011_editors_view_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WireCopy")],
            database_operations=[],
        ),
    ]
