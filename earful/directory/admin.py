from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from earful.directory.models import Contact, Customer, Employee, ImportJob, Unit
from earful.directory.signals import customer_segments_changed


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "kind", "external_id", "parent", "depth"]
    list_filter = ["kind", "depth"]
    search_fields = ["name", "external_id"]
    readonly_fields = ["lft", "rght", "depth"]


@admin.register(Employee)
class EmployeeAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "email", "first_name", "last_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Earful", {"fields": ("external_id", "role", "unit", "language")}),
    )


class ContactInline(admin.TabularInline[Contact, Customer]):
    model = Contact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ["name", "external_id", "segment", "lifecycle", "unit", "owner"]
    list_filter = ["lifecycle", "segment", "language"]
    search_fields = ["name", "external_id", "email"]
    raw_id_fields = ["owner", "unit"]
    inlines = [ContactInline]

    def save_model(self, request: Any, obj: Customer, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "segment" in form.changed_data:
            previous = {obj.pk: form.initial.get("segment", "")}
            customer_segments_changed.send(sender=Customer, previous=previous)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ["created_at", "kind", "filename", "dry_run", "status", "rows", "created_by"]
    list_filter = ["kind", "status"]
    exclude = ["content"]
    readonly_fields = ["errors"]
