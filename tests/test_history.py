"""What was sent stays sent: every case below was reproduced by hand with
the ORM as the named user; each is refused now, for
every user, managers and the superuser included (only the addon's flows and
the superuser's logged maintenance path change history)."""

import base64
import hashlib
from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import LettersNoticeCase, NoticeCase

SIGNED = base64.b64encode(b"%PDF-1.4 signed agreement")
FROZEN = "can no longer change"
STATE = "changes only through its buttons"


@contextmanager
def _refusal(case, pattern):
    """A UserError whose message matches ``pattern``; what was done before it
    in the block is rolled back (Odoo's assertRaises)."""
    with case.assertRaises(UserError) as caught:
        yield caught
    case.assertRegex(str(caught.exception), pattern)


@tagged("post_install", "-at_install")
class TestHistory(NoticeCase):
    def _refused(self, pattern):
        return _refusal(self, pattern)

    def setUp(self):
        super().setUp()
        # The plan's documents to sign are tested in test_plan_letters.py.
        patcher = patch.object(
            type(self.env["debt.recovery.plan"]),
            "_recovery_attach_letters",
            lambda plans: {},
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def _done_step(self):
        """The courtesy reminder the daily job sent on 8 January 2026."""
        invoice = self._invoice(
            self.customer, 1200.0, date(2025, 12, 6), date(2026, 1, 5)
        )
        with freeze_time("2026-01-08"):
            self._run()
        step = self._actions(self.customer)
        self.assertEqual((step.level_id.code, step.state), ("courtesy", "done"))
        return invoice, step

    def _validated_notice(self):
        invoice, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self.assertEqual(notice.state, "validated")
        return invoice, notice

    def _proposed_plan(self, invoice, user):
        form = Form(
            self.env["debt.recovery.plan.wizard"]
            .with_user(user)
            .with_context(active_model="account.move", active_ids=invoice.ids)
        )
        form.installment_count = 2
        form.first_date = date(2026, 2, 15)
        result = form.save().action_create_plan()
        plan = self.env["debt.recovery.plan"].with_user(user).browse(result["res_id"])
        plan.action_propose()
        self.assertEqual(plan.state, "proposed")
        return plan

    def _notes(self, record):
        return " ".join(record.message_ids.mapped("body"))

    # -------------------------------------------- a recovery user can...
    def test_recovery_user_cannot_edit_a_done_step(self):
        invoice, step = self._done_step()
        other = self._invoice(self.customer, 90.0, date(2026, 1, 2))
        step = step.with_user(self.user)
        for vals in (
            {"amount_due": 10.0},
            {"amount_penalty": 500.0},
            {"date": date(2025, 1, 8)},
            {"invoice_ids": [Command.unlink(invoice.id)]},
            {"invoice_ids": [Command.link(other.id)]},
            {"level_id": self.level["firm"].id},
            {"channel": "post"},
        ):
            with self.subTest(vals=vals):
                with self._refused(FROZEN) as error:
                    step.write(vals)
                self.assertIn("cancel it with a reason", str(error.exception))
        self.assertEqual(
            (step.amount_due, step.date, step.invoice_ids, step.channel),
            (1200.0, date(2026, 1, 8), invoice, "email"),
        )
        # What the user may still do: a note, the letter posted.
        step.note = "Client joint par téléphone"

    def test_recovery_user_cannot_write_a_step_done(self):
        _invoice, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        step = notice.action_id.with_user(self.user)
        self.assertEqual(step.state, "to_validate")
        with self._refused(STATE):
            step.write({"state": "done"})
        # Not with a context key either: a client's context never opens a flow.
        with self._refused(STATE):
            step.with_context(debt_recovery_flow=True).write({"state": "done"})
        self.assertEqual(step.state, "to_validate")

    def test_recovery_user_cannot_send_a_draft_notice_by_its_state(self):
        _invoice, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        notice = notice.with_user(self.user)
        with self._refused(STATE):
            notice.write({"state": "sent"})
        with self._refused("set by the recovery process"):
            notice.write({"amount_total": 0.0, "letter_attachment_id": False})
        with self._refused("Cannot send"):
            notice.action_send()
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.validated_by_id)

    def test_recovery_user_cannot_change_a_validated_notice(self):
        invoice, notice = self._validated_notice()
        notice = notice.with_user(self.user)
        for vals in (
            {"invoice_ids": [Command.unlink(invoice.id)]},
            {"invoice_ids": [Command.clear()]},
            {"deadline_days": 30},
            {"channel": "hand"},
            {"recipient_id": self.customer_b.id},
        ):
            with self.subTest(vals=vals):
                with self._refused(FROZEN):
                    notice.write(vals)
        with self._refused("computed when it is validated"):
            notice.line_ids.with_user(self.manager).amount_penalty = 0.0
        # Sent, it stays as it was validated; the delivery is still recorded.
        with freeze_time("2026-02-21"):
            notice.write({"tracking_number": "1A 000 000 0001 2"})
            notice.action_send()
        with self._refused(FROZEN):
            notice.deadline_days = 15
        self.assertEqual((notice.invoice_ids, notice.deadline_days), (invoice, 8))

    def test_recovery_user_cannot_create_a_done_step(self):
        invoice = self._invoice(self.customer, 500.0, date(2025, 1, 2))
        Action = self.env["debt.recovery.action"].with_user(self.user)
        values = {
            "partner_id": self.customer.id,
            "level_id": self.level["firm"].id,
            "date": date(2025, 2, 3),
            "invoice_ids": [Command.set(invoice.ids)],
            "amount_due": 999999.0,
            "channel": "post",
        }
        with freeze_time("2026-02-03"):
            with self._refused("cannot be created as “Done”"):
                Action.create(dict(values, state="done"))
            with self._refused("cannot be created as “Done”"):
                Action.with_context(default_state="done").create(values)
            for state in ("to_validate", "skipped"):
                with self._refused("cannot be created as"):
                    Action.create(dict(values, state=state))
            Notice = self.env["debt.recovery.notice"].with_user(self.user)
            with self._refused("cannot be created as “Sent”"):
                Notice.create(
                    {
                        "partner_id": self.customer.id,
                        "invoice_ids": [Command.set(invoice.ids)],
                        "state": "sent",
                    }
                )
        self.assertFalse(self._actions(self.customer))

    def test_recovery_user_cannot_activate_a_plan_without_signed_acceptance(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._proposed_plan(invoice, self.user)
            with self._refused(STATE):
                plan.write({"state": "active"})
            with self._refused("accepted the plan"):
                plan.action_activate()
            plan.acceptance_date = date(2026, 1, 20)
            with self._refused("signed by the customer"):
                plan.action_activate()
            self.assertEqual(plan.state, "proposed")
            # Signed and accepted: it runs, and what was signed stays.
            plan.signed_document = SIGNED
            plan.action_activate()
        self.assertEqual(plan.state, "active")
        with self._refused(FROZEN):
            plan.acceptance_date = date(2026, 1, 2)
        with self._refused(FROZEN):
            plan.signed_document = base64.b64encode(b"%PDF-1.4 another")
        # The signed copy itself is evidence, for everyone.
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
        self.assertEqual(len(signed), 1)
        with self._refused("kept as it is"):
            signed.write({"raw": b"%PDF-1.4 another"})
        with self._refused("kept as it is"):
            signed.unlink()

    def test_plan_paid_into_stays(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._proposed_plan(invoice, self.user)
            self._pay(invoice, 500.0, date(2026, 1, 25))
            with self._refused("already paid into"):
                plan.action_draft()
            with self._refused(STATE):
                plan.write({"state": "draft"})
            with self._refused("cannot be deleted"):
                plan.unlink()
            self.assertEqual(plan.state, "proposed")
            # Cancelled with a reason, it is still kept.
            with self._refused("Give the reason"):
                plan._recovery_cancel()
            self._cancel_with_reason(plan, self.user, "Le client a changé d'avis")
            self.assertEqual(plan.state, "cancelled")
            self.assertIn("Le client a changé d'avis", self._notes(plan))
            with self._refused("already paid into"):
                plan.action_draft()
            with self._refused("cannot be deleted"):
                plan.with_user(self.manager).unlink()

    # ----------------------------------------------------- a manager can...
    def test_manager_cannot_delete_a_done_step(self):
        invoice, step = self._done_step()
        step = step.with_user(self.manager)
        with self._refused(STATE):
            step.write({"state": "draft"})
        with self._refused("cannot be deleted"):
            step.unlink()
        # A genuine mistake: cancelled with a reason, kept, and logged.
        self._cancel_with_reason(step, self.manager, "Facture réglée la veille")
        self.assertEqual(step.state, "cancelled")
        self.assertIn("Facture réglée la veille", self._notes(step))
        self.assertFalse(invoice.recovery_level_id, "back on the previous step")
        with self._refused("cannot be deleted"):
            step.unlink()
        with self._refused(STATE):
            step.sudo().write({"state": "draft"})

    def test_manager_cannot_delete_a_validated_notice(self):
        _invoice, notice = self._validated_notice()
        notice = notice.with_user(self.manager)
        with self._refused(STATE):
            notice.write({"state": "draft"})
        with self._refused("cannot be deleted"):
            notice.unlink()
        self.assertEqual(
            notice.action_cancel()["res_model"],
            "debt.recovery.cancel",
            "the reason is asked first",
        )
        self.assertEqual(notice.state, "validated")
        self._cancel_with_reason(notice, self.manager, "Mauvais destinataire")
        self.assertEqual(notice.state, "cancelled")
        self.assertIn("Mauvais destinataire", self._notes(notice))
        with self._refused("was validated"):
            notice.action_reset_draft()
        with self._refused("cannot be deleted"):
            notice.unlink()
        with self._refused(FROZEN):
            notice.deadline_days = 15

    def test_manager_cannot_rewrite_a_litigation_file_handed_over(self):
        _invoice, notice = self._validated_notice()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        with freeze_time("2026-03-05"):
            self._run()
        case = notice.case_id.with_user(self.manager)
        self.assertEqual((notice.state, case.state), ("expired", "draft"))
        with self._refused(STATE):
            case.write({"state": "closed"})
        case.handler_id = self.customer_b
        with freeze_time("2026-03-09"):
            case.action_open()
        self.assertEqual((notice.state, case.state), ("litigation", "open"))
        with self._refused(FROZEN):
            case.amount_principal = 1.0
        with self._refused("cannot be deleted"):
            case.unlink()
        with self._refused(STATE):
            notice.with_user(self.manager).write({"state": "expired"})
        self._cancel_with_reason(case, self.manager, "Le client a tout réglé")
        self.assertEqual((notice.state, case.state), ("expired", "cancelled"))
        self.assertIn("Le client a tout réglé", self._notes(case))

    # ----------------------------------------- the superuser's maintenance
    def test_maintenance_is_for_the_superuser_and_logged(self):
        _invoice, step = self._done_step()
        with self.assertRaises(AccessError):
            step.with_user(self.manager)._recovery_maintenance_write(
                {"amount_due": 1.0}, reason="essai"
            )
        with self._refused(FROZEN):
            step.sudo().write({"amount_due": 1.0})
        with self.assertLogs(
            "odoo.addons.l10n_fr_debt_recovery.models.debt_recovery_document",
            "WARNING",
        ):
            step.sudo()._recovery_maintenance_write(
                {"amount_due": 1100.0}, reason="Migration: montant corrigé"
            )
        self.assertEqual(step.amount_due, 1100.0)
        self.assertIn("Migration: montant corrigé", self._notes(step))


@tagged("post_install", "-at_install")
class TestHistoryLetters(LettersNoticeCase):
    """The letters sent are evidence (LibreOffice renders them)."""

    def _refused(self, pattern):
        return _refusal(self, pattern)

    def _assert_evidence(self, record, user):
        letter = record.letter_attachment_id
        self.assertTrue(letter.raw.startswith(b"%PDF-"))
        self.assertEqual(record.letter_sha256, hashlib.sha256(letter.raw).hexdigest())
        self.assertEqual(
            Form(record.with_user(user)).letter_sha256, record.letter_sha256
        )
        original = letter.raw
        for mine in (
            letter.with_user(user),
            letter.with_user(self.manager),
            letter.sudo(),
        ):
            with self.subTest(user=mine.env.user.login, su=mine.env.su):
                with self._refused("kept as it is"):
                    mine.write({"raw": b"%PDF-1.4 forged"})
                with self._refused("kept as it is"):
                    mine.write({"res_id": record.id + 1000})
                with self._refused("kept as it is"):
                    mine.unlink()
        # Swapped for another PDF.
        forged = (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": letter.name,
                    "raw": b"%PDF-1.4 forged",
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        )
        with self._refused("set by the recovery process"):
            record.with_user(user).letter_attachment_id = forged
        self.assertEqual(record.letter_attachment_id, letter)
        self.assertEqual(letter.raw, original)
        # Storage migrations still rewrite the same content.
        letter.write({"raw": original, "mimetype": letter.mimetype})

    def test_letter_of_a_sent_step_is_evidence(self):
        self.customer.recovery_letter_channel = "both"
        self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        with freeze_time("2026-01-08"):
            self._run()
        with freeze_time("2026-01-20"):
            self._run()
        step = self._actions(self.customer)[-1]
        self.assertEqual((step.level_id.code, step.state), ("amicable", "done"))
        self._assert_evidence(step, self.user)

    def test_letter_of_a_validated_notice_is_evidence(self):
        _invoice, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._assert_evidence(notice, self.user)
        step = notice.action_id
        self.assertEqual(step.letter_attachment_id, notice.letter_attachment_id)
        self.assertEqual(step.letter_sha256, notice.letter_sha256)
