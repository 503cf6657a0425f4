"""The dashboard's cache of what it reads from compiled summaries.

The KPI cards of the key indicators, the ward comparison and the ward × day grid change only
when a summary is compiled (or a ward or an indicator is edited), while ten committee members
reload the dashboard all morning. Their rendered HTML is cached under a key made of:

- a *generation* number kept in the cache and bumped after every compile, ward or indicator
  change commits (``bump_generation``), so a change shows on the next load;
- the district's latest ``compiled_at`` read from the database on every request, so a process
  whose cache is not shared (the per-process default without ``CACHE_URL``) still sees every
  compile; and a short lifetime (``TTL``) as the last bound on staleness;
- the request's filters, today's date, the language and the indicators shown.

Today's live completeness, the urgent feed and the page's forms are never cached. A cache that
is down (Redis unreachable) is logged and skipped: the dashboard computes everything, as if
every request were a miss.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "summaries:dashboard:generation"
# Seconds a cached dashboard part lives at most (bounds a change that no bump announced).
TTL = 120


def generation() -> int | None:
    """The current generation (created on first use); None when the cache is unreachable."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            # A new start value that no earlier generation used, even after an eviction.
            cache.add(GENERATION_KEY, time.time_ns(), None)
            value = cache.get(GENERATION_KEY)
        return value
    except Exception:
        logger.warning("dashboard cache unreachable; computing the dashboard without it", exc_info=True)
        return None


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (first use, or evicted): start a new one
        cache.add(GENERATION_KEY, time.time_ns(), None)
    except Exception:
        logger.warning("dashboard cache unreachable; its entries expire within %s s", TTL, exc_info=True)


def bump_generation() -> None:
    """Make every cached dashboard part stale once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def key(*parts) -> str:
    """A cache key for a dashboard part: the parts (generation, stamp, filters, …) hashed."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"summaries:dashboard:{digest}"


def get(name: str):
    """The cached value under ``name``, or None (also when the cache is unreachable)."""
    try:
        return cache.get(name)
    except Exception:
        logger.warning("dashboard cache unreachable on read", exc_info=True)
        return None


def put(name: str, value, ttl: int = TTL) -> None:
    try:
        cache.set(name, value, ttl)
    except Exception:
        logger.warning("dashboard cache unreachable on write", exc_info=True)
