"""Evidence frozen field by field (tools/frozen_fields.py), invoices under
the evidence, the ladder's gap and the evidence defaults. Each scenario as
the least privileged user who could try it; each was reproduced before the
change (the write or the button went through)."""

import base64
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import RedirectWarning
from odoo.tests import Form, tagged

from .common import LettersNoticeCase, NoticeCase, pdf_text
from .test_history import _refusal

FROZEN = "can no longer change"
FLOW = "set by the recovery process"
SIGNED = base64.b64encode(b"%PDF-1.4 signed agreement")


@tagged("post_install", "-at_install")
class TestEvidenceFreeze(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = cls._make_user("billing_user", "account.group_account_invoice")
        cls.handler = cls._make_customer("Cabinet Martin Avocats")

    def setUp(self):
        super().setUp()
        patcher = patch.object(
            type(self.env["debt.recovery.plan"]),
            "_recovery_attach_letters",
            lambda plans: {},
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def _refused(self, pattern):
        return _refusal(self, pattern)

    def _received_notice(self):
        invoice, notice = self._notice_from_job(self.customer, 800.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        self.assertEqual(notice.state, "received")
        return invoice, notice

    def _done_step(self):
        invoice = self._invoice(
            self.customer, 1200.0, date(2025, 12, 6), date(2026, 1, 5)
        )
        with freeze_time("2026-01-08"):
            self._run()
        step = self._actions(self.customer)
        self.assertEqual((step.level_id.code, step.state), ("courtesy", "done"))
        return invoice, step

    # ---- 1. Field by field ----
    def test_every_frozen_field_of_a_received_notice_is_refused(self):
        _invoice, notice = self._received_notice()
        scan = (
            self.env["ir.attachment"]
            .with_user(self.user)
            .create({"name": "AR signé.pdf", "raw": b"%PDF-1.4 AR"})
        )
        notice.with_user(self.user).proof_attachment_ids = [Command.link(scan.id)]
        other = self._invoice(self.customer, 90.0, date(2026, 1, 2))
        before = notice.read(
            [
                "name",
                "tracking_number",
                "sent_date",
                "receipt_date",
                "presentation_date",
                "returned_date",
                "deadline_days",
                "deadline_date",
                "case_id",
                "currency_id",
                "amount_total",
                "delivery",
                "invoice_ids",
                "proof_attachment_ids",
            ]
        )
        usd = self.env.ref("base.USD")
        for user in (self.user, self.manager):
            for vals, pattern in (
                ({"name": "MED/2026/99999"}, FROZEN),
                ({"tracking_number": "1A 999 999 9999 9"}, FROZEN),
                ({"tracking_number": False}, FROZEN),
                ({"sent_date": date(2026, 2, 1)}, FROZEN),
                ({"receipt_date": date(2026, 3, 20)}, FROZEN),
                ({"presentation_date": date(2026, 2, 22)}, FROZEN),
                ({"returned_date": date(2026, 3, 1)}, FROZEN),
                ({"deadline_days": 60}, FROZEN),
                ({"deadline_date": date(2026, 12, 31)}, FROZEN),
                ({"delivery": "returned"}, FROZEN),
                ({"currency_id": usd.id}, FROZEN),
                ({"invoice_ids": [Command.link(other.id)]}, FROZEN),
                ({"case_id": False}, FLOW),
                ({"amount_total": 1.0}, FLOW),
                ({"proof_attachment_ids": [Command.unlink(scan.id)]}, "never removed"),
                ({"proof_attachment_ids": [Command.clear()]}, "never removed"),
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self._refused(pattern):
                        notice.with_user(user).write(vals)
        notice.invalidate_recordset()
        self.assertEqual(notice.read(list(before[0]))[0], before[0])
        # The scan itself is evidence too.
        with self._refused("kept as it is"):
            scan.with_user(self.user).unlink()
        # A new scan can still be added.
        more = (
            self.env["ir.attachment"]
            .with_user(self.user)
            .create({"name": "Bordereau.pdf", "raw": b"%PDF"})
        )
        notice.with_user(self.user).proof_attachment_ids = [Command.link(more.id)]
        self.assertEqual(len(notice.proof_attachment_ids), 2)

    def test_proof_events_are_written_once_by_their_action(self):
        _invoice, notice = self._notice_from_job(self.customer, 800.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
            # A registered letter is not sent without its tracking number.
            with self._refused("tracking number"):
                notice.with_user(self.user).action_send()
            self.assertEqual(notice.state, "validated")
            notice.with_user(self.user)._recovery_record_sent(
                date(2026, 2, 20), "1A 000 000 0003 6"
            )
        self.assertEqual(notice.state, "sent")
        self.assertTrue(notice.action_id.posted)
        with freeze_time("2026-02-23"):
            notice.with_user(self.user)._recovery_record_presentation(date(2026, 2, 22))
            # The same event twice is fine; another date is refused.
            notice.with_user(self.user)._recovery_record_presentation(date(2026, 2, 22))
            with self._refused("already recorded"):
                notice.with_user(self.user)._recovery_record_presentation(
                    date(2026, 2, 21)
                )
            with self._refused("future"):
                notice.with_user(self.user)._recovery_record_receipt(date(2026, 2, 28))
            notice.with_user(self.user)._recovery_record_receipt(date(2026, 2, 23))
        self.assertEqual(
            (notice.state, notice.receipt_date), ("received", date(2026, 2, 23))
        )
        with self._refused(FROZEN):
            notice.with_user(self.manager).receipt_date = date(2026, 2, 24)

    def test_every_frozen_field_of_a_done_step_is_refused(self):
        _invoice, step = self._done_step()
        usd = self.env.ref("base.USD")
        before = step.read(
            [
                "name",
                "posted",
                "posted_date",
                "posted_by_id",
                "mail_id",
                "mail_message_id",
                "currency_id",
                "amount_total",
                "to_post",
                "recipient_id",
            ]
        )[0]
        for user in (self.user, self.manager):
            for vals, pattern in (
                ({"name": "REL/2026/99999"}, FROZEN),
                ({"currency_id": usd.id}, FROZEN),
                ({"amount_total": 1.0}, FROZEN),
                ({"to_post": True}, FROZEN),
                ({"recipient_id": self.customer_b.id}, FROZEN),
                ({"posted": True}, FLOW),
                ({"posted_date": date(2026, 1, 9)}, FLOW),
                ({"posted_by_id": user.id}, FLOW),
                ({"mail_id": False}, FLOW),
                ({"mail_message_id": False}, FLOW),
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self._refused(pattern):
                        step.with_user(user).write(vals)
        step.invalidate_recordset()
        self.assertEqual(step.read(list(before))[0], before)

    # ---- 2. Invoices ----
    def test_recovery_user_cannot_clear_an_invoice_rung(self):
        invoice = self._invoice(self.customer, 500.0, date(2026, 1, 5))
        invoice.sudo().write(
            {
                "recovery_level_id": self.level["firm"].id,
                "recovery_last_date": date(2026, 2, 4),
            }
        )
        for vals in (
            {"recovery_level_id": False},
            {"recovery_level_id": self.level["formal_notice"].id},
            {"recovery_last_date": date(2026, 3, 1)},
        ):
            with self.subTest(vals=vals):
                with self._refused(FLOW):
                    invoice.with_user(self.user).write(vals)
        self.assertEqual(invoice.recovery_level_id, self.level["firm"])
        self.assertEqual(invoice.recovery_last_date, date(2026, 2, 4))

    def test_billing_user_cannot_reset_or_cancel_an_invoice_under_a_validated_notice(
        self,
    ):
        invoice, notice = self._notice_from_job(self.customer, 800.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        for method in ("button_draft", "button_cancel"):
            with self.subTest(method=method):
                with self._refused("Ask a recovery manager"):
                    getattr(invoice.with_user(self.billing), method)()
        with self._refused("Ask a recovery manager"):
            invoice.with_user(self.billing)._reverse_moves()
        self.assertEqual((invoice.state, notice.state), ("posted", "validated"))
        # A recovery manager gives the reason; the notice is cancelled, visibly.
        with self.assertRaises(RedirectWarning) as caught:
            invoice.with_user(self.manager).button_draft()
        action = caught.exception.args[1]
        self.assertEqual(action["res_model"], "debt.recovery.invoice.release")
        Release = self.env[action["res_model"]].with_user(self.manager)
        form = Form(Release.with_context(**action["context"]))
        form.reason = "Facture émise au mauvais client"
        form.save().action_confirm()
        self.assertEqual((invoice.state, notice.state), ("draft", "cancelled"))
        for record in (invoice, notice):
            self.assertIn(
                "Facture émise au mauvais client",
                " ".join(record.message_ids.mapped("body")),
            )

    # ---- 3. Plans ----
    def test_plan_watermark_is_a_flow_field_and_the_signed_copy_outlives_the_plan(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        Plan = self.env["debt.recovery.plan"].with_user(self.user)
        with freeze_time("2026-01-20"):
            plan = Plan.create(
                {
                    "partner_id": self.customer.id,
                    "invoice_ids": [Command.set(invoice.ids)],
                    "reconcile_watermark": 10**9,
                    "line_ids": [
                        Command.create({"date": date(2026, 2, 15), "amount": 500.0}),
                        Command.create({"date": date(2026, 3, 15), "amount": 500.0}),
                    ],
                }
            )
            self.assertLess(plan.reconcile_watermark, 10**9)
            self.assertFalse(plan.acknowledgment_signed, "nothing signed yet")
            with self._refused(FLOW):
                plan.reconcile_watermark = 10**9
            plan.action_propose()
            plan.write(
                {"acceptance_date": date(2026, 1, 20), "signed_document": SIGNED}
            )
            plan.action_activate()
        self._cancel_with_reason(plan, self.manager)
        self.assertEqual(plan.state, "cancelled")
        with self._refused(FROZEN):
            plan.with_user(self.manager).signed_document = base64.b64encode(b"other")
        signed = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", plan._name),
                    ("res_id", "=", plan.id),
                    ("res_field", "=", "signed_document"),
                ]
            )
        )
        with self._refused("kept as it is"):
            signed.with_user(self.manager).unlink()
        with self._refused("signed by the customer"):
            plan.with_user(self.manager).action_draft()
        with self._refused("cannot be deleted"):
            plan.with_user(self.manager).unlink()

    # ---- 4. The ladder ----
    def test_a_future_dated_draft_step_is_refused(self):
        invoice = self._invoice(
            self.customer, 500.0, date(2025, 12, 1), date(2026, 1, 5)
        )
        Action = self.env["debt.recovery.action"].with_user(self.user)
        with freeze_time("2026-02-10"):
            with self._refused("in the future"):
                Action.create(
                    {
                        "partner_id": self.customer.id,
                        "level_id": self.level["phone"].id,
                        "date": date(2026, 6, 1),
                        "invoice_ids": [Command.set(invoice.ids)],
                    }
                )
            step = Action.create(
                {
                    "partner_id": self.customer.id,
                    "level_id": self.level["phone"].id,
                    "date": date(2026, 2, 10),
                    "invoice_ids": [Command.set(invoice.ids)],
                }
            )
            with self._refused("in the future"):
                step.date = date(2026, 6, 1)
        self.assertEqual(step.date, date(2026, 2, 10))

    def test_a_draft_step_does_not_silence_the_customer(self):
        invoice = self._invoice(
            self.customer, 1200.0, date(2025, 12, 6), date(2026, 1, 5)
        )
        with freeze_time("2026-01-08"):
            self.env["debt.recovery.action"].with_user(self.user).create(
                {
                    "partner_id": self.customer.id,
                    "level_id": self.level["phone"].id,
                    "date": date(2026, 1, 8),
                    "invoice_ids": [Command.set(invoice.ids)],
                }
            )
            self._run()
        sent = self._actions(self.customer).filtered(lambda a: a.state == "done")
        self.assertEqual(sent.level_id, self.level["courtesy"])

    def test_a_skipped_step_cannot_be_cancelled(self):
        invoice = self._invoice(self.customer, 500.0, date(2026, 1, 5))
        step = (
            self.env["debt.recovery.action"]
            .sudo()
            ._recovery_maintenance_create(
                {
                    "partner_id": self.customer.id,
                    "level_id": self.level["courtesy"].id,
                    "date": date(2026, 1, 8),
                    "invoice_ids": [Command.set(invoice.ids)],
                    "state": "skipped",
                },
                "test: a step skipped by hand",
            )
        )
        with self._refused("cannot be cancelled"):
            step.with_user(self.manager).action_cancel()
        self.assertEqual(step.state, "skipped")

    # ---- 5. Evidence defaults ----
    def test_a_litigation_file_is_not_handed_over_without_a_handler(self):
        invoice = self._invoice(self.customer, 3000.0, date(2026, 1, 5))
        case = (
            self.env["debt.recovery.case"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "invoice_ids": [Command.set(invoice.ids)],
                    "route": "small_claims",
                }
            )
        )
        with self._refused("Choose who handles"):
            case.action_open()
        self.assertEqual(case.state, "draft")


@tagged("post_install", "-at_install")
class TestDraftPreviewMark(LettersNoticeCase):
    def test_a_draft_notice_preview_is_marked_draft(self):
        _invoice, notice = self._notice_from_job(
            self.customer, 1200.0, date(2026, 1, 5)
        )
        with freeze_time("2026-02-20"):
            result = notice.with_user(self.user).action_preview_letter()
        preview = self.env["ir.attachment"].browse(int(result["url"].rsplit("/", 1)[1]))
        text = pdf_text(preview.raw)
        # The reference reads DRAFT; every page also carries the diagonal
        # mark (its letters are rotated: pdftotext reads them scattered).
        self.assertIn(f"DRAFT - {notice.name}", text)
        self.assertEqual(text.count("FT -n"), 2, "the mark on both pages")
        self.assertEqual(notice.state, "draft")
        self.assertNotIn("DRAFT", notice.name)
