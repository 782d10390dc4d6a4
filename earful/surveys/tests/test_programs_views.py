"""The program pages: who may open them, create → edit → detail, and why-not-asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from earful.directory.models import Employee
from earful.directory.tests.factories import PASSWORD
from earful.surveys.choices import InvitationStatus
from earful.surveys.models import DailyDraw, Invitation, Program
from earful.surveys.programs import program_create
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory
from earful.surveys.tests.test_programs import form_data

pytestmark = pytest.mark.django_db


def login(client: Client, user: Employee) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def program(org: Any) -> Program:
    return program_create(actor=org.cx_lead, name="Relationship")


@pytest.mark.parametrize("persona", ["oulu_rep", "north_manager", "analyst"])
def test_only_admins_and_cx_leads_may_open_the_program_pages(
    client: Client, org: Any, program: Program, persona: str
) -> None:
    login(client, getattr(org, persona))
    urls = [
        reverse("program_list"),
        reverse("program_create"),
        reverse("program_detail", args=[program.pk]),
        reverse("program_edit", args=[program.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("program_create"), form_data()).status_code == 403
    page = client.post(reverse("program_set_active", args=[program.pk]), {"active": "0"})
    assert page.status_code == 403
    program.refresh_from_db()
    assert program.is_active
    assert b"Programs" not in client.get(reverse("customer_list")).content


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, program: Program) -> None:
    page = client.get(reverse("program_list"))
    assert page.status_code == 302
    assert "/login/" in page["Location"]


def test_a_missing_program_is_404(client: Client, org: Any) -> None:
    login(client, org.admin)
    assert client.get(reverse("program_detail", args=[999999])).status_code == 404
    assert client.get(reverse("program_edit", args=[999999])).status_code == 404


def test_a_cx_lead_creates_edits_and_reads_a_program(client: Client, org: Any) -> None:
    login(client, org.cx_lead)
    assert b'href="/programs/"' in client.get(reverse("customer_list")).content
    assert client.get(reverse("program_create")).status_code == 200
    page = client.post(
        reverse("program_create"),
        form_data(
            name="Quarterly pulse",
            recommend_fi="Suosittelisitko meitä?",
            extra_questions=["csat"],
            units=[str(org.north.pk)],
        ),
    )
    program = Program.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("program_detail", args=[program.pk])
    assert program.wording == {"fi": {"recommend": "Suosittelisitko meitä?"}}
    assert program.created_by == org.cx_lead

    edit = client.get(reverse("program_edit", args=[program.pk]))
    assert edit.context["form"]["recommend_fi"].value() == "Suosittelisitko meitä?"
    page = client.post(
        reverse("program_edit", args=[program.pk]),
        form_data(
            name="Monthly pulse", monthly_quota="300", daily_cap="20", extra_questions=["ces"]
        ),
    )
    assert page.status_code == 302
    program.refresh_from_db()
    assert (program.name, program.monthly_quota, program.extra_questions) == (
        "Monthly pulse",
        300,
        ["ces"],
    )
    assert program.wording == {}
    assert list(program.units.all()) == []

    detail = client.get(page["Location"])
    content = detail.content.decode()
    assert "Monthly pulse" in content
    assert "Customer effort (CES), 1–7" in content
    assert "The whole company" in content

    listing = client.get(reverse("program_list")).content.decode()
    assert "Monthly pulse" in listing


def test_an_invalid_program_is_shown_again_with_its_errors(client: Client, org: Any) -> None:
    login(client, org.admin)
    page = client.post(reverse("program_create"), form_data(monthly_quota="10", daily_cap="11"))
    assert page.status_code == 400
    assert "The daily cap (11) must not exceed the monthly quota (10)." in page.content.decode()
    assert Program.objects.count() == 0


def test_a_program_is_paused_and_activated_from_its_page(
    client: Client, org: Any, program: Program
) -> None:
    login(client, org.cx_lead)
    url = reverse("program_set_active", args=[program.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    program.refresh_from_db()
    assert not program.is_active
    assert b"Activate program" in client.get(reverse("program_detail", args=[program.pk])).content
    client.post(url, {"active": "1"})
    program.refresh_from_db()
    assert program.is_active
    assert client.get(url).status_code == 405


def test_the_detail_page_shows_draws_allocation_and_counts(
    client: Client, org: Any, program: Program
) -> None:
    DailyDraw.objects.create(
        program=program,
        day=dt.date(2026, 11, 2),
        seed=1,
        quota=33,
        eligible=5,
        picked=3,
        allocation={
            str(org.oulu.pk): {"eligible": 2, "share": 2, "picked": 2, "needed": 150},
            str(org.helsinki.pk): {"eligible": 3, "share": 1, "picked": 1, "needed": 1},
        },
    )
    sent = [InvitationFactory.create(program=program, customer=c) for c in org.customers[:4]]
    Invitation.objects.filter(pk__in=[i.pk for i in sent]).update(
        status=InvitationStatus.SENT, sent_at=timezone.now()
    )
    response_submit(invitation=sent[0], score=9, reason="", may_contact=False)
    login(client, org.cx_lead)
    page = client.get(reverse("program_detail", args=[program.pk]))
    stats = page.context["stats"]
    assert dict(stats.by_status)["Sent"] == 3
    assert dict(stats.by_status)["Answered"] == 1
    assert (stats.sent, stats.responses, stats.response_rate_percent) == (4, 1, 25.0)
    content = page.content.decode()
    assert "25.0 %" in content
    assert "Cannot reach the target: needs 150 invitations, has 2 eligible customers" in content
    assert "1 unit cannot reach the target margin." in content
    [draw] = page.context["draws"]
    assert [u.unit_name for u in draw.short_units] == ["Oulu"]


def test_the_walk_in_link_shows_only_where_the_page_exists(
    client: Client, org: Any, program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.urls import NoReverseMatch

    from earful.surveys import program_views

    login(client, org.cx_lead)
    url = reverse("program_detail", args=[program.pk])
    page = client.get(url)
    try:
        walk_in = reverse("program_walk_in", args=[program.pk])
    except NoReverseMatch:
        walk_in = None
    assert page.context["walk_in_url"] == walk_in

    def missing(*args: Any, **kwargs: Any) -> str:
        raise NoReverseMatch

    monkeypatch.setattr(program_views, "reverse", missing)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["walk_in_url"] is None


def test_the_list_page_counts_in_a_fixed_number_of_queries(
    client: Client, org: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        program = program_create(actor=None, name=f"Program {n}")
        InvitationFactory.create(program=program, customer=org.oulu_customer)
    login(client, org.cx_lead)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("program_list"))
    assert len(page.context["rows"]) == 5


def test_the_customer_page_tells_a_cx_lead_why_a_customer_was_not_asked(
    client: Client, org: Any, program: Program
) -> None:
    program_create(actor=None, name="North only", units=[org.north])
    paused = program_create(actor=None, name="Paused one")
    paused.is_active = False
    paused.save()
    customer = org.helsinki_customer
    customer.opted_out = True
    customer.save()
    login(client, org.cx_lead)
    page = client.get(reverse("customer_detail", args=[customer.pk]))
    content = page.content.decode()
    assert "Surveys today" in content
    by_name = {e.program.name: [r.value for r in e.reasons] for e in page.context["eligibility"]}
    assert by_name == {
        "North only": ["not_covered", "opted_out"],
        "Relationship": ["opted_out"],
    }
    assert "Outside the program&#x27;s units or segments" in content
    assert "Opted out" in content

    page = client.get(reverse("customer_detail", args=[org.oulu_customer.pk]))
    assert [e.eligible for e in page.context["eligibility"]] == [True, True]
    assert "Eligible" in page.content.decode()


def test_the_customer_page_hides_why_not_asked_from_front_line_staff(
    client: Client, org: Any, program: Program
) -> None:
    login(client, org.oulu_rep)
    page = client.get(reverse("customer_detail", args=[org.oulu_customer.pk]))
    assert page.status_code == 200
    assert "eligibility" not in page.context
    assert b"Surveys today" not in page.content


def test_the_detail_page_reads_in_a_fixed_number_of_queries(
    client: Client, org: Any, program: Program, django_assert_max_num_queries: Any
) -> None:
    for day in range(1, 11):
        DailyDraw.objects.create(
            program=program,
            day=dt.date(2026, 10, day),
            seed=day,
            allocation={str(org.oulu.pk): {"eligible": 1, "share": 1, "picked": 1}},
        )
    login(client, org.cx_lead)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("program_detail", args=[program.pk]))
    assert len(page.context["draws"]) == 10
