"""The kudos feed: who sees which unit's kudos, the unit filter, and its query budget."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from earful.directory.models import Employee
from earful.directory.tests.factories import PASSWORD, EmployeeFactory
from earful.notifications.kudos import kudos_record_for_response
from earful.notifications.tests.factories import make_response

pytestmark = pytest.mark.django_db


def login(client: Client, user: Employee) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def praise(org: Any) -> dict[str, Any]:
    """Kudos in Oulu (Anna), Helsinki (Lars) and an unmatched one in Tampere."""
    anna = EmployeeFactory.create(first_name="Anna", last_name="Virtanen", unit=org.oulu)
    lars = EmployeeFactory.create(first_name="Lars", last_name="Berg", unit=org.helsinki)
    for customer, reason in [
        (org.oulu_customer, "Anna was wonderful, thank you!"),
        (org.helsinki_customer, "Lars's advice was really helpful."),
        (org.tampere_customer, "Thanks to Zygmunt for the quick fix."),
    ]:
        kudos_record_for_response(
            response=make_response(customer=customer, score=10, reason=reason)
        )
    return {"anna": anna, "lars": lars}


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    page = client.get(reverse("kudos_feed"))
    assert page.status_code == 302
    assert "/login/" in page["Location"]


def test_a_cx_lead_sees_every_units_kudos_and_unmatched_names(client, org, praise):
    page = login(client, org.cx_lead).get(reverse("kudos_feed"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Anna Virtanen" in text
    assert "Lars Berg" in text
    assert "Unmatched: “Zygmunt”" in text
    assert "Thanks to Zygmunt for the quick fix." in text
    assert "Score 10/10" in text


def test_a_manager_sees_the_kudos_of_their_subtree_only(client, org, praise):
    text = login(client, org.north_manager).get(reverse("kudos_feed")).content.decode()
    assert "Anna Virtanen" in text
    assert "Zygmunt" in text
    assert "Lars Berg" not in text


def test_front_line_staff_see_their_own_units_kudos(client, org, praise):
    text = login(client, org.oulu_rep).get(reverse("kudos_feed")).content.decode()
    assert "Anna Virtanen" in text
    assert "Zygmunt" not in text
    assert "Lars Berg" not in text


def test_the_praised_employee_sees_their_kudos(client, org, praise):
    text = login(client, praise["lars"]).get(reverse("kudos_feed")).content.decode()
    assert "Lars Berg" in text


def test_someone_without_a_unit_sees_no_kudos(client, org, praise):
    text = login(client, org.nobody).get(reverse("kudos_feed")).content.decode()
    assert "No kudos yet." in text


def test_the_feed_filters_by_a_unit_and_its_subtree(client, org, praise):
    login(client, org.cx_lead)
    text = client.get(reverse("kudos_feed"), {"unit": org.north.pk}).content.decode()
    assert "Anna Virtanen" in text
    assert "Zygmunt" in text
    assert "Lars Berg" not in text
    assert "Kudos in North" in text


def test_a_unit_outside_the_readers_scope_cannot_be_chosen(client, org, praise):
    login(client, org.north_manager)
    page = client.get(reverse("kudos_feed"), {"unit": org.helsinki.pk})
    assert "Lars Berg" not in page.content.decode()
    assert page.status_code == 200  # not a choice: the form ignores it, shows the scope


def test_the_feed_takes_a_fixed_number_of_queries(
    client, org, praise, django_assert_max_num_queries
):
    login(client, org.cx_lead)
    for i in range(10):
        kudos_record_for_response(
            response=make_response(
                customer=org.oulu_customer, score=9, reason=f"Anna helped again, thanks! {i}"
            )
        )
    with django_assert_max_num_queries(8):
        page = client.get(reverse("kudos_feed"))
    assert page.content.decode().count('class="kudos-item') == 13
