"""The managers' key figures: receivables, overdue, DSO, steps waiting."""

from odoo import api, fields, models


class DebtRecoveryDashboard(models.TransientModel):
    _name = "debt.recovery.dashboard"
    _description = "Debt recovery key figures"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(default=fields.Date.context_today, readonly=True)
    receivables = fields.Monetary(
        string="Customer receivables", compute="_compute_figures"
    )
    sales_period = fields.Monetary(
        string="Sales of the last 90 days", compute="_compute_figures"
    )
    dso = fields.Float(
        string="DSO (days)",
        digits=(16, 1),
        compute="_compute_figures",
        help="Days sales outstanding: customer receivables / sales (tax included) "
        "of the last 90 days x 90.",
    )
    overdue_amount = fields.Monetary(string="Overdue", compute="_compute_figures")
    overdue_customers = fields.Integer(
        string="Customers with overdue invoices", compute="_compute_figures"
    )
    to_validate_count = fields.Integer(
        string="Steps to validate", compute="_compute_figures"
    )
    suspended_count = fields.Integer(
        string="Suspended customers", compute="_compute_figures"
    )

    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = self.env._("Recovery dashboard")

    @api.model
    def action_open(self):
        """The dashboard of the current company, as of today."""
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": dashboard.display_name,
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.depends("company_id", "date")
    def _compute_figures(self):
        for dashboard in self:
            company = dashboard.company_id
            figures = company._debt_recovery_dso(dashboard.date)
            dashboard.receivables = figures["receivables"]
            dashboard.sales_period = figures["sales"]
            dashboard.dso = figures["dso"] or 0.0
            partners = self.env["res.partner"].with_company(company)
            overdue = partners.search(partners._recovery_worklist_domain())
            dashboard.overdue_amount = sum(overdue.mapped("recovery_overdue_amount"))
            dashboard.overdue_customers = len(overdue)
            dashboard.suspended_count = partners.search_count(
                [("recovery_suspended", "=", True)]
            )
            dashboard.to_validate_count = self.env["debt.recovery.action"].search_count(
                [("company_id", "=", company.id), ("state", "=", "to_validate")]
            )

    def _open(self, xmlid, **context):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = context
        return action

    def action_open_aging(self):
        return self._open("l10n_fr_debt_recovery.debt_recovery_aging_report_action")

    def action_open_recovered(self):
        return self._open("l10n_fr_debt_recovery.debt_recovery_recovered_report_action")

    def action_open_actions(self):
        return self._open("l10n_fr_debt_recovery.debt_recovery_action_action_analysis")

    def action_open_worklist(self):
        return self._open("l10n_fr_debt_recovery.res_partner_action_recovery_worklist")

    def action_open_to_validate(self):
        return self._open(
            "l10n_fr_debt_recovery.res_partner_action_recovery_worklist",
            search_default_filter_to_validate=1,
        )
