"""A real browser walks the staff pages: log in, the customer list, the organisation.

Drives Debian's Chromium (`apt-get install chromium`) through Playwright. Without it
the test is skipped on a developer's machine and fails under CI, so a CI image that
lost its browser cannot pass quietly. Screenshots land in test-output/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from earful.directory.tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshots(pytestconfig: pytest.Config) -> Path:
    folder = pytestconfig.rootpath / "test-output" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def test_a_manager_logs_in_and_sees_their_customers_and_units(
    live_server, transactional_db, org, browser, screenshots
):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("customer_list"))

    # Sent to log in first, then back to the page asked for.
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    shoot(page, screenshots, "login")
    page.get_by_label("Username").fill("north_manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    table = page.get_by_role("table", name="Customers")
    expect(table.get_by_role("link", name="Tampere Oy")).to_be_visible()
    expect(table.get_by_role("link", name="Oulu Oy")).to_be_visible()
    expect(page.get_by_text("Helsinki Oy")).to_have_count(0)
    expect(page.get_by_text("3 customers")).to_be_visible()
    shoot(page, screenshots, "customer_list")

    # Filtering by a unit in the form, without JavaScript: a plain GET.
    page.get_by_label("Unit").select_option(label="\u00a0\u00a0Tampere")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 customer", exact=True)).to_be_visible()
    table.get_by_role("link", name="Tampere Oy").click()
    expect(page.get_by_role("heading", name="Tampere Oy")).to_be_visible()
    shoot(page, screenshots, "customer_detail")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisation").click()
    tree = page.get_by_role("list", name="Units")

    def counts(unit: str) -> Locator:
        link: Locator = tree.get_by_role("link", name=unit, exact=True)
        return link.locator("xpath=following-sibling::*[@class='counts']")

    expect(counts("North")).to_have_text("3 customers · 3 employees")
    expect(counts("Oulu")).to_have_text("2 customers · 2 employees")
    expect(counts("Tampere")).to_have_text("1 customer · 0 employees")
    expect(tree.get_by_role("link", name="Helsinki")).to_have_count(0)
    shoot(page, screenshots, "unit_tree")

    tree.get_by_role("link", name="North").click()
    expect(page.get_by_role("heading", name="North")).to_be_visible()
    shoot(page, screenshots, "unit_detail")

    # A narrow phone screen: the header wraps and the table scrolls inside its box.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("customer_list"))
    shoot(page, screenshots, "customer_list_phone")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
