from __future__ import annotations

from django.contrib import admin

from earful.surveys.models import (
    DailyDraw,
    Event,
    Invitation,
    Program,
    Response,
    Skip,
    WalkInLink,
)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["name", "kind", "is_active", "monthly_quota", "daily_cap", "target_margin"]
    list_filter = ["kind", "is_active"]
    filter_horizontal = ["units"]


@admin.register(DailyDraw)
class DailyDrawAdmin(admin.ModelAdmin[DailyDraw]):
    list_display = ["day", "program", "quota", "eligible", "picked", "seed"]
    list_filter = ["program"]
    date_hierarchy = "day"


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["created_at", "program", "customer", "status", "sent_at", "attempts"]
    list_filter = ["status", "program"]
    raw_id_fields = ["customer", "draw"]
    exclude = ["token"]  # the link's secret stays out of screenshots and shoulder views


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    list_display = ["submitted_at", "program", "customer", "unit", "score", "channel"]
    list_filter = ["program", "channel", "score"]
    raw_id_fields = ["invitation", "customer", "unit", "walk_in"]


@admin.register(Skip)
class SkipAdmin(admin.ModelAdmin[Skip]):
    list_display = ["day", "program", "customer", "reason"]
    list_filter = ["reason", "program"]
    raw_id_fields = ["customer"]


@admin.register(WalkInLink)
class WalkInLinkAdmin(admin.ModelAdmin[WalkInLink]):
    list_display = ["unit", "program", "is_active", "created_at"]
    list_filter = ["program", "is_active"]
    raw_id_fields = ["unit"]
    exclude = ["token"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["received_at", "event_type", "customer", "outcome", "idempotency_key"]
    list_filter = ["event_type", "outcome"]
    raw_id_fields = ["customer", "invitation"]
