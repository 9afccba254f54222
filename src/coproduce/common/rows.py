"""Single-row reads and writes for the busiest paths, with the SQL written once per model.

The ORM builds a statement's SQL afresh on every call. For the lookups and inserts that run
on every ballot, building the SQL and the objects cost the web server more time than
PostgreSQL took to run them (ADR 0005, bench/README.md). These helpers keep the model the
one description of its table: the column lists come from the model's fields and are built
once per model, and values are converted by the fields' own methods in both directions, as
the ORM converts them. So a new column needs no change here, and SQLite and PostgreSQL both
work.

Only the `where` text is written by hand: about the model's own table alone, with `%s` for
each value.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Field, ForeignKey, Model, OneToOneRel

M = TypeVar("M", bound=Model)
# Django's converters take (value, expression, connection).
Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class _Table:
    """How a model's rows are read: its quoted columns and each column's converters."""

    model: type[Model]
    name: str
    columns: tuple[str, ...]
    attnames: tuple[str, ...]
    pk_at: int
    # For each column that needs any: its place, the expression the ORM would read it as,
    # and its converters.
    converters: tuple[tuple[int, Any, tuple[Converter, ...]], ...]

    def build(self, values: Sequence[Any]) -> Model:
        # Every concrete field, in the model's own order: from_db's fastest path.
        return self.model.from_db(
            connection.alias, self.attnames, _converted(values, self.converters)
        )


def _converted(
    values: Sequence[Any], converters: Sequence[tuple[int, Any, tuple[Converter, ...]]]
) -> list[Any]:
    converted = list(values)
    for at, column, each in converters:
        for converter in each:
            converted[at] = converter(converted[at], column, connection)
    return converted


def _converters_of(
    model: type[Model], fields: Sequence[Field[Any, Any]]
) -> tuple[tuple[int, Any, tuple[Converter, ...]], ...]:
    """For each field that needs any: its place, the expression the ORM would read it as,
    and the converters the ORM would apply."""
    found = []
    for at, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        each = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if each:
            found.append((at, column, tuple(each)))
    return tuple(found)


# Kept for the life of the process: the columns and converters depend on the model and the
# database vendor only (the converters read settings, never the connection they came from).
@functools.cache
def _table(model: type[Model], vendor: str) -> _Table:
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    return _Table(
        model=model,
        name=quote(model._meta.db_table),
        columns=tuple(quote(str(field.column)) for field in fields),
        attnames=tuple(field.attname for field in fields),
        pk_at=fields.index(model._meta.pk),
        converters=_converters_of(model, fields),
    )


def _join(model: type[Model], name: str, alias: str) -> tuple[_Table, str, str]:
    """The table joined for `name` (a foreign key, or the far side of a one-to-one) as
    `alias`, the ON condition, and the cache the related object goes in."""
    field = model._meta.get_field(name)
    here = _table(model, connection.vendor).name
    quote = connection.ops.quote_name
    if isinstance(field, ForeignKey):
        other = _table(field.related_model, connection.vendor)
        target = str(field.target_field.column)
        on = f"{alias}.{quote(target)} = {here}.{quote(str(field.column))}"
        return other, on, field.cache_name
    if isinstance(field, OneToOneRel):
        other = _table(field.related_model, connection.vendor)
        remote: Field[Any, Any] = field.field
        on = f"{alias}.{quote(str(remote.column))} = {here}.{quote(_pk_column(model))}"
        return other, on, field.cache_name
    raise ValueError(f"{model.__name__}.{name} is not a foreign key or a one-to-one")


def select(
    model: type[M], where: str, params: Sequence[Any], *, joined: Sequence[str] = ()
) -> list[M]:
    """The rows of `model` matching `where` (about that table alone), as model objects, with
    the objects of each relation in `joined` read in the same statement, as `select_related`
    does (a missing one is None)."""
    table = _table(model, connection.vendor)
    if not joined:
        sql = f"SELECT {', '.join(table.columns)} FROM {table.name} WHERE {where}"  # noqa: S608
        return [table.build(row) for row in _fetch(sql, params)]  # type: ignore[misc]
    joins = [_join(model, name, f"j{at}") for at, name in enumerate(joined)]
    columns = [f"{table.name}.{column}" for column in table.columns]
    tables = [
        # The filter runs on the table alone, so its columns need no table name.
        f"(SELECT * FROM {table.name} WHERE {where}) {table.name}"  # noqa: S608
    ]
    for at, (other, on, _cache) in enumerate(joins):
        columns += [f"j{at}.{column}" for column in other.columns]
        tables.append(f"LEFT JOIN {other.name} j{at} ON {on}")
    found = []
    for row in _fetch(f"SELECT {', '.join(columns)} FROM {' '.join(tables)}", params):  # noqa: S608
        instance = table.build(row[: len(table.columns)])
        start = len(table.columns)
        for other, _on, cache in joins:
            part = row[start : start + len(other.columns)]
            start += len(other.columns)
            missing = part[other.pk_at] is None
            instance._state.fields_cache[cache] = None if missing else other.build(part)
        found.append(instance)
    return found  # type: ignore[return-value]


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def select_one(
    model: type[M], where: str, params: Sequence[Any], *, joined: Sequence[str] = ()
) -> M | None:
    """The one row a unique lookup finds, or None."""
    found = select(model, where, params, joined=joined)
    return found[0] if found else None


@functools.cache
def _values_of(
    model: type[Model], names: tuple[str, ...], vendor: str
) -> tuple[str, tuple[tuple[int, Any, tuple[Converter, ...]], ...]]:
    """The SELECT list for these fields, and their converters."""
    fields = [_field(model, name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    select_from = f"SELECT {columns} FROM {_table(model, vendor).name}"  # noqa: S608
    return select_from, _converters_of(model, fields)


def values(
    model: type[Model], names: Sequence[str], where: str, params: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """The named fields of the rows matching `where`, as tuples of Python values."""
    select_from, converters = _values_of(model, tuple(names), connection.vendor)
    found = _fetch(f"{select_from} WHERE {where}", params)
    if not converters:
        return found
    return [tuple(_converted(row, converters)) for row in found]


def exists(model: type[Model], where: str, params: Sequence[Any]) -> bool:
    table = _table(model, connection.vendor).name
    return bool(_fetch(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1", params))  # noqa: S608


def _pk_column(model: type[Model]) -> str:
    pk = model._meta.pk
    assert pk is not None and pk.column is not None
    return pk.column


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


@functools.cache
def _insert_sql(
    model: type[Model], vendor: str, returning: bool
) -> tuple[str, tuple[Field[Any, Any], ...]]:
    quote = connection.ops.quote_name
    pk = model._meta.pk
    fields = tuple(field for field in model._meta.concrete_fields if field is not pk)
    marks = ", ".join(["%s"] * len(fields))
    columns = ", ".join(quote(str(field.column)) for field in fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    if returning:
        sql += f" RETURNING {quote(_pk_column(model))}"
    return sql, fields


def insert(instance: Model) -> None:
    """Insert a new object, as `save()` would (defaults, `auto_now_add`), and set its key.
    No signals are sent: use it only for models nothing listens to."""
    model = type(instance)
    returning = bool(connection.features.can_return_columns_from_insert)
    sql, fields = _insert_sql(model, connection.vendor, returning)
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            instance.pk = cursor.fetchone()[0]
        else:
            instance.pk = connection.ops.last_insert_id(
                cursor, model._meta.db_table, _pk_column(model)
            )
    instance._state.adding = False
    instance._state.db = connection.alias


def _set(model: type[Model], values: dict[str, Any]) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    fields = [_field(model, name) for name in values]
    sets = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values.values(), strict=True)
    ]
    return sets, params


def update(model: type[Model], pk: Any, **values: Any) -> None:
    """Set fields of one row by its key."""
    sets, params = _set(model, values)
    table = _table(model, connection.vendor).name
    pk_column = connection.ops.quote_name(_pk_column(model))
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {sets} WHERE {pk_column} = %s", [*params, pk])  # noqa: S608


def update_returning(
    model: type[M], values: dict[str, Any], where: str, params: Sequence[Any]
) -> list[M]:
    """Set fields of the rows matching `where` and give those rows as they are now: one
    statement that finds, locks and changes them."""
    sets, set_params = _set(model, values)
    table = _table(model, connection.vendor)
    sql = (
        f"UPDATE {table.name} SET {sets} WHERE {where} "  # noqa: S608
        f"RETURNING {', '.join(table.columns)}"
    )
    return [table.build(row) for row in _fetch(sql, [*set_params, *params])]  # type: ignore[misc]
