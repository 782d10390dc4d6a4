"""The columns each kind of import accepts, and how each cell is checked and converted.

This is the one place that validates values: the dry run and the real run both come
here. Parsers take the stripped cell text and return the model value, or raise
ValueError with a reason a spreadsheet user understands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import translation

from earful.directory.choices import ImportKind, Language, Lifecycle, Role, UnitKind
from earful.directory.importing.bulk import model_field
from earful.directory.importing.readers import Table
from earful.directory.importing.report import ErrorList
from earful.directory.models import Customer, Employee, Unit, validate_time_zone

Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Column:
    """One accepted column. A blank cell sets `blank`, or with `keep_if_blank` leaves the
    current value alone (and the model's default on new rows)."""

    name: str
    parse: Parser
    attname: str = ""  # the model attribute it fills; the column name if empty
    required: bool = False
    keep_if_blank: bool = False
    blank: Any = ""

    @property
    def target(self) -> str:
        return self.attname or self.name


@dataclass
class CleanRow:
    """A row that passed every column check: its number and the values it sets."""

    row: int
    values: dict[str, Any]

    @property
    def external_id(self) -> str:
        return str(self.values["external_id"])


# Parsers ---------------------------------------------------------------------------


def max_length(model: type[models.Model], name: str) -> int:
    return model_field(model, name).max_length or 0


def text(model: type[models.Model], name: str) -> Parser:
    limit = max_length(model, name)

    def parse(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"Longer than {limit} characters.")
        if "\0" in value:  # PostgreSQL refuses it; it is never meant
            raise ValueError("Contains a NUL character.")
        return value

    return parse


def email(max_length: int) -> Parser:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise ValueError(f"Longer than {max_length} characters.")
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError("Not a valid email address.") from None
        return value

    return parse


def _choice_key(value: str) -> str:
    return " ".join(value.lower().replace("-", " ").replace("_", " ").split())


def choice(choices: type[models.TextChoices]) -> Parser:
    """Accept the stored value or the label, in English or the active language, in any case
    and with spaces, hyphens or underscores: "cx_lead", "CX lead", "Front-line"."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[_choice_key(value)] = value
        lookup[_choice_key(str(label))] = value
        with translation.override(None):
            lookup[_choice_key(str(label))] = value
    expected = ", ".join(choices.values)

    def parse(value: str) -> str:
        try:
            return lookup[_choice_key(value)]
        except KeyError:
            raise ValueError(f"Not one of: {expected}.") from None

    return parse


TRUE = {"1", "true", "yes", "y"}
FALSE = {"0", "false", "no", "n"}


def boolean(value: str) -> bool:
    lowered = value.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValueError("Not a yes/no value: use 1/0, true/false, yes/no or y/n.")


CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 12  # DecimalField(max_digits=14, decimal_places=2)


def amount(value: str) -> Decimal:
    """A money amount: "12500.50", "12 500,50", "12,500.50" or "12.500,50"."""
    number = "".join(value.split()).replace("\u202f", "")
    comma, dot = number.rfind(","), number.rfind(".")
    if comma >= 0 and dot >= 0:  # the later one is the decimal separator
        thousands = "." if comma > dot else ","
        number = number.replace(thousands, "").replace(",", ".")
    elif number.count(",") == 1:
        number = number.replace(",", ".")
    elif comma >= 0 or number.count(".") > 1:
        number = number.replace(",", "").replace(".", "")
    try:
        result = Decimal(number)
    except InvalidOperation:
        raise ValueError("Not a number: use e.g. 12500.50.") from None
    if not result.is_finite():
        raise ValueError("Not a number: use e.g. 12500.50.")
    if result < 0:
        raise ValueError("Cannot be negative.")
    result = result.quantize(CENT, rounding=ROUND_HALF_UP)
    if result >= MAX_AMOUNT:
        raise ValueError("Too large.")
    return result


def date(value: str) -> dt.date:
    """YYYY-MM-DD (what XLSX date cells become) or DD.MM.YYYY."""
    try:
        if "." in value:
            day, month, year = value.split(".")
            if len(year) == 4:
                return dt.date(int(year), int(month), int(day))
        elif len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError("Not a date: use YYYY-MM-DD or DD.MM.YYYY.")


def time_zone(value: str) -> str:
    """An IANA time zone name, as the unit's SLA clock needs it."""
    try:
        validate_time_zone(value)
    except ValidationError:
        raise ValueError("Not a time zone: use a name such as Europe/Helsinki.") from None
    return value


def reference(ids: Mapping[str, int], message: str, *, by_email: bool = False) -> Parser:
    """An external id (or, with `by_email`, an email address) of a row already imported."""

    def parse(value: str) -> int:
        pk = ids.get(value)
        if pk is None and by_email:
            pk = ids.get(value.lower())
        if pk is None:
            raise ValueError(message)
        return pk

    return parse


# Columns per kind ----------------------------------------------------------------


def unit_columns() -> list[Column]:
    return [
        Column("external_id", text(Unit, "external_id"), required=True),
        Column("name", text(Unit, "name"), required=True),
        Column("kind", choice(UnitKind), keep_if_blank=True),
        # The parent's external id; resolved against the file and the database later,
        # because parents may come after their children.
        Column("parent", text(Unit, "external_id"), blank=None),
        Column("time_zone", time_zone),
    ]


def employee_columns(*, units: Mapping[str, int]) -> list[Column]:
    return [
        Column("external_id", text(Employee, "external_id"), required=True),
        # It becomes the username too, which is the shorter.
        Column("email", email(max_length(Employee, "username")), required=True),
        Column("first_name", text(Employee, "first_name")),
        Column("last_name", text(Employee, "last_name")),
        Column("role", choice(Role), required=True),
        Column("unit", reference(units, UNKNOWN_UNIT), attname="unit_id", blank=None),
        Column("language", choice(Language), keep_if_blank=True),
        Column("is_active", boolean, keep_if_blank=True),
    ]


def customer_columns(*, units: Mapping[str, int], employees: Mapping[str, int]) -> list[Column]:
    return [
        Column("external_id", text(Customer, "external_id"), required=True),
        Column("name", text(Customer, "name"), required=True),
        Column("email", email(max_length(Customer, "email"))),
        Column("phone", text(Customer, "phone")),
        Column("language", choice(Language), keep_if_blank=True),
        Column("segment", text(Customer, "segment")),
        Column("annual_revenue", amount, blank=None),
        Column("lifecycle", choice(Lifecycle), keep_if_blank=True),
        Column("churned_on", date, blank=None),
        Column(
            "owner",
            reference(employees, UNKNOWN_OWNER, by_email=True),
            attname="owner_id",
            blank=None,
        ),
        Column("unit", reference(units, UNKNOWN_UNIT), attname="unit_id", required=True),
        Column("survey_consent", boolean, keep_if_blank=True),
        Column("marketing_consent", boolean, keep_if_blank=True),
        Column("opted_out", boolean, keep_if_blank=True),
    ]


def column_reference() -> list[tuple[str, list[Column]]]:
    """Each kind's label and columns, for the upload page's help."""
    return [
        (str(ImportKind.UNITS.label), unit_columns()),
        (str(ImportKind.EMPLOYEES.label), employee_columns(units={})),
        (str(ImportKind.CUSTOMERS.label), customer_columns(units={}, employees={})),
    ]


UNKNOWN_UNIT = "No unit with this external id. Import the units first."
UNKNOWN_OWNER = "No employee with this external id or email. Import the employees first."


# Checking a table ----------------------------------------------------------------


def header_key(name: str) -> str:
    """Header matching ignores case and treats spaces and hyphens as underscores."""
    return "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())


def match_header(
    header: list[str], columns: list[Column], errors: ErrorList
) -> list[tuple[Column, int]]:
    """Each known column with its position in the file; header problems go to `errors`."""
    by_name = {c.name: c for c in columns}
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue  # a blank header cell; cells under it must be blank too
        if key not in by_name:
            errors.add(1, cell, cell, f"Unknown column. Expected: {', '.join(by_name)}.")
        elif key in found:
            errors.add(1, cell, cell, f"Column appears twice (also column {found[key] + 1}).")
        else:
            found[key] = position
    for column in columns:
        if column.required and column.name not in found:
            errors.add(1, column.name, "", "Required column is missing from the header row.")
    return [(by_name[name], position) for name, position in found.items()]


def clean_rows(table: Table, columns: list[Column], errors: ErrorList) -> list[CleanRow]:
    """Check every cell of every row (never stopping at the first error) and return the
    rows that passed, converted. External ids must be unique within the file."""
    positions = match_header(table.header, columns, errors)
    if errors:
        return []
    width = len(table.header)
    unnamed = [i for i, cell in enumerate(table.header) if not header_key(cell)]
    first_row_of: dict[str, int] = {}
    clean: list[CleanRow] = []
    for number, cells in table.rows:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        values, ok = _clean_cells(number, cells, positions, errors)
        for position in [*unnamed, *range(width, len(cells))]:
            if cells[position].strip():
                errors.add(number, f"column {position + 1}", cells[position], "No header.")
                ok = False
        external_id = values.get("external_id")
        if external_id in first_row_of:
            duplicate = f"Duplicate: row {first_row_of[external_id]} has the same external id."
            errors.add(number, "external_id", external_id, duplicate)
        elif external_id is not None:
            first_row_of[external_id] = number
            if ok:
                clean.append(CleanRow(number, values))
    return clean


def _clean_cells(
    number: int, cells: list[str], positions: list[tuple[Column, int]], errors: ErrorList
) -> tuple[dict[str, Any], bool]:
    """One row's values by attname, and whether every cell was right (the wrong ones are
    reported and left out)."""
    values: dict[str, Any] = {}
    ok = True
    for column, position in positions:
        raw = cells[position].strip()
        if raw:
            try:
                values[column.attname or column.name] = column.parse(raw)
            except ValueError as e:
                errors.add(number, column.name, raw, str(e))
                ok = False
        elif column.required:
            errors.add(number, column.name, "", "Required; this cell is blank.")
            ok = False
        elif not column.keep_if_blank:
            values[column.attname or column.name] = column.blank
    return values, ok
