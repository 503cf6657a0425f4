"""Hooks: a lower room tells a room above it that something happened, without importing it.

The room that owns the event declares a ``Hook`` beside its services (``reports.hooks.report_changed``)
and calls it where the event happens; a room above registers a function on it in its
``AppConfig.ready()`` (``reports.summary`` queues the recompile of the summaries a report feeds),
as apps add their probes to ``/healthz/`` with ``core.health.register_probe``.

Unlike a Django signal, a hook is declared in one place with a docstring saying when it is
called and with what, takes keyword arguments only, and an exception in a registered function
reaches the caller (inside its transaction), so nothing fails quietly.
"""

from collections.abc import Callable

HookFunction = Callable[..., object]


class Hook:
    """A named point where the functions registered by other rooms are called, in order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._functions: list[HookFunction] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._functions)} function(s)>"

    @property
    def functions(self) -> tuple[HookFunction, ...]:
        return tuple(self._functions)

    def register(self, function: HookFunction) -> None:
        """Call ``function(**kwargs)`` on every call of the hook; registering it again changes nothing."""
        if function not in self._functions:
            self._functions.append(function)

    def __call__(self, **kwargs: object) -> None:
        for function in self._functions:
            function(**kwargs)
