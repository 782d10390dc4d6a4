from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from earful.themes.models import (
    Correction,
    TaxonomyVersion,
    TextAnalysis,
    Theme,
    ThemeMention,
    ThemeProposal,
)


class ReadOnly:
    """Inspect only: every change goes through the Themes pages' services, which record
    a taxonomy version and re-analyse what it affects."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Theme)
class ThemeAdmin(ReadOnly, admin.ModelAdmin[Theme]):
    list_display = ["name", "key", "parent", "is_active"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]


@admin.register(TaxonomyVersion)
class TaxonomyVersionAdmin(ReadOnly, admin.ModelAdmin[TaxonomyVersion]):
    list_display = ["number", "kind", "use_scores", "created_by", "created_at"]
    readonly_fields = ["number", "kind", "themes", "created_by", "created_at"]


@admin.register(TextAnalysis)
class TextAnalysisAdmin(ReadOnly, admin.ModelAdmin[TextAnalysis]):
    list_display = ["response", "language", "sentiment", "engine", "taxonomy_version"]
    list_filter = ["language", "sentiment", "engine"]
    raw_id_fields = ["response"]


@admin.register(ThemeMention)
class ThemeMentionAdmin(ReadOnly, admin.ModelAdmin[ThemeMention]):
    list_display = ["response", "theme", "confidence", "sentiment", "source"]
    list_filter = ["theme", "source"]
    raw_id_fields = ["response"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnly, admin.ModelAdmin[Correction]):
    list_display = ["response", "sentiment", "by", "created_at"]
    raw_id_fields = ["response"]


@admin.register(ThemeProposal)
class ThemeProposalAdmin(ReadOnly, admin.ModelAdmin[ThemeProposal]):
    list_display = ["label", "size", "status", "theme", "created_at"]
    list_filter = ["status"]
