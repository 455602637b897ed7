"""Aging of open customer invoices: an SQL view read by the managers' graph
and pivot views."""

from odoo import fields, models, tools
from odoo.tools import SQL

AGING_SELECTION = [
    ("not_due", "Not due"),
    ("1_30", "1-30 days"),
    ("31_60", "31-60 days"),
    ("61_90", "61-90 days"),
    ("90_plus", "More than 90 days"),
]


class DebtRecoveryAgingReport(models.Model):
    _name = "debt.recovery.aging.report"
    _description = "Aging of customer invoices"
    _auto = False
    _order = "invoice_date_due, id"
    _rec_name = "move_id"

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    level_id = fields.Many2one(
        "debt.recovery.level", string="Level reached", readonly=True
    )
    invoice_date = fields.Date(readonly=True)
    invoice_date_due = fields.Date(string="Due date", readonly=True)
    days_overdue = fields.Integer(
        string="Days overdue", readonly=True, aggregator="max"
    )
    aging_bucket = fields.Selection(AGING_SELECTION, string="Aging", readonly=True)
    amount_residual = fields.Monetary(string="Still due", readonly=True)
    excluded = fields.Boolean(string="Excluded from recovery", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Days are counted to the database's current date, so that the
        # figures are those of the day the manager opens the report.
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT move.id AS id,
                           move.id AS move_id,
                           move.company_id,
                           company.currency_id,
                           move.commercial_partner_id AS partner_id,
                           move.invoice_user_id AS user_id,
                           move.recovery_level_id AS level_id,
                           move.invoice_date,
                           move.invoice_date_due,
                           GREATEST(CURRENT_DATE - move.invoice_date_due, 0) AS days_overdue,
                           CASE
                               WHEN CURRENT_DATE - move.invoice_date_due <= 0 THEN 'not_due'
                               WHEN CURRENT_DATE - move.invoice_date_due <= 30 THEN '1_30'
                               WHEN CURRENT_DATE - move.invoice_date_due <= 60 THEN '31_60'
                               WHEN CURRENT_DATE - move.invoice_date_due <= 90 THEN '61_90'
                               ELSE '90_plus'
                           END AS aging_bucket,
                           move.amount_residual_signed AS amount_residual,
                           COALESCE(move.recovery_excluded, FALSE) AS excluded
                      FROM account_move move
                      JOIN res_company company ON company.id = move.company_id
                     WHERE %(open_invoice)s
                       AND move.invoice_date_due IS NOT NULL
                )
                """,
                table=SQL.identifier(self._table),
                open_invoice=self.env["account.move"]._recovery_open_sql("move"),
            )
        )

    def _read_group_orderby(self, order, groupby_terms, query):
        """Age buckets in their natural order ("Not due" first, then 1-30 ...
        more than 90 days), not in the alphabetical order of their keys: the
        pivot's columns and the graph's bars read from left to right."""
        if "aging_bucket" in groupby_terms:
            rank = SQL(
                "CASE %s %s END",
                groupby_terms["aging_bucket"],
                SQL(" ").join(
                    SQL("WHEN %s THEN %s", key, index)
                    for index, (key, _label) in enumerate(AGING_SELECTION)
                ),
            )
            groupby_terms = {**groupby_terms, "aging_bucket": rank}
        return super()._read_group_orderby(order, groupby_terms, query)
