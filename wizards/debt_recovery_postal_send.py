"""Send ordinary letters by post: the count and the price shown first."""

from odoo import api, fields, models

from ..services import postal


class DebtRecoveryPostalSend(models.TransientModel):
    """The price of a batch of letters, shown before it is sent."""

    _name = "debt.recovery.postal.send"
    _description = "Send letters by post"

    action_ids = fields.Many2many("debt.recovery.action", string="Letters")
    count = fields.Integer(string="Number of letters", compute="_compute_price")
    unit_price = fields.Float(string="Price per letter (EUR)", compute="_compute_price")
    total_price = fields.Float(string="Total (EUR)", compute="_compute_price")

    @api.depends("action_ids")
    def _compute_price(self):
        Action = self.env["debt.recovery.action"]
        for wizard in self:
            prices = [
                Action._postal_price_of(a.company_id, postal.base.SERVICE_LETTER)
                for a in wizard.action_ids
            ]
            wizard.count = len(prices)
            wizard.unit_price = prices[0] if prices else 0.0
            wizard.total_price = sum(prices)

    def action_confirm(self):
        self.ensure_one()
        letters = self.action_ids._postal_sendable()
        sent = letters._postal_send()
        failed = letters - sent
        message = self.env._(
            "%(sent)s letter(s) submitted to the postal provider.", sent=len(sent)
        )
        if failed:
            message += " " + self.env._(
                "%(failed)s not sent: %(reasons)s",
                failed=len(failed),
                reasons="; ".join(failed.mapped("postal_error")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Send by post"),
                "message": message,
                "type": "danger" if failed else "success",
                "sticky": bool(failed),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
