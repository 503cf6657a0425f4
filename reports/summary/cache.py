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

Today's live completeness and the urgent feed are cached under their own generation, bumped by
report changes (not by compiles: they read no summary), for ``dashboard.LIVE_TTL`` at most; the
page's forms are never cached. After a compile commits, the worker renders the default view
ahead (``dashboard.warm``), so the committee's first load after it reads the cache. A cache that
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
# The live part's own generation: a compile changes the summaries, not today's reports or the
# urgent list, so it leaves the live part cached (``bump_generation(live=False)``).
LIVE_GENERATION_KEY = "summaries:dashboard:live-generation"
# Seconds a cached dashboard part lives at most (bounds a change that no bump announced).
TTL = 120


def generation(name: str = GENERATION_KEY) -> int | None:
    """The current generation (created on first use); None when the cache is unreachable.
    ``name``: ``GENERATION_KEY`` (the summary parts) or ``LIVE_GENERATION_KEY`` (the live part)."""
    try:
        value = cache.get(name)
        if value is None:
            # A new start value that no earlier generation used, even after an eviction.
            cache.add(name, time.time_ns(), None)
            value = cache.get(name)
        return value
    except Exception:
        logger.warning("dashboard cache unreachable; computing the dashboard without it", exc_info=True)
        return None


def _bump(name: str = GENERATION_KEY) -> None:
    try:
        cache.incr(name)
    except ValueError:  # no generation yet (first use, or evicted): start a new one
        cache.add(name, time.time_ns(), None)
    except Exception:
        logger.warning("dashboard cache unreachable; its entries expire within %s s", TTL, exc_info=True)


def _bump_all() -> None:
    _bump(GENERATION_KEY)
    _bump(LIVE_GENERATION_KEY)


def bump_generation(*, live: bool = True) -> None:
    """Make every cached dashboard part stale once the current transaction commits (at once outside
    one); ``live=False`` (a compile) leaves today's live part, which reads no summary."""
    transaction.on_commit(_bump_all if live else _bump)


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
