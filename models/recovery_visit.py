"""A step of the ladder made as a visit to the customer: an activity for its
responsible with where to go and what to bring; the outcome is the feedback
written when the activity is marked as done (in the step's chatter, as a
phone call's)."""

from markupsafe import Markup, escape

from odoo import models
from odoo.tools import format_date
from odoo.tools.misc import formatLang

from ..tools.visit import map_url


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    def _recovery_schedule_visit(self):
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        activity_type = self.level_id.activity_type_id or self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_visit"
        )
        self.activity_schedule(
            activity_type_id=activity_type.id,
            summary=self.env._(
                "Visit %(customer)s about %(amount)s overdue",
                customer=customer.display_name,
                amount=self._recovery_format_claim(),
            ),
            note=self._recovery_visit_note(),
            user_id=(self.user_id or self.env.user).id,
            date_deadline=self.date,
        )

    def _recovery_visit_note(self):
        """The activity's note: the address with its map link, whom to call,
        and the figures of the step (those of the account statement, to print
        from the customer's form and bring)."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        address_parts = (
            customer.street,
            customer.street2,
            customer.zip,
            customer.city,
            customer.country_id.name,
        )
        address = ", ".join(p for p in address_parts if p)
        url = map_url(*address_parts)
        lines = [
            Markup("<p><strong>%s</strong><br/>%s</p>")
            % (
                self.env._("Address"),
                Markup('%s (<a href="%s" target="_blank">%s</a>)')
                % (address, url, self.env._("map"))
                if url
                else address,
            )
        ]
        if customer.phone or customer.mobile:
            lines.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Phone: %(phone)s", phone=customer.phone or customer.mobile
                )
            )
        rows = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(invoice)s due on %(date)s: %(amount)s still due",
                invoice=invoice.name,
                date=format_date(self.env, invoice.invoice_date_due),
                amount=self._recovery_format_amount(invoice.amount_residual),
            )
            for invoice in self.invoice_ids.sorted("invoice_date_due")
        )
        lines.append(
            Markup("<p><strong>%s</strong></p><ul>%s</ul>")
            % (self.env._("Figures to bring"), rows)
        )
        if self.amount_credit:
            lines.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Open credits deducted: %(amount)s",
                    amount=self._recovery_format_amount(self.amount_credit),
                )
            )
        if self.level_id.claim_penalties and (
            self.amount_penalty or self.amount_indemnity
        ):
            lines.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Late-payment penalties: %(penalty)s; fixed recovery "
                    "indemnity: %(indemnity)s",
                    penalty=self._recovery_format_amount(self.amount_penalty),
                    indemnity=formatLang(
                        self.env,
                        self.amount_indemnity,
                        currency_obj=self.indemnity_currency_id,
                    ),
                )
            )
        lines.append(
            Markup("<p><strong>%s</strong></p>")
            % self.env._(
                "Total claimed: %(amount)s", amount=self._recovery_format_claim()
            )
        )
        lines.append(
            Markup("<p>%s</p>")
            % escape(
                self.env._(
                    "Print the account statement from the customer's form and bring "
                    "it. Mark this activity as done with the outcome of the visit "
                    "(payment received, promise, dispute, nobody there)."
                )
            )
        )
        return Markup("").join(lines)
