from typing import Any

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    """Values every page's layout needs: the user's ward and the languages to switch to."""
    user = getattr(request, "user", None)
    return {
        "portal_languages": settings.LANGUAGES,
        "user_ward": getattr(user, "ward", None) if user is not None and user.is_authenticated else None,
    }
