"""Organisations and memberships in the site administration."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from coproduce.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    fields = ("person", "role", "title")
    raw_id_fields = ("person",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "is_spend_partner", "is_active", "updated_at")
    list_filter = ("kind", "is_spend_partner", "is_active", "areas")
    search_fields = ("name", "slug", "email")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("areas",)
    inlines = (MembershipInline,)
    readonly_fields = ("created_at", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("person", "organisation", "role", "title")
    list_filter = ("role", "organisation__kind")
    list_select_related = ("person", "organisation")
    search_fields = ("person__display_name", "person__email", "organisation__name")
    raw_id_fields = ("person", "organisation")
