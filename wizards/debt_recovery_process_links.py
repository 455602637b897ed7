from odoo import models
from odoo.exceptions import UserError


class DebtRecoveryProcess(models.TransientModel):
    _inherit = "debt.recovery.process"

    def _recovery_plan_available(self):
        return len(self.partner_ids) == 1

    def _recovery_notice_available(self):
        return len(self.partner_ids) == 1

    def _recovery_single_customer(self):
        self.ensure_one()
        if len(self.partner_ids) != 1:
            raise UserError(
                self.env._(
                    "Select one customer: a plan or a formal notice is made with one "
                    "customer at a time."
                )
            )
        return self.partner_ids.with_company(self.company_id)

    def action_propose_plan(self):
        return self._recovery_single_customer().action_new_recovery_plan()

    def action_prepare_notice(self):
        return self._recovery_single_customer().action_create_recovery_notice()
