from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from earful.directory.choices import Role
from earful.directory.models import Customer
from earful.directory.tests.factories import EmployeeFactory
from earful.notifications.choices import NotificationKind, NotificationStatus
from earful.notifications.models import Notification, RoutingRule
from earful.notifications.services import (
    notifications_for_response,
    notifications_for_responses,
    recipients_for_response,
)
from earful.notifications.tests.factories import make_response
from earful.surveys.models import Response
from earful.surveys.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def people(response):
    return {e.username: reason for e, reason in recipients_for_response(response)}


def rule(name, recipients, **fields):
    units = fields.pop("units", [])
    programs = fields.pop("programs", [])
    r = RoutingRule.objects.create(name=name, **fields)
    r.recipients.set(recipients)
    r.units.set(units)
    r.programs.set(programs)
    return r


def test_the_owner_and_the_managers_above_are_told(org):
    response = make_response(customer=org.oulu_customer, score=3)

    assert people(response) == {
        "oulu_rep": "You own this customer",
        "north_manager": "Manager of North",
    }


def test_managers_of_other_branches_and_below_are_not_told(org):
    EmployeeFactory(username="south_manager", role=Role.MANAGER, unit=org.south)
    EmployeeFactory(username="oulu_manager", role=Role.MANAGER, unit=org.oulu)
    EmployeeFactory(username="top", role=Role.MANAGER, unit=org.company)
    EmployeeFactory(username="gone", role=Role.MANAGER, unit=org.north, is_active=False)

    told = people(make_response(customer=org.tampere_customer, score=8))

    assert set(told) == {"north_manager", "top"}


def test_a_customer_without_an_owner_still_reaches_the_managers(org):
    assert set(people(make_response(customer=org.tampere_customer, score=2))) == {"north_manager"}


def test_a_rule_matches_by_score_range(org):
    rule("Detractors to CX", [org.cx_lead], min_score=0, max_score=6)

    assert "cx_lead" in people(make_response(customer=org.oulu_customer, score=6))
    assert "cx_lead" not in people(make_response(customer=org.oulu_customer, score=7))


def test_a_rule_matches_by_segment(org):
    org.oulu_customer.segment = "key accounts"
    org.oulu_customer.save()
    rule("Key accounts", [org.analyst], segments=["key accounts"], max_score=6)

    assert people(make_response(customer=org.oulu_customer, score=2))["analyst"] == (
        "Rule: Key accounts"
    )
    assert "analyst" not in people(make_response(customer=org.oulu_customer_of_rep2, score=2))


def test_a_rule_on_a_unit_covers_its_whole_subtree(org):
    rule("North", [org.analyst], units=[org.north])

    assert "analyst" in people(make_response(customer=org.oulu_customer, score=5))
    assert "analyst" not in people(make_response(customer=org.helsinki_customer, score=5))


def test_a_rule_matches_by_program(org):
    wanted, other = ProgramFactory.create(), ProgramFactory.create()
    rule("One program", [org.analyst], programs=[wanted])

    assert "analyst" in people(make_response(customer=org.oulu_customer, score=5, program=wanted))
    assert "analyst" not in people(
        make_response(customer=org.oulu_customer, score=5, program=other)
    )


def test_an_inactive_rule_tells_nobody(org):
    rule("Off", [org.analyst], is_active=False)

    assert "analyst" not in people(make_response(customer=org.oulu_customer, score=5))


def test_someone_reached_twice_is_told_once_with_the_first_reason(org):
    rule("Everything", [org.oulu_rep, org.north_manager])

    told = recipients_for_response(make_response(customer=org.oulu_customer, score=1))

    assert [(e.username, r) for e, r in told] == [
        ("oulu_rep", "You own this customer"),
        ("north_manager", "Manager of North"),
    ]


def test_the_fan_out_creates_one_notification_each_and_a_rerun_adds_nothing(org):
    rule("Everything", [org.cx_lead])
    response = make_response(customer=org.oulu_customer, score=4)

    assert notifications_for_response(response=response) == 3
    assert notifications_for_response(response=response) == 0

    rows = Notification.objects.filter(response=response)
    assert rows.count() == 3
    assert {n.kind for n in rows} == {NotificationKind.NEW_RESPONSE}
    assert {n.status for n in rows} == {NotificationStatus.PENDING}


def test_the_fan_out_takes_a_fixed_number_of_queries_whatever_the_batch(org):
    rule("Everything", [org.cx_lead, org.analyst], units=[org.company])

    def batch(customers: list[Customer]) -> list[Response]:
        made = [make_response(customer=c, score=4) for c in customers]
        return list(
            type(made[0])
            .objects.select_related("customer", "unit", "program")
            .filter(pk__in=[r.pk for r in made])
        )

    one = batch([org.oulu_customer])
    many = batch([org.oulu_customer, org.helsinki_customer] * 5)
    with CaptureQueriesContext(connection) as small:
        assert notifications_for_responses(one) == 4
    with CaptureQueriesContext(connection) as large:
        assert notifications_for_responses(many) > 20
    # The tree, its managers, the owners, the rules (and their units, programs and
    # recipients), what was already sent, and one insert.
    assert len(small) == len(large) <= 9
    assert notifications_for_responses(many) == 0  # a rerun tells nobody again
