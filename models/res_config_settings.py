from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debt_recovery_min_amount = fields.Monetary(
        related="company_id.debt_recovery_min_amount", readonly=False
    )
    debt_recovery_excluded_journal_ids = fields.Many2many(
        related="company_id.debt_recovery_excluded_journal_ids", readonly=False
    )
    debt_recovery_signatory_id = fields.Many2one(
        related="company_id.debt_recovery_signatory_id", readonly=False
    )
    debt_recovery_signatory_function = fields.Char(
        related="company_id.debt_recovery_signatory_function", readonly=False
    )

    def action_open_debt_recovery_levels(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_level_action"
        )
