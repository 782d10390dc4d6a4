from __future__ import annotations

from django.contrib import admin

from earful.cases.models import CallLog, Case, Holiday, Reply, RootCause


class CallLogInline(admin.TabularInline[CallLog, Case]):
    model = CallLog
    extra = 0
    raw_id_fields = ["by"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ["pk", "status", "owner", "unit", "opened_at", "due_at", "escalation_level"]
    list_filter = ["status", "escalation_level"]
    raw_id_fields = ["response", "customer", "owner", "escalated_to", "unit"]
    inlines = [CallLogInline]


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin[RootCause]):
    list_display = ["__str__", "is_active"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin[Holiday]):
    list_display = ["day", "name", "unit"]
    date_hierarchy = "day"


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin[Reply]):
    list_display = ["created_at", "kind", "to", "sent_at"]
    raw_id_fields = ["case", "by"]
