from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .debt_recovery_notice import OPEN_STATES


class AccountMove(models.Model):
    _inherit = "account.move"

    recovery_notice_ids = fields.Many2many(
        "debt.recovery.notice",
        "debt_recovery_notice_invoice_rel",
        "invoice_id",
        "notice_id",
        string="Formal notices",
        copy=False,
        readonly=True,
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_case_ids = fields.Many2many(
        "debt.recovery.case",
        "debt_recovery_case_invoice_rel",
        "invoice_id",
        "case_id",
        string="Litigation files",
        copy=False,
        readonly=True,
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_notice_count = fields.Integer(
        compute="_compute_recovery_notice_count",
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_case_count = fields.Integer(
        compute="_compute_recovery_notice_count",
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )

    @api.depends("recovery_notice_ids", "recovery_case_ids")
    def _compute_recovery_notice_count(self):
        for move in self:
            move.recovery_notice_count = len(move.recovery_notice_ids)
            move.recovery_case_count = len(move.recovery_case_ids)

    @api.model
    def _recovery_candidate_conditions(self, today):
        """Invoices in an open formal notice or litigation file leave the ladder."""
        conditions = super()._recovery_candidate_conditions(today)
        self.env["debt.recovery.notice"].flush_model(["state"])
        self.env["debt.recovery.case"].flush_model(["state"])
        conditions.append(
            SQL(
                """NOT EXISTS (
                    SELECT 1 FROM debt_recovery_notice_invoice_rel nrel
                      JOIN debt_recovery_notice notice ON notice.id = nrel.notice_id
                     WHERE nrel.invoice_id = move.id AND notice.state IN %s)""",
                OPEN_STATES,
            )
        )
        conditions.append(
            SQL(
                """NOT EXISTS (
                    SELECT 1 FROM debt_recovery_case_invoice_rel crel
                      JOIN debt_recovery_case rcase ON rcase.id = crel.case_id
                     WHERE crel.invoice_id = move.id
                       AND rcase.state IN ('draft', 'open'))"""
            )
        )
        return conditions

    def _recovery_b2c_interest_start(self):
        """Consumers owe legal interest from the day after the formal notice
        reached them: its receipt, or the first presentation of a letter not
        claimed (LEGAL.md section 3). The earliest notice counts."""
        result = super()._recovery_b2c_interest_start()
        ids = [move_id for move_id in self.ids if isinstance(move_id, int)]
        if not ids:
            return result
        self.env["debt.recovery.notice"].flush_model(
            ["state", "delivery", "receipt_date", "presentation_date", "returned_date"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.invoice_id,
                       MIN(CASE WHEN notice.delivery = 'received' THEN notice.receipt_date
                                ELSE COALESCE(notice.presentation_date,
                                              notice.returned_date) END)
                  FROM debt_recovery_notice_invoice_rel rel
                  JOIN debt_recovery_notice notice ON notice.id = rel.notice_id
                 WHERE rel.invoice_id = ANY(%s)
                   AND notice.state NOT IN ('draft', 'cancelled')
                   AND notice.delivery IN ('received', 'returned')
                 GROUP BY rel.invoice_id
                """,
                ids,
            )
        )
        for move_id, start in self.env.cr.fetchall():
            if start and (move_id not in result or start < result[move_id]):
                result[move_id] = start
        return result

    def action_create_recovery_notice(self):
        """Draft formal notices for the selected invoices, one per customer."""
        invoices = self.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state == "posted"
                and m.payment_state not in ("paid", "in_payment", "reversed")
            )
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "Select posted customer invoices that are still unpaid to "
                    "prepare a formal notice."
                )
            )
        busy = invoices.filtered(
            lambda m: any(n.state in OPEN_STATES for n in m.recovery_notice_ids)
        )
        if busy:
            raise UserError(
                self.env._(
                    "Invoices %(invoices)s are already in an open formal notice.",
                    invoices=", ".join(busy.mapped("name")),
                )
            )
        Notice = self.env["debt.recovery.notice"]
        groups = invoices.grouped(lambda m: (m.company_id, m.commercial_partner_id))
        notices = Notice.create(
            [
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "invoice_ids": [fields.Command.set(moves.ids)],
                    "deadline_days": company.debt_recovery_notice_days,
                }
                for (company, partner), moves in groups.items()
            ]
        )
        return notices._recovery_open_action()

    def action_view_recovery_notices(self):
        self.ensure_one()
        return self.recovery_notice_ids._recovery_open_action()

    def action_view_recovery_cases(self):
        self.ensure_one()
        return self.recovery_case_ids._recovery_open_action()
