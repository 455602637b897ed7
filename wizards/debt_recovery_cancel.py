from odoo import api, fields, models
from odoo.exceptions import UserError

#: The recovery records this dialog cancels (models/debt_recovery_document.py).
CANCELLABLE_MODELS = (
    "debt.recovery.action",
    "debt.recovery.notice",
    "debt.recovery.plan",
    "debt.recovery.case",
    "debt.recovery.guarantee",
)


class DebtRecoveryCancel(models.TransientModel):
    """Cancel a recovery record that was sent or agreed (a step carried out,
    a validated notice, a plan proposed or paid into, a litigation file handed
    over): never deleted, it is cancelled with a reason, kept in its chatter."""

    _name = "debt.recovery.cancel"
    _description = "Cancellation of a recovery record, with its reason"

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_ids = fields.Char(string="Records", required=True, readonly=True)
    record_names = fields.Char(string="To cancel", compute="_compute_record_names")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model in CANCELLABLE_MODELS and ids:
            values.setdefault("res_model", model)
            values.setdefault("res_ids", ",".join(str(int(i)) for i in ids))
        return values

    @api.depends("res_model", "res_ids")
    def _compute_record_names(self):
        for wizard in self:
            records = (
                wizard._records()
                if wizard.res_model in CANCELLABLE_MODELS
                else self.env["debt.recovery.action"]
            )
            wizard.record_names = ", ".join(records.mapped("display_name"))

    def _records(self):
        self.ensure_one()
        if self.res_model not in CANCELLABLE_MODELS:
            raise UserError(self.env._("Only recovery records are cancelled here."))
        ids = [int(i) for i in (self.res_ids or "").split(",") if i.strip()]
        return self.env[self.res_model].browse(ids).exists()

    def action_confirm(self):
        self.ensure_one()
        records = self._records()
        records.check_access("write")
        records._recovery_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
