"""What each recovery step brought in: the payments received within a window
after the step, an SQL view read by the managers' graph and pivot views."""

from odoo import fields, models, tools
from odoo.tools import SQL


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
                           action.amount_due * COALESCE(booked.rate, 1) AS amount_due,
                           COALESCE(recovered.amount, 0) AS amount_recovered,
                           1 AS action_count
                      FROM debt_recovery_action action
                      JOIN res_company company ON company.id = action.company_id
                 -- The step's amounts are in its invoices' currency: the report
                 -- is in the company's, at the rate the invoices were booked.
                 LEFT JOIN LATERAL (
                        SELECT SUM(move.amount_total_signed)
                               / NULLIF(SUM(move.amount_total), 0) AS rate
                          FROM debt_recovery_action_invoice_rel rel
                          JOIN account_move move ON move.id = rel.invoice_id
                         WHERE rel.action_id = action.id
                       ) booked ON TRUE
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
