from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("editing", "0001_autosave"),
    ]

    operations = [
        migrations.AddField(
            model_name="autosave",
            name="form",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.RemoveConstraint(
            model_name="autosave",
            name="editing_autosave_one_per_user_and_story",
        ),
        migrations.AddConstraint(
            model_name="autosave",
            constraint=models.UniqueConstraint(
                condition=Q(article__isnull=False),
                fields=("user", "article", "form"),
                name="editing_autosave_one_per_user_and_story_form",
            ),
        ),
    ]
