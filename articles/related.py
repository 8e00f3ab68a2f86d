"""
Related coverage for a story: the editors' picks first, then stories chosen by
the people and tags they share with it.

One SQL query, whose cost is bounded by the stories sharing something with the
story rather than by the size of the archive: the rows that link the story's
people and tags to other stories (``Mention``, ``TaggedArticle``) and its
curated links are gathered with ``UNION ALL``, each with its weight, grouped by
story and summed, then joined with the public stories, ordered and cut at the
limit.

A tag or person carried by a large part of the archive (a “Politics” tag, a
prime minister) would still make that scan grow with the archive, so for each
shared tag or person only the ``RELATED_SCAN`` stories most recently added with
it are looked at: the composite indexes from migration ``0006_perf_indexes``
(``(tag, story)`` and ``(person, story)``) make that a short index range. Below
that size the scores are exact; above it, an older story sharing a very common
tag is scored without that tag, which only matters for it among equals.

Django's ORM cannot join a grouped ``UNION`` (a derived table), so the query is
written in SQL; whether a story is public still comes from
``Article.objects.published()``, whose conditions are compiled into it.
"""

from django.db import connections, router
from django.db.models import Q

from .models import Article, LiveCoverage, Mention, Photo, TaggedArticle

RELATED_LIMIT = 6
# A person two stories are both about says more than a shared tag does.
PERSON_WEIGHT = 3
TAG_WEIGHT = 1
# How many of the stories carrying one tag or person are considered.
RELATED_SCAN = 100


def _quote(connection, model, field=None):
    if field is None:
        return connection.ops.quote_name(model._meta.db_table)
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _shared_rows(connection, model, key, story, weight):
    """
    SQL for ``(article_id, curated, weight)`` rows: the stories linked to one of
    ``story``'s keys (tags or people), at most ``RELATED_SCAN`` per key.
    """
    table = _quote(connection, model)
    key, story = _quote(connection, model, key), _quote(connection, model, story)
    # The story's own key rows (k) drive a range scan of the other stories with
    # the same key (s), cut at the RELATED_SCAN-th most recently added one.
    return (
        f"SELECT s.{story} AS article_id, 0 AS curated, {int(weight)} AS weight "
        f"FROM {table} k INNER JOIN {table} s ON s.{key} = k.{key} "
        f"WHERE k.{story} = %s AND s.{story} >= COALESCE(("
        f"SELECT c.{story} FROM {table} c WHERE c.{key} = k.{key} "
        f"ORDER BY c.{story} DESC LIMIT 1 OFFSET {int(RELATED_SCAN) - 1}), 0)"
    )


def related_articles(article, limit=RELATED_LIMIT):
    """
    Up to ``limit`` public stories related to ``article``, best first, with
    their lead photos loaded.

    Curated related stories come first, most recent first. The rest are scored
    by shared people (``PERSON_WEIGHT`` each) and shared tags (``TAG_WEIGHT``
    each), most recent first among equal scores. Never the story itself or one
    of its other language versions, never a story that is not public, never
    the same story twice. One query.
    """
    using = router.db_for_read(Article)
    connection = connections[using]
    qn = connection.ops.quote_name
    curated = Article.related.through
    curated_sql = (
        f"SELECT {_quote(connection, curated, 'to_article')} AS article_id, "
        f"1 AS curated, 0 AS weight FROM {_quote(connection, curated)} "
        f"WHERE {_quote(connection, curated, 'from_article')} = %s"
    )
    people_sql = _shared_rows(connection, Mention, "person", "article", PERSON_WEIGHT)
    tags_sql = _shared_rows(
        connection, TaggedArticle, "tag", "content_object", TAG_WEIGHT
    )

    # The story's other language versions are the same story, not coverage.
    versions = Q(translation_of=article.pk)
    if article.translation_of_id is not None:
        versions |= Q(pk=article.translation_of_id)
        versions |= Q(translation_of=article.translation_of_id)
    public = Article.objects.published().exclude(pk=article.pk).exclude(versions).query
    where_sql, where_params = public.get_compiler(using).compile(public.where)

    article_table = qn(Article._meta.db_table)
    photo_table = qn(Photo._meta.db_table)
    # Cards never show the body, the largest column (as on the front page).
    article_fields = [f for f in Article._meta.concrete_fields if f.attname != "body"]
    photo_fields = Photo._meta.concrete_fields
    # The live coverage too: a card says “Live” while it runs.
    live_table = qn(LiveCoverage._meta.db_table)
    live_fields = LiveCoverage._meta.concrete_fields
    columns = (
        [f"{article_table}.{qn(f.column)}" for f in article_fields]
        + [f"{photo_table}.{qn(f.column)}" for f in photo_fields]
        + [f"{live_table}.{qn(f.column)}" for f in live_fields]
    )
    article_pk = f"{article_table}.{qn(Article._meta.pk.column)}"
    published_at = f"{article_table}.{qn('published_at')}"
    sql = (
        f"SELECT {', '.join(columns)} FROM ("
        "SELECT article_id, MAX(curated) AS curated, SUM(weight) AS score FROM ("
        f"{curated_sql} UNION ALL {people_sql} UNION ALL {tags_sql}"
        ") shared GROUP BY article_id"
        # CROSS JOIN: SQLite takes it as an order, scored stories first, then
        # each looked up by primary key; left alone it walks every public story.
        f") scored CROSS JOIN {article_table} "
        f"LEFT OUTER JOIN {photo_table} ON {photo_table}.{qn('id')} = "
        f"{article_table}.{qn('lead_photo_id')} "
        f"LEFT OUTER JOIN {live_table} ON {live_table}.{qn('article_id')} = "
        f"{article_pk} "
        f"WHERE {article_pk} = scored.article_id AND {where_sql} "
        # Curated stories are ordered by date alone; the score ranks the rest.
        "ORDER BY scored.curated DESC, "
        "CASE WHEN scored.curated = 1 THEN 0 ELSE scored.score END DESC, "
        f"{published_at} DESC, {article_pk} DESC "
        "LIMIT %s"
    )
    params = [article.pk, article.pk, article.pk, *where_params, int(limit)]

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    lead_photo = Article._meta.get_field("lead_photo")
    live = Article._meta.get_field("live")
    split = len(article_fields)
    live_split = split + len(photo_fields)
    stories = []
    for row in rows:
        story = _instance(Article, article_fields, row[:split], connection, using)
        photo = None
        if row[split] is not None:
            photo = _instance(
                Photo, photo_fields, row[split:live_split], connection, using
            )
        lead_photo.set_cached_value(story, photo)
        coverage = None
        if row[live_split] is not None:
            coverage = _instance(
                LiveCoverage, live_fields, row[live_split:], connection, using
            )
        live.set_cached_value(story, coverage)
        stories.append(story)
    return stories


def _instance(model, fields, values, connection, using):
    """A model instance from raw column values, converted as the ORM would."""
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for converter in connection.ops.get_db_converters(
            column
        ) + field.get_db_converters(connection):
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(using, [f.attname for f in fields], converted)
