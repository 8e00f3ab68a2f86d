"""
Search entries written before Khmer words were segmented get their words marked
(``common.khmer.separate_words``), as every entry is written now. On SQLite the
FTS5 triggers carry each update into the full-text table.
"""

from django.db import migrations

from common.khmer import WORD_SEPARATOR, has_khmer, separate_words

COLUMNS = ("headline", "deck", "body", "people", "quotes")


def mark_words(apps, schema_editor):
    SearchEntry = apps.get_model("articles", "SearchEntry")
    changed = []
    for entry in SearchEntry.objects.iterator(chunk_size=500):
        texts = [getattr(entry, column) for column in COLUMNS]
        if not any(has_khmer(text) for text in texts):
            continue
        for column, text in zip(COLUMNS, texts, strict=True):
            setattr(entry, column, separate_words(text))
        changed.append(entry)
    SearchEntry.objects.bulk_update(changed, COLUMNS, batch_size=500)


def unmark_words(apps, schema_editor):
    SearchEntry = apps.get_model("articles", "SearchEntry")
    entries = list(SearchEntry.objects.all())
    for entry in entries:
        for column in COLUMNS:
            setattr(entry, column, getattr(entry, column).replace(WORD_SEPARATOR, ""))
    SearchEntry.objects.bulk_update(entries, COLUMNS, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_translation_of"),
    ]

    operations = [
        migrations.RunPython(mark_words, unmark_words),
    ]
