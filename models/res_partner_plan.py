from odoo import fields, models

RECOVERY_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    recovery_plan_count = fields.Integer(
        string="Installment plans",
        compute="_compute_recovery_plan_count",
        groups=RECOVERY_GROUP,
    )

    def _compute_recovery_plan_count(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["debt.recovery.plan"]._read_group(
                [("partner_id", "in", commercial.ids), ("state", "!=", "cancelled")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.recovery_plan_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_recovery_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_plan_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_new_recovery_plan(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_plan_wizard_action"
        )
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
        }
        return action
