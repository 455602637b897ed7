# (French letter text: French typography.)
from odoo import fields, models
from odoo.tools import SQL

from ..tools import formatting, letter_data
from .debt_recovery_letter import KIND_CONTEXT_KEY

PARTNER_KINDS = ("releve_compte", "suspension", "reprise_service")
REFERENCE_PREFIXES = {
    "releve_compte": "RC",
    "suspension": "SUS",
    "reprise_service": "REP",
}
SUSPENSION_SCOPE = (
    "la livraison de vos commandes en cours et l'enregistrement de toute "
    "nouvelle commande"
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _recovery_letters(self):
        """One letter per customer, in the current company, dated today: the
        account statement, or the suspension / service-resumed notice when
        the report printed asks for it."""
        kind = self.env.context.get(KIND_CONTEXT_KEY) or "releve_compte"
        if kind not in PARTNER_KINDS:
            kind = "releve_compte"
        builder = self.env["debt.recovery.letter"]
        company = self.env.company
        today = fields.Date.context_today(self)
        letters = []
        for partner in self.sudo():
            commercial = partner.commercial_partner_id
            recipient = partner.browse(commercial.address_get(["invoice"])["invoice"])
            reference = "%s-%s-%s" % (
                REFERENCE_PREFIXES[kind],
                today.strftime("%Y%m%d"),
                commercial.ref or commercial.id,
            )
            letter = builder._letter_base(kind, company, recipient, today, reference)
            if kind == "releve_compte":
                builder._letter_fill_statement(letter, commercial, company, today)
            else:
                partner._recovery_fill_suspension_letter(letter, company, today)
            letters.append(letter)
        return letters

    def _recovery_overdue_invoices(self, company, date):
        self.ensure_one()
        return (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "=", self.commercial_partner_id.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", date),
                ]
            )
        )

    def _recovery_fill_suspension_letter(self, letter, company, date):
        """Suspension notice (Code civil art. 1220) or service-resumed letter."""
        self.ensure_one()
        builder = self.env["debt.recovery.letter"]
        partner = self.commercial_partner_id.with_company(company)
        overdue = partner._recovery_overdue_invoices(company, date)
        suspending = overdue.filtered(lambda m: m.recovery_level_id.suspend_service)
        if letter.kind == "suspension":
            builder._letter_fill_invoices(letter, suspending or overdue, date, False)
        since = partner.recovery_suspended_since
        letter.suspension = letter_data.Suspension(
            since_date=formatting.format_date(
                fields.Datetime.context_timestamp(self, since).date() if since else date
            ),
            scope=SUSPENSION_SCOPE,
        )
        notice_date = partner._recovery_last_step_date(company, "formal_notice")
        letter.notice_date = formatting.format_date(notice_date) if notice_date else ""
        if letter.kind == "reprise_service":
            letter.suspension.resumed_date = formatting.format_date(date)
            paid = partner._recovery_last_payment_date(company)
            letter.suspension.payment_date = (
                formatting.format_date(paid) if paid else ""
            )
        return letter

    def _recovery_last_step_date(self, company, level_code):
        self.ensure_one()
        action = (
            self.env["debt.recovery.action"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("level_code", "=", level_code),
                    ("state", "=", "done"),
                ],
                order="date desc",
                limit=1,
            )
        )
        return action.date

    def _recovery_last_payment_date(self, company):
        """Date of the last payment applied to the customer's invoices."""
        self.ensure_one()
        self.env["account.partial.reconcile"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT MAX(partial.max_date)
                  FROM account_partial_reconcile partial
                  JOIN account_move_line line ON line.id = partial.debit_move_id
                  JOIN account_move move ON move.id = line.move_id
                 WHERE move.commercial_partner_id = %s AND move.company_id = %s
                   AND move.move_type = 'out_invoice'
                """,
                self.commercial_partner_id.id,
                company.id,
            )
        )
        return self.env.cr.fetchone()[0]
