"""
WireCopy, adopted from the articles app with its table ``articles_wirecopy``.

``articles/migrations/0007_wire_copy.py`` created the table; this migration
only tells the migration state that the model is now ``wire.WireCopy``.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("articles", "0007_wire_copy"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WireCopy",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("text", models.TextField(verbose_name="original copy")),
                        ("format", models.CharField(choices=[("text", "Plain text"), ("ninjs", "IPTC ninjs")], default="text", max_length=10)),
                        ("filename", models.CharField(blank=True, max_length=255)),
                        ("checksum", models.CharField(db_index=True, max_length=64)),
                        ("uri", models.CharField(blank=True, help_text="A ninjs item's uri.", max_length=500, verbose_name="agency URI")),
                        ("version", models.CharField(blank=True, max_length=50)),
                        ("caption", models.TextField(blank=True, verbose_name="photo caption")),
                        ("credit", models.CharField(blank=True, max_length=200, verbose_name="photo credit")),
                        ("imported_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="wire_copies", to="articles.article")),
                        ("imported_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "wire copy",
                        "verbose_name_plural": "wire copies",
                        "db_table": "articles_wirecopy",
                        "ordering": ["-imported_at", "-pk"],
                        "indexes": [models.Index(fields=["uri"], name="wirecopy_uri_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
