"""Aging of open customer invoices and what each recovery step brought in:
SQL views read by the managers' graph and pivot views."""

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
                     WHERE move.move_type = 'out_invoice'
                       AND move.state = 'posted'
                       AND move.payment_state IN ('not_paid', 'partial')
                       AND move.amount_residual > 0
                       AND move.invoice_date_due IS NOT NULL
                )
                """,
                table=SQL.identifier(self._table),
            )
        )


class DebtRecoveryRecoveredReport(models.Model):
    _name = "debt.recovery.recovered.report"
    _description = "Amounts recovered after each recovery step"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "action_id"

    # Payments counted within this many days after the step.
    WINDOW_DAYS = 30

    action_id = fields.Many2one("debt.recovery.action", string="Step", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    level_id = fields.Many2one(
        "debt.recovery.level", string="Step reached", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    date = fields.Date(readonly=True)
    amount_due = fields.Monetary(string="Due at the step", readonly=True)
    amount_recovered = fields.Monetary(
        string="Recovered within 30 days",
        readonly=True,
        help="Payments reconciled with the step's invoices in the 30 days after "
        "the step (credit notes are not counted).",
    )
    action_count = fields.Integer(string="Steps", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT action.id AS id,
                           action.id AS action_id,
                           action.company_id,
                           company.currency_id,
                           action.partner_id,
                           action.level_id,
                           action.user_id,
                           action.date,
                           action.amount_due,
                           COALESCE(recovered.amount, 0) AS amount_recovered,
                           1 AS action_count
                      FROM debt_recovery_action action
                      JOIN res_company company ON company.id = action.company_id
                 LEFT JOIN LATERAL (
                        SELECT SUM(partial.amount) AS amount
                          FROM debt_recovery_action_invoice_rel rel
                          JOIN account_move_line line ON line.move_id = rel.invoice_id
                          JOIN account_account account ON account.id = line.account_id
                          JOIN account_partial_reconcile partial
                            ON partial.debit_move_id = line.id
                          JOIN account_move_line credit_line
                            ON credit_line.id = partial.credit_move_id
                          JOIN account_move credit_move
                            ON credit_move.id = credit_line.move_id
                         WHERE rel.action_id = action.id
                           AND account.account_type = 'asset_receivable'
                           AND credit_move.move_type != 'out_refund'
                           AND partial.max_date >= action.date
                           AND partial.max_date <= action.date + %(window)s
                       ) recovered ON TRUE
                     WHERE action.state = 'done'
                )
                """,
                table=SQL.identifier(self._table),
                window=self.WINDOW_DAYS,
            )
        )
