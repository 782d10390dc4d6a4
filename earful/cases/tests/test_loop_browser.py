"""The whole inner loop in a real browser, across two browser contexts, with every email
travelling through a real local SMTP server:

the customer answers 3/10 from the invitation on a phone → the owner's inbox shows it
with its SLA → the owner logs a call and sends a personal reply, then resolves the case
→ the reply reaches the customer's mailbox → the manager's team page shows the case
handled within its SLA.

Screenshots land in test-output/screenshots/loop_*.png.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from conftest import Org
from earful.cases.choices import CaseStatus
from earful.cases.models import Case, RootCause
from earful.directory.tests.factories import PASSWORD
from earful.platform.tests.smtp import running_smtp_server
from earful.surveys.sending import send_due_invitations
from earful.surveys.tests.factories import InvitationFactory
from earful.web.tests.test_browser import browser, screenshots, shoot

__all__ = ["browser", "screenshots"]  # fixtures, re-exported for pytest

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1280, "height": 900}


def log_in(context: BrowserContext, url: str, username: str) -> Page:
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def test_a_detractors_answer_is_followed_up_replied_to_and_closed_within_sla(
    live_server: Any,
    transactional_db: None,
    org: Org,
    browser: Browser,
    screenshots: Path,
    settings: Any,
) -> None:
    settings.SITE_ROOT = live_server.url
    customer = org.oulu_customer  # owned by the Oulu rep, under the North manager
    RootCause.objects.create(name="Late delivery")
    InvitationFactory.create(customer=customer)

    with running_smtp_server(settings) as smtp:
        # The invitation, and its "3" link.
        assert send_due_invitations().sent == 1
        html = smtp.to(customer.email)[0].html
        links = dict(
            (text.strip(), unescape(href))
            for href, text in re.findall(r'<a[^>]+href="([^"]+)"[^>]*>\s*(\d+)\s*</a>', html)
        )

        # The customer answers on a phone.
        phone = browser.new_context(viewport=PHONE)
        answer = phone.new_page()
        answer.goto(links["3"])
        expect(answer.get_by_role("radio", name="3", exact=True)).to_be_checked()
        answer.get_by_label("What are the reasons behind your assessment?").fill(
            "The report came two days late."
        )
        answer.get_by_label("You may contact me about my answer.").check()
        answer.get_by_role("button", name="Send my answer").click()
        expect(answer.get_by_role("heading", name="Thank you for your feedback!")).to_be_visible()
        shoot(answer, screenshots, "loop_customer_answered")

        # The follow-up ran (tasks are immediate in tests): a case for the owner.
        case = Case.objects.get(response__customer=customer)
        assert (case.owner, case.status) == (org.oulu_rep, CaseStatus.NEW)

        # The owner, on a phone too, finds it in the inbox with its SLA.
        rep = browser.new_context(viewport=PHONE)
        inbox = log_in(rep, live_server.url + reverse("inbox"), "oulu_rep")
        expect(inbox.get_by_role("heading", name="My customers' feedback")).to_be_visible()
        item = inbox.locator(f"#response-{case.response_id}")
        expect(item).to_contain_text("The report came two days late.")
        expect(item).to_contain_text("3")
        expect(item.get_by_text(re.compile(r"due in \d+"))).to_be_visible()
        shoot(inbox, screenshots, "loop_inbox")
        item.get_by_role("link", name=f"Case {case.pk}").click()

        # The owner logs a call that reached the customer, with a root cause.
        expect(inbox.get_by_role("heading", name=f"Case {case.pk}")).to_be_visible()
        call = inbox.get_by_role("region", name="Log a call")
        call.get_by_label("Yes, I reached them").check()
        call.get_by_label("What did you learn?").fill("The courier lost the parcel.")
        call.get_by_label("Root cause").select_option(label="Late delivery")
        call.get_by_label("Action promised").fill("Deliver by courier we trust.")
        call.get_by_role("button", name="Log the call").click()
        expect(inbox.get_by_text("The call is logged.")).to_be_visible()
        expect(inbox.get_by_text("The courier lost the parcel.")).to_be_visible()
        shoot(inbox, screenshots, "loop_call_logged")

        # A personal reply, from the draft, edited and sent.
        inbox.get_by_role("link", name="Personal reply").click()
        inbox.get_by_label("Message").fill(
            "Dear customer, we are sorry about the late report. It will not happen again."
        )
        shoot(inbox, screenshots, "loop_reply")
        inbox.get_by_role("button", name=re.compile("send", re.IGNORECASE)).click()

        # The owner resolves the case.
        resolve = inbox.get_by_role("region", name="Resolve")
        resolve.get_by_label("Resolution").fill("Changed the courier for this customer.")
        resolve.get_by_role("button", name="Resolve the case").click()
        expect(inbox.get_by_text("The case is resolved.")).to_be_visible()
        expect(inbox.get_by_text("Within SLA")).to_be_visible()
        shoot(inbox, screenshots, "loop_resolved")

        # The reply is in the customer's mailbox on the SMTP server.
        bodies = [m.text for m in smtp.to(customer.email)]
        assert any("It will not happen again." in body for body in bodies), bodies

    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.met_sla is True

    # The manager sees the case handled within its SLA.
    manager = browser.new_context(viewport=DESK)
    team = log_in(manager, live_server.url + reverse("inbox_team"), "north_manager")
    expect(team.get_by_role("heading", name="SLA compliance per person")).to_be_visible()
    row = team.get_by_role("row", name=re.compile(re.escape(str(org.oulu_rep))))
    expect(row.get_by_role("cell")).to_have_text(["1", "1", "0", "0", "100 %"])
    shoot(team, screenshots, "loop_manager_team")
