"""Statements compiled once: the SQL Django writes for a query, kept per database and run
again with other parameters, for the few statements a run repeats hundreds of times (its
events' INSERT, the permission questions, the objects it looks up by name).

Django builds and compiles the statement (the queryset, or the model's insert, stays the
one definition of what is asked); what is kept is its SQL and where its parameters go.
Parameters are converted by the same field methods Django calls, so the rows written and
read are the same byte for byte. On a database vendor not tested here (anything but SQLite
and PostgreSQL), nothing is compiled and callers use the ORM as before.

The kept statements are per thread: a thread's connection for an alias is its own (sweeps
run threads with sandboxes of their own), and its converters are bound to it.
"""

import threading
from collections.abc import Callable, Hashable
from datetime import datetime
from datetime import timezone as dt_timezone

from django.core.exceptions import EmptyResultSet
from django.db import connections, router, transaction
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import NOT_PROVIDED, Model, QuerySet
from django.db.models.query import (FlatValuesListIterable, ModelIterable, ValuesListIterable,
                                    get_related_populators)
from django.db.models.signals import post_save, pre_save
from django.db.models.sql.subqueries import InsertQuery

VENDORS = frozenset({"sqlite", "postgresql"})

_kept = threading.local()


def _statement(key: Hashable, using: str, compile_: Callable[[object], object]):
    """`compile_(connection)` once per thread, alias and vendor; None where not supported."""
    statements = _kept.__dict__.setdefault("statements", {})
    connection = connections[using]
    full_key = (key, using, connection.vendor)
    kept = statements.get(full_key)
    if kept is None or kept[0] is not connection:
        compiled = compile_(connection) if connection.vendor in VENDORS else None
        kept = statements[full_key] = (connection, compiled)
    return kept[1]


class _Sql:
    """A statement's SQL as Django writes it, and on SQLite the same in sqlite3's own
    parameter style, converted once (as Django's SQLite cursor converts it on every call)."""

    def __init__(self, sql: str, connection):
        self.sql = sql
        self.qmark = (FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")
                      if connection.vendor == "sqlite" else None)

    def run(self, connection, params, consume: Callable):
        """consume(cursor) after running the statement with `params`. On SQLite, when no
        one watches the connection's queries (no execute_wrapper, no query log: the tests
        and benchmarks that count queries install one), the statement goes straight to
        sqlite3: Django's cursor rewrites each statement's parameter markers with a regular
        expression and wraps the call in three layers, a tenth of a run's time. Errors are
        Django's either way."""
        if self.qmark is None or connection.execute_wrappers or connection.queries_logged:
            with connection.cursor() as cursor:
                cursor.execute(self.sql, params)
                return consume(cursor)
        connection.ensure_connection()
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors:
            cursor = connection.connection.cursor()
            try:
                cursor.execute(self.qmark, params)
                return consume(cursor)
            finally:
                cursor.close()


class Insert:
    """One row of `model` inserted by one statement (INSERT ... RETURNING its id), as
    Model.save(force_insert=True) would insert it: same columns, same values."""

    def __init__(self, model: type[Model]):
        meta = model._meta
        self.model = model
        self.fields = [field for field in meta.local_concrete_fields
                       if field is not meta.auto_field and not field.generated]
        self.returning = meta.db_returning_fields

    def _compile(self, connection):
        meta = self.model._meta
        if (not connection.features.can_return_columns_from_insert or meta.parents
                or meta.auto_field is None or self.returning != [meta.auto_field]
                or any(hasattr(field, "get_placeholder") or field.db_default is not NOT_PROVIDED
                       for field in self.fields)):
            return None
        query = InsertQuery(self.model)
        query.insert_values(self.fields, [self.model()])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = self.returning
        [(sql, _params)] = compiler.as_sql()
        table = self.model._meta.db_table
        if compiler.get_converters([field.get_col(table) for field in self.returning]):
            return None
        return _Sql(sql, connection), compiler.returning_params

    def save(self, obj: Model, using: str) -> bool:
        """Insert `obj` (unsaved, its related objects saved) into `using` and set what the
        database returns on it; False (and nothing written) where this statement is not
        supported, for the caller to obj.save() instead. Signals listened to for the model
        are not skipped: then it is not supported either."""
        statement = _statement(self, using, self._compile)
        if statement is None or _listened(self.model) or obj.pk is not None:
            return False
        obj._prepare_related_fields_for_save(operation_name="save")  # as Model.save checks
        sql, returning_params = statement
        connection = connections[using]
        # What SQLInsertCompiler sends: each field's pre_save value, prepared for saving.
        params = [field.get_db_prep_save(field.pre_save(obj, True), connection)
                  for field in self.fields]
        with transaction.mark_for_rollback_on_error(using):
            row = sql.run(connection, params, lambda cursor: connection.ops
                          .fetch_returned_insert_columns(cursor, returning_params))
        for field, value in zip(self.returning, row):
            setattr(obj, field.attname, value)
        obj._state.adding = False
        obj._state.db = using
        return True


def _listened(model) -> bool:
    return pre_save.has_listeners(model) or post_save.has_listeners(model)


_inserts: dict[type, Insert] = {}


def create(model: type[Model], **values) -> Model:
    """model.objects.create(**values), by an INSERT compiled once (Insert)."""
    obj = model(**values)
    using = router.db_for_write(model)
    insert = _inserts.get(model) or _inserts.setdefault(model, Insert(model))
    if not insert.save(obj, using):
        obj.save(force_insert=True, using=using)
    return obj



MAX_GET_RESULTS = 21  # as QuerySet.get: enough to tell one from more than 20
EVERY_QUERY: list["Query"] = []  # for the test that each answers as its queryset does


class NotCompilable(Exception):
    """The queryset's SQL depends on its arguments in a way a kept statement cannot follow
    (a programming error: compiling says so the first time the query is asked)."""


class Query:
    """The queryset `build(*args)` makes, compiled once with marker arguments and run again
    with others. `kinds` says what each argument is: a model (an instance is passed; the
    SQL sees its pk), int, str or datetime (aware). `build` must make the same SQL whatever
    the arguments (no branching on them, no lists of varying length): compiling checks
    that, and finds where each argument lands among the parameters, by building it twice.
    Where the database is not supported, the ORM runs `build(*args)` as before."""

    def __init__(self, build: Callable[..., QuerySet], *kinds):
        self.build = build
        self.kinds = kinds
        self._model = None
        EVERY_QUERY.append(self)

    def exists(self, *args) -> bool:
        statement = self._statement("exists", args)
        if statement is None:
            return self.build(*args).exists()
        return statement.fetch(args, all_rows=False) is not None

    def get(self, *args):
        """The one model instance, or the model's DoesNotExist / MultipleObjectsReturned,
        with QuerySet.get()'s messages."""
        statement = self._statement("get", args)
        if statement is None:
            return self.build(*args).get()
        found = statement.objects(args)
        if len(found) == 1:
            return found[0]
        name = statement.model._meta.object_name
        if not found:
            raise statement.model.DoesNotExist(f"{name} matching query does not exist.")
        count = len(found) if len(found) < MAX_GET_RESULTS else f"more than {MAX_GET_RESULTS - 1}"
        raise statement.model.MultipleObjectsReturned(
            f"get() returned more than one {name} -- it returned {count}!")

    def objects(self, *args) -> list:
        """The model instances the queryset holds, as iterating over it makes them."""
        statement = self._statement("objects", args)
        if statement is None:
            return list(self.build(*args))
        return statement.objects(args)

    def rows(self, *args) -> list[tuple]:
        """The rows of a values_list() queryset, each a tuple (flat=True or not)."""
        statement = self._statement("rows", args)
        if statement is None:
            return [row if isinstance(row, tuple) else (row,) for row in self.build(*args)]
        return statement.rows(args)

    def _statement(self, mode: str, args) -> "_Statement | None":
        if self._model is None:
            self._model = self.build(*_markers(self.kinds, 0)).model
        if not all(_passable(kind, arg) for kind, arg in zip(self.kinds, args, strict=True)):
            return None  # the ORM says what it says of an unsaved instance or a naive time
        return _statement((self, mode), router.db_for_read(self._model),
                          lambda connection: _Statement.compile(self, mode, connection))


def _passable(kind, arg) -> bool:
    if kind is datetime:
        return isinstance(arg, datetime) and arg.tzinfo is not None
    if kind in (int, str):
        return type(arg) is kind
    return isinstance(arg, kind) and arg.pk is not None


def _markers(kinds, variant: int) -> list:
    """Arguments no real one equals, a different set for each `variant`."""
    markers = []
    for number, kind in enumerate(kinds, start=1):
        unique = 987_654_000 + 100 * variant + number
        if kind is int:
            markers.append(-unique)
        elif kind is str:
            markers.append(f"\x00marker-{unique}\x00")
        elif kind is datetime:
            markers.append(datetime(1901, 2, 3, 4, 5, variant, number, tzinfo=dt_timezone.utc))
        else:
            markers.append(kind(pk=-unique))
    return markers


def _value(arg):
    return arg.pk if isinstance(arg, Model) else arg


class _Statement:
    """One mode (exists, get, rows) of a Query, compiled for one connection."""

    def __init__(self, model, sql, params, slots, compiler, connection, known=()):
        self.model, self.sql, self.params, self.slots = model, _Sql(sql, connection), params, slots
        self.compiler, self.connection, self.known = compiler, connection, known
        fields = [column[0] for column in compiler.select[:compiler.col_count]]
        self.converters = compiler.get_converters(fields) if compiler.select else {}
        self.width = compiler.col_count if compiler.has_extra_select else None
        self.populate = _populators(compiler, connection.alias) if compiler.klass_info else None

    @classmethod
    def compile(cls, query: Query, mode: str, connection) -> "_Statement":
        markers = [_markers(query.kinds, variant) for variant in (0, 1)]
        built = [_compiled_sql(query.build(*arguments), mode, connection, arguments)
                 for arguments in markers]
        (sql, params, compiler, known), (other_sql, other_params, _, _) = built
        if sql != other_sql or len(params) != len(other_params):
            raise NotCompilable(f"the SQL of {query.build} changes with its arguments")
        slots = tuple((position, *_slot(value, markers[0], connection))
                      for position, (value, other) in enumerate(zip(params, other_params))
                      if value != other)
        if {index for _position, index, _convert in slots} != set(range(len(query.kinds))):
            raise NotCompilable(f"an argument of {query.build} is not a parameter of its SQL")
        return cls(query._model, sql, tuple(params), slots, compiler, connection, known)

    def fetch(self, args, *, all_rows: bool = True):
        params = list(self.params)
        for position, index, convert in self.slots:
            params[position] = convert(_value(args[index]))
        return self.sql.run(self.connection, params, lambda cursor: (
            cursor.fetchall() if all_rows else cursor.fetchone()))

    def rows(self, args) -> list[tuple]:
        rows = self.fetch(args)
        if self.width is not None:
            rows = [row[:self.width] for row in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [tuple(row) for row in rows]

    def objects(self, args) -> list:
        """Model instances as QuerySet iteration (ModelIterable) makes them."""
        model, init_list, start, end, related, annotations = self.populate
        found = []
        for row in self.rows(args):
            obj = model.from_db(self.connection.alias, init_list, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            for field, index in self.known:  # the instance a related manager was made from
                if not field.is_cached(obj) and getattr(obj, field.attname) == args[index].pk:
                    setattr(obj, field.name, args[index])
            found.append(obj)
        return found


def _populators(compiler, alias: str):
    """What ModelIterable reads off a compiled query to build instances from its rows."""
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    return (klass_info["model"], init_list, start, end,
            get_related_populators(klass_info, select, alias),
            tuple((compiler.annotation_col_map or {}).items()))


def _compiled_sql(queryset: QuerySet, mode: str, connection, markers):
    """(sql, params, compiler, known related objects) of `queryset` run as `mode`, as
    QuerySet.exists(), .get() and iteration compile it."""
    if queryset._prefetch_related_lookups or queryset.query.select_for_update:
        raise NotCompilable("prefetches and locks are not kept")
    iterable = queryset._iterable_class
    if mode == "exists":
        query = queryset.query.exists()
    elif mode in ("get", "objects"):
        if iterable is not ModelIterable:
            raise NotCompilable(f"{mode}() is for querysets of model instances")
        if mode == "get":
            queryset = (queryset.order_by() if queryset.query.can_filter()
                        and not queryset.query.distinct_fields else queryset._chain())
            queryset.query.set_limits(high=MAX_GET_RESULTS)
        query = queryset.query
    elif iterable in (ValuesListIterable, FlatValuesListIterable):
        query = queryset.query
    else:
        raise NotCompilable("rows() is for values_list() querysets")
    compiler = query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        raise NotCompilable("the queryset matches nothing whatever its arguments") from None
    return sql, params, compiler, _known_arguments(queryset, markers)


def _known_arguments(queryset, markers) -> tuple:
    """(field, argument index) of the objects a related manager's queryset knows (the
    thread of `thread.posts.all()`), which QuerySet iteration sets on the rows it makes."""
    known = []
    for field, objects in queryset._known_related_objects.items():
        index = [i for i, marker in enumerate(markers)
                 if any(marker is obj for obj in objects.values())]
        if len(objects) != 1 or len(index) != 1 or list(field.from_fields) != ["self"]:
            raise NotCompilable("a known related object that is not one argument")
        known.append((field, index[0]))
    return tuple(known)


def _slot(value, markers, connection) -> tuple[int, Callable]:
    """(which argument, how it is converted) for the parameter `value` of the marker SQL."""
    for index, marker in enumerate(markers):
        for convert in _conversions(marker, connection):
            converted = convert(_value(marker))
            if type(converted) is type(value) and converted == value:
                return index, convert
    raise NotCompilable(f"the parameter {value!r} is no argument, nor one converted as a "
                        "field would")


def _conversions(marker, connection) -> list[Callable]:
    if isinstance(marker, datetime):  # as DateTimeField.get_db_prep_value, for an aware time
        return [connection.ops.adapt_datetimefield_value]
    return [_same]


def _same(value):
    return value
