"""A save refused because the database is write-locked keeps the editor's text."""

import sqlite3
import threading

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.admin.locked_save import LOCKED_MESSAGE
from articles.models import Article
from tests.articles.adminform import change_form_data
from tests.factories import make_article

MY_TEXT = "<p>My careful rewrite, typed while the database was busy.</p>"


class WriteLock:
    """Another connection holding the database's write lock until released."""

    def __init__(self):
        self.held, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self.hold, daemon=True)

    def hold(self):
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            other = sqlite3.connect(settings["NAME"], uri=True, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
        else:
            other = psycopg.connect(
                host=settings["HOST"],
                port=settings["PORT"],
                user=settings["USER"],
                password=settings["PASSWORD"],
                dbname=settings["NAME"],
            )
            other.execute(f"LOCK TABLE {Article._meta.db_table} IN EXCLUSIVE MODE")
        self.held.set()
        self.release.wait(30)
        other.rollback()
        other.close()

    def __enter__(self):
        self.thread.start()
        self.held.wait(10)
        return self

    def __exit__(self, *exc_info):
        self.release.set()
        self.thread.join()


@pytest.fixture
def short_lock_wait():
    """Waits for a lock end in a fraction of a second, not the 20 s of production."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA busy_timeout = 300")
        else:
            cursor.execute("SET lock_timeout = '300ms'")
    yield
    connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_under_a_write_lock_keeps_the_form_and_its_text(
    admin_user, short_lock_wait
):
    """The story form comes back with the typed text and says nothing was saved."""
    story = make_article("Held up", body="<p>First text.</p>")
    url = reverse("admin:articles_article_change", args=[story.pk])
    client = Client()
    client.force_login(admin_user)
    page = client.get(url)
    data = change_form_data(page, body=MY_TEXT, headline="Held up, rewritten")

    with WriteLock():
        response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "The database is busy" in text
    assert "My careful rewrite, typed while the database was busy." in text
    form = response.context["adminform"].form
    assert LOCKED_MESSAGE in form.non_field_errors()
    assert form["headline"].value() == "Held up, rewritten"
    story.refresh_from_db()
    assert story.body == "<p>First text.</p>"

    # Once the lock is gone, saving the form as it came back goes through.
    response = client.post(url, change_form_data(response))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == MY_TEXT
    assert story.headline == "Held up, rewritten"
