"""Reads for wards: lists scoped to the user, with their committees in one query."""

from django.db.models import QuerySet

from core.collation import ViCollate
from wards.access import scope_to_user
from wards.models import Ward
from wards.types import AnyUser


def wards_for_user(user: AnyUser) -> QuerySet[Ward]:
    """The wards ``user`` may see, with district and committee joined (one query)."""
    qs = Ward.objects.select_related("district", "committee").order_by(ViCollate("name"))
    return scope_to_user(qs, user, "pk")
