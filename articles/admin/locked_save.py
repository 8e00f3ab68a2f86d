"""
A save the database cannot take now (write-locked, lock timeout) is refused
like a stale save: the form comes back with everything the editor typed and a
message saying nothing was saved, instead of the site's 503 page, which loses
the text.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, OperationalError

logger = logging.getLogger(__name__)

LOCKED_MESSAGE = (
    "The database is busy and could not take your save. Your changes have not "
    "been saved; they are still in the form below. Save again in a moment."
)


class RefusedSaveForm:
    """Mixed into the admin's form class for the re-render: never valid."""

    def clean(self):
        # The form's own checks first, so their messages show too.
        super().clean()
        raise ValidationError(LOCKED_MESSAGE, code="database_locked")


class KeepFormWhenLockedMixin:
    """
    For a ModelAdmin: a POST whose save fails for a database error is answered
    with the change form as posted, re-rendered outside any transaction (reads
    still work under a write lock), with ``LOCKED_MESSAGE``. If even that
    cannot be read, the error goes on to the 503 page.
    """

    # django-reversion opens its transaction around these two, not changeform_view.
    def add_view(self, request, form_url="", extra_context=None):
        return self._keeping_the_form(
            super().add_view, request, None, form_url, extra_context
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self._keeping_the_form(
            super().change_view, request, object_id, form_url, extra_context
        )

    def _keeping_the_form(self, view, request, object_id, form_url, extra_context):
        args = (form_url, extra_context)
        try:
            if object_id is None:
                return view(request, *args)
            return view(request, object_id, *args)
        except OperationalError as error:
            if request.method != "POST":
                raise
            logger.warning("Save refused, database unavailable: %s", error)
            request.newsroom_save_refused = True
            try:
                response = self._changeform_view(request, object_id, *args)
                if hasattr(response, "render"):
                    response.render()
            except DatabaseError:
                raise error from None
            return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "newsroom_save_refused", False):
            form = type(form.__name__, (RefusedSaveForm, form), {})
        return form
