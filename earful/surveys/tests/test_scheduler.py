from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from earful.directory.models import Unit
from earful.directory.tests.factories import CustomerFactory
from earful.surveys.choices import SkipReason
from earful.surveys.models import DailyDraw, Invitation, Program, Response, Skip
from earful.surveys.rules import day_start, why_not_asked
from earful.surveys.scheduler import (
    UnitHistory,
    allocate_by_need,
    apportion,
    default_seed,
    draw_all_due,
    draw_day,
    invitations_needed,
    replay_draw,
    sample_strata,
    spread_quota,
)
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

TODAY = timezone.localdate()


def days_left(day: dt.date) -> int:
    next_month = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return (next_month - day).days


def populate(unit: Unit, count: int) -> list[int]:
    return [CustomerFactory.create(unit=unit).pk for _ in range(count)]


def drawn_ids(draw: DailyDraw) -> set[int]:
    return set(draw.invitations.values_list("customer_id", flat=True))


# Pure functions: no database.


def test_the_monthly_quota_is_spread_over_the_days_left_including_today():
    assert spread_quota(monthly_quota=1000, already=0, day=dt.date(2026, 1, 1)) == 33
    assert spread_quota(monthly_quota=1000, already=990, day=dt.date(2026, 1, 31)) == 10
    assert spread_quota(monthly_quota=100, already=50, day=dt.date(2026, 2, 19)) == 5
    assert spread_quota(monthly_quota=100, already=120, day=dt.date(2026, 2, 19)) == 0


def test_the_default_seed_depends_on_program_and_day_only():
    day = dt.date(2026, 3, 1)
    assert default_seed(1, day) == default_seed(1, day)
    assert default_seed(1, day) != default_seed(2, day)
    assert default_seed(1, day) != default_seed(1, day + dt.timedelta(days=1))
    assert 0 <= default_seed(1, day) < 2**63


@given(
    sizes=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=8),
    fraction=st.floats(min_value=0, max_value=1),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_apportion_hands_out_every_seat_within_a_seat_of_the_exact_share(sizes, fraction, seed):
    weights = dict(enumerate(sizes))
    total = sum(sizes)
    seats = math.floor(total * fraction)
    result = apportion(weights, seats, random.Random(seed))
    assert sum(result.values()) == seats
    for unit, size in weights.items():
        exact = seats * size / total if total else 0
        assert math.floor(exact) <= result[unit] <= math.ceil(exact)
        assert result[unit] <= size


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=40), min_size=2, max_size=6),
    fraction=st.floats(min_value=0.05, max_value=0.9),
)
def test_over_many_draws_each_units_share_matches_its_size(sizes, fraction):
    strata = {unit: list(range(unit * 1000, unit * 1000 + size)) for unit, size in enumerate(sizes)}
    total = sum(sizes)
    seats = max(1, math.floor(total * fraction))
    draws = 1000
    picked = dict.fromkeys(strata, 0)
    for seed in range(draws):
        rng = random.Random(seed)
        sample = sample_strata(strata, apportion(dict(enumerate(sizes)), seats, rng), rng)
        for unit, members in sample.items():
            assert set(members) <= set(strata[unit])
            picked[unit] += len(members)
    for unit, size in enumerate(sizes):
        # Each draw's count differs from the exact share by less than 1, so the mean is
        # within 0.1 of it with overwhelming probability (the variance is at most 1/4).
        assert abs(picked[unit] / draws - seats * size / total) < 0.1


def test_a_unit_with_no_history_needs_the_prior_number_of_invitations():
    # 1.96² · 0.75 / 0.1² = 288.1 → 289 answers, at a 25 % response rate.
    assert invitations_needed(UnitHistory(), margin=10) == 1156


def test_a_unit_with_enough_consistent_answers_needs_no_more():
    history = UnitHistory(sent=800, responses=400, promoters=400)
    assert invitations_needed(history, margin=10) == 0


def test_a_unit_that_answers_rarely_needs_more_invitations():
    keen = UnitHistory(sent=100, responses=50, promoters=25, detractors=10)
    shy = UnitHistory(sent=100, responses=5, promoters=2, detractors=1)
    assert invitations_needed(shy, margin=10) > invitations_needed(keen, margin=10)


def test_allocation_by_need_favours_the_neediest_and_never_exceeds_the_eligible():
    shares = allocate_by_need(
        {1: 900, 2: 100, 3: 0}, {1: 1000, 2: 1000, 3: 1000}, 10, random.Random(1)
    )
    assert shares == {1: 9, 2: 1, 3: 0}
    shares = allocate_by_need({1: 900, 2: 100}, {1: 3, 2: 1000}, 500, random.Random(1))
    assert shares == {1: 3, 2: 100}


# Draws against the database.


@pytest.mark.django_db
def test_a_draw_picks_the_days_quota_in_proportion_to_each_units_size(org):
    populate(org.oulu, 28)  # 30 with the fixture's two
    populate(org.tampere, 9)  # 10
    program = ProgramFactory.create(monthly_quota=8 * days_left(TODAY))
    program.units.set([org.north])
    draw = draw_day(program=program, day=TODAY)
    assert (draw.quota, draw.eligible, draw.picked) == (8, 40, 8)
    assert draw.allocation[str(org.oulu.pk)] == {"eligible": 30, "share": 6, "picked": 6}
    assert draw.allocation[str(org.tampere.pk)] == {"eligible": 10, "share": 2, "picked": 2}
    invitations = Invitation.objects.filter(draw=draw)
    assert invitations.count() == 8
    assert {i.send_after for i in invitations} == {day_start(TODAY)}
    assert invitations.filter(customer__unit=org.tampere).count() == 2


@pytest.mark.django_db
def test_a_draw_subtracts_what_was_already_planned_this_month(org):
    populate(org.oulu, 40)
    day = (TODAY.replace(day=1) + dt.timedelta(days=40)).replace(day=11)
    program = ProgramFactory.create(monthly_quota=100)
    for _ in range(10):
        invitation = InvitationFactory.create(
            program=program, customer=CustomerFactory.create(unit=org.turku)
        )
        Invitation.objects.filter(pk=invitation.pk).update(send_after=day_start(day.replace(day=1)))
    draw = draw_day(program=program, day=day)
    assert draw.quota == math.ceil(90 / days_left(day))


@pytest.mark.django_db
def test_drawing_twice_the_same_day_adds_nobody(org, django_assert_num_queries):
    populate(org.oulu, 20)
    program = ProgramFactory.create(monthly_quota=5 * days_left(TODAY))
    first = draw_day(program=program, day=TODAY)
    with django_assert_num_queries(1):
        second = draw_day(program=program, day=TODAY, seed=42)
    assert second.pk == first.pk
    assert Invitation.objects.filter(program=program).count() == 5
    assert DailyDraw.objects.filter(program=program).count() == 1


@pytest.mark.django_db
def test_a_draw_that_loses_the_race_returns_the_winners_draw(org, monkeypatch):
    program = ProgramFactory.create()
    winner = DailyDraw.objects.create(program=program, day=TODAY, seed=1)
    # The loser checked before the winner committed: it finds nothing, then collides.
    real_filter = DailyDraw.objects.filter
    calls = []

    def first_sees_nothing(*args, **kwargs):
        calls.append(1)
        found = real_filter(*args, **kwargs)
        return found.none() if len(calls) == 1 else found

    monkeypatch.setattr(DailyDraw.objects, "filter", first_sees_nothing)
    assert draw_day(program=program, day=TODAY).pk == winner.pk
    assert not Invitation.objects.filter(program=program).exists()


@pytest.mark.django_db
def test_the_next_days_draw_adds_other_customers(org):
    populate(org.oulu, 20)
    program = ProgramFactory.create(monthly_quota=1000, daily_cap=5)
    today = draw_day(program=program, day=TODAY)
    tomorrow = draw_day(program=program, day=TODAY + dt.timedelta(days=1))
    assert tomorrow.pk != today.pk
    assert len(drawn_ids(today)) == len(drawn_ids(tomorrow)) == 5
    assert not drawn_ids(today) & drawn_ids(tomorrow)  # the quiet period


@pytest.mark.django_db
def test_a_draw_can_be_replayed_from_its_seed(org):
    populate(org.oulu, 30)
    populate(org.helsinki, 15)
    program = ProgramFactory.create(monthly_quota=7 * days_left(TODAY))
    draw = draw_day(program=program, day=TODAY, seed=1234)
    assert draw.seed == 1234
    assert set(replay_draw(draw)) == drawn_ids(draw)
    assert len(drawn_ids(draw)) == 7


@pytest.mark.django_db
def test_a_draw_takes_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    populate(org.oulu, 30)
    populate(org.helsinki, 30)
    program = ProgramFactory.create(monthly_quota=1000, daily_cap=20)
    with django_assert_max_num_queries(12):
        draw = draw_day(program=program, day=TODAY)
    assert draw.picked == 20


@pytest.mark.django_db
def test_customers_lost_at_the_daily_cap_are_recorded_as_skipped(org):
    populate(org.oulu, 10)
    last_day = TODAY.replace(day=days_left(TODAY) + TODAY.day - 1)
    program = ProgramFactory.create(monthly_quota=100, daily_cap=3)
    draw = draw_day(program=program, day=last_day)
    assert (draw.quota, draw.eligible, draw.picked) == (3, 16, 3)
    skipped = Skip.objects.filter(program=program, day=last_day)
    assert skipped.count() == 13
    assert set(skipped.values_list("reason", flat=True)) == {SkipReason.DAILY_CAP}
    assert not set(skipped.values_list("customer_id", flat=True)) & drawn_ids(draw)
    customer = skipped.earliest("pk").customer
    assert why_not_asked(program=program, customer=customer, day=last_day) == [SkipReason.DAILY_CAP]


@pytest.mark.django_db
def test_a_picked_customer_has_no_reason_not_to_be_asked_that_day(org):
    program = ProgramFactory.create(monthly_quota=1000)
    draw = draw_day(program=program, day=TODAY)
    customer = draw.invitations.earliest("pk").customer
    assert why_not_asked(program=program, customer=customer, day=TODAY) == []


@pytest.mark.django_db
def test_target_precision_sends_invitations_where_they_are_needed(org):
    populate(org.oulu, 20)
    populate(org.tampere, 4)
    program = ProgramFactory.create(monthly_quota=1000, daily_cap=200, target_margin=10)
    program.units.set([org.north])
    answered = day_start(TODAY) - dt.timedelta(days=10)
    Response.objects.bulk_create(
        Response(
            program=program,
            unit=org.oulu,
            score=10,
            submitted_at=answered,
            editable_until=answered,
        )
        for _ in range(400)
    )
    draw = draw_day(program=program, day=TODAY)
    oulu = draw.allocation[str(org.oulu.pk)]
    tampere = draw.allocation[str(org.tampere.pk)]
    assert (oulu["needed"], oulu["picked"]) == (0, 0)
    assert "reason" not in oulu
    assert (tampere["needed"], tampere["eligible"], tampere["picked"]) == (1156, 5, 5)
    assert tampere["reason"] == (
        "too few eligible customers (needs 1156 invitations, has 5 eligible)"
    )
    assert drawn_ids(draw) == set(
        Invitation.objects.filter(draw=draw, customer__unit=org.tampere).values_list(
            "customer_id", flat=True
        )
    )


@pytest.mark.django_db
def test_the_daily_job_draws_every_active_relationship_program_once(org):
    active = ProgramFactory.create(monthly_quota=1000)
    ProgramFactory.create(is_active=False)
    ProgramFactory.create(kind="touchpoint")
    draws = draw_all_due(TODAY)
    assert [draw.program for draw in draws] == [active]
    assert draw_all_due(TODAY) == draws
    assert Program.objects.count() == 3
