"""A CX lead creates a program in a real browser; a Finnish customer answers it.

Uses the staff browser test's Chromium launch (Debian's Chromium through Playwright);
screenshots land in test-output/screenshots/program_*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from earful.directory.tests.factories import PASSWORD, CustomerFactory
from earful.surveys.models import Program, Response
from earful.surveys.tests.factories import InvitationFactory
from earful.surveys.wording import CSAT
from earful.web.tests.test_browser import browser, screenshots, shoot

__all__ = ["browser", "screenshots"]  # fixtures, re-exported for pytest

pytestmark = pytest.mark.browser


def test_a_cx_lead_creates_a_program_with_finnish_wording_and_a_csat_question(
    live_server: Any, transactional_db: None, org: Any, browser: Browser, screenshots: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("customer_list"))
    page.get_by_label("Username").fill("cx_lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    expect(page.get_by_role("heading", name="Survey programs")).to_be_visible()
    page.get_by_role("link", name="New program").click()
    expect(page.get_by_role("heading", name="New program")).to_be_visible()

    page.get_by_label("Name").fill("Asiakaskysely")
    page.get_by_label("Default language").select_option("fi")
    page.get_by_label("Customer satisfaction (CSAT), 1–5").check()
    recommend = page.get_by_label("Recommend question (Suomi)")
    expect(recommend).to_have_attribute(
        "placeholder", "Kuinka todennäköisesti suosittelisit meitä ystävällesi tai kollegallesi?"
    )
    recommend.fill("Kuinka todennäköisesti suosittelisit Auroraa?")
    page.get_by_label("Monthly quota").fill("300")
    page.get_by_label("Daily cap").fill("400")
    page.get_by_label("Units").select_option(label="\u00a0\u00a0North")
    page.get_by_role("button", name="Create program").click()

    # Refused with the reason next to the field, and everything typed kept.
    expect(
        page.get_by_text("The daily cap (400) must not exceed the monthly quota (300).")
    ).to_be_visible()
    expect(page.get_by_label("Recommend question (Suomi)")).to_have_value(
        "Kuinka todennäköisesti suosittelisit Auroraa?"
    )
    shoot(page, screenshots, "program_form_error")
    page.get_by_label("Daily cap").fill("20")
    page.get_by_role("button", name="Create program").click()

    expect(page.get_by_role("heading", name="Asiakaskysely")).to_be_visible()
    expect(page.get_by_text("The program was created.")).to_be_visible()
    expect(page.get_by_text("Customer satisfaction (CSAT), 1–5")).to_be_visible()
    shoot(page, screenshots, "program_detail")
    page.get_by_role("link", name="All programs").click()
    expect(
        page.get_by_role("table", name="Survey programs").get_by_role("link", name="Asiakaskysely")
    ).to_be_visible()
    shoot(page, screenshots, "program_list")

    program = Program.objects.get()
    assert program.extra_questions == ["csat"]
    assert program.wording == {"fi": {"recommend": "Kuinka todennäköisesti suosittelisit Auroraa?"}}
    assert (program.monthly_quota, program.daily_cap, program.default_language) == (300, 20, "fi")
    assert [u.name for u in program.units.all()] == ["North"]

    # A Finnish customer answers on a phone without JavaScript, CSAT included.
    invitation = InvitationFactory.create(
        program=program, customer=CustomerFactory.create(unit=org.oulu, language="fi")
    )
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(live_server.url + reverse("survey_answer", kwargs={"token": invitation.token}))
    expect(phone.get_by_text("Kuinka todennäköisesti suosittelisit Auroraa?")).to_be_visible()
    csat = phone.get_by_role("group", name=CSAT["fi"])
    csat.get_by_role("radio", name="4", exact=True).check()
    phone.get_by_role("radio", name="9", exact=True).check()
    shoot(phone, screenshots, "program_answer_fi")
    phone.get_by_role("button", name="Lähetä vastaukseni").click()
    expect(phone.get_by_role("heading")).not_to_have_count(0)
    response = Response.objects.get()
    assert (response.score, response.extra) == (9, {"csat": 4})
