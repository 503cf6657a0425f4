"""Reads for wards: lists scoped to the user, with their committees in one query."""

from collections.abc import Iterable

from django.db.models import F, QuerySet

from core.collation import ViCollate
from wards.access import scope_to_user
from wards.choices import Role
from wards.models import User, Ward, WardLeader
from wards.types import AnyUser


def wards_for_user(user: AnyUser) -> QuerySet[Ward]:
    """The wards ``user`` may see, with district and committee joined (one query)."""
    qs = Ward.objects.select_related("district", "committee").order_by(ViCollate("name"))
    return scope_to_user(qs, user, "pk")


def current_leaders(ward_ids: Iterable[int] | None = None, *, district: int | None = None) -> QuerySet[WardLeader]:
    """The current leaders in charge (assignment not ended), of ``ward_ids`` and ``district`` (an
    id) when given, with their wards joined (one query); ordered by ward name then role."""
    qs = WardLeader.objects.filter(ended_on__isnull=True).select_related("ward")
    if district is not None:
        qs = qs.filter(ward__district_id=district)
    if ward_ids is not None:
        qs = qs.filter(ward_id__in=list(ward_ids))
    return qs.order_by(ViCollate("ward__name"), "role", "pk")


def leader_history(ward: Ward | int) -> QuerySet[WardLeader]:
    """Every leader assigned to ``ward``, current ones first, then by start date (newest first)."""
    return WardLeader.objects.filter(ward=ward).order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")


def leader_accounts_for_wards(ward_ids: Iterable[int]) -> dict[User, list[str]]:
    """The active portal accounts of the current leaders of ``ward_ids``, each with the names of
    the wards among them they are in charge of (one query)."""
    accounts: dict[User, list[str]] = {}
    rows = (
        current_leaders(ward_ids)
        .filter(user__isnull=False, user__is_active=True, user__role=Role.LEADER)
        .select_related("user")
    )
    for leader in rows:
        assert leader.user is not None  # filtered above
        names = accounts.setdefault(leader.user, [])
        if leader.ward.name not in names:
            names.append(leader.ward.name)
    return accounts
