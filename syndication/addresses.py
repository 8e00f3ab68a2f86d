"""
Where an endpoint may point: never inside the newsroom (SSRF).

An endpoint's host is resolved and refused when any of its addresses is
private, loopback, link-local, multicast, reserved or unspecified (cloud
metadata at 169.254.169.254, the database next door). Loopback alone may be
allowed for tests and local runs (``NEWSROOM_SYNDICATION_ALLOW_LOOPBACK``).
Only https is sent beyond this machine: an embargoed story must not cross the
internet in the clear. The check runs when an editor saves the endpoint and
again at every try, and the request then connects to the address that was
checked, so a name that re-resolves elsewhere in between (DNS rebinding) is
not followed; redirects are never followed either.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SCHEMES = ("http", "https")


def is_refused(address):
    """Whether an IP address is one no endpoint may reach."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return not settings.NEWSROOM_SYNDICATION_ALLOW_LOOPBACK
    return (
        ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def resolve(url):
    """
    ``(scheme, host, port, address)`` for ``url``: the first address of its
    host, after checking every one; ``ValidationError`` when refused.
    """
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise ValidationError(_("An endpoint must be an http or https URL."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationError(
            _("The endpoint's host cannot be found: %(error)s"),
            params={"error": error},
        ) from None
    addresses = [info[4][0] for info in found]
    refused = [a for a in addresses if is_refused(a)]
    if refused or not addresses:
        raise ValidationError(
            _("The endpoint's host resolves to a private or local address (%(a)s)."),
            params={"a": ", ".join(refused)},
        )
    loopback = all(ipaddress.ip_address(a).is_loopback for a in addresses)
    if parts.scheme != "https" and not loopback:
        # Embargoed copy in the clear would be anyone's on the way.
        raise ValidationError(_("An endpoint must use https."))
    return parts.scheme, parts.hostname, port, addresses[0]


def check_url(url):
    resolve(url)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the address that was checked, not a new lookup."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection(
            (self.address, self.port), self.timeout, self.source_address
        )


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the checked address, the certificate checked for the host name."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection(
            (self.address, self.port), self.timeout, self.source_address
        )
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, timeout):
    """
    POST ``body`` to ``url`` (checked, pinned, no redirects); the status code
    and at most 1 KB of the answer. Raises ``ValidationError`` for a refused
    address and ``OSError`` for a network failure.
    """
    scheme, host, port, address = resolve(url)
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    connection_class = (
        PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    )
    connection = connection_class(host, port, address, timeout=timeout)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(1024)
    except http.client.HTTPException as error:
        raise OSError(str(error)) from error
    finally:
        connection.close()
