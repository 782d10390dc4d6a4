from __future__ import annotations

from earful.directory.selectors import customer_list_visible_to, unit_subtree


def names(qs) -> set[str]:
    return {c.name for c in qs}


def test_subtree_is_one_query_and_includes_every_level(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        subtree = {u.name for u in unit_subtree(org.north)}
    assert subtree == {"North", "Oulu", "Tampere"}


def test_front_line_sees_own_and_own_unit_customers(org):
    assert names(customer_list_visible_to(user=org.oulu_rep)) == {
        "Oulu Oy",
        "Oulu Ab",
        "Far Away Oy",
    }


def test_manager_sees_subtree(org):
    assert names(customer_list_visible_to(user=org.north_manager)) == {
        "Oulu Oy",
        "Oulu Ab",
        "Tampere Oy",
    }


def test_employee_without_unit_sees_only_owned_customers(org):
    assert names(customer_list_visible_to(user=org.nobody)) == set()
