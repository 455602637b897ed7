"""What the postal providers told the addon by webhook, one row per event."""

from odoo import fields, models


class DebtRecoveryPostalEvent(models.Model):
    """One webhook event received, once: the same event again changes
    nothing (idempotency of the provider's retries)."""

    _name = "debt.recovery.postal.event"
    _description = "Postal provider event"
    _order = "id desc"

    company_id = fields.Many2one("res.company", required=True, index=True)
    provider = fields.Char(required=True)
    event_id = fields.Char(required=True)
    reference = fields.Char(required=True, index=True)
    res_model = fields.Char(string="Document model", required=True)
    res_id = fields.Integer(string="Document ID", required=True)

    _sql_constraints = [
        (
            "event_unique",
            "unique(company_id, provider, event_id)",
            "This provider event was already received.",
        )
    ]
