"""API token secrets (docs/rules.md §16.1): a random secret, its SHA-256 digest (all that is stored) and its visible
prefix. Pure functions."""

import hashlib
import secrets

MARK = "ekn_"
PREFIX_LENGTH = len(MARK) + 8
MAX_LENGTH = 200  # anything longer in an Authorization header is not one of ours: not even hashed


def token_new() -> str:
    """A new secret: our mark and 32 random bytes (256 bits) in URL-safe base64, 47 characters."""
    return MARK + secrets.token_urlsafe(32)


def token_digest(secret: str) -> str:
    """What is stored and looked up. A fast hash is right here, unlike for passwords: the secret is 256 random bits,
    so no dictionary or brute force reaches it however fast the hash, and one SHA-256 keeps the lookup an index
    probe on every call (decision 0022)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def token_prefix(secret: str) -> str:
    """The first characters the admin sees to tell tokens apart (`ekn_AbCd1234`): 48 of the 256 bits."""
    return secret[:PREFIX_LENGTH]
