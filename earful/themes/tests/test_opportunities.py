"""Needs and requests the engine heard, for the customer's owner and the unit's people."""

from __future__ import annotations

from django.urls import reverse

from earful.themes.analysis import analyses_store
from earful.themes.selectors import opportunity_list_visible_to
from earful.themes.tests.factories import ResponseFactory

WISH = "Good visit. I wish you also offered energy audits."


def test_the_owner_sees_the_opportunities_of_their_customers_wherever_they_sit(org):
    far = ResponseFactory.create(customer=org.orphan_customer, score=9, reason=WISH)
    oulu = ResponseFactory.create(customer=org.oulu_customer_of_rep2, score=8, reason=WISH)
    plain = ResponseFactory.create(customer=org.oulu_customer, score=8, reason="Fine visit.")
    analyses_store(responses=[far, oulu, plain])
    assert far.analysis.opportunities == ["I wish you also offered energy audits."]
    # The Oulu rep owns the Helsinki customer, and sees their own unit's answers.
    assert set(opportunity_list_visible_to(user=org.oulu_rep)) == {far, oulu}
    assert set(opportunity_list_visible_to(user=org.helsinki_rep)) == {far}
    assert set(opportunity_list_visible_to(user=org.north_manager)) == {oulu}
    assert set(opportunity_list_visible_to(user=org.cx_lead)) == {far, oulu}
    assert set(opportunity_list_visible_to(user=org.nobody)) == set()


def test_the_opportunities_page_lists_them(client, org):
    response = ResponseFactory.create(customer=org.oulu_customer, score=9, reason=WISH)
    analyses_store(responses=[response])
    client.force_login(org.oulu_rep)
    page = client.get(reverse("opportunity_list")).content.decode()
    assert "I wish you also offered energy audits." in page
    client.force_login(org.helsinki_rep)
    page = client.get(reverse("opportunity_list")).content.decode()
    assert "energy audits" not in page
