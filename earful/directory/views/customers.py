"""The customer list, its CSV export, and one customer's page."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from earful.directory.filters import CustomerFilterForm
from earful.directory.models import Customer
from earful.directory.selectors import (
    customer_get_for_user,
    customer_list_visible_to,
    employee_list_visible_to,
    unit_get_for_user,
    unit_path_for_user,
)
from earful.web.http import AuthenticatedRequest

PAGE_SIZE = 50

# The importer's customer columns, so that an export can be edited and imported again.
EXPORT_COLUMNS = [
    "external_id",
    "name",
    "email",
    "phone",
    "language",
    "segment",
    "annual_revenue",
    "lifecycle",
    "churned_on",
    "owner",
    "unit",
    "survey_consent",
    "marketing_consent",
    "opted_out",
]


def _filtered_customers(request: AuthenticatedRequest, form: CustomerFilterForm) -> QuerySet[Customer]:
    """The customers the filters ask for; 404 for a unit or owner outside the user's scope."""
    if not form.is_valid():
        raise BadRequest("Invalid filter")
    data = form.cleaned_data
    user = request.user
    unit = unit_get_for_user(user=user, unit_id=data["unit"]) if data["unit"] else None
    owner = (
        get_object_or_404(employee_list_visible_to(user=user), pk=data["owner"])
        if data["owner"]
        else None
    )
    return customer_list_visible_to(
        user=user, search=data["q"], unit=unit, segment=data["segment"], owner=owner
    )


@require_GET
@login_required
def customer_list(request: AuthenticatedRequest) -> HttpResponse:
    form = CustomerFilterForm(request.GET, user=request.user)
    customers = _filtered_customers(request, form)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"nav": "customers", "form": form, "page": page}
    return render(request, "directory/customer_list.html", ctx)


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _export_rows(customers: QuerySet[Customer]) -> Iterator[list[str]]:
    yield EXPORT_COLUMNS
    for c in customers.iterator(chunk_size=2000):
        row = [
            c.external_id,
            c.name,
            c.email,
            c.phone,
            c.language,
            c.segment,
            c.annual_revenue,
            c.lifecycle,
            c.churned_on,
            c.owner.external_id if c.owner else None,
            c.unit.external_id,
            c.survey_consent,
            c.marketing_consent,
            c.opted_out,
        ]
        yield [_csv_cell(v) for v in row]


@require_GET
@login_required
def customer_export(request: AuthenticatedRequest) -> StreamingHttpResponse:
    customers = _filtered_customers(request, CustomerFilterForm(request.GET, user=request.user))
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _export_rows(customers)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="customers.csv"'
    return response


@require_GET
@login_required
def customer_detail(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, customer_id=customer_id)
    ctx = {
        "nav": "customers",
        "customer": customer,
        "unit_path": unit_path_for_user(user=request.user, unit=customer.unit),
        "contacts": customer.contacts.all(),
    }
    return render(request, "directory/customer_detail.html", ctx)
