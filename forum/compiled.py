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

from django.db import connections, transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.db.models.sql.subqueries import InsertQuery

VENDORS = frozenset({"sqlite", "postgresql"})

_kept = threading.local()


def _statement(key: Hashable, using: str, compile_: Callable[[object], object]):
    """`compile_(connection)` once per thread, alias and vendor; None where not supported."""
    statements = _kept.__dict__.setdefault("statements", {})
    connection = connections[using]
    full_key = (key, using, connection.vendor)
    try:
        return statements[full_key]
    except KeyError:
        statement = compile_(connection) if connection.vendor in VENDORS else None
        statements[full_key] = statement
        return statement


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
        if (not connection.features.can_return_columns_from_insert
                or any(hasattr(field, "get_placeholder") for field in self.fields)):
            return None
        query = InsertQuery(self.model)
        query.insert_values(self.fields, [self.model()])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = self.returning
        [(sql, _params)] = compiler.as_sql()
        table = self.model._meta.db_table
        if compiler.get_converters([field.get_col(table) for field in self.returning]):
            return None
        return sql, compiler.returning_params

    def save(self, obj: Model, using: str) -> bool:
        """Insert `obj` (unsaved, its related objects saved) into `using` and set what the
        database returns on it; False (and nothing written) where this statement is not
        supported, for the caller to obj.save() instead. Signals listened to for the model
        are not skipped: then it is not supported either."""
        statement = _statement(self, using, self._compile)
        if statement is None or _listened(self.model):
            return False
        obj._prepare_related_fields_for_save(operation_name="save")  # as Model.save checks
        sql, returning_params = statement
        connection = connections[using]
        params = [field.get_db_prep_save(getattr(obj, field.attname), connection)
                  for field in self.fields]
        with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = connection.ops.fetch_returned_insert_columns(cursor, returning_params)
        for field, value in zip(self.returning, row):
            setattr(obj, field.attname, value)
        obj._state.adding = False
        obj._state.db = using
        return True


def _listened(model) -> bool:
    return pre_save.has_listeners(model) or post_save.has_listeners(model)
