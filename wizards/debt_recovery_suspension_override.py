from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.debt_recovery_document import MANAGER_GROUP
from ..models.res_partner import OVERRIDE_WIZARD_CONTEXT_KEY, ServerOnly


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
    reason = fields.Text(
        help="Recorded in the customer's history. For a suspension forced while "
        "nothing is overdue (art. 1220 Code civil), it is printed in the notice "
        "sent to the customer: say why it is manifest the customer will not pay."
    )
    # Code civil 1219: the non-performance must be serious enough; the letter
    # states a proportionality only when the manager assessed it here.
    proportionality_checked = fields.Boolean(
        string="Proportionality assessed",
        help="Tick when you have checked that suspending is proportionate to what "
        "is unpaid; your assessment is printed in the suspension notice. "
        "Unticked, the notice claims no proportionality.",
    )
    proportionality_note = fields.Text(
        string="Assessment",
        help="e.g. 4 invoices unpaid for more than 60 days, 12,000 EUR, three "
        "months of deliveries.",
    )
    has_overdue = fields.Boolean(compute="_compute_basis")
    basis_note = fields.Char(string="Legal basis", compute="_compute_basis")

    @api.depends("partner_id", "company_id")
    def _compute_basis(self):
        for wizard in self:
            partner = wizard.partner_id.commercial_partner_id.sudo()
            overdue = bool(partner) and partner._recovery_has_unpaid_debt(
                wizard.company_id, fields.Date.context_today(wizard)
            )
            wizard.has_overdue = overdue
            if overdue:
                wizard.basis_note = self.env._(
                    "Invoices due are unpaid: art. 1219 Code civil (exception "
                    "d'inexécution)."
                )
            else:
                wizard.basis_note = self.env._(
                    "Nothing is overdue: a forced suspension rests on art. 1220 "
                    "Code civil (manifest future non-payment, notified as soon as "
                    "possible); your reason is printed in the notice."
                )

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
            if partner.recovery_proportionality_note:
                values.setdefault("proportionality_checked", True)
                values.setdefault(
                    "proportionality_note", partner.recovery_proportionality_note
                )
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
        assessed = self.mode == "suspend" and self.proportionality_checked
        if assessed and not (self.proportionality_note or "").strip():
            raise UserError(
                self.env._(
                    "Say how you assessed that the suspension is proportionate: "
                    "it is printed in the notice. Or untick the box: the notice "
                    "then claims no proportionality."
                )
            )
        self.partner_id.commercial_partner_id.sudo().with_company(
            self.company_id
        ).with_context(**{OVERRIDE_WIZARD_CONTEXT_KEY: ServerOnly}).write(
            {
                "recovery_suspension_override": self.mode,
                "recovery_allow_until": self.mode == "allow" and self.allow_until,
                "recovery_override_reason": self.mode != "none" and self.reason,
                "recovery_proportionality_note": assessed
                and self.proportionality_note.strip(),
            }
        )
        return {"type": "ir.actions.act_window_close"}
