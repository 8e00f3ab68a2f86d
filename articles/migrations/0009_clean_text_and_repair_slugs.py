"""
Rows saved before the text rule and the slug rule existed (common.text,
common.slugs): clean their text fields, and give a working slug to stories and
tags whose slug is empty, invalid or lost its combining marks (``កមពជ``).
Stories headlined in Khmer script are marked Khmer, as their JSON-LD and news
sitemap entry already said before stories had a language.
"""

from django.db import migrations

from common.slugs import needs_repair, unique_slug
from common.text import clean_rows

TEXT_MODELS = ["Photo", "Article", "Byline", "Mention", "Quote", "Note", "SearchEntry"]


def repair_slugs(model, source):
    max_length = model._meta.get_field("slug").max_length
    rows = model._default_manager.only("pk", "slug", source).order_by("pk")
    for row in rows.iterator(chunk_size=500):
        if needs_repair(row.slug, getattr(row, source)):
            row.slug = unique_slug(
                model, getattr(row, source), max_length, exclude_pk=row.pk
            )
            row.save(update_fields=["slug"])


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(headline__regex="[\u1780-\u17ff]").update(language="km")
    for name in TEXT_MODELS:
        clean_rows(apps.get_model("articles", name))
    clean_rows(apps.get_model("taggit", "Tag"))
    repair_slugs(apps.get_model("articles", "Article"), "headline")
    repair_slugs(apps.get_model("taggit", "Tag"), "name")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_unicode_slugs_and_story_language"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
