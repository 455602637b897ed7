"""The installment agreement and the acknowledgment of debt of a plan."""

import base64
import shutil
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtRecoveryCase, normalize, pdf_text

HAS_TOOLS = bool(
    (shutil.which("soffice") or shutil.which("libreoffice"))
    and shutil.which("pdftotext")
)


@tagged("post_install", "-at_install")
class TestPlanLetters(DebtRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv1 = cls._invoice(
            cls.customer, 6000.0, date(2025, 12, 1), date(2026, 1, 5)
        )
        cls.inv2 = cls._invoice(
            cls.customer, 4000.0, date(2025, 12, 10), date(2026, 1, 10)
        )

    def _plan(self, count=12):
        wizard = (
            self.env["debt.recovery.plan.wizard"]
            .with_user(self.user)
            .with_context(
                active_model="account.move", active_ids=(self.inv1 | self.inv2).ids
            )
            .create({"installment_count": count, "first_date": date(2026, 1, 31)})
        )
        return (
            self.env["debt.recovery.plan"]
            .with_user(self.user)
            .browse(wizard.action_create_plan()["res_id"])
        )

    @freeze_time("2026-01-20")
    def test_agreement_letter_data(self):
        plan = self._plan()
        plan.reply_by = date(2026, 2, 4)
        (letter,) = plan._recovery_letters()
        self.assertEqual(letter.kind, "echeancier")
        self.assertEqual(letter.reference, plan.name)
        self.assertEqual(letter.recipient.name, "Durand Bâtiment SARL")
        self.assertEqual(
            [line.number for line in letter.invoices], [self.inv1.name, self.inv2.name]
        )
        self.assertEqual(normalize(letter.totals.total), "10 000,00 €")
        self.assertEqual(letter.totals.total_in_words, "dix mille euros")
        plan_data = letter.plan
        self.assertEqual(plan_data.count, "12")
        self.assertEqual(plan_data.count_text, "douze échéances mensuelles")
        self.assertEqual(len(plan_data.installments), 12)
        first, second, last = (
            plan_data.installments[0],
            plan_data.installments[1],
            plan_data.installments[-1],
        )
        self.assertEqual((first.number, first.date), ("1", "31/01/2026"))
        self.assertEqual(normalize(first.amount), "833,33 €")
        self.assertEqual(second.date, "28/02/2026")
        self.assertEqual(
            (last.date, normalize(last.amount)), ("31/12/2026", "833,37 €")
        )
        self.assertEqual(plan_data.first_date, "31 janvier 2026")
        self.assertEqual(plan_data.last_date, "31 décembre 2026")
        self.assertTrue(plan_data.acceleration)
        self.assertEqual(plan_data.grace_days, "8")
        self.assertEqual(plan_data.reply_by, "4 février 2026")

    @freeze_time("2026-01-20")
    def test_acknowledgment_letter_data(self):
        plan = self._plan()
        (letter,) = plan._recovery_letters("reconnaissance_dette")
        self.assertEqual(letter.kind, "reconnaissance_dette")
        ack = letter.acknowledgment
        self.assertEqual(normalize(ack.amount), "10 000,00 €")
        self.assertEqual(ack.amount_in_words, "dix mille euros")
        self.assertEqual(
            ack.cause, f"des factures n° {self.inv1.name}, {self.inv2.name}"
        )
        self.assertIn("Durand Bâtiment SARL", ack.debtor_identity)

    @freeze_time("2026-01-20")
    def test_propose_attaches_the_two_documents_to_sign(self):
        if not HAS_TOOLS:
            self.skipTest("LibreOffice or pdftotext is not installed")
        plan = self._plan(count=7)
        plan.action_propose()
        self.assertEqual(plan.state, "proposed")
        message = plan.message_ids.filtered("attachment_ids")
        self.assertEqual(len(message), 1)
        attachments = message.attachment_ids.sorted("name")
        self.assertEqual(len(attachments), 2)
        texts = {att.name: pdf_text(base64.b64decode(att.datas)) for att in attachments}
        agreement = next(t for n, t in texts.items() if n.startswith("Accord"))
        acknowledgment = next(
            t for n, t in texts.items() if n.startswith("Reconnaissance")
        )
        # 10 000,00 in 7: 1 428,57 x 6 + 1 428,58
        self.assertIn("1 428,57 €", agreement)
        self.assertIn("1 428,58 €", agreement)
        self.assertIn("31/07/2026", agreement)
        self.assertIn("sept échéances mensuelles", agreement)
        self.assertIn(plan.name, agreement)
        self.assertIn("10 000,00 €", acknowledgment)
        self.assertIn("dix mille euros", acknowledgment)
        self.assertIn(self.inv1.name, acknowledgment)

    @freeze_time("2026-01-20")
    def test_a_document_that_cannot_be_made_does_not_stop_the_proposal(self):
        plan = self._plan(count=3)
        Letter = type(self.env["debt.recovery.letter"])

        def no_libreoffice(self_, odts):
            return {}, dict.fromkeys(odts, "LibreOffice is not installed")

        with patch.object(Letter, "_letter_convert_odts", no_libreoffice):
            plan.action_propose()
        self.assertEqual(plan.state, "proposed")
        note = plan.message_ids.filtered(lambda m: "could not all be made" in m.body)
        self.assertEqual(len(note), 1)
        self.assertIn("LibreOffice is not installed", note.body)
        self.assertFalse(note.attachment_ids)
