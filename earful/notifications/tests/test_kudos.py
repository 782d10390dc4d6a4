"""Recording kudos from a response and forwarding them to the employee and managers."""

from __future__ import annotations

from typing import Any

import pytest

from earful.directory.choices import Role
from earful.directory.models import Employee
from earful.directory.tests.factories import EmployeeFactory
from earful.notifications import kudos_receivers  # noqa: F401  (connects the handler)
from earful.notifications.choices import NotificationKind
from earful.notifications.kudos import kudos_record_for_response, managers_above
from earful.notifications.models import Kudos, Notification
from earful.notifications.tests.factories import make_response
from earful.platform.models import AuditEntry
from earful.surveys.responding import response_submit
from earful.surveys.signals import responses_recorded
from earful.surveys.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def staff(unit: Any, first: str, last: str, **fields: Any) -> Employee:
    return EmployeeFactory.create(first_name=first, last_name=last, unit=unit, **fields)


def told(kind: str = NotificationKind.KUDOS) -> list[tuple[str, str]]:
    return sorted(
        (n.recipient.username, n.subject_key)
        for n in Notification.objects.filter(kind=kind).select_related("recipient")
    )


def test_praise_naming_a_colleague_records_kudos_for_them(org):
    anna = staff(org.oulu, "Anna", "Virtanen")
    response = make_response(
        customer=org.oulu_customer, score=9, reason="Kiitos Annalle, todella avulias!"
    )
    [kudos] = kudos_record_for_response(response=response)
    assert kudos.employee == anna
    assert kudos.mention == "Annalle"
    assert kudos.unit == org.oulu
    assert 0.8 < kudos.confidence <= 1.0
    assert AuditEntry.objects.filter(action="kudos.recorded", object_id=str(kudos.pk)).exists()


def test_kudos_go_to_the_employee_and_every_manager_above_once(org):
    anna = staff(org.oulu, "Anna", "Virtanen", username="anna")
    company_manager = EmployeeFactory.create(
        username="company_manager", role=Role.MANAGER, unit=org.company
    )
    EmployeeFactory.create(username="south_manager", role=Role.MANAGER, unit=org.south)
    response = make_response(customer=org.oulu_customer, score=10, reason="Ana was so helpful.")
    [kudos] = kudos_record_for_response(response=response)
    key = f"kudos:{kudos.pk}"
    assert told() == [("anna", key), ("company_manager", key), ("north_manager", key)]
    assert [m.username for m in managers_above(anna)] == ["north_manager", "company_manager"]
    assert company_manager.pk  # told, and the South manager is not

    # Run again (a worker retried the task): nothing new is recorded or sent.
    assert kudos_record_for_response(response=response) == [kudos]
    assert Kudos.objects.count() == 1
    assert len(told()) == 3


def test_a_name_that_matches_nobody_is_kept_and_tells_nobody(org):
    response = make_response(customer=org.oulu_customer, score=9, reason="Thanks to Zygmunt!")
    [kudos] = kudos_record_for_response(response=response)
    assert kudos.employee is None
    assert kudos.mention == "Zygmunt"
    assert told() == []


def test_only_staff_of_the_responses_unit_and_the_owner_are_candidates(org):
    staff(org.helsinki, "Mikko", "Korhonen")  # another branch: not a candidate
    oulu_mikko = staff(org.oulu, "Mikko", "Laine")
    response = make_response(customer=org.oulu_customer, score=9, reason="Mikko was great.")
    assert [k.employee for k in kudos_record_for_response(response=response)] == [oulu_mikko]

    # The customer's owner sits in Oulu but is praised for a Helsinki visit.
    org.oulu_rep.first_name = "Pekka"
    org.oulu_rep.save(update_fields=["first_name"])
    visit = make_response(
        customer=org.oulu_customer, unit=org.helsinki, score=9, reason="Pekalle kiitos!"
    )
    assert [k.employee for k in kudos_record_for_response(response=visit)] == [org.oulu_rep]


def test_inactive_staff_are_not_matched(org):
    staff(org.oulu, "Anna", "Virtanen", is_active=False)
    response = make_response(customer=org.oulu_customer, score=9, reason="Anna was helpful.")
    assert kudos_record_for_response(response=response) == []


def test_the_same_name_twice_is_one_kudos(org):
    staff(org.oulu, "Anna", "Virtanen")
    response = make_response(
        customer=org.oulu_customer, score=9, reason="Anna was helpful. Thanks Anna!"
    )
    assert len(kudos_record_for_response(response=response)) == 1


def test_a_complaint_naming_someone_is_no_kudos(org):
    staff(org.oulu, "Anna", "Virtanen")
    response = make_response(customer=org.oulu_customer, score=2, reason="Anna was rude.")
    assert kudos_record_for_response(response=response) == []


def test_a_new_answer_with_praise_records_kudos_through_the_signal(org):
    staff(org.oulu, "Heikki", "Mäkinen")
    response = make_response(customer=org.oulu_customer, score=9, reason="Heikille iso kiitos!")
    responses_recorded.send(sender=None, responses=[response], created=frozenset())
    assert Kudos.objects.count() == 0  # an edit is not a new answer
    responses_recorded.send(sender=None, responses=[response], created={response.pk})
    responses_recorded.send(sender=None, responses=[response], created={response.pk})
    assert [str(k.employee) for k in Kudos.objects.all()] == ["Heikki Mäkinen"]


def test_a_customers_answer_through_the_survey_records_and_forwards_kudos(org):
    anna = staff(org.oulu, "Anna", "Virtanen", username="anna")
    invitation = InvitationFactory.create(customer=org.oulu_customer)
    response_submit(
        invitation=invitation, score=10, reason="Annas hjälp var fantastisk!", may_contact=False
    )
    [kudos] = Kudos.objects.all()
    assert kudos.employee == anna
    assert told() == [("anna", f"kudos:{kudos.pk}"), ("north_manager", f"kudos:{kudos.pk}")]
