from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from earful.directory.selectors import UnitNode, unit_path_for_user
from earful.directory.tests.factories import CustomerFactory, EmployeeFactory, UnitFactory


def flatten(nodes: list[UnitNode]) -> Iterator[UnitNode]:
    for node in nodes:
        yield node
        yield from flatten(node.children)


def counts(response) -> dict[str, tuple[int, int]]:
    """unit name -> (customers, employees) as the tree shows them."""
    return {n.unit.name: (n.customers, n.employees) for n in flatten(response.context["roots"])}


def test_tree_counts_are_subtree_totals(client, org):
    client.force_login(org.admin)
    response = client.get(reverse("unit_tree"))
    # Employees: admin, cx_lead and analyst sit at Company; `nobody` has no unit.
    assert counts(response) == {
        "Company": (6, 7),
        "North": (3, 3),
        "Oulu": (2, 2),
        "Tampere": (1, 0),
        "South": (3, 1),
        "Helsinki": (2, 1),
        "Turku": (1, 0),
    }
    html = response.content.decode()
    assert "6 customers · 7 employees" in html
    assert "1 customer · 0 employees" in html


def test_a_manager_sees_their_subtree_as_the_root(client, org):
    client.force_login(org.north_manager)
    response = client.get(reverse("unit_tree"))
    assert [n.unit.name for n in response.context["roots"]] == ["North"]
    assert counts(response) == {"North": (3, 3), "Oulu": (2, 2), "Tampere": (1, 0)}


def test_someone_without_a_unit_is_told_there_is_nothing_to_show(client, org):
    client.force_login(org.nobody)
    response = client.get(reverse("unit_tree"))
    assert "You do not belong to a unit yet" in response.content.decode()


def test_the_tree_makes_the_same_few_queries_for_many_units(
    client, org, django_assert_max_num_queries
):
    for n in range(20):
        team = UnitFactory.create(name=f"Team {n}", kind="team", parent=org.oulu)
        CustomerFactory.create(unit=team)
        EmployeeFactory.create(unit=team)
    client.force_login(org.admin)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("unit_tree"))
    assert counts(response)["Oulu"] == (22, 22)


def test_the_unit_page_shows_its_path_children_people_and_customers(
    client, org, django_assert_max_num_queries
):
    client.force_login(org.north_manager)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("unit_detail", args=[org.north.pk]))
    html = response.content.decode()
    assert "<li>Company</li>" in html  # above the manager's scope: not a link
    assert '<span aria-current="page">North</span>' in html
    assert f'<a href="{reverse("unit_detail", args=[org.oulu.pk])}">Oulu</a>' in html
    assert f'<a href="{reverse("unit_detail", args=[org.tampere.pk])}">Tampere</a>' in html
    assert str(org.north_manager) in html
    assert str(org.oulu_rep) not in html  # works in Oulu, not directly in North
    assert f'href="{reverse("customer_list")}?unit={org.north.pk}"' in html
    assert "3 customers in this unit and below" in html


def test_a_front_line_employee_does_not_see_units_below_their_own(client, org):
    team = UnitFactory.create(name="Oulu Team", kind="team", parent=org.oulu)
    client.force_login(org.oulu_rep)
    response = client.get(reverse("unit_detail", args=[org.oulu.pk]))
    assert list(response.context["children"]) == []
    assert client.get(reverse("unit_detail", args=[team.pk])).status_code == 404


def test_the_path_marks_only_units_the_user_may_open(org):
    path = unit_path_for_user(user=org.oulu_rep, unit=org.oulu)
    assert [(u.name, u.visible) for u in path] == [
        ("Company", False),
        ("North", False),
        ("Oulu", True),
    ]
    assert [u.visible for u in unit_path_for_user(user=org.nobody, unit=org.oulu)] == [False] * 3
