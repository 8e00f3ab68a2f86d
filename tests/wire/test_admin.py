"""The wire screens: import, re-import as update, suggestions accepted, roles."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Byline, Mention, Quote
from people.models import Person
from tests.factories import make_article
from wire.models import WireCopy

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).parent.parent / "data" / "seeds"
SEED_2017 = (SEEDS / "2017-12-13-us-renews-call.txt").read_text()
SEED_2019 = (SEEDS / "2019-11-trump-letter.txt").read_text()
IMPORT_URL = reverse("admin:wire_wirecopy_import")


def suggestions_url(article):
    return reverse("admin:wire_wirecopy_suggestions", args=[article.pk])


def import_text(client, text, **extra):
    return client.post(IMPORT_URL, {"text": text, **extra})


def form_data(page, accept=None, **changes):
    """The suggestions form as shown, with rows ticked when ``accept(row)`` says so."""
    data = {}
    for management in (
        page.context["people_management"],
        page.context["quote_management"],
    ):
        for field in management:
            data[field.html_name] = field.value()
    for key in ("people_rows", "quote_rows"):
        for form, _suggestion in page.context[key]:
            for field in form:
                value = field.value()
                if field.name == "accept":
                    if accept is not None:
                        value = accept(form)
                    if value:
                        data[field.html_name] = "on"
                    continue
                data[field.html_name] = "" if value is None else value
    data.update(changes)
    return data


def test_import_page_renders_for_editors(editor_client):
    """The import page has the paste box, the file field and the source."""
    page = editor_client.get(IMPORT_URL)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="text"' in content
    assert 'name="upload"' in content


def test_story_list_and_form_link_to_the_wire_screens(editor_client):
    """“Import wire copy” on the list, “Suggest people and quotes” on the form."""
    article = make_article(published=False)
    listing = editor_client.get(reverse("admin:articles_article_changelist"))
    assert IMPORT_URL in listing.content.decode()
    form = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    assert suggestions_url(article) in form.content.decode()
    assert "Suggest people and quotes" in form.content.decode()


def test_pasted_copy_becomes_a_draft_with_its_original_text(editor_client):
    """Paste → a draft story, the wire copy kept, nothing else created yet."""
    response = import_text(editor_client, SEED_2017)
    article = Article.objects.get()
    assert response.status_code == 302
    assert response.url == suggestions_url(article)
    assert article.status == Article.Status.DRAFT
    assert article.headline.startswith("US Renews Call for Cambodia")
    assert article.source == "VOA Khmer"
    assert article.deck.startswith("The United States has said")
    copy = article.wire_copies.get()
    assert copy.text == SEED_2017
    assert copy.credit == "Aun Chhengpor/VOA Khmer"
    assert copy.caption.startswith("Patrick Murphy, deputy assistant")
    assert not Person.objects.filter(is_staff=False).exists()
    assert not Quote.objects.exists()
    assert not Mention.objects.exists()


def test_reimporting_the_same_copy_is_detected(editor_client):
    """The same copy again is recognised: no second story."""
    import_text(editor_client, SEED_2017)
    page = import_text(editor_client, SEED_2017.replace("\n", "\r\n"))
    assert page.status_code == 200
    assert "This exact copy" in page.content.decode()
    assert Article.objects.count() == 1


def test_new_version_of_copy_is_offered_and_applied_as_an_update(editor_client):
    """Corrected copy of the same story updates it; the old text stays on record."""
    import_text(editor_client, SEED_2017)
    article = Article.objects.get()
    corrected = SEED_2017.replace("dozens of officials", "dozens of senior officials")
    page = import_text(editor_client, corrected)
    content = page.content.decode()
    assert "A version of this copy" in content
    assert "Update “US Renews Call" in content
    assert Article.objects.count() == 1
    response = import_text(editor_client, corrected, update=article.pk)
    assert response.status_code == 302
    article.refresh_from_db()
    assert "dozens of senior officials" in article.body
    assert Article.objects.count() == 1
    assert article.wire_copies.count() == 2


def test_txt_and_ninjs_uploads_import(editor_client):
    """A .txt file and a ninjs document upload like pasted copy."""
    txt = SimpleUploadedFile("trump.txt", SEED_2019.encode(), content_type="text/plain")
    assert editor_client.post(IMPORT_URL, {"upload": txt}).status_code == 302
    item = {
        "uri": "urn:example:1",
        "headlines": [{"value": "Budget to rise"}],
        "bodies": [{"value": "Finance Minister Dara Keo said so.\n\nThat was all."}],
    }
    upload = SimpleUploadedFile("item.json", json.dumps(item).encode())
    assert editor_client.post(IMPORT_URL, {"upload": upload}).status_code == 302
    assert set(Article.objects.values_list("headline", flat=True)) == {
        "Budget to rise",
        "President Donald Trump has written a letter to Prime Minister Hun Sen…",
    }
    assert WireCopy.objects.get(filename="item.json").format == "ninjs"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "photo.txt",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)),
            "binary",
        ),
        ("item.json", b'{"uri": "u", "headlines": [', "not valid JSON"),
        ("item.json", b'{"headlines": [{"value": "x"}]}', "uri"),
        ("story.docx", b"PK\x03\x04", "Upload a .txt file"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(
    editor_client, name, data, message
):
    """Binary files and malformed ninjs are refused on the page, never a 500."""
    upload = SimpleUploadedFile(name, data)
    page = editor_client.post(IMPORT_URL, {"upload": upload})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Article.objects.exists()


def test_suggestions_screen_creates_nothing(editor_client):
    """Looking at the suggestions adds no person, mention or quote."""
    import_text(editor_client, SEED_2017)
    article = Article.objects.get()
    page = editor_client.get(suggestions_url(article))
    assert page.status_code == 200
    assert len(page.context["people_rows"]) == 8
    assert len(page.context["quote_rows"]) == 9
    assert "Sok Eysan" in page.content.decode()
    assert not Quote.objects.exists()
    assert Person.objects.count() == 1  # the editor's own


def test_accept_some_reject_others_and_correct(editor_client):
    """Only ticked rows are added, with the editor's corrections."""
    import_text(editor_client, SEED_2017)
    article = Article.objects.get()
    page = editor_client.get(suggestions_url(article))
    names = {
        form["key"].value(): form["name"].value()
        for form, _ in page.context["people_rows"]
    }
    murphy = next(k for k, n in names.items() if n == "Patrick Murphy")

    def accept(form):
        if "name" in form.fields:
            return form["key"].value() == murphy
        return form["speaker"].value() == murphy

    data = form_data(
        page, accept, **{"quotes-0-speaker_title": "deputy assistant secretary"}
    )
    response = editor_client.post(suggestions_url(article), data)
    assert response.status_code == 302
    assert list(article.people.values_list("name", flat=True)) == ["Patrick Murphy"]
    quotes = list(article.quotes.order_by("position"))
    assert len(quotes) == 4
    assert quotes[0].speaker_title == "deputy assistant secretary"
    assert {q.speaker.name for q in quotes} == {"Patrick Murphy"}


def test_accept_all_twice_creates_nothing_twice(editor_client):
    """Accept all adds everyone and every quote; doing it again adds nothing."""
    import_text(editor_client, SEED_2017)
    article = Article.objects.get()
    page = editor_client.get(suggestions_url(article))
    data = form_data(page, accept_all="Accept all")
    editor_client.post(suggestions_url(article), data)
    counts = (Person.objects.count(), Mention.objects.count(), Quote.objects.count())
    assert counts == (1 + 8, 7, 9)
    assert Byline.objects.get(article=article).role == Byline.Role.PHOTOGRAPHER
    again = editor_client.get(suggestions_url(article))
    assert not any(form["accept"].value() for form, _ in again.context["quote_rows"])
    editor_client.post(suggestions_url(article), form_data(again, accept_all="1"))
    editor_client.post(suggestions_url(article), data)
    assert (
        Person.objects.count(),
        Mention.objects.count(),
        Quote.objects.count(),
    ) == counts


def test_reporter_imports_into_a_draft_of_her_own(reporter_client, reporter):
    """A reporter's import is a draft bylined to her, and she accepts suggestions."""
    import_text(reporter_client, SEED_2019)
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert list(article.bylines.values_list("person", flat=True)) == [
        reporter.person.pk
    ]
    page = reporter_client.get(suggestions_url(article))
    assert page.status_code == 200
    reporter_client.post(suggestions_url(article), form_data(page, accept_all="1"))
    assert article.quotes.count() == 5


def test_reporter_cannot_update_or_suggest_on_someone_elses_story(
    reporter_client, editor
):
    """Copy of a story that is not hers is not an update she may make."""
    article = make_article("US Renews Call", published=False)
    from wire.importing import import_draft
    from wire.parse import parse_text

    import_draft(parse_text(SEED_2017), user=editor, update=article)
    page = import_text(reporter_client, SEED_2017.replace("dozens", "many"))
    assert "You may not change that story" in page.content.decode()
    refused = import_text(
        reporter_client, SEED_2017.replace("dozens", "many"), update=article.pk
    )
    assert "You may not change" in refused.content.decode()
    article.refresh_from_db()
    assert "dozens" in article.body
    assert reporter_client.get(suggestions_url(article)).status_code == 403
    assert reporter_client.post(suggestions_url(article), {}).status_code == 403


def test_reporter_without_a_person_is_told_why(client, django_user_model):
    """A reporter account not linked to a person cannot import (it could not edit)."""
    user = django_user_model.objects.create_user("loner", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(user)
    page = import_text(client, SEED_2017)
    assert "not linked to a person" in page.content.decode()
    assert not Article.objects.exists()


def test_staff_without_add_permission_cannot_import(client, django_user_model):
    """The import page is for those who may add stories."""
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403


def test_import_wire_command_imports_and_skips_copies_seen(tmp_path, capsys):
    """manage.py import_wire: a summary, and a second run imports nothing twice."""
    first = tmp_path / "a.txt"
    first.write_text(SEED_2017)
    second = tmp_path / "b.txt"
    second.write_text(SEED_2019)
    bad = tmp_path / "c.json"
    bad.write_text("{broken")
    call_command(
        "import_wire", str(first), str(second), str(bad), "--source", "VOA Khmer"
    )
    out = capsys.readouterr().out
    assert "2 imported" in out
    assert "c.json: The file is not valid JSON" in out
    assert Article.objects.count() == 2
    call_command("import_wire", str(first), str(second), "--accept-suggestions")
    out = capsys.readouterr().out
    assert "2 unchanged" in out
    assert Article.objects.count() == 2
    assert not Quote.objects.exists()
    second.write_text(SEED_2019.replace("significant decline", "steep decline"))
    call_command("import_wire", str(second), "--update", "--accept-suggestions")
    assert "1 updated" in capsys.readouterr().out
    assert Quote.objects.count() == 5


def test_broken_suggestions_post_is_not_an_error(editor_client):
    """A forged or truncated form re-renders the screen and adds nothing."""
    import_text(editor_client, SEED_2017)
    article = Article.objects.get()
    page = editor_client.post(suggestions_url(article), {"accept_all": "1"})
    assert page.status_code == 200
    assert not Quote.objects.exists()


def test_story_form_links_to_the_original_copy_with_its_photo_link(editor_client):
    """The story links to its wire copy, read-only, with a pre-filled photo link."""
    import_text(editor_client, SEED_2017)
    article = Article.objects.get()
    copy = article.wire_copies.get()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    form = editor_client.get(change_url).content.decode()
    copy_url = reverse("admin:wire_wirecopy_change", args=[copy.pk])
    assert copy_url in form
    assert "Original wire copy" in form
    page = editor_client.get(copy_url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "original copy" in content.lower()
    assert "credit=Aun+Chhengpor%2FVOA+Khmer" in content
    assert 'name="_save"' not in content


def test_story_without_wire_copy_has_no_copy_link(editor_client):
    """Only a story made from wire copy links to its original."""
    article = make_article(published=False)
    form = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "Original wire copy" not in form


def test_reporter_sees_the_copy_of_a_story_she_may_see(reporter_client):
    """Whoever may see a story may read the wire copy it came from, not the list."""
    import_text(reporter_client, SEED_2019)
    copy = WireCopy.objects.get()
    page = reporter_client.get(reverse("admin:wire_wirecopy_change", args=[copy.pk]))
    assert page.status_code == 200
    assert "Trump" in page.content.decode()
    listing = reporter_client.get(reverse("admin:wire_wirecopy_changelist"))
    assert listing.status_code == 403


def test_old_story_admin_addresses_redirect_to_the_wire_screens(editor_client):
    """Bookmarks of the screens' old paths under the story admin still work."""
    import_text(editor_client, SEED_2017)
    article = Article.objects.get()
    old_import = editor_client.get("/admin/articles/article/import/")
    assert old_import.status_code == 302
    assert old_import["Location"] == IMPORT_URL
    old = editor_client.get(f"/admin/articles/article/{article.pk}/suggestions/")
    assert old.status_code == 302
    assert old["Location"] == suggestions_url(article)
    assert editor_client.get(old["Location"]).status_code == 200


def test_suggestions_for_a_sample_story_in_few_queries(
    editor_client, sample_newsroom, django_assert_max_num_queries
):
    """Existing people are matched, and the screen's queries do not grow with them."""
    article = Article.objects.get(pk=2)
    with django_assert_max_num_queries(20):
        page = editor_client.get(suggestions_url(article))
    rows = {row.name: row for _form, row in page.context["people_rows"]}
    assert rows["Patrick Murphy"].person_id == 2
    assert rows["Patrick Murphy"].new_alias == ""
    assert all(row.person_id for row in rows.values())
    assert all(not form["accept"].value() for form, _ in page.context["quote_rows"])


def test_photographer_in_the_credit_is_matched_to_the_existing_person(
    editor_client, sample_newsroom
):
    """The credit's photographer is found among existing people, not proposed anew."""
    import_text(editor_client, SEED_2017.replace("Backtracking", "Backsliding"))
    # The sample holds stories 1 to 3 (the third, the Khmer version of the second).
    article = Article.objects.exclude(pk__in=[1, 2, 3]).get()
    page = editor_client.get(suggestions_url(article))
    rows = {row.name: row for _form, row in page.context["people_rows"]}
    assert rows["Aun Chhengpor"].person_id == 12
    assert rows["Aun Chhengpor"].role == "photographer"
