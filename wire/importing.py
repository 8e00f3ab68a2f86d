"""
Wire drafts and accepted suggestions, written to the database.

Plain functions shared by the admin screens and ``manage.py import_wire``.
Roles come from ``articles.rules``: anyone who may add stories imports,
a reporter's import is a draft bylined to her, and updating a story from new
copy needs the right to edit it. Nothing is created from a suggestion until an
editor accepts it, and accepting the same suggestion again creates nothing.
"""

import re
from dataclasses import dataclass
from datetime import date

import reversion
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from articles import publishing, rules
from articles.models import Article, Byline, Mention, Quote
from common.slugs import unique_slug
from people.models import Person

from .draft import html_paragraphs
from .khmer import candidate_names, is_khmer
from .models import WireCopy
from .suggest import suggest
from .text import core_name, fold
from .vocabulary import NOT_NAME


class ImportRefused(Exception):
    """The user may not import or update this story; the message says why."""


# --- Drafts ------------------------------------------------------------------


def earlier_copy(draft):
    """The story an earlier import of this copy (or of this agency item) made."""
    copies = WireCopy.objects.select_related("article")
    same = copies.filter(checksum=draft.checksum).first()
    if same is None and draft.uri:
        same = copies.filter(uri=draft.uri).first()
    if same is None and draft.headline and not draft.headline_made_up:
        same = copies.filter(article__headline=draft.headline).first()
    if same is None and draft.paragraphs and len(draft.paragraphs[0]) >= 40:
        # Copy without a headline: the same opening paragraph is the same story.
        same = copies.filter(text__contains=draft.paragraphs[0][:300]).first()
    return same


def new_slug(model, name):
    """The house slug (``common.slugs``) for a new story or person."""
    return unique_slug(model, name, model._meta.get_field("slug").max_length)


def check_may_import(user, article=None):
    """Raise ImportRefused unless the user may import (into ``article``)."""
    if user is None:
        return
    if article is not None:
        if not rules.can_edit(user, article):
            raise ImportRefused(
                f"You may not change “{article}”; ask an editor to update it."
            )
        return
    if not user.has_perm("articles.add_article"):
        raise ImportRefused("You may not add stories.")
    if not rules.can_publish(user) and getattr(user, "person", None) is None:
        raise ImportRefused(
            "Your account is not linked to a person, so the story could not be "
            "bylined to you and you could not edit it. Ask an editor to link it "
            "(People → Staff account)."
        )


def copy_language(draft):
    """The story language the copy is in: as its ninjs says, else Khmer when
    written in Khmer letters; "" leaves the site's default."""
    code = (draft.language or "").split("-")[0].lower()
    if code in Article.Language.values:
        return code
    if is_khmer([draft.headline, *draft.paragraphs]):
        return Article.Language.KHMER
    return ""


def import_draft(draft, user=None, filename="", source="", update=None):
    """
    Save the wire draft as a new draft story, or as new text of ``update``.

    Returns ``(article, created)``. A reporter's new story is bylined to her.
    """
    check_may_import(user, update)
    with transaction.atomic(), reversion.create_revision():
        if update is None:
            article = Article(status=Article.Status.DRAFT)
            article.slug = new_slug(Article, draft.headline)
            language = copy_language(draft)
            if language:
                article.language = language
        else:
            article = update
        article.headline = draft.headline
        article.deck = draft.deck
        article.body = draft.body_html
        article.dateline = draft.dateline[:100]
        article.source = (source or draft.source or article.source)[:100]
        article.save()
        if update is None and user is not None and not rules.can_publish(user):
            publishing.credit_author(article, user)
        WireCopy.objects.create(
            article=article,
            text=draft.original,
            format=draft.format,
            filename=filename[:255],
            checksum=draft.checksum,
            uri=draft.uri[:500],
            version=draft.version[:50],
            caption=draft.caption,
            credit=draft.credit[:200],
            imported_by=user if user is not None and user.is_authenticated else None,
        )
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(
            "Imported from wire copy." if update is None else "Updated from wire copy."
        )
    return article, update is None


# --- Suggestions -------------------------------------------------------------


def candidate_people(paragraphs):
    """Existing people whose name or alias may be in the text, for suggest()."""
    words = {
        word.rstrip(".,;:’'s")
        for paragraph in paragraphs
        for word in re.findall(r"\b[^\W\d_][\w’'.-]+", paragraph)
        if word[:1].isupper()
    }
    words = sorted(w for w in words if len(w) >= 3 and fold(w) not in NOT_NAME)[:80]
    if is_khmer(paragraphs):
        # Khmer has no capitals: the names the Khmer rules find, in both
        # spellings of ត/ដ, and their Latin forms.
        words += candidate_names(paragraphs)[:80]
    if not words:
        return []
    query = Q()
    for word in words:
        query |= Q(name__icontains=word) | Q(aliases__icontains=word)
    rows = Person.objects.filter(query).values_list("pk", "name", "aliases")
    return [
        (pk, name, [a.strip() for a in aliases.splitlines() if a.strip()])
        for pk, name, aliases in rows[:500]
    ]


def story_date(article):
    if article.published_at:
        return timezone.localtime(article.published_at).date()
    copy = article.wire_copies.first()
    if copy is not None:
        return timezone.localtime(copy.imported_at).date()
    return None


def suggestions_for(article):
    """People and quotes suggested for a story, from its body as it is now."""
    paragraphs = html_paragraphs(article.body or "")
    copy = article.wire_copies.first()
    credit = copy.credit if copy else ""
    photo = article.lead_photo
    if not credit and photo is not None and photo.photographer_id is None:
        credit = photo.credit
    return suggest(
        paragraphs,
        candidate_people([*paragraphs, credit]),
        story_date(article),
        credit=credit,
        language=article.language,
    )


@dataclass
class Applied:
    people_created: int = 0
    aliases_added: int = 0
    mentions_created: int = 0
    bylines_created: int = 0
    quotes_created: int = 0
    skipped: int = 0

    def __str__(self):
        parts = [
            (self.people_created, "new person", "new people"),
            (self.mentions_created, "person added to the story", "people added"),
            (self.quotes_created, "quote", "quotes"),
            (self.bylines_created, "credit", "credits"),
            (self.aliases_added, "alias", "aliases"),
        ]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
        text = ", ".join(said) if said else "nothing new"
        if self.skipped:
            text += f" ({self.skipped} already in the story)"
        return text


def match_person(name):
    """The existing person with this name or alias (initials and accents aside)."""
    core = core_name(name)
    if not core:
        return None
    last = core.split()[-1]
    for person in Person.objects.filter(
        Q(name__icontains=last) | Q(aliases__icontains=last)
    ):
        names = [person.name, *person.alias_list]
        if any(core_name(n) == core for n in names):
            return person
    return None


def resolve_person(choice, applied):
    """The Person for an accepted people row: chosen, matched, or created."""
    person = None
    if choice.get("person_id"):
        person = Person.objects.filter(pk=choice["person_id"]).first()
    name = " ".join((choice.get("name") or "").split())[:200]
    if person is None and name:
        person = match_person(name)
    if person is None:
        if not name:
            return None
        title = choice.get("described_as", "")
        person = Person.objects.create(
            name=name,
            slug=new_slug(Person, name),
            title=(title[:1].upper() + title[1:])[:200],
        )
        applied.people_created += 1
    alias = " ".join((choice.get("new_alias") or "").split())
    names = [person.name, *person.alias_list]
    if (
        alias
        and alias not in names
        and any(core_name(alias) == core_name(n) for n in names)
    ):
        person.aliases = "\n".join([*person.alias_list, alias])
        person.save(update_fields=["aliases", "modified_at"])
        applied.aliases_added += 1
    return person


def same_text(a, b):
    return fold(a) == fold(b)


def apply_suggestions(article, people, quotes, user=None):
    """
    Create what the editor accepted: people, mentions, credits and quotes.

    ``people``: dicts with ``key``, ``name``, ``person_id``, ``described_as``,
    ``new_alias``, ``role``; ``quotes``: dicts with ``text``, ``speaker`` (a
    people key), ``speaker_title``, ``kind``, ``said_on``. Only accepted rows are
    passed. What already exists is left as it is.
    """
    applied = Applied()
    if user is not None and not rules.can_edit(user, article):
        raise ImportRefused(f"You may not change “{article}”.")
    with transaction.atomic(), reversion.create_revision():
        persons = {}
        for choice in people:
            person = resolve_person(choice, applied)
            if person is None:
                continue
            persons[choice["key"]] = (person, choice)
            if choice.get("role") == "photographer":
                _byline, created = Byline.objects.get_or_create(
                    article=article,
                    person=person,
                    role=Byline.Role.PHOTOGRAPHER,
                    defaults={"position": article.bylines.count()},
                )
                applied.bylines_created += created
                continue
            mention, created = Mention.objects.get_or_create(
                article=article,
                person=person,
                defaults={"described_as": choice.get("described_as", "")[:200]},
            )
            if created:
                applied.mentions_created += 1
            elif not mention.described_as and choice.get("described_as"):
                mention.described_as = choice["described_as"][:200]
                mention.save(update_fields=["described_as"])
            else:
                applied.skipped += 1
        existing = list(article.quotes.values_list("speaker_id", "text"))
        position = article.quotes.aggregate(top=Max("position"))["top"] or 0
        for choice in quotes:
            speaker = persons.get(choice.get("speaker"))
            if speaker is None:
                continue
            person = speaker[0]
            text = choice["text"].strip()
            if not text:
                continue
            if any(pk == person.pk and same_text(t, text) for pk, t in existing):
                applied.skipped += 1
                continue
            position += 1
            Quote.objects.create(
                article=article,
                speaker=person,
                text=text,
                speaker_title=(choice.get("speaker_title") or "")[:200],
                kind=choice.get("kind") or Quote.Kind.SPOKEN,
                said_on=choice.get("said_on") or None,
                position=position,
            )
            existing.append((person.pk, text))
            applied.quotes_created += 1
            if not Mention.objects.filter(article=article, person=person).exists():
                Mention.objects.create(
                    article=article,
                    person=person,
                    described_as=(choice.get("speaker_title") or "")[:200],
                )
                applied.mentions_created += 1
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(f"Suggestions accepted: {applied}.")
        # The story itself is saved so its history records the new rows.
        article.save(update_fields=["modified_at"])
    return applied


def accept_all(article, suggestions, user=None):
    """Accept every suggestion as made (quotes without a speaker are left out)."""
    people = [
        {
            "key": p.key,
            "name": p.name,
            "person_id": p.person_id,
            "described_as": p.described_as,
            "new_alias": p.new_alias,
            "role": p.role,
        }
        for p in suggestions.people
    ]
    quotes = [
        {
            "text": q.text,
            "speaker": q.speaker,
            "speaker_title": q.speaker_title,
            "kind": q.kind,
            "said_on": q.said_on,
        }
        for q in suggestions.quotes
        if q.speaker
    ]
    return apply_suggestions(article, people, quotes, user=user)


def said_on_value(value):
    if isinstance(value, date) or not value:
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
