"""People, roles, skills and data-protection requests in the site administration.

Consents and data requests are records: the administration shows them but never edits them.
Erasure and exports go through the service (the person's own pages, or staff acting for them)
so that they are recorded.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from coproduce.people.models import Consent, DataRequest, RoleGrant, Skill, User


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    extra = 0
    fields = ("role", "area")


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("display_name", "email", "phone", "is_active", "date_joined", "erased_at")
    list_filter = ("is_active", "is_staff", "role_grants__role")
    search_fields = ("display_name", "email", "phone")
    fields = (
        "display_name",
        "email",
        "phone",
        "preferred_language",
        "is_active",
        "is_staff",
        "created_by",
        "date_joined",
        "last_login",
        "erased_at",
    )
    readonly_fields = ("created_by", "date_joined", "last_login", "erased_at")
    inlines = (RoleGrantInline,)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("person", "purpose", "granted", "at", "recorded_by")
    list_filter = ("purpose", "granted")
    list_select_related = ("person", "recorded_by")


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyAdmin):
    list_display = ("person_reference", "kind", "status", "created_at", "completed_at")
    list_filter = ("kind", "status")
    search_fields = ("person_reference",)
