from __future__ import annotations

import datetime as dt

from earful.directory import demo
from earful.directory.choices import Role
from earful.directory.models import Customer, Employee, Unit

TODAY = dt.date(2026, 11, 23)


def test_the_same_seed_gives_the_same_company():
    first = demo.generate(seed=7, customers=500, today=TODAY)
    second = demo.generate(seed=7, customers=500, today=TODAY)
    assert first == second
    assert demo.generate(seed=8, customers=500, today=TODAY).customers != first.customers


def test_the_company_has_the_shape_the_demo_promises():
    company = demo.generate(today=TODAY)
    kinds = [u["kind"] for u in company.units]
    assert (kinds.count("country"), kinds.count("region"), kinds.count("office")) == (1, 3, 24)
    assert 55 <= len(company.employees) <= 70
    assert len(company.customers) == 12_000
    assert {c["segment"] for c in company.customers} >= {"Key accounts", "SME", "Public sector"}
    assert {c["language"] for c in company.customers} == {"fi", "sv", "en", "de", "es"}
    assert {role for role, _, _ in company.logins} == set(Role.values)


def test_building_the_demo_twice_changes_nothing(db):
    _, reports = demo.build(customers=300)
    assert [r.created for r in reports] == [
        Unit.objects.count(),
        Employee.objects.count(),
        Customer.objects.count(),
    ]
    _, again = demo.build(customers=300)
    assert [(r.created, r.updated) for r in again] == [(0, 0), (0, 0), (0, 0)]


def test_every_printed_login_works(db, client):
    company, _ = demo.build(customers=50)
    for role, username, _who in company.logins:
        assert client.login(username=username, password=demo.PASSWORD), role
        client.logout()
    admin = Employee.objects.get(role=Role.ADMIN)
    assert admin.is_staff and admin.is_superuser
