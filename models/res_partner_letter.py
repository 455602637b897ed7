# (French letter text: French typography.)
import logging

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..tools import formatting, letter_data
from .debt_recovery_letter import KIND_CONTEXT_KEY

_logger = logging.getLogger(__name__)

PARTNER_KINDS = ("releve_compte", "suspension", "reprise_service")
REFERENCE_PREFIXES = {
    "releve_compte": "RC",
    "suspension": "SUS",
    "reprise_service": "REP",
}
# Report of the written notice sent when a customer is suspended or restored
# (res_partner_suspension.py ``_recovery_send_suspension_notice`` kinds).
NOTICE_REPORTS = {
    "suspension": "l10n_fr_debt_recovery.report_res_partner_suspension",
    "service_resumed": "l10n_fr_debt_recovery.report_res_partner_resumed",
}
# Context key: notices of a suspension update, whose letters are made
# together at its end.
NOTICES_CONTEXT_KEY = "debt_recovery_notice_letters"
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
        if since:
            since = fields.Datetime.context_timestamp(self, since).date()
        else:
            # Lifted already (service resumed): the step that suspended it.
            since = partner._recovery_last_step_date(company, suspending=True)
        letter.suspension = letter_data.Suspension(
            since_date=formatting.format_date(since or date),
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

    def _recovery_last_step_date(self, company, level_code=None, suspending=False):
        """Date of the customer's last step done of ``level_code`` (or of a
        step that suspends service), or ``False``."""
        self.ensure_one()
        domain = [
            ("company_id", "=", company.id),
            ("partner_id", "=", self.commercial_partner_id.id),
            ("state", "=", "done"),
        ]
        if level_code:
            domain.append(("level_code", "=", level_code))
        if suspending:
            domain.append(("level_id.suspend_service", "=", True))
        action = (
            self.env["debt.recovery.action"]
            .sudo()
            .search(
                domain,
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

    # ------------------------------------------------ suspension notices
    def _recovery_update_suspension(self, companies=None, today=None):
        """The notices sent by the update get their letter, made in one
        LibreOffice batch at the end."""
        notices = []
        result = super(
            ResPartner, self.with_context(**{NOTICES_CONTEXT_KEY: notices})
        )._recovery_update_suspension(companies, today)
        if notices:
            self._recovery_attach_notice_letters(notices)
        return result

    def _recovery_send_suspension_notice(self, kind):
        message = super()._recovery_send_suspension_notice(kind)
        notices = self.env.context.get(NOTICES_CONTEXT_KEY)
        if notices is None:
            self._recovery_attach_notice_letters([(self, kind, message)])
        else:
            notices.append((self, kind, message))
        return message

    @api.model
    def _recovery_attach_notice_letters(self, notices):
        """Attach the PDF letter of each ``(partner, kind, message)`` notice
        to its email, or post it in the chatter to be printed when the
        customer has no email address. A letter that cannot be made is
        logged on the customer and does not stop the others."""
        builder = self.env["debt.recovery.letter"]
        odts, problems = {}, {}
        for index, (partner, kind, _message) in enumerate(notices):
            report = kind in NOTICE_REPORTS and self.env.ref(
                NOTICE_REPORTS[kind], raise_if_not_found=False
            )
            if not report:
                continue
            try:
                with self.env.cr.savepoint():
                    odts[index] = builder._letter_render_odt(report, partner)
            except Exception as err:
                _logger.exception("Notice letter of %s not rendered", partner.name)
                problems[index] = str(err)
        pdfs, errors = builder._letter_convert_odts(odts)
        problems.update(errors)
        for index, content in pdfs.items():
            partner, kind, message = notices[index]
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "%(notice)s - %(customer)s.pdf",
                            notice=self.env.ref(NOTICE_REPORTS[kind]).name,
                            customer=partner.name,
                        ),
                        "raw": content,
                        "res_model": "res.partner",
                        "res_id": partner.id,
                        "mimetype": "application/pdf",
                    }
                )
            )
            if message:
                message.sudo().attachment_ids = [Command.link(attachment.id)]
            else:
                partner.sudo().message_post(
                    body=self.env._("Notice letter to print and post."),
                    attachment_ids=attachment.ids,
                    subtype_xmlid="mail.mt_note",
                )
        for index, problem in problems.items():
            partner = notices[index][0]
            partner.sudo().message_post(
                body=self.env._(
                    "The notice letter could not be made: %(error)s", error=problem
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_recovery_send_statement(self):
        """Email the account statement (PDF) to the customer, through the
        usual mail composer so that the text can be checked first."""
        self.ensure_one()
        template = self.env.ref("l10n_fr_debt_recovery.mail_template_statement")
        partner = self.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": partner.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }
