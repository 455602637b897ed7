"""The set-based INSERT of the daily job (not a model).

``create()`` costs about 1 to 2 ms a record for the records the daily job
makes by the thousand (its steps, their emails and chatter notes): defaults
and conversions record by record, HTML sanitizing, precomputations. The
job's flows write them with ``insert_rows``: the values completed as
``create()`` completes them, one INSERT a table. Its callers say what they
skip and why: ``debt.recovery.document._recovery_insert``,
``mail.message._recovery_insert``, ``mail.mail._recovery_insert``; tests
check the rows are those ``create()`` writes (tests/test_mail_bulk.py).
"""

from odoo import tools
from odoo.tools.float_utils import float_repr

# Columns set by the insert itself, not from the values.
LOG_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def insert_rows(model, values_list, raw_fields=()):
    """Insert one row per dict of ``values_list`` into ``model``'s table,
    and the rows of its many2many fields, in one query per table; returns
    the new records. The values are completed with the model's defaults
    (computed once for the batch); the fields of ``raw_fields`` are stored
    as given (no HTML sanitizing, see the module docstring). Stored computed
    fields are marked to compute and the constraints checked, as
    ``create()`` does."""
    if not values_list:
        return model.browse()
    env = model.env
    fields_ = [
        field
        for field in model._fields.values()
        if field.store
        and field.name != "id"
        and not (field.inherited or field.name in LOG_COLUMNS)
    ]
    columns = [f for f in fields_ if f.column_type]
    relations = [f for f in fields_ if f.type == "many2many"]
    defaults = model.default_get([f.name for f in fields_])
    now = env.cr.now()
    empty = model.browse()
    currencies = env["res.currency"]
    rows = []
    for values in values_list:
        values = {**defaults, **values}
        row = [env.uid, now, env.uid, now]
        for field in columns:
            value = values.get(field.name)
            if field.name in raw_fields:
                row.append(value or None)
            elif (
                field.type == "monetary"
                and field.name in values
                and isinstance(values.get(field.get_currency_field(model)), int)
            ):
                # As Monetary.convert_to_column_insert, without a new record
                # for each value to read the currency from.
                currency = currencies.browse(values[field.get_currency_field(model)])
                row.append(
                    float_repr(
                        currency.round(float(value or 0.0)), currency.decimal_places
                    )
                    if currency
                    else float(value or 0.0)
                )
            elif field.name in values:
                row.append(field.convert_to_column_insert(value, empty, values))
            else:
                row.append(None)
        rows.append(tuple(row))
    # One array a column, unnested: a parameter a column, not a value.
    types = ["int4", "timestamp", "int4", "timestamp"]
    types += [field.column_type[0] for field in columns]
    names = [*LOG_COLUMNS, *(f.name for f in columns)]
    env.cr.execute(
        tools.SQL(
            "INSERT INTO %s (%s) SELECT * FROM unnest(%s) RETURNING id",
            tools.SQL.identifier(model._table),
            tools.SQL(", ").join(tools.SQL.identifier(name) for name in names),
            tools.SQL(", ").join(
                tools.SQL("%s::%s[]", list(column), tools.SQL(column_type))
                for column, column_type in zip(
                    zip(*rows, strict=True), types, strict=True
                )
            ),
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    for field in relations:
        pairs = [
            (record_id, target_id)
            for record_id, values in zip(ids, values_list, strict=True)
            for target_id in _linked_ids(values.get(field.name))
        ]
        if pairs:
            env.cr.execute(
                tools.SQL(
                    "INSERT INTO %s (%s, %s) SELECT * FROM unnest(%s::int4[], "
                    "%s::int4[]) ON CONFLICT DO NOTHING",
                    tools.SQL.identifier(field.relation),
                    tools.SQL.identifier(field.column1),
                    tools.SQL.identifier(field.column2),
                    [pair[0] for pair in pairs],
                    [pair[1] for pair in pairs],
                )
            )
    records = model.browse(ids)
    # As BaseModel._create: what depends on these records is to recompute,
    # their own computed fields included, and the Python constraints of the
    # fields given are checked.
    records.modified(model._fields, create=True)
    for field in fields_:
        if field.compute and not any(field.name in v for v in values_list):
            env.add_to_compute(field, records)
    records._validate_fields({name for values in values_list for name in values})
    return records


def _linked_ids(commands):
    """The ids a many2many value links: plain ids, or ``Command.link`` /
    ``Command.set`` commands (the only ones the daily job gives)."""
    linked = []
    for command in commands or ():
        if isinstance(command, int):
            linked.append(command)
        elif command[0] == 4:
            linked.append(command[1])
        elif command[0] == 6:
            linked.extend(command[2])
        else:
            raise ValueError("unsupported many2many command %r" % (command,))
    return linked
