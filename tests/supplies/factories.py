"""Factories of the supplies tests: movements go through the services, never around them."""

import itertools

from supplies import services
from supplies.choices import RecipientType

_counter = itertools.count(1)


def distribution(*, holder, item, user, quantity=10, people_reached=5, at=None):
    """Record a distribution from ``holder`` through the service."""
    n = next(_counter)
    return services.stock_distribute(
        item=item,
        holder=holder,
        quantity=quantity,
        recipient_type=RecipientType.RESIDENTIAL_GROUP,
        recipient=f"Tổ dân phố {n}",
        people_reached=people_reached,
        user=user,
        at=at,
    )
