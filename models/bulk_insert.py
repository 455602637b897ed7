"""The set-based INSERT of the daily job (not a model), and the switch
between it and Odoo's own path.

``create()`` costs about 1 to 2 ms a record for the records the daily job
makes by the thousand (its steps and their emails with their messages):
defaults and conversions record by record, HTML sanitizing repeated for each
record, precomputations. The job's flows write them with ``insert_rows``:
the values completed as ``create()`` completes them, one INSERT a table. It
serves three models only, whose callers say what ``create()`` does beside
the INSERT and how they do it too: ``debt.recovery.document._recovery_insert``
(the steps: numbering, companies, history guards, followers, creation log),
``mail.mail._recovery_insert`` and ``mail.message._recovery_insert``. Tests
compare the rows with those Odoo's own path writes, with mail features on
(tests/test_mail_bulk.py).

The system parameter ``l10n_fr_debt_recovery.fast_path`` ("1" by default,
data/ir_config_parameter_data.xml) set to "0" sends every one of these
callers through Odoo's own path (``create``, ``mail.template.send_mail_batch``,
``_message_log_batch``): the way to rule the fast path out when something
looks wrong. A model whose ``create()`` another module overrides goes through
``create()`` on its own (``fast_path``): the insert cannot know what that
override does.
"""

import functools
import logging

from markupsafe import Markup

from odoo import tools
from odoo.tools.float_utils import float_repr

_logger = logging.getLogger(__name__)

FAST_PATH_PARAM = "l10n_fr_debt_recovery.fast_path"

#: The modules whose ``create()`` of the served models the callers of
#: ``insert_rows`` do as well (the ORM's, mail's and this addon's). Another
#: module overriding it sends that model through ``create()``.
KNOWN_CREATE_MODULES = frozenset({"base", "mail", "l10n_fr_debt_recovery"})
#: Overrides of other modules known to do nothing with the values the daily
#: job gives: mass_mailing's ``create()`` of ``mail.mail`` only links the
#: mailing traces given in the values (the job gives none).
KNOWN_CREATE_OVERRIDES = {"mail.mail": frozenset({"mass_mailing"})}

#: The models whose ``create()`` the callers of ``insert_rows`` complete (see
#: the module docstring): any other model is refused, its ``create()`` may do
#: what no caller here knows of.
SERVED_MODELS = ("debt.recovery.action", "mail.mail", "mail.message")

# Columns set by the insert itself, not from the values.
LOG_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def fast_path(env, *model_names):
    """Whether the daily job writes its records of ``model_names``
    set-based: the system parameter ``l10n_fr_debt_recovery.fast_path`` is
    on (unless "0" or "False"), and no other module overrides ``create()``
    of these models (what it does, the insert would silently skip)."""
    value = env["ir.config_parameter"].sudo().get_param(FAST_PATH_PARAM, "1")
    if (value or "").strip().lower() in ("0", "false", "no", "off"):
        return False
    return not any(foreign_create_modules(type(env[name])) for name in model_names)


@functools.cache
def foreign_create_modules(model_class):
    """The modules other than ``KNOWN_CREATE_MODULES`` that override
    ``create()`` of ``model_class`` (a registry's class: once per registry,
    logged when there are some)."""
    known = KNOWN_CREATE_MODULES | KNOWN_CREATE_OVERRIDES.get(
        model_class._name, frozenset()
    )
    modules = sorted(
        {
            cls._module
            for cls in model_class.__mro__
            if "create" in vars(cls)
            and getattr(cls, "_module", None)
            and cls._module not in known
        }
    )
    if modules:
        _logger.warning(
            "Debt recovery: create() of %s is overridden by %s: the daily job "
            "creates these records through Odoo's own path, not set-based.",
            model_class._name,
            ", ".join(modules),
        )
    return tuple(modules)


def insert_rows(model, values_list):
    """Insert one row per dict of ``values_list`` into ``model``'s table,
    and the rows of its many2many fields, in one query per table; returns
    the new records.

    Only for the models of ``SERVED_MODELS``, through their callers, which do
    what ``create()`` does beside its INSERT. Here, as ``create()``: the
    model's access right is checked first; the values are completed with the
    model's defaults (computed once for the batch) and converted as the
    fields convert them, an HTML body sanitized with its field's options
    once per distinct body; the stored computed fields are marked to
    compute, the Python constraints checked, and the record rules checked on
    the new rows (``check_access('create')``)."""
    if model._name not in SERVED_MODELS:
        raise ValueError(
            "insert_rows serves %s only (their callers do what create() does "
            "beside the INSERT); use create() for %s"
            % (", ".join(SERVED_MODELS), model._name)
        )
    if not values_list:
        return model.browse()
    model.browse().check_access("create")
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
    # The sanitizer is most of create()'s cost: each distinct body once (a
    # batch repeats the same note texts).
    html_cache = {}
    rows = []
    for values in values_list:
        values = {**defaults, **values}
        row = [env.uid, now, env.uid, now]
        for field in columns:
            value = values.get(field.name)
            if (
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
            elif field.type == "html" and field.name in values:
                key = (field.name, value)
                if key not in html_cache:
                    html_cache[key] = field.convert_to_column_insert(
                        value, empty, values
                    )
                row.append(html_cache[key])
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
    # their own computed fields included, the Python constraints of the
    # fields given are checked, then the record rules on the new rows.
    records.modified(model._fields, create=True)
    for field in fields_:
        if field.compute and not any(field.name in v for v in values_list):
            env.add_to_compute(field, records)
    records._validate_fields({name for values in values_list for name in values})
    records.check_access("create")
    return records


def message_body_sanitizer(env):
    """A function sanitizing a body as ``mail.message.create`` sanitizes
    its ``body`` (the options of that field), each distinct body once: for
    the bodies stored beside a message (an email's ``body_html``, a text
    field that Odoo stores as rendered). A template's own sanitizer keeps
    the dynamic attributes (``t-att-onerror``) that render a customer's
    name into an event handler."""
    field = env["mail.message"]._fields["body"]
    empty = env["mail.message"].browse()
    cache = {}

    def sanitize(value):
        if not value:
            return value
        if value not in cache:
            cache[value] = Markup(field.convert_to_column(value, empty) or "")
        return cache[value]

    return sanitize


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
