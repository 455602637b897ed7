# (French letter text: French typography.)
import datetime

from odoo import models

from ..tools import formatting, letter_data
from .debt_recovery_letter import KIND_BY_LEVEL, KIND_CONTEXT_KEY

# Days the post takes, to estimate when a registered letter is received
# (the formal notice's deadline runs from its receipt).
POST_DAYS = 3
CHANNEL_HEADERS = {
    "email": letter_data.CHANNEL_LABELS["email"],
    "post": letter_data.CHANNEL_LABELS["post"],
    "both": "Lettre simple et courriel",
}


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    def _recovery_letter_kind(self):
        """Kind of letter of this step (reports/templates/<kind>.odt)."""
        self.ensure_one()
        return self.env.context.get(KIND_CONTEXT_KEY) or KIND_BY_LEVEL.get(
            self.level_code, "relance_amiable"
        )

    def _recovery_letters(self):
        """One :class:`letter_data.Letter` per action, amounts at its date."""
        builder = self.env["debt.recovery.letter"]
        history = builder._letter_previous_actions(self.partner_id, self.company_id)
        letters = []
        for action in self.sudo():
            kind = action._recovery_letter_kind()
            company = action.company_id
            letter = builder._letter_base(
                kind, company, action.recipient_id, action.date, action.name
            )
            builder._letter_fill_invoices(
                letter,
                action.invoice_ids,
                action.date,
                with_penalties=action.level_id.claim_penalties,
            )
            earlier = [
                (day, ref, invoice_ids)
                for day, ref, invoice_ids, action_id, company_id in history.get(
                    action.partner_id.id, ()
                )
                if day < action.date
                and action_id != action.id
                and company_id == company.id
                and set(invoice_ids) & set(action.invoice_ids.ids)
            ]
            if earlier:
                letter.previous_letter_date = formatting.format_date(earlier[-1][0])
            letter.channel_label = CHANNEL_HEADERS.get(action.channel, "")
            if kind == "relance_ferme":
                letter.pay_by_date = formatting.format_date(
                    action.date
                    + datetime.timedelta(days=company.debt_recovery_notice_days or 8)
                )
            if kind == "mise_en_demeure":
                days = company.debt_recovery_notice_days or 8
                letter.notice = letter_data.Notice(
                    deadline_days=str(days),
                    deadline_text=f"{formatting.integer_in_words(days)} jours",
                    deadline_date=formatting.format_date(
                        action.date + datetime.timedelta(days=POST_DAYS + days)
                    ),
                )
            if letter.agency and earlier:
                letter.agency.first_letter_date = formatting.format_date(earlier[0][0])
                letter.agency.first_letter_reference = earlier[0][1]
            letters.append(letter)
        return letters
