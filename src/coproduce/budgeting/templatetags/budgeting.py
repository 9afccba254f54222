"""Money as people read it: £12,000, or 12,000 PLN for a currency without a symbol here."""

from __future__ import annotations

from typing import Any

from django import template

from coproduce.budgeting.services._base import money as format_money

register = template.Library()


@register.filter
def money(amount: Any, currency: str = "GBP") -> str:
    if amount in (None, ""):
        return ""
    return format_money(int(amount), currency or "GBP")
