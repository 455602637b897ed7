"""The month's postage on the dashboard (models/debt_recovery_action_postal.py)."""

from odoo import api, fields, models


class DebtRecoveryDashboard(models.TransientModel):
    _inherit = "debt.recovery.dashboard"

    postal_cost_month = fields.Monetary(
        string="Postage this month",
        compute="_compute_postal_cost_month",
        help="Price of the letters submitted to the postal provider this month "
        "(registered and ordinary), as set in the settings.",
    )

    @api.depends("company_id", "date")
    def _compute_postal_cost_month(self):
        Action = self.env["debt.recovery.action"]
        for dashboard in self:
            day = dashboard.date or fields.Date.context_today(self)
            dashboard.postal_cost_month = Action._postal_month_cost(
                dashboard.company_id, day
            )
