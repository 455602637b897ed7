from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.debt_recovery_document import OVERRIDE_GROUP


class DebtRecoveryPrepaymentWaiver(models.TransientModel):
    """A user allowed to confirm orders of suspended customers waives the
    prepayment the company's rule asks of a customer at risk: the same
    decision, to commit the company to deliver despite the risk of
    non-payment, made on one quotation."""

    _name = "debt.recovery.prepayment.waiver"
    _description = "Waive the prepayment asked of a customer at risk"

    order_id = fields.Many2one("sale.order", string="Quotation", required=True)
    prepayment_reasons = fields.Text(
        string="Why a prepayment is required",
        related="order_id.recovery_prepayment_reasons",
    )
    prepayment_amount = fields.Monetary(
        string="Prepayment to pay", related="order_id.recovery_prepayment_amount"
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    reason = fields.Text(
        required=True,
        help="Why this quotation may be confirmed without the prepayment. The "
        "reason is stored on the quotation and logged in its history.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_group()
        return super().create(vals_list)

    def _check_group(self):
        if not self.env.user.has_group(OVERRIDE_GROUP):
            raise AccessError(
                self.env._(
                    "Only users allowed to confirm orders of suspended customers "
                    "can waive the prepayment asked of a customer at risk."
                )
            )

    def action_waive(self):
        self.ensure_one()
        self._check_group()
        self.order_id._recovery_waive_prepayment(self.reason)
        return {"type": "ir.actions.act_window_close"}
