"""Rollups stay exact as answers arrive, change and disappear, and a rebuild agrees."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from earful.directory.tests.factories import CustomerFactory
from earful.metrics.models import MonthlyCell
from earful.metrics.nps import Counts, counts_from_scores
from earful.metrics.rollups import cell_key, cell_recount, cells_recount, rollups_rebuild
from earful.metrics.selectors import subtree_counts, subtree_counts_by_month
from earful.surveys.models import Response
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def answer(customer, score, *, program=None, when=None):
    invitation = InvitationFactory.create(
        customer=customer, **({"program": program} if program else {})
    )
    return response_submit(
        invitation=invitation, score=score, reason="", may_contact=False, now=when
    )


def cells():
    return sorted(
        MonthlyCell.objects.values_list(
            "unit_id", "program_id", "segment", "month", "promoters", "passives", "detractors"
        )
    )


def test_an_answer_is_counted_in_its_units_cell_at_once(org):
    answer(org.oulu_customer, 10)
    assert subtree_counts(org.oulu) == Counts(promoters=1)
    assert subtree_counts(org.north) == Counts(promoters=1)
    assert subtree_counts(org.south) == Counts()


def test_changing_an_answer_moves_it_between_groups(org):
    first = answer(org.oulu_customer, 3)
    assert subtree_counts(org.company) == Counts(detractors=1)
    response_submit(invitation=first.invitation, score=9, reason="", may_contact=False)
    assert subtree_counts(org.company) == Counts(promoters=1)


def test_deleting_an_answer_takes_it_out(org):
    response = answer(org.oulu_customer, 3)
    answer(org.oulu_customer, 8)
    response.delete()
    assert subtree_counts(org.company) == Counts(passives=1)
    Response.objects.get().delete()
    assert MonthlyCell.objects.count() == 0


def test_a_region_is_the_sum_of_its_answers_not_an_average_of_its_offices(org):
    # Oulu: one promoter; Tampere: three detractors. The average of the two offices'
    # NPS would be 0; the region's NPS from its four answers is −50.
    tampere_customer = CustomerFactory.create(unit=org.tampere)
    answer(org.oulu_customer, 10)
    for _ in range(3):
        answer(tampere_customer, 2)
    north = subtree_counts(org.north)
    assert north == Counts(promoters=1, detractors=3)


def test_incremental_rollups_equal_a_rebuild_and_the_raw_answers(org):
    rng = random.Random(5)
    programs = [ProgramFactory.create(), ProgramFactory.create()]
    customers = [
        CustomerFactory.create(unit=unit, segment=rng.choice(["", "key", "small"]))
        for unit in (org.oulu, org.tampere, org.helsinki, org.turku)
        for _ in range(3)
    ]
    start = timezone.now() - dt.timedelta(days=200)
    given = []
    for _ in range(80):
        when = start + dt.timedelta(days=rng.uniform(0, 199))
        given.append(
            answer(
                rng.choice(customers), rng.randint(0, 10), program=rng.choice(programs), when=when
            )
        )
    for response in rng.sample(given, 15):  # some are changed, some deleted
        if rng.random() < 0.5:
            response.delete()
        else:
            Response.objects.filter(pk=response.pk).update(score=rng.randint(0, 10))
            response.refresh_from_db()
            cells_recount([response])  # what the batch receiver does for an edit

    incremental = cells()
    rollups_rebuild()
    assert cells() == incremental

    for unit in (org.company, org.north, org.south, org.oulu):
        raw = Response.objects.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
        assert subtree_counts(unit) == counts_from_scores(raw.values_list("score", flat=True))
    by_month = subtree_counts_by_month(org.company)
    assert sum(c.n for c in by_month.values()) == Response.objects.count()


def test_keeping_a_cell_current_costs_a_handful_of_queries(org, django_assert_max_num_queries):
    response = answer(org.oulu_customer, 7)
    # The customer (for its segment), a savepoint, the month's and the day's
    # aggregates, three upserts, the release.
    with django_assert_max_num_queries(8):
        cell_recount(cell_key(response))


def test_a_customers_new_segment_moves_their_answers_cells(org):
    from earful.directory.importing.services import import_records

    customer = CustomerFactory.create(unit=org.oulu, segment="smb", external_id="SEG1")
    other = CustomerFactory.create(unit=org.oulu, segment="smb", external_id="SEG2")
    for score in (0, 9, 10):
        answer(customer, score)
    answer(other, 5)
    report = import_records(
        "customers",
        [
            {
                "external_id": "SEG1",
                "name": customer.name,
                "unit": org.oulu.external_id,
                "segment": "key accounts",
            }
        ],
        actor=None,
    )
    assert report.ok, report
    incremental = cells()
    rollups_rebuild()
    assert cells() == incremental
    totals: dict[str, int] = {}
    for _, _, segment, _, promoters, passives, detractors in incremental:
        totals[segment] = totals.get(segment, 0) + promoters + passives + detractors
    assert totals == {"key accounts": 3, "smb": 1}
