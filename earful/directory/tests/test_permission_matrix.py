"""The permission matrix: who sees which customers and units, through every page.

The tables below are the specification. Pages must agree with them exactly, and
anything outside a persona's scope is a 404 (never a 403: we do not confirm that it
exists).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from django.urls import reverse

from earful.directory.models import Employee, Unit
from earful.directory.selectors import UnitNode

ALL_CUSTOMERS = {"Oulu Oy", "Oulu Ab", "Tampere Oy", "Helsinki Oy", "Turku Oy", "Far Away Oy"}
ALL_UNITS = {"company", "north", "south", "oulu", "tampere", "helsinki", "turku"}

# persona -> customer names it sees
CUSTOMERS_SEEN = {
    "admin": ALL_CUSTOMERS,
    "cx_lead": ALL_CUSTOMERS,
    "analyst": ALL_CUSTOMERS,
    "north_manager": {"Oulu Oy", "Oulu Ab", "Tampere Oy"},  # the North subtree
    "oulu_rep": {"Oulu Oy", "Oulu Ab", "Far Away Oy"},  # own unit + owns Far Away Oy
    "oulu_rep2": {"Oulu Oy", "Oulu Ab"},  # own unit only
    "helsinki_rep": {"Helsinki Oy", "Far Away Oy", "Turku Oy"},  # own unit + owns Turku Oy
    "nobody": set(),  # no unit, owns nothing
}

# persona -> org attribute names of the units it may open
UNITS_SEEN = {
    "admin": ALL_UNITS,
    "cx_lead": ALL_UNITS,
    "analyst": ALL_UNITS,
    "north_manager": {"north", "oulu", "tampere"},
    "oulu_rep": {"oulu"},
    "oulu_rep2": {"oulu"},
    "helsinki_rep": {"helsinki"},
    "nobody": set(),
}

customers_seen = pytest.mark.parametrize(("persona", "seen"), list(CUSTOMERS_SEEN.items()))
units_seen = pytest.mark.parametrize(("persona", "seen"), list(UNITS_SEEN.items()))


def listed_names(response) -> set[str]:
    return {c.name for c in response.context["page"].object_list}


def exported_names(response) -> set[str]:
    text = b"".join(response.streaming_content).decode()
    return {row["name"] for row in csv.DictReader(io.StringIO(text))}


@customers_seen
def test_the_list_and_the_export_show_exactly_the_customers_in_scope(client, org, persona, seen):
    client.force_login(getattr(org, persona))
    response = client.get(reverse("customer_list"))
    assert listed_names(response) == seen
    html = response.content.decode()
    for name in ALL_CUSTOMERS - seen:
        assert name not in html
    assert exported_names(client.get(reverse("customer_export"))) == seen


@customers_seen
def test_customer_pages_outside_scope_are_404(client, org, persona, seen):
    client.force_login(getattr(org, persona))
    for customer in org.customers:
        response = client.get(reverse("customer_detail", args=[customer.pk]))
        expected = 200 if customer.name in seen else 404
        assert response.status_code == expected, customer.name


@units_seen
def test_unit_pages_outside_scope_are_404(client, org, persona, seen):
    client.force_login(getattr(org, persona))
    for attr in sorted(ALL_UNITS):
        response = client.get(reverse("unit_detail", args=[getattr(org, attr).pk]))
        expected = 200 if attr in seen else 404
        assert response.status_code == expected, attr


@units_seen
def test_filtering_by_a_unit_outside_scope_is_404(client, org, persona, seen):
    client.force_login(getattr(org, persona))
    for attr in sorted(ALL_UNITS):
        unit_id = getattr(org, attr).pk
        for url in (reverse("customer_list"), reverse("customer_export")):
            response = client.get(url, {"unit": unit_id})
            expected = 200 if attr in seen else 404
            assert response.status_code == expected, (url, attr)


@units_seen
def test_the_unit_tree_shows_exactly_the_units_in_scope(client, org, persona, seen):
    client.force_login(getattr(org, persona))
    response = client.get(reverse("unit_tree"))
    assert response.status_code == 200

    def walk(nodes: list[UnitNode]) -> Iterator[Unit]:
        for node in nodes:
            yield node.unit
            yield from walk(node.children)

    assert {u.pk for u in walk(response.context["roots"])} == {getattr(org, a).pk for a in seen}


def test_filtering_by_an_owner_outside_scope_is_404(client, org):
    client.force_login(org.north_manager)
    response = client.get(reverse("customer_list"), {"owner": org.helsinki_rep.pk})
    assert response.status_code == 404


def test_a_missing_customer_or_unit_is_404_even_for_an_admin(client, org):
    client.force_login(org.admin)
    assert client.get(reverse("customer_detail", args=[999_999])).status_code == 404
    assert client.get(reverse("unit_detail", args=[999_999])).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("customer_list", []),
        ("customer_export", []),
        ("customer_detail", [1]),
        ("unit_tree", []),
        ("unit_detail", [1]),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_inactive_employee_cannot_get_in(client, org):
    Employee.objects.filter(pk=org.admin.pk).update(is_active=False)
    client.force_login(org.admin)
    response = client.get(reverse("customer_list"))
    assert response.status_code == 302


def test_the_analyst_cannot_open_the_django_admin(client, org):
    client.force_login(org.analyst)
    response = client.get(reverse("admin:index"))
    assert response.status_code != 200
