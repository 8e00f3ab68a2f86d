"""
Who may do what to a story, its parts, its photos and the people in it.

Plain predicates, asked by the admin, the wire import and the transitions of
``articles.publishing`` alike. Reporters write drafts they are bylined on and
hand them in for review; publishing, scheduling, sending back, unpublishing,
changing published stories and deleting are for holders of ``publish_article``
(the Editor group).
"""

from .models import Article, is_live, live_coverage

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    """Whether the user may publish, schedule or unpublish stories."""
    return user.has_perm(PUBLISH_PERMISSION)


def can_embargo(user, article=None):
    """Setting, moving and lifting an embargo are the desk's: editors only."""
    return can_publish(user) and (
        article is None or article.status != Article.Status.KILLED
    )


def can_kill(user, article=None):
    """Killing a story is an editor's call, on a story that was published."""
    return can_publish(user) and (
        article is None or article.status == Article.Status.PUBLISHED
    )


def is_open_for_reporter(article):
    """
    Whether the story is still in its reporters' hands.

    The one test of it: the story admin, its quotes, notes, bylines, photos and the
    people in it all ask here. Anything that shows on a story past this point is
    an editor's. A story stays open to the reporters bylined on it while it is a
    draft and while it waits for review: an editor reviewing it sees their latest
    text (and History shows what changed). Once published, it is the desk's.
    """
    return article.status in (Article.Status.DRAFT, Article.Status.REVIEW)


def reporter_statuses():
    """The statuses for which ``is_open_for_reporter`` holds, for query filters."""
    return [
        status
        for status in Article.Status.values
        if is_open_for_reporter(Article(status=status))
    ]


def editable_stories(user):
    """The stories the user may change: all for editors, their open drafts otherwise."""
    if not user.has_perm("articles.change_article"):
        return Article.objects.none()
    if can_publish(user):
        return Article.objects.all()
    return Article.objects.filter(
        status__in=reporter_statuses(), bylines__person__user=user
    ).distinct()


def only_editable_stories(user, stories):
    """Whether every story in the queryset ``stories`` is one the user may change."""
    if can_publish(user):
        return user.has_perm("articles.change_article")
    return not stories.exclude(pk__in=editable_stories(user).values("pk")).exists()


def is_bylined(user, article):
    """Whether the user's person is credited on the story."""
    if article.pk is None or not user.is_authenticated:
        return False
    return article.bylines.filter(person__user=user).exists()


def can_edit(user, article):
    """Editors edit any story; reporters only open stories they are bylined on."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return is_open_for_reporter(article) and is_bylined(user, article)


def can_submit(user, article):
    """Whether the user may hand the story in for review."""
    return article.status == Article.Status.DRAFT and can_edit(user, article)


def can_translate(user, article):
    """
    Who may start a translation of a story: anyone who may write stories and
    see this one in the admin, reporters included (they become its byline).
    """
    return user.has_perm("articles.add_article") and (
        user.has_perm("articles.view_article")
        or user.has_perm("articles.change_article")
    )


def can_send_back(user, article):
    """Editors send back stories waiting for review or scheduled for later."""
    return can_publish(user) and (
        article.status == Article.Status.REVIEW or article.is_scheduled
    )


def can_edit_part(user, part, action="change"):
    """
    Quotes, notes, bylines and mentions belong to their story: a reporter
    changes them only on a story they may edit.
    """
    opts = part._meta
    if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        return False
    return part.article_id is None or can_edit(user, part.article)


def can_edit_photo(user, photo, action="change"):
    """A reporter changes a photo only while each story leading with it is theirs."""
    if not user.has_perm(f"articles.{action}_photo"):
        return False
    if photo.pk is None or can_publish(user):
        return True
    return only_editable_stories(user, Article.objects.filter(lead_photo=photo))


def can_edit_person(user, person, action="change"):
    """
    Editors change anyone; a reporter only a person they added who shows on
    nothing but stories the reporter may edit.
    """
    opts = person._meta
    if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        return False
    if person.pk is None or can_publish(user):
        return True
    return person.created_by_id == user.pk and only_editable_stories(
        user, Article.objects.involving(person)
    )


def can_link_accounts(user):
    """Who may say which person a staff account belongs to: editors, never reporters."""
    return can_publish(user) and user.has_perm("people.change_person")


def can_restore(user):
    """Reverting and recovering can bring back what an editor pulled: editors only."""
    return can_publish(user)


def can_delete(user, article=None):
    """Only editors delete stories: a deletion unpublishes too."""
    return user.has_perm("articles.delete_article") and can_publish(user)


def can_run_live(user):
    """Starting and ending a story's live coverage is the desk's: editors only."""
    return can_publish(user) and user.has_perm("articles.change_article")


def can_pin(user):
    """Marking a post as a key event (or not) is an editor's call."""
    return can_publish(user)


def can_post_live(user, article):
    """
    Who may add a post to a live story: editors to any story that was ever
    live, reporters only while it is live and they are bylined on it. Nobody
    to a killed story: it is withdrawn, and a post would reach no reader.
    """
    if not user.has_perm("articles.add_livepost"):
        return False
    if live_coverage(article) is None or article.status == Article.Status.KILLED:
        return False
    if can_publish(user):
        return True
    return is_live(article) and is_bylined(user, article)


def can_edit_live_post(user, post, action="change"):
    """
    Editors change and delete any post; a reporter only their own, while the
    story is live and they are still bylined on it.
    """
    if not user.has_perm(f"articles.{action}_livepost"):
        return False
    if can_publish(user):
        return True
    if post.pk is None:
        return post.article_id is None or can_post_live(user, post.article)
    return (
        post.author.user_id == user.pk
        and is_live(post.article)
        and is_bylined(user, post.article)
    )


def check_status_change(user, article, new_status):
    """
    The reason the user may not move the story to ``new_status``, or None.

    ``article`` is the story as stored (unsaved for a new one).
    """
    old_status = article.status if article.pk else Article.Status.DRAFT
    if new_status == Article.Status.KILLED and old_status != new_status:
        # A kill needs its note and time: ``publishing.kill``, not the field.
        return "Use “Kill story…” to kill a story: readers see its note."
    if new_status == old_status or can_publish(user):
        return None
    open_states = set(reporter_statuses())
    if old_status in open_states and new_status in open_states:
        return None
    if new_status == Article.Status.KILLED or old_status == Article.Status.KILLED:
        return "Only editors can kill a story or bring back a killed one."
    if new_status == Article.Status.PUBLISHED:
        return (
            "Only editors can publish or schedule a story. It has been kept as "
            "a draft; ask an editor to publish it."
        )
    return "Only editors can unpublish a story."


def can_take_over(user, article):
    """
    Who may take a story over from a colleague who has it open: editors, on a
    story they may change.
    """
    return can_publish(user) and can_edit(user, article)
