"""Helpers shared by the disinfection tests (issue 15 #4); the fixtures are in conftest.py."""

from decimal import Decimal

from inspections import services
from inspections.models import DisinfectionSite, DisinfectionTarget


def mark(user, round_, target, **overrides):
    data = {"done_on": round_.start, "done_by": "Đội phun phường", "product": "Cloramin B 2%", "quantity": Decimal("12.5"), "unit": "lít"}  # fmt: skip
    data.update(overrides)
    return services.target_mark_done(user=user, round_=round_, target_id=target.pk, data=data)


def target_of(round_, place):
    field = "site" if isinstance(place, DisinfectionSite) else "establishment"
    return DisinfectionTarget.objects.get(round=round_, **{field: place})
