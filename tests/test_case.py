import io
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LettersNoticeCase, NoticeCase


@tagged("post_install", "-at_install")
class TestCase(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for partner in (cls.customer, cls.consumer):
            partner.with_company(cls.company).recovery_user_id = cls.manager
        cls.handler = cls.env["res.partner"].create(
            {"name": "SELARL Fabre & Associés", "is_company": True}
        )

    def _expired(self, partner, amount):
        """Invoice due 5 January 2026 -> notice validated 20 February, sent
        21 February, received 24 February (deadline 4 March), expired on the
        run of 5 March. Returns the invoice, the notice and its file."""
        invoice, notice = self._notice_from_job(partner, amount, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        self.assertEqual(notice.deadline_date, date(2026, 3, 4))
        with freeze_time("2026-03-04"):
            self._run()
        self.assertEqual(notice.state, "received", "the last day is still allowed")
        self.assertFalse(notice.case_id)
        with freeze_time("2026-03-05"):
            self._run()
        self.assertEqual(notice.state, "expired")
        self.assertEqual(notice.expired_date, date(2026, 3, 5))
        case = notice.case_id
        self.assertEqual(case.state, "draft")
        self.assertEqual(case.invoice_ids, invoice)
        self.assertEqual(case.date, date(2026, 3, 5))
        activity = case.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        return invoice, notice, case

    def test_a_3200_b2b_small_claims_procedure(self):
        # CPCE L125-1 and R125-1: up to 5,000 EUR in principal and interest, the simplified
        # small-claims procedure (CPCE L125-1) comes first (on 5 March 2026,
        # before the law of 23 April 2026 on uncontested commercial claims):
        # no court. Between merchants the commercial court is competent: the
        # prior amicable attempt of CPC 750-1 (tribunal judiciaire) does not
        # apply, no note. The injonction de payer at the commercial court is
        # the fallback.
        _invoice, _notice, case = self._expired(self.customer, 3200.0)
        self.assertEqual(case.amount_principal, 3200.0)
        # 3,200 x 12.15 % x 59 days (6 January - 5 March) / 365 = 62.85
        self.assertEqual(case.amount_penalty, 62.85)
        self.assertEqual(case.amount_indemnity, 40.0)
        self.assertEqual(case.amount_total, 3302.85)
        self.assertEqual(case.route_suggested, "small_claims")
        self.assertEqual(case.route, "small_claims")
        self.assertIn("Commissaire de justice", case.court)
        self.assertFalse(case.prior_amicable_note)
        self.assertIn("12946", case.route_notes)
        self.assertIn("tribunal de commerce", case.route_notes)

    def test_b_12000_b2b_injunction_at_the_commercial_court(self):
        invoice, notice, case = self._expired(self.customer, 12000.0)
        # 12,000 x 12.15 % x 59 / 365 = 235.68
        self.assertEqual(case.amount_penalty, 235.68)
        self.assertEqual(case.amount_total, 12275.68)
        self.assertEqual(case.route, "injunction")
        self.assertEqual(case.cerfa, "12946")
        self.assertEqual(
            case.court,
            "Tribunal de commerce (ou tribunal des activités économiques) du "
            "ressort de Lyon",
        )
        self.assertFalse(case.prior_amicable_note)
        # Only a manager hands the file over.
        with self.assertRaisesRegex(UserError, "Only a recovery manager"):
            case.with_user(self.user).action_open()
        case.with_user(self.manager).write(
            {
                "handler_id": self.handler.id,
                "handoff_reference": "FAB-2026-118",
                "amount_extra_costs": 150.0,
                # On proof only (L441-10 II).
                "extra_costs_justification": "Honoraires du commissaire de justice.",
            }
        )
        self.assertEqual(case.amount_total, 12425.68)
        with freeze_time("2026-03-09"):
            case.with_user(self.manager).action_open()
        self.assertEqual(case.state, "open")
        self.assertEqual(case.handoff_date, date(2026, 3, 9))
        self.assertEqual(notice.state, "litigation")
        self.assertEqual(invoice.recovery_level_id, self.level["litigation"])
        self.assertFalse(case.activity_ids)
        self.assertEqual(self.customer.recovery_case_count, 1)
        # The annexes: the invoice, the proof of receipt.
        proof = self.env["ir.attachment"].create(
            {"name": "AR signé.pdf", "raw": b"%PDF-1.4 proof"}
        )
        notice.proof_attachment_ids = proof
        case.with_user(self.manager).action_build_annexes()
        with zipfile.ZipFile(io.BytesIO(case.annex_zip_id.raw)) as archive:
            names = archive.namelist()
            self.assertIn("AR signé.pdf", names)
            self.assertEqual(archive.read("AR signé.pdf"), b"%PDF-1.4 proof")
        self.assertTrue(
            any(name.startswith(invoice.name.replace("/", "-")) for name in names),
            names,
        )
        with self.assertRaisesRegex(UserError, "outcome"):
            case.with_user(self.manager).action_close()
        case.with_user(self.manager).write(
            {"outcome": "recovered", "amount_recovered": 12425.68}
        )
        case.with_user(self.manager).action_close()
        self.assertEqual(case.state, "closed")

    def test_order_for_payment_and_judgment_dates_on_the_file(self):
        _invoice, _notice, case = self._expired(self.customer, 12000.0)
        self.assertEqual(case.route, "injunction")
        # Prepared on 5 March 2026: the order may be issued on either side of
        # 1 September 2026 (décret n° 2026-96).
        self.assertIn("six mois", case.route_notes)
        self.assertIn("trois mois", case.route_notes)
        self.assertIn("L313-3", case.route_notes)
        # Issued 1 September 2026: served by 1 December 2026 (3 months);
        # served 10 September: the two months end at the end of 10 November
        # (CPC 641, 642), without an opposition notice enforceable from
        # 11 November 2026. Enforceable judgment 15 March 2027: legal rate
        # + 5 points from 16 May 2027, the day after the two months (CMF
        # L313-3).
        case.with_user(self.manager).write(
            {
                "injunction_order_date": date(2026, 9, 1),
                "injunction_service_date": date(2026, 9, 10),
                "judgment_enforceable_date": date(2027, 3, 15),
            }
        )
        case = case.with_user(self.user)
        self.assertEqual(case.injunction_service_deadline, date(2026, 12, 1))
        self.assertEqual(case.injunction_enforcement_date, date(2026, 11, 11))
        self.assertEqual(case.legal_rate_increase_date, date(2027, 5, 16))
        notes = " ".join(case.sudo()._recovery_letters()[0].litigation.route_notes)
        self.assertIn("au plus tard le 1er décembre 2026 (trois mois)", notes)
        self.assertIn("à compter du 11 novembre 2026", notes)
        self.assertIn("à compter du 16 mai 2027", notes)
        # The generic L313-3 note gives way to the dated one.
        self.assertEqual(notes.count("L313-3"), 1)
        # Issued 31 August 2026: six months, 28 February 2027.
        case.with_user(self.manager).injunction_order_date = date(2026, 8, 31)
        self.assertEqual(case.injunction_service_deadline, date(2027, 2, 28))
        self.assertFalse(case.injunction_enforcement_date)

    def test_c_900_consumer_no_indemnity_interest_from_receipt(self):
        _invoice, notice, case = self._expired(self.consumer, 900.0)
        self.assertTrue(case.is_consumer)
        self.assertEqual(notice.amount_total, 900.0)
        self.assertEqual(case.amount_principal, 900.0)
        # Legal interest (other creditors, 2.62 % in 2026 H1) from 25 February
        # to 5 March: 900 x 2.62 % x 9 / 365 = 0.58.
        self.assertEqual(case.amount_penalty, 0.58)
        self.assertEqual(case.amount_indemnity, 0.0)
        self.assertEqual(case.amount_total, 900.58)
        self.assertEqual(case.route, "small_claims")
        self.assertIn("tribunal judiciaire", case.route_notes)
        self.assertIn("12948", case.route_notes)
        self.assertIn("750-1", case.prior_amicable_note)
        with self.assertRaisesRegex(ValidationError, "consumer"):
            case.with_user(self.manager).amount_extra_costs = 50.0

    def test_collective_procedure_routes_to_a_declaration_of_claim(self):
        _invoice, notice = self._notice_from_job(
            self.customer, 8000.0, date(2026, 1, 5)
        )
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        self.customer.recovery_collective_procedure = True
        with freeze_time("2026-03-05"):
            self._run()
        case = notice.case_id
        self.assertEqual(case.route, "claim_declaration")
        self.assertEqual(case.amount_penalty, 0.0)
        self.assertEqual(case.amount_indemnity, 0.0)
        self.assertEqual(case.amount_total, 8000.0)

    def test_user_reads_but_cannot_change_a_case(self):
        _invoice, _notice, case = self._expired(self.customer, 3200.0)
        self.assertEqual(case.with_user(self.user).route, "small_claims")
        with self.assertRaises(AccessError):
            case.with_user(self.user).write({"route": "summons"})

    def test_prescription_watch_once_per_invoice(self):
        activity_type = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_prescription"
        )
        # B2B: due 1 April 2021 -> time-barred on 1 April 2026.
        old = self._invoice(self.customer_b, 400.0, date(2021, 3, 1), date(2021, 4, 1))
        # Consumer: due 15 March 2024 -> time-barred on 15 March 2026 (2 years).
        consumer = self._invoice(
            self.consumer, 150.0, date(2024, 3, 1), date(2024, 3, 15)
        )
        # B2B due 15 March 2024: 5 years, far away.
        recent = self._invoice(
            self.customer_b, 90.0, date(2024, 3, 1), date(2024, 3, 15)
        )
        with freeze_time("2026-01-05"):
            self._run()

        def warnings(move):
            return move.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )

        self.assertEqual(warnings(old).date_deadline, date(2026, 4, 1))
        self.assertEqual(warnings(consumer).date_deadline, date(2026, 3, 15))
        self.assertFalse(warnings(recent))
        with freeze_time("2026-01-06"):
            self._run()
        self.assertEqual(len(warnings(old)), 1, "no duplicate on the next run")
        self.assertEqual(len(warnings(consumer)), 1)

    def test_prescription_watch_skips_invoices_in_a_case(self):
        invoice = self._invoice(
            self.customer_b, 400.0, date(2021, 3, 1), date(2021, 4, 1)
        )
        self.env["debt.recovery.case"].create(
            {"partner_id": self.customer_b.id, "invoice_ids": [(6, 0, invoice.ids)]}
        )
        with freeze_time("2026-01-05"):
            self._run()
        self.assertFalse(
            invoice.activity_ids.filtered(
                lambda a: a.activity_type_id.name == "Prescription warning"
            )
        )


@tagged("post_install", "-at_install")
class TestCaseLetter(LettersNoticeCase):
    def test_hand_over_renders_the_file_summary(self):
        self.customer.with_company(self.company).recovery_user_id = self.manager
        invoice, notice = self._notice_from_job(
            self.customer, 12000.0, date(2026, 1, 5)
        )
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        with freeze_time("2026-03-05"):
            self._run()
        case = notice.case_id
        handler = self.env["res.partner"].create(
            {
                "name": "SELARL Fabre & Associés",
                "is_company": True,
                "street": "9 quai Jean-Moulin",
                "zip": "69001",
                "city": "Lyon",
            }
        )
        case.with_user(self.manager).handler_id = handler
        with freeze_time("2026-03-09"):
            case.with_user(self.manager).action_open()
        text = self._text(case.letter_attachment_id.raw)
        for expected in (
            "SELARL Fabre & Associés",
            "Durand Bâtiment SARL",
            invoice.name,
            "Requête en injonction de payer",
            "Tribunal de commerce (ou tribunal des activités économiques) du "
            "ressort de Lyon",
            "Cerfa n° 12946",
            "235,68 €",
            "12 275,68 €",
            "Mise en demeure par lettre recommandée avec accusé de réception "
            "n° 1A 000 000 0001 2",
            "Accusé de réception signé par le débiteur",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Alternatives", text)
        # The annexes gather the notice letter and the file summary too.
        case.with_user(self.manager).action_build_annexes()
        with zipfile.ZipFile(io.BytesIO(case.annex_zip_id.raw)) as archive:
            names = archive.namelist()
        self.assertIn(notice.letter_attachment_id.name, names)
        self.assertIn(case.letter_attachment_id.name, names)
