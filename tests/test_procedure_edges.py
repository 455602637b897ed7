"""French law at the edges of a collective procedure and of prescription,
worked by hand from the articles.

Receivership of Durand Bâtiment SARL opened on 16 March 2026, published in
the BODACC on 31 March 2026; B2B default rate 12.15 % in the first half of
2026 (ECB 2.15 % + 10 points, C. com. L441-10 II).
"""

import shutil
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import NoticeCase, normalize, pdf_text

OPENING = date(2026, 3, 16)
PUBLICATION = date(2026, 3, 31)


@tagged("post_install", "-at_install")
class TestProcedureEdges(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mandataire = cls.env["res.partner"].create(
            {"name": "SELARL MJ Rhône", "is_company": True, "city": "Lyon"}
        )

    def _open_procedure(self, kind="receivership"):
        self.customer.with_user(self.manager).write(
            {
                "recovery_collective_procedure": True,
                "recovery_collective_procedure_date": OPENING,
                "recovery_collective_procedure_type": kind,
                "recovery_collective_procedure_publication_date": PUBLICATION,
                "recovery_collective_procedure_representative_id": self.mandataire.id,
            }
        )

    def _credit_note(self, invoice, amount, on):
        """A credit note of ``amount`` dated ``on``, applied to ``invoice``."""
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": on,
                "date": on,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Avoir",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        (invoice.line_ids + refund.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).reconcile()
        return refund

    # ---- 2. a claim is dated by its performance ----

    def test_delivery_before_the_opening_invoiced_after_it(self):
        # Delivered on 10 March 2026, invoiced on 20 March, 1,000.00 EUR due
        # 20 April. Born on 10 March (Cass. com. 27 Sept 2011), before the
        # opening of 16 March: a pre-opening claim (L622-24). Penalties stop
        # on 15 March (L622-28), before the first day of delay (21 April):
        # 0 day, 0.00 EUR. Due after the opening: paying it at its due date
        # was forbidden (L622-7), so no 40 EUR (L441-10 II, last sentence).
        # Never chased; declared.
        invoice = self._invoice(
            self.customer, 1000.0, date(2026, 3, 20), date(2026, 4, 20)
        )
        invoice.delivery_date = date(2026, 3, 10)
        self._open_procedure()
        with freeze_time("2026-05-01"):
            invoice.invalidate_recordset()
            seen = invoice.with_user(self.user)
            self.assertEqual(seen.recovery_penalty_amount, 0.0)
            self.assertEqual(seen.recovery_indemnity_amount, 0.0)
            self.assertFalse(seen.recovery_next_date, "never chased")
            self._run()
            self.assertFalse(self._actions(self.customer), "no step is sent")
            action = self.customer.with_user(
                self.manager
            ).action_recovery_declare_claim()
        case = self.env["debt.recovery.case"].browse(action["res_id"])
        self.assertEqual(case.invoice_ids, invoice)
        self.assertEqual(case.amount_total, 1000.0)

    def test_completion_date_comes_before_the_delivery_date(self):
        # Works completed on 20 March (after the opening) although the goods
        # were delivered on 10 March: the completion date kept on the invoice
        # dates the claim: born after the opening (L622-17), chased.
        invoice = self._invoice(
            self.customer, 1000.0, date(2026, 3, 25), date(2026, 4, 24)
        )
        invoice.write(
            {
                "delivery_date": date(2026, 3, 10),
                "recovery_completion_date": date(2026, 3, 20),
            }
        )
        self._open_procedure()
        with freeze_time("2026-05-01"):
            self.assertFalse(invoice._recovery_frozen_by_procedure())
            invoice.invalidate_recordset()
            # 24 April to 1 May: 7 days, 1,000.00 x 12.15 % x 7 / 365 = 2.33.
            self.assertEqual(invoice.recovery_penalty_amount, 2.33)
            self.assertEqual(invoice.recovery_indemnity_amount, 40.0)

    # ---- 3. the 40 EUR under a procedure ----

    def test_invoice_due_the_day_before_the_opening(self):
        # 2,000.00 EUR invoiced on 13 February 2026, due 15 March, the day
        # before the opening. First day of delay: 16 March, when L622-28
        # already stops the penalties (last day counted: 15 March): 0.00 EUR.
        # On its due date the debtor could still pay: the opening did not
        # forbid payment "à son échéance" (L441-10 II, last sentence), so the
        # 40 EUR is owed and declared: 2,000.00 + 40.00 = 2,040.00 EUR.
        invoice = self._invoice(
            self.customer, 2000.0, date(2026, 2, 13), date(2026, 3, 15)
        )
        self._open_procedure()
        with freeze_time("2026-05-01"):
            invoice.invalidate_recordset()
            self.assertEqual(invoice.recovery_penalty_amount, 0.0)
            self.assertEqual(invoice.recovery_indemnity_amount, 40.0)
            action = self.customer.with_user(
                self.manager
            ).action_recovery_declare_claim()
        case = self.env["debt.recovery.case"].browse(action["res_id"])
        self.assertEqual(case.amount_indemnity, 40.0)
        self.assertEqual(case.amount_total, 2040.0)

    # ---- 6. credit notes ----

    def test_five_year_old_claim_with_a_recent_credit_note(self):
        # 1,000.00 EUR due 3 March 2021, between merchants: time-barred 5
        # years after, on 3 March 2026 (C. com. L110-4). A credit note of
        # 100.00 EUR on 1 February 2026 is the creditor's own act: it
        # interrupts nothing (C. civ. 2240 needs the debtor's
        # acknowledgment), the date stays 3 March 2026. A payment of
        # 50.00 EUR on 10 February 2026 does interrupt it: 10 February 2031.
        invoice = self._invoice(
            self.customer, 1000.0, date(2021, 2, 1), date(2021, 3, 3)
        )
        self._credit_note(invoice, 100.0, date(2026, 2, 1))
        with freeze_time("2026-02-05"):
            invoice.invalidate_recordset()
            seen = invoice.with_user(self.user)
            self.assertEqual(seen.amount_residual, 900.0)
            self.assertEqual(seen.recovery_prescription_date, date(2026, 3, 3))
        self._pay(invoice, 50.0, date(2026, 2, 10))
        with freeze_time("2026-02-11"):
            invoice.invalidate_recordset()
            self.assertEqual(
                invoice.with_user(self.user).recovery_prescription_date,
                date(2031, 2, 10),
            )

    def test_a_credit_note_lowers_the_penalty_base_from_the_due_date(self):
        # 1,000.00 EUR due 31 January 2026, credit note of 200.00 EUR on
        # 10 March (a price correction: 200.00 EUR were never owed).
        # Computed on 31 March: 59 days (1 February to 31 March) on 800.00:
        # 800.00 x 12.15 % x 59 / 365 = 15.71 EUR (15.7117...). Taken as a
        # payment it would have given 1,000.00 x 12.15 % x 38 / 365 +
        # 800.00 x 12.15 % x 21 / 365 = 12.65 + 5.59 = 18.24 EUR.
        invoice = self._invoice(
            self.customer, 1000.0, date(2026, 1, 1), date(2026, 1, 31)
        )
        self._credit_note(invoice, 200.0, date(2026, 3, 10))
        with freeze_time("2026-03-31"):
            invoice.invalidate_recordset()
            self.assertEqual(invoice.recovery_penalty_amount, 15.71)
            self.assertEqual(invoice.recovery_indemnity_amount, 40.0)

    # ---- 1. no suspension for pre-opening debts ----

    def _notice_level(self):
        return self.env["debt.recovery.level"].search(
            [("company_id", "=", self.company.id), ("code", "=", "formal_notice")]
        )

    def test_the_opening_lifts_the_suspension_with_its_own_letter(self):
        invoice = self._invoice(
            self.customer, 1200.0, date(2026, 1, 10), date(2026, 2, 10)
        )
        with freeze_time("2026-03-10"):
            invoice.sudo().recovery_level_id = self._notice_level()
            self.env["debt.recovery.suspension"]._recovery_update(self.customer)
            self.assertTrue(self.customer.recovery_suspended)
            self._open_procedure()
        self.assertFalse(
            self.customer.recovery_suspended,
            "the current contracts go on (C. com. L622-13 I, L631-14)",
        )
        bodies = [html2plaintext(m.body or "") for m in self.customer.message_ids]
        lifted = next(b for b in bodies if "suspension lifted" in b)
        self.assertIn("collective procedure was opened", lifted)
        self.assertIn("L622-13", lifted)
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                ("subject", "ilike", "reprise de nos prestations"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("L622-13", mail.body_html)
        self.assertNotIn("votre règlement", mail.body_html)
        if shutil.which("soffice") and shutil.which("pdftotext"):
            letter = mail.attachment_ids.filtered(lambda a: a.mimetype.endswith("pdf"))
            text = pdf_text(letter.raw)
            self.assertIn(normalize("redressement judiciaire"), text)
            self.assertIn(normalize("L631-14"), text)
            self.assertIn(normalize("article L622-17"), text)
            self.assertIn(normalize("16 mars 2026"), text)
            self.assertNotIn(normalize("ne présentant plus d'échéance impayée"), text)
        # Frozen invoices neither trigger it again nor send a 1219 letter.
        with freeze_time("2026-04-01"):
            self.env["debt.recovery.suspension"]._recovery_update(self.customer)
        self.assertFalse(self.customer.recovery_suspended)

    def test_a_post_opening_invoice_can_still_suspend(self):
        self._open_procedure()
        before = self._invoice(
            self.customer, 1200.0, date(2026, 1, 10), date(2026, 2, 10)
        )
        before.sudo().recovery_level_id = self._notice_level()
        self.env["debt.recovery.suspension"]._recovery_update(self.customer)
        self.assertFalse(self.customer.recovery_suspended)
        after = self._invoice(
            self.customer, 500.0, date(2026, 3, 20), date(2026, 4, 20)
        )
        after.sudo().recovery_level_id = self._notice_level()
        self.env["debt.recovery.suspension"]._recovery_update(self.customer)
        self.assertTrue(self.customer.recovery_suspended)
        self.assertIn(after.name, self.customer.recovery_suspension_reason)
        self.assertNotIn(before.name, self.customer.recovery_suspension_reason)

    # ---- 9. the declaration of claim ----

    def test_declaration_lists_sums_to_fall_due_and_goes_to_the_liquidator(self):
        if not shutil.which("soffice") or not shutil.which("pdftotext"):
            self.skipTest("LibreOffice or pdftotext is not installed")
        due = self._invoice(self.customer, 1200.0, date(2026, 1, 10), date(2026, 2, 10))
        to_fall = self._invoice(
            self.customer, 800.0, date(2026, 3, 20), date(2026, 4, 20)
        )
        to_fall.delivery_date = date(2026, 3, 10)
        self._open_procedure("liquidation")
        with freeze_time("2026-04-10"):
            action = self.customer.with_user(
                self.manager
            ).action_recovery_declare_claim()
        case = self.env["debt.recovery.case"].browse(action["res_id"])
        self.assertEqual(case.invoice_ids, due + to_fall)
        case.write(
            {"retention_of_title": True, "retention_goods": "2 rayonnages RM-400"}
        )
        report = self.env.ref(
            "l10n_fr_debt_recovery.report_debt_recovery_claim_declaration"
        )
        content, _ext = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render(report.report_name, case.ids)
        )
        text = pdf_text(content)
        # 1,200.00 due at the opening (13.18 of penalties, 33 days, and
        # 40.00), 800.00 to fall due on 20 April 2026 (R622-23), made due by
        # the liquidation (L643-1), without penalty nor 40 EUR.
        for expected in (
            "procédure de liquidation judiciaire",
            "échue pour 1 200,00 € et à échoir pour 800,00 €",
            "800,00 €, échéance du 20 avril 2026",
            "L643-1",
            "20/04/2026",
            "L441-10, II, dernière phrase",
            "article D441-5 du Code de commerce",
            "au liquidateur judiciaire",
            "L641-14",
            "2 053,18 €",
        ):
            self.assertIn(normalize(expected), text)
        self.assertNotIn(normalize("chirographaire, échue,"), text)
        self.assertNotIn(normalize("Factures échues"), text)
        self.assertNotIn(normalize("l'administrateur judiciaire ou"), text)
        # The invoice without a delivery date is dated by its invoice date.
        self.assertIn(normalize(f"celle de leur facture : {due.name}"), text)

    def test_formal_notice_under_a_procedure_says_what_it_claims(self):
        # Delivered on 18 March 2026 (after the opening), invoiced on 20
        # March, due 20 April: paid at its due date (L622-17), it may be
        # claimed by a formal notice, which says so.
        after = self._invoice(
            self.customer, 500.0, date(2026, 3, 20), date(2026, 4, 20)
        )
        after.delivery_date = date(2026, 3, 18)
        self._open_procedure()
        with freeze_time("2026-05-20"):
            action = after.with_user(self.user).action_create_recovery_notice()
            notice = self.env["debt.recovery.notice"].browse(action["res_id"])
            notice.with_user(self.manager).action_validate()
            letter = notice._recovery_letters()[0]
        self.assertIn("16 mars 2026", letter.procedure_note)
        self.assertIn("redressement judiciaire", letter.procedure_note)
        self.assertIn("L622-17", letter.procedure_note)
        self.assertNotIn("date de la facture", letter.procedure_note)
