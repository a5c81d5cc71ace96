"""Rows written by the hundred thousand (an organisation's principals, their memberships and
creation events): one executemany per table, with the values prepared once per column where
they are the same for every row. Django's bulk_create prepares every field of every row
through the ORM, which took most of the time of building a large organisation.

Only the service layer calls these, inside its transactions."""

from django.db import connections

from ..sandbox import forum_db


def preparer(model, attname: str):
    """A function of a value to what the database stores in `model`'s field `attname`."""
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    connection = connections[forum_db()]
    return lambda value: field.get_db_prep_save(value, connection)


def defaults(model, *, leaving_out=()) -> dict:
    """Every concrete field's default by attname but the id's and those `leaving_out`
    (a callable default such as a date joined is called once, for a whole batch)."""
    return {field.attname: field.get_default() for field in model._meta.concrete_fields
            if not field.primary_key and field.attname not in leaving_out}


def last_id(model) -> int:
    with connections[forum_db()].cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {_table(model)}")
        return cursor.fetchone()[0] or 0


def insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert `rows` (values in the order of `columns`, field attnames, ready for the
    database) into `model`'s table, in order."""
    if not rows:
        return
    connection = connections[forum_db()]
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(_field_name(model, c))
                                                .column) for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {_table(model)} ({names}) "
                           f"VALUES ({', '.join(['%s'] * len(columns))})", rows)


def ids_after(model, after: int, key: str, keys: list, *, where: tuple = ("", [])) -> list[int]:
    """The ids of the rows added after id `after` whose `key` column holds each of `keys`
    (distinct), in the order of `keys`: what an insert just gave them, read back by a key
    no other writer can add at the same time (a username, a principal's creation event).
    `where` narrows the rows read: (SQL condition, parameters)."""
    condition, parameters = where
    with connections[forum_db()].cursor() as cursor:
        cursor.execute(f"SELECT {key}, id FROM {_table(model)} WHERE id > %s"
                       f"{' AND ' + condition if condition else ''}", [after, *parameters])
        ids = dict(cursor.fetchall())
    return [ids[k] for k in keys]


def loaded(model, values: dict):
    """An instance of `model` with `values` (by attname, the id's included), as if read
    from the database."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(forum_db(), names, [values.get(name) for name in names])


def _table(model) -> str:
    return connections[forum_db()].ops.quote_name(model._meta.db_table)


def _field_name(model, attname: str) -> str:
    return next(f.name for f in model._meta.concrete_fields if f.attname == attname)
