"""
The search index: a plain-text row per story (SearchEntry), and the full-text
index each database puts over it (see articles/search.py).

SQLite: an external-content FTS5 table with the trigram tokenizer, kept in step
with articles_searchentry by triggers. A later migration that makes SQLite
rebuild articles_searchentry drops these triggers and must create them again.

PostgreSQL: a generated, weighted tsvector column with a GIN index, and a
pg_trgm GIN index over the whole text for substring (Khmer) matches.
"""

import html

import django.db.models.deletion
from django.db import migrations, models
from django.utils.html import strip_tags

COLUMNS = ("headline", "deck", "body", "people", "quotes")

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE articles_searchentry_fts USING fts5(
        headline, deck, body, people, quotes,
        content='articles_searchentry', content_rowid='article_id',
        tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER articles_searchentry_fts_insert
    AFTER INSERT ON articles_searchentry BEGIN
        INSERT INTO articles_searchentry_fts(rowid, headline, deck, body, people, quotes)
        VALUES (new.article_id, new.headline, new.deck, new.body, new.people,
                new.quotes);
    END
    """,
    """
    CREATE TRIGGER articles_searchentry_fts_delete
    AFTER DELETE ON articles_searchentry BEGIN
        INSERT INTO articles_searchentry_fts(
            articles_searchentry_fts, rowid, headline, deck, body, people, quotes
        )
        VALUES ('delete', old.article_id, old.headline, old.deck, old.body,
                old.people, old.quotes);
    END
    """,
    """
    CREATE TRIGGER articles_searchentry_fts_update
    AFTER UPDATE ON articles_searchentry BEGIN
        INSERT INTO articles_searchentry_fts(
            articles_searchentry_fts, rowid, headline, deck, body, people, quotes
        )
        VALUES ('delete', old.article_id, old.headline, old.deck, old.body,
                old.people, old.quotes);
        INSERT INTO articles_searchentry_fts(rowid, headline, deck, body, people, quotes)
        VALUES (new.article_id, new.headline, new.deck, new.body, new.people,
                new.quotes);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_insert",
    "DROP TABLE IF EXISTS articles_searchentry_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE articles_searchentry ADD COLUMN document tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english', headline), 'A')
        || setweight(to_tsvector('english', people), 'A')
        || setweight(to_tsvector('english', deck), 'B')
        || setweight(to_tsvector('english', quotes), 'C')
        || setweight(to_tsvector('english', body), 'D')
    ) STORED
    """,
    """
    CREATE INDEX articles_searchentry_document_idx
    ON articles_searchentry USING gin (document)
    """,
    """
    CREATE INDEX articles_searchentry_trgm_idx ON articles_searchentry
    USING gin ((headline || ' ' || deck || ' ' || people || ' ' || quotes
                || ' ' || body) gin_trgm_ops)
    """,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS articles_searchentry_trgm_idx",
    "DROP INDEX IF EXISTS articles_searchentry_document_idx",
    "ALTER TABLE articles_searchentry DROP COLUMN IF EXISTS document",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def _plain(markup):
    return " ".join(html.unescape(strip_tags(markup)).split())


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
    # Stories that exist already; later changes go through articles.search.
    Article = apps.get_model("articles", "Article")
    SearchEntry = apps.get_model("articles", "SearchEntry")
    articles = Article.objects.prefetch_related(
        "bylines__person", "mentions__person", "quotes__speaker"
    )
    for article in articles.iterator(chunk_size=500):
        quotes = list(article.quotes.all())
        people = [b.person for b in article.bylines.all()]
        people += [m.person for m in article.mentions.all()]
        people += [q.speaker for q in quotes]
        names = []
        for person in people:
            for name in [person.name, *person.aliases.splitlines()]:
                name = name.strip()
                if name and name not in names:
                    names.append(name)
        SearchEntry.objects.create(
            article=article,
            headline=article.headline,
            deck=_plain(article.deck),
            body=_plain(article.body),
            people="\n".join(names),
            quotes="\n".join(_plain(q.text) for q in quotes),
        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_mention_described_as'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='articles.article')),
                ('headline', models.TextField(blank=True)),
                ('deck', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('people', models.TextField(blank=True, help_text='Names and aliases.')),
                ('quotes', models.TextField(blank=True)),
            ],
            options={
                'verbose_name_plural': 'search entries',
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
