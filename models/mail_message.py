"""What the addon adds to ``mail.message``: the set-based creation of the
daily job's messages (the chatter notes of the steps, and through
``mail.mail`` the reminder emails).

``mail.message.create()`` costs about 2 ms a message, most of it Odoo's HTML
sanitizer, run on each body (twice: to the cache, then to the column), and
per-record defaults. A courtesy day at 10,000 customers writes 10,000
emails and 10,000 notes: ``_recovery_insert`` stores them with one INSERT
per table, the values completed as ``create()`` completes them (defaults
once per batch, ``message_id``, ``reply_to``, ``record_name``), each
distinct body sanitized once with the options of the field
(models/bulk_insert.py). What the INSERT does not cover goes through
``create()``: attachments, tracking values, images embedded in a body.
With the system parameter ``l10n_fr_debt_recovery.fast_path`` off, every
message goes through ``create()`` and the notes through
``_message_log_batch``.
"""

from markupsafe import Markup, escape

from odoo import api, models
from odoo.addons.mail.models.mail_message import _image_dataurl
from odoo.tools.mail import generate_tracking_message_id

from .bulk_insert import fast_path, insert_rows


def _documents(values_list):
    documents = {}
    for values in values_list:
        if values.get("model") and values.get("res_id"):
            documents.setdefault(values["model"], []).append(values["res_id"])
    return documents


def _paragraph(body):
    """The note's text as the sanitizer would store it: escaped, in one
    paragraph (lines joined with ``<br>``)."""
    return Markup("<p>%s</p>") % escape(body)


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _recovery_insert(self, values_list):
        """Create the messages of ``values_list`` as ``create()`` would,
        with one INSERT (see the module docstring), or with ``create()``
        when the fast path is off or the values hold what the INSERT does
        not cover. Returns them (sudo)."""
        Message = self.sudo()
        if not fast_path(self.env, self._name) or any(
            values.get("attachment_ids")
            or values.get("tracking_value_ids")
            or _image_dataurl.search(values.get("body") or "")
            for values in values_list
        ):
            return Message.create(values_list)
        prepared = []
        for values in values_list:
            values = dict(values)
            if "email_from" not in values:
                author = self.env["mail.thread"]._message_compute_author(
                    values.get("author_id"), email_from=None, raise_on_email=False
                )
                values["email_from"] = author[1]
            if not values.get("message_id"):
                values["message_id"] = Message._get_message_id(values)
            if "reply_to" not in values:
                values["reply_to"] = Message._get_reply_to(values)
            if "record_name" not in values:
                values["record_name"] = Message._get_record_name(values)
            prepared.append(values)
        messages = insert_rows(Message, prepared)
        # As create(): the documents' message counters are no longer valid.
        for model_name, res_ids in _documents(prepared).items():
            if model_name in self.env and "message_ids" in self.env[model_name]:
                self.env[model_name].browse(res_ids).invalidate_recordset(
                    ["message_ids", "message_needaction", "message_needaction_counter"]
                )
        return messages

    @api.model
    def _recovery_log_notes(self, records, bodies):
        """Internal notes on ``records`` (``{record_id: text}``, the text
        escaped unless Markup, lines joined with ``<br>``), with the
        values of ``mail.thread._message_log_batch`` (author, note subtype,
        one Message-Id, no notification), stored with one INSERT; through
        ``_message_log_batch`` itself when the fast path is off."""
        if not records:
            return self.sudo()
        if not fast_path(self.env, self._name):
            return records.sudo()._message_log_batch(
                bodies={
                    record.id: _paragraph(bodies.get(record.id, ""))
                    for record in records
                }
            )
        author_id, email_from = records._message_compute_author(
            None, None, raise_on_email=False
        )
        base = {
            "author_id": author_id,
            "email_from": email_from,
            "model": records._name,
            "record_alias_domain_id": False,
            "record_company_id": False,
            "record_name": False,
            "message_type": "notification",
            "is_internal": True,
            "subject": False,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "email_add_signature": False,
            "message_id": generate_tracking_message_id("message-notify"),
            "partner_ids": [],
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(
                default=email_from
            )[False],
        }
        return self._recovery_insert(
            [
                dict(base, res_id=record.id, body=_paragraph(bodies.get(record.id, "")))
                for record in records
            ]
        )
