"""What the addon adds to ``mail.mail``: the set-based creation of the
daily job's reminder emails (see models/mail_message.py for why and when,
models/bulk_insert.py for the switch to Odoo's own path)."""

from odoo import api, models

from .bulk_insert import fast_path, insert_rows

#: Failures of an email Odoo refuses to send before it leaves: no valid
#: address to send it to. For a reminder, the same as a bounce.
REFUSED_ADDRESS = ("mail_email_invalid", "mail_email_missing")


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model
    def _recovery_insert(self, values_list):
        """Queue the emails of ``values_list`` (the values
        ``mail.template.send_mail_batch`` gives ``create()``), their
        messages first (``mail.message._recovery_insert``), with one INSERT
        per table; with ``create()`` when the fast path is off or an email
        has attachments (``create()`` checks the user may read them).
        Returns them (sudo)."""
        Mail = self.sudo()
        if not fast_path(self.env, self._name) or any(
            values.get("attachment_ids") for values in values_list
        ):
            return Mail.create(values_list)
        inherited = {
            name
            for name, field in Mail._fields.items()
            if field.inherited and field.related_field.model_name == "mail.message"
        }
        # The defaults of the email's own message fields (message_type
        # 'email_outgoing'), as create() takes them.
        defaults = Mail.default_get(sorted(inherited))
        messages = self.env["mail.message"]._recovery_insert(
            [
                {
                    **defaults,
                    **{k: v for k, v in values.items() if k in inherited},
                }
                for values in values_list
            ]
        )
        return insert_rows(
            Mail,
            [
                {
                    **{k: v for k, v in values.items() if k not in inherited},
                    "mail_message_id": message.id,
                    "scheduled_date": Mail._recovery_scheduled_date(values),
                }
                for message, values in zip(messages, values_list, strict=True)
            ],
        )

    @api.model
    def _recovery_scheduled_date(self, values):
        """The scheduled date as ``create()`` stores it (naive UTC, or
        False)."""
        scheduled = values.get("scheduled_date")
        if not scheduled:
            return False
        parsed = self._parse_scheduled_datetime(scheduled)
        return parsed.replace(tzinfo=None) if parsed else False

    def _postprocess_sent_message(
        self, success_pids, failure_reason=False, failure_type=None
    ):
        # Before Odoo's own post-processing, which deletes the refused
        # emails set to auto-delete.
        if failure_type in REFUSED_ADDRESS:
            self._recovery_refused(failure_type)
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )

    def _recovery_refused(self, failure_type):
        """The reminder emails among these that Odoo refused to send at all
        (no valid address): treated as bounced
        (``debt.recovery.action._recovery_bounced``)."""
        for mail in self.sudo().filtered(
            lambda m: (
                m.state == "exception"
                and m.model == "debt.recovery.action"
                and m.res_id
            )
        ):
            step = self.env["debt.recovery.action"].browse(mail.res_id).exists()
            if not step:
                continue
            address = mail.email_to or ", ".join(
                partner.email for partner in mail.recipient_ids if partner.email
            )
            step._recovery_bounced(address, refused=failure_type)
