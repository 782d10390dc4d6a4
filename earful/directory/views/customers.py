"""The customer list, its CSV and XLSX exports, and one customer's page."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from earful.directory.access import may_manage_programs
from earful.directory.filters import CustomerFilterForm
from earful.directory.importing.schemas import customer_columns
from earful.directory.models import Customer
from earful.directory.selectors import (
    customer_get_for_user,
    customer_list_visible_to,
    employee_list_visible_to,
    unit_get_for_user,
    unit_path_for_user,
)
from earful.platform.exports import stream_csv, stream_xlsx
from earful.surveys.programs import customer_eligibility
from earful.web.http import AuthenticatedRequest

PAGE_SIZE = 50

# The importer's customer columns, in its order, so that an export can be edited and
# imported again. Each is a Customer attribute of the same name, but for owner and unit.
EXPORT_COLUMNS = [column.name for column in customer_columns(units={}, employees={})]


def _filtered_customers(form: CustomerFilterForm) -> QuerySet[Customer]:
    """The customers the filters ask for; 404 for a unit or owner outside the user's scope."""
    if not form.is_valid():
        raise BadRequest("Invalid filter")
    data = form.cleaned_data
    user = form.user
    unit = unit_get_for_user(user=user, unit_id=data["unit"]) if data["unit"] else None
    owner = (
        get_object_or_404(employee_list_visible_to(user=user), pk=data["owner"])
        if data["owner"]
        else None
    )
    return customer_list_visible_to(
        user=user, search=data["q"], unit=unit, segment=data["segment"], owner=owner
    )


@login_required
@require_GET
def customer_list(request: AuthenticatedRequest) -> HttpResponse:
    form = CustomerFilterForm(request.GET, user=request.user)
    customers = _filtered_customers(form)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "nav": "customers",
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
    }
    return render(request, "directory/customer_list.html", ctx)


def _export_cell(customer: Customer, column: str) -> str:
    value: object
    if column == "owner":
        # The importer matches owners by external id, or by email where there is none.
        owner = customer.owner
        value = (owner.external_id or owner.email) if owner else None
    elif column == "unit":
        value = customer.unit.external_id
    else:
        value = getattr(customer, column)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return "" if value is None else str(value)


def _export_rows(customers: QuerySet[Customer]) -> Iterator[list[str]]:
    for customer in customers.iterator(chunk_size=2000):
        yield [_export_cell(customer, column) for column in EXPORT_COLUMNS]


@login_required
@require_GET
def customer_export(request: AuthenticatedRequest) -> StreamingHttpResponse:
    customers = _filtered_customers(CustomerFilterForm(request.GET, user=request.user))
    # No byte-order mark, as before: scripts read this file as plain UTF-8.
    return stream_csv(
        filename="customers.csv", header=EXPORT_COLUMNS, rows=_export_rows(customers), bom=False
    )


@login_required
@require_GET
def customer_export_xlsx(request: AuthenticatedRequest) -> FileResponse:
    customers = _filtered_customers(CustomerFilterForm(request.GET, user=request.user))
    return stream_xlsx(
        filename="customers.xlsx", header=EXPORT_COLUMNS, rows=_export_rows(customers)
    )


@login_required
@require_GET
def customer_detail(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, customer_id=customer_id)
    ctx = {
        "nav": "customers",
        "customer": customer,
        "unit_path": unit_path_for_user(user=request.user, unit=customer.unit),
        "contacts": customer.contacts.all(),
    }
    if may_manage_programs(request.user):
        # "Why was X not asked?": for those who run the programs.
        ctx["eligibility"] = customer_eligibility(customer=customer, day=timezone.localdate())
    return render(request, "directory/customer_detail.html", ctx)
