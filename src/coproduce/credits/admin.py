"""The ledger in the site administration: to look at, never to change.

Credits move only through the services, which keep every transaction balanced and every
running balance true; an edit here would break both, so nothing can be added, changed or
deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from coproduce.credits.models import Account, Entry, Transaction


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "person", "organisation", "balance_display")
    list_filter = ("kind",)
    list_select_related = ("person", "organisation")
    search_fields = ("person__display_name", "person__email", "organisation__name")


class EntryInline(admin.TabularInline[Entry, Transaction]):
    model = Entry
    fields = ("account", "amount_display")
    readonly_fields = ("account", "amount_display")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "reason", "created_by", "on_behalf_of", "memo")
    list_filter = ("reason",)
    list_select_related = ("created_by", "on_behalf_of")
    exclude = ("fingerprint",)
    inlines = (EntryInline,)
