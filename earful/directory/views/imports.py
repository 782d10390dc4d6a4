"""TEMPORARY placeholder until the importer views land; the importer helper replaces it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def import_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def import_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    raise Http404


def import_apply(request: HttpRequest, job_id: int) -> HttpResponse:
    raise Http404
