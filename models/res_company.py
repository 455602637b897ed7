from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    debt_recovery_level_ids = fields.One2many(
        "debt.recovery.level", "company_id", string="Recovery ladder"
    )
    debt_recovery_min_amount = fields.Monetary(
        string="Minimum amount to recover",
        default=15.0,
        currency_field="currency_id",
        help="Customers whose overdue balance is below this amount get no reminder.",
    )
    debt_recovery_excluded_journal_ids = fields.Many2many(
        "account.journal",
        "res_company_debt_recovery_journal_rel",
        "company_id",
        "journal_id",
        string="Journals excluded from recovery",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
    )
    debt_recovery_signatory_id = fields.Many2one(
        "res.users",
        string="Letter signatory",
        help="Person whose name and function sign the recovery letters.",
    )
    debt_recovery_signatory_function = fields.Char(string="Signatory function")

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["debt.recovery.level"].sudo()._create_default_ladder(companies)
        return companies
