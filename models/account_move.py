"""What the recovery adds to invoices (``account.move``).

Sections: fields (ladder, exclusion and promises to pay, legal figures,
formal notices and litigation files, installment plans, suspension warning);
write; computes; the daily job (candidate conditions, snapshot, promises to
pay); legal figures (penalties, consumers' interest, prescription: the
dates other recovery records give are read by debt_recovery_invoice_events.py);
buttons; suspension.
"""

import logging
from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, format_list, formatLang

from ..tools import collective as collective_tools
from ..tools import deadlines as deadline_tools
from ..tools import penalties as penalty_tools
from ..tools import promises as promise_tools
from ..tools import public_buyers, tracking
from ..tools import rates as rate_tools
from .debt_recovery_document import USER_GROUP, in_recovery_flow
from .debt_recovery_recheck import suspension_deferred

_logger = logging.getLogger(__name__)

# Payment states of an invoice that still has something to recover; the
# open invoice itself is defined once, by the ``_recovery_open_*`` methods.
OPEN_PAYMENT_STATES = ("not_paid", "partial")
# The recovery records that hold their invoices off the ladder while open
# (each says when: its ``HOLD_STATES`` and ``_recovery_invoice_hold_sql()``),
# in the order the daily job tests them: formal notices, litigation files,
# installment plans, steps that failed.
HOLDING_MODELS = (
    "debt.recovery.notice",
    "debt.recovery.case",
    "debt.recovery.plan",
    "debt.recovery.action",
)
# The recovery fields of an invoice that can be stored: written by recovery
# users (and the daily job) only; read-only for the other users.
#: The invoice's position on the ladder: written by the recovery process only.
FLOW_FIELDS = ("recovery_level_id", "recovery_last_date")
RECOVERY_FIELDS = (
    "recovery_level_id",
    "recovery_last_date",
    "recovery_excluded",
    "recovery_exclusion_reason",
    "recovery_excluded_until",
    "recovery_exclusion_note",
    "recovery_excluded_by_id",
    "recovery_excluded_on",
    "recovery_promise_amount",
    "recovery_promise_residual",
    "recovery_prescription_start",
    "recovery_acknowledgment_date",
    "recovery_completion_date",
    "recovery_mediation_start",
    "recovery_mediation_end",
)


class AccountMove(models.Model):
    _inherit = "account.move"

    # ---- Ladder ----
    # Where the invoice stands on the recovery ladder (set by the daily job).
    recovery_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Recovery level reached",
        copy=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    recovery_last_date = fields.Date(string="Last recovery step", copy=False)
    recovery_next_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Next recovery step",
        compute="_compute_recovery_next_step",
        store=True,
        check_company=True,
    )
    recovery_next_date = fields.Date(
        string="Next recovery step date",
        compute="_compute_recovery_next_step",
        store=True,
    )
    recovery_action_ids = fields.Many2many(
        "debt.recovery.action",
        "debt_recovery_action_invoice_rel",
        "invoice_id",
        "action_id",
        string="Recovery actions",
        copy=False,
        readonly=True,
    )

    # ---- Exclusion from the ladder (dispute, promise to pay, other) ----
    recovery_excluded = fields.Boolean(
        string="Excluded from recovery", copy=False, tracking=True
    )
    recovery_exclusion_reason = fields.Selection(
        [
            ("dispute", "Dispute"),
            ("promise", "Promise to pay"),
            ("other", "Other"),
        ],
        string="Exclusion reason",
        copy=False,
    )
    recovery_excluded_until = fields.Date(
        string="Excluded until",
        copy=False,
        help="The invoice comes back on the ladder the day after this date "
        "(for a promise to pay: the promised date).",
    )
    recovery_exclusion_note = fields.Text(string="Exclusion note", copy=False)
    recovery_excluded_by_id = fields.Many2one(
        "res.users", string="Excluded by", copy=False, readonly=True
    )
    recovery_excluded_on = fields.Datetime(
        string="Excluded on", copy=False, readonly=True
    )
    recovery_promise_amount = fields.Monetary(
        string="Promised amount",
        copy=False,
        currency_field="company_currency_id",
        help="Part of the customer's promise to pay that covers this invoice "
        "(the promise is spread over its invoices, oldest first).",
    )
    recovery_promise_residual = fields.Monetary(
        string="Due when promised",
        copy=False,
        currency_field="company_currency_id",
        help="Amount still due on this invoice when the promise to pay was recorded.",
    )

    # ---- Legal figures at today's date ----
    # Penalties (Code de commerce art. L441-10, D441-5), consumers' interest
    # (Code civil art. 1231-6, 1344-1), prescription (Code de commerce
    # art. L110-4, Code civil art. 2224, Code de la consommation art. L218-2).
    recovery_days_overdue = fields.Integer(
        string="Days overdue", compute="_compute_recovery_legal_figures"
    )
    recovery_penalty_amount = fields.Monetary(
        string="Late-payment penalties",
        compute="_compute_recovery_legal_figures",
        currency_field="currency_id",
        help="Professionals: penalties owed from the day after the due date "
        "(art. L441-10 Code de commerce). Consumers: legal interest from the "
        "receipt of the formal notice.",
    )
    recovery_indemnity_amount = fields.Monetary(
        string="Recovery indemnity",
        compute="_compute_recovery_legal_figures",
        currency_field="company_currency_id",
        help="Fixed indemnity for recovery costs owed by professionals for each "
        "invoice paid late (art. D441-5 Code de commerce).",
    )
    recovery_penalty_error = fields.Char(
        string="Penalty computation problem", compute="_compute_recovery_legal_figures"
    )
    # C. com. L441-10 I: a warning, never a block (LEGAL.md §2).
    recovery_term_warning = fields.Char(
        string="Payment term warning",
        compute="_compute_recovery_term_warning",
        help="Between professionals in France the agreed payment period cannot "
        "exceed 60 days from the invoice date or 45 days end of month (art. "
        "L441-10 I Code de commerce; 45 days for periodic invoices).",
    )
    recovery_penalty_warning = fields.Char(
        string="Penalty computation warning",
        compute="_compute_recovery_legal_figures",
        help="What the computation could not check (the floor of a contractual "
        "rate whose legal rate is not entered yet): the penalties are computed "
        "all the same.",
    )
    # Public buyers: the period runs from the receipt of the payment request
    # and cannot exceed the regulated one (CCP L2192-10, R2192-10 to
    # R2192-14): tools/public_buyers.py.
    recovery_is_public_buyer = fields.Boolean(
        related="commercial_partner_id.recovery_is_public_buyer"
    )
    recovery_payment_request_date = fields.Date(
        string="Payment request received on",
        copy=False,
        help="Public buyer: the day it received the invoice (through Chorus Pro, "
        "the day of the notification of its deposit, art. R2192-12 Code de la "
        "commande publique). Empty: the invoice date plus two days (art. "
        "R2192-14); when the works were completed or the goods delivered later, "
        "that day (art. R2192-13).",
    )
    recovery_interest_due_date = fields.Date(
        string="Due date bearing interest",
        compute="_compute_recovery_interest_due_date",
        help="Public buyer: the earlier of the due date and the receipt of the "
        "payment request plus the regulated period (30, 50 or 60 days, art. "
        "L2192-10, R2192-10 and R2192-11 Code de la commande publique); "
        "interest runs from the next day (art. L2192-13). Others: the due date.",
    )
    recovery_completion_date = fields.Date(
        string="Works completed / service performed on",
        copy=False,
        help="Day the works were completed or the service performed (or the "
        "goods delivered). Prescription runs from the earliest of this date, "
        "the delivery date and the due date (Code civil art. 2224; against a "
        "consumer Code de la consommation art. L218-2, Cass. 3e civ., 1 March "
        "2023, n° 21-23.176).",
    )
    recovery_prescription_start = fields.Date(
        string="Prescription start",
        copy=False,
        compute="_compute_recovery_prescription_start",
        store=True,
        readonly=False,
        help="Day the time limit to sue starts: the earliest of the completion "
        "or delivery date and the due date (a court may retain any of them, the "
        "addon warns before the first). It can be changed by hand; it is "
        "recomputed when one of these dates changes.",
    )
    recovery_acknowledgment_date = fields.Date(
        string="Debt acknowledged on",
        copy=False,
        help="Date of a signed acknowledgment of debt: it interrupts prescription.",
    )
    # Mediation or conciliation suspends prescription (Code civil art. 2238).
    recovery_mediation_start = fields.Date(
        string="Mediation / conciliation from",
        copy=False,
        help="Day the parties agreed in writing to mediation or conciliation "
        "(without a written agreement: the first meeting). Prescription is "
        "suspended from that day (art. 2238 Code civil).",
    )
    recovery_mediation_end = fields.Date(
        string="Mediation / conciliation ended on",
        copy=False,
        help="Day a party or the mediator declared the mediation over. "
        "Prescription runs again from that day, for at least six months "
        "(art. 2238 Code civil). Empty while the mediation runs.",
    )
    recovery_prescription_date = fields.Date(
        string="Time-barred on",
        compute="_compute_recovery_legal_figures",
        help="After this date the claim can no longer be brought to court: 5 years "
        "between professionals, 2 years against a consumer, restarting from the "
        "last acknowledgment or payment, extended by mediation periods, "
        "restarting from the end of a court instance. Empty while a mediation "
        "or a court instance is under way. Public person (State, local "
        "authority, public body): 31 December of the fourth year after the one "
        "the claim arose in, or after the last payment or written demand "
        "(déchéance quadriennale, loi n° 68-1250 of 31 December 1968, art. 1 "
        "and 2).",
    )
    recovery_prescription_note = fields.Char(
        string="Prescription suspended / interrupted",
        compute="_compute_recovery_legal_figures",
        help="Mediation periods (suspension, art. 2238 Code civil) and claims "
        "in court recorded on the litigation files (interruption, art. 2241 "
        "and 2242 Code civil) taken into account.",
    )

    # ---- Formal notices and litigation files ----
    recovery_notice_ids = fields.Many2many(
        "debt.recovery.notice",
        "debt_recovery_notice_invoice_rel",
        "invoice_id",
        "notice_id",
        string="Formal notices",
        copy=False,
        readonly=True,
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_case_ids = fields.Many2many(
        "debt.recovery.case",
        "debt_recovery_case_invoice_rel",
        "invoice_id",
        "case_id",
        string="Litigation files",
        copy=False,
        readonly=True,
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_notice_count = fields.Integer(
        compute="_compute_recovery_notice_count",
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_case_count = fields.Integer(
        compute="_compute_recovery_notice_count",
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )

    # ---- Installment plans ----
    recovery_plan_ids = fields.Many2many(
        "debt.recovery.plan",
        "debt_recovery_plan_invoice_rel",
        "invoice_id",
        "plan_id",
        string="Installment plans",
        copy=False,
        readonly=True,
        groups=USER_GROUP,
    )
    recovery_plan_id = fields.Many2one(
        "debt.recovery.plan",
        string="Installment plan",
        compute="_compute_recovery_plan_id",
        groups=USER_GROUP,
        help="The plan the invoice is in (the running one, else the last one).",
    )

    # ---- Suspension warning ----
    # Shown on draft customer invoices (a warning, no block).
    recovery_partner_suspended = fields.Boolean(
        string="Customer suspended", compute="_compute_recovery_partner_suspension"
    )
    recovery_partner_suspension_reason = fields.Char(
        string="Customer suspension reason",
        compute="_compute_recovery_partner_suspension",
    )

    # ---- The open invoice (one definition, in its three forms) ----
    @api.model
    def _recovery_open_domain(self):
        """Domain of the customer invoices still to recover: posted, not
        (fully) paid, in payment nor reversed, with an amount still due."""
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", OPEN_PAYMENT_STATES),
            ("amount_residual", ">", 0),
        ]

    @api.model
    def _recovery_open_sql(self, alias="move"):
        """The same condition in SQL, on ``account_move`` aliased ``alias``."""
        move = SQL.identifier(alias)
        return SQL(
            "%(move)s.move_type = 'out_invoice' AND %(move)s.state = 'posted' "
            "AND %(move)s.payment_state IN %(states)s "
            "AND %(move)s.amount_residual > 0",
            move=move,
            states=OPEN_PAYMENT_STATES,
        )

    # ---- Collective procedure of the customer, per invoice (one definition) ----
    @api.model
    def _recovery_procedure_sql(self, alias="move", customer="customer"):
        """SQL condition: the invoice's claim is frozen by the collective
        procedure of its customer (``customer``: the commercial partner's
        alias): born before the opening judgment, or the opening date is
        unknown. A claim is born when the goods were delivered or the work
        done (Cass. com. 27 Sept 2011), not on its invoice date: see
        :meth:`_recovery_claim_date`. Claims born on or after the opening are
        paid at their due date (Code de commerce L622-17) and stay on the
        ladder. Python form: :meth:`_recovery_frozen_by_procedure`."""
        move, cust = SQL.identifier(alias), SQL.identifier(customer)
        return SQL(
            "(COALESCE(%(cust)s.recovery_collective_procedure, FALSE) "
            "AND (%(cust)s.recovery_collective_procedure_date IS NULL "
            "OR COALESCE(%(move)s.recovery_completion_date, %(move)s.delivery_date, "
            "%(move)s.invoice_date) IS NULL "
            "OR COALESCE(%(move)s.recovery_completion_date, %(move)s.delivery_date, "
            "%(move)s.invoice_date) < %(cust)s.recovery_collective_procedure_date))",
            move=move,
            cust=cust,
        )

    def _recovery_claim_date(self):
        """``(date, source)``: the day this invoice's claim was born, by its
        performance (tools/collective.py :func:`claim_date`): the completion
        date kept on the invoice, else Odoo's delivery date, else the
        invoice date (``source`` ``"invoice"``: the letters say so)."""
        self.ensure_one()
        return collective_tools.claim_date(
            self.invoice_date, self.recovery_completion_date, self.delivery_date
        )

    def _recovery_frozen_by_procedure(self):
        """This invoice's claim is born before the opening of its customer's
        collective procedure (see :meth:`_recovery_procedure_sql`)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        return bool(
            partner.recovery_collective_procedure
        ) and collective_tools.born_before_opening(
            self._recovery_claim_date()[0], partner.recovery_collective_procedure_date
        )

    def _recovery_is_settled(self):
        """Nothing left to recover on this invoice: paid, in payment,
        reversed, or no amount still due."""
        self.ensure_one()
        return (
            self.payment_state not in OPEN_PAYMENT_STATES or self.amount_residual <= 0
        )

    def _recovery_is_open(self):
        """This record is a customer invoice still to recover (the Python
        form of :meth:`_recovery_open_domain`)."""
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and not self._recovery_is_settled()
        )

    # ---- Create and write ----
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._recovery_check_rights({k: v for k, v in vals.items() if v})
        return super().create(vals_list)

    def _recovery_check_rights(self, vals):
        """Only recovery users write the recovery fields of invoices: an
        invoicing user reads them, and the Recovery tab is not shown to him.
        The position on the ladder (``FLOW_FIELDS``) is written by the
        recovery process only (the daily job, the steps, their cancellation,
        the hand-over to court, as the superuser): a user's write would
        re-apply the suspension rule, lifting or forcing a suspension."""
        names = [name for name in RECOVERY_FIELDS if name in vals]
        if names and not self.env.su and not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                self.env._(
                    "Only debt recovery users can change %(fields)s of an invoice.",
                    fields=format_list(
                        self.env, [self._fields[name].string for name in names]
                    ),
                )
            )
        flow = [name for name in FLOW_FIELDS if name in vals]
        if flow and not self.env.su and not in_recovery_flow(self.env):
            raise UserError(
                self.env._(
                    "%(fields)s of an invoice are set by the recovery process "
                    "(its steps, their cancellation, the litigation file): they "
                    "cannot be written directly. Send, skip or cancel a step "
                    "instead.",
                    fields=format_list(
                        self.env, [self._fields[name].string for name in flow]
                    ),
                )
            )

    def write(self, vals):
        """In order: (0) the recovery fields are refused to the users who are
        not recovery users; (1) an exclusion lifted clears the promise to pay;
        (2) an exclusion set records who and when, an exclusion lifted clears
        its reason, end date and author; the core write; (3) invoices that
        moved on the ladder (or were cancelled / reset to draft while on it)
        re-apply the suspension rule to their customers."""
        self._recovery_check_rights(vals)
        if "recovery_excluded" in vals and not vals["recovery_excluded"]:
            vals = {
                **vals,
                "recovery_promise_amount": 0.0,
                "recovery_promise_residual": 0.0,
            }
            # Back on the ladder before the promised date: the promise is
            # cancelled (the daily job decides the others before this write).
            self.env["debt.recovery.promise"]._recovery_cancel_for(self)
        if "recovery_excluded" in vals:
            if vals["recovery_excluded"]:
                vals.setdefault("recovery_excluded_by_id", self.env.uid)
                vals.setdefault("recovery_excluded_on", fields.Datetime.now())
            else:
                vals.update(
                    recovery_exclusion_reason=False,
                    recovery_excluded_until=False,
                    recovery_excluded_by_id=False,
                    recovery_excluded_on=False,
                )
        res = super().write(vals)
        if "recovery_level_id" in vals:
            self._recovery_update_customers_suspension()
        elif "state" in vals:
            # cancelled / reset to draft: only invoices on the ladder matter
            self.sudo().filtered(
                "recovery_level_id"
            )._recovery_update_customers_suspension()
        return res

    # ---- Computes ----
    @api.depends(
        "recovery_level_id",
        "recovery_last_date",
        "invoice_date_due",
        "payment_state",
        "state",
        "move_type",
        "recovery_excluded",
        "recovery_excluded_until",
        "commercial_partner_id.recovery_collective_procedure",
        "commercial_partner_id.recovery_collective_procedure_date",
        "invoice_date",
        "delivery_date",
        "recovery_completion_date",
    )
    def _compute_recovery_next_step(self):
        """Next step of the ladder and its date; none while the invoice is in
        a running installment plan (checked last, in one query), nor when its
        claim is frozen by the customer's collective procedure."""
        # The ladder of each company, read once: the next step of an invoice
        # is the first one after the step it reached.
        ladders = {}
        for move in self:
            if (
                not move._recovery_is_open()
                or not move.invoice_date_due
                or (move.recovery_excluded and not move.recovery_excluded_until)
                or move._recovery_frozen_by_procedure()
            ):
                # Not chased, or excluded with no end (e.g. a dispute).
                move.recovery_next_level_id = False
                move.recovery_next_date = False
                continue
            company = move.company_id
            if company not in ladders:
                # The reminder before the due date is not a step of the
                # ladder of late invoices: never the next one, and an
                # invoice that got it has not climbed the ladder yet.
                ladders[company] = list(
                    self.env["debt.recovery.level"]
                    .sudo()
                    .search([("company_id", "=", company.id), ("delay_days", ">=", 0)])
                )
            current = move.recovery_level_id
            if current._recovery_is_pre_due():
                current = current.browse()
            following = next(
                (
                    level
                    for level in ladders[company]
                    if not current or level.sequence > current.sequence
                ),
                self.env["debt.recovery.level"],
            )
            move.recovery_next_level_id = following
            next_date = following._recovery_due_date(move)
            if next_date and move.recovery_excluded:
                # Excluded until a date: the ladder resumes the day after.
                next_date = max(
                    next_date, fields.Date.add(move.recovery_excluded_until, days=1)
                )
            move.recovery_next_date = next_date
        # No next step while the invoice is in a running plan.
        ids = [move_id for move_id in self.ids if isinstance(move_id, int)]
        if ids:
            Plan = self.env["debt.recovery.plan"]
            Plan.flush_model(["state", "invoice_ids"])
            self.env.cr.execute(
                SQL(
                    "SELECT move.id FROM account_move move WHERE move.id = ANY(%s) AND %s",
                    ids,
                    Plan._recovery_invoice_hold_sql("move"),
                )
            )
            paused = self.browse(row[0] for row in self.env.cr.fetchall())
            paused.recovery_next_level_id = False
            paused.recovery_next_date = False

    def _recovery_recompute_next_step(self):
        """A plan started or ended: the next step of its invoices changes."""
        for name in ("recovery_next_level_id", "recovery_next_date"):
            self.env.add_to_compute(self._fields[name], self)

    @api.depends("recovery_notice_ids", "recovery_case_ids")
    def _compute_recovery_notice_count(self):
        for move in self:
            move.recovery_notice_count = len(move.recovery_notice_ids)
            move.recovery_case_count = len(move.recovery_case_ids)

    @api.depends("recovery_plan_ids.state")
    def _compute_recovery_plan_id(self):
        for move in self:
            plans = move.recovery_plan_ids.filtered(lambda p: p.state != "cancelled")
            running = plans.filtered(lambda p: p.state in p.OPEN_STATES)
            move.recovery_plan_id = (running or plans).sorted("id", reverse=True)[:1]

    @api.depends("partner_id", "company_id")
    @api.depends_context("company")
    def _compute_recovery_partner_suspension(self):
        for move in self:
            partner = (
                move.partner_id.commercial_partner_id.sudo().with_company(
                    move.company_id
                )
                if move.partner_id and move.company_id and move.is_sale_document()
                else self.env["res.partner"]
            )
            suspended = bool(partner) and partner.recovery_suspended
            move.recovery_partner_suspended = suspended
            move.recovery_partner_suspension_reason = (
                suspended and partner.recovery_suspension_reason
            )

    # ---- Daily job ----
    @api.model
    def _recovery_candidate_conditions(self, today, overdue=True):
        """SQL conditions (on the alias ``move`` and ``customer``, the
        commercial partner) an invoice meets to move up the ladder, in this
        order: the ladder's own conditions; held by none of the
        ``HOLDING_MODELS`` (not in an open formal notice nor in an open
        litigation file; not in a running installment plan; not in a step
        that failed: the ladder does not climb past a step that was never
        sent, the next step waits until it is retried and sent, or
        cancelled).
        """
        for model in HOLDING_MODELS:
            self.env[model].flush_model(["state", "invoice_ids"])
        conditions = [
            self._recovery_open_sql("move"),
            # ``overdue=False``: the invoices not due yet, for the reminder
            # before the due date.
            SQL("move.invoice_date_due %s %s", SQL("<" if overdue else ">="), today),
            SQL("NOT %s", self._recovery_procedure_sql("move", "customer")),
            SQL(
                """NOT (COALESCE(move.recovery_excluded, FALSE)
                        AND (move.recovery_excluded_until IS NULL
                             OR move.recovery_excluded_until >= %s))""",
                today,
            ),
            SQL(
                """NOT EXISTS (
                    SELECT 1 FROM res_company_debt_recovery_journal_rel excluded
                     WHERE excluded.company_id = move.company_id
                       AND excluded.journal_id = move.journal_id)"""
            ),
            *(
                SQL("NOT %s", self.env[model]._recovery_invoice_hold_sql("move"))
                for model in HOLDING_MODELS
            ),
        ]
        return conditions

    def _recovery_snapshot(self, today):
        """Amounts of each invoice at ``today``:
        ``{move_id: {"due", "penalty", "indemnity", "error", "segments"}}``.

        ``due`` and ``penalty`` are in the invoice's own currency (what the
        customer owes: ``amount_residual``, not the company-currency
        ``amount_residual_signed``; the penalties run on the invoice's
        amounts and payments in its currency); ``indemnity`` is the fixed
        indemnity of C. com. D441-5, in the company's currency (euros: the
        amount is set in euros by law), never converted."""
        table = self.env["debt.recovery.rate"].sudo()._get_rate_table()
        payments, credit_notes = self._recovery_settlement_events()
        b2c_start = self.env["debt.recovery.invoice.events"]._consumer_interest_start(
            self
        )
        result = {}
        for move in self:
            figures = move._recovery_legal_figures(
                today,
                table,
                payments.get(move.id, ()),
                b2c_start.get(move.id),
                with_segments=True,
                credit_notes=credit_notes.get(move.id, ()),
            )
            result[move.id] = {
                "due": Decimal(str(move.amount_residual)),
                "penalty": Decimal(str(figures["recovery_penalty_amount"])),
                "indemnity": Decimal(str(figures["recovery_indemnity_amount"])),
                "error": figures["recovery_penalty_error"],
                "warning": figures["recovery_penalty_warning"],
                # tools.penalties.PenaltyResult (or None): the half-year
                # segments printed under the letters' amounts.
                "segments": figures["segments"],
            }
        return result

    def _recovery_ensure_access_tokens(self):
        """Portal access token of each invoice that has none, in one query
        (the same random UUID the portal would create on first use)."""
        missing = self.sudo().filtered(lambda move: not move.access_token)
        if missing:
            self.env.cr.execute(
                SQL(
                    """UPDATE account_move SET access_token = gen_random_uuid()::text
                        WHERE id = ANY(%s) AND access_token IS NULL""",
                    missing.ids,
                )
            )
            missing.invalidate_recordset(["access_token"])

    def _recovery_reset_level(self):
        """Back to the last step still standing (after a step was cancelled)."""
        if not self:
            return
        self.env["debt.recovery.action"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (rel.invoice_id) rel.invoice_id, action.level_id, action.date
                  FROM debt_recovery_action_invoice_rel rel
                  JOIN debt_recovery_action action ON action.id = rel.action_id
                  JOIN debt_recovery_level level ON level.id = action.level_id
                 WHERE rel.invoice_id = ANY(%s) AND action.state != 'cancelled'
              ORDER BY rel.invoice_id, level.sequence DESC, action.date DESC
                """,
                self.ids,
            )
        )
        standing = {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}
        for move in self.sudo():
            level_id, date = standing.get(move.id, (False, False))
            move.write({"recovery_level_id": level_id, "recovery_last_date": date})

    @api.model
    def _recovery_mark_steps(self, actions, track=False):
        """The invoices of each step of ``actions`` reached it on the step's
        date: one UPDATE per step and day, whatever the number of invoices.
        ``track``: the change of step is logged on each invoice as the ORM
        tracks it (a step skipped by hand); the daily job writes one note
        per customer instead.

        Not ``account.move.write``: on a posted invoice it synchronises the
        journal items, the taxes and the checks of each invoice, which is
        most of the cost of a day at scale (one query per invoice), for two
        fields that touch none of them. What the ORM write would do is kept,
        in the same order:

        1. the old step of each invoice is read (``FOR NO KEY UPDATE``: the
           rows are locked as a write locks them) and the new one written
           with ``write_uid``/``write_date``, in the UPDATE itself;
        2. the caches of these fields are invalidated, and the stored fields
           that depend on them (the next step and its date) recomputed by
           the ORM in batch (``modified``: written at the next flush, one
           UPDATE per 1,000 invoices);
        3. tracking: with ``track``, the level change is logged on each
           invoice as the ORM tracks it, all messages created in one batch
           (``_recovery_track_levels``);
        4. the customers' suspension is not re-applied here: the one caller,
           ``debt.recovery.run._make_steps``, does it once for the batch.

        The invoices get their portal access token in the same UPDATE when
        they have none (the same random UUID the portal would create): the
        step's email and letter link each invoice's portal page.

        Only ``debt.recovery.run._make_steps`` calls it, on steps its user
        may make (the step's rights were checked when it was created): the
        invoices are updated as the superuser.
        """
        if not actions:
            return
        by_step = defaultdict(set)
        for action in actions:
            by_step[(action.level_id.id, action.date)].update(action.invoice_ids.ids)
        Move = self.env["account.move"].sudo()
        Move.flush_model(["recovery_level_id", "recovery_last_date"])
        old_levels = {}
        for (level_id, date), invoice_ids in by_step.items():
            self.env.cr.execute(
                SQL(
                    """
                    WITH old AS (
                        SELECT id, recovery_level_id
                          FROM account_move
                         WHERE id = ANY(%(ids)s)
                           FOR NO KEY UPDATE
                    )
                    UPDATE account_move move
                       SET recovery_level_id = %(level)s,
                           recovery_last_date = %(date)s,
                           access_token = COALESCE(
                               move.access_token, gen_random_uuid()::text
                           ),
                           write_uid = %(uid)s,
                           write_date = %(now)s
                      FROM old
                     WHERE move.id = old.id
                 RETURNING move.id, old.recovery_level_id
                    """,
                    ids=sorted(invoice_ids),
                    level=level_id,
                    date=date,
                    uid=self.env.uid,
                    now=self.env.cr.now(),
                )
            )
            old_levels.update(
                {row[0]: (row[1], level_id) for row in self.env.cr.fetchall()}
            )
        moves = Move.browse(sorted(old_levels))
        fnames = [
            "recovery_level_id",
            "recovery_last_date",
            "access_token",
            "write_uid",
            "write_date",
        ]
        moves.invalidate_recordset(fnames)
        moves.modified(["recovery_level_id", "recovery_last_date"])
        if track:
            moves._recovery_track_levels(
                {
                    move_id: (old, new)
                    for move_id, (old, new) in old_levels.items()
                    if old != new
                }
            )

    def _recovery_track_levels(self, changes):
        """Log the change of recovery step of each invoice as the ORM
        tracking logs it (a note carrying the tracking value), for all the
        invoices in two batch creations (the messages, then their tracking
        values) rather than one message per invoice: ``changes`` is
        ``{move_id: (old_level_id, new_level_id)}`` (see
        ``_recovery_mark_steps``, which writes the
        level by SQL)."""
        changes = {key: value for key, value in changes.items() if key in self.ids}
        if not changes:
            return self.env["mail.message"]
        moves = self.browse(sorted(changes)).sudo()
        messages = moves._message_log_batch(bodies={})
        info = moves.fields_get(
            ["recovery_level_id"],
            attributes=("string", "type", "selection", "currency_field"),
        )["recovery_level_id"]
        Level = self.env["debt.recovery.level"].sudo()
        Tracking = self.env["mail.tracking.value"].sudo()
        Tracking.create(
            [
                dict(
                    Tracking._create_tracking_values(
                        Level.browse(changes[message.res_id][0]),
                        Level.browse(changes[message.res_id][1]),
                        "recovery_level_id",
                        info,
                        moves.browse(message.res_id),
                    ),
                    mail_message_id=message.id,
                )
                for message in messages
            ]
        )
        return messages

    # ---- Promises to pay ----
    def _recovery_exclude(
        self, reason, until, note, promise_amount=0.0, promise_source="accountant"
    ):
        """Take these invoices off the ladder until ``until`` (included); a
        promise to pay is spread over them, oldest first, and recorded as a
        ``debt.recovery.promise`` (``promise_source``: ``"accountant"`` or
        ``"portal"``). An open promise on these invoices is cancelled: they
        leave it for the new exclusion."""
        Promise = self.env["debt.recovery.promise"]
        Promise._recovery_cancel_for(self)
        vals_common = {
            "recovery_excluded": True,
            "recovery_exclusion_reason": reason,
            "recovery_excluded_until": until,
            "recovery_exclusion_note": note,
            "recovery_excluded_by_id": self.env.uid,
            "recovery_excluded_on": fields.Datetime.now(),
            "recovery_promise_amount": 0.0,
            "recovery_promise_residual": 0.0,
        }
        if reason != "promise":
            self.write(vals_common)
            return True
        moves = self.sorted(lambda m: (m.invoice_date_due, m.name or "", m.id))
        shares = tracking.allocate(
            promise_amount, [m.amount_residual_signed for m in moves]
        )
        for move, share in zip(moves, shares, strict=True):
            move.write(
                {
                    **vals_common,
                    "recovery_promise_amount": float(share),
                    "recovery_promise_residual": move.amount_residual_signed,
                }
            )
        Promise._recovery_record(moves, until, note, promise_source)
        return True

    @api.model
    def _recovery_check_promises(self, companies, today):
        """Promises to pay whose date has passed: an invoice still owing more
        than was due when promised minus its share of the promise broke it.
        Each customer gets one note "promise not kept" and the invoices leave
        the exclusion (the ladder resumes); a kept promise is closed quietly
        with a note. Returns the customers whose promise was not kept.

        The promise records (``debt.recovery.promise``) whose date has
        passed are decided with the same rule (``tools/promises.py``): one
        write per state; those left with no invoice to judge (cancelled or
        reset to draft meanwhile) are cancelled."""
        moves = self.sudo().search(
            [
                ("company_id", "in", companies.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("recovery_excluded", "=", True),
                ("recovery_exclusion_reason", "=", "promise"),
                ("recovery_excluded_until", "<", today),
            ]
        )
        self._recovery_decide_promise_records(companies, today, moves)
        if not moves:
            return self.env["res.partner"]
        broken_lines = defaultdict(list)
        kept_lines = defaultdict(list)
        for move in moves:
            still_owed = move.amount_residual_signed if move.amount_residual > 0 else 0
            partner_id = move.commercial_partner_id.id
            values = {
                "invoice": move.name,
                "date": format_date(self.env, move.recovery_excluded_until),
                "promised": formatLang(
                    self.env,
                    move.recovery_promise_amount,
                    currency_obj=move.company_currency_id,
                ),
                "due": formatLang(
                    self.env, still_owed, currency_obj=move.company_currency_id
                ),
            }
            if move._recovery_promise_part()[2]:
                broken_lines[partner_id].append(
                    self.env._(
                        "Promise to pay not kept: %(promised)s promised on invoice "
                        "%(invoice)s by %(date)s, %(due)s still due. The reminders "
                        "resume.",
                        **values,
                    )
                )
            else:
                kept_lines[partner_id].append(
                    self.env._(
                        "Promise to pay kept on invoice %(invoice)s (%(promised)s by "
                        "%(date)s).",
                        **values,
                    )
                )
        partners = self.env["res.partner"]
        partners._recovery_log_notes(broken_lines)
        partners._recovery_log_notes(kept_lines)
        moves.write({"recovery_excluded": False})
        return partners.browse(list(broken_lines))

    def _recovery_promise_part(self):
        """``(due_when_promised, share, broken)`` of this invoice in its
        promise to pay, at today's residual (``tools/promises.py``)."""
        self.ensure_one()
        still_owed = self.amount_residual_signed if self.amount_residual > 0 else 0
        broken = promise_tools.invoice_part_broken(
            self.recovery_promise_residual,
            self.recovery_promise_amount,
            still_owed,
            self.company_currency_id.decimal_places,
        )
        return self.recovery_promise_residual, self.recovery_promise_amount, broken

    @api.model
    def _recovery_decide_promise_records(self, companies, today, moves):
        """Decide the open promises of ``companies`` whose date has passed,
        from ``moves`` (their invoices still excluded by the promise): kept,
        broken, or cancelled when none of their invoices is left. One search,
        one write per state."""
        Promise = self.env["debt.recovery.promise"].sudo()
        promises = Promise.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "open"),
                ("promise_date", "<", today),
            ]
        )
        if not promises:
            return Promise
        by_state = defaultdict(list)
        for promise in promises:
            judged = promise.invoice_ids & moves
            if not judged:
                by_state["cancelled"].append(promise.id)
                continue
            parts = []
            for move in judged:
                still_owed = (
                    move.amount_residual_signed if move.amount_residual > 0 else 0
                )
                parts.append(
                    (
                        move.recovery_promise_residual,
                        move.recovery_promise_amount,
                        still_owed,
                    )
                )
            state = promise_tools.promise_state(
                parts, promise.currency_id.decimal_places
            )
            by_state[state].append(promise.id)
        for state, ids in by_state.items():
            Promise.browse(ids).write({"state": state, "decided_on": today})
        return promises

    # ---- Legal figures ----
    def _recovery_is_chased(self):
        """Posted customer invoice with a due date."""
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and bool(self.invoice_date_due)
        )

    def _recovery_payment_events(self):
        """The debtor's payments applied to each invoice, in invoice currency,
        without the credit notes (see :meth:`_recovery_settlement_events`):
        ``{move_id: [(date, amount), ...]}``."""
        return self._recovery_settlement_events()[0]

    def _recovery_settlement_events(self):
        """What was applied to each invoice, in invoice currency, in one
        query for the whole recordset: ``(payments, credit_notes)``, each
        ``{move_id: [(date, amount), ...]}``.

        The two are apart because the law treats them apart: a payment is the
        debtor's act, it reduces the penalty base from the day after it and
        interrupts prescription (Code civil 2240); a credit note is the
        creditor's own act correcting the price: it interrupts nothing, and
        the amount it cancels was never owed, so it bears no penalty at all
        (:func:`tools.penalties.penalty_base`)."""
        payments, credit_notes = defaultdict(list), defaultdict(list)
        ids = [move_id for move_id in self.ids if isinstance(move_id, int)]
        if not ids:
            return payments, credit_notes
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model(["move_id", "account_id"])
        self.flush_model(["move_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT line.move_id, partial.max_date,
                       counterpart.move_type = 'out_refund',
                       SUM(partial.debit_amount_currency)
                  FROM account_partial_reconcile partial
                  JOIN account_move_line line ON line.id = partial.debit_move_id
                  JOIN account_move_line credit_line
                    ON credit_line.id = partial.credit_move_id
                  JOIN account_move counterpart ON counterpart.id = credit_line.move_id
                 WHERE line.move_id = ANY(%s)
                 GROUP BY line.move_id, partial.max_date,
                          counterpart.move_type = 'out_refund'
                 ORDER BY partial.max_date
                """,
                ids,
            )
        )
        for move_id, date, is_credit_note, amount in self.env.cr.fetchall():
            target = credit_notes if is_credit_note else payments
            target[move_id].append((date, Decimal(str(amount))))
        return payments, credit_notes

    @api.depends(
        "invoice_date_due", "delivery_date", "recovery_completion_date", "move_type"
    )
    def _compute_recovery_prescription_start(self):
        """The earliest date a court may start the prescription from: the
        completion of the works or service, the delivery, the due date
        (Cass. 3e civ., 1 March 2023, n° 21-23.176: completion, for claims
        against consumers under L218-2 C. conso.; the commercial chamber
        holds the same under Code civil 2224). ``delivery_date`` is Odoo's
        (set by sale_stock, or by hand on a draft invoice)."""
        for move in self:
            if move.move_type != "out_invoice":
                move.recovery_prescription_start = False
                continue
            move.recovery_prescription_start = deadline_tools.prescription_start(
                move.invoice_date_due,
                move.delivery_date,
                move.recovery_completion_date,
            )

    @api.constrains("recovery_mediation_start", "recovery_mediation_end")
    def _check_recovery_mediation(self):
        for move in self:
            start, end = move.recovery_mediation_start, move.recovery_mediation_end
            if end and not start:
                raise ValidationError(
                    self.env._(
                        "Invoice %(invoice)s: give the day the mediation or "
                        "conciliation began before the day it ended.",
                        invoice=move.display_name,
                    )
                )
            if start and end and end < start:
                raise ValidationError(
                    self.env._(
                        "Invoice %(invoice)s: the mediation cannot end "
                        "(%(end)s) before it began (%(start)s).",
                        invoice=move.display_name,
                        end=format_date(self.env, end),
                        start=format_date(self.env, start),
                    )
                )

    @api.depends_context("date")
    @api.depends(
        "invoice_date_due",
        "amount_total",
        "amount_residual",
        "payment_state",
        "state",
        "move_type",
        "commercial_partner_id.recovery_customer_type",
        "commercial_partner_id.is_company",
        "commercial_partner_id.recovery_collective_procedure",
        "commercial_partner_id.recovery_collective_procedure_date",
        "commercial_partner_id.recovery_public_kind",
        "commercial_partner_id.recovery_public_payment_days",
        "invoice_date",
        "delivery_date",
        "recovery_completion_date",
        "recovery_payment_request_date",
        "invoice_date",
        "delivery_date",
        "recovery_completion_date",
        "recovery_prescription_start",
        "recovery_acknowledgment_date",
        "recovery_mediation_start",
        "recovery_mediation_end",
        "recovery_case_ids.court_claim_date",
        "recovery_case_ids.instance_end_date",
        "recovery_case_ids.claim_void",
        "recovery_case_ids.state",
        "recovery_action_ids.state",
        "recovery_notice_ids.sent_date",
        "recovery_notice_ids.state",
    )
    def _compute_recovery_legal_figures(self):
        today = fields.Date.context_today(self)
        chased = self.filtered(lambda m: m._recovery_is_chased())
        (self - chased).update(
            {
                "recovery_days_overdue": 0,
                "recovery_penalty_amount": 0.0,
                "recovery_indemnity_amount": 0.0,
                "recovery_penalty_error": False,
                "recovery_penalty_warning": False,
                "recovery_prescription_date": False,
                "recovery_prescription_note": False,
            }
        )
        if not chased:
            return
        table = self.env["debt.recovery.rate"].sudo()._get_rate_table()
        payments, credit_notes = chased._recovery_settlement_events()
        events = self.env["debt.recovery.invoice.events"]
        b2c_start = events._consumer_interest_start(chased)
        # Only the debtor's payments interrupt prescription (C. civ. 2240),
        # not the credit notes.
        interruptions = events._prescription_interruptions(chased, payments)
        court_claims = events._court_claims(chased)
        demands = None  # written demands, read only for public persons
        for move in chased:
            figures = move._recovery_legal_figures(
                today,
                table,
                payments.get(move.id, ()),
                b2c_start.get(move.id),
                credit_notes=credit_notes.get(move.id, ()),
            )
            claims = court_claims.get(move.id, ())
            mediation = (
                [(move.recovery_mediation_start, move.recovery_mediation_end)]
                if move.recovery_mediation_start
                else []
            )
            commercial = move.commercial_partner_id
            if (
                commercial.recovery_is_public_buyer
                and commercial.recovery_public_kind in public_buyers.QUADRENNIAL_KINDS
            ):
                # Déchéance quadriennale (loi n° 68-1250, art. 1 and 2): from
                # 1 January after the year the claim arose, interrupted by
                # any written demand too.
                if demands is None:
                    demands = events._written_demands(chased)
                figures["recovery_prescription_date"] = (
                    public_buyers.quadrennial_prescription_date(
                        move.recovery_prescription_start or move.invoice_date_due,
                        [
                            *interruptions.get(move.id, ()),
                            *demands.get(move.id, ()),
                        ],
                        court_claims=claims,
                    )
                )
            else:
                figures["recovery_prescription_date"] = (
                    deadline_tools.prescription_date(
                        move.recovery_prescription_start or move.invoice_date_due,
                        not commercial.recovery_is_consumer,
                        interruptions.get(move.id, ()),
                        suspensions=mediation,
                        court_claims=claims,
                    )
                )
            figures["recovery_prescription_note"] = events._prescription_note(
                move, claims
            )
            move.update(figures)

    @api.depends(
        "move_type",
        "invoice_date",
        "invoice_date_due",
        "commercial_partner_id.country_id",
        "commercial_partner_id.recovery_customer_type",
        "commercial_partner_id.is_company",
    )
    def _compute_recovery_term_warning(self):
        for move in self:
            move.recovery_term_warning = move._recovery_term_warning() or False

    def _recovery_term_warning(self):
        """The L441-10 I warning of a customer invoice to a professional in
        France whose due date is beyond every maximum (tools/deadlines.py),
        or ``""``. Consumers and public buyers (CCP L2192-10, handled by the
        regulated due date) are not concerned."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        country = commercial.country_id or self.company_id.country_id
        if (
            self.move_type != "out_invoice"
            or not commercial
            or commercial.recovery_is_consumer
            or commercial.recovery_is_public_buyer
            or (country and country.code != "FR")
            or not deadline_tools.b2b_term_exceeds(
                self.invoice_date or fields.Date.context_today(self),
                self.invoice_date_due,
            )
        ):
            return ""
        invoice_date = self.invoice_date or fields.Date.context_today(self)
        return self.env._(
            "The due date %(due)s is beyond the longest payment period allowed "
            "between professionals (60 days from the invoice date or 45 days end "
            "of month, here %(latest)s; 45 days for periodic invoices): art. "
            "L441-10 I Code de commerce. Exceeding it exposes the company to an "
            "administrative fine (art. L441-16).",
            due=format_date(self.env, self.invoice_date_due),
            latest=format_date(
                self.env, deadline_tools.b2b_latest_due_date(invoice_date)
            ),
        )

    @api.depends(
        "invoice_date_due",
        "invoice_date",
        "delivery_date",
        "recovery_completion_date",
        "recovery_payment_request_date",
        "commercial_partner_id.recovery_customer_type",
        "commercial_partner_id.recovery_public_payment_days",
    )
    def _compute_recovery_interest_due_date(self):
        for move in self:
            move.recovery_interest_due_date = move._recovery_interest_due()

    def _recovery_interest_due(self):
        """The due date from the day after which penalties and the 40 € run.
        A public buyer cannot have longer than the regulated period from the
        receipt of the payment request (CCP L2192-10; R2192-12 to R2192-14
        for the receipt): the earlier of Odoo's due date and that period's
        end. Anyone else: Odoo's due date."""
        self.ensure_one()
        due = self.invoice_date_due
        commercial = self.commercial_partner_id
        if not commercial.recovery_is_public_buyer:
            return due
        receipt = public_buyers.payment_request_receipt(
            self.recovery_payment_request_date,
            self.invoice_date,
            self.recovery_completion_date or self.delivery_date,
        )
        return public_buyers.regulated_due_date(
            due, receipt, commercial.recovery_public_payment_days
        )

    def _recovery_legal_figures(
        self,
        until,
        table,
        payments,
        b2c_start=None,
        with_segments=False,
        credit_notes=(),
    ):
        """Penalties, indemnity and days overdue of one invoice at ``until``;
        with ``with_segments``, also ``"segments"``: the
        :class:`tools.penalties.PenaltyResult` of the penalties (None when
        nothing is computed), whose segments the letters print.
        ``payments``: the debtor's payments; ``credit_notes``: the credit
        notes applied, which lower the base from the due date
        (:func:`tools.penalties.penalty_base`)."""
        self.ensure_one()
        due = self._recovery_interest_due()
        unpaid = not self._recovery_is_settled()
        days = (until - due).days if unpaid and due < until else 0
        late = due < until and (days > 0 or any(date > due for date, _amt in payments))
        commercial = self.commercial_partner_id
        is_b2b = not commercial.recovery_is_consumer
        result = {
            "recovery_days_overdue": max(days, 0),
            "recovery_penalty_amount": 0.0,
            "recovery_indemnity_amount": 0.0,
            "recovery_penalty_error": False,
            "recovery_penalty_warning": False,
        }
        if with_segments:
            result["segments"] = None
        # Collective procedure of the customer (tools/collective.py): a claim
        # born before the opening (by its delivery or completion date, Cass.
        # com. 27 Sept 2011) bears penalties to the day before it (C. com.
        # L622-28) and the indemnity only if its due date came before the
        # opening (L441-10 II, last sentence: not owed when the opening
        # forbids payment at the due date); a claim born on or after the
        # opening runs as usual (L622-17). Opening date unknown: nothing is
        # claimed.
        penalty_until = until
        if commercial.recovery_collective_procedure:
            opening = commercial.recovery_collective_procedure_date
            born_on = self._recovery_claim_date()[0]
            penalty_until = collective_tools.penalty_end(until, born_on, opening)
            if penalty_until is None:
                return result
            if not collective_tools.born_before_opening(born_on, opening):
                pass  # L622-17: as usual
            elif not collective_tools.indemnity_owed(due, born_on, opening):
                late = False
            else:
                # Due before the opening: late from the day after its due date
                # at the latest on the opening day, when the claim is frozen
                # and declared as it stands (an invoice due the day before
                # the opening is late although ``penalty_until`` is its due
                # date: its 40 EUR is declared, L441-10 II last sentence).
                late = due <= penalty_until and (
                    unpaid or any(date > due for date, _amt in payments)
                )
        try:
            penalty = self._recovery_penalty_result(
                penalty_until, table, payments, b2c_start, credit_notes
            )
            result["recovery_penalty_amount"] = float(penalty.amount)
            # A missing legal rate leaves the contractual floor unchecked
            # but never stops penalties that need only the ECB or the
            # contractual rate (L441-10 II): said, not failed.
            result["recovery_penalty_warning"] = penalty.warning() or False
            if with_segments:
                result["segments"] = penalty
        except (rate_tools.MissingRateError, penalty_tools.RateBelowFloorError) as err:
            result["recovery_penalty_error"] = str(err)
        if late:
            # 40 EUR fixed by law (C. com. D441-5; CCP D2192-35 for a public
            # buyer): not a setting.
            result["recovery_indemnity_amount"] = float(
                penalty_tools.recovery_indemnity(is_b2b, max(days, 1))
            )
        return result

    def _recovery_penalty_result(
        self, until, table, payments, b2c_start=None, credit_notes=()
    ):
        """The :class:`tools.penalties.PenaltyResult` of this invoice at
        ``until``, by the customer's regime: public buyer (CCP R2192-31,
        whatever the company's setting), professional (L441-10 II, the
        company's rate mode) or consumer (legal interest from the notice).
        The base is the price after the credit notes applied."""
        commercial = self.commercial_partner_id
        amount = penalty_tools.penalty_base(self.amount_total, credit_notes)
        due = self._recovery_interest_due()
        if commercial.recovery_is_public_buyer:
            return penalty_tools.public_buyer_penalties(
                amount, due, until, payments=payments, table=table
            )
        if not commercial.recovery_is_consumer:
            return penalty_tools.b2b_penalties(
                amount,
                due,
                until,
                payments=payments,
                table=table,
                **self.company_id._debt_recovery_penalty_settings(),
            )
        return penalty_tools.b2c_interest(
            amount, b2c_start, until, payments=payments, table=table
        )

    # ---- Buttons ----
    def action_view_recovery_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_action_action"
        )
        action["domain"] = [("invoice_ids", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    def action_create_recovery_notice(self):
        """Draft formal notices for the selected invoices, one per customer
        and currency."""
        invoices = self.filtered(lambda m: m._recovery_is_open())
        if not invoices:
            raise UserError(
                self.env._(
                    "Select posted customer invoices that are still unpaid to "
                    "prepare a formal notice."
                )
            )
        busy = invoices.filtered(
            lambda m: any(n.state in n.OPEN_STATES for n in m.recovery_notice_ids)
        )
        if busy:
            raise UserError(
                self.env._(
                    "Invoices %(invoices)s are already in an open formal notice.",
                    invoices=", ".join(busy.mapped("name")),
                )
            )
        Notice = self.env["debt.recovery.notice"]
        # A notice claims one currency: one per customer and currency.
        groups = invoices.grouped(
            lambda m: (m.company_id, m.commercial_partner_id, m.currency_id)
        )
        notices = Notice.create(
            [
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "invoice_ids": [fields.Command.set(moves.ids)],
                    "deadline_days": company.debt_recovery_notice_days,
                }
                for (company, partner, _currency), moves in groups.items()
            ]
        )
        return notices._recovery_open_action()

    def action_view_recovery_notices(self):
        self.ensure_one()
        return self.recovery_notice_ids._recovery_open_action()

    def action_view_recovery_cases(self):
        self.ensure_one()
        return self.recovery_case_ids._recovery_open_action()

    def action_view_recovery_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.recovery.plan",
            "res_id": self.recovery_plan_id.id,
            "view_mode": "form",
        }

    # ---- Suspension ----
    def _recovery_update_customers_suspension(self):
        """Apply the suspension rule to the customers of these invoices; under
        ``defer_suspension`` (models/debt_recovery_recheck.py), only mark them
        for the re-examination that follows the transaction."""
        invoices = self.sudo().filtered(lambda move: move.move_type == "out_invoice")
        if not invoices:
            return
        if suspension_deferred(self.env):
            self.env["debt.recovery.recheck"]._recovery_mark(invoices)
            return
        self.env["debt.recovery.suspension"]._recovery_update(
            invoices.commercial_partner_id, companies=invoices.company_id
        )

    # ---- The customer's recovery page (portal) ----
    recovery_portal_dispute_on = fields.Datetime(
        string="Disputed online on", copy=False, readonly=True
    )
    recovery_portal_dispute_reason = fields.Text(
        string="Reason given online", copy=False, readonly=True
    )

    def _recovery_portal_dispute_state(self):
        """What the customer sees of its dispute."""
        self.ensure_one()
        if self.recovery_excluded and self.recovery_exclusion_reason == "dispute":
            return self.env._("Under review")
        if self.payment_state in ("paid", "in_payment", "reversed"):
            return self.env._("Closed")
        return self.env._("Reviewed: the invoice is due")

    # ---- Invoices under the recovery evidence ----
    # Resetting to draft, cancelling, crediting or deleting an invoice claimed
    # by the recovery is refused to everyone but a recovery manager, who gives
    # a reason (wizards/debt_recovery_invoice_release.py).
    def button_draft(self):
        self.env["debt.recovery.invoice.release"]._check(self, "draft")
        return super().button_draft()

    def button_cancel(self):
        self.env["debt.recovery.invoice.release"]._check(self, "cancel")
        return super().button_cancel()

    def _reverse_moves(self, default_values_list=None, cancel=False):
        self.env["debt.recovery.invoice.release"]._check(self, "reverse")
        return super()._reverse_moves(default_values_list, cancel=cancel)

    def unlink(self):
        self.env["debt.recovery.invoice.release"]._check(self, "unlink")
        return super().unlink()
