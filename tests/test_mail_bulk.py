"""The daily job's steps, emails and chatter notes stored set-based
(models/bulk_insert.py and its callers) are what Odoo's own path makes
(``create``, ``send_mail_batch``, ``_message_log_batch``: the system parameter
``l10n_fr_debt_recovery.fast_path`` off), with the mail features on as in a
user's session, not under the test bases' context that switches them off:
same rows, recipients, followers and notes, the same email sent through
Odoo's mail mock, and a reply to it that reaches the step in both."""

import contextlib
import re
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from markupsafe import Markup

from odoo import Command
from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.mail import html_normalize, html_sanitize

from ..models import bulk_insert
from .common import DebtRecoveryCase

# Columns that differ between two rows made at different moments.
VOLATILE = {"id", "create_date", "write_date", "message_id"}

REPLY = """Return-Path: <{email_from}>
From: {email_from}
To: {to}
Subject: Re: {subject}
Message-ID: {message_id}
In-Reply-To: {in_reply_to}
References: {in_reply_to}
Date: Tue, 10 Feb 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{body}
"""


PAGE_TOKEN = re.compile(r"/recouvrement/[A-Za-z0-9_-]+")


class _Rollback(Exception):
    """Ends a scenario run in a savepoint (its writes are rolled back)."""


@tagged("post_install", "-at_install")
class TestMailBulk(DebtRecoveryCase, MockEmail):
    @classmethod
    def default_env_context(cls):
        # The mail features on (followers, creation notes, tracking), as in
        # a user's session: under the test bases' context that disables them
        # both paths would write the same rows by construction.
        return {}

    # ---- helpers ----
    def _set_fast_path(self, on):
        self.env["ir.config_parameter"].sudo().set_param(
            bulk_insert.FAST_PATH_PARAM, "1" if on else "0"
        )

    def _in_both_paths(self, scenario):
        """``scenario()`` run with the fast path, then through Odoo's own
        path, each in a savepoint rolled back: ``{True: ..., False: ...}``."""
        results = {}
        for fast in (True, False):
            with contextlib.suppress(_Rollback), self.env.cr.savepoint():
                self._set_fast_path(fast)
                self.assertEqual(bulk_insert.fast_path(self.env), fast)
                results[fast] = scenario()
                raise _Rollback
            self.env.invalidate_all()
            self.env.registry.clear_cache()
        return results

    def assertSamePaths(self, results):
        self.assertEqual(set(results[True]), set(results[False]))
        for key in results[True]:
            with self.subTest(key=key):
                self.assertEqual(results[True][key], results[False][key])

    def _rows(self, table, where, *params, ref=None, drop=()):
        """The rows of ``table`` matching ``where``, in id order, without the
        volatile columns (and ``drop``); ``ref`` (a step's reference, which
        differs from one run to the other) replaced by "REF" in the text
        values."""
        self.env.flush_all()
        self.cr.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)
        names = [column.name for column in self.cr.description]
        rows = []
        for values in self.cr.fetchall():
            row = {}
            for name, value in zip(names, values, strict=True):
                if name in VOLATILE or name in drop:
                    continue
                if ref and isinstance(value, str):
                    value = value.replace(ref, "REF")
                if isinstance(value, str):
                    # Each run issues its own signed link to the customer's
                    # recovery page (a random token).
                    value = PAGE_TOKEN.sub("/recouvrement/TOKEN", value)
                row[name] = value
            rows.append(row)
        return rows

    def _pairs(self, table, column, record_id, other):
        self.cr.execute(
            f"SELECT {other} FROM {table} WHERE {column} = %s ORDER BY {other}",
            [record_id],
        )
        return [row[0] for row in self.cr.fetchall()]

    def _followers(self, record):
        return sorted(
            (follower.partner_id.id, tuple(sorted(follower.subtype_ids.ids)))
            for follower in self.env["mail.followers"].search(
                [("res_model", "=", record._name), ("res_id", "=", record.id)]
            )
        )

    def _thread(self, record, ref):
        return self._rows(
            "mail_message",
            "model = %s AND res_id = %s",
            record._name,
            record.id,
            ref=ref,
            drop=("res_id",),
        )

    def assertSanitizerKeeps(self, body):
        """Odoo's sanitizer removes nothing from ``body``: it gives what
        parsing and writing it back gives."""
        self.assertEqual(html_sanitize(body), html_normalize(body))

    def _step_vals(self, partner, invoice, **vals):
        return {
            "company_id": self.company.id,
            "partner_id": partner.id,
            "level_id": self.ladder.filtered("claim_penalties")[:1].id,
            "date": date(2026, 2, 10),
            "user_id": self.manager.id,
            "invoice_ids": [Command.set(invoice.ids)],
            "amount_due": 1200.0,
            "amount_penalty": 12.345,
            "amount_indemnity": 40.0,
            "amount_credit": 100.0,
            "currency_id": self.company.currency_id.id,
            "channel": "email",
            "state": "draft",
            "penalty_error": False,
            **vals,
        }

    # ---- the daily job in both paths ----
    @freeze_time("2026-02-10")
    def test_a_day_is_the_same_in_both_paths(self):
        """A courtesy day, with the fast path and through Odoo's own path:
        the same step, email (row, message, recipients, body as the
        sanitizer stores it), note on the customer, nothing in the invoices'
        chatter; the email sent through Odoo's mail mock is the same, and
        the customer's reply to it reaches the step."""
        partner = self._make_customer("Boulangerie Martin")
        other = self._make_customer("Garage Petit")
        invoice = self._invoice(partner, 1200.0, date(2026, 1, 5), date(2026, 2, 4))
        other_invoice = self._invoice(other, 300.0, date(2026, 1, 5), date(2026, 2, 4))
        # The email links each invoice's portal page with its token: the same
        # token in both runs.
        for move in invoice | other_invoice:
            move._portal_ensure_token()
        self.env.flush_all()
        self.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
        before = self.cr.fetchone()[0]

        def day():
            with self.mock_mail_gateway():
                result = self._run()
                created_by_orm = self._new_mails
            self.assertEqual((result["done"], result["failed"]), (2, 0))
            step = self._actions(partner)
            self.assertEqual(step.level_id, self.level["courtesy"])
            ref = step.name
            mail = step.mail_id.sudo()
            snapshot = {
                "step": self._rows(
                    "debt_recovery_action",
                    "id = %s",
                    step.id,
                    ref=ref,
                    drop=("mail_id", "mail_message_id"),
                ),
                "email": self._rows(
                    "mail_mail", "id = %s", mail.id, ref=ref, drop=("mail_message_id",)
                ),
                "email message": self._rows(
                    "mail_message",
                    "id = %s",
                    mail.mail_message_id.id,
                    ref=ref,
                    drop=("res_id",),
                ),
                "email recipients": self._pairs(
                    "mail_mail_res_partner_rel",
                    "mail_mail_id",
                    mail.id,
                    "res_partner_id",
                ),
                "message partners": self._pairs(
                    "mail_message_res_partner_rel",
                    "mail_message_id",
                    mail.mail_message_id.id,
                    "res_partner_id",
                ),
                "customer notes": self._rows(
                    "mail_message",
                    "model = 'res.partner' AND res_id = %s AND id > %s",
                    partner.id,
                    before,
                    ref=ref,
                ),
                "invoice chatter": self._rows(
                    "mail_message",
                    "model = 'account.move' AND res_id = %s AND id > %s",
                    invoice.id,
                    before,
                    ref=ref,
                ),
                "step chatter": self._thread(step, ref),
                "step followers": self._followers(step),
            }
            # What the customer sees: the email as Odoo's mail mock sends it.
            with self.mock_mail_gateway():
                mail.send()
            self.assertEqual(mail.state, "sent")
            [sent] = [m for m in self._mails if partner.email in m["email_to"][0]]
            snapshot["sent"] = {
                key: PAGE_TOKEN.sub("/recouvrement/TOKEN", sent[key])
                if isinstance(sent[key], str)
                else sent[key]
                for key in ("email_from", "email_to", "subject", "body", "reply_to")
            }
            self.assertEqual(sent["message_id"], mail.message_id)
            # The customer replies: the mail gateway routes the reply to the
            # step (its Message-Id), in the step's chatter.
            self.env["mail.thread"].sudo().message_process(
                None,
                REPLY.format(
                    email_from=partner.email,
                    to=sent["reply_to"],
                    subject=sent["subject"],
                    message_id=f"<reply-{step.id}@boulangerie.example>",
                    in_reply_to=sent["message_id"],
                    body="Nous avons réglé la facture hier.",
                ),
            )
            reply = self.env["mail.message"].search(
                [("message_id", "=", f"<reply-{step.id}@boulangerie.example>")]
            )
            self.assertEqual((reply.model, reply.res_id), (step._name, step.id))
            self.assertEqual(reply.author_id, partner)
            self.assertIn(reply, step.message_ids)
            snapshot["reply"] = (reply.message_type, reply.subtype_id.id, reply.body)
            return snapshot, created_by_orm

        results = self._in_both_paths(day)
        (fast, fast_created), (odoo, odoo_created) = results[True], results[False]
        # The two runs took different paths: Odoo's creates the emails with
        # mail.mail.create() (the mock records it), the fast path inserts.
        self.assertFalse(fast_created)
        self.assertEqual(len(odoo_created), 2)
        self.assertSamePaths({True: fast, False: odoo})
        # What both show.
        self.assertIn("1,200.00", fast["sent"]["body"])
        self.assertEqual(fast["email recipients"], [partner.id])
        self.assertEqual(fast["email"][0]["state"], "outgoing")
        [note] = fast["customer notes"]
        self.assertIn("REF", note["body"])
        self.assertIn(invoice.name, note["body"])
        self.assertSanitizerKeeps(note["body"])
        self.assertFalse(fast["invoice chatter"], "no note copied on the invoice")
        self.assertIn("réglé la facture", fast["reply"][2])

    @freeze_time("2026-02-10")
    def test_steps_are_the_rows_create_writes(self):
        """A step inserted set-based by a recovery user, with the mail
        features on, is what ``create()`` makes: the same row, invoices,
        computed fields, followers (the creator) and creation note."""
        partner = self._make_customer("Boulangerie Martin")
        invoice = self._invoice(partner, 1200.0, date(2026, 1, 5), date(2026, 2, 4))
        vals = self._step_vals(partner, invoice)

        def make():
            Action = (
                self.env["debt.recovery.action"].with_user(self.user)._recovery_flow()
            )
            step = Action._recovery_insert([dict(vals)])
            self.env.flush_all()
            self.assertRegex(step.name, r"\d")
            return {
                "row": self._rows(
                    "debt_recovery_action", "id = %s", step.id, ref=step.name
                ),
                "invoices": step.invoice_ids.ids,
                "followers": self._followers(step),
                "chatter": self._thread(step, step.name),
            }

        results = self._in_both_paths(make)
        self.assertSamePaths(results)
        fast = results[True]
        self.assertEqual(fast["row"][0]["amount_total"], 1200.0 - 100.0 + 12.35 + 40.0)
        self.assertEqual(fast["invoices"], invoice.ids)
        self.assertEqual(
            [partner_id for partner_id, _subtypes in fast["followers"]],
            self.user.partner_id.ids,
        )
        [created] = fast["chatter"]
        self.assertIn("created", created["body"])
        self.assertEqual(created["author_id"], self.user.partner_id.id)

    def test_step_insert_checks_the_record_rules(self):
        """A recovery user may not make a step in a company they are not in:
        ``create()`` refuses it after its INSERT (the record rule), and so
        does the set-based insert; in their own company both make it."""
        company_b = self.setup_other_company(name="Société B")["company"]
        level_b = self.Level.search(
            [("company_id", "=", company_b.id), ("code", "=", "courtesy")]
        )
        self.assertTrue(level_b)
        vals = {
            "company_id": company_b.id,
            "partner_id": self.customer.id,
            "level_id": level_b.id,
            "currency_id": company_b.currency_id.id,
            "channel": "email",
            "state": "draft",
        }
        Action = self.env["debt.recovery.action"].with_user(self.user)._recovery_flow()
        for fast in (True, False):
            self._set_fast_path(fast)
            with self.subTest(fast=fast):
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    Action._recovery_insert([dict(vals)])
                step = Action._recovery_insert(
                    [
                        dict(
                            vals,
                            company_id=self.company.id,
                            level_id=self.level["courtesy"].id,
                            currency_id=self.company.currency_id.id,
                            date=date(2026, 2, 10 + fast),
                        )
                    ]
                )
                self.assertEqual(step.company_id, self.company)

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

    # ---- notes and bodies ----
    def test_note_text_is_escaped_and_markup_kept(self):
        """A note's text is escaped (a name that looks like markup shows as
        text), the addon's own markup (line breaks) is kept, in both
        paths."""
        partner = self.customer
        Message = self.env["mail.message"]
        text = Markup("<br>").join(['<img src=x onerror="alert(1)">', "Dupont & fils"])
        for fast in (True, False):
            self._set_fast_path(fast)
            with self.subTest(fast=fast):
                note = Message._recovery_log_notes(partner, {partner.id: text})
                self.assertIn("<p>&lt;img src=x onerror=", note.body)
                self.assertIn("<br>Dupont &amp; fils</p>", note.body)
                self.assertNotIn("<img", note.body)
                self.assertSanitizerKeeps(note.body)
                self.assertEqual(note.author_id, self.env.user.partner_id)
                self.assertIn(note, partner.message_ids)

    def test_fast_path_bodies_are_sanitized(self):
        """A body the fast path stores is sanitized with the options of the
        field, as ``create()`` stores it: a script in an email's body (a
        template edited by mistake) does not reach the chatter."""
        self._set_fast_path(True)
        partner = self.customer
        body = Markup('<p>Bonjour</p><script>alert("x")</script><p>Merci</p>')
        values = {
            "model": "res.partner",
            "res_id": partner.id,
            "body": body,
            "message_type": "comment",
            "subtype_id": self.env.ref("mail.mt_note").id,
        }
        fast, other = self.env["mail.message"]._recovery_insert(
            [dict(values), dict(values)]
        )
        standard = self.env["mail.message"].sudo().create(dict(values))
        self.env.flush_all()
        self.assertNotIn("script", fast.body)
        self.assertEqual(fast.body, standard.body)
        self.assertEqual(other.body, standard.body)

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

    # ---- what the fast path serves ----
    def test_insert_rows_serves_three_models_only(self):
        for model in ("res.partner", "debt.recovery.notice"):
            with self.subTest(model=model):
                with self.assertRaisesRegex(ValueError, "serves debt.recovery.action"):
                    bulk_insert.insert_rows(self.env[model], [{"name": "X"}])

    def test_foreign_create_override_takes_odoos_path(self):
        """Another module overriding ``create()`` of a served model sends it
        through ``create()``: the insert would skip what it does."""

        def create(records, vals_list):
            return vals_list

        # Two classes as a registry stacks them: mail's, then another
        # module's, each defining create().
        Core = type("Core", (), {"_name": "mail.message", "_module": "mail"})
        Core.create = create
        Foreign = type("Foreign", (Core,), {"_module": "other_addon"})
        Foreign.create = create

        with self.assertLogs("odoo.addons.l10n_fr_debt_recovery.models.bulk_insert"):
            self.assertEqual(
                bulk_insert.foreign_create_modules(Foreign), ("other_addon",)
            )
        self.assertEqual(bulk_insert.foreign_create_modules(Core), ())
        # mass_mailing's override of mail.mail only links the mailing traces
        # given in the values: known, the emails stay set-based.
        Mail = type("Mail", (), {"_name": "mail.mail", "_module": "mail"})
        Mail.create = create
        Mailing = type("Mailing", (Mail,), {"_module": "mass_mailing"})
        Mailing.create = create
        self.assertEqual(bulk_insert.foreign_create_modules(Mailing), ())
        self._set_fast_path(True)
        self.assertTrue(bulk_insert.fast_path(self.env, "mail.message"))
        partner = self.customer
        Message = self.env["mail.message"]
        with (
            patch.object(
                bulk_insert, "foreign_create_modules", return_value=("other_addon",)
            ),
            patch.object(
                type(Message), "create", autospec=True, side_effect=type(Message).create
            ) as create,
        ):
            self.assertFalse(bulk_insert.fast_path(self.env, "mail.message"))
            Message._recovery_log_notes(partner, {partner.id: "Note"})
            self.assertEqual(create.call_count, 1)
        with patch.object(
            type(Message), "create", autospec=True, side_effect=type(Message).create
        ) as create:
            Message._recovery_log_notes(partner, {partner.id: "Note"})
            self.assertFalse(create.called, "set-based without the override")
