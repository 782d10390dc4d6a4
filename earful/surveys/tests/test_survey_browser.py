"""A customer answers a survey on a phone, with and without JavaScript, starting from the
"3" link in the invitation that a real local SMTP server received.

Uses the staff browser test's Chromium launch (Debian's Chromium through Playwright);
screenshots land in test-output/screenshots/survey_*.png.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from earful.platform.tests.smtp import running_smtp_server
from earful.surveys.models import Response
from earful.surveys.sending import send_due_invitations
from earful.surveys.tests.factories import InvitationFactory
from earful.web.tests.test_browser import browser, screenshots, shoot

__all__ = ["browser", "screenshots"]  # fixtures, re-exported for pytest

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


def one_click_link_from_the_email(settings: Any, live_server: Any, score: int) -> str:
    """Send an invitation through a real SMTP server; the link behind `score` in its HTML."""
    settings.SITE_ROOT = live_server.url
    InvitationFactory.create(customer__email="ann@example.org")
    with running_smtp_server(settings) as smtp:
        assert send_due_invitations().sent == 1
    html = smtp.to("ann@example.org")[0].html
    links: dict[str, str] = dict(
        (text.strip(), unescape(href))
        for href, text in re.findall(r'<a[^>]+href="([^"]+)"[^>]*>\s*(\d+)\s*</a>', html)
    )
    assert sorted(links, key=int) == [str(n) for n in range(11)]
    return links[str(score)]


def answer_twice(page: Page, link: str, folder: Path, prefix: str) -> None:
    page.goto(link)
    expect(page.get_by_role("radio", name="3", exact=True)).to_be_checked()
    shoot(page, folder, f"{prefix}_form")
    page.get_by_label("What are the reasons behind your assessment?").fill("Delivery was late.")
    page.get_by_label("You may contact me about my answer.").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback!")).to_be_visible()
    shoot(page, folder, f"{prefix}_thanks")

    page.goto(link.split("?")[0])
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


def test_a_customer_answers_from_the_email_and_changes_the_answer_on_a_phone(
    live_server: Any, transactional_db: None, browser: Browser, screenshots: Path, settings: Any
) -> None:
    link = one_click_link_from_the_email(settings, live_server, 3)
    context = browser.new_context(viewport=PHONE)
    answer_twice(context.new_page(), link, screenshots, "survey_phone")
    response = Response.objects.get()
    assert (response.score, response.reason, response.may_contact) == (
        8,
        "Delivery was late.",
        True,
    )


def test_a_customer_answers_from_the_email_on_a_phone_without_javascript(
    live_server: Any, transactional_db: None, browser: Browser, screenshots: Path, settings: Any
) -> None:
    link = one_click_link_from_the_email(settings, live_server, 3)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    answer_twice(context.new_page(), link, screenshots, "survey_nojs")
    assert Response.objects.get().score == 8
