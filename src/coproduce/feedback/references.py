"""Feedback references (FB-7K3M-Q9XD) and the private links to follow feedback."""

from __future__ import annotations

import secrets

from django.core.signing import BadSignature, Signer

from coproduce.feedback.models import Feedback

# No 0/O, 1/I/L: a reference is read out on the phone and copied from paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_PREFIX = "FB"
LINK_SALT = "coproduce.feedback.follow"
LINK_SEPARATOR = "."


def new_reference() -> str:
    """Like FB-7K3M-Q9XD: 31⁸ (about 850 billion) possibilities, so guessing one is hopeless."""
    for _attempt in range(10):
        body = "".join(secrets.choice(ALPHABET) for _ in range(8))
        reference = f"{REFERENCE_PREFIX}-{body[:4]}-{body[4:]}"
        if not Feedback.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find a free feedback reference.")  # pragma: no cover


def normalise_reference(raw: str) -> str:
    """What people type: lower case, spaces, no dashes. FB 7k3m q9xd → FB-7K3M-Q9XD."""
    letters = "".join(ch for ch in raw.upper() if ch.isalnum())
    if letters.startswith(REFERENCE_PREFIX):
        letters = letters[len(REFERENCE_PREFIX) :]
    if len(letters) != 8:
        return ""
    return f"{REFERENCE_PREFIX}-{letters[:4]}-{letters[4:]}"


def _signer() -> Signer:
    return Signer(salt=LINK_SALT, sep=LINK_SEPARATOR)


def private_token(feedback: Feedback) -> str:
    """The secret part of the private link to follow this feedback; needs no account."""
    return _signer().sign(feedback.reference)


def reference_from_token(token: str) -> str:
    try:
        return _signer().unsign(token[:200])
    except BadSignature:
        return ""
