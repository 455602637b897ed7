"""Bounced reminder emails: Odoo's bounce routing (``mail.thread.
_routing_handle_bounce``) tells the step whose email came back; its customer
then gets its letters by post, and its responsible an activity, until the
address is corrected."""

from odoo import api, fields, models
from odoo.tools import email_normalize


class ResPartner(models.Model):
    _inherit = "res.partner"

    recovery_bounced_email = fields.Char(
        string="Bounced reminder address",
        readonly=True,
        copy=False,
        help="A reminder sent to this address bounced: the next steps go by post "
        "until the customer's email address is corrected.",
    )

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "recovery_bounced_email"]

    def write(self, vals):
        if "email" not in vals:
            return super().write(vals)
        customers = self.commercial_partner_id.filtered("recovery_bounced_email")
        result = super().write(vals)
        fixed = customers.filtered(
            lambda c: email_normalize(vals["email"] or "") != c.recovery_bounced_email
        )
        if fixed:
            fixed.sudo().write({"recovery_bounced_email": False})
            for customer in fixed:
                customer.message_post(
                    body=self.env._(
                        "Email address corrected by %(user)s: the reminders go by "
                        "email again.",
                        user=self.env.user.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return result


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    def _message_receive_bounce(self, email, partner):
        result = super()._message_receive_bounce(email, partner)
        self._recovery_bounced(email)
        return result

    def _recovery_bounced(self, email):
        """The email of these steps to ``email`` bounced: the customer's
        letters go by post from now on (``debt.recovery.run._step_channel``)
        and its responsible gets one activity to correct the address (not
        one more for each bounce of the same address)."""
        activity_type = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_invalid_email"
        )
        for action in self.sudo():
            customer = action.partner_id.commercial_partner_id
            if customer.recovery_bounced_email == email:
                continue
            customer.recovery_bounced_email = email
            user = customer._recovery_responsible(action.company_id.id)
            customer.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Invalid email address: %(email)s", email=email),
                note=self.env._(
                    "The reminder %(ref)s sent to %(email)s bounced. Correct the "
                    "customer's email address: until then, its reminders go by "
                    "post.",
                    ref=action.name,
                    email=email,
                ),
                user_id=user.id,
            )
            action.message_post(
                body=self.env._(
                    "The email to %(email)s bounced: the next steps go by post "
                    "until the address is corrected.",
                    email=email,
                ),
                subtype_xmlid="mail.mt_note",
            )
