from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.debt_recovery_document import MANAGER_GROUP
from ..models.res_partner import OVERRIDE_WIZARD_CONTEXT_KEY


class DebtRecoverySuspensionOverride(models.TransientModel):
    """A recovery manager's decision on a customer's suspension in the
    current company. Recovery managers may not have the right to edit
    contacts: the decision is applied with sudo once the group is checked."""

    _name = "debt.recovery.suspension.override"
    _description = "Override of a customer's suspension for non-payment"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    mode = fields.Selection(
        [
            ("none", "None (automatic rule)"),
            ("suspend", "Force suspension"),
            ("allow", "Allow until"),
        ],
        string="Override",
        required=True,
        default="none",
    )
    allow_until = fields.Date(string="Allowed until")
    reason = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if partner and self.env.user.has_group(MANAGER_GROUP):
            partner = partner.commercial_partner_id.sudo()
            values.setdefault("mode", partner.recovery_suspension_override or "none")
            if partner.recovery_suspension_override not in (False, "none"):
                values.setdefault("allow_until", partner.recovery_allow_until)
                values.setdefault("reason", partner.recovery_override_reason)
        return values

    def action_apply(self):
        """The only way to change a suspension by hand: the suspension fields
        refuse any other write (``res.partner._recovery_check_suspension_write``).
        The decision, its author and its reason are logged in the customer's
        chatter (``res.partner._recovery_log_override``)."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only debt recovery managers can override a suspension.")
            )
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot override a suspension in %(company)s: you do not "
                    "work in this company.",
                    company=self.company_id.name,
                )
            )
        self.partner_id.commercial_partner_id.sudo().with_company(
            self.company_id
        ).with_context(**{OVERRIDE_WIZARD_CONTEXT_KEY: True}).write(
            {
                "recovery_suspension_override": self.mode,
                "recovery_allow_until": self.mode == "allow" and self.allow_until,
                "recovery_override_reason": self.mode != "none" and self.reason,
            }
        )
        return {"type": "ir.actions.act_window_close"}
