"""
The role matrix: every admin on the site × every URL kind × every role.

Generated from ``admin.site._registry``, so an admin registered later is covered
without a new test; its reporter and editor rights default to "none" until
``REPORTER_MAY``/``EDITOR_MODELS`` below say otherwise. Each test builds one
newsroom (a reporter's draft, a colleague's draft, the reporter's published
story, each with its quote, photo, person and tag, their history and deleted
versions) and runs every case of one admin against it, GET and forged POST,
asserting that a refused POST leaves the database as it was.
"""

import pytest
import reversion
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import NoReverseMatch, reverse
from reversion.models import Version
from taggit.models import Tag

from articles.models import (
    Article,
    Byline,
    LiveCoverage,
    LivePost,
    Mention,
    Note,
    Photo,
    Quote,
    TaggedArticle,
    TaggedPhoto,
)
from people.models import Person
from syndication.models import Delivery, Endpoint, Partner
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

SCENARIOS = ["own_draft", "other_draft", "published"]
ROLES = ["anonymous", "reporter", "editor"]

# What a reporter may do to the object tied to their OWN draft, per model;
# on a colleague's draft or a published story: nothing. Add is separate.
REPORTER_MAY = {
    Article: {"change"},
    # Their own post, on a live story they are bylined on.
    LivePost: {"change", "delete"},
    Quote: {"change", "delete"},
    Photo: {"change"},
    Person: {"change"},
}
REPORTER_ADDS = {Article, Quote, Photo, Person, Tag}
REPORTER_VIEWS = {Article, Quote, Photo, Person, Tag, LivePost}
# Models whose admin an editor runs entirely (history, revert, recover included).
EDITOR_MODELS = {Article, Quote, Photo, Person, Tag, Partner, LivePost}
# What an editor may do where they may not do everything: the delivery log is
# read and resent (its change form, all read-only), never written by hand.
EDITOR_MAY = {Delivery: {"changelist", "view", "change", "history"}}
# Added on another screen (a live post on its story's live desk): no add form,
# so nothing to recover through one either.
ADDED_ELSEWHERE = {LivePost}

WATCHED = [Byline, Mention, Note, TaggedArticle, TaggedPhoto, Version, LogEntry]


def snapshot():
    """Every row an admin could change, as plain values."""
    models = {*admin.site._registry, *WATCHED}
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in models
    }


def url(model, kind, *args):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{kind}", args=args)
    except NoReverseMatch:
        return None


def saved_revision(obj, comment="Saved."):
    with reversion.create_revision():
        obj.save()
        reversion.set_comment(comment)


@pytest.fixture
def newsroom(reporter, other_reporter, editor):
    """Three stories, each with its parts, history and a deleted sibling."""
    world = {}
    for scenario, owner in [
        ("own_draft", reporter),
        ("other_draft", other_reporter),
        ("published", reporter),
    ]:
        source = make_person(f"Source {scenario}", created_by=reporter)
        photo = make_photo(caption=f"Photo {scenario}", photographer=source)
        tag, _ = Tag.objects.get_or_create(name=f"tag-{scenario}")
        article = make_article(
            f"Story {scenario}", published=False, lead_photo=photo, tags=[tag]
        )
        Byline.objects.create(article=article, person=owner.person)
        Mention.objects.create(article=article, person=source)
        Quote.objects.create(article=article, speaker=source, text=f"Said {scenario}")
        Note.objects.create(article=article, kind="correction", text="Fixed.")
        # Live, with a post by the reporter on their drafts and by the desk on
        # the published story.
        LiveCoverage.objects.create(article=article)
        post_author = editor.person if scenario == "published" else owner.person
        saved_revision(
            LivePost(article=article, author=post_author, body=f"<p>{scenario}</p>")
        )
        # A revision of the story as a draft, following its quotes and notes.
        saved_revision(article, "Draft.")
        for obj in (photo, source, *article.quotes.all()):
            saved_revision(obj)
        if scenario == "published":
            article.status = Article.Status.PUBLISHED
            article.published_at = article.created_at
            saved_revision(article, "Published.")
        world[scenario] = article
    # One deleted object per restorable model, for the recover pages.
    doomed_story = make_article("Doomed", published=False)
    doomed_person = make_person("Doomed Person", created_by=reporter)
    doomed = [
        doomed_story,
        doomed_person,
        make_photo(caption="Doomed photo"),
        Quote.objects.create(
            article=world["own_draft"],
            speaker=world["own_draft"].people.first(),
            text="Doomed",
        ),
    ]
    for obj in doomed:
        saved_revision(obj)
    for obj in reversed(doomed):
        obj.delete()
    # A partner pushed the published story, for the syndication admins.
    partner = Partner.objects.create(name="Partner TV")
    endpoint = Endpoint.objects.create(partner=partner, url="https://partner.example/")
    Delivery.objects.create(
        endpoint=endpoint, article=world["published"], event="publish"
    )
    return world


def tied_object(model, article):
    """The object of ``model`` that shows on ``article``, found through the schema."""
    if model is Article:
        return article
    for field in Article._meta.get_fields():
        if field.related_model is not model:
            continue
        if field.many_to_one:
            return getattr(article, field.name)
        if field.many_to_many and not field.auto_created:
            return getattr(article, field.name).first()
        if field.one_to_many:
            return getattr(article, field.get_accessor_name()).first()
    return None


def scenario_objects(model, world):
    """{scenario: object}; a model unrelated to stories gets one object for all."""
    objects = {s: tied_object(model, world[s]) for s in SCENARIOS}
    if all(obj is None for obj in objects.values()):
        first = model._default_manager.order_by("pk").first()
        return {"any": first} if first is not None else {}
    return objects


def versions_of(model):
    return Version.objects.filter(content_type=ContentType.objects.get_for_model(model))


def foreign_versions(model, obj):
    """Version ids the revert page of ``obj`` must never accept."""
    others = versions_of(model).exclude(object_id=str(obj.pk))
    other_model = Version.objects.exclude(
        content_type=ContentType.objects.get_for_model(model)
    )
    return {
        "version of another object": others.values_list("pk", flat=True).first(),
        "version of another model": (
            other_model.filter(object_id=str(obj.pk))
            .values_list("pk", flat=True)
            .first()
            or other_model.values_list("pk", flat=True).first()
        ),
    }


def expected(model, role, scenario, kind):
    """True: allowed; False: refused (403/404, or the login page for anonymous)."""
    if role == "anonymous":
        return False
    if model in ADDED_ELSEWHERE and kind in {"add", "recoverlist", "recover"}:
        return False
    if role == "editor":
        if model in EDITOR_MAY:
            return kind in EDITOR_MAY[model]
        return model in EDITOR_MODELS
    # Reporter.
    if kind in {"revision", "recoverlist", "recover"}:
        return False
    if kind == "add":
        return model in REPORTER_ADDS
    if kind in {"changelist", "history", "view"}:
        return model in REPORTER_VIEWS
    return scenario == "own_draft" and kind in REPORTER_MAY.get(model, set())


class Matrix:
    def __init__(self, users):
        self.clients = {"anonymous": Client()}
        for role, user in users.items():
            self.clients[role] = Client()
            self.clients[role].force_login(user)
        self.failures = []
        self.cases = 0

    def check(self, case, ok):
        self.cases += 1
        if not ok:
            self.failures.append(case)

    def get(self, role, address, allowed, case):
        response = self.clients[role].get(address)
        if role == "anonymous":
            ok = response.status_code == 302 and "/login/" in response["Location"]
        elif allowed:
            ok = response.status_code == 200
        else:
            ok = response.status_code in (403, 404)
        self.check((*case, "GET", response.status_code), ok)
        return response

    def refused_post(self, role, address, data, case, statuses=(403, 404)):
        before = snapshot()
        response = self.clients[role].post(address, data)
        if role == "anonymous":
            ok = response.status_code == 302 and "/login/" in response["Location"]
        else:
            ok = response.status_code in statuses
        self.check((*case, "POST", response.status_code), ok)
        self.check((*case, "POST leaves the database unchanged"), snapshot() == before)


def form_data(obj):
    """A plausible forged form: the object's own values with its text changed."""
    data = {
        key: value
        for key, value in model_to_dict(obj).items()
        if isinstance(value, str | int | bool)
    }
    for key, value in data.items():
        if isinstance(value, str):
            data[key] = value + " FORGED"
    return {**data, "post": "yes", "_save": "Save"}


def run_matrix(model, model_admin, world, users):
    matrix = Matrix(users)
    objects = scenario_objects(model, world)
    for role in ROLES:
        for kind in ("changelist", "add", "recoverlist"):
            address = url(model, kind)
            if address is None:
                continue
            allowed = expected(model, role, "any", kind)
            matrix.get(role, address, allowed, (model, role, kind))
            if kind == "add" and not allowed:
                data = form_data(next(iter(objects.values()))) if objects else {}
                matrix.refused_post(role, address, data, (model, role, kind))
        for scenario, obj in objects.items():
            if obj is None:
                continue
            case = (model._meta.label, role, scenario)
            change = url(model, "change", obj.pk)
            response = matrix.get(
                role, change, expected(model, role, scenario, "view"), (*case, "view")
            )
            may_change = expected(model, role, scenario, "change")
            if response.status_code == 200:
                shown = response.context["has_change_permission"]
                matrix.check(
                    (*case, "change form editable", shown), shown == may_change
                )
            if not may_change:
                matrix.refused_post(role, change, form_data(obj), (*case, "change"))
            may_delete = expected(model, role, scenario, "delete")
            delete = url(model, "delete", obj.pk)
            matrix.get(role, delete, may_delete, (*case, "delete"))
            if not may_delete:
                matrix.refused_post(role, delete, {"post": "yes"}, (*case, "delete"))
                matrix.refused_post(
                    role,
                    url(model, "changelist"),
                    {
                        "action": "delete_selected",
                        "_selected_action": [obj.pk],
                        "post": "yes",
                    },
                    (*case, "delete_selected"),
                    # Without the action on offer the changelist says so (200).
                    statuses=(200, 302, 403),
                )
            matrix.get(
                role,
                url(model, "history", obj.pk),
                expected(model, role, scenario, "history"),
                (*case, "history"),
            )
            if url(model, "recoverlist") is None:
                continue
            own = versions_of(model).filter(object_id=str(obj.pk)).first()
            may_restore = expected(model, role, scenario, "revision")
            if own is not None:
                revision = url(model, "revision", obj.pk, own.pk)
                matrix.get(role, revision, may_restore, (*case, "revision"))
                if not may_restore:
                    matrix.refused_post(
                        role, revision, form_data(obj), (*case, "revert")
                    )
            for label, version_id in foreign_versions(model, obj).items():
                if version_id is None:
                    continue
                kinds = [("revision", url(model, "revision", obj.pk, version_id))]
                if label == "version of another model":
                    kinds.append(("recover", url(model, "recover", version_id)))
                for kind, address in kinds:
                    matrix.get(role, address, False, (*case, kind, label))
                    matrix.refused_post(
                        role, address, form_data(obj), (*case, kind, label)
                    )
            # A version of this very (live) object is nothing to recover.
            if own is not None:
                address = url(model, "recover", own.pk)
                matrix.refused_post(
                    role, address, form_data(obj), (*case, "recover a live object")
                )
        if url(model, "recoverlist") is not None:
            live = model._default_manager.values_list("pk", flat=True)
            deleted = versions_of(model).exclude(object_id__in=[str(pk) for pk in live])
            for version in deleted:
                address = url(model, "recover", version.pk)
                allowed = expected(model, role, "any", "recover")
                matrix.get(role, address, allowed, (model, role, "recover deleted"))
                if not allowed:
                    matrix.refused_post(
                        role, address, {}, (model, role, "recover deleted")
                    )
    return matrix


MODEL_ADMINS = sorted(
    admin.site._registry.items(), key=lambda item: item[0]._meta.label
)


@pytest.mark.parametrize(
    ("model", "model_admin"),
    MODEL_ADMINS,
    ids=[model._meta.label for model, _admin in MODEL_ADMINS],
)
def test_role_matrix(model, model_admin, newsroom, reporter, editor):
    """Every URL kind of the admin × anonymous, reporter and editor × each story."""
    matrix = run_matrix(
        model, model_admin, newsroom, {"reporter": reporter, "editor": editor}
    )
    print(f"{model._meta.label}: {matrix.cases} cases")
    assert matrix.cases > 0
    assert not matrix.failures, "\n".join(map(str, matrix.failures))
