import logging
from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import deadlines as deadline_tools
from ..tools import penalties as penalty_tools
from ..tools import rates as rate_tools

_logger = logging.getLogger(__name__)


class AccountMove(models.Model):
    _inherit = "account.move"

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
    # Exclusion from the ladder: dispute, promise to pay, other.
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

    # Legal figures at today's date (LEGAL.md sections 1, 3 and 5).
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
    recovery_prescription_start = fields.Date(
        string="Prescription start",
        copy=False,
        help="Day the time limit to sue starts. Empty: the due date. Courts may "
        "use the delivery or performance date instead.",
    )
    recovery_acknowledgment_date = fields.Date(
        string="Debt acknowledged on",
        copy=False,
        help="Date of a signed acknowledgment of debt: it interrupts prescription.",
    )
    recovery_prescription_date = fields.Date(
        string="Time-barred on",
        compute="_compute_recovery_legal_figures",
        help="After this date the claim can no longer be brought to court: 5 years "
        "between professionals, 2 years against a consumer, restarting from the "
        "last acknowledgment or payment.",
    )

    def write(self, vals):
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
        return super().write(vals)

    def action_view_recovery_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_action_action"
        )
        action["domain"] = [("invoice_ids", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------ daily job
    @api.model
    def _recovery_candidate_conditions(self, today):
        """SQL conditions (on the alias ``move`` and ``customer``, the
        commercial partner) an invoice meets to move up the ladder. The
        installment plans, notices and litigation files add theirs."""
        return [
            SQL("move.move_type = 'out_invoice'"),
            SQL("move.state = 'posted'"),
            SQL("move.payment_state IN ('not_paid', 'partial')"),
            SQL("move.amount_residual > 0"),
            SQL("move.invoice_date_due < %s", today),
            SQL("NOT COALESCE(customer.recovery_collective_procedure, FALSE)"),
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
        ]

    def _recovery_snapshot(self, today):
        """Amounts of each invoice at ``today``, in company currency:
        ``{move_id: {"due", "penalty", "indemnity", "error"}}``."""
        table = self.env["debt.recovery.rate"].sudo()._get_rate_table()
        payments = self._recovery_payment_events()
        b2c_start = self._recovery_b2c_interest_start()
        result = {}
        for move in self:
            figures = move._recovery_legal_figures(
                today, table, payments.get(move.id, ()), b2c_start.get(move.id)
            )
            penalty = figures["recovery_penalty_amount"]
            if move.currency_id != move.company_currency_id:
                penalty = move.currency_id._convert(
                    penalty, move.company_currency_id, move.company_id, today
                )
            result[move.id] = {
                "due": Decimal(str(move.amount_residual_signed)),
                "penalty": Decimal(str(penalty)),
                "indemnity": Decimal(str(figures["recovery_indemnity_amount"])),
                "error": figures["recovery_penalty_error"],
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

    def _recovery_is_chased(self):
        """Posted customer invoice with a due date."""
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and bool(self.invoice_date_due)
        )

    def _recovery_payment_events(self):
        """Payments and credits applied to each invoice, in invoice currency.

        One query for the whole recordset: ``{move_id: [(date, amount), ...]}``.
        """
        events = defaultdict(list)
        ids = [move_id for move_id in self.ids if isinstance(move_id, int)]
        if not ids:
            return events
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model(["move_id", "account_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT line.move_id, partial.max_date, SUM(partial.debit_amount_currency)
                  FROM account_partial_reconcile partial
                  JOIN account_move_line line ON line.id = partial.debit_move_id
                 WHERE line.move_id = ANY(%s)
                 GROUP BY line.move_id, partial.max_date
                 ORDER BY partial.max_date
                """,
                ids,
            )
        )
        for move_id, date, amount in self.env.cr.fetchall():
            events[move_id].append((date, Decimal(str(amount))))
        return events

    def _recovery_b2c_interest_start(self):
        """Date legal interest starts for a consumer (receipt of the formal
        notice); ``{move_id: date}``. Extended by the formal notice."""
        return {}

    def _recovery_prescription_interruptions(self, payment_events):
        """Dates that restarted prescription, ``{move_id: [date, ...]}``."""
        result = defaultdict(list)
        for move in self:
            result[move.id].extend(
                date for date, _amount in payment_events.get(move.id, ())
            )
            if move.recovery_acknowledgment_date:
                result[move.id].append(move.recovery_acknowledgment_date)
        return result

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
        "recovery_prescription_start",
        "recovery_acknowledgment_date",
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
                "recovery_prescription_date": False,
            }
        )
        if not chased:
            return
        table = self.env["debt.recovery.rate"].sudo()._get_rate_table()
        payments = chased._recovery_payment_events()
        b2c_start = chased._recovery_b2c_interest_start()
        interruptions = chased._recovery_prescription_interruptions(payments)
        for move in chased:
            figures = move._recovery_legal_figures(
                today, table, payments.get(move.id, ()), b2c_start.get(move.id)
            )
            figures["recovery_prescription_date"] = deadline_tools.prescription_date(
                move.recovery_prescription_start or move.invoice_date_due,
                not move.commercial_partner_id.recovery_is_consumer,
                interruptions.get(move.id, ()),
            )
            move.update(figures)

    def _recovery_legal_figures(self, until, table, payments, b2c_start=None):
        """Penalties, indemnity and days overdue of one invoice at ``until``."""
        self.ensure_one()
        company = self.company_id
        due = self.invoice_date_due
        unpaid = self.payment_state not in ("paid", "in_payment", "reversed")
        days = (until - due).days if unpaid and due < until else 0
        late = due < until and (days > 0 or any(date > due for date, _amt in payments))
        is_b2b = not self.commercial_partner_id.recovery_is_consumer
        result = {
            "recovery_days_overdue": max(days, 0),
            "recovery_penalty_amount": 0.0,
            "recovery_indemnity_amount": 0.0,
            "recovery_penalty_error": False,
        }
        if self.commercial_partner_id.recovery_collective_procedure:
            # Nothing may be claimed from a debtor under a collective procedure.
            return result
        try:
            if is_b2b:
                penalty = penalty_tools.b2b_penalties(
                    Decimal(str(self.amount_total)),
                    due,
                    until,
                    payments=payments,
                    table=table,
                    **company._debt_recovery_penalty_settings(),
                )
            else:
                penalty = penalty_tools.b2c_interest(
                    Decimal(str(self.amount_total)),
                    b2c_start,
                    until,
                    payments=payments,
                    table=table,
                )
            result["recovery_penalty_amount"] = float(penalty.amount)
        except (rate_tools.MissingRateError, penalty_tools.RateBelowFloorError) as err:
            result["recovery_penalty_error"] = str(err)
        if late:
            result["recovery_indemnity_amount"] = float(
                penalty_tools.recovery_indemnity(
                    is_b2b,
                    max(days, 1),
                    amount=Decimal(str(company.debt_recovery_indemnity_amount)),
                )
            )
        return result

    @api.depends(
        "recovery_level_id",
        "recovery_last_date",
        "invoice_date_due",
        "payment_state",
        "state",
        "move_type",
        "recovery_excluded",
        "recovery_excluded_until",
    )
    def _compute_recovery_next_step(self):
        # The ladder of each company, read once: the next step of an invoice
        # is the first one after the step it reached.
        ladders = {}
        for move in self:
            if (
                move.move_type != "out_invoice"
                or move.state != "posted"
                or move.payment_state in ("paid", "in_payment", "reversed")
                or not move.invoice_date_due
                or (move.recovery_excluded and not move.recovery_excluded_until)
            ):
                # Not chased, or excluded with no end (e.g. a dispute).
                move.recovery_next_level_id = False
                move.recovery_next_date = False
                continue
            company = move.company_id
            if company not in ladders:
                ladders[company] = list(
                    self.env["debt.recovery.level"]
                    .sudo()
                    .search([("company_id", "=", company.id)])
                )
            current = move.recovery_level_id
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
