"""Fixed-shape ORM queries compiled to SQL once per process, then run with new arguments.

Django turns a QuerySet into SQL every time it runs it. For a small lookup by id that costs
more than the query itself: 0.3 ms of a 0.4 ms read on a 2-core server, and a case page makes a
dozen such lookups on every opening. `PreparedQuery` builds its QuerySet once with a marker
value in place of each argument, keeps the SQL, and later swaps the markers for the real
values. Rows come back as model instances through the same converters a QuerySet applies (field
decryption, time zones, JSON) and `Model.from_db`.

Limits, checked when the SQL is first built: every argument must reach the SQL as one plain
parameter (an equality filter, not `__in` or `__contains`), and the QuerySet must not use
`select_related` (a raw query maps columns by name, so joined tables' columns would clash):
annotate the few joined values a page needs instead (they arrive as attributes, unconverted,
so keep them to text and numbers). `paged=True` leaves LIMIT and OFFSET to each call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# Values no real id takes; each argument position has its own, in two sets.
_MARKERS = tuple(-7_318_004_001 - position for position in range(8))
_OTHER_MARKERS = tuple(-6_204_117_001 - position for position in range(8))


def _position(value: Any, markers: tuple[int, ...]) -> int | None:
    """Which argument `value` stands for (as the number or its text), if any."""
    for position, marker in enumerate(markers):
        if value == marker or value == str(marker):
            return position
    return None


class PreparedQueryError(Exception):
    """The QuerySet's shape cannot be prepared (see the module's limits)."""


@dataclass(frozen=True)
class _Compiled(Generic[M]):
    model: type[M]
    sql: str
    annotations: frozenset[str]
    # For each SQL parameter: the argument it takes (None: a fixed value), and whether as text.
    slots: tuple[tuple[int | None, Any, bool], ...]


class PreparedQuery(Generic[M]):
    def __init__(
        self, build: Callable[..., QuerySet[M]], arity: int = 1, *, paged: bool = False
    ) -> None:
        if not 0 <= arity <= len(_MARKERS):
            raise PreparedQueryError(f"arity must be 0 to {len(_MARKERS)}")
        self._build = build
        self._arity = arity
        self._paged = paged
        self._compiled: dict[str, _Compiled[M]] = {}  # by database alias
        self._readers: dict[str, _Reader[M]] = {}

    def queryset(self, *args: Any) -> QuerySet[M]:
        """The QuerySet these arguments build: what a call returns, as the ORM would run it
        (the tests compare the two)."""
        return self._build(*args)

    def _compile(self, alias: str) -> _Compiled[M]:
        # Built twice, with two sets of markers: a parameter that changes with the markers
        # but is not one of them (a marker + 1, a list of markers) could not be swapped.
        first = self._sql(alias, _MARKERS)
        second = self._sql(alias, _OTHER_MARKERS)
        if first[1:3] != second[1:3] or len(first[3]) != len(second[3]):
            raise PreparedQueryError("the SQL itself changes with the arguments")
        slots: list[tuple[int | None, Any, bool]] = []
        for value, other in zip(first[3], second[3], strict=True):
            if value == other:
                slots.append((None, value, False))
                continue
            position = _position(value, _MARKERS[: self._arity])
            if position is None or _position(other, _OTHER_MARKERS[: self._arity]) != position:
                raise PreparedQueryError("an argument did not reach the SQL as a plain parameter")
            slots.append((position, None, isinstance(value, str)))
        if len({slot[0] for slot in slots} - {None}) != self._arity:
            raise PreparedQueryError("an argument did not reach the SQL as a plain parameter")
        sql = f"{first[1]} LIMIT %s OFFSET %s" if self._paged else first[1]
        return _Compiled(first[0], sql, first[2], tuple(slots))

    def _sql(
        self, alias: str, markers: tuple[int, ...]
    ) -> tuple[type[M], str, frozenset[str], tuple[Any, ...]]:
        queryset = self._build(*markers[: self._arity]).using(alias)
        query = queryset.query
        if query.select_related:
            raise PreparedQueryError("select_related cannot be prepared; annotate what you need")
        if self._paged and query.is_sliced:
            raise PreparedQueryError("a paged query is sliced by each call, not by the QuerySet")
        sql, params = query.sql_with_params()
        return queryset.model, sql, frozenset(query.annotation_select), tuple(params)

    def __call__(
        self,
        *args: Any,
        limit: int | None = None,
        offset: int = 0,
        using: str = DEFAULT_DB_ALIAS,
    ) -> list[M]:
        if len(args) != self._arity:
            raise TypeError(f"expected {self._arity} argument(s), got {len(args)}")
        if self._paged != (limit is not None):
            raise TypeError("a paged query needs limit=, and only a paged query takes it")
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        params = [
            fixed if position is None else (str(args[position]) if as_text else args[position])
            for position, fixed, as_text in compiled.slots
        ]
        if limit is not None:
            params += [int(limit), int(offset)]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
            reader = self._readers.get(using)
            if reader is None:
                columns = [column[0] for column in cursor.description or ()]
                reader = self._readers[using] = _Reader.for_columns(compiled, columns, using)
        return reader.models(rows)


@dataclass(frozen=True)
class _Reader(Generic[M]):
    """Turns the rows of one prepared SQL into model instances, as a QuerySet would: each
    field's value through its converters (decryption, time zone, JSON), then Model.from_db;
    annotations after the fields, as attributes."""

    model: type[M]
    alias: str
    attnames: list[str]
    annotations: list[str]
    compiler: SQLCompiler
    converters: dict[int, Any]

    @classmethod
    def for_columns(cls, compiled: _Compiled[M], columns: list[str], alias: str) -> _Reader[M]:
        model = compiled.model
        by_column = {field.column: field for field in model._meta.concrete_fields}
        fields = [by_column[column] for column in columns if column in by_column]
        annotations = columns[len(fields) :]
        if columns[: len(fields)] != [field.column for field in fields] or not set(
            annotations
        ) <= set(compiled.annotations):
            raise PreparedQueryError(f"columns that are not the model's fields: {columns}")
        connection = connections[alias]
        compiler = connection.ops.compiler("SQLCompiler")(Query(model), connection, alias)
        converters = compiler.get_converters([f.get_col(model._meta.db_table) for f in fields])
        attnames = [field.attname for field in fields]
        return cls(model, alias, attnames, annotations, compiler, converters)

    def models(self, rows: list[Any]) -> list[M]:
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        width = len(self.attnames)
        found = []
        for row in rows:
            instance = self.model.from_db(self.alias, self.attnames, row[:width])
            for name, value in zip(self.annotations, row[width:], strict=True):
                setattr(instance, name, value)
            found.append(instance)
        return found
