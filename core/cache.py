"""A Redis cache whose outage costs speed only, never a request.

Everything the portal keeps in the cache can be lost: throttle counters (a client gets a fresh
allowance), the dashboard's rendered parts (recomputed), the generation number (a new one).
Django's ``RedisCache`` raises when Redis is unreachable, and a 500 at ``POST
/api/v1/auth/token/`` (whose throttle reads the cache) is the result. This backend answers like an
empty cache that forgets what it is told while Redis is down: reads miss, writes are dropped,
``incr`` says the key is missing. After a failure it does not try Redis again for
``RETRY_AFTER`` seconds (a circuit breaker), so an outage does not add a connect timeout to every
request; the short socket timeouts in ``config/settings.py`` bound the first one. One warning is
logged per outage, and one line when Redis answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds without trying Redis after a failure


class ForgivingRedisCache(RedisCache):
    """``RedisCache`` that degrades to a forgetful empty cache while Redis is unreachable."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0
        self._down = False
        self._lock = threading.Lock()

    def _call(self, what: str, fallback: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._down and time.monotonic() < self._down_until:
            return fallback
        try:
            result = fn(*args, **kwargs)
        except ValueError:
            raise  # incr/decr of a missing key: the caller's business, not an outage
        except Exception as exc:  # noqa: BLE001 - redis' connection and timeout errors, whatever the client version
            with self._lock:
                if not self._down:
                    logger.warning("cache unreachable (%s on %s); going on without it", exc.__class__.__name__, what)
                self._down = True
                self._down_until = time.monotonic() + RETRY_AFTER
            return fallback
        if self._down:
            with self._lock:
                if self._down:
                    logger.warning("cache reachable again")
                self._down = False
        return result

    @property
    def is_down(self) -> bool:
        return self._down and time.monotonic() < self._down_until

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call("get", default, super().get, key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key: Any, delta: Any = 1, version: Any = None) -> Any:
        result = self._call("incr", None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unreachable)")
        return result

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self) -> Any:
        return self._call("clear", False, super().clear)
