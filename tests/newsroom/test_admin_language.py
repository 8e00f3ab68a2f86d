"""Staff choose the admin's language; every admin screen renders in Khmer."""

import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import capfirst

from articles.models import Article, LiveCoverage, LivePost
from pagecache.purge import purge_keys
from people.models import Person
from syndication.models import Delivery, Endpoint, Partner
from tests.factories import make_article, make_person
from wire.models import WireCopy

PASSWORD = "a-long-test-password"
OUR_APPS = {"articles", "people", "wire", "syndication"}
INDEX = reverse("admin:index")


def khmer(text):
    with translation.override("km"):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no Khmer translation"
    return translated


def staff(username, language="", superuser=False):
    make = get_user_model().objects.create_superuser if superuser else None
    if make is None:
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, is_staff=True
        )
    else:
        user = make(username=username, password=PASSWORD, email="")
    make_person(f"{username} Person", is_staff=True, user=user, admin_language=language)
    return user


def signed_in(user):
    """A browser that signed in through the admin's login form."""
    browser = Client()
    response = browser.post(
        reverse("admin:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


@pytest.mark.django_db
def test_khmer_editor_reads_the_admin_in_khmer():
    """A person who chose Khmer gets Django's and the newsroom's admin in Khmer."""
    browser = signed_in(staff("sokha", "km", superuser=True))
    page = browser.get(INDEX).content.decode()
    assert '<html lang="km"' in page
    assert khmer("Log out") in page  # Django's own Khmer admin
    assert khmer("Admin language") in page  # the newsroom's
    assert khmer("Write a story") in page
    assert khmer("My drafts") in page


@pytest.mark.django_db
def test_other_editors_keep_the_site_language():
    """An editor with no choice reads the admin in LANGUAGE_CODE's language."""
    browser = signed_in(staff("dara", superuser=True))
    page = browser.get(INDEX).content.decode()
    assert '<html lang="en-us"' in page
    assert "Write a story" in page
    assert khmer("Write a story") not in page


@pytest.mark.django_db
def test_choosing_a_language_is_kept_for_later_sessions():
    """The user tools' form keeps the choice on the person, for the next sign-in."""
    user = staff("vanna", superuser=True)
    browser = signed_in(user)
    response = browser.post(
        reverse("admin:language"), {"language": "km", "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Person.objects.get(user=user).admin_language == "km"
    assert khmer("Write a story") in browser.get(INDEX).content.decode()
    later = signed_in(user)
    assert khmer("Write a story") in later.get(INDEX).content.decode()
    later.post(reverse("admin:language"), {"language": "en"})
    assert "Write a story" in later.get(INDEX).content.decode()


@pytest.mark.django_db
def test_language_form_refuses_other_languages_and_outside_addresses():
    """An unknown language changes nothing; ``next`` never leaves the site."""
    user = staff("chenda", superuser=True)
    browser = signed_in(user)
    response = browser.post(
        reverse("admin:language"),
        {"language": "fr", "next": "https://evil.example/"},
    )
    assert response["Location"] == INDEX
    assert Person.objects.get(user=user).admin_language == ""
    assert browser.get(reverse("admin:language")).status_code == 405


@pytest.mark.django_db
def test_reader_pages_ignore_the_admin_language():
    """A Khmer-preferring editor reads an English story in English chrome."""
    browser = signed_in(staff("rith", "km", superuser=True))
    story = make_article("English while signed in")
    page = browser.get(story.get_absolute_url()).content.decode()
    assert '<header class="site-header" lang="en">' in page
    assert khmer("Latest") not in page


@pytest.mark.django_db
def test_preference_costs_no_query_on_admin_requests():
    """The language is read from the person once, at sign-in, never per request."""
    khmer_browser = signed_in(staff("bopha", "km", superuser=True))
    english_browser = signed_in(staff("kosal", superuser=True))
    counts = []
    for browser in (khmer_browser, english_browser):
        browser.get(INDEX)
        with CaptureQueriesContext(connection) as queries:
            browser.get(INDEX)
        assert not [q for q in queries if "admin_language" in q["sql"]]
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.fixture
def every_kind_of_object(sample_newsroom, settings):
    """At least one object for every admin registered on the site."""
    story = Article.objects.first()
    WireCopy.objects.create(article=story, text="Wire text.", checksum="0" * 64)
    partner = Partner.objects.create(name="Partner TV")
    endpoint = Endpoint.objects.create(partner=partner, url="https://partner.example/")
    Delivery.objects.create(endpoint=endpoint, article=story, event="publish")
    LiveCoverage.objects.create(article=story)
    LivePost.objects.create(
        article=story, author=Person.objects.first(), body="<p>Live text.</p>"
    )
    # A queued task (the database queue, as on a site).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    purge_keys.enqueue(["front"], [])
    # A good sign-in (access log), then a failed one (attempt, failure log);
    # the other way round, the good one would clear the attempt.
    user = staff("admin-km", "km", superuser=True)
    browser = signed_in(user)
    Client().post(reverse("admin:login"), {"username": user.username, "password": "x"})
    # The failure log is off on this site (AXES_ENABLE_ACCESS_FAILURE_LOG).
    AccessFailureLog.objects.create(
        username=user.username, ip_address="127.0.0.1", path_info="/admin/login/"
    )
    return browser


def admin_url(model, kind, *args):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{kind}", args=args)
    except NoReverseMatch:
        return None


MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda i: i[0]._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "model_admin"),
    MODEL_ADMINS,
    ids=[model._meta.label for model, _admin in MODEL_ADMINS],
)
def test_every_admin_screen_renders_in_khmer(model, model_admin, every_kind_of_object):
    """Changelist, add and change of each ModelAdmin: 200, in Khmer."""
    browser = every_kind_of_object
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} to open"
    with translation.override("km"):
        plural = str(model._meta.verbose_name_plural)
    screens = [
        admin_url(model, "changelist"),
        admin_url(model, "change", obj.pk),
    ]
    add = admin_url(model, "add")
    add_page = browser.get(add)
    # Some admins (sign-in logs, task results) allow no adding at all.
    if add_page.status_code != 403:
        screens.append(add)
    for url in screens:
        response = browser.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert '<html lang="km"' in page, url
        assert khmer("Log out") in page, url
        assert khmer("Admin language") in page, url
    changelist = browser.get(admin_url(model, "changelist")).content.decode()
    assert capfirst(plural) in changelist
    if model._meta.app_label in OUR_APPS:
        assert plural != str(model._meta.verbose_name_plural), "not translated"
