"""People saved before the text and slug rules: clean text, repair bad slugs."""

from django.db import migrations

from common.slugs import needs_repair, unique_slug
from common.text import clean_rows


def forwards(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    clean_rows(Person)
    max_length = Person._meta.get_field("slug").max_length
    for person in Person.objects.only("pk", "slug", "name").order_by("pk").iterator():
        if needs_repair(person.slug, person.name):
            person.slug = unique_slug(
                Person, person.name, max_length, exclude_pk=person.pk
            )
            person.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_unicode_slugs"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
