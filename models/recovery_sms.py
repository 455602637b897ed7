"""SMS as a channel of a step, through Odoo's ``sms`` module when it is
installed (an optional dependency, detected as OCA queue_job is: by its
model in the registry). The text is short and in French
(``tools.sms.sms_text``); blacklisted numbers (Odoo's phone blacklist, where
the customers' opt-outs are kept) are never texted; an SMS never leaves at
night nor on Sundays (system parameter ``l10n_fr_debt_recovery.sms_hours``,
"8-20" by default): it waits in the step (``sms_due``) for the hourly
scheduled action. Sent, it is in the step's chatter as its email is."""

import re

import pytz

from odoo import api, fields, models

from ..tools.sms import next_allowed, parse_hours, sms_text
from .debt_recovery_action import DebtRecoveryAction as BaseAction

SMS_HOURS_PARAM = "l10n_fr_debt_recovery.sms_hours"


class DebtRecoveryLevel(models.Model):
    _inherit = "debt.recovery.level"

    channel_sms = fields.Boolean(
        string="SMS",
        help="A short text message is also sent to the customer's mobile, when "
        "Odoo's SMS module is installed: never at night nor on Sundays, never to "
        "a blacklisted number.",
    )


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"
    # Only the addon's flows set it (see debt.recovery.document).
    _recovery_flow_fields = (*BaseAction._recovery_flow_fields, "sms_due")

    sms_due = fields.Datetime(
        string="SMS to send on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The step's SMS waits for the allowed hours.",
    )

    @api.model
    def _recovery_sms_installed(self):
        return "sms.sms" in self.env

    def _recovery_queue_sms(self, now=None):
        """The SMS of these steps just done: sent now when the hours allow
        it, else kept for the first allowed moment."""
        if not self._recovery_sms_installed():
            return
        actions = self.filtered(lambda a: a.level_id.channel_sms and a.state == "done")
        if not actions:
            return
        now = now or fields.Datetime.now()
        hours = parse_hours(
            self.env["ir.config_parameter"].sudo().get_param(SMS_HOURS_PARAM, "8-20")
        )
        for action in actions:
            tz = pytz.timezone(
                action.user_id.tz or action.company_id.partner_id.tz or "Europe/Paris"
            )
            local = pytz.utc.localize(now).astimezone(tz)
            action._recovery_flow().write(
                {
                    "sms_due": next_allowed(local, hours)
                    .astimezone(pytz.utc)
                    .replace(tzinfo=None)
                }
            )
        actions._recovery_send_due_sms(now)

    @api.model
    def _cron_recovery_sms(self):
        """Hourly: the SMS whose moment came."""
        if not self._recovery_sms_installed():
            return
        now = fields.Datetime.now()
        self.search([("sms_due", "<=", now)])._recovery_send_due_sms(now)

    def _recovery_send_due_sms(self, now):
        Blacklist = self.env["phone.blacklist"].sudo()
        for action in self.filtered(lambda a: a.sms_due and a.sms_due <= now):
            action._recovery_flow().write({"sms_due": False})
            if action.state != "done":
                continue  # cancelled meanwhile
            recipient = action.recipient_id
            number = recipient.mobile or recipient.phone
            sanitized = number and recipient._phone_format(number=number)
            # Without the phonenumbers library Odoo keeps the number as typed:
            # compared with the blacklist without its spaces and dots.
            sanitized = sanitized and re.sub(r"[\s.()-]", "", sanitized)
            if not sanitized:
                reason = self.env._("no valid mobile number")
            elif Blacklist.with_context(active_test=True).search_count(
                [("number", "in", [sanitized, number])]
            ):
                reason = self.env._(
                    "the number %(number)s is blacklisted", number=sanitized
                )
            else:
                reason = False
            if reason:
                action.message_post(
                    body=self.env._("SMS not sent: %(reason)s.", reason=reason),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            invoice = action.invoice_ids if len(action.invoice_ids) == 1 else None
            link = invoice and invoice.get_base_url() + invoice.get_portal_url()
            action._message_sms(
                sms_text(action.company_id.name, action._recovery_format_claim(), link),
                partner_ids=recipient.ids,
                sms_pid_to_number={recipient.id: sanitized},
            )
