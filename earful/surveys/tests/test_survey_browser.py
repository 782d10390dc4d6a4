"""A customer answers a survey on a phone, with and without JavaScript.

Uses the staff browser test's Chromium launch (Debian's Chromium through Playwright);
screenshots land in test-output/screenshots/survey_*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, expect

from earful.surveys.models import Response
from earful.surveys.tests.factories import InvitationFactory
from earful.web.tests.test_browser import browser, screenshots, shoot

__all__ = ["browser", "screenshots"]  # fixtures, re-exported for pytest

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


def answer_twice(page: Page, url: str, folder: Path, prefix: str) -> None:
    page.goto(url + "?score=3")
    expect(page.get_by_role("radio", name="3", exact=True)).to_be_checked()
    shoot(page, folder, f"{prefix}_form")
    page.get_by_label("What are the reasons behind your assessment?").fill("Delivery was late.")
    page.get_by_label("You may contact me about my answer.").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback!")).to_be_visible()
    shoot(page, folder, f"{prefix}_thanks")

    page.goto(url)
    expect(page.get_by_text("You can change your answer until")).to_be_visible()
    expect(page.get_by_role("radio", name="3", exact=True)).to_be_checked()
    # Keyboard: the radios are real, so arrow keys move the choice.
    page.get_by_role("radio", name="3", exact=True).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="5", exact=True)).to_be_checked()
    page.get_by_role("radio", name="8", exact=True).check()  # a tap on the box
    shoot(page, folder, f"{prefix}_edit")
    page.get_by_role("button", name="Save my changes").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback!")).to_be_visible()


def test_a_customer_answers_and_changes_the_answer_on_a_phone(
    live_server: Any, transactional_db: None, browser: Browser, screenshots: Path
) -> None:
    invitation = InvitationFactory.create()
    url = live_server.url + reverse("survey_answer", kwargs={"token": invitation.token})
    context = browser.new_context(viewport=PHONE)
    answer_twice(context.new_page(), url, screenshots, "survey_phone")
    response = Response.objects.get()
    assert (response.score, response.reason, response.may_contact) == (
        8,
        "Delivery was late.",
        True,
    )


def test_a_customer_answers_on_a_phone_without_javascript(
    live_server: Any, transactional_db: None, browser: Browser, screenshots: Path
) -> None:
    invitation = InvitationFactory.create()
    url = live_server.url + reverse("survey_answer", kwargs={"token": invitation.token})
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    answer_twice(context.new_page(), url, screenshots, "survey_nojs")
    assert Response.objects.get().score == 8
