"""The managers' key figures: receivables, sales, DSO with last month's
figures beside them and the DSO of the last twelve months as a line chart;
overdue, steps waiting, suspended customers."""

from odoo import api, fields, models
from odoo.tools import format_date, formatLang

from ..tools import dashboard as dashboard_tools

TREND_MONTHS = 12


class DebtRecoveryDashboard(models.TransientModel):
    _name = "debt.recovery.dashboard"
    _description = "Debt recovery key figures"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(default=fields.Date.context_today, readonly=True)
    previous_date = fields.Date(
        string="Compared with", compute="_compute_figures", help="One month earlier."
    )
    receivables = fields.Monetary(
        string="Customer receivables", compute="_compute_figures"
    )
    receivables_previous = fields.Monetary(
        string="Receivables last month", compute="_compute_figures"
    )
    receivables_compare = fields.Char(
        string="Receivables compared", compute="_compute_figures"
    )
    sales_period = fields.Monetary(
        string="Sales of the last 90 days", compute="_compute_figures"
    )
    sales_compare = fields.Char(string="Sales compared", compute="_compute_figures")
    dso = fields.Float(
        string="DSO (days)",
        digits=(16, 1),
        compute="_compute_figures",
        help="Days sales outstanding: customer receivables / sales (tax included) "
        "of the last 90 days x 90.",
    )
    dso_previous = fields.Float(
        string="DSO last month", digits=(16, 1), compute="_compute_figures"
    )
    dso_compare = fields.Char(string="DSO compared", compute="_compute_figures")
    dso_trend = fields.Html(
        string="DSO over 12 months",
        compute="_compute_figures",
        sanitize=False,
        help="DSO at the end of each of the last twelve months (the current "
        "month: today).",
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

    @api.depends("company_id")
    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = self.env._("Recovery dashboard")

    @api.model
    def action_open(self):
        """The dashboard of the current company, as of today: a new record
        (its figures computed when shown), so that no "1 / 1" pager shows."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recovery dashboard"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.depends("company_id", "date")
    def _compute_figures(self):
        for dashboard in self:
            company = dashboard.company_id
            today = dashboard.date or fields.Date.context_today(self)
            previous = dashboard_tools.same_day_last_month(today)
            ends = dashboard_tools.month_ends(today, TREND_MONTHS)
            series = company._debt_recovery_dso_series([*ends, previous])
            now, before = series[today], series[previous]
            dashboard.previous_date = previous
            dashboard.receivables = now["receivables"]
            dashboard.receivables_previous = before["receivables"]
            dashboard.sales_period = now["sales"]
            dashboard.dso = now["dso"] or 0.0
            dashboard.dso_previous = before["dso"] or 0.0
            money = dashboard._format_money_delta
            dashboard.receivables_compare = money(
                now["receivables"], before["receivables"], previous
            )
            dashboard.sales_compare = money(now["sales"], before["sales"], previous)
            dashboard.dso_compare = dashboard._format_days_delta(
                now["dso"], before["dso"], previous
            )
            dashboard.dso_trend = dashboard_tools.trend_svg(
                [
                    (
                        format_date(self.env, end, date_format="MMM yy"),
                        series[end]["dso"],
                    )
                    for end in ends
                ]
            )
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

    def _format_money_delta(self, current, previous, day):
        change = dashboard_tools.comparison(current, previous)
        delta = formatLang(self.env, change["delta"], currency_obj=self.currency_id)
        return self._format_change(change, delta, day)

    def _format_days_delta(self, current, previous, day):
        change = dashboard_tools.comparison(current, previous)
        if change["delta"] is None:
            return self.env._(
                "no sales on %(date)s to compare with", date=format_date(self.env, day)
            )
        delta = self.env._(
            "%(days)s days", days=formatLang(self.env, change["delta"], digits=1)
        )
        return self._format_change(change, delta, day)

    def _format_change(self, change, delta, day):
        arrow = {"up": "▲", "down": "▼", "flat": "="}[change["trend"]]
        sign = "+" if change["trend"] == "up" else ""
        if change["percent"] is None:
            return self.env._(
                "%(arrow)s %(sign)s%(delta)s since %(date)s",
                arrow=arrow,
                sign=sign,
                delta=delta,
                date=format_date(self.env, day),
            )
        return self.env._(
            "%(arrow)s %(sign)s%(delta)s (%(sign)s%(percent)s %%) since %(date)s",
            arrow=arrow,
            sign=sign,
            delta=delta,
            percent=formatLang(self.env, change["percent"], digits=1),
            date=format_date(self.env, day),
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
        return self._open("l10n_fr_debt_recovery.debt_recovery_worklist_action")

    def action_open_to_validate(self):
        return self._open(
            "l10n_fr_debt_recovery.debt_recovery_worklist_action",
            search_default_filter_to_validate=1,
        )

    def action_open_suspended(self):
        return self._open(
            "l10n_fr_debt_recovery.debt_recovery_worklist_action",
            search_default_filter_suspended=1,
        )

    # ---- The month's postage (postal providers) ----
    postal_cost_month = fields.Monetary(
        string="Postage this month",
        compute="_compute_postal_cost_month",
        help="Price of the letters submitted to the postal provider this month "
        "(registered and ordinary), as set in the settings.",
    )

    @api.depends("company_id", "date")
    def _compute_postal_cost_month(self):
        Action = self.env["debt.recovery.action"]
        for dashboard in self:
            day = dashboard.date or fields.Date.context_today(self)
            dashboard.postal_cost_month = Action._postal_month_cost(
                dashboard.company_id, day
            )
