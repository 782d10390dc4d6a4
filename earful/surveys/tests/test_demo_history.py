from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache

import pytest
from django.utils import timezone

from earful.directory import demo as directory_demo
from earful.directory.models import Unit
from earful.platform.demo import DemoResult, _surveys
from earful.surveys import demo
from earful.surveys.choices import EventOutcome, InvitationStatus, ResponseChannel, SkipReason
from earful.surveys.models import Event, Invitation, Program, Response, WalkInLink
from earful.surveys.rules import why_not_asked
from earful.surveys.sending import send_due_reminders
from earful.surveys.tests.test_demo_texts import in_language

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 12, 30, tzinfo=dt.UTC)


# The plan, on the whole demo company (12,000 customers), without a database ----------


def rows(seed: int = 2026) -> tuple[list[demo.UnitRow], list[demo.CustomerRow]]:
    company = directory_demo.generate(seed=seed, today=TODAY)
    pks = {unit["external_id"]: n for n, unit in enumerate(company.units, start=1)}
    names: dict[str, list[str]] = defaultdict(list)
    for employee in company.employees:
        names[employee["unit"]].append(employee["first_name"])
    sizes = Counter(customer["unit"] for customer in company.customers)
    units = [
        demo.UnitRow(
            pk=pks[unit["external_id"]],
            name=unit["name"],
            parent=pks.get(unit["parent"]),
            customers=sizes[unit["external_id"]],
            names=tuple(names[unit["external_id"]]),
        )
        for unit in company.units
    ]
    customers = [
        demo.CustomerRow(
            pk=n,
            unit=pks[customer["unit"]],
            language=customer["language"],
            segment=customer["segment"],
            has_email=bool(customer["email"]),
            consent=customer["survey_consent"] == "yes",
            opted_out=customer["opted_out"] == "yes",
            churned_on=(
                dt.date.fromisoformat(customer["churned_on"]) if customer["churned_on"] else None
            ),
        )
        for n, customer in enumerate(company.customers, start=1)
    ]
    return units, customers


@cache
def company_plan(seed: int = 2026) -> demo.Plan:
    units, customers = rows()
    return demo.plan(seed=seed, units=units, customers=customers, today=TODAY, now=NOW)


def nps(scores: Iterable[int]) -> float:
    scores = list(scores)
    return 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


def month(moment: dt.datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, local.month


def sent(plan: demo.Plan) -> list[demo.PlannedInvitation]:
    return [i for i in plan.invitations if i.sent_at is not None]


def test_the_plan_covers_the_last_twelve_months():
    plan = company_plan()
    months = Counter(month(i.send_after) for i in plan.invitations)
    full_months = [m for m, n in months.items() if n > 700]
    assert len(full_months) >= 11 and len(months) >= 12
    assert plan.start == TODAY - dt.timedelta(days=365)
    assert timezone.localdate(min(i.send_after for i in plan.invitations)) == plan.start
    assert plan.monthly_quota == 900


def test_about_nine_hundred_customers_are_asked_a_month():
    plan = company_plan()
    per_month = Counter(
        month(i.send_after) for i in plan.invitations if i.program == "relationship"
    )
    complete = [n for (year, month), n in per_month.items() if (year, month) != (2025, 11)]
    assert all(880 <= n <= 920 for n in complete[:-1]), per_month  # the last month runs on


def test_the_response_rate_is_between_20_and_35_percent_overall():
    delivered = sent(company_plan())
    rate = sum(i.response is not None for i in delivered) / len(delivered)
    assert 0.20 <= rate <= 0.35


def test_response_rates_differ_between_offices_and_segments():
    delivered = sent(company_plan())
    by_unit: dict[int, list[bool]] = defaultdict(list)
    by_segment: dict[str, list[bool]] = defaultdict(list)
    segments = {c.pk: c.segment for c in rows()[1]}
    for invitation in delivered:
        by_unit[invitation.unit].append(invitation.response is not None)
        by_segment[segments[invitation.customer]].append(invitation.response is not None)
    unit_rates = [statistics.mean(a) for a in by_unit.values() if len(a) > 300]
    assert max(unit_rates) - min(unit_rates) > 0.06
    assert statistics.mean(by_segment["Key accounts"]) > statistics.mean(by_segment["SME"]) + 0.08


def test_a_few_offices_excel_and_a_few_struggle():
    plan = company_plan()
    scores: dict[int, list[int]] = defaultdict(list)
    for invitation in plan.invitations:
        if invitation.response:
            scores[invitation.unit].append(invitation.response.score)
    by_office = sorted(nps(s) for s in scores.values() if len(s) > 60)
    assert by_office[-1] - by_office[0] > 60
    assert by_office[0] < 0 < by_office[-1]


def test_the_smallest_region_declines_over_the_year_and_the_largest_improves():
    plan = company_plan()
    units, _ = rows()
    regions = {u.pk: u.name for u in units}
    quarter = dt.timedelta(days=91)
    start = timezone.make_aware(dt.datetime.combine(plan.start, dt.time.min))
    first: dict[str, list[int]] = defaultdict(list)
    last: dict[str, list[int]] = defaultdict(list)
    for invitation in plan.invitations:
        answer = invitation.response
        if answer is None:
            continue
        region = regions[plan.profiles[invitation.unit].region]
        if answer.submitted_at < start + quarter:
            first[region].append(answer.score)
        elif answer.submitted_at >= start + 3 * quarter:
            last[region].append(answer.score)
    assert nps(last["Region North and East"]) < nps(first["Region North and East"]) - 15
    assert nps(last["Region South"]) > nps(first["Region South"]) + 15


def test_answers_are_in_the_customers_language_and_some_praise_names_employees():
    plan = company_plan()
    units, customers = rows()
    languages = {c.pk: c.language for c in customers}
    names = {u.pk: u.names for u in units}
    answers = [(i, i.response) for i in plan.invitations if i.response is not None]
    assert all(a.language == languages[i.customer] for i, a in answers)
    assert all(in_language(a.reason, a.language) for _, a in answers if a.reason)
    assert 0.05 < sum(not a.reason for _, a in answers) / len(answers) < 0.2
    assert Counter(a.language for _, a in answers).keys() == {"fi", "sv", "en", "de", "es"}
    named = [
        a.reason
        for i, a in answers
        if a.score >= 9 and any(name in a.reason for name in names[i.unit])
    ]
    assert len(named) > 50


def test_nobody_is_asked_within_30_days_of_another_ask_or_thrice_in_a_program():
    plan = company_plan()
    asked: dict[int, list[dt.date]] = defaultdict(list)
    per_program = Counter((i.program, i.customer) for i in plan.invitations)
    for invitation in plan.invitations:
        created = invitation.send_after
        if invitation.program == "touchpoint":
            created -= dt.timedelta(hours=24)
        asked[invitation.customer].append(timezone.localdate(created))
    for days in asked.values():
        days.sort()
        assert all((b - a).days >= 30 for a, b in zip(days, days[1:], strict=False))
    assert max(per_program.values()) <= 2


def test_delivery_has_bounces_failures_reminders_and_open_links():
    plan = company_plan()
    statuses = Counter(i.status for i in plan.invitations)
    total = len(plan.invitations)
    assert 0.005 < statuses[InvitationStatus.BOUNCED] / total < 0.03
    assert 0 < statuses[InvitationStatus.FAILED] < statuses[InvitationStatus.BOUNCED]
    assert statuses[InvitationStatus.PLANNED] > 0  # inspections of the last day
    unanswered = [i for i in sent(plan) if i.response is None]
    week_ago = NOW - dt.timedelta(days=7)
    assert all(i.reminder_sent_at for i in unanswered if i.sent_at and i.sent_at < week_ago)
    assert any(i.reminder_sent_at is None for i in unanswered)  # the last four days'
    for invitation in plan.invitations:
        if invitation.response:
            assert invitation.sent_at and invitation.response.submitted_at > invitation.sent_at
            assert invitation.response.submitted_at <= NOW


def test_inspections_ask_a_day_later_unless_the_rules_say_no():
    plan = company_plan()
    outcomes = Counter(e.outcome for e in plan.events)
    assert outcomes[EventOutcome.SCHEDULED] > 1000 and outcomes[EventOutcome.SKIPPED] > 100
    for event in plan.events:
        if event.invitation is None:
            assert event.detail.startswith(f"{demo.TOUCHPOINT}: ")
            continue
        invitation = plan.invitations[event.invitation]
        assert invitation.event_key == event.key
        assert invitation.send_after - event.occurred_at == dt.timedelta(hours=24)


def test_the_same_seed_plans_the_same_history():
    units, customers = rows()
    again = demo.plan(seed=2026, units=units, customers=customers, today=TODAY, now=NOW)
    assert again.invitations == company_plan().invitations
    assert again.walk_ins == company_plan().walk_ins
    other = demo.plan(seed=1, units=units, customers=customers, today=TODAY, now=NOW)
    assert other.invitations != again.invitations


# The build, on a small demo company in the database ----------------------------------


@pytest.fixture
def built(db: None) -> demo.SurveyHistory:
    directory_demo.build(seed=2026, customers=400)
    return demo.build(seed=2026)


def test_building_writes_both_programs_and_a_year_of_history(built):
    relationship = Program.objects.get(name=demo.RELATIONSHIP)
    touchpoint = Program.objects.get(name=demo.TOUCHPOINT)
    assert touchpoint.event_types == [demo.EVENT_TYPE]
    assert touchpoint.touchpoint_delay_hours == 24
    assert relationship.monthly_quota == 30  # 7.5 % of 400 customers
    months = {
        timezone.localdate(d).replace(day=1)
        for d in relationship.invitations.values_list("send_after", flat=True)
    }
    assert len(months) >= 12
    assert built.built and built.invitations == Invitation.objects.count() > 300
    assert built.responses == Response.objects.filter(channel=ResponseChannel.EMAIL).count()
    assert 0.15 < built.response_rate < 0.4
    assert built.events == Event.objects.count() > 50
    assert (
        Event.objects.filter(outcome=EventOutcome.SCHEDULED, invitation__isnull=True).count() == 0
    )


def test_building_twice_changes_nothing(built):
    counts = (Invitation.objects.count(), Response.objects.count(), Event.objects.count())
    again = demo.build(seed=2026)
    assert not again.built
    assert (Invitation.objects.count(), Response.objects.count(), Event.objects.count()) == counts
    assert Program.objects.count() == 2 and WalkInLink.objects.count() == 3
    assert again.notes()[0].replace("already there", "built") == built.notes()[0]


def test_rows_carry_the_times_they_would_have_had(built):
    for invitation in Invitation.objects.select_related("program"):
        if invitation.event_key:
            assert invitation.created_at < invitation.send_after
        else:
            assert invitation.send_after < invitation.created_at
        # Thirty days on the local calendar: an hour more or less across a DST change.
        valid = invitation.expires_at - invitation.send_after
        assert abs(valid - dt.timedelta(days=30)) <= dt.timedelta(hours=1)
    for response in Response.objects.select_related("invitation", "customer"):
        assert response.editable_until == response.submitted_at + dt.timedelta(hours=24)
        if response.invitation:
            sent_at = response.invitation.sent_at
            assert response.invitation.status == InvitationStatus.ANSWERED
            assert sent_at is not None and sent_at < response.submitted_at
            assert response.customer is not None
            assert response.unit_id == response.customer.unit_id
    for event in Event.objects.all():
        assert event.received_at - event.occurred_at == dt.timedelta(minutes=2)


def test_every_answer_is_in_the_customers_language(built):
    answers = Response.objects.filter(channel=ResponseChannel.EMAIL).select_related("customer")
    assert answers.count() > 50
    for answer in answers:
        assert answer.customer is not None
        assert answer.language == answer.customer.language
        if answer.reason:
            assert in_language(answer.reason, answer.language), answer.reason


def test_the_real_contact_rules_agree_with_the_history(built):
    relationship = Program.objects.get(name=demo.RELATIONSHIP)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    recent = relationship.invitations.filter(send_after__date__gte=yesterday).select_related(
        "customer"
    )
    assert recent.exists()
    for invitation in recent[:5]:
        reasons = why_not_asked(
            program=relationship, customer=invitation.customer, day=timezone.localdate()
        )
        assert SkipReason.QUIET_PERIOD in reasons


def test_the_worker_finds_no_overdue_reminders_in_the_history(built):
    report = send_due_reminders()
    # Only links sent in the last few days can be due; a year of history is not.
    assert report.sent + report.cancelled + report.failed < 40


def test_walk_in_answers_come_through_three_offices_links(built):
    walk_ins = Response.objects.filter(channel=ResponseChannel.WALK_IN)
    assert walk_ins.count() > 60
    assert set(walk_ins.values_list("walk_in__unit__kind", flat=True)) == {"office"}
    assert walk_ins.filter(customer__isnull=True).count() == walk_ins.count()
    signed = walk_ins.exclude(respondent_name="")
    assert 0 < signed.count() < walk_ins.count() / 2
    assert all("@" in email for email in signed.values_list("respondent_email", flat=True))
    assert not walk_ins.filter(respondent_email="", may_contact=True).exists()


def test_the_printed_link_opens_the_response_page(built, client, settings):
    assert built.open_link.startswith(f"{settings.SITE_ROOT}/r/")
    page = client.get(built.open_link.removeprefix(settings.SITE_ROOT))
    assert page.status_code == 200
    token = built.open_link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(token=token)
    assert invitation.status == InvitationStatus.SENT
    assert invitation.expires_at > timezone.now()


def test_bounced_addresses_are_marked_so_the_rules_skip_them(built):
    bounced = Invitation.objects.filter(status=InvitationStatus.BOUNCED).select_related("customer")
    for invitation in bounced:
        assert invitation.customer.bounced_email == invitation.customer.email


def test_the_demo_prints_the_survey_history(db):
    directory_demo.build(seed=2026, customers=200)
    result = DemoResult()
    _surveys(result, 2026)
    assert result.notes[0].startswith("survey history since ")
    assert "invitations" in result.notes[0] and "response rate" in result.notes[0]
    assert result.notes[1].startswith("try the survey as a customer: http")
    assert Unit.objects.filter(walk_in_links__isnull=False).count() == 3


def test_every_answer_with_an_address_was_acknowledged_once_a_minute_later(built):
    from earful.platform.models import AuditEntry
    from earful.surveys.acknowledgements import ACKNOWLEDGED, response_acknowledge

    addressed = [
        pk
        for pk, email, walk_in_email in Response.objects.order_by("pk").values_list(
            "pk", "customer__email", "respondent_email"
        )
        if email or walk_in_email
    ]
    entries = AuditEntry.objects.filter(action=ACKNOWLEDGED)
    assert sorted(int(i) for i in entries.values_list("object_id", flat=True)) == addressed
    response = Response.objects.select_related("program").get(pk=addressed[0])
    assert response is not None
    entry = entries.get(object_id=str(response.pk))
    assert entry.created_at == response.submitted_at + dt.timedelta(minutes=1)
    assert response_acknowledge(response=response) == "already"  # the worker won't resend
