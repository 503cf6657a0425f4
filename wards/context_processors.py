"""The district's identity on every page (the footer, the login page), read from the District row."""

import logging
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wards.models import District

logger = logging.getLogger(__name__)

IDENTITY_KEY = "wards:district-identity"
IDENTITY_SECONDS = 300  # an edit of the district's names shows within five minutes


def _identity() -> dict[str, str]:
    """The default district's name and its steering committee's name; {} while no district exists.

    Kept in the shared cache, so a page costs no query for them (one when the cache is cold or down).
    """
    try:
        identity: dict[str, str] | None = cache.get(IDENTITY_KEY)
    except Exception:
        logger.warning("cache unreachable; reading the district's identity from the database", exc_info=True)
        identity = None
    if identity is None:
        district = District.objects.default()
        identity = {"name": district.name, "committee_name": district.committee_name} if district else {}
        try:
            cache.set(IDENTITY_KEY, identity, IDENTITY_SECONDS)
        except Exception:
            logger.warning("cache unreachable on write", exc_info=True)
    return identity


def forget_identity() -> None:
    """Read the district's names again on the next page (after changing them)."""
    try:
        cache.delete(IDENTITY_KEY)
    except Exception:
        logger.warning("cache unreachable; the district's identity is renewed within %s s", IDENTITY_SECONDS)


def district_identity(request: HttpRequest) -> dict[str, Any]:
    """``portal_district``: {"name", "committee_name"} of the district the portal serves, read lazily."""
    return {"portal_district": SimpleLazyObject(_identity)}
