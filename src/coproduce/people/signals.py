"""Signals other parts of the product listen to."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the erasure's transaction, before the account is anonymised, with
# `person` and `actor`. Receivers clear or anonymise the person's data in their own tables;
# records that must be kept (hours given, votes cast) keep pointing at the anonymised account.
person_erasing = Signal()
