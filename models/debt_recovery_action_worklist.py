"""Steps skipped from the worklist, and the promises to pay watched by the
daily job."""

from odoo import api, fields, models


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    # A step the accountant decided not to carry out: it stands on the ladder
    # (the invoices move on to the following step) but nothing was sent.
    state = fields.Selection(
        selection_add=[("skipped", "Skipped")],
        ondelete={"skipped": lambda actions: actions.write({"state": "cancelled"})},
    )

    @api.model
    def _recovery_after_daily_run(self, companies, today):
        self.env["account.move"]._recovery_check_promises(companies, today)
        return super()._recovery_after_daily_run(companies, today)
