from __future__ import annotations

from django.contrib import admin

from earful.platform.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["created_at", "action", "actor", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "object_id"]
    readonly_fields = ["created_at", "action", "actor", "object_type", "object_id", "data"]

    def has_add_permission(self, request: object) -> bool:
        return False
