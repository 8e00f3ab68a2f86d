"""
Partners' API keys and endpoints' signing secrets: made here, never stored in
the clear (keys), compared in constant time.

A key is ``nrp_`` and 32 random bytes (URL-safe base64). Its first
``PREFIX_LENGTH`` characters are stored as they are, to find the key's row and
to tell keys apart in lists; the whole key only as an HMAC-SHA256 under a
server-side pepper (``NEWSROOM_SYNDICATION_PEPPER``, the ``SECRET_KEY`` unless
set), so a copy of the database gives no working key. A random 256-bit key
needs no slow KDF: nothing about it can be guessed faster than the HMAC.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

KEY_PREFIX = "nrp_"
SECRET_PREFIX = "whsec_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8
TOKEN_BYTES = 32


def new_key():
    """A fresh API key, to be shown once."""
    return KEY_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def new_secret():
    """A fresh endpoint signing secret, to be shown once."""
    return SECRET_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def key_prefix(key):
    return key[:PREFIX_LENGTH]


def pepper():
    return (settings.NEWSROOM_SYNDICATION_PEPPER or settings.SECRET_KEY).encode()


def key_hash(key):
    """What is stored of a key: its HMAC-SHA256 under the pepper, in hex."""
    return hmac.new(pepper(), key.encode(), hashlib.sha256).hexdigest()


def matches(key, stored_hash):
    """Whether ``key`` is the one ``stored_hash`` was made from (constant time)."""
    return hmac.compare_digest(key_hash(key), stored_hash)
