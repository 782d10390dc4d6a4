"""The one place that decides what an employee may see.

Every list, detail page, export and API endpoint asks these functions, directly or
through the selectors built on them. Nothing else filters by unit or owner for the
sake of access.

- admins and CX leads see everything and may change it;
- analysts see everything and change nothing;
- managers see the subtree under their unit;
- front-line staff see their own customers and those of their own unit;
- anyone else (no role, no unit, inactive) sees nothing.
"""

from __future__ import annotations

from django.db.models import Q

from earful.directory.choices import Role
from earful.directory.models import Employee, Unit

SEE_ALL = {Role.ADMIN, Role.CX_LEAD, Role.ANALYST}
MAY_EDIT = {Role.ADMIN, Role.CX_LEAD}
NOTHING = Q(pk__in=[])


def sees_everything(user: Employee) -> bool:
    return user.is_active and (user.is_superuser or user.role in SEE_ALL)


def may_edit_directory(user: Employee) -> bool:
    """Imports, programs and other company-wide changes: admins and CX leads."""
    return user.is_active and (user.is_superuser or user.role in MAY_EDIT)


def may_manage_programs(user: Employee) -> bool:
    """Survey programs and their walk-in links and posters: admins and CX leads."""
    return user.is_active and (user.is_superuser or user.role in MAY_EDIT)


def _subtree_q(unit: Unit, prefix: str) -> Q:
    return Q(**{f"{prefix}lft__gte": unit.lft, f"{prefix}lft__lte": unit.rght})


def unit_scope(user: Employee, prefix: str = "") -> Q:
    """Units (or rows related to a unit through `prefix`, e.g. "unit__") the user may see."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if sees_everything(user):
        return Q()
    if user.unit is None:
        return NOTHING
    if user.role == Role.MANAGER:
        return _subtree_q(user.unit, prefix)
    if user.role == Role.FRONT_LINE:
        return Q(**{f"{prefix}pk": user.unit.pk}) if prefix else Q(pk=user.unit.pk)
    return NOTHING


def _scope(user: Employee, prefix: str, mine: str) -> Q:
    """Rows that have a unit: everything, the user's subtree, or the user's unit by role;
    plus the user's own rows (`mine` names the field that points at the user)."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if sees_everything(user):
        return Q()
    own = Q(**{f"{prefix}{mine}": user.pk})
    if user.unit is None:
        return own
    if user.role == Role.MANAGER:
        return own | _subtree_q(user.unit, f"{prefix}unit__")
    if user.role == Role.FRONT_LINE:
        return own | Q(**{f"{prefix}unit": user.unit.pk})
    return own


def customer_scope(user: Employee, prefix: str = "") -> Q:
    """Customers (or rows with a customer at `prefix`, e.g. "customer__") the user may see:
    those in their scope of units, and those they own wherever they are."""
    return _scope(user, prefix, "owner")


def employee_scope(user: Employee, prefix: str = "") -> Q:
    """Colleagues the user may see: everyone in the units they may see, and themselves."""
    return _scope(user, prefix, "pk")
