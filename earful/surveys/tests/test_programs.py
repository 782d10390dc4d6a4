"""Program services and the program form's validation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from earful.directory.tests.factories import CustomerFactory
from earful.platform.models import AuditEntry
from earful.surveys.choices import ProgramKind
from earful.surveys.models import Program
from earful.surveys.program_forms import ProgramForm
from earful.surveys.programs import (
    program_create,
    program_problems,
    program_set_active,
    program_update,
)

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Relationship 2027",
        "kind": "relationship",
        "default_language": "en",
        "monthly_quota": "1000",
        "daily_cap": "200",
        "target_margin": "0",
        "detractor_threshold": "6",
        "max_invitations": "2",
        "window_days": "365",
        "quiet_days": "30",
        "reminder_after_days": "4",
        "link_valid_days": "30",
        "touchpoint_delay_hours": "24",
        "event_types": "",
    }
    data.update(overrides)
    return data


def test_creating_a_program_saves_its_settings_units_and_an_audit_entry(org: Any) -> None:
    program = program_create(
        actor=org.cx_lead,
        name="Relationship",
        extra_questions=["csat", "servqual:empathy", "csat"],
        wording={"fi": {"recommend": "  Suosittelisitko?  ", "reason": " "}},
        units=[org.north],
        segments=["SME"],
    )
    program.refresh_from_db()
    assert program.kind == ProgramKind.RELATIONSHIP
    assert program.extra_questions == ["csat", "servqual:empathy"]
    assert program.wording == {"fi": {"recommend": "Suosittelisitko?"}}
    assert list(program.units.all()) == [org.north]
    assert program.created_by == org.cx_lead
    entry = AuditEntry.objects.get(action="program.created")
    assert entry.actor == org.cx_lead
    assert entry.object_id == str(program.pk)


def test_a_program_whose_daily_cap_exceeds_its_quota_is_refused(org: Any) -> None:
    with pytest.raises(ValidationError) as error:
        program_create(actor=org.cx_lead, name="Too eager", monthly_quota=10, daily_cap=20)
    assert "daily_cap" in error.value.message_dict
    assert Program.objects.count() == 0


def test_a_touchpoint_program_needs_event_types_and_a_relationship_program_has_none(
    org: Any,
) -> None:
    with pytest.raises(ValidationError) as error:
        program_create(actor=None, name="After inspection", kind=ProgramKind.TOUCHPOINT)
    assert "event_types" in error.value.message_dict
    with pytest.raises(ValidationError):
        program_create(actor=None, name="Sampled", event_types=["inspection_completed"])
    program = program_create(
        actor=None,
        name="After inspection",
        kind=ProgramKind.TOUCHPOINT,
        event_types=["inspection_completed"],
    )
    assert program.event_types == ["inspection_completed"]


def test_unknown_questions_and_languages_are_refused() -> None:
    assert "extra_questions" in program_problems({"extra_questions": ["nps2", "csat"]})
    assert "wording" in program_problems({"wording": {"xx": {"recommend": "?"}}})
    assert "wording" in program_problems({"wording": {"fi": {"colour": "?"}}})
    assert program_problems({"extra_questions": ["ces"], "wording": {"sv": {"reason": "?"}}}) == {}


def test_the_reminder_must_go_before_the_link_expires() -> None:
    problems = program_problems({"reminder_after_days": 30, "link_valid_days": 30})
    assert "remind after at most 29 days" in problems["reminder_after_days"]
    assert program_problems({"reminder_after_days": 0, "link_valid_days": 1}) == {}


def test_updating_a_program_writes_and_logs_only_what_changed(org: Any) -> None:
    program = program_create(actor=org.cx_lead, name="Relationship", units=[org.north])
    updated = program_update(
        actor=org.admin,
        program=program,
        name="Relationship",
        monthly_quota=500,
        daily_cap=50,
        units=[org.north, org.south],
    )
    assert (updated.monthly_quota, updated.daily_cap) == (500, 50)
    assert set(updated.units.all()) == {org.north, org.south}
    entry = AuditEntry.objects.get(action="program.updated")
    assert entry.data == {"changed": ["monthly_quota", "daily_cap", "units"]}
    program_update(
        actor=org.admin, program=program, name="Relationship", units=[org.south, org.north]
    )
    assert AuditEntry.objects.filter(action="program.updated").count() == 1


def test_an_invalid_update_changes_nothing(org: Any) -> None:
    program = program_create(actor=None, name="Relationship", monthly_quota=100, daily_cap=10)
    with pytest.raises(ValidationError):
        program_update(actor=None, program=program, daily_cap=1000)
    program.refresh_from_db()
    assert program.daily_cap == 10


def test_pausing_and_activating_a_program_is_logged_once_each(org: Any) -> None:
    program = program_create(actor=None, name="Relationship")
    assert not program_set_active(actor=org.cx_lead, program=program, is_active=False).is_active
    program_set_active(actor=org.cx_lead, program=program, is_active=False)
    assert program_set_active(actor=org.cx_lead, program=program, is_active=True).is_active
    actions = list(
        AuditEntry.objects.filter(action__startswith="program.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["program.activated", "program.created", "program.deactivated"]


def test_the_form_turns_wording_pairs_and_event_lines_into_settings(org: Any) -> None:
    form = ProgramForm(
        form_data(
            kind="touchpoint",
            event_types="inspection_completed\nticket.closed, inspection_completed",
            recommend_fi="Suosittelisitko meitä?",
            reason_sv="Varför?",
            extra_questions=["csat", "servqual:reliability"],
            units=[str(org.oulu.pk)],
            segments=["SME"],
        )
    )
    assert form.is_valid(), form.errors
    settings = form.settings()
    assert settings["wording"] == {
        "fi": {"recommend": "Suosittelisitko meitä?"},
        "sv": {"reason": "Varför?"},
    }
    assert settings["event_types"] == [
        "inspection_completed",
        "ticket.closed",
        "inspection_completed",
    ]
    assert settings["units"] == [org.oulu]
    program = program_create(actor=org.cx_lead, **settings)
    assert program.event_types == ["inspection_completed", "ticket.closed"]


def test_the_form_explains_each_problem_next_to_its_field(org: Any) -> None:
    form = ProgramForm(
        form_data(monthly_quota="100", daily_cap="101", reminder_after_days="30", event_types="x")
    )
    assert not form.is_valid()
    assert form.errors["daily_cap"] == [
        "The daily cap (101) must not exceed the monthly quota (100)."
    ]
    assert "before the link expires" in form.errors["reminder_after_days"][0]
    assert "Only touchpoint programs answer events" in form.errors["event_types"][0]


def test_the_form_offers_only_segments_customers_have(org: Any) -> None:
    CustomerFactory.create(unit=org.oulu, segment="Enterprise")
    form = ProgramForm(form_data(segments=["Enterprise", "Martians"]))
    assert not form.is_valid()
    assert "Martians" in form.errors["segments"][0]
    choices = [value for value, _ in form.fields["segments"].choices]  # type: ignore[attr-defined]
    assert choices == ["Enterprise", "SME"]


def test_the_form_keeps_a_segment_no_customer_has_any_longer_when_editing(org: Any) -> None:
    program = program_create(actor=None, name="Old", segments=["Retired"])
    form = ProgramForm(form_data(segments=["Retired"]), program=program)
    assert form.is_valid(), form.errors


def test_the_form_shows_the_default_wording_as_placeholder(org: Any) -> None:
    html = str(ProgramForm()["recommend_fi"])
    assert 'placeholder="Kuinka todennäköisesti suosittelisit' in html
    assert ProgramForm()["monthly_quota"].value() == 1000
