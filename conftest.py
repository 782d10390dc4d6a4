"""Fixtures shared by every app's tests: a small organisation and one persona per role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from earful.directory.choices import Role
from earful.directory.models import Customer, Employee, Unit
from earful.directory.tests.factories import CustomerFactory, EmployeeFactory, UnitFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM would
# otherwise refuse to run next to it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    """Tasks run at once, inside the test (tests of the worker override this), and
    passwords hash fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Every test starts with empty rate-limit counters."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Org:
    """Company ─┬─ North ─┬─ Oulu
    │         └─ Tampere
    └─ South ─┬─ Helsinki
              └─ Turku
    """

    company: Unit
    north: Unit
    south: Unit
    oulu: Unit
    tampere: Unit
    helsinki: Unit
    turku: Unit
    admin: Employee
    cx_lead: Employee
    analyst: Employee
    north_manager: Employee
    oulu_rep: Employee
    oulu_rep2: Employee
    helsinki_rep: Employee
    nobody: Employee
    oulu_customer: Customer
    oulu_customer_of_rep2: Customer
    tampere_customer: Customer
    helsinki_customer: Customer
    turku_customer: Customer
    orphan_customer: Customer

    @property
    def customers(self) -> list[Customer]:
        return [
            self.oulu_customer,
            self.oulu_customer_of_rep2,
            self.tampere_customer,
            self.helsinki_customer,
            self.turku_customer,
            self.orphan_customer,
        ]


@pytest.fixture
def org(db: None) -> Org:
    company = UnitFactory.create(external_id="U-CO", name="Company", kind="company")
    north = UnitFactory.create(external_id="U-N", name="North", kind="region", parent=company)
    south = UnitFactory.create(external_id="U-S", name="South", kind="region", parent=company)
    oulu = UnitFactory.create(external_id="U-OUL", name="Oulu", parent=north)
    tampere = UnitFactory.create(external_id="U-TRE", name="Tampere", parent=north)
    helsinki = UnitFactory.create(external_id="U-HEL", name="Helsinki", parent=south)
    turku = UnitFactory.create(external_id="U-TKU", name="Turku", parent=south)
    for unit in (company, north, south, oulu, tampere, helsinki, turku):
        unit.refresh_from_db()

    oulu_rep = EmployeeFactory.create(username="oulu_rep", role=Role.FRONT_LINE, unit=oulu)
    oulu_rep2 = EmployeeFactory.create(username="oulu_rep2", role=Role.FRONT_LINE, unit=oulu)
    helsinki_rep = EmployeeFactory.create(
        username="helsinki_rep", role=Role.FRONT_LINE, unit=helsinki
    )
    turku_customer = CustomerFactory.create(name="Turku Oy", unit=turku, owner=helsinki_rep)
    return Org(
        company=company,
        north=north,
        south=south,
        oulu=oulu,
        tampere=tampere,
        helsinki=helsinki,
        turku=turku,
        admin=EmployeeFactory.create(
            username="admin", role=Role.ADMIN, unit=company, is_staff=True
        ),
        cx_lead=EmployeeFactory.create(username="cx_lead", role=Role.CX_LEAD, unit=company),
        analyst=EmployeeFactory.create(username="analyst", role=Role.ANALYST, unit=company),
        north_manager=EmployeeFactory.create(
            username="north_manager", role=Role.MANAGER, unit=north
        ),
        oulu_rep=oulu_rep,
        oulu_rep2=oulu_rep2,
        helsinki_rep=helsinki_rep,
        nobody=EmployeeFactory.create(username="nobody", role=Role.FRONT_LINE, unit=None),
        oulu_customer=CustomerFactory.create(name="Oulu Oy", unit=oulu, owner=oulu_rep),
        oulu_customer_of_rep2=CustomerFactory.create(name="Oulu Ab", unit=oulu, owner=oulu_rep2),
        tampere_customer=CustomerFactory.create(name="Tampere Oy", unit=tampere, owner=None),
        helsinki_customer=CustomerFactory.create(
            name="Helsinki Oy", unit=helsinki, owner=helsinki_rep
        ),
        turku_customer=turku_customer,
        # Owned by the Oulu rep although it sits in Helsinki: owners see their own.
        orphan_customer=CustomerFactory.create(name="Far Away Oy", unit=helsinki, owner=oulu_rep),
    )
