"""A visitor answers through a unit's walk-in link on a phone with JavaScript off, and a
CX lead prints the unit's poster.

Screenshots land in test-output/screenshots/walk_in_*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, ViewportSize, expect

from earful.directory.tests.factories import PASSWORD
from earful.surveys.choices import ResponseChannel
from earful.surveys.links import walk_in_url
from earful.surveys.models import Response
from earful.surveys.tests.factories import ProgramFactory
from earful.surveys.walk_in import walk_in_link_create
from earful.web.tests.test_browser import browser, screenshots, shoot

__all__ = ["browser", "screenshots"]  # fixtures, re-exported for pytest

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_a_visitor_answers_through_the_walk_in_link_on_a_phone_without_javascript(
    live_server: Any, transactional_db: None, org: Any, browser: Browser, screenshots: Path
) -> None:
    program = ProgramFactory.create()
    link = walk_in_link_create(actor=org.cx_lead, program=program, unit=org.oulu)
    url = live_server.url + reverse("walk_in_answer", kwargs={"token": link.token})
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_role("heading", name="Your feedback")).to_be_visible()

    # The language switcher is plain links.
    page.get_by_role("link", name="Suomi").click()
    expect(page.get_by_label("Nimesi")).to_be_visible()
    page.get_by_role("link", name="English").click()

    # Nothing fits wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]

    page.get_by_role("radio", name="9", exact=True).check()
    page.get_by_label("What are the reasons behind your assessment?").fill("Friendly staff.")
    page.get_by_label("Your name").fill("Walk-in visitor")
    page.get_by_label("Your email (if you'd like a reply)").fill("visitor@example.net")
    page.get_by_label("You may contact me about my answer.").check()
    shoot(page, screenshots, "walk_in_phone_form")
    page.get_by_role("button", name="Send my answer").click()

    expect(page.get_by_role("heading", name="Thank you for your feedback!")).to_be_visible()
    expect(page.get_by_text("Your answer (9/10) has been saved.")).to_be_visible()
    shoot(page, screenshots, "walk_in_phone_thanks")
    context.close()

    response = Response.objects.get()
    assert response.channel == ResponseChannel.WALK_IN
    assert (response.score, response.reason, response.unit) == (9, "Friendly staff.", org.oulu)
    assert (response.respondent_name, response.respondent_email) == (
        "Walk-in visitor",
        "visitor@example.net",
    )
    assert response.may_contact is True


def test_a_cx_lead_makes_a_link_and_prints_the_poster(
    live_server: Any, transactional_db: None, org: Any, browser: Browser, screenshots: Path
) -> None:
    program = ProgramFactory.create(name="Counter feedback")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("program_walk_in", kwargs={"program_id": program.pk}))
    page.get_by_label("Username").fill("cx_lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Walk-in links: Counter feedback")).to_be_visible()
    page.get_by_role("button", name="Create a link for Tampere").click()
    expect(page.get_by_text("Tampere has a walk-in link.")).to_be_visible()
    page.get_by_role("link", name="Poster for Tampere").click()

    link = program.walk_in_links.get()
    expect(page.get_by_role("heading", name="Tell us how we did")).to_be_visible()
    expect(page.get_by_text(walk_in_url(link), exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=f"QR code for {walk_in_url(link)}")).to_be_visible()
    expect(page.locator(".walk-in-poster-qr svg")).to_be_visible()
    shoot(page, screenshots, "walk_in_poster")

    # Printed, only the poster remains: no navigation, no instructions.
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.get_by_text("Print this page on A4 paper")).to_be_hidden()
    expect(page.get_by_role("heading", name="Tell us how we did")).to_be_visible()
    shoot(page, screenshots, "walk_in_poster_print")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (screenshots.parent / "walk_in_poster.pdf").write_bytes(pdf)
