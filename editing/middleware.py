"""A deliberate save of a story drops its saver's autosave of it."""

import logging

from django.db import DatabaseError

from . import autosave

logger = logging.getLogger(__name__)

# The admin's story form, by its URL names (no model of the coverage here).
STORY_FORM = {("admin", "articles_article_change"), ("admin", "articles_article_add")}
# A live post being written: the live desk's quick add form (its "Post"
# button; the desk's other buttons save no post) and one post's change form.
LIVE_DESK = ("admin", "articles_article_live")
LIVE_POST_FORM = ("admin", "articles_livepost_change")
CLIENT_FIELD = "_autosave_client"


class DiscardAutosaveOnSaveMiddleware:
    """
    After a POST to the story form that saved (the admin redirects; a refused
    save re-renders the form), the user's draft of that story is deleted: the
    story now holds what they meant to keep.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "POST"
            and response.status_code in (301, 302, 303)
            and match is not None
            and (match.namespace, match.url_name) in self.saving_forms(request)
            and request.user.is_authenticated
        ):
            try:
                self.discard(request, match)
            except DatabaseError as error:
                # The story is saved; a draft left behind is only offered again.
                logger.warning("Autosave kept after a save: %s", error)
        return response

    def saving_forms(self, request):
        if "_post" in request.POST:
            return {*STORY_FORM, LIVE_POST_FORM, LIVE_DESK}
        return {*STORY_FORM, LIVE_POST_FORM}

    def discard(self, request, match):
        object_id = match.kwargs.get("object_id")
        which = (match.namespace, match.url_name)
        if which == LIVE_DESK:
            if str(object_id).isdigit():
                autosave.discard_saved(
                    request.user, article_id=int(object_id), form=autosave.LIVE_POST
                )
            return
        if which == LIVE_POST_FORM:
            if str(object_id).isdigit():
                form = f"{autosave.LIVE_POST}:{int(object_id)}"
                autosave.discard_saved(request.user, form=form)
            return
        if object_id and str(object_id).isdigit():
            autosave.discard_saved(request.user, article_id=int(object_id))
        client = request.POST.get(CLIENT_FIELD, "")
        if client:
            autosave.discard_saved(request.user, client=client)
