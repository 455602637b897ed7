"""The invoices of a formal notice, with the amounts claimed on each as
frozen at the validation (``debt.recovery.notice._freeze_amounts``)."""

import datetime
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import formatting, letter_data
from ..tools import rates as rate_tools
from .debt_recovery_document import in_recovery_flow


class DebtRecoveryNoticeLine(models.Model):
    _name = "debt.recovery.notice.line"
    _description = "Formal Notice Invoice"
    _order = "notice_id, id"
    _check_company_auto = True

    notice_id = fields.Many2one(
        "debt.recovery.notice", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="notice_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="notice_id.currency_id")
    indemnity_currency_id = fields.Many2one(related="notice_id.indemnity_currency_id")
    invoice_id = fields.Many2one(
        "account.move", required=True, check_company=True, ondelete="restrict"
    )
    invoice_date = fields.Date(related="invoice_id.invoice_date")
    invoice_date_due = fields.Date(related="invoice_id.invoice_date_due")
    amount_invoice = fields.Monetary(
        string="Invoice total", related="invoice_id.amount_total"
    )
    amount_residual = fields.Monetary(
        string="Still due", help="Principal still due at the notice date."
    )
    amount_penalty = fields.Monetary(string="Penalties / interest")
    amount_indemnity = fields.Monetary(
        string="Indemnity", currency_field="indemnity_currency_id"
    )
    amount_total = fields.Monetary(
        string="Total",
        compute="_compute_amount_total",
        store=True,
        help="In the invoice's currency; the indemnity (euros) is included only "
        "when the invoice is in euros too.",
    )
    days_overdue = fields.Integer(string="Days overdue")
    # The computation behind amount_penalty, frozen with it: one run of days
    # per half-year (or between two payments), C. com. L441-10 II.
    penalty_segments = fields.Json(readonly=True)
    penalty_breakdown = fields.Text(
        string="Penalty computation",
        compute="_compute_penalty_breakdown",
        help="One line per period: amount bearing interest x annual rate x "
        "days / 365, as frozen at the validation.",
    )

    @api.depends("penalty_segments", "currency_id")
    def _compute_penalty_breakdown(self):
        for line in self:
            code = line.currency_id.name or "EUR"
            # French, like the letter's breakdown table.
            line.penalty_breakdown = "\n".join(
                f"{seg.start} – {seg.end}\u00a0: {seg.days} j × {seg.base} × "  # noqa: RUF001
                f"{seg.rate} / 365 = {seg.amount}"
                for seg in line._letter_segments(code)
            )

    def _letter_segments(self, code=None):
        """The frozen segments as :class:`letter_data.PenaltySegment`."""
        self.ensure_one()
        code = code or self.currency_id.name or "EUR"
        result = []
        for data in self.penalty_segments or []:
            start = datetime.date.fromisoformat(data["start"])
            end = datetime.date.fromisoformat(data["end"])
            result.append(
                letter_data.PenaltySegment(
                    invoice=self.invoice_id.name or "",
                    start=start.strftime("%d/%m/%Y"),
                    end=end.strftime("%d/%m/%Y"),
                    days=str(data["days"]),
                    base=formatting.format_currency_amount(Decimal(data["base"]), code),
                    rate=formatting.format_percent(Decimal(data["rate"])),
                    amount=formatting.format_currency_amount(
                        Decimal(data["amount"]), code
                    ),
                    half_year=rate_tools.half_year_label_fr(start),
                )
            )
        return result

    @api.depends(
        "amount_residual", "amount_penalty", "amount_indemnity", "notice_id.currency_id"
    )
    def _compute_amount_total(self):
        for line in self:
            indemnity = (
                line.amount_indemnity
                if line.currency_id == line.indemnity_currency_id
                else 0.0
            )
            line.amount_total = line.amount_residual + line.amount_penalty + indemnity

    # Only the validation of the notice writes its lines (the amounts to the
    # notice date); they are deleted with a draft notice only.
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._recovery_check_flow()
        return lines

    def write(self, vals):
        self._recovery_check_flow()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if (
            not in_recovery_flow(self.env)
            and self.notice_id._recovery_history_records()
        ):
            self._recovery_check_flow()

    def _recovery_check_flow(self):
        if not in_recovery_flow(self.env):
            raise UserError(
                self.env._(
                    "The amounts of a formal notice are computed when it is "
                    "validated, to the notice date: they cannot be entered or "
                    "changed by hand."
                )
            )
