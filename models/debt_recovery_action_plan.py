from odoo import api, models


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    @api.model
    def _recovery_after_daily_run(self, companies, today):
        """Installment plans: reminders, late installments, broken plans. Done
        before the customers' status is refreshed."""
        self.env["debt.recovery.plan"]._recovery_daily(companies, today)
        return super()._recovery_after_daily_run(companies, today)

    def action_new_recovery_plan(self):
        """Offer an installment plan for the invoices of this step."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_plan_wizard_action"
        )
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_invoice_ids": self.invoice_ids.filtered(
                lambda m: m.amount_residual > 0
            ).ids,
            "default_origin_action_id": self.id,
        }
        return action
