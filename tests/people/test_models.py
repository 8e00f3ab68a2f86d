import pytest
from django.db import IntegrityError, transaction

from people.models import Person
from tests.factories import make_person


def test_str_is_the_name(db):
    """A person shows as their name everywhere, the admin included."""
    assert str(make_person("Mu Sochua")) == "Mu Sochua"


def test_slug_is_unique(db):
    """Two people cannot share a URL."""
    make_person("Hun Sen", slug="hun-sen")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person("Another Hun Sen", slug="hun-sen")


def test_alias_list_ignores_blank_lines(db):
    """Aliases are one per line; blank lines and stray spaces do not count."""
    person = make_person(
        "Patrick Murphy", aliases="W. Patrick Murphy\n\n  Pat Murphy  \n"
    )
    assert person.alias_list == ["W. Patrick Murphy", "Pat Murphy"]


@pytest.mark.parametrize(
    ("title", "affiliation", "expected"),
    [
        ("Senator", "Cambodian People’s Party", "Senator, Cambodian People’s Party"),
        ("Senator", "", "Senator"),
        ("", "VOA Khmer", "VOA Khmer"),
        ("", "", ""),
    ],
)
def test_description_joins_what_is_known(db, title, affiliation, expected):
    """The description shows title and affiliation, skipping whichever is empty."""
    person = make_person(title=title, affiliation=affiliation)
    assert person.description == expected


def test_staff_queryset_holds_only_staff(db):
    """``Person.objects.staff()`` lists writers and photographers, not newsmakers."""
    writer = make_person(is_staff=True)
    make_person(is_staff=False)
    assert list(Person.objects.staff()) == [writer]


def test_people_are_listed_by_name(db):
    """The default order is alphabetical."""
    make_person("Sok Eysan")
    make_person("Emily Zeeberg")
    make_person("Kem Sokha")
    assert [p.name for p in Person.objects.all()] == [
        "Emily Zeeberg",
        "Kem Sokha",
        "Sok Eysan",
    ]


def test_absolute_url_uses_the_slug(db):
    """A person's page lives at /people/<slug>/."""
    assert make_person(slug="kem-sokha").get_absolute_url() == "/people/kem-sokha/"


def test_deleting_a_staff_user_keeps_the_person(db, django_user_model):
    """Removing a login leaves the person and their work in place."""
    user = django_user_model.objects.create_user("aun", password="x")
    person = make_person("Aun Chhengpor", user=user, is_staff=True)
    user.delete()
    person.refresh_from_db()
    assert person.user is None
