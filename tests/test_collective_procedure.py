"""Collective procedure of a customer, per invoice (Code de commerce L622-17,
L622-24, L622-28; deadlines R622-24, L622-26, L624-9), and the routes of a
public debtor.

Worked example used throughout: receivership of Durand Bâtiment SARL opened
on 16 March 2026, published in the BODACC on 31 March 2026.

- FA1, dated 10 January 2026, 1,200.00 EUR due 10 February 2026: born before
  the opening. Penalties from 11 February to 15 March inclusive, 33 days at
  12.15 % (ECB 2.15 % + 10 points, first half of 2026):
  1,200.00 x 12.15 % x 33 / 365 = 13.18 EUR (13.1819...), whatever the day
  they are computed; 40 EUR indemnity (late before the opening). Declared:
  1,200.00 + 13.18 + 40.00 = 1,253.18 EUR.
- FA2, dated 20 March 2026, 500.00 EUR due 20 April 2026: born after the
  opening (L622-17), chased as usual. On 1 May 2026: 11 days,
  500.00 x 12.15 % x 11 / 365 = 1.83 EUR (1.8308...), and 40 EUR.
"""

import shutil
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import NoticeCase, normalize, pdf_text

OPENING = date(2026, 3, 16)
PUBLICATION = date(2026, 3, 31)


@tagged("post_install", "-at_install")
class TestCollectiveProcedure(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mandataire = cls.env["res.partner"].create(
            {
                "name": "SELARL MJ Rhône",
                "is_company": True,
                "street": "4 rue de la Charité",
                "zip": "69002",
                "city": "Lyon",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.before = cls._invoice(
            cls.customer, 1200.0, date(2026, 1, 10), date(2026, 2, 10)
        )
        cls.after = cls._invoice(
            cls.customer, 500.0, date(2026, 3, 20), date(2026, 4, 20)
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

    def test_penalties_stop_the_day_before_the_opening_per_invoice(self):
        self._open_procedure()
        with freeze_time("2026-05-01"):
            before = self.before.with_user(self.user)
            after = self.after.with_user(self.user)
            before.invalidate_recordset()
            after.invalidate_recordset()
            # 1,200.00 x 12.15 % x 33 / 365 = 13.18 (to 15 March only).
            self.assertEqual(before.recovery_penalty_amount, 13.18)
            self.assertEqual(before.recovery_indemnity_amount, 40.0)
            # Born after the opening: 500.00 x 12.15 % x 11 / 365 = 1.83.
            self.assertEqual(after.recovery_penalty_amount, 1.83)
            self.assertEqual(after.recovery_indemnity_amount, 40.0)

    def test_invoice_due_after_the_opening_but_born_before_has_no_indemnity(self):
        # Dated 1 March, due 31 March: its payment was forbidden from
        # 16 March: no penalty, no indemnity.
        late_due = self._invoice(
            self.customer, 300.0, date(2026, 3, 1), date(2026, 3, 31)
        )
        self._open_procedure()
        with freeze_time("2026-05-01"):
            late_due.invalidate_recordset()
            self.assertEqual(late_due.recovery_penalty_amount, 0.0)
            self.assertEqual(late_due.recovery_indemnity_amount, 0.0)

    def test_only_invoices_dated_after_the_opening_stay_on_the_ladder(self):
        self._open_procedure()
        with freeze_time("2026-05-01"):
            self._run()
        actions = self._actions(self.customer)
        self.assertTrue(actions, "the invoice of 20 March is chased (L622-17)")
        self.assertEqual(actions.invoice_ids, self.after)
        self.assertFalse(self.before.recovery_level_id)
        # The worklist shows no next step for the frozen claim.
        self.assertFalse(self.before.recovery_next_date)
        self.assertTrue(self.after.recovery_next_date)

    def test_formal_notice_refused_for_invoices_dated_before_the_opening(self):
        self._open_procedure()
        with freeze_time("2026-05-20"):
            action = self.before.with_user(self.user).action_create_recovery_notice()
            notice = self.env["debt.recovery.notice"].browse(action["res_id"])
            with self.assertRaisesRegex(UserError, "dated before the opening"):
                notice.with_user(self.manager).action_validate()
            # The invoice born after the opening can be claimed.
            action = self.after.with_user(self.user).action_create_recovery_notice()
            notice = self.env["debt.recovery.notice"].browse(action["res_id"])
            notice.with_user(self.manager).action_validate()
            self.assertEqual(notice.state, "validated")

    def test_declaration_of_claim_with_its_deadlines(self):
        self._open_procedure()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user).action_recovery_declare_claim()
        with freeze_time("2026-04-10"):
            action = self.customer.with_user(
                self.manager
            ).action_recovery_declare_claim()
        case = self.env["debt.recovery.case"].browse(action["res_id"])
        self.assertEqual(case.invoice_ids, self.before, "only the claim born before")
        self.assertEqual(case.route, "claim_declaration")
        self.assertEqual(case.representative_id, self.mandataire)
        self.assertEqual(case.amount_principal, 1200.0)
        self.assertEqual(case.amount_penalty, 13.18)
        self.assertEqual(case.amount_indemnity, 40.0)
        self.assertEqual(case.amount_total, 1253.18)
        self.assertIn("L622-28", case.route_notes)
        # The deadlines, as activities with their dates (publication on 31
        # March: declaration 31 May, relief 30 September).
        deadlines = {a.date_deadline: a.summary for a in case.activity_ids}
        self.assertEqual(sorted(deadlines), [date(2026, 5, 31), date(2026, 9, 30)])
        self.assertIn("SELARL MJ Rhône", deadlines[date(2026, 5, 31)])
        self.assertIn("R622-24", deadlines[date(2026, 5, 31)])
        # Goods under retention of title: 3 months, 30 June (no 31 June).
        case.with_user(self.manager).write(
            {"retention_of_title": True, "retention_goods": "2 rayonnages RM-400"}
        )
        with freeze_time("2026-04-10"):
            case.with_user(self.manager).action_refresh()
            case.with_user(self.manager).action_refresh()  # never twice
        dates = sorted(case.activity_ids.mapped("date_deadline"))
        self.assertEqual(
            dates, [date(2026, 5, 31), date(2026, 6, 30), date(2026, 9, 30)]
        )
        # A second click opens the same draft.
        again = self.customer.with_user(self.manager).action_recovery_declare_claim()
        self.assertEqual(again["res_id"], case.id)

    def test_four_months_for_a_creditor_outside_metropolitan_france(self):
        self.company.partner_id.write({"zip": "97400", "city": "Saint-Denis"})
        self._open_procedure("liquidation")
        with freeze_time("2026-04-10"):
            action = self.customer.with_user(
                self.manager
            ).action_recovery_declare_claim()
        case = self.env["debt.recovery.case"].browse(action["res_id"])
        declaration = case.activity_ids.filtered(lambda a: "Declare" in a.summary)
        # 31 March + 4 months = 31 July 2026.
        self.assertEqual(declaration.date_deadline, date(2026, 7, 31))
        self.assertTrue(case.court.startswith("Liquidateur judiciaire"))

    def test_declaration_letter(self):
        if not shutil.which("soffice") or not shutil.which("pdftotext"):
            self.skipTest("LibreOffice or pdftotext is not installed")
        self._open_procedure()
        with freeze_time("2026-04-10"):
            action = self.customer.with_user(
                self.manager
            ).action_recovery_declare_claim()
        case = self.env["debt.recovery.case"].browse(action["res_id"])
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
        for expected in (
            "SELARL MJ Rhône",
            "Déclaration de créance",
            "redressement judiciaire",
            "16 mars 2026",
            "31 mars 2026",
            "15 mars 2026",  # penalties stopped the day before the opening
            "1 200,00 €",
            "13,18 €",
            "40,00 €",
            "1 253,18 €",
            "mille deux cent cinquante-trois euros et dix-huit centimes",
            "31 mai 2026",
            "2 rayonnages RM-400",
            "30 juin 2026",
        ):
            self.assertIn(normalize(expected), text)
        self.assertNotIn(self.after.name, text)


@tagged("post_install", "-at_install")
class TestPublicDebtorRoute(NoticeCase):
    def test_public_debtor_file_routes_to_the_administrative_judge(self):
        city_hall = self._make_customer(
            "Commune de Villeurbanne", recovery_customer_type="public"
        )
        _invoice, notice = self._notice_from_job(city_hall, 8000.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        with freeze_time("2026-03-05"):
            self._run()
        case = notice.case_id.with_user(self.manager)
        self.assertTrue(case.public_debtor)
        self.assertEqual(case.route, "public_claim")
        self.assertFalse(case.cerfa)
        self.assertIn("Tribunal administratif", case.court)
        self.assertIn("comptable public", case.route_notes)
        self.assertFalse(case.prior_amicable_note)
