"""Who may see or change which ward's objects: the one place that decides.

Every page, API endpoint, export, search and admin list scopes its queryset with
:func:`scope_to_user` and checks single objects with :func:`can_view_ward` /
:func:`can_change_ward`. A ward officer asking for another ward's object gets 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from wards.choices import Role


def is_active_user(user) -> bool:
    """Signed in and not deactivated: the first condition of every check below."""
    return bool(user and user.is_authenticated and user.is_active)


def is_admin(user) -> bool:
    """An active district administrator."""
    return is_active_user(user) and user.is_district_admin


def require_admin(user) -> None:
    """Raise ``PermissionDenied`` unless ``user`` is an active district administrator (services call it)."""
    if not is_admin(user):
        raise PermissionDenied(_("Only district administrators may do this."))


def _ward_id(ward) -> int | None:
    if ward is None:
        return None
    return ward if isinstance(ward, int) else ward.pk


def can_view_ward(user, ward) -> bool:
    """May ``user`` see objects of ``ward`` (a Ward or its id)?

    Committee members and district administrators see every ward; a ward officer sees
    only their own ward; anonymous and inactive users see nothing.
    """
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_district_admin or user.role == Role.COMMITTEE:
        return True
    return user.role == Role.WARD_OFFICER and user.ward_id is not None and user.ward_id == _ward_id(ward)


def can_change_ward(user, ward) -> bool:
    """May ``user`` create or change objects that belong to ``ward``?

    A ward officer changes their own ward's objects (reports, distributions); district
    administrators change any ward's. The committee reviews but does not edit ward data;
    its review actions check their own rules in the services.
    """
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_district_admin:
        return True
    return user.role == Role.WARD_OFFICER and user.ward_id is not None and user.ward_id == _ward_id(ward)


def scope_to_user(queryset: QuerySet, user, ward_field: str = "ward") -> QuerySet:
    """Restrict ``queryset`` to the objects ``user`` may see.

    ``ward_field`` is the lookup path from the model to its ward (``"ward"``,
    ``"establishment__ward"``, ``"pk"`` for the Ward model itself). An object with no
    ward (district-level) is visible to the committee and administrators only.
    """
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_district_admin or user.role == Role.COMMITTEE:
        return queryset
    if user.role == Role.WARD_OFFICER and user.ward_id is not None:
        return queryset.filter(**{ward_field: user.ward_id})
    return queryset.none()


def get_for_user_or_404(queryset: QuerySet, user, ward_field: str = "ward", **lookup):
    """Fetch one object the user may see, or raise 404 (never reveal another ward's object)."""
    try:
        return scope_to_user(queryset, user, ward_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
