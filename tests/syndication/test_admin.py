"""The desk's screens: partners with keys and endpoints, the delivery log."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from syndication.models import Delivery, Endpoint, Partner, PartnerKey
from tests.articles.adminform import change_form_data
from tests.factories import make_article

from .conftest import bearer, make_endpoint, make_partner

pytestmark = pytest.mark.django_db

ADD = reverse("admin:syndication_partner_add")


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="a-long-test-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


def shown_values(response):
    return re.findall(
        r'<code class="shown-once">([^<]+)</code>', response.content.decode()
    )


def add_partner(client, **changes):
    data = change_form_data(client.get(ADD))
    data.update(
        {
            "name": "ទូរទស្សន៍ដៃគូ",
            "contact_email": "desk@partner.example",
            "languages": ["km"],
            "keys-TOTAL_FORMS": "1",
            "keys-0-name": "ingest server",
            "endpoints-TOTAL_FORMS": "1",
            "endpoints-0-url": "http://127.0.0.1:9/hooks",
            "endpoints-0-is_active": "on",
            "endpoints-0-events": ["publish", "kill"],
            "_save": "Save",
            **changes,
        }
    )
    return client.post(ADD, data)


def test_a_new_key_and_secret_are_shown_once(editor_client, client):
    """The page after saving shows key and secret; nothing shows them again."""
    response = add_partner(editor_client)
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    key, secret = shown_values(response)
    partner = Partner.objects.get()
    assert partner.languages == ["km"]
    row = PartnerKey.objects.get(partner=partner)
    assert key.startswith(row.prefix) and row.key_hash != key
    endpoint = Endpoint.objects.get(partner=partner)
    assert endpoint.secret == secret and endpoint.events == ["publish", "kill"]
    change = editor_client.get(
        reverse("admin:syndication_partner_change", args=[partner.pk])
    )
    page = change.content.decode()
    assert key not in page and secret not in page
    assert row.prefix in page
    assert client.get("/api/partner/stories/", **bearer(key)).status_code == 200


def test_revoking_a_key_in_the_admin(editor_client, client):
    """Ticking "revoke" ends the key; no new one is shown."""
    partner, key = make_partner()
    url = reverse("admin:syndication_partner_change", args=[partner.pk])
    data = change_form_data(editor_client.get(url), **{"keys-0-revoke": "on"})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert partner.keys.get().revoked_at is not None
    assert client.get("/api/partner/stories/", **bearer(key)).status_code == 401


def test_an_endpoint_on_a_private_network_is_refused(editor_client, settings):
    """The form says why; nothing is saved."""
    settings.NEWSROOM_SYNDICATION_ALLOW_LOOPBACK = False
    response = add_partner(editor_client, **{"endpoints-0-url": "http://10.0.0.7/x"})
    assert response.status_code == 200
    assert "private or local" in response.content.decode()
    assert not Partner.objects.exists()


def test_delivery_log_filters_by_story_and_sends_again(
    editor_client, partner_server, django_capture_on_commit_callbacks
):
    """A story's deliveries are one filter away; "Send again" resends one."""
    server = partner_server()
    partner, _ = make_partner(key=False)
    make_endpoint(partner, server.url)
    with django_capture_on_commit_callbacks(execute=True):
        story = make_article("Sent story")
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Another story")
    log = reverse("admin:syndication_delivery_changelist")
    story_page = editor_client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    ).content.decode()
    assert f'href="{log}?story={story.pk}"' in story_page
    response = editor_client.get(log, {"story": story.pk})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [
        Delivery.objects.get(article=story)
    ]
    delivery = Delivery.objects.get(article=story)
    change = editor_client.get(
        reverse("admin:syndication_delivery_change", args=[delivery.pk])
    )
    assert "Send again" in change.content.decode()
    again = reverse("admin:syndication_delivery_send_again", args=[delivery.pk])
    assert editor_client.get(again).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(again).status_code == 302
    assert len(server.requests) == 3
    response = editor_client.post(
        log,
        {
            "action": "send_again",
            "_selected_action": [d.pk for d in Delivery.objects.all()],
        },
    )
    assert response.status_code == 302
    assert len(server.requests) == 5
    ids = [r["headers"]["Newsroom-Delivery"] for r in server.requests]
    assert ids.count(str(delivery.delivery_id)) == 3


def test_partner_list_and_forms_render(editor_client):
    """The changelist, add and change pages answer."""
    partner, _ = make_partner(languages=["en", "km"])
    assert (
        editor_client.get(reverse("admin:syndication_partner_changelist")).status_code
        == 200
    )
    assert editor_client.get(ADD).status_code == 200
    change = reverse("admin:syndication_partner_change", args=[partner.pk])
    assert editor_client.get(change).status_code == 200
