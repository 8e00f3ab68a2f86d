"""
Story events pushed to partners' endpoints, signed, off the request.

``story_events()`` is called by ``articles.events`` after a change commits and
only queues ``fan_out`` (when any endpoint is live: one indexed query). That
task finds the active endpoints that take each event and whose partner's scope
holds the story, makes one ``Delivery`` per (story, endpoint, event) and
queues ``deliver`` for each. ``deliver`` renders
the story as ninjs once (kept on the delivery, so every retry sends the same
bytes under the same delivery id), signs it (``signing``) and POSTs it with
short timeouts to the checked address (``addresses``). An endpoint that fails
is tried again with growing delays (``NEWSROOM_SYNDICATION_RETRY_DELAYS``),
as ``pagecache.purge`` retries a CDN; every try is logged on the delivery.
The desk never waits: a slow or dead endpoint only keeps a worker busy for
``NEWSROOM_SYNDICATION_TIMEOUT`` seconds a try.
"""

import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from articles import ninjs
from articles.models import Article

from . import addresses, signing
from .models import Delivery, Endpoint, Event

logger = logging.getLogger(__name__)

USER_AGENT = "Newsroom-Syndication/1"
# Answers that will not change on a retry: the endpoint refuses this request,
# or redirects it (redirects are never followed: they could point anywhere).
PERMANENT = frozenset(range(300, 500)) - {408, 409, 425, 429}


def event_value(kind):
    return str(getattr(kind, "value", kind)).lower()


def story_events(events):
    """``articles.events`` subscriber: queue the fan-out, nothing more."""
    pairs = [[event.article_id, event_value(event.kind)] for event in events]
    pairs = [pair for pair in pairs if pair[1] in Event.values]
    # A newsroom with no live endpoint queues nothing on every save.
    if not pairs or not live_endpoints().exists():
        return
    try:
        fan_out.enqueue(pairs)
    except Exception:
        # The queue is down; the deliveries can be sent again from the admin
        # only once they exist, so this is logged loudly.
        logger.exception("Could not queue pushes for %s", pairs)


def live_endpoints():
    return Endpoint.objects.filter(is_active=True, partner__is_active=True)


def endpoints_for(article, kind):
    """Active endpoints that take ``kind``, of partners that may have ``article``."""
    endpoints = live_endpoints().select_related("partner")
    chosen = []
    in_scope = {}
    for endpoint in endpoints:
        if kind not in (endpoint.events or []):
            continue
        partner = endpoint.partner
        if partner.pk not in in_scope:
            in_scope[partner.pk] = partner.stories().filter(pk=article.pk).exists()
        if in_scope[partner.pk]:
            chosen.append(endpoint)
    return chosen


@task()
def fan_out(pairs):
    """One delivery per (story, endpoint, event) in scope, each queued."""
    made = []
    for article_id, kind in pairs:
        article = Article.objects.for_partners().filter(pk=article_id).first()
        if article is None:
            continue
        for endpoint in endpoints_for(article, kind):
            delivery = Delivery.objects.create(
                endpoint=endpoint, article=article, event=kind
            )
            made.append(delivery.pk)
    for pk in made:
        enqueue(pk)
    return made


def enqueue(delivery_pk, attempt=1, delay=None):
    job = deliver
    if delay and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + timedelta(seconds=delay))
    job.enqueue(delivery_pk, attempt=attempt)


def send_again(delivery):
    """Queue ``delivery`` once more: the same body and delivery id."""
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.PENDING)
    enqueue(delivery.pk)


def render(delivery):
    """The delivery's body: the story as a ninjs document, as partners see it now."""
    article = ninjs.partner_documents(Article.objects.filter(pk=delivery.article_id))
    document = ninjs.partner_story(article.get())
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)


def headers(delivery, body, secret, now=None):
    timestamp = int(time.time() if now is None else now)
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Newsroom-Delivery": str(delivery.delivery_id),
        "Newsroom-Event": delivery.event,
        "Newsroom-Timestamp": str(timestamp),
        "Newsroom-Signature": signing.signature(secret, timestamp, body),
    }


@task()
def deliver(delivery_pk, attempt=1):
    """
    One try at ``delivery_pk``; a failure that may pass is queued again,
    up to ``len(NEWSROOM_SYNDICATION_RETRY_DELAYS)`` more times.
    """
    delivery = (
        Delivery.objects.select_related("endpoint__partner")
        .filter(pk=delivery_pk)
        .first()
    )
    if delivery is None or delivery.status == Delivery.Status.DELIVERED:
        return None
    endpoint = delivery.endpoint
    # Asked at every try: a story made a draft again, or embargoed after it was
    # public, since the event must not reach a partner that may not have it.
    partner = endpoint.partner
    if not partner.stories().filter(pk=delivery.article_id).exists():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED,
            error=_("The story is no longer in the partner's scope."),
        )
        return None
    if not delivery.body:
        delivery.body = render(delivery)
        delivery.save(update_fields=["body"])
    body = delivery.body.encode()
    code, error, retry = None, "", False
    try:
        code, answer = addresses.post(
            endpoint.url,
            body,
            headers(delivery, body, endpoint.secret),
            timeout=settings.NEWSROOM_SYNDICATION_TIMEOUT,
        )
        if not 200 <= code < 300:
            error = answer.decode("utf-8", "replace")[:500]
            retry = code not in PERMANENT
    except ValidationError as refused:
        error = " ".join(refused.messages)
    except OSError as failure:
        error = str(failure) or type(failure).__name__
        retry = True
    now = timezone.now()
    delivered = code is not None and 200 <= code < 300
    delays = settings.NEWSROOM_SYNDICATION_RETRY_DELAYS
    again = retry and attempt <= len(delays)
    if delivered:
        status = Delivery.Status.DELIVERED
    elif again:
        status = Delivery.Status.PENDING
    else:
        status = Delivery.Status.FAILED
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        response_code=code,
        error=error,
        status=status,
        delivered_at=now if delivered else None,
    )
    if delivered:
        return code
    if again:
        logger.warning(
            "Push %s to %s failed (try %d, next in %s s): %s",
            delivery.delivery_id,
            endpoint.url,
            attempt,
            delays[attempt - 1],
            error,
        )
        enqueue(delivery.pk, attempt=attempt + 1, delay=delays[attempt - 1])
    else:
        logger.error(
            "Gave up pushing %s to %s after %d tries: %s",
            delivery.delivery_id,
            endpoint.url,
            attempt,
            error,
        )
    return code
