from django.contrib import admin

from coproduce.feedback.models import Feedback, PublicSummary, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ("reference", "kind", "status", "service", "received_on", "next_due")
    list_filter = ("kind", "status", "channel")
    search_fields = ("reference",)
    raw_id_fields = ("person", "service", "about_organisation", "proposal", "area", "summary")
    readonly_fields = ("reference", "submission_key")


@admin.register(PublicSummary)
class PublicSummaryAdmin(admin.ModelAdmin[PublicSummary]):
    list_display = ("title", "service", "theme", "is_published", "published_at")
    list_filter = ("is_published",)
    raw_id_fields = ("source", "service", "area")
