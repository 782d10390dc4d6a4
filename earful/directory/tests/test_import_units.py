"""Importing units: parents in any order, no unknown parents, no cycles."""

from __future__ import annotations

from earful.directory.importing import import_records
from earful.directory.models import Unit
from earful.directory.selectors import unit_subtree
from earful.directory.tests.import_files import reasons, snapshot


def unit(external_id: str, parent: str = "", **values: str) -> dict[str, str]:
    return {"external_id": external_id, "name": f"Unit {external_id}", "parent": parent} | values


def import_units(rows, **kwargs):
    return import_records("units", rows, actor=None, **kwargs)


def test_children_may_come_before_their_parents(db):
    report = import_units(
        [
            unit("TEAM", "OFFICE", kind="Team"),
            unit("OFFICE", "REGION"),
            unit("REGION", "CO", kind="region"),
            unit("CO", kind="company"),
        ]
    )
    assert report.ok, report.errors
    assert report.created == 4
    company = Unit.objects.get(external_id="CO")
    assert {u.external_id for u in unit_subtree(company)} == {"CO", "REGION", "OFFICE", "TEAM"}
    team = Unit.objects.select_related("parent").get(external_id="TEAM")
    assert team.parent is not None
    assert (team.kind, team.depth, team.parent.external_id) == ("team", 3, "OFFICE")
    assert Unit.objects.get(external_id="OFFICE").kind == "office"  # the default


def test_parents_may_already_exist(org):
    report = import_units([unit("U-KEMI", "U-N", name="Kemi")])
    assert report.ok, report.errors
    assert "Kemi" in {u.name for u in unit_subtree(org.north)}


def test_moving_a_unit_renumbers_the_tree(org):
    report = import_units([unit("U-OUL", "U-S", name="Oulu")])
    assert (report.updated, report.unchanged) == (1, 0)
    org.south.refresh_from_db()
    assert "Oulu" in {u.name for u in unit_subtree(org.south)}


def test_reimporting_units_changes_nothing(org):
    rows = [unit("A", "U-CO"), unit("B", "A")]
    import_units(rows)
    before = snapshot()
    report = import_units(rows)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert snapshot()[:3] == before[:3]


def test_a_cycle_is_refused_and_nothing_is_written(org):
    before = snapshot()
    report = import_units([unit("A", "C"), unit("B", "A"), unit("C", "B"), unit("D", "A")])
    assert reasons(report) == [
        (2, "parent", "Makes a cycle: A → C → B → A."),
        (3, "parent", "Makes a cycle: B → A → C → B."),
        (4, "parent", "Makes a cycle: C → B → A → C."),
    ]
    assert snapshot() == before


def test_a_cycle_through_existing_units_is_refused(org):
    # North would move under Oulu, which is under North.
    report = import_units([unit("U-N", "U-OUL", name="North")])
    assert reasons(report) == [(2, "parent", "Makes a cycle: U-N → U-OUL → U-N.")]


def test_a_unit_cannot_be_its_own_parent(org):
    report = import_units([unit("A", "A")])
    assert reasons(report) == [(2, "parent", "A unit cannot be its own parent.")]


def test_unknown_parents_are_refused(org):
    before = snapshot()
    report = import_units([unit("A", "U-CO"), unit("B", "NOWHERE")])
    assert reasons(report) == [
        (3, "parent", "No unit with this external id, in the file or already imported.")
    ]
    assert snapshot() == before


def test_bad_unit_kinds_are_refused(org):
    report = import_units([unit("A", kind="galaxy")])
    assert reasons(report) == [(2, "kind", "Not one of: company, country, region, office, team.")]


def test_a_unit_may_set_its_time_zone(db):
    report = import_units([unit("CO", kind="company", time_zone="Europe/Stockholm")])
    assert report.ok, report.errors
    assert Unit.objects.get(external_id="CO").time_zone == "Europe/Stockholm"


def test_an_unknown_time_zone_is_refused(org):
    report = import_units([unit("A", time_zone="Europe/Atlantis")])
    assert reasons(report) == [
        (2, "time_zone", "Not a time zone: use a name such as Europe/Helsinki.")
    ]
