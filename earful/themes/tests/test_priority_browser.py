"""A CX lead corrects a verbatim's theme in a real browser and sees the priority page
change. Screenshots land in test-output/screenshots/themes_*.png."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from earful.directory.tests.factories import PASSWORD
from earful.themes.analysis import analyses_store
from earful.themes.tests.factories import ResponseFactory, ThemeFactory, demo_taxonomy
from earful.web.tests.test_browser import browser, screenshots, shoot

__all__ = ["browser", "screenshots"]

pytestmark = pytest.mark.browser

# About parking, in words the Parking theme's examples do not use: the engine cannot
# know, the CX lead does.
ODD = "We drove around the block for twenty minutes before we could leave the van."


def test_a_cx_lead_corrects_a_verbatims_theme_and_the_priorities_follow(
    live_server, transactional_db, org, browser, screenshots
):
    demo_taxonomy()
    ThemeFactory.create(
        name="Parking", examples=["no parking space", "the car park was full", "nowhere to park"]
    )
    answers = [
        ResponseFactory.create(customer=org.oulu_customer, score=2, reason=text)
        for text in (
            "We had to wait six weeks for an inspection slot, far too long.",
            "Waiting weeks for a slot is not acceptable.",
            "The inspector was very competent and friendly.",
            "The report arrived late and was hard to understand.",
        )
    ]
    odd = ResponseFactory.create(customer=org.tampere_customer, score=1, reason=ODD)
    ResponseFactory.create(customer=org.helsinki_customer, score=10, reason="")
    analyses_store(responses=[*answers, odd])

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("theme_priority"))
    page.get_by_label("Username").fill("cx_lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="What to fix first")).to_be_visible()
    table = page.get_by_role("table", name="Themes, the most harmful first")
    expect(table.locator("tr[data-theme='parking']")).to_have_count(0)
    shoot(page, screenshots, "themes_priority_before")

    # The odd answer: the engine did not file it under parking; the CX lead does.
    page.get_by_role("link", name="Verbatims").click()
    card = page.locator("li.verbatim-card", has_text=ODD)
    card.get_by_role("link", name="Correct").click()
    expect(page.get_by_role("heading", name="Correct an answer")).to_be_visible()
    for box in page.get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_role("checkbox", name="Parking").check()
    page.get_by_role("radio", name="Negative").check()
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("the answer is corrected")).to_be_visible()
    card = page.locator("li.verbatim-card", has_text=ODD)
    expect(card.locator(".theme-tag")).to_have_text(["Parking"])
    shoot(page, screenshots, "themes_verbatims_corrected")

    page.get_by_role("link", name="What to fix first").click()
    row = table.locator("tr[data-theme='parking']")
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_have_text("1")
    page.locator("svg.matrix").wait_for()
    shoot(page, screenshots, "themes_priority_after")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, screenshots, "themes_priority_mobile")
