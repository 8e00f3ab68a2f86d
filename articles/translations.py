"""
Linked translations: starting one, telling what its source changed since, and
marking it up to date.

A translation is a story of its own (``Article.translation_of`` points at its
source): it is published, scheduled, corrected and unpublished by the same
workflow as any story, and nothing here couples the two. What links them is
the source's text as it was translated (``source_headline``, ``source_deck``,
``source_body``), which the translation's form and the desk compare with the
source's text today.
"""

import difflib
import re

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from common.sanitize import plain_text
from common.slugs import unique_slug
from people.accounts import person_for

from .models import Article, Byline, Mention
from .rules import can_edit, can_translate

# The fields a translator renders and the diff compares, with what the source's
# text as translated is stored under.
TRANSLATED_FIELDS = {
    "headline": "source_headline",
    "deck": "source_deck",
    "body": "source_body",
}

# Words, runs of space and single other characters: a diff of these reads as
# words changed, not letters.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")

# Block-level ends in a body: the diff keeps paragraphs apart.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption)>", re.IGNORECASE)


def other_languages(article):
    """The languages of the story's other versions, made or still to make."""
    return [code for code in Article.Language.values if code != article.language]


def existing_version(article, language):
    """The story's version in ``language`` (itself, its source, a sibling), or None."""
    source = article.translation_of or article
    if source.language == language:
        return source
    return source.translations.filter(language=language).first()


def translate(article, user, language):
    """
    The draft translation of ``article`` into ``language``, made for ``user``, or
    the one that exists already.

    The draft carries the source's lead photo, tags, the people in it and its
    related stories, and starts with its headline, deck and body for the
    translator to write over (paragraph by paragraph, keeping the links and
    the order of the source), bylined to the translator. The quotes stay: a
    quotation is the speaker's words, which the translator renders in the
    translation's own quotes.
    """
    if not can_translate(user, article):
        raise PermissionDenied(_("You may not translate this story."))
    if language not in Article.Language.values:
        raise ValidationError(_("Unknown language."))
    found = existing_version(article, language)
    if found is not None:
        return found
    source = article.translation_of or article
    try:
        return _start_translation(source, user, language)
    except (IntegrityError, ValidationError):
        # Two clicks at once: the other one made it.
        found = existing_version(source, language)
        if found is None:
            raise
        return found


def _start_translation(source, user, language):
    with transaction.atomic(), reversion.create_revision():
        translation = Article(
            headline=source.headline,
            deck=source.deck,
            body=source.body,
            language=language,
            dateline=source.dateline,
            source=source.source,
            lead_photo=source.lead_photo,
            # The source's address with the language added, until the translator
            # gives the story its own.
            slug=unique_slug(
                Article,
                f"{source.slug}-{language}",
                Article._meta.get_field("slug").max_length,
            ),
            translation_of=source,
            status=Article.Status.DRAFT,
        )
        record_source(translation, source)
        translation.full_clean(exclude=["slug"])
        translation.save()
        translation.tags.set(list(source.tags.all()))
        # One by one, so the change pipeline and the revision see each.
        for person_id, described in source.mentions.values_list(
            "person_id", "described_as"
        ):
            Mention.objects.create(
                article=translation, person_id=person_id, described_as=described
            )
        translation.related.set(list(source.related.all()))
        Byline.objects.create(
            article=translation, person=person_for(user), role=Byline.Role.TRANSLATOR
        )
        reversion.set_user(user)
        reversion.set_comment(
            _("Translation of “%(source)s” started.") % {"source": source}
        )
    return translation


def record_source(translation, source):
    """Record ``source``'s text as what ``translation`` is a translation of."""
    for field, recorded in TRANSLATED_FIELDS.items():
        setattr(translation, recorded, getattr(source, field))


def mark_up_to_date(translation, user):
    """The translator has carried the source's changes over: record its text now."""
    if not can_edit(user, translation):
        raise PermissionDenied(_("You may not change this story."))
    source = translation.translation_of
    if source is None:
        return
    record_source(translation, source)
    # The recorded text is bookkeeping, not the story: the save does not move
    # modified_at, so a form open elsewhere on the translation is not stale.
    Article.objects.filter(pk=translation.pk).update(
        **{
            recorded: getattr(source, field)
            for field, recorded in TRANSLATED_FIELDS.items()
        }
    )


def source_changed_condition():
    """A story filter: translations whose source's text moved since."""
    moved = [
        ~Q(**{recorded: F(f"translation_of__{field}")})
        for field, recorded in TRANSLATED_FIELDS.items()
    ]
    changed = moved[0]
    for condition in moved[1:]:
        changed |= condition
    return Q(translation_of__isnull=False) & changed


def body_text(html):
    """A body's readable text, a paragraph a line."""
    blocks = (plain_text(block) for block in _BLOCK_END.split(html or ""))
    return "\n".join(text for text in blocks if text)


def word_diff(old, new):
    """
    ``[(kind, text)]`` turning ``old`` into ``new``, ``kind`` being "same",
    "removed" or "added"; plain text, for the template to escape.
    """
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    codes = matcher.get_opcodes()
    runs = []
    for index, (op, i1, i2, j1, j2) in enumerate(codes):
        old_text, new_text = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        # A space kept between two changes reads as part of one change.
        between = op == "equal" and old_text.isspace() and 0 < index < len(codes) - 1
        if op == "equal" and not between:
            runs.append(["same", old_text, new_text])
        elif runs and runs[-1][0] == "changed":
            runs[-1][1] += old_text
            runs[-1][2] += new_text
        else:
            runs.append(["changed", old_text, new_text])
    parts = []
    for kind, old_text, new_text in runs:
        if kind == "same":
            parts.append(("same", old_text))
            continue
        if old_text:
            parts.append(("removed", old_text))
        if new_text:
            parts.append(("added", new_text))
    return parts


def source_changes(translation):
    """
    What the source changed since it was translated: ``[(label, parts)]`` for
    each of headline, deck and body that moved (``word_diff`` parts); empty
    when the translation is up to date or has no source.
    """
    source = translation.translation_of
    if source is None:
        return []
    changes = []
    for field, recorded in TRANSLATED_FIELDS.items():
        old, new = getattr(translation, recorded), getattr(source, field)
        if old == new:
            continue
        if field == "body":
            old, new = body_text(old), body_text(new)
        label = Article._meta.get_field(field).verbose_name
        changes.append((label, word_diff(old, new)))
    return changes
