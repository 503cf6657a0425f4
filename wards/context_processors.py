"""The district's identity on every page (the footer, the login page), read from the District row."""

import time
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wards.models import District

IDENTITY_SECONDS = 300  # an edit of the district's names shows within five minutes

# Per process, like the main menu (core.templatetags.portal_tags): a few strings read once every
# IDENTITY_SECONDS, so pages cost no query for them and do not depend on the shared cache.
_identity_memo: dict[str, Any] = {}


def _identity() -> dict[str, str]:
    """The default district's name and its steering committee's name; {} while no district exists."""
    now = time.monotonic()
    if _identity_memo.get("until", 0.0) <= now:
        district = District.objects.default()
        _identity_memo["value"] = {"name": district.name, "committee_name": district.committee_name} if district else {}
        _identity_memo["until"] = now + IDENTITY_SECONDS
    value: dict[str, str] = _identity_memo["value"]
    return value


def forget_identity() -> None:
    """Read the district's names again on the next page (tests, after changing them)."""
    _identity_memo.clear()


def district_identity(request: HttpRequest) -> dict[str, Any]:
    """``portal_district``: {"name", "committee_name"} of the district the portal serves, read lazily."""
    return {"portal_district": SimpleLazyObject(_identity)}
