from decimal import Decimal

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_list
from odoo.tools.misc import formatLang

from ..tools import schedule as schedule_tools
from ._companies import check_allowed_companies


class DebtRecoveryPlanWizard(models.TransientModel):
    """Proposes an installment schedule for open invoices of one customer,
    shows it, then creates the plan as a draft."""

    _name = "debt.recovery.plan.wizard"
    _description = "New installment plan"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    # A plan is in the currency of its invoices: the wizard offers the open
    # invoices of one currency (the company's unless invoices are given).
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        compute="_compute_invoice_ids",
        store=True,
        readonly=False,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('amount_residual', '>', 0), ('commercial_partner_id', '=', partner_id)]",
    )
    origin_action_id = fields.Many2one(
        "debt.recovery.action", string="Proposed after", check_company=True
    )
    amount_total = fields.Monetary(
        string="Amount to spread", compute="_compute_amount_total"
    )
    mode = fields.Selection(
        [("count", "Number of installments"), ("amount", "Amount per installment")],
        string="Split by",
        default="count",
        required=True,
    )
    installment_count = fields.Integer(string="Number of installments", default=3)
    installment_amount = fields.Monetary(string="Amount per installment")
    frequency = fields.Selection(
        [("weekly", "Weekly"), ("monthly", "Monthly"), ("quarterly", "Quarterly")],
        default="monthly",
        required=True,
    )
    first_date = fields.Date(
        string="First installment",
        required=True,
        default=lambda self: fields.Date.add(fields.Date.context_today(self), months=1),
    )
    down_payment = fields.Monetary(string="Down payment")
    down_payment_date = fields.Date(
        string="Down payment date",
        help="Empty: the down payment is due on the first date and the installments "
        "start one period later.",
    )
    acceleration_clause = fields.Boolean(string="Acceleration clause", default=True)
    grace_days = fields.Integer(
        string="Grace days",
        default=lambda self: self.env.company.debt_recovery_plan_grace_days,
    )
    preview_html = fields.Html(
        string="Schedule", compute="_compute_preview", sanitize=False
    )
    schedule_error = fields.Char(string="Schedule problem", compute="_compute_preview")
    duration_warning = fields.Char(
        string="Duration warning", compute="_compute_preview"
    )
    # A first installment in the past: warned, and created only once the
    # user confirms it (e.g. a plan agreed on the phone last week).
    past_start_warning = fields.Char(
        string="First installment in the past", compute="_compute_preview"
    )
    confirm_past_start = fields.Boolean(
        string="I confirm a first installment in the past"
    )

    @api.model
    def _recovery_open(self, partner, invoices=None, origin_action=None):
        """The wizard's window, for ``partner`` (its commercial entity) and,
        when given, the invoices still due among ``invoices``: how a customer,
        a step or a formal notice offers a plan."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_plan_wizard_action"
        )
        context = {"default_partner_id": partner.commercial_partner_id.id}
        if invoices is not None:
            invoices = invoices.filtered(lambda m: m.amount_residual > 0)
            context["default_invoice_ids"] = invoices.ids
            if len(invoices.currency_id) == 1:
                context["default_currency_id"] = invoices.currency_id.id
        if origin_action:
            context["default_origin_action_id"] = origin_action.id
        action["context"] = context
        return action

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "account.move" and context.get("active_ids"):
            invoices = self.env["account.move"].browse(context["active_ids"])
            customers = invoices.commercial_partner_id
            if len(customers) != 1:
                raise UserError(
                    self.env._(
                        "Select the invoices of one customer only: an installment plan "
                        "is made with one customer."
                    )
                )
            if len(invoices.currency_id) > 1:
                raise UserError(
                    self.env._(
                        "Select the invoices of one currency only: an installment "
                        "plan is in one currency."
                    )
                )
            values["partner_id"] = customers.id
            values["company_id"] = invoices.company_id[:1].id
            values["currency_id"] = invoices.currency_id.id
            values["invoice_ids"] = [fields.Command.set(invoices.ids)]
        return values

    @api.constrains("company_id")
    def _check_company_allowed(self):
        check_allowed_companies(self)

    @api.depends("partner_id", "currency_id")
    def _compute_invoice_ids(self):
        for wizard in self:
            if (
                wizard.invoice_ids
                and wizard.invoice_ids.commercial_partner_id
                == wizard.partner_id.commercial_partner_id
                and wizard.invoice_ids.currency_id == wizard.currency_id
            ):
                continue
            if not wizard.partner_id:
                wizard.invoice_ids = False
                continue
            invoices = self.env["account.move"].search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("amount_residual", ">", 0),
                    ("company_id", "=", wizard.company_id.id),
                    (
                        "commercial_partner_id",
                        "=",
                        wizard.partner_id.commercial_partner_id.id,
                    ),
                    ("currency_id", "=", wizard.currency_id.id),
                ],
                order="invoice_date_due, id",
            )
            busy = invoices.recovery_plan_ids.filtered(
                lambda p: p.state in p.OPEN_STATES
            ).invoice_ids
            wizard.invoice_ids = invoices - busy

    @api.depends("invoice_ids")
    def _compute_amount_total(self):
        # In the invoices' currency (the plan's), not the company's.
        for wizard in self:
            wizard.amount_total = sum(wizard.invoice_ids.mapped("amount_residual"))

    def _schedule(self):
        """The installments ``[(date, Decimal), ...]``; ``ValueError`` with a
        French message on bad input."""
        self.ensure_one()
        return schedule_tools.installment_schedule(
            Decimal(str(self.amount_total)),
            self.first_date,
            count=self.installment_count if self.mode == "count" else None,
            amount=Decimal(str(self.installment_amount))
            if self.mode == "amount"
            else None,
            frequency=self.frequency,
            down_payment=Decimal(str(self.down_payment or 0)),
            down_payment_date=(self.down_payment and self.down_payment_date) or None,
        )

    @api.depends(
        "invoice_ids",
        "mode",
        "installment_count",
        "installment_amount",
        "frequency",
        "first_date",
        "down_payment",
        "down_payment_date",
    )
    def _compute_preview(self):
        for wizard in self:
            wizard.duration_warning = False
            wizard.past_start_warning = False
            wizard.schedule_error = False
            wizard.preview_html = False
            if not wizard.invoice_ids or not wizard.first_date:
                continue
            try:
                schedule = wizard._schedule()
            except ValueError as err:
                wizard.schedule_error = str(err)
                continue
            today = fields.Date.context_today(self)
            first = min(date for date, _amount in schedule)
            if first < today:
                wizard.past_start_warning = self.env._(
                    "The first installment, on %(date)s, is already past: the "
                    "customer would be late from the start. Change the date, or "
                    "confirm it if it was agreed so.",
                    date=format_date(self.env, first),
                )
            months = schedule_tools.months_span(schedule, start=today)
            if months > schedule_tools.MAX_JUDICIAL_MONTHS:
                wizard.duration_warning = self.env[
                    "debt.recovery.plan"
                ]._recovery_duration_warning(months)
            wizard.preview_html = wizard._preview_table(schedule)

    def _preview_table(self, schedule):
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>")
            % (
                index,
                format_date(self.env, date),
                formatLang(self.env, float(amount), currency_obj=self.currency_id),
            )
            for index, (date, amount) in enumerate(schedule, start=1)
        )
        total = formatLang(
            self.env,
            float(schedule_tools.total_of(schedule)),
            currency_obj=self.currency_id,
        )
        return Markup(
            "<table class='table table-sm o_debt_recovery_plan_preview'>"
            "<thead><tr><th>#</th><th>%s</th><th class='text-end'>%s</th></tr></thead>"
            "<tbody>%s</tbody><tfoot><tr><th/><th>%s</th>"
            "<th class='text-end'>%s</th></tr></tfoot></table>"
        ) % (
            escape(self.env._("Date")),
            escape(self.env._("Amount")),
            rows,
            escape(self.env._("Total")),
            total,
        )

    def action_create_plan(self):
        self.ensure_one()
        if not self.invoice_ids:
            raise UserError(
                self.env._("Select the open invoices to spread over the plan.")
            )
        try:
            schedule = self._schedule()
        except ValueError as err:
            raise UserError(str(err)) from err
        if self.past_start_warning and not self.confirm_past_start:
            raise UserError(
                self.env._(
                    '%(warning)s Tick "%(confirm)s" to create the plan anyway.',
                    warning=self.past_start_warning,
                    confirm=self._fields["confirm_past_start"]._description_string(
                        self.env
                    ),
                )
            )
        plan = self.env["debt.recovery.plan"].create(
            {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "invoice_ids": [fields.Command.set(self.invoice_ids.ids)],
                "origin_action_id": self.origin_action_id.id,
                "frequency": self.frequency,
                "acceleration_clause": self.acceleration_clause,
                "grace_days": self.grace_days,
                "line_ids": [
                    fields.Command.create(
                        {"sequence": index, "date": date, "amount": float(amount)}
                    )
                    for index, (date, amount) in enumerate(schedule, start=1)
                ],
            }
        )
        if self.duration_warning:
            plan.message_post(body=self.duration_warning, subtype_xmlid="mail.mt_note")
        if self.past_start_warning:
            plan.message_post(
                body=self.env._(
                    "First installment on %(date)s, already past when the plan was "
                    "made: confirmed by %(user)s.",
                    date=format_date(self.env, min(date for date, _a in schedule)),
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        plan.message_post(
            body=self.env._(
                "Plan drafted for the invoices %(invoices)s.",
                invoices=format_list(self.env, self.invoice_ids.mapped("name")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.recovery.plan",
            "res_id": plan.id,
            "view_mode": "form",
        }
