import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_list

from ..tools import evidence, pdf_batch
from ..tools import frozen_fields as evidence_table
from .bulk_insert import fast_path, insert_rows

_logger = logging.getLogger(__name__)

# The addon's groups (security/debt_recovery_security.xml), named once.
USER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_user"
MANAGER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_manager"
OVERRIDE_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_sale_override"

#: Context key of the addon's own flows (action methods, daily job, worklist,
#: maintenance): only under it do the states, the fields the flows set and the
#: frozen fields of the recovery records change. See ``_recovery_flow()``.
FLOW_CONTEXT_KEY = "debt_recovery_flow"


class _RecoveryFlow:
    """The value of ``FLOW_CONTEXT_KEY``. A class, not a string or a boolean:
    a context sent by a client is JSON and can never hold it, so a forged
    ``{"debt_recovery_flow": true}`` opens nothing; only the addon's server
    code opens a flow."""


def in_recovery_flow(env):
    """Whether ``env`` is one of the addon's own flows."""
    return env.context.get(FLOW_CONTEXT_KEY) is _RecoveryFlow


class DebtRecoveryDocument(models.AbstractModel):
    """What the recovery records (steps, formal notices, litigation files,
    installment plans) share: a reference from their sequence, a company, a
    customer and a responsible, followed in the chatter."""

    _name = "debt.recovery.document"
    _description = "Debt Recovery Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    #: XML id of the window action listing the records of the model.
    _recovery_window_action = None
    #: XML id of the py3o report of the record's letter, when it has one.
    _recovery_letter_report = None

    # What was sent stays sent. Each model lists, in one place:
    #: the states a record may be created in outside the addon's flows;
    _recovery_create_states = ("draft",)
    #: the states in which it is history (see ``_recovery_history_records()``);
    _recovery_history_states = ()
    #: the states in which it may still be deleted (outside them it is
    #: cancelled with a reason, never deleted);
    _recovery_deletable_states = ("draft",)
    #: the fields only the addon's flows write and those frozen, per state,
    #: are in ONE table for every model: tools/frozen_fields.py.

    # The states of a record, named once, in the model's own file: other
    # files use these names, never the state values.
    #: the states in which the record is in progress (not over);
    OPEN_STATES = ()
    #: the states in which it holds its invoices: the daily job does not move
    #: them up the ladder (see ``_recovery_invoice_hold_sql()``).
    HOLD_STATES = ()

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # ---- Currency ----
    # A record is in the currency of its invoices (a step, a notice, a plan
    # or a file covers invoices of one currency: the daily job makes one step
    # per currency); the company's currency when it has no invoice (or, by
    # mistake, several currencies: the plans refuse it).
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
        readonly=True,
    )
    # The fixed indemnity for recovery costs is set in euros by law (C. com.
    # D441-5): it is kept in the company's currency (the setting's), never
    # converted nor added to an amount in another currency.
    indemnity_currency_id = fields.Many2one(
        "res.currency",
        string="Indemnity currency",
        related="company_id.currency_id",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )

    def _recovery_company_lang(self):
        """These records in their company's language: the notes, activities
        and messages the addon writes about them (for the company's staff,
        whoever clicked) are in the company's language, with its date and
        number formats; the errors shown to a user stay in the user's."""
        lang = self.company_id[:1].partner_id.lang
        return self.with_context(lang=lang) if lang else self

    @api.depends("company_id", "invoice_ids.currency_id")
    def _compute_currency_id(self):
        for record in self:
            currencies = record.invoice_ids.currency_id
            record.currency_id = (
                currencies if len(currencies) == 1 else record.company_id.currency_id
            )

    @api.model
    def _recovery_invoice_hold_sql(self, alias):
        """SQL condition: the invoice ``account_move`` aliased ``alias`` is
        held by a record of this model in one of its ``HOLD_STATES`` (through
        the relation table of its ``invoice_ids``). The caller flushes the
        model's ``state`` and ``invoice_ids`` before running it."""
        if not self.HOLD_STATES:
            return SQL("FALSE")
        field = self._fields["invoice_ids"]
        return SQL(
            """EXISTS (
                SELECT 1 FROM %(relation)s hold_rel
                  JOIN %(table)s hold ON hold.id = %(record)s
                 WHERE %(invoice)s = %(move)s AND hold.state IN %(states)s)""",
            relation=SQL.identifier(field.relation),
            table=SQL.identifier(self._table),
            record=SQL.identifier("hold_rel", field.column1),
            invoice=SQL.identifier("hold_rel", field.column2),
            move=SQL.identifier(alias, "id"),
            states=self.HOLD_STATES,
        )

    def _recovery_check_one_currency(self):
        """A step or a litigation file claims one currency (its amounts are
        in it): refuse invoices in several currencies."""
        for record in self:
            currencies = record.invoice_ids.currency_id
            if len(currencies) > 1:
                raise ValidationError(
                    self.env._(
                        "%(record)s covers invoices in %(currencies)s, while a "
                        "recovery step or litigation file claims one currency: split "
                        "the invoices by currency.",
                        record=record.display_name,
                        currencies=format_list(self.env, currencies.mapped("name")),
                    )
                )

    def _recovery_indemnity_in_total(self):
        """The indemnity is added to the record's total only when both are in
        the same currency (euros); otherwise it is claimed beside it."""
        self.ensure_one()
        return self.currency_id == self.indemnity_currency_id

    @api.model_create_multi
    def create(self, vals_list):
        self._recovery_assign_names(vals_list)
        records = super().create(vals_list)
        records._recovery_check_create()
        return records

    @api.model
    def _recovery_insert(self, vals_list):
        """Create the records of ``vals_list`` for a flow that makes hundreds
        at once (the daily job's steps). Set-based (``insert_rows``, one
        INSERT a table, the computed fields computed together on flush), with
        what ``create()`` does around its INSERT: access rights and record
        rules, numbering, companies, the history guards, and what
        ``mail.thread`` does for the context given (followers, creation log,
        tracking templates: ``_recovery_thread_after_insert``).

        With ``create()`` itself when the fast path is off
        (models/bulk_insert.py), or when the model posts a message with a
        subtype at creation (a notification the insert does not send)."""
        if not fast_path(self.env, self._name) or (
            not self.env.context.get("tracking_disable")
            and not self.env.context.get("mail_create_nolog")
            and self._creation_subtype()
        ):
            return self.create(vals_list)
        self.check_access("create")
        self._recovery_assign_names(vals_list)
        records = insert_rows(self, vals_list)
        records._check_company()
        records._recovery_check_create()
        records._recovery_thread_after_insert(vals_list)
        return records

    def _recovery_thread_after_insert(self, vals_list):
        """What ``mail.thread.create`` does after its INSERT, for these
        records inserted set-based from ``vals_list``, under the same context
        keys: nothing under ``tracking_disable``; otherwise the creator
        follows them (unless ``mail_create_nosubscribe``, or the creator is
        inactive, as the superuser of a scheduled action), the
        auto-subscription (``_message_auto_subscribe``) once per group of
        records with the same values it reads, the creation note (unless
        ``mail_create_nolog``) in one INSERT, and the tracking templates of
        the tracked fields given (unless ``mail_notrack``)."""
        context = self.env.context
        if not self or context.get("tracking_disable"):
            return
        if not context.get("mail_create_nosubscribe") and self.env.user.active:
            self.env["mail.followers"]._insert_followers(
                self._name,
                self.ids,
                self.env.user.partner_id.ids,
                subtypes=None,
                customer_ids=[],
                check_existing=False,
            )
        defaults = {
            key[8:]: value
            for key, value in context.items()
            if key.startswith("default_")
        }
        create_values = [{**defaults, **vals} for vals in vals_list]
        # The auto-subscription reads the responsible (``user_id``) and the
        # fields whose followers' subtypes propagate to these records.
        relations = self.env["mail.message.subtype"]._get_auto_subscription_subtypes(
            self._name
        )[4]
        read = sorted({"user_id", *(f for names in relations.values() for f in names)})
        groups = defaultdict(list)
        for record, values in zip(self, create_values, strict=True):
            groups[tuple(values.get(name) for name in read)].append(record.id)
        for key, ids in groups.items():
            self.browse(ids)._message_auto_subscribe(
                dict(zip(read, key, strict=True)), followers_existing_policy="update"
            )
        if not context.get("mail_create_nolog"):
            self.env["mail.message"]._recovery_log_notes(
                self, {record.id: record._creation_message() for record in self}
            )
        if not context.get("mail_notrack"):
            tracked = self._track_get_fields()
            precommit = self.env.cr.precommit
            for record, values in zip(self, create_values, strict=True):
                changes = [name for name in tracked if values.get(name)]
                if changes:
                    precommit.add(record._track_post_template_finalize)
                    precommit.data.setdefault(
                        f"mail.tracking.create.{self._name}.{record.id}", changes
                    )

    @api.model
    def _recovery_assign_names(self, vals_list):
        """Number the records about to be created that have no name yet."""
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if not unnamed:
            return
        # The sequence (its code is the model's name) is looked up once
        # for the batch: next_by_code searches it again for each number.
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", self._name),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        for vals, name in zip(
            unnamed, self._recovery_next_names(sequence, len(unnamed)), strict=True
        ):
            vals["name"] = name

    @api.model
    def _recovery_next_names(self, sequence, count):
        """``count`` numbers of ``sequence``, in one query for a standard
        sequence without date ranges (a daily job's batch numbers hundreds
        of steps: ``ir.sequence._next`` asks PostgreSQL once for each);
        one by one otherwise (no-gap sequences, date ranges)."""
        if not sequence:
            return ["/"] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _index in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                "ir_sequence_%03d" % sequence.id,
                count,
            )
        )
        # As ir.sequence.get_next_char, the prefix and suffix interpolated
        # once for the batch.
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            "%s%0*d%s" % (prefix, sequence.padding, number, suffix)
            for number in sorted(row[0] for row in self.env.cr.fetchall())
        ]

    def write(self, vals):
        """Every write of a recovery record, in this order:

        1. the history guards (``_recovery_check_write``): the state and the
           fields the flows set change only in the addon's flows, the frozen
           fields of a record that is history never;
        2. what the model notes before the write (``_recovery_before_write``);
        3. the write;
        4. the model's follow-up (``_recovery_after_write``).
        """
        self._recovery_check_write(vals)
        kept = self._recovery_append_only_before(vals)
        before = self._recovery_before_write(vals)
        result = super().write(vals)
        self._recovery_append_only_check(kept)
        self._recovery_after_write(vals, before)
        return result

    def _recovery_before_write(self, vals):
        """What the model needs to know before ``vals`` is written (here:
        nothing)."""
        return {}

    def _recovery_after_write(self, vals, before):
        """The model's follow-up of a write (``before``: what
        ``_recovery_before_write`` returned)."""

    # ---- History: what was sent stays sent ----
    def _recovery_flow(self):
        """These records in one of the addon's own flows: their state, the
        fields the flows set and their frozen fields may change. Used by the
        action methods, the daily job and the worklist, for the write or
        create they do, never given back to a client."""
        return self.with_context(**{FLOW_CONTEXT_KEY: _RecoveryFlow})

    def _recovery_history_records(self):
        """The records that are history: what they sent or agreed stays as it
        is (their frozen fields never change)."""
        return self.filtered(lambda r: r.state in self._recovery_history_states)

    def _recovery_evidence_state(self):
        """The row of tools/frozen_fields.py this record is in: its state,
        or a pseudo-state the model names (e.g. cancelled after it left)."""
        self.ensure_one()
        return self.state

    @property
    def _recovery_flow_fields(self):
        """The fields only the addon's flows write (tools/frozen_fields.py)."""
        return evidence_table.flow_fields(self._name)

    def _recovery_frozen_names(self, field_names):
        """``{record: frozen fields among field_names}`` for the records of
        ``self`` on which some of them can no longer change."""
        names = set(field_names) & evidence_table.all_frozen_fields(self._name)
        if not names:
            return {}
        frozen = {}
        for record in self:
            hit = names & evidence_table.frozen_fields(
                self._name, record._recovery_evidence_state()
            )
            if hit:
                frozen[record] = hit
        return frozen

    def _recovery_frozen(self, field_names):
        """The records on which the frozen fields ``field_names`` can no
        longer change."""
        return self.browse(
            [record.id for record in self._recovery_frozen_names(field_names)]
        )

    def _recovery_append_only_before(self, vals):
        """The proof scans (append-only fields of tools/frozen_fields.py)
        these records hold before ``vals`` is written, where they may only
        grow: ``{(record, field): ids}``."""
        if in_recovery_flow(self.env):
            return {}
        kept = {}
        for name in vals:
            states = evidence_table.append_only_states(self._name, name)
            if not states:
                continue
            for record in self:
                if record._recovery_evidence_state() in states:
                    kept[(record, name)] = set(record[name].ids)
        return kept

    def _recovery_append_only_check(self, kept):
        """Refuse a write that removed or replaced a proof scan."""
        for (record, name), ids in kept.items():
            if not ids <= set(record[name].ids):
                raise UserError(
                    self.env._(
                        "%(record)s: %(field)s are proof of what was sent; a scan "
                        "can be added, never removed or replaced.",
                        record=record.display_name,
                        field=record._fields[name]._description_string(self.env),
                    )
                )

    def _recovery_undeletable(self):
        """The records that may not be deleted, not even by a manager: they
        are cancelled with a reason instead."""
        return self.filtered(lambda r: r.state not in self._recovery_deletable_states)

    def _recovery_field_labels(self, names):
        return format_list(
            self.env,
            [self._fields[name]._description_string(self.env) for name in names],
        )

    def _recovery_state_label(self, state=None):
        self.ensure_one()
        selection = dict(self._fields["state"]._description_selection(self.env))
        return selection[state or self.state]

    def _recovery_model_label(self):
        return self.env["ir.model"]._get(self._name).name

    def _recovery_check_write(self, vals):
        if in_recovery_flow(self.env) or not self:
            return
        if "state" in vals:
            raise UserError(
                self.env._(
                    "The status of %(records)s changes only through its buttons "
                    "(validate, send, cancel...), which check and record each "
                    "step: it cannot be written directly.",
                    records=format_list(self.env, self.mapped("display_name")),
                )
            )
        flow = [name for name in vals if name in self._recovery_flow_fields]
        if flow:
            raise UserError(
                self.env._(
                    "%(fields)s of %(records)s are set by the recovery process "
                    "itself (validation, sending, the letter): they cannot be "
                    "written directly.",
                    fields=self._recovery_field_labels(flow),
                    records=format_list(self.env, self.mapped("display_name")),
                )
            )
        frozen = self._recovery_frozen_names(vals)
        if frozen:
            history = self.browse([record.id for record in frozen])
            names = sorted(set().union(*frozen.values()))
            raise UserError(
                self.env._(
                    "%(records)s is part of the recovery history (sent to the "
                    "customer or agreed with them): its %(fields)s can no longer "
                    "change. If it is wrong, cancel it with a reason and make a "
                    "new one.",
                    records=format_list(self.env, history.mapped("display_name")),
                    fields=self._recovery_field_labels(names),
                )
            )

    def _recovery_check_create(self):
        """Outside the addon's flows a record is created in one of
        ``_recovery_create_states`` (a draft), without what the flows set."""
        if in_recovery_flow(self.env):
            return
        for record in self:
            if record.state not in self._recovery_create_states:
                raise UserError(
                    self.env._(
                        "%(model)s: a record cannot be created as “%(state)s”. "
                        "Only the recovery process (daily job, worklist, "
                        "validation, sending) brings it there, and keeps its "
                        "history. Create a draft instead.",
                        model=record._recovery_model_label(),
                        state=record._recovery_state_label(),
                    )
                )
        flow = [
            name
            for name in self._recovery_flow_fields
            if name not in evidence_table.set_at_create(self._name)
            and any(self.mapped(name))
        ]
        if flow:
            raise UserError(
                self.env._(
                    "%(model)s: %(fields)s are set by the recovery process "
                    "itself (validation, sending, the letter); leave them empty "
                    "when you create a record.",
                    fields=self._recovery_field_labels(flow),
                    model=self._recovery_model_label(),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        kept = self._recovery_undeletable()
        if kept:
            raise UserError(
                self.env._(
                    "%(records)s cannot be deleted, not even by a manager: it keeps "
                    "what was sent to the customer or agreed with them. Cancel it "
                    "with a reason instead.",
                    records=format_list(self.env, kept.mapped("display_name")),
                )
            )

    # ---- Cancellation (with a reason for what cannot be deleted) ----
    def action_cancel(self):
        """Cancel the records. Those that cannot be deleted (sent, agreed,
        paid into) are cancelled only with a reason: the dialog asks for it."""
        self._recovery_check_cancel()
        if self._recovery_undeletable():
            return self._recovery_cancel_dialog()
        self._recovery_cancel()
        return True

    def _recovery_cancel_dialog(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel with a reason"),
            "res_model": "debt.recovery.cancel",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _recovery_cancel(self, reason=False):
        """Cancel the records, in this order:

        1. who may cancel them, from which states (``_recovery_check_cancel``);
        2. a reason is required for the records that cannot be deleted;
        3. the model's cancellation and what follows it
           (``_recovery_cancel_records``);
        4. the reason, with who cancelled, in each record's chatter.
        """
        self._recovery_check_cancel()
        reason = (reason or "").strip()
        if self._recovery_undeletable() and not reason:
            raise UserError(
                self.env._(
                    "Give the reason for cancelling %(records)s: it stays in their "
                    "history.",
                    records=format_list(self.env, self.mapped("display_name")),
                )
            )
        self._recovery_cancel_records()
        if reason:
            for record in self:
                record.message_post(
                    body=self.env._(
                        "Cancelled by %(user)s. Reason: %(reason)s",
                        user=self.env.user.name,
                        reason=reason,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return True

    def _recovery_check_cancel(self):
        """Raise when these records may not be cancelled (by this user, from
        their state)."""

    def _recovery_cancel_records(self):
        """The model's cancellation itself."""
        raise NotImplementedError

    # ---- Maintenance (superuser only, logged) ----
    def _recovery_maintenance_check(self, reason):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Maintenance changes of the recovery history are for the "
                    "superuser (server code or the Odoo shell) only."
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the maintenance change."))

    def _recovery_maintenance_log(self, fields_changed, reason):
        _logger.warning(
            "Debt recovery maintenance on %s %s (uid %s): %s; reason: %s",
            self._name,
            self.ids,
            self.env.uid,
            ", ".join(sorted(fields_changed)),
            reason,
        )
        for record in self:
            record.message_post(
                body=self.env._(
                    "Maintenance change (%(fields)s) outside the recovery process. "
                    "Reason: %(reason)s",
                    fields=", ".join(sorted(fields_changed)),
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _recovery_maintenance_create(self, vals_list, reason):
        """Create records in any state, outside the recovery process: for the
        superuser only (data migration, tests), logged in the server log and
        in each record's chatter."""
        self._recovery_maintenance_check(reason)
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        records = self._recovery_flow().create(vals_list).with_env(self.env)
        records._recovery_maintenance_log(
            {name for vals in vals_list for name in vals}, reason
        )
        return records

    def _recovery_maintenance_write(self, vals, reason):
        """Write any field of these records (state, frozen fields), outside
        the recovery process: for the superuser only, logged in the server
        log and in each record's chatter. A manager who finds a genuine
        mistake cancels the record with a reason and makes a new one."""
        self._recovery_maintenance_check(reason)
        self._recovery_flow().write(vals)
        self._recovery_maintenance_log(set(vals), reason)
        return True

    # Every recovery record covers invoices (its own ``invoice_ids``) and,
    # for the notices and litigation files, a letter (``letter_attachment_id``).
    def action_view_invoices(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    def _recovery_open_action(self):
        """Window action on these records (their form when there is one)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            self._recovery_window_action
        )
        if len(self) == 1:
            action.update(
                {"res_id": self.id, "views": [(False, "form")], "view_mode": "form"}
            )
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action

    # ---- Letters (models/debt_recovery_letter.py) ----
    def _render_letter(self):
        """The letter of each record (``_recovery_letter_report``) made,
        attached and linked as its letter; when one cannot be made, nothing
        is (``_recovery_letter_failed``)."""
        report = self.env.ref(self._recovery_letter_report)
        self.env["debt.recovery.letter"]._letter_produce(
            [(record, report) for record in self]
        )

    def _recovery_letters(self, kind=None):
        """One :class:`letter_data.Letter` per record, in order, of ``kind``
        (``None``: the record's own letter)."""
        raise NotImplementedError

    def _recovery_letter_filename(self, report):
        """File name of the record's letter printed with ``report``."""
        self.ensure_one()
        return pdf_batch.letter_filename(self.name, self.partner_id.name)

    def _recovery_letter_failed(self, reason):
        """The letters of these records could not be made: the operation that
        needed them (a validation, a hand-over, a print) is refused with the
        reason, and nothing of it is kept."""
        raise UserError(
            self.env._(
                "The letter of %(name)s could not be made: %(error)s",
                name=format_list(self.env, self.mapped("display_name")),
                error=reason,
            )
        )

    @api.depends("letter_attachment_id")
    def _compute_letter_sha256(self):
        """The SHA-256 of the letter sent (``letter_sha256`` of the models
        with a ``letter_attachment_id``): a copy with the same fingerprint is
        the very document sent."""
        for record in self:
            attachment = record.letter_attachment_id.sudo()
            record.letter_sha256 = evidence.sha256_hex(attachment.raw) or False
