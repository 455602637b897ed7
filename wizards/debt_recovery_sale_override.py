from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.debt_recovery_document import OVERRIDE_GROUP
from ..models.sale_order import OVERRIDE_REASON_KEY, OverrideReason


class DebtRecoverySaleOverride(models.TransientModel):
    _name = "debt.recovery.sale.override"
    _description = "Confirm orders of customers suspended for non-payment"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    suspension_info = fields.Text(
        string="Suspension", compute="_compute_suspension_info", readonly=True
    )
    reason = fields.Text(
        required=True,
        help="Why these orders may be confirmed despite the unpaid invoices. The "
        "reason is logged on the orders and in the customer's history.",
    )

    @api.depends("order_ids")
    def _compute_suspension_info(self):
        for wizard in self:
            lines = [
                self.env._(
                    "%(order)s: %(customer)s, %(reason)s",
                    order=order.name,
                    customer=order.partner_id.commercial_partner_id.display_name,
                    reason=order.recovery_suspension_reason or "",
                )
                for order in wizard.order_ids.filtered("recovery_suspended")
            ]
            wizard.suspension_info = "\n".join(lines)

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(OVERRIDE_GROUP):
            raise AccessError(
                self.env._(
                    "Only users allowed to override a suspension for non-payment can "
                    "confirm these orders."
                )
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the override."))
        self.order_ids.with_context(
            **{OVERRIDE_REASON_KEY: OverrideReason(reason)}
        ).action_confirm()
        return {"type": "ir.actions.act_window_close"}
