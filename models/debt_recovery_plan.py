"""Installment plans ("échéanciers"; Code civil 1342-4, 1343-5, 1376, 2240).

A plan groups open invoices of one customer and spreads what is due over
dated installments. While it is active its invoices leave the recovery
ladder; the customer's payments reconciled with them fill the installments
in date order. The daily job marks the installments late after the grace
days and breaks the plan (acceleration clause) so that the ladder resumes.
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, format_list
from odoo.tools.misc import formatLang

from ..tools import formatting, letter_data, pdf_batch
from ..tools import schedule as schedule_tools
from ..tools.schedule import CONSUMER_NOTICE_MIN_DAYS
from .debt_recovery_document import MANAGER_GROUP, in_recovery_flow
from .debt_recovery_letter import _short
from .debt_recovery_notice import _amount

#: Days given to return the signed agreement, by default.
REPLY_DAYS = 15
#: The documents to sign, and the report that prints each.
PLAN_KINDS = ("echeancier", "reconnaissance_dette")
REPORTS = {
    "echeancier": "l10n_fr_debt_recovery.report_debt_recovery_plan_agreement",
    "reconnaissance_dette": "l10n_fr_debt_recovery.report_debt_recovery_plan_acknowledgment",
}


class DebtRecoveryPlan(models.Model):
    _name = "debt.recovery.plan"
    _description = "Installment Plan"
    _inherit = ["debt.recovery.document"]

    # What was agreed stays agreed (models/debt_recovery_document.py):
    # created as a draft; proposed, its terms are frozen, signed, what the
    # customer signed too, and kept after a cancellation (the table of
    # tools/frozen_fields.py). A plan paid into, past the proposal or with a
    # signed copy is never deleted: cancelled with a reason.
    _recovery_history_states = ("proposed", "active", "completed", "breached")
    _recovery_deletable_states = ("draft", "cancelled")

    # The states other files use, by name (models/debt_recovery_document.py).
    # A plan has four notions, because a draft or a proposal does not stop
    # the reminders yet, while a plan signed and over still counts in law:
    #: not over: an invoice is in one open plan at most (checked on save),
    #: shown as the invoice's plan, its installments filled by the payments;
    OPEN_STATES = ("draft", "proposed", "active")
    #: signed and being paid: the ladder pauses for its invoices (no next
    #: step, the daily job leaves them; ``HOLD_STATES``) and the notices of its
    #: invoices go to court only if it is broken;
    RUNNING_STATES = ("active",)
    HOLD_STATES = RUNNING_STATES
    #: put to the customer and not over: what the customer's page and the
    #: worklist show (a draft is still the accountant's work);
    OFFERED_STATES = ("proposed", "active")
    #: signed by the customer, running or over: what was signed is frozen, and
    #: the installments paid under it interrupt prescription for the whole
    #: debt of the plan (Code civil art. 2240).
    SIGNED_STATES = ("active", "completed", "breached")

    partner_id = fields.Many2one(tracking=True)
    date = fields.Date(
        string="Plan date", required=True, default=fields.Date.context_today
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "debt_recovery_plan_invoice_rel",
        "plan_id",
        "invoice_id",
        string="Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('amount_residual', '>', 0), ('commercial_partner_id', '=', partner_id)]",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    origin_action_id = fields.Many2one(
        "debt.recovery.action",
        string="Proposed after",
        readonly=True,
        check_company=True,
        help="Recovery step (e.g. the firm reminder) after which the plan was offered.",
    )
    line_ids = fields.One2many(
        "debt.recovery.plan.line", "plan_id", string="Installments", copy=True
    )
    frequency = fields.Selection(
        [("weekly", "Weekly"), ("monthly", "Monthly"), ("quarterly", "Quarterly")],
        default="monthly",
        required=True,
    )
    acceleration_clause = fields.Boolean(
        string="Acceleration clause",
        default=True,
        tracking=True,
        help="An installment still unpaid after the grace days makes the whole "
        "remaining balance due at once (déchéance du terme): the plan is broken "
        "and its invoices go back on the recovery ladder.",
    )
    grace_days = fields.Integer(
        string="Grace days",
        default=lambda self: self.env.company.debt_recovery_plan_grace_days,
        help="Days after an installment's date before it counts as late.",
    )
    # Consumers: no acceleration "sans autre formalité". A clause making the
    # whole balance due without a formal notice giving a reasonable period is
    # abusive (C. conso. L212-1; Cass. 1re civ., 22 March 2023, n° 21-16.044,
    # 8 days held too short; Cass. 1re civ., 29 May 2024, n° 23-12.904, 15
    # days held too short as well: the floor is above 15 days,
    # CONSUMER_NOTICE_MIN_DAYS). The plan of a consumer is
    # broken only once a formal notice to pay the late installment was
    # received and this period ran out unpaid.
    is_consumer = fields.Boolean(
        string="Consumer", related="partner_id.recovery_is_consumer"
    )
    acceleration_notice_days = fields.Integer(
        string="Notice period before acceleration (days)",
        compute="_compute_acceleration_notice_days",
        store=True,
        readonly=False,
        help="Consumers: after a late installment, a formal notice gives this "
        "many days from its receipt to pay it; only then does the whole balance "
        "become due (more than 15 days: 15 days were held abusive).",
    )
    acceleration_notice_date = fields.Date(
        string="Notice before acceleration received on",
        copy=False,
        tracking=True,
        help="Consumers: day the customer received the formal notice to pay the "
        "late installment (acknowledgment of receipt). The plan is broken when "
        "the period has run out and an installment is still late.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("proposed", "Proposed"),
            ("active", "Active"),
            ("completed", "Completed"),
            ("breached", "Breached"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    proposed_date = fields.Date(string="Proposed on", readonly=True, copy=False)
    reply_by = fields.Date(
        string="Signed copy expected by",
        copy=False,
        help="Date by which the customer should return the signed agreement.",
    )
    acceptance_date = fields.Date(
        string="Accepted on",
        copy=False,
        tracking=True,
        help="Date the customer accepted the plan (signature of the agreement).",
    )
    signed_document = fields.Binary(string="Signed copy", attachment=True, copy=False)
    signed_document_name = fields.Char(string="Signed copy file name", copy=False)
    # Not ticked by default: ticked, the activation records an interruption
    # of prescription (Code civil art. 2240), which only a signed
    # acknowledgment gives.
    acknowledgment_signed = fields.Boolean(
        string="Acknowledgment of debt signed",
        default=False,
        copy=False,
        help="The signed copy includes the acknowledgment of debt: it interrupts "
        "the prescription of the invoices on the acceptance date.",
    )
    breach_date = fields.Date(string="Broken on", readonly=True, copy=False)
    completion_date = fields.Date(string="Completed on", readonly=True, copy=False)
    note = fields.Text()
    # Partial reconciliations up to this id existed when the plan was made:
    # only the later ones pay installments.
    reconcile_watermark = fields.Integer(
        string="Last reconciliation before the plan", readonly=True, copy=False
    )

    amount_total = fields.Monetary(
        string="Total", compute="_compute_amount_total", store=True
    )
    amount_invoices = fields.Monetary(
        string="Invoices still due",
        compute="_compute_amount_invoices",
        help="What the plan's invoices still owe.",
    )
    amount_paid = fields.Monetary(string="Paid", readonly=True, copy=False)
    amount_residual = fields.Monetary(
        string="Remaining", compute="_compute_amount_residual", store=True
    )
    amount_late = fields.Monetary(string="Amount late", readonly=True, copy=False)
    next_date = fields.Date(string="Next installment", readonly=True, copy=False)
    next_amount = fields.Monetary(
        string="Next installment amount", readonly=True, copy=False
    )
    months_span = fields.Integer(
        string="Duration (months)", compute="_compute_months_span"
    )
    duration_warning = fields.Char(
        string="Duration warning", compute="_compute_months_span"
    )

    _sql_constraints = [
        (
            "grace_days_positive",
            "CHECK(grace_days >= 0)",
            "The grace days cannot be negative.",
        ),
    ]

    # --------------------------------------------------------------- computes
    @api.depends("partner_id", "company_id")
    def _compute_acceleration_notice_days(self):
        for plan in self:
            if plan.partner_id.recovery_is_consumer:
                plan.acceleration_notice_days = (
                    plan.company_id or self.env.company
                ).debt_recovery_plan_consumer_notice_days
            else:
                plan.acceleration_notice_days = 0

    @api.constrains("acceleration_clause", "acceleration_notice_days", "partner_id")
    def _check_acceleration_notice_days(self):
        for plan in self:
            if (
                plan.acceleration_clause
                and plan.partner_id.recovery_is_consumer
                and plan.acceleration_notice_days < CONSUMER_NOTICE_MIN_DAYS
            ):
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s: the customer is a consumer, so the balance "
                        "can become due only after a formal notice giving more "
                        "than 15 days to pay the late installment (15 days were "
                        "held abusive, Cass. 1re civ., 29 May 2024, n° 23-12.904). "
                        "Set the notice period to %(days)s days or more.",
                        plan=plan.name or "",
                        days=CONSUMER_NOTICE_MIN_DAYS,
                    )
                )

    def _recovery_acceleration_due(self, today):
        """Consumer plans whose formal notice before acceleration was
        received and whose period ran out with an installment still late:
        on ``received + days`` the customer can still pay, the plan breaks
        the day after. Worked example in tests/test_plan.py."""
        return self.filtered(
            lambda p: (
                p.acceleration_clause
                and p.is_consumer
                and p.acceleration_notice_date
                and p.amount_late > 0
                and p.acceleration_notice_date
                + timedelta(days=p.acceleration_notice_days)
                < today
            )
        )

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for plan in self:
            plan.invoice_count = len(plan.invoice_ids)

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for plan in self:
            plan.amount_total = sum(plan.line_ids.mapped("amount"))

    @api.depends("invoice_ids.amount_residual")
    def _compute_amount_invoices(self):
        # In the invoices' currency (the plan's), not the company's.
        for plan in self:
            plan.amount_invoices = sum(plan.invoice_ids.mapped("amount_residual"))

    @api.depends("amount_total", "amount_paid")
    def _compute_amount_residual(self):
        for plan in self:
            plan.amount_residual = max(plan.amount_total - plan.amount_paid, 0.0)

    @api.depends("line_ids.date", "acceptance_date", "date")
    def _compute_months_span(self):
        for plan in self:
            schedule = [(line.date, line.amount) for line in plan.line_ids if line.date]
            span = schedule_tools.months_span(
                schedule, start=plan.acceptance_date or plan.date
            )
            plan.months_span = span
            plan.duration_warning = (
                span > schedule_tools.MAX_JUDICIAL_MONTHS
                and plan._recovery_duration_warning(span)
            )

    def _recovery_duration_warning(self, months):
        return self.env._(
            "This plan runs over %(months)s months. A judge may spread a debt over "
            "at most 24 months (article 1343-5 of the Code civil): check that the "
            "customer can really keep it.",
            months=months,
        )

    # ---------------------------------------------------------------- create
    @api.model_create_multi
    def create(self, vals_list):
        self.env["account.partial.reconcile"].flush_model()
        self.env.cr.execute(
            "SELECT COALESCE(MAX(id), 0) FROM account_partial_reconcile"
        )
        watermark = self.env.cr.fetchone()[0]
        flow = in_recovery_flow(self.env)
        for vals in vals_list:
            # A flow field (tools/frozen_fields.py): a client's value is
            # replaced by the last reconciliation at the plan's creation.
            if flow:
                vals.setdefault("reconcile_watermark", watermark)
            else:
                vals["reconcile_watermark"] = watermark
        return super().create(vals_list)

    def _recovery_before_write(self, vals):
        """The plans running before a change of state."""
        return self.filtered(lambda p: "state" in vals and p.state == "active")

    def _recovery_after_write(self, vals, before):
        """Plans that start or stop running: their invoices' next step."""
        if "state" not in vals:
            return
        now_active = self.filtered(lambda p: p.state == "active")
        changed = (before - now_active) | (now_active - before)
        changed.invoice_ids.sudo()._recovery_recompute_next_step()

    def _recovery_evidence_state(self):
        """A plan cancelled after it was signed keeps what was signed."""
        self.ensure_one()
        if self.state == "cancelled" and self._recovery_signed():
            return "cancelled_signed"
        return self.state

    def _recovery_signed(self):
        """Whether the customer signed it: an acceptance date or a signed
        copy is recorded."""
        self.ensure_one()
        return bool(self.acceptance_date or self.signed_document)

    def _recovery_undeletable(self):
        """Past the proposal, paid into or signed (whatever its state)."""
        return (
            self.filtered(lambda p: p.state not in self._recovery_deletable_states)
            | self._recovery_paid_into()
            | self.filtered(lambda p: p._recovery_signed())
        )

    def _recovery_paid_into(self):
        """The plans into which the customer paid since they were made (one
        query for all)."""
        payments = self._recovery_plan_payments(self.ids)
        return self.filtered(lambda p: payments.get(p.id))

    @api.constrains("invoice_ids", "partner_id", "state")
    def _check_invoices(self):
        for plan in self:
            wrong = plan.invoice_ids.filtered(
                lambda m, p=plan: (
                    m.move_type != "out_invoice"
                    or m.state != "posted"
                    or m.commercial_partner_id != p.partner_id.commercial_partner_id
                )
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "Only posted customer invoices of %(customer)s can be in the "
                        "plan %(plan)s; remove %(invoices)s.",
                        customer=plan.partner_id.display_name,
                        plan=plan.name,
                        invoices=format_list(self.env, wrong.mapped("name")),
                    )
                )
            if len(plan.invoice_ids.currency_id) > 1:
                raise ValidationError(
                    self.env._(
                        "An installment plan is in one currency: the invoices of "
                        "%(plan)s are in %(currencies)s. Make one plan per currency.",
                        plan=plan.name,
                        currencies=format_list(
                            self.env, plan.invoice_ids.currency_id.mapped("name")
                        ),
                    )
                )
        open_plans = self.filtered(lambda p: p.state in self.OPEN_STATES)
        if not open_plans:
            return
        self.flush_model(["state", "invoice_ids"])
        self.env.cr.execute(
            SQL(
                """
                SELECT move.name, other.name
                  FROM debt_recovery_plan_invoice_rel mine
                  JOIN debt_recovery_plan_invoice_rel rel
                       ON rel.invoice_id = mine.invoice_id AND rel.plan_id != mine.plan_id
                  JOIN debt_recovery_plan other ON other.id = rel.plan_id
                  JOIN account_move move ON move.id = mine.invoice_id
                 WHERE mine.plan_id = ANY(%s) AND other.state IN %s
                 LIMIT 1
                """,
                open_plans.ids,
                self.OPEN_STATES,
            )
        )
        row = self.env.cr.fetchone()
        if row:
            raise ValidationError(
                self.env._(
                    "The invoice %(invoice)s is already in the installment plan "
                    "%(plan)s: cancel that plan first.",
                    invoice=row[0],
                    plan=row[1],
                )
            )

    # --------------------------------------------------------------- buttons
    def _recovery_check_schedule(self):
        for plan in self:
            if not plan.invoice_ids:
                raise UserError(
                    self.env._(
                        "Add the invoices covered by the plan %(plan)s.", plan=plan.name
                    )
                )
            if not plan.line_ids:
                raise UserError(
                    self.env._(
                        "The plan %(plan)s has no installment: add them.",
                        plan=plan.name,
                    )
                )
            if any(line.amount <= 0 or not line.date for line in plan.line_ids):
                raise UserError(
                    self.env._(
                        "Every installment of the plan %(plan)s needs a date and a "
                        "positive amount.",
                        plan=plan.name,
                    )
                )

    def action_propose(self):
        """Send the agreement and the acknowledgment of debt to be signed."""
        plans = self.filtered(lambda p: p.state == "draft")
        plans._recovery_check_schedule()
        self = self._recovery_company_lang()  # the notes below in its language
        plans = plans._recovery_company_lang()
        today = fields.Date.context_today(self)
        for plan in plans._recovery_flow():
            plan.write(
                {
                    "state": "proposed",
                    "proposed_date": today,
                    "reply_by": plan._recovery_reply_by(today),
                }
            )
        plans._recovery_attach_letters()
        for plan in plans:
            plan._recovery_log(
                self.env._(
                    "Installment plan %(plan)s proposed: %(count)s installments, "
                    "%(amount)s, invoices %(invoices)s.",
                    plan=plan.name,
                    count=len(plan.line_ids),
                    amount=plan._recovery_format_amount(plan.amount_total),
                    invoices=format_list(self.env, plan.invoice_ids.mapped("name")),
                ),
                partner=True,
            )
        return True

    def _recovery_reply_by(self, date):
        """Date to return the signed agreement: the one set, else 15 days
        after ``date``."""
        self.ensure_one()
        return self.reply_by or fields.Date.add(date, days=REPLY_DAYS)

    def action_activate(self):
        """The customer accepted: the plan runs, its invoices leave the ladder."""
        for plan in self:
            if plan.state not in ("draft", "proposed"):
                raise UserError(
                    self.env._(
                        "The plan %(plan)s is %(state)s: only a draft or proposed plan "
                        "can be activated.",
                        plan=plan.name,
                        state=plan._recovery_state_label(),
                    )
                )
            if not plan.acceptance_date:
                raise UserError(
                    self.env._(
                        "Enter the date the customer accepted the plan %(plan)s before "
                        "activating it.",
                        plan=plan.name,
                    )
                )
            if not plan.signed_document:
                raise UserError(
                    self.env._(
                        "Attach the copy of the plan %(plan)s signed by the customer "
                        "before activating it.",
                        plan=plan.name,
                    )
                )
        self._recovery_check_schedule()
        self = self._recovery_company_lang()  # the notes below in its language
        self._recovery_flow().write({"state": "active"})
        for plan in self:
            if plan.acknowledgment_signed:
                plan._recovery_record_acknowledgment()
            plan._recovery_log(
                self.env._(
                    "Installment plan %(plan)s accepted on %(date)s: the invoices "
                    "%(invoices)s leave the recovery ladder while it is kept.",
                    plan=plan.name,
                    date=plan._recovery_format_date(plan.acceptance_date),
                    invoices=format_list(self.env, plan.invoice_ids.mapped("name")),
                ),
                partner=True,
                invoices=True,
            )
        self._recovery_refresh_payments()
        return True

    def _recovery_record_acknowledgment(self):
        """The signed acknowledgment of debt interrupts prescription (Code
        civil 2240) on the acceptance date."""
        self.ensure_one()
        invoices = self.invoice_ids.sudo().filtered(
            lambda m, d=self.acceptance_date: (
                not m.recovery_acknowledgment_date or m.recovery_acknowledgment_date < d
            )
        )
        invoices.write({"recovery_acknowledgment_date": self.acceptance_date})

    def _recovery_check_cancel(self):
        if any(p.state == "active" for p in self) and not self.env.user.has_group(
            MANAGER_GROUP
        ):
            raise UserError(
                self.env._(
                    "Only a recovery manager can cancel a running plan; mark it as "
                    "broken if the customer did not keep it."
                )
            )

    def _recovery_cancel_records(self):
        """Cancel (a running plan: manager only; a plan proposed or paid
        into: with a reason, see ``action_cancel``)."""
        plans = self.filtered(lambda p: p.state in self.OPEN_STATES)
        plans._recovery_flow().write({"state": "cancelled"})
        for plan in plans:
            plan._recovery_log(
                self.env._("Installment plan %(plan)s cancelled.", plan=plan.name),
                partner=True,
            )
        return True

    def action_draft(self):
        """Back to draft, to change a plan the customer has not paid into:
        once paid into, it stays as it was (cancel it with a reason and make
        a new one)."""
        plans = self.filtered(lambda p: p.state in ("proposed", "cancelled"))
        signed = plans.filtered(
            lambda p: p._recovery_evidence_state() == "cancelled_signed"
        )
        if signed:
            raise UserError(
                self.env._(
                    "The plan %(plan)s was signed by the customer: its signed copy "
                    "stays as it is, even cancelled. Make a new plan instead.",
                    plan=signed[0].name,
                )
            )
        paid = plans._recovery_paid_into()
        if paid:
            raise UserError(
                self.env._(
                    "The customer already paid into the plan %(plan)s: it cannot go "
                    "back to draft. Cancel it with a reason and make a new plan for "
                    "what is left to pay.",
                    plan=paid[0].name,
                )
            )
        plans._recovery_flow().write({"state": "draft", "proposed_date": False})
        return True

    def action_breach(self):
        """The customer did not keep the plan: back on the recovery ladder."""
        plans = self.filtered(lambda p: p.state == "active")._recovery_company_lang()
        plans._recovery_breach(fields.Date.context_today(self))
        return True

    # ------------------------------------------------------ payments, status
    @api.model
    def _recovery_plan_payments(self, plan_ids, debtor_only=False):
        """Payments reconciled with the plans' invoices since each plan was
        made, in the invoices' currency (the plan's), one query:
        ``{plan_id: [(date, invoice_id, amount), ...]}`` in date order.
        ``debtor_only``: without the credit notes (the creditor's own acts,
        which do not interrupt prescription, Code civil 2240)."""
        result = defaultdict(list)
        if not plan_ids:
            return result
        credit_note_filter = (
            SQL(
                """AND NOT EXISTS (
                    SELECT 1 FROM account_move_line credit_line
                      JOIN account_move counterpart
                        ON counterpart.id = credit_line.move_id
                     WHERE credit_line.id = partial.credit_move_id
                       AND counterpart.move_type = 'out_refund')"""
            )
            if debtor_only
            else SQL()
        )
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model(["move_id", "account_id"])
        self.flush_model(["invoice_ids", "reconcile_watermark"])
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.plan_id, partial.max_date, line.move_id,
                       SUM(partial.debit_amount_currency)
                  FROM debt_recovery_plan_invoice_rel rel
                  JOIN debt_recovery_plan plan ON plan.id = rel.plan_id
                  JOIN account_move_line line ON line.move_id = rel.invoice_id
                  JOIN account_partial_reconcile partial ON partial.debit_move_id = line.id
                 WHERE rel.plan_id = ANY(%s)
                   AND partial.id > COALESCE(plan.reconcile_watermark, 0)
                   %s
                 GROUP BY rel.plan_id, partial.max_date, line.move_id
                 ORDER BY rel.plan_id, partial.max_date, line.move_id
                """,
                list(plan_ids),
                credit_note_filter,
            )
        )
        for plan_id, date, move_id, amount in self.env.cr.fetchall():
            result[plan_id].append((date, move_id, Decimal(str(amount))))
        return result

    def _recovery_refresh_payments(self, today=None):
        """Fill the installments with the payments, in date order, and set
        each one's status; a plan fully paid is completed. Set-based: one
        query for all the plans, writes only where something changed."""
        plans = self.filtered(lambda p: p.state in self.OPEN_STATES)
        if not plans:
            return self.browse()
        today = today or fields.Date.context_today(self)
        payments = self._recovery_plan_payments(plans.ids)
        to_write = defaultdict(lambda: self.env["debt.recovery.plan.line"])
        plan_values = {}
        completed = self.browse()
        for plan in plans:
            paid = sum(
                (amount for _d, _m, amount in payments.get(plan.id, ())), Decimal(0)
            )
            lines = plan.line_ids.sorted(
                lambda line: (line.date, line.sequence, line.id)
            )
            amounts = [Decimal(str(line.amount)) for line in lines]
            allocation = schedule_tools.allocate_payments(amounts, paid)
            late = Decimal(0)
            next_line = None
            for line, amount, line_paid in zip(lines, amounts, allocation, strict=True):
                status = schedule_tools.installment_status(
                    line.date, amount, line_paid, today, plan.grace_days
                )
                if status == schedule_tools.LATE:
                    late += amount - line_paid
                if next_line is None and status != schedule_tools.PAID:
                    next_line = (line, amount - line_paid)
                values = {"amount_paid": float(line_paid), "payment_status": status}
                if (
                    line.currency_id.compare_amounts(
                        line.amount_paid, values["amount_paid"]
                    )
                    or line.payment_status != status
                ):
                    to_write[tuple(sorted(values.items()))] |= line
            plan_values[plan] = {
                "amount_paid": float(paid),
                "amount_late": float(late),
                "next_date": next_line[0].date if next_line else False,
                "next_amount": float(next_line[1]) if next_line else 0.0,
            }
            if plan.state == "active" and lines and next_line is None:
                completed |= plan
        for values, lines in to_write.items():
            lines.write(dict(values))
        for plan, values in plan_values.items():
            if any(plan[name] != value for name, value in values.items()):
                plan._recovery_flow().write(values)
        completed._recovery_complete(today)
        return plans

    def _recovery_complete(self, today):
        if not self:
            return
        self._recovery_flow().write({"state": "completed", "completion_date": today})
        for plan in self:
            plan._recovery_log(
                self.env._(
                    "Installment plan %(plan)s completed: every installment is paid.",
                    plan=plan.name,
                ),
                partner=True,
                invoices=True,
            )

    def _recovery_breach(self, today):
        """Acceleration: the remaining balance is due at once and recovery
        resumes where it stopped. In this order:

        1. the plans are broken, their invoices go back on the ladder at the
           step where they stopped (noted on the plan, customer, invoices);
        2. the expired formal notices of their invoices get their litigation
           file.
        """
        if not self:
            return
        self._recovery_breach_plans(today)
        self._recovery_breach_notices(today)

    def _recovery_breach_plans(self, today):
        """The plans are broken; their invoices go back on the ladder at the
        step where they stopped."""
        self._recovery_flow().write({"state": "breached", "breach_date": today})
        for plan in self:
            open_invoices = plan.invoice_ids.filtered(
                lambda m: not m._recovery_is_settled()
            )
            steps = format_list(
                self.env,
                [
                    self.env._(
                        "%(invoice)s (%(step)s)",
                        invoice=move.name,
                        step=move.recovery_level_id.name or self.env._("no step yet"),
                    )
                    for move in open_invoices
                ],
            )
            body = self.env._(
                "Installment plan %(plan)s broken on %(date)s (%(late)s late): the "
                "remaining balance of %(rest)s is due at once and the invoices go "
                "back on the recovery ladder where they stopped: %(steps)s.",
                plan=plan.name,
                date=plan._recovery_format_date(today),
                late=plan._recovery_format_amount(plan.amount_late),
                rest=plan._recovery_format_amount(plan.amount_residual),
                steps=steps or "-",
            )
            plan._recovery_log(body, partner=True, invoices=True)

    def _recovery_breach_notices(self, today):
        """The expired notices of the broken plans' invoices, kept without a
        litigation file while the plans ran, get their file."""
        notices = (
            self.env["debt.recovery.notice"]
            .sudo()
            .search(
                [
                    ("invoice_ids", "in", self.invoice_ids.ids),
                    ("state", "=", "expired"),
                    ("case_id", "=", False),
                ]
            )
        )
        notices._create_cases(today)

    # ------------------------------------------------------------- daily job
    @api.model
    def _recovery_daily(self, companies, today):
        """Refresh the running plans, remind the customers of a missed
        installment, mark the late ones, break the plans whose acceleration
        clause applies."""
        plans = self.sudo().search(
            [("state", "=", "active"), ("company_id", "in", companies.ids)]
        )
        plans._recovery_refresh_payments(today)
        plans = plans.filtered(lambda p: p.state == "active")
        lines = plans.line_ids
        late = lines.filtered(lambda line: line.payment_status == "late")
        newly_late = late.filtered(lambda line: not line.late_date)
        newly_late.write({"late_date": today})
        to_breach = newly_late.plan_id.filtered("acceleration_clause")
        # Consumers: no acceleration without a formal notice and its period.
        consumers = to_breach.filtered("is_consumer")
        to_breach -= consumers
        to_breach |= plans._recovery_acceleration_due(today)
        to_breach._recovery_breach(today)
        for plan in consumers - to_breach:
            plan.activity_schedule(
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                date_deadline=today,
                summary=self.env._(
                    "Installment late: formal notice before acceleration (%(plan)s)",
                    plan=plan.name,
                ),
                note=self.env._(
                    "The customer is a consumer: the balance becomes due only after "
                    "a formal notice to pay the late installment within %(days)s "
                    "days of its receipt. Send it by registered letter, then record "
                    "its receipt date on the plan.",
                    days=plan.acceleration_notice_days,
                ),
                user_id=(plan.user_id or self.env.user).id,
            )
        for plan in newly_late.plan_id - to_breach - consumers:
            plan.activity_schedule(
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                date_deadline=today,
                summary=self.env._(
                    "Installment late: keep or break the plan %(plan)s", plan=plan.name
                ),
                user_id=(plan.user_id or self.env.user).id,
            )
        running = plans - to_breach
        missed = running.line_ids.filtered(
            lambda line: (
                line.payment_status in ("due", "partial", "late")
                and line.date < today
                and not line.reminder_date
            )
        )
        missed._recovery_send_reminder(today)
        return plans

    # -------------------------------------------------------------- letters
    def _recovery_letters(self, kind=None):
        """One letter per plan: the agreement (``echeancier``, its own
        letter) or the acknowledgment of debt (``reconnaissance_dette``).
        Amounts are the plan's."""
        self.env["debt.recovery.letter"]._letter_check_access(self)
        if kind not in PLAN_KINDS:
            kind = "echeancier"
        builder = self.env["debt.recovery.letter"]
        letters = []
        for plan in self.sudo():
            date = plan.proposed_date or plan.date
            recipient = (
                plan.invoice_ids.partner_id.filtered("email")[:1] or plan.partner_id
            )
            letter = builder._letter_base(
                kind, plan.company_id, recipient, date, plan.name
            )
            builder._letter_fill_invoices(letter, plan.invoice_ids, date, False)
            # What the customer owes under the plan: its invoices, credits
            # already deducted when the plan was made.
            total = Decimal(str(plan.amount_total))
            words = formatting.amount_in_words(total, plan.currency_id.name)
            letter.credits = []
            letter.totals = letter_data.Totals(
                principal=_amount(total, plan.currency_id),
                total=_amount(total, plan.currency_id),
                total_in_words=words,
            )
            lines = plan.line_ids.sorted(
                lambda line: (line.date, line.sequence, line.id)
            )
            reply_by = formatting.format_date(plan._recovery_reply_by(date))
            if kind == "echeancier":
                letter.plan = letter_data.Plan(
                    installments=[
                        letter_data.Installment(
                            str(index),
                            _short(line.date),
                            _amount(line.amount, plan.currency_id),
                        )
                        for index, line in enumerate(lines, start=1)
                    ],
                    total=_amount(total, plan.currency_id),
                    total_in_words=words,
                    count=str(len(lines)),
                    count_text=schedule_tools.count_text(len(lines), plan.frequency),
                    first_date=formatting.format_date(lines[:1].date),
                    last_date=formatting.format_date(lines[-1:].date),
                    acceleration=plan.acceleration_clause,
                    grace_days=str(plan.grace_days),
                    consumer_notice_days=(
                        str(plan.acceleration_notice_days) if plan.is_consumer else ""
                    ),
                    agreement_date=formatting.format_date(plan.date),
                    reply_by=reply_by,
                )
            else:
                partner = plan.partner_id.sudo()
                identity = letter.recipient.identity
                letter.acknowledgment = letter_data.Acknowledgment(
                    amount=_amount(total, plan.currency_id),
                    amount_in_words=words,
                    cause="des factures n° "
                    + ", ".join(move.name for move in plan.invoice_ids.sorted("name")),
                    debtor_identity=f"{partner.name} ({identity})"
                    if identity
                    else partner.name,
                    reply_by=reply_by,
                    individual=not partner.commercial_partner_id.is_company,
                )
            letters.append(letter)
        return letters

    def _recovery_attach_letters(self):
        """The agreement and the acknowledgment of debt of each plan, as PDFs
        in its chatter, to send to the customer for signature. All the
        documents are made together (``_letter_produce``); a plan whose
        documents cannot be made gets a note saying why
        (``_recovery_letter_failed``: they can be printed later from the
        Print menu), which does not stop the proposal."""
        reports = [self.env.ref(REPORTS[kind]) for kind in PLAN_KINDS]
        outcomes = self.env["debt.recovery.letter"]._letter_produce(
            [(plan, report) for plan in self for report in reports]
        )
        made = defaultdict(list)
        for outcome in outcomes:
            if outcome.attachment:
                made[outcome.record.id].append(outcome.attachment.id)
        result = {}
        for plan in self:
            attachments = self.env["ir.attachment"].browse(made[plan.id])
            if attachments:
                plan.message_post(
                    body=self.env._(
                        "Agreement and acknowledgment of debt to send to the "
                        "customer for signature."
                    ),
                    attachment_ids=attachments.ids,
                    subtype_xmlid="mail.mt_note",
                )
            result[plan.id] = attachments
        return result

    def _recovery_letter_filename(self, report):
        self.ensure_one()
        kind = report.debt_recovery_letter_kind or PLAN_KINDS[0]
        return pdf_batch.letter_filename(letter_data.SUBJECTS[kind], self.name)

    def _recovery_letter_failed(self, reason):
        """The documents to sign could not be made: a note says why; the
        plan is proposed all the same (they are printed later)."""
        for plan in self:
            plan.message_post(
                body=self.env._(
                    "The documents to sign could not all be made (%(errors)s): "
                    "print them from the Print menu once the problem is fixed.",
                    errors=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # -------------------------------------------------------------- worklist
    def _description_short(self):
        return self.env._("Plan")

    # ---------------------------------------------------------------- helpers
    def _recovery_format_amount(self, amount):
        self.ensure_one()
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _recovery_format_date(self, date):
        return format_date(self.env, date)

    def _recovery_log(self, body, partner=False, invoices=False):
        """A note in the plan's chatter, and the customer's and invoices'."""
        self.ensure_one()
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        if partner:
            self.partner_id.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
        if invoices:
            for invoice in self.invoice_ids.sudo():
                invoice.message_post(body=body, subtype_xmlid="mail.mt_note")


class DebtRecoveryPlanLine(models.Model):
    _name = "debt.recovery.plan.line"
    _description = "Installment"
    _order = "plan_id, date, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "debt.recovery.plan",
        string="Installment plan",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    partner_id = fields.Many2one(
        related="plan_id.partner_id", string="Customer", store=True
    )
    plan_state = fields.Selection(related="plan_id.state", string="Plan status")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True, copy=False)
    amount_due = fields.Monetary(
        string="Left to pay", compute="_compute_amount_due", store=True
    )
    payment_status = fields.Selection(
        [
            ("to_come", "To come"),
            ("due", "Due (grace period)"),
            ("partial", "Partly paid"),
            ("late", "Late"),
            ("paid", "Paid"),
        ],
        string="Status",
        default="to_come",
        readonly=True,
        copy=False,
        index=True,
    )
    late_date = fields.Date(
        string="Late since",
        readonly=True,
        copy=False,
        help="Day the daily job found the installment still unpaid after the "
        "grace days.",
    )
    reminder_date = fields.Date(string="Reminder sent on", readonly=True, copy=False)

    @api.depends("plan_id.partner_id", "amount", "amount_paid", "date")
    def _compute_display_name(self):
        for line in self:
            line.display_name = "%s - %s" % (
                line.plan_id.partner_id.display_name or line.plan_id.name or "",
                formatLang(
                    self.env,
                    line.amount_due if line.amount_paid else line.amount,
                    currency_obj=line.currency_id,
                ),
            )

    @api.depends("amount", "amount_paid")
    def _compute_amount_due(self):
        for line in self:
            line.amount_due = max(line.amount - line.amount_paid, 0.0)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._recovery_check_editable()
        return lines

    def write(self, vals):
        if {"date", "amount", "plan_id"} & set(vals):
            self._recovery_check_editable()
        return super().write(vals)

    def unlink(self):
        self._recovery_check_editable()
        return super().unlink()

    def _recovery_check_editable(self):
        if in_recovery_flow(self.env):
            return
        frozen = self.plan_id.filtered(lambda p: p.state not in ("draft",))
        if frozen:
            raise UserError(
                self.env._(
                    "The schedule of the plan %(plan)s can only be changed while it is "
                    "a draft: set it back to draft (a proposed plan) or make a new plan.",
                    plan=frozen[0].name,
                )
            )

    def _recovery_send_reminder(self, today):
        """Email the customer about a missed installment (once per installment)."""
        template = self.env.ref(
            "l10n_fr_debt_recovery.mail_template_plan_reminder",
            raise_if_not_found=False,
        )
        if template and self:
            template.sudo().send_mail_batch(self.ids)
        self.write({"reminder_date": today})
        for line in self:
            line.plan_id._recovery_log(
                self.env._(
                    "Reminder sent for the installment of %(date)s: %(amount)s left to "
                    "pay.",
                    date=line.plan_id._recovery_format_date(line.date),
                    amount=line.plan_id._recovery_format_amount(line.amount_due),
                )
            )
