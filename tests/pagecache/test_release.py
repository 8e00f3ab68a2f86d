"""A deploy never serves pages or fragments the release before it rendered."""

import pytest

from pagecache import keys
from pagecache.release import release_digest


@pytest.fixture
def fresh_digest():
    release_digest.cache_clear()
    yield
    release_digest.cache_clear()


@pytest.fixture
def project(tmp_path, settings):
    """A project folder of its own: templates, translations, a static manifest."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<p>ថ្ងៃនេះ</p>")
    (tmp_path / "locale" / "km" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "km" / "LC_MESSAGES" / "django.mo").write_bytes(b"mo 1")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}}')
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [tmp_path / "templates"],
            "APP_DIRS": True,
        }
    ]
    settings.NEWSROOM_RELEASE = ""
    # Changing TEMPLATES rebuilds the template engines (Django's setting_changed).
    return tmp_path


@pytest.mark.usefixtures("fresh_digest")
@pytest.mark.parametrize(
    "change",
    [
        ("templates/base.html", "<p>ថ្ងៃស្អែក</p>"),
        ("locale/km/LC_MESSAGES/django.mo", "mo 2"),
        ("static/staticfiles.json", '{"paths": {"css/site.css": "css/site.2.css"}}'),
    ],
    ids=["template", "translation", "stylesheet"],
)
def test_a_changed_file_is_a_new_release(project, change):
    before = release_digest()
    path, text = change
    (project / path).write_text(text)
    release_digest.cache_clear()
    assert release_digest() != before


@pytest.mark.usefixtures("fresh_digest")
def test_the_same_files_are_the_same_release_whatever_their_times(project):
    """Several nodes of one release share one cache: contents count, not times."""
    before = release_digest()
    (project / "templates" / "base.html").touch()
    release_digest.cache_clear()
    assert release_digest() == before


@pytest.mark.usefixtures("fresh_digest")
def test_a_named_release_is_used_as_given(project, settings):
    settings.NEWSROOM_RELEASE = "4f2c9e1"
    first = release_digest()
    release_digest.cache_clear()
    settings.NEWSROOM_RELEASE = "77ab003"
    assert release_digest() != first


@pytest.mark.usefixtures("fresh_digest")
def test_page_and_fragment_keys_carry_the_release(project, settings):
    settings.NEWSROOM_RELEASE = "4f2c9e1"
    first = keys.settings_digest()
    release_digest.cache_clear()
    settings.NEWSROOM_RELEASE = "77ab003"
    assert keys.settings_digest() != first


def test_the_real_project_digest_covers_its_templates(fresh_digest, settings):
    from pagecache.release import _release_files

    settings.NEWSROOM_RELEASE = ""
    names = {path.name for path in _release_files()}
    assert {"base.html", "article_detail.html"} <= names
    assert len(release_digest()) == 12
