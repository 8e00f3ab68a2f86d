"""
Staff accounts and their people.

Bylines credit people, not accounts, so every staff account needs its person:
creating a staff account links the person chosen for it, or creates one from
the account's name (``articles.publishing.person_for``, which also runs when a
reporter without a person first saves a story).
"""

from django import forms
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group

from articles.publishing import person_for

from .models import Person


class StaffAccountCreationForm(AdminUserCreationForm):
    """Django's account form, with the name, groups and the person it writes as."""

    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Reporter or Editor.",
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(user__isnull=True).order_by("name"),
        required=False,
        help_text="The person this account writes as. Leave empty to link the "
        "person with the account's full name, or create one.",
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
