"""
Staff accounts and their people.

Bylines credit people, not accounts, so every staff account needs its person:
creating a staff account links the person chosen for it, or creates one from
the account's name (``person_for``, which also runs when a reporter without a
person first saves a story). The admin that shows them is in
``articles.admin.people``: who may link accounts follows the story roles.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from common.slugs import slugify, unique_slug

from .models import Person


def person_for(user):
    """
    The user's person, linked or created now if the account has none.

    A staff account without a person would be locked out of the stories it
    writes (bylines credit people); a person found by the account's full name
    and not yet linked to another account is linked, else one is created.
    """
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    name = user.get_full_name().strip() or user.get_username()
    with transaction.atomic():
        person = (
            Person.objects.select_for_update()
            .filter(name__iexact=name, user__isnull=True)
            .order_by("pk")
            .first()
        )
        if person is not None:
            person.user = user
            person.is_staff = True
            person.save(update_fields=["user", "is_staff", "modified_at"])
            return person
        source = next(
            (text for text in (name, user.get_username()) if slugify(text)), "staff"
        )
        slug = unique_slug(Person, source, Person._meta.get_field("slug").max_length)
        try:
            with transaction.atomic():
                return Person.objects.create(
                    name=name, slug=slug, is_staff=True, user=user
                )
        except IntegrityError:
            # Another request linked the account at the same moment.
            return Person.objects.get(user=user)


class StaffAccountCreationForm(AdminUserCreationForm):
    """Django's account form, with the name, groups and the person it writes as."""

    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Reporter or Editor."),
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(user__isnull=True).order_by("name"),
        required=False,
        help_text=_(
            "The person this account writes as. Leave empty to link the "
            "person with the account's full name, or create one."
        ),
    )

    class Meta(AdminUserCreationForm.Meta):
        fields = ["username", "first_name", "last_name", "email", "is_staff", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_staff"].initial = True


class StaffAccountAdmin(UserAdmin):
    add_form = StaffAccountCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
        ("Newsroom", {"fields": ("is_staff", "groups", "person")}),
    )
    list_display = [*UserAdmin.list_display, "person"]
    list_select_related = ["person"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if change or not user.is_staff:
            return
        chosen = form.cleaned_data.get("person")
        if chosen is not None:
            chosen.user = user
            chosen.is_staff = True
            chosen.save(update_fields=["user", "is_staff", "modified_at"])
        else:
            person_for(user)


# The admin language of the signed-in account, kept in its session: read from
# the person when they sign in, so admin requests cost no query for it.
ADMIN_LANGUAGE_SESSION_KEY = "newsroom_admin_language"


def person_admin_language(user):
    return (
        Person.objects.filter(user=user)
        .values_list("admin_language", flat=True)
        .first()
    ) or settings.LANGUAGE_CODE


def remember_admin_language(sender, request, user, **kwargs):
    """On sign-in (``user_logged_in``): the admin language into the session."""
    if request is not None and hasattr(request, "session"):
        request.session[ADMIN_LANGUAGE_SESSION_KEY] = person_admin_language(user)


def admin_language(request):
    """The language the signed-in editor reads the admin in."""
    language = request.session.get(ADMIN_LANGUAGE_SESSION_KEY)
    if language is None:
        # A session that began before the preference existed: read it once.
        language = person_admin_language(request.user)
        request.session[ADMIN_LANGUAGE_SESSION_KEY] = language
    return language


def set_admin_language(request, language):
    """
    Keep ``language`` as the signed-in editor's admin language: on their person
    for every later session, in this session at once. An account without a
    person keeps it for the session only.
    """
    Person.objects.filter(user=request.user).update(admin_language=language)
    request.session[ADMIN_LANGUAGE_SESSION_KEY] = language
