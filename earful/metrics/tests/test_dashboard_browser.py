"""A regional manager opens the dashboard in a real browser, sees only their region and
follows a unit's NPS down to the answers behind it. Screenshots land in
test-output/screenshots/dashboard_*.png."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from earful.directory.tests.factories import PASSWORD
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory
from earful.web.tests.test_browser import browser, screenshots, shoot

__all__ = ["browser", "screenshots"]

pytestmark = pytest.mark.browser


def answer(customer, score, reason):
    invitation = InvitationFactory.create(customer=customer)
    return response_submit(invitation=invitation, score=score, reason=reason, may_contact=False)


def test_a_regional_manager_drills_from_a_units_nps_to_its_verbatims(
    live_server, transactional_db, org, browser, screenshots
):
    answer(org.oulu_customer, 10, "The Oulu team called back the same day")
    answer(org.oulu_customer, 4, "Waited a week in Oulu")
    answer(org.tampere_customer, 9, "Tampere was quick")
    answer(org.helsinki_customer, 0, "Helsinki never answered")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("dashboard"))
    page.get_by_label("Username").fill("north_manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="North")).to_be_visible()
    units = page.get_by_role("table", name="NPS of the units below North")
    expect(units.get_by_role("link", name="Oulu")).to_be_visible()
    expect(units.get_by_role("link", name="Tampere")).to_be_visible()
    expect(page.get_by_text("Helsinki")).to_have_count(0)
    expect(page.get_by_text("South")).to_have_count(0)
    expect(page.locator("svg.chart")).to_have_count(2)
    shoot(page, screenshots, "dashboard_overview")

    # Oulu: one promoter and one detractor, an NPS of 0; its answers behind it.
    oulu = units.locator("tr", has=page.get_by_role("link", name="Oulu"))
    expect(oulu.locator(".nps-value")).to_have_text("0")
    oulu.locator(".nps-value").click()
    expect(page.get_by_role("heading", name="Answers: Oulu")).to_be_visible()
    answers = page.get_by_role("table", name="Answers, newest first")
    expect(answers.get_by_text("The Oulu team called back the same day")).to_be_visible()
    expect(answers.get_by_text("Waited a week in Oulu")).to_be_visible()
    expect(answers.get_by_text("Tampere was quick")).to_have_count(0)
    shoot(page, screenshots, "dashboard_responses")

    # Only the detractors, with the filter form (a plain GET).
    page.get_by_label("Group").select_option("detractor")
    page.get_by_role("button", name="Filter").click()
    expect(answers.get_by_text("Waited a week in Oulu")).to_be_visible()
    expect(answers.get_by_text("The Oulu team called back the same day")).to_have_count(0)

    page.goto(live_server.url + reverse("dashboard_unit", args=[org.oulu.pk]))
    expect(page.get_by_role("heading", name="Oulu", exact=False).first).to_be_visible()
    shoot(page, screenshots, "dashboard_unit")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, screenshots, "dashboard_unit_mobile")
