# ruff: noqa: RUF001, RUF003
"""In Odoo: penalties by half-year as the default, printed with
their segments; the floor of a contractual rate on every half-year; public
buyers (CCP R2192-31, D2192-35); the 40 € fixed by law; the complementary
indemnity on proof as its own line.

Rates (data/, as published): ECB 2023 H1 2,50 %, 2023 H2 4,00 %, 2024 H1
4,50 %, 2024 H2 4,25 %, 2025 H1 3,15 %, 2025 H2 2,15 %, 2026 H1 2,15 %;
legal rate (other creditors) 2023 H1 2,06 %, 2023 H2 4,22 %, 2024 H1
5,07 %, 2024 H2 4,92 %, 2025 H1 3,71 %, 2025 H2 2,76 %, 2026 H1 2,62 %.
"""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import NoticeCase, normalize, odt_text


@tagged("post_install", "-at_install")
class TestPenaltyHalfYears(NoticeCase):
    def _odt_text(self, xmlid, records, user):
        report = self.env.ref(f"l10n_fr_debt_recovery.{xmlid}")
        content, extension = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render(report.report_name, records.ids)
        )
        self.assertEqual(extension, "odt")
        return normalize(odt_text(content))

    def _notice(self, invoice, day):
        with freeze_time(day):
            action = invoice.with_user(self.manager).action_create_recovery_notice()
            notice = self.env["debt.recovery.notice"].browse(action["res_id"])
            notice.with_user(self.manager).action_validate()
        return notice

    def test_new_company_defaults_to_each_half_year(self):
        company = self.env["res.company"].create({"name": "Nouvelle SARL"})
        self.assertEqual(company.debt_recovery_rate_mode, "ecb_daily")

    def test_notice_over_three_half_years_prints_its_segments(self):
        # 10 000,00 € due 30 April 2025, notice of 31 March 2026 (335 days):
        #   1 May - 30 June 2025:  10 000 × 13,15 % ×  61 / 365 = 219,7671
        #   1 July - 31 Dec 2025:  10 000 × 12,15 % × 184 / 365 = 612,4932
        #   1 Jan - 31 Mar 2026:   10 000 × 12,15 % ×  90 / 365 = 299,5890
        #   total 1 131,8493 -> 1 131,85 (the start-of-delay option: 1 206,92)
        invoice = self._invoice(
            self.customer, 10000.0, date(2025, 3, 31), date(2025, 4, 30)
        )
        notice = self._notice(invoice, "2026-03-31")
        self.assertEqual(notice.amount_penalty, 1131.85)
        line = notice.line_ids
        self.assertEqual(line.amount_penalty, 1131.85)
        self.assertEqual(
            [normalize(text) for text in line.penalty_breakdown.splitlines()],
            [
                "01/05/2025 – 30/06/2025 : 61 j × 10 000,00 € × 13,15 % / 365 = 219,77 €",
                "01/07/2025 – 31/12/2025 : 184 j × 10 000,00 € × 12,15 % / 365 = 612,49 €",
                "01/01/2026 – 31/03/2026 : 90 j × 10 000,00 € × 12,15 % / 365 = 299,59 €",
            ],
        )
        # The mise en demeure, as the recovery user prints it.
        text = self._odt_text("report_debt_recovery_notice_odt", notice, self.user)
        for expected in (
            "Détail du calcul des pénalités de retard",
            "01/05/2025",
            "30/06/2025",
            "13,15 %",
            "219,77 €",
            "612,49 €",
            "299,59 €",
            "1 131,85 €",
            "13,15 % l'an au 1er semestre 2025, 12,15 % l'an au 2e semestre 2025 "
            "et 12,15 % l'an au 1er semestre 2026",
            "l'article L441-10 du Code de commerce",
            "article D441-5 du Code de commerce",
        ):
            self.assertIn(normalize(expected), text)

    def test_start_of_delay_option_stays_available(self):
        # Same invoice, the explicit option: 10 000 × 13,15 % × 335 / 365 = 1 206,92
        self.company.debt_recovery_rate_mode = "ecb_start"
        invoice = self._invoice(
            self.customer, 10000.0, date(2025, 3, 31), date(2025, 4, 30)
        )
        with freeze_time("2026-03-31"):
            invoice.invalidate_recordset(["recovery_penalty_amount"])
            self.assertEqual(invoice.recovery_penalty_amount, 1206.92)

    def test_contractual_rate_below_the_floor_of_a_later_half_year_is_named(self):
        # 10 % is above today's floor (2026 H1: 3 × 2,62 = 7,86 %) and above
        # the floor of the first day of delay (2023 H1: 3 × 2,06 = 6,18 %),
        # but below that of 2023 H2 (3 × 4,22 = 12,66 %): the invoice says so.
        with freeze_time("2026-03-31"):
            self.company.write(
                {
                    "debt_recovery_rate_mode": "contractual",
                    "debt_recovery_contractual_rate": 10.0,
                }
            )
            invoice = self._invoice(
                self.customer, 1000.0, date(2023, 5, 15), date(2023, 6, 15)
            )
            invoice = invoice.with_user(self.user)
            self.assertEqual(invoice.recovery_penalty_amount, 0.0)
            error = normalize(invoice.recovery_penalty_error)
        self.assertIn("plancher légal de 12,66 % pour le 2e semestre 2023", error)
        self.assertIn("1er semestre 2024 (15,21 %)", error)

    def test_public_buyer_over_two_half_years(self):
        # A town hall, set by hand as a public buyer. 10 000,00 € due 15 June
        # 2025, on 15 August 2025: interest started on 16 June (2025 H1),
        # ECB 3,15 % + 8 = 11,15 % fixed for the 61 days (CCP R2192-31):
        #   10 000 × 11,15 % × 61 / 365 = 186,3425 -> 186,34; + 40 € (D2192-35).
        town = self._make_customer("Mairie de Villeurbanne")
        self.assertFalse(town.recovery_is_public_buyer)
        town.with_user(self.user).recovery_customer_type = "public"
        self.assertTrue(town.recovery_is_public_buyer)
        self.assertFalse(town.recovery_is_consumer)
        invoice = self._invoice(town, 10000.0, date(2025, 5, 16), date(2025, 6, 15))
        day = date(2025, 8, 15)
        with freeze_time(day):
            invoice = invoice.with_user(self.user)
            self.assertEqual(invoice.recovery_penalty_amount, 186.34)
            self.assertEqual(invoice.recovery_indemnity_amount, 40.0)
            builder = self.env["debt.recovery.letter"].with_user(self.user)
            letter = builder._letter_base(
                "mise_en_demeure", self.company, town, day, "REF"
            )
            builder._letter_fill_invoices(letter, invoice, day, True)
        self.assertTrue(letter.public_buyer)
        self.assertEqual(
            normalize(letter.penalty_rate_label),
            "11,15 % l'an (taux de refinancement de la BCE en vigueur au premier "
            "jour du semestre au cours duquel les intérêts ont commencé à courir, "
            "majoré de 8 points)",
        )
        self.assertIn("R2192-31", letter.penalty_basis)
        self.assertIn("D2192-35", letter.indemnity_basis)
        self.assertEqual(
            [
                (s.start, s.end, s.days, normalize(s.rate), normalize(s.amount))
                for s in letter.penalty_segments
            ],
            [("16/06/2025", "15/08/2025", "61", "11,15 %", "186,34 €")],
        )
        # A professional on the same dates, day by day: 15 d × 13,15 % +
        # 46 d × 12,15 % = 54,0411 + 153,1233 = 207,1644 -> 207,16.
        town.recovery_customer_type = "b2b"
        with freeze_time(day):
            invoice.invalidate_recordset(["recovery_penalty_amount"])
            self.assertEqual(invoice.recovery_penalty_amount, 207.16)

    def test_indemnity_is_fixed_by_law(self):
        self.assertEqual(self.company.debt_recovery_indemnity_amount, 40.0)
        form = Form(self.env["res.config.settings"])
        self.assertEqual(form.debt_recovery_indemnity_amount, 40.0)
        with self.assertRaises(AssertionError):
            form.debt_recovery_indemnity_amount = 50.0

    def test_complementary_indemnity_needs_its_justification_and_prints_apart(self):
        invoice, notice = self._notice_from_job(self.customer, 3200.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        with freeze_time("2026-03-05"):
            self._run()
        case = notice.case_id.with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "L441-10 II"):
            case.amount_extra_costs = 150.0
        case.write(
            {
                "amount_extra_costs": 150.0,
                "extra_costs_justification": "Honoraires de Maître Fabre, "
                "facture n° 2026-118 jointe.",
            }
        )
        # 3 200 × 12,15 % × 59 / 365 = 62,85; + 40 + 150 = 3 452,85
        self.assertEqual(case.amount_total, 3452.85)
        text = self._odt_text("report_debt_recovery_case_odt", case, self.manager)
        for expected in (
            "Indemnité complémentaire sur justificatifs (article L441-10 II du "
            "Code de commerce)",
            "150,00 €",
            "Justification de l'indemnité complémentaire : Honoraires de Maître "
            "Fabre, facture n° 2026-118 jointe.",
            "3 452,85 €",
            "Détail du calcul des pénalités de retard",
            "62,85 €",
        ):
            self.assertIn(normalize(expected), text)
        self.assertNotIn("Frais de recouvrement supplémentaires", text)
        self.assertEqual(invoice.recovery_case_ids, notice.case_id)

    def test_public_buyer_litigation_file_goes_to_the_administrative_judge(self):
        # A public debtor: no order for payment, no enforcement; a claim to
        # the buyer and its accountant, then the référé-provision before the
        # tribunal administratif (tools/litigation.py, route "public_claim").
        town = self._make_customer(
            "Mairie de Villeurbanne", recovery_customer_type="public"
        )
        town.with_company(self.company).recovery_user_id = self.manager
        _invoice, notice = self._notice_from_job(town, 3200.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        with freeze_time("2026-03-05"):
            self._run()
        case = notice.case_id.with_user(self.user)
        self.assertEqual(case.route, "public_claim")
        self.assertIn("Tribunal administratif", case.court)
        self.assertIn("aucune voie d'exécution forcée", case.route_notes)
        self.assertIn("R541-1", case.route_notes)
        self.assertFalse(case.cerfa)
        self.assertFalse(case.debtor_merchant)
        # 3 200 × (2,15 + 8) % × 59 / 365 = 52,50 (ECB of 2026 H1 + 8 points)
        self.assertEqual(case.amount_penalty, 52.50)
        self.assertEqual(case.amount_indemnity, 40.0)
