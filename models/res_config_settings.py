"""The recovery settings of the current company, in Settings > Accounting."""

from odoo import api, fields, models

from ..tools import rates as rate_tools


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
    debt_recovery_legal_form = fields.Char(
        related="company_id.debt_recovery_legal_form", readonly=False
    )
    debt_recovery_agency_mode = fields.Boolean(
        related="company_id.debt_recovery_agency_mode", readonly=False
    )
    debt_recovery_agency_partner_id = fields.Many2one(
        related="company_id.debt_recovery_agency_partner_id", readonly=False
    )
    debt_recovery_agency_claim_basis = fields.Char(
        related="company_id.debt_recovery_agency_claim_basis", readonly=False
    )

    debt_recovery_rate_mode = fields.Selection(
        related="company_id.debt_recovery_rate_mode", readonly=False
    )
    debt_recovery_contractual_rate = fields.Float(
        related="company_id.debt_recovery_contractual_rate", readonly=False
    )
    debt_recovery_indemnity_amount = fields.Monetary(
        related="company_id.debt_recovery_indemnity_amount", readonly=False
    )
    debt_recovery_notice_days = fields.Integer(
        related="company_id.debt_recovery_notice_days", readonly=False
    )
    debt_recovery_prescription_warning_days = fields.Integer(
        related="company_id.debt_recovery_prescription_warning_days", readonly=False
    )
    debt_recovery_plan_grace_days = fields.Integer(
        related="company_id.debt_recovery_plan_grace_days", readonly=False
    )
    debt_recovery_plan_consumer_notice_days = fields.Integer(
        related="company_id.debt_recovery_plan_consumer_notice_days", readonly=False
    )
    debt_recovery_supplies_water = fields.Boolean(
        related="company_id.debt_recovery_supplies_water", readonly=False
    )
    debt_recovery_supplies_energy = fields.Boolean(
        related="company_id.debt_recovery_supplies_energy", readonly=False
    )
    debt_recovery_notice_unclaimed_start = fields.Selection(
        related="company_id.debt_recovery_notice_unclaimed_start", readonly=False
    )
    debt_recovery_missing_rates = fields.Text(compute="_compute_debt_recovery_warnings")
    debt_recovery_missing_mentions = fields.Text(
        compute="_compute_debt_recovery_warnings"
    )

    @api.depends("company_id")
    def _compute_debt_recovery_warnings(self):
        missing = self.env["debt.recovery.rate"].sudo()._missing_half_years()
        labels = dict(
            self.env["debt.recovery.rate"]
            ._fields["series"]
            ._description_selection(self.env)
        )
        rates_text = "\n".join(
            self.env._(
                "%(series)s: %(half_years)s",
                series=labels[series],
                half_years=", ".join(rate_tools.half_year_label_fr(d) for d in dates),
            )
            for series, dates in missing.items()
        )
        for settings in self:
            settings.debt_recovery_missing_rates = rates_text or False
            settings.debt_recovery_missing_mentions = (
                settings.company_id._debt_recovery_missing_invoice_mentions() or False
            )

    def action_open_debt_recovery_rates(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_rate_action"
        )

    def action_open_debt_recovery_levels(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_level_action"
        )
