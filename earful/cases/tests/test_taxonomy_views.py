"""The root-cause taxonomy pages: CX leads and admins edit, everyone else gets 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from earful.cases.models import RootCause
from earful.cases.services import root_cause_create
from earful.platform.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(org):
    return root_cause_create(actor=None, name="Report")


def test_a_cx_lead_sees_the_taxonomy_with_parents(
    client, org, report, django_assert_max_num_queries
):
    root_cause_create(actor=None, name="Late delivery", parent=report)
    client.force_login(org.cx_lead)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("root_cause_list"))
    assert page.status_code == 200
    assert "Late delivery" in page.content.decode()


@pytest.mark.parametrize("persona", ["north_manager", "oulu_rep", "analyst"])
def test_others_may_not_edit_the_taxonomy(client, org, report, persona):
    client.force_login(getattr(org, persona))
    assert client.get(reverse("root_cause_list")).status_code == 403
    assert client.post(reverse("root_cause_create"), {"name": "X"}).status_code == 403
    assert (
        client.post(reverse("root_cause_edit", args=[report.pk]), {"name": "X"}).status_code == 403
    )
    report.refresh_from_db()
    assert report.name == "Report"


def test_a_missing_root_cause_is_404(client, org):
    client.force_login(org.admin)
    assert client.get(reverse("root_cause_edit", args=[999])).status_code == 404


def test_adding_a_root_cause_under_a_parent(client, org, report):
    client.force_login(org.cx_lead)
    page = client.post(
        reverse("root_cause_create"), {"name": "Hard to understand", "parent": report.pk}
    )
    assert page.status_code == 302
    cause = RootCause.objects.get(name="Hard to understand")
    assert cause.parent == report and cause.is_active
    assert AuditEntry.objects.filter(action="root_cause.created", actor=org.cx_lead).exists()


def test_a_duplicate_name_under_the_same_parent_is_refused(client, org, report):
    root_cause_create(actor=None, name="Late", parent=report)
    client.force_login(org.cx_lead)
    page = client.post(reverse("root_cause_create"), {"name": "Late", "parent": report.pk})
    assert page.status_code == 400
    assert "already exists" in page.content.decode()


def test_renaming_moving_and_deactivating(client, org, report):
    price = root_cause_create(actor=None, name="Price")
    cause = root_cause_create(actor=None, name="Travel costs", parent=price)
    client.force_login(org.admin)
    page = client.post(
        reverse("root_cause_edit", args=[cause.pk]),
        {"name": "Unexpected travel costs", "parent": report.pk, "description": "Km fees"},
    )
    assert page.status_code == 302
    cause.refresh_from_db()
    assert (cause.name, cause.parent, cause.is_active) == ("Unexpected travel costs", report, False)


def test_the_quick_switch_deactivates_and_activates(client, org, report):
    client.force_login(org.cx_lead)
    client.post(reverse("root_cause_set_active", args=[report.pk]), {"active": "0"})
    report.refresh_from_db()
    assert not report.is_active
    client.post(reverse("root_cause_set_active", args=[report.pk]), {"active": "1"})
    report.refresh_from_db()
    assert report.is_active


def test_a_root_cause_cannot_sit_under_its_own_child(org, report):
    from django.core.exceptions import ValidationError

    from earful.cases.services import root_cause_update

    child = root_cause_create(actor=None, name="Late", parent=report)
    with pytest.raises(ValidationError):
        root_cause_update(
            actor=None,
            root_cause=report,
            name="Report",
            parent=child,
            description="",
            is_active=True,
        )
