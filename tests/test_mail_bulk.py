"""The daily job's emails and chatter notes stored set-based
(models/mail_message.py, models/mail_mail.py) are the rows Odoo's own
``send_mail_batch`` and ``_message_log_batch`` write: same columns, same
recipients, bodies that Odoo's sanitizer leaves as they are."""

from datetime import date

from freezegun import freeze_time
from markupsafe import Markup

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.mail import html_normalize, html_sanitize

from .common import DebtRecoveryCase

# Columns that differ between two rows made at different moments.
VOLATILE = {
    "id",
    "create_date",
    "write_date",
    "date",
    "message_id",
    "mail_message_id",
    "res_id",
    "record_name",
    "body",
    "body_html",
    "subject",
}


@tagged("post_install", "-at_install")
class TestMailBulk(DebtRecoveryCase):
    def _row(self, table, record_id):
        self.env.flush_all()
        self.cr.execute(f"SELECT * FROM {table} WHERE id = %s", [record_id])
        names = [column.name for column in self.cr.description]
        return dict(zip(names, self.cr.fetchone(), strict=True))

    def _pairs(self, table, column, record_id, other):
        self.cr.execute(
            f"SELECT {other} FROM {table} WHERE {column} = %s",
            [record_id],
        )
        return sorted(row[0] for row in self.cr.fetchall())

    def assertSanitizerKeeps(self, body):
        """Odoo's sanitizer removes nothing from ``body``: it gives what
        parsing and writing it back gives."""
        self.assertEqual(html_sanitize(body), html_normalize(body))

    def _stable(self, row):
        return {k: v for k, v in row.items() if k not in VOLATILE}

    @freeze_time("2026-02-10")
    def test_emails_are_the_rows_send_mail_writes(self):
        partner = self._make_customer("Boulangerie Martin")
        other = self._make_customer("Garage Petit")
        self._invoice(partner, 1200.0, date(2026, 1, 5), date(2026, 2, 4))
        self._invoice(other, 300.0, date(2026, 1, 5), date(2026, 2, 4))
        self._run()
        action = self._actions(partner)
        self.assertEqual(action.level_id, self.level["courtesy"])
        fast = action.mail_id
        self.assertEqual(fast.state, "outgoing")
        self.assertEqual(fast.recipient_ids, partner)
        self.assertIn("1,200.00", fast.body_html)
        # The same email through Odoo's standard path.
        template = action.level_id.mail_template_id
        standard = template.send_mail_batch(action.ids)
        fast_mail = self._row("mail_mail", fast.id)
        standard_mail = self._row("mail_mail", standard.id)
        self.assertEqual(self._stable(fast_mail), self._stable(standard_mail))
        self.assertEqual(fast_mail["body_html"], standard_mail["body_html"])
        fast_message = self._row("mail_message", fast.mail_message_id.id)
        standard_message = self._row("mail_message", standard.mail_message_id.id)
        self.assertEqual(self._stable(fast_message), self._stable(standard_message))
        for key in ("res_id", "record_name", "subject"):
            self.assertEqual(fast_message[key], standard_message[key], key)
        # The body is stored as rendered: what the field's sanitizer would
        # store is the standard path's body (style spacing apart, it
        # removes nothing).
        Message = self.env["mail.message"]
        self.assertEqual(
            Message._fields["body"].convert_to_column(fast_message["body"], Message),
            standard_message["body"],
        )
        self.assertSanitizerKeeps(fast_message["body"])
        self.assertEqual(
            self._pairs(
                "mail_mail_res_partner_rel", "mail_mail_id", fast.id, "res_partner_id"
            ),
            [partner.id],
        )
        self.assertEqual(
            self._pairs(
                "mail_message_res_partner_rel",
                "mail_message_id",
                fast.mail_message_id.id,
                "res_partner_id",
            ),
            self._pairs(
                "mail_message_res_partner_rel",
                "mail_message_id",
                standard.mail_message_id.id,
                "res_partner_id",
            ),
        )
        # The action's chatter shows the email.
        self.assertIn(fast.mail_message_id, action.message_ids)

    @freeze_time("2026-02-10")
    def test_notes_are_the_rows_message_log_batch_writes(self):
        partner = self._make_customer("Boulangerie Martin")
        invoice = self._invoice(partner, 1200.0, date(2026, 1, 5), date(2026, 2, 4))
        self._run()
        action = self._actions(partner)
        Message = self.env["mail.message"].sudo()
        domain = [("subtype_id", "=", self.env.ref("mail.mt_note").id)]
        note = Message.search(
            [*domain, ("model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )
        self.assertEqual(len(note), 1)
        self.assertIn(action.name, note.body)
        self.assertIn(invoice.name, note.body)
        on_invoice = Message.search(
            [*domain, ("model", "=", "account.move"), ("res_id", "=", invoice.id)]
        )
        self.assertEqual(on_invoice.body, note.body)
        self.assertIn(note, partner.message_ids)
        # The same note through Odoo's standard path.
        standard = partner.sudo()._message_log_batch(bodies={partner.id: "x"})
        self.assertEqual(
            self._stable(self._row("mail_message", note.id)),
            self._stable(self._row("mail_message", standard.id)),
        )
        self.assertSanitizerKeeps(note.body)

    def test_note_text_is_escaped_and_markup_kept(self):
        """A note's text is escaped (a name that looks like markup shows as
        text), the addon's own markup (line breaks) is kept."""
        partner = self.customer
        Message = self.env["mail.message"]
        text = Markup("<br>").join(['<img src=x onerror="alert(1)">', "Dupont & fils"])
        note = Message._recovery_log_notes(partner, {partner.id: text})
        self.assertIn("<p>&lt;img src=x onerror=", note.body)
        self.assertIn("<br>Dupont &amp; fils</p>", note.body)
        self.assertNotIn("<img", note.body)
        self.assertSanitizerKeeps(note.body)
        self.assertEqual(note.author_id, self.env.user.partner_id)
        self.assertIn(note, partner.message_ids)

    def test_batch_formatters_match_the_standard_ones(self):
        """The reminders' amounts and dates read the same through the batch
        formatters as through Odoo's rendering context."""
        Template = self.env["mail.template"]
        standard = Template._render_eval_context()
        batch = Template._recovery_batch_formatters()
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        self.assertEqual(eur.position, "after")
        self.assertEqual(usd.position, "before")
        codes = [False, "en_US"]
        if self.env["res.lang"]._lang_get("fr_FR"):
            codes.append("fr_FR")
        for lang_code in codes:
            for currency in (eur, usd):
                for amount in (0.0, 1200.0, -35.5, 1234567.891, 0.005):
                    self.assertEqual(
                        batch["format_amount"](amount, currency, lang_code),
                        standard["format_amount"](amount, currency, lang_code),
                        (amount, currency.name, lang_code),
                    )
            for day in (date(2026, 2, 4), date(2026, 12, 31), False):
                for pattern in (False, "d MMMM y"):
                    for _twice in range(2):
                        self.assertEqual(
                            batch["format_date"](day, pattern, lang_code),
                            standard["format_date"](day, pattern, lang_code),
                            (day, pattern, lang_code),
                        )

    @freeze_time("2026-02-10")
    def test_steps_are_the_rows_create_writes(self):
        """The daily job inserts its steps set-based: the same row, invoices
        and computed fields as ``create()`` with the same values."""
        partner = self._make_customer("Boulangerie Martin")
        invoice = self._invoice(partner, 1200.0, date(2026, 1, 5), date(2026, 2, 4))
        Action = self.env["debt.recovery.action"]._recovery_flow()
        vals = {
            "company_id": self.company.id,
            "partner_id": partner.id,
            "level_id": self.ladder.filtered("claim_penalties")[:1].id,
            "date": date(2026, 2, 10),
            "user_id": self.env.user.id,
            "invoice_ids": [Command.set(invoice.ids)],
            "amount_due": 1200.0,
            "amount_penalty": 12.345,
            "amount_indemnity": 40.0,
            "amount_credit": 100.0,
            "currency_id": self.company.currency_id.id,
            "channel": "email",
            "state": "draft",
            "penalty_error": False,
        }
        fast = Action._recovery_insert([dict(vals)])
        self.env.flush_all()
        fast_row = self._row("debt_recovery_action", fast.id)
        self.cr.execute("DELETE FROM debt_recovery_action WHERE id = %s", [fast.id])
        self.env.invalidate_all()
        standard = Action.create([dict(vals)])
        standard_row = self._row("debt_recovery_action", standard.id)
        volatile = {"id", "name", "create_date", "write_date"}
        self.assertEqual(
            {k: v for k, v in fast_row.items() if k not in volatile},
            {k: v for k, v in standard_row.items() if k not in volatile},
        )
        self.assertEqual(fast_row["amount_total"], 1200.0 - 100.0 + 12.35 + 40.0)
        self.assertRegex(fast_row["name"], r"\d")
        self.assertEqual(standard.invoice_ids, invoice)

    def test_step_insert_keeps_the_guards(self):
        """Outside the flows, the set-based insert refuses what create()
        refuses: a step created as done, or by a user who may not."""
        vals = {
            "company_id": self.company.id,
            "partner_id": self.customer.id,
            "level_id": self.level["courtesy"].id,
            "currency_id": self.company.currency_id.id,
            "channel": "email",
            "state": "done",
        }
        with self.assertRaises(UserError):
            self.env["debt.recovery.action"]._recovery_insert([dict(vals)])
        # The constraints of create(): one currency a step.
        usd = self.env.ref("base.USD")
        usd.active = True
        invoices = self._invoice(
            self.customer, 100.0, date(2026, 1, 5)
        ) | self._invoice(self.customer, 100.0, date(2026, 1, 5), currency=usd)
        with self.assertRaises(ValidationError):
            self.env["debt.recovery.action"]._recovery_flow()._recovery_insert(
                [dict(vals, state="draft", invoice_ids=[Command.set(invoices.ids)])]
            )
        salesman = self._make_user("salesman_bulk", "sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.env["debt.recovery.action"].with_user(
                salesman
            )._recovery_flow()._recovery_insert([dict(vals, state="draft")])
