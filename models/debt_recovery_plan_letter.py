from decimal import Decimal

from odoo import models

from ..tools import formatting, letter_data
from ..tools import schedule as schedule_tools
from .debt_recovery_letter import KIND_CONTEXT_KEY

PLAN_KINDS = ("echeancier", "reconnaissance_dette")
REPORTS = {
    "echeancier": "l10n_fr_debt_recovery.report_debt_recovery_plan_agreement",
    "reconnaissance_dette": "l10n_fr_debt_recovery.report_debt_recovery_plan_acknowledgment",
}


def _amount(value):
    return formatting.format_amount(Decimal(str(value)))


def _short(day):
    return day.strftime("%d/%m/%Y") if day else ""


class DebtRecoveryPlan(models.Model):
    _inherit = "debt.recovery.plan"

    def _recovery_letters(self):
        """One letter per plan: the agreement (``echeancier``) or, printed
        with the acknowledgment report, the acknowledgment of debt
        (``reconnaissance_dette``). Amounts are the plan's."""
        kind = self.env.context.get(KIND_CONTEXT_KEY)
        if kind not in PLAN_KINDS:
            kind = "echeancier"
        builder = self.env["debt.recovery.letter"]
        letters = []
        for plan in self.sudo():
            date = plan.proposed_date or plan.date
            recipient = (
                plan.invoice_ids.partner_id.filtered("email")[:1] or plan.partner_id
            )
            letter = builder._letter_base(
                kind, plan.company_id, recipient, date, plan.name
            )
            builder._letter_fill_invoices(letter, plan.invoice_ids, date, False)
            # What the customer owes under the plan: its invoices, credits
            # already deducted when the plan was made.
            total = Decimal(str(plan.amount_total))
            words = formatting.amount_in_words(total, plan.currency_id.name)
            letter.credits = []
            letter.totals = letter_data.Totals(
                principal=_amount(total),
                total=_amount(total),
                total_in_words=words,
            )
            lines = plan.line_ids.sorted(
                lambda line: (line.date, line.sequence, line.id)
            )
            reply_by = formatting.format_date(plan._recovery_reply_by(date))
            if kind == "echeancier":
                letter.plan = letter_data.Plan(
                    installments=[
                        letter_data.Installment(
                            str(index), _short(line.date), _amount(line.amount)
                        )
                        for index, line in enumerate(lines, start=1)
                    ],
                    total=_amount(total),
                    total_in_words=words,
                    count=str(len(lines)),
                    count_text=schedule_tools.count_text(len(lines), plan.frequency),
                    first_date=formatting.format_date(lines[:1].date),
                    last_date=formatting.format_date(lines[-1:].date),
                    acceleration=plan.acceleration_clause,
                    grace_days=str(plan.grace_days),
                    agreement_date=formatting.format_date(plan.date),
                    reply_by=reply_by,
                )
            else:
                partner = plan.partner_id.sudo()
                identity = letter.recipient.identity
                letter.acknowledgment = letter_data.Acknowledgment(
                    amount=_amount(total),
                    amount_in_words=words,
                    cause="des factures n° "
                    + ", ".join(move.name for move in plan.invoice_ids.sorted("name")),
                    debtor_identity=f"{partner.name} ({identity})"
                    if identity
                    else partner.name,
                    reply_by=reply_by,
                )
            letters.append(letter)
        return letters

    def _recovery_attach_letters(self):
        """The agreement and the acknowledgment of debt of each plan, as PDFs
        in its chatter, to send to the customer for signature. All the
        documents are converted in one LibreOffice batch; a document that
        cannot be made is reported in the chatter (it can be printed later
        from the Print menu) and does not stop the proposal."""
        builder = self.env["debt.recovery.letter"]
        odts, errors = {}, {}
        for plan in self:
            for kind in PLAN_KINDS:
                report = self.env.ref(REPORTS[kind])
                try:
                    with self.env.cr.savepoint():
                        odts[plan, kind] = builder._letter_render_odt(report, plan)
                except Exception as err:
                    errors[plan, kind] = str(err)
        pdfs, conversion_errors = builder._letter_convert_odts(odts)
        errors.update(conversion_errors)
        result = {}
        for plan in self:
            attachments = self.env["ir.attachment"].create(
                [
                    {
                        "name": "%s - %s.pdf"
                        % (letter_data.SUBJECTS[kind], plan.name.replace("/", "-")),
                        "raw": pdfs[plan, kind],
                        "res_model": plan._name,
                        "res_id": plan.id,
                        "mimetype": "application/pdf",
                    }
                    for kind in PLAN_KINDS
                    if (plan, kind) in pdfs
                ]
            )
            problems = [
                errors[plan, kind] for kind in PLAN_KINDS if (plan, kind) in errors
            ]
            body = self.env._(
                "Agreement and acknowledgment of debt to send to the customer for "
                "signature."
            )
            if problems:
                body = self.env._(
                    "The documents to sign could not all be made (%(errors)s): print "
                    "them from the Print menu once the problem is fixed.",
                    errors="; ".join(problems),
                )
            plan.message_post(
                body=body, attachment_ids=attachments.ids, subtype_xmlid="mail.mt_note"
            )
            result[plan.id] = attachments
        return result
