"""Public buyers on the invoice and the litigation file: the regulated
payment period (CCP L2192-10, R2192-10 to R2192-14), the déchéance
quadriennale (loi n° 68-1250 of 31 December 1968) and the route by kind of
public buyer; the L441-10 I payment-term warning; a missing legal rate that
no longer stops penalties at a contractual rate."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import NoticeCase


@tagged("post_install", "-at_install")
class TestPublicBuyers(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commune = cls._make_customer(
            "Commune de Villeurbanne",
            recovery_customer_type="public",
            recovery_public_kind="state_local",
            zip="69100",
            city="Villeurbanne",
        )

    def _commune_invoice(self, partner=None):
        # Invoiced on 2 March 2026 with a 60-day term: due 1 May 2026.
        return self._invoice(
            partner or self.commune, 12000.0, date(2026, 3, 2), date(2026, 5, 1)
        )

    def test_commune_with_a_60_day_term(self):
        """Worked case (CCP L2192-10, R2192-10, R2192-14, R2192-31): a
        commune may not take more than 30 days from the receipt of the
        payment request. Receipt not recorded: 2 March + 2 days = 4 March;
        + 30 days = 3 April 2026, earlier than the agreed 1 May. On 30 June
        2026: 4 April to 30 June = 27 + 31 + 30 = 88 days at 2,15 % + 8 =
        10,15 %: 12 000 x 10,15 % x 88 / 365 = 293,65 (293,6548), and the
        40 €; with the agreed term it would be 60 days and 200,22."""
        invoice = self._commune_invoice()
        self.assertEqual(self.commune.recovery_public_payment_days, 30)
        with freeze_time("2026-06-30"):
            invoice = invoice.with_user(self.user)
            self.assertEqual(invoice.recovery_interest_due_date, date(2026, 4, 3))
            self.assertEqual(invoice.recovery_days_overdue, 88)
            self.assertEqual(invoice.recovery_penalty_amount, 293.65)
            self.assertEqual(invoice.recovery_indemnity_amount, 40.0)
            # Not a professional's invoice: no L441-10 I warning.
            self.assertFalse(invoice.recovery_term_warning)
        # Chorus Pro notified the deposit on 10 March (R2192-12): due on
        # 9 April; 10 April to 30 June = 21 + 31 + 30 = 82 days:
        # 12 000 x 10,15 % x 82 / 365 = 273,63 (273,6329).
        with freeze_time("2026-06-30"), Form(invoice.with_user(self.user)) as form:
            form.recovery_payment_request_date = date(2026, 3, 10)
        invoice.invalidate_recordset()
        with freeze_time("2026-06-30"):
            invoice = invoice.with_user(self.user)
            self.assertEqual(invoice.recovery_interest_due_date, date(2026, 4, 9))
            self.assertEqual(invoice.recovery_days_overdue, 82)
            self.assertEqual(invoice.recovery_penalty_amount, 273.63)

    def test_health_establishment_has_50_days(self):
        # R2192-11 1°: 4 March (2 March + 2 days) + 50 days = 23 April 2026.
        hospital = self._make_customer(
            "Centre hospitalier de Vienne",
            recovery_customer_type="public",
            recovery_public_kind="health",
        )
        self.assertEqual(hospital.recovery_public_payment_days, 50)
        invoice = self._commune_invoice(hospital)
        with freeze_time("2026-06-30"):
            self.assertEqual(invoice.recovery_interest_due_date, date(2026, 4, 23))

    def test_commune_claim_of_march_2026_prescribed_31_december_2030(self):
        """Worked case (loi n° 68-1250, art. 1 and 2): the claim arose in
        2026 (due 1 May 2026): four years from 1 January 2027, prescribed at
        the end of 31 December 2030 (a company would have five years from
        the due date: 1 May 2031). The formal notice sent on 11 January 2027
        is a written payment request: a new period from 1 January 2028,
        prescribed at the end of 31 December 2031."""
        invoice = self._commune_invoice()
        company_invoice = self._commune_invoice(self.customer)
        with freeze_time("2026-06-30"):
            self.assertEqual(
                invoice.with_user(self.user).recovery_prescription_date,
                date(2030, 12, 31),
            )
            self.assertEqual(
                company_invoice.recovery_prescription_date, date(2031, 5, 1)
            )
        with freeze_time("2027-01-10"):
            invoice.with_user(self.user).action_create_recovery_notice()
            notice = invoice.recovery_notice_ids
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2027, 1, 11), date(2027, 1, 13))
        self.assertEqual(notice.sent_date, date(2027, 1, 11))
        invoice.invalidate_recordset()
        with freeze_time("2027-01-20"):
            self.assertEqual(
                invoice.with_user(self.user).recovery_prescription_date,
                date(2031, 12, 31),
            )

    def test_route_by_kind_of_public_buyer(self):
        """Chorus Pro or not, the route follows the kind: the State or a
        local authority goes to the administrative judge (no order for
        payment); an EPIC's private-law contract to the ordinary courts,
        without seizure; a public undertaking organised as a company is a
        company like any other."""
        Case = self.env["debt.recovery.case"]
        for kind, public_debtor, merchant in (
            ("state_local", True, False),
            ("health", True, False),
            ("epic", False, False),
            ("company", False, True),
        ):
            partner = self._make_customer(
                f"Acheteur {kind}",
                recovery_customer_type="public",
                recovery_public_kind=kind,
            )
            invoice = self._invoice(
                partner, 12000.0, date(2026, 1, 5), date(2026, 1, 5)
            )
            with freeze_time("2026-10-01"):
                case = Case.create(
                    {"partner_id": partner.id, "invoice_ids": [(6, 0, invoice.ids)]}
                )
                case._compute_amounts(date(2026, 10, 1))
                self.assertEqual(case.public_debtor, public_debtor, kind)
                self.assertEqual(case.debtor_merchant, merchant, kind)
                suggestion = case._suggestion()
            if kind in ("state_local", "health"):
                self.assertEqual(suggestion.route, "public_claim", kind)
            elif kind == "epic":
                self.assertEqual(suggestion.route, "injunction")
                self.assertIn("insaisissables", " ".join(suggestion.notes))
                self.assertIn("tribunal judiciaire", suggestion.court.lower())
            else:
                self.assertEqual(suggestion.route, "uncontested")
                self.assertNotIn("insaisissables", " ".join(suggestion.notes))

    def test_public_buyer_of_unknown_kind_is_asked_to_be_checked(self):
        """A public buyer whose kind is not set (recognised from Chorus Pro,
        which public undertakings organised as companies use too): 30 days,
        the administrative route by default, and the file says to check the
        kind."""
        partner = self._make_customer(
            "Acheteur Chorus", recovery_customer_type="public"
        )
        self.assertFalse(partner.recovery_public_kind)
        self.assertEqual(partner.recovery_public_payment_days, 30)
        invoice = self._invoice(partner, 12000.0, date(2026, 1, 5), date(2026, 1, 5))
        with freeze_time("2026-10-01"):
            case = self.env["debt.recovery.case"].create(
                {"partner_id": partner.id, "invoice_ids": [(6, 0, invoice.ids)]}
            )
            case._compute_amounts(date(2026, 10, 1))
            case._suggest_route()
        self.assertTrue(case.public_debtor)
        self.assertEqual(case.route, "public_claim")
        self.assertIn(
            "Chorus Pro ne fait pas du client une personne publique", case.route_notes
        )

    def test_payment_term_warning_between_professionals(self):
        """C. com. L441-10 I: invoiced on 15 January 2026, the latest due
        date allowed is 31 March 2026 (45 days end of month); due on 15 April
        2026 the invoice warns, never blocks (it was posted)."""
        late = self._invoice(self.customer, 500.0, date(2026, 1, 15), date(2026, 4, 15))
        fine = self._invoice(self.customer, 500.0, date(2026, 1, 15), date(2026, 3, 31))
        consumer = self._invoice(
            self.consumer, 500.0, date(2026, 1, 15), date(2026, 4, 15)
        )
        self.assertEqual(late.state, "posted")
        warning = late.with_user(self.user).recovery_term_warning
        self.assertIn("L441-10 I", warning)
        self.assertIn(format_date(self.env, date(2026, 3, 31)), warning)
        self.assertFalse(fine.recovery_term_warning)
        self.assertFalse(consumer.recovery_term_warning)

    def test_missing_legal_rate_does_not_stop_contractual_penalties(self):
        """A contractual rate of 15 % (above 3 x 2,62 % = 7,86 % in 2026 H1):
        the legal rate of 2026 H2 is not entered yet. The penalties are
        computed all the same, the unchecked floor is said. Due 30 June
        2026, on 31 July 2026: 1 000 x 15 % x 31 / 365 = 12,74 (12,7397)."""
        self.company.write(
            {
                "debt_recovery_rate_mode": "contractual",
                "debt_recovery_contractual_rate": 15.0,
            }
        )
        Rate = self.env["debt.recovery.rate"].sudo()
        Rate.search([("date_start", ">=", date(2026, 7, 1))]).unlink()
        # The ECB rate of 2026 H2 is there (the updater fetches it); not the
        # legal rates.
        Rate.create({"series": "ecb", "date_start": date(2026, 7, 1), "rate": 2.15})
        invoice = self._invoice(
            self.customer, 1000.0, date(2026, 6, 1), date(2026, 6, 30)
        )
        with freeze_time("2026-07-31"):
            invoice = invoice.with_user(self.user)
            self.assertFalse(invoice.recovery_penalty_error)
            self.assertEqual(invoice.recovery_penalty_amount, 12.74)
            self.assertIn("2e semestre 2026", invoice.recovery_penalty_warning)
            self.assertIn("non vérifié", invoice.recovery_penalty_warning)
        # The daily job prompts a manager to enter the missing legal rates.
        activity_type = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_legal_rates"
        )
        with freeze_time("2026-07-31"):
            self._run()
        activity = self.env["mail.activity"].search(
            [("activity_type_id", "=", activity_type.id)]
        )
        self.assertEqual(
            activity.summary, "Enter the legal rates of the 2e semestre 2026"
        )
