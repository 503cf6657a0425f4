"""ORM queries compiled to SQL once per process, then re-run with new parameters.

Building a Django query (resolving joins, ``FilteredRelation`` conditions, annotations, then
compiling to SQL) costs about a millisecond of Python for the summary's aggregate — as much as
PostgreSQL takes to run it over a district. A hot query whose *shape* never changes (only its
values do) can be built once with stand-in values, compiled, and its SQL re-run with the real
values in the stand-ins' places, as SQLAlchemy's compiled cache does. The SQL still comes from
the ORM and the models (the same on SQLite and PostgreSQL); only the repeated building is saved.

Stand-ins must be values that cannot occur in the query by themselves (``StandIn`` makes them:
a date in year 1, an impossible negative id, a string with a NUL); the compile checks each one
appears among the parameters, so a query whose shape hides a value refuses to be cached.
"""

import datetime
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet


class StandIn:
    """Stand-in values for the parameters of a compiled query, one per kind of value."""

    @staticmethod
    def date(n: int) -> datetime.date:
        return datetime.date(1, 1, n)

    @staticmethod
    def id(n: int) -> int:
        return -(2**31) + n

    @staticmethod
    def text(n: int) -> str:
        return f"\x00stand-in-{n}"


class CompiledQuery:
    """``build(**values) -> QuerySet`` compiled once per database alias with ``stand_ins``;
    ``rows(**values)`` runs its SQL with ``values`` and returns the rows as tuples (the
    ``values_list`` of the queryset, without model converters: use it for aggregates of plain
    columns, whose types the database driver returns as the ORM would)."""

    def __init__(self, build: Callable[..., QuerySet], **stand_ins: Any) -> None:
        self.build = build
        self.stand_ins = stand_ins
        self._compiled: dict[str, tuple[str, list, list]] = {}
        self._lock = threading.Lock()

    def _adapt(self, connection: Any, value: Any) -> Any:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return connection.ops.adapt_datefield_value(value)
        return value

    def compile(self, using: str = "default") -> tuple[str, list, list]:
        """The SQL; per parameter ``("value", name)`` or ``("constant", value)``; per column its converters."""
        compiled = self._compiled.get(using)
        if compiled is not None:
            return compiled
        with self._lock:
            connection = connections[using]
            compiler = self.build(**self.stand_ins).query.get_compiler(using)
            sql, params = compiler.as_sql()
            names = {self._adapt(connection, v): name for name, v in self.stand_ins.items()}
            if len(names) != len(self.stand_ins):
                raise ValueError("every stand-in must be a distinct value")
            slots: list[tuple[str, Any]] = []
            seen: set[str] = set()
            for param in params:
                name = names.get(param) if isinstance(param, (int, str, datetime.date)) else None
                if name is not None:
                    slots.append(("value", name))
                    seen.add(name)
                else:
                    slots.append(("constant", param))
            missing = set(self.stand_ins) - seen
            if missing:
                raise ValueError(f"stand-ins not found among the query's parameters: {sorted(missing)}")
            # The ORM's converters of each column (datetimes and booleans on SQLite, Decimal sums).
            columns = [column[0] for column in compiler.select[: compiler.col_count]]
            converters = [(pos, fns, expr) for pos, (fns, expr) in compiler.get_converters(columns).items()]
            self._compiled[using] = (sql, slots, converters)
            return self._compiled[using]

    def rows(self, using: str = "default", **values: Any) -> list[tuple]:
        """The query's rows for ``values``, as ``values_list`` would return them."""
        if set(values) != set(self.stand_ins):
            raise TypeError(f"expected values for {sorted(self.stand_ins)}")
        sql, slots, converters = self.compile(using)
        connection = connections[using]
        params = [self._adapt(connection, values[v]) if kind == "value" else v for kind, v in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows: list[tuple] = cursor.fetchall()
        if not converters:
            return rows
        result = []
        for stored in rows:
            row = list(stored)
            for pos, fns, expression in converters:
                value = row[pos]
                for fn in fns:
                    value = fn(value, expression, connection)
                row[pos] = value
            result.append(tuple(row))
        return result
