"""
How a pushed request is signed, and how a partner checks it.

Each request carries ``Newsroom-Timestamp`` (Unix seconds, when it was sent)
and ``Newsroom-Signature: v1=<hex>``, the HMAC-SHA256 of
``<timestamp>.<body>`` (the timestamp's ASCII digits, a full stop, the raw
body bytes) under the endpoint's secret. The timestamp is signed so an old
request cannot be replayed later; ``verify()`` refuses one older (or newer)
than ``tolerance`` seconds. ``verify()`` uses the standard library only, so a
partner can copy it as it is (``docs/syndication.md``).
"""

import hashlib
import hmac
import time

SIGNATURE_VERSION = "v1"


def signature(secret, timestamp, body):
    """``v1=<hex>``: the HMAC-SHA256 of ``timestamp.body`` under ``secret``."""
    message = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def verify(secret, body, timestamp, signature_header, tolerance=300, now=None):
    """
    Whether ``body`` (bytes), sent at ``timestamp`` with ``signature_header``,
    was signed with ``secret`` within ``tolerance`` seconds of ``now``.
    """
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - sent) > tolerance:
        return False
    message = str(sent).encode("ascii") + b"." + body
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    for part in (signature_header or "").split(","):
        version, _, value = part.strip().partition("=")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False
