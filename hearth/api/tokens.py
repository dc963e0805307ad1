"""Token format and hashing. A token is `hth_<prefix>_<secret>`: the prefix finds the row, the
SHA-256 of the whole token is compared in constant time. Tokens carry 256 bits of randomness,
so a fast hash is enough (no password stretching is needed for random secrets)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_BYTES = 6
SECRET_BYTES = 32
SCHEME = "hth"


def new_token() -> tuple[str, str]:
    """A fresh token and its prefix."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    return f"{SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}", prefix


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def prefix_of(token: str) -> str | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or len(parts[1]) != PREFIX_BYTES * 2:
        return None
    return parts[1]


def matches(token: str, hashed: str) -> bool:
    return hmac.compare_digest(hash_token(token), hashed)
