"""Prescription on the invoice: start from the completion of the works
(L218-2 C. conso., Cass. 3e civ. 1 March 2023 n° 21-23.176), suspension by
mediation (C. civ. 2238), interruption by a claim in court recorded on the
litigation file (C. civ. 2241, 2242), and the prescription watch."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import NoticeCase


@tagged("post_install", "-at_install")
class TestPrescription(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = cls._make_user(
            "plain_accountant", "account.group_account_invoice"
        )

    def _consumer_invoice(self):
        # Works completed on 10 January 2025, invoiced on 20 February 2025,
        # due 30 days later (22 March 2025).
        return self._invoice(
            self.consumer, 1800.0, date(2025, 2, 20), date(2025, 3, 22)
        )

    def _set(self, invoice, user, **values):
        with freeze_time("2026-10-15"), Form(invoice.with_user(user)) as form:
            for name, value in values.items():
                setattr(form, name, value)
        invoice.invalidate_recordset()

    def test_consumer_whose_works_ended_before_the_invoice(self):
        invoice = self._consumer_invoice()
        with freeze_time("2026-10-15"):
            # Without the completion date: the due date, + 2 years.
            self.assertEqual(invoice.recovery_prescription_start, date(2025, 3, 22))
            self.assertEqual(invoice.recovery_prescription_date, date(2027, 3, 22))
        self._set(invoice, self.user, recovery_completion_date=date(2025, 1, 10))
        with freeze_time("2026-10-15"):
            # From the completion: 10 January 2025 + 2 years = 10 January 2027.
            self.assertEqual(invoice.recovery_prescription_start, date(2025, 1, 10))
            self.assertEqual(invoice.recovery_prescription_date, date(2027, 1, 10))
            self.assertFalse(invoice.recovery_prescription_note)

    def test_the_watch_warns_from_the_completion_date(self):
        invoice = self._consumer_invoice()
        activity_type = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_prescription"
        )

        def warning():
            return invoice.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )

        # 15 October 2026, 90 days' warning: the due date gives 22 March
        # 2027, 158 days away: no warning yet.
        with freeze_time("2026-10-15"):
            self._run()
        self.assertFalse(warning())
        # The works ended on 10 January 2025: time-barred on 10 January 2027,
        # 87 days away: warned, with that deadline.
        self._set(invoice, self.user, recovery_completion_date=date(2025, 1, 10))
        with freeze_time("2026-10-16"):
            self._run()
        self.assertEqual(warning().date_deadline, date(2027, 1, 10))

    def test_mediation_suspends_the_prescription(self):
        invoice = self._consumer_invoice()
        self._set(
            invoice,
            self.user,
            recovery_completion_date=date(2025, 1, 10),
            recovery_mediation_start=date(2026, 9, 1),
        )
        with freeze_time("2026-10-15"):
            # Mediation under way: prescription does not run.
            self.assertFalse(invoice.recovery_prescription_date)
            self.assertIn(
                "mediation under way since", invoice.recovery_prescription_note
            )
        self._set(invoice, self.user, recovery_mediation_end=date(2026, 11, 30))
        with freeze_time("2026-12-01"):
            # 10 Jan. 2027 + 90 days suspended (1 Sept. - 30 Nov. 2026) =
            # 10 April 2027, but at least 6 months from the end of the
            # mediation: 30 May 2027.
            self.assertEqual(invoice.recovery_prescription_date, date(2027, 5, 30))
            self.assertIn("art. 2238", invoice.recovery_prescription_note)

    def test_mediation_dates_checked_and_kept_for_recovery_users(self):
        invoice = self._consumer_invoice()
        with self.assertRaises(ValidationError):
            invoice.with_user(self.user).write(
                {
                    "recovery_mediation_start": date(2026, 9, 1),
                    "recovery_mediation_end": date(2026, 8, 1),
                }
            )
        with self.assertRaises(AccessError):
            invoice.with_user(self.accountant).write(
                {"recovery_mediation_start": date(2026, 9, 1)}
            )

    def test_court_claim_on_the_file_interrupts(self):
        invoice = self._consumer_invoice()
        case = self.env["debt.recovery.case"].create(
            {"partner_id": self.consumer.id, "invoice_ids": [(6, 0, invoice.ids)]}
        )
        case.with_user(self.manager).court_claim_date = date(2026, 12, 1)
        with freeze_time("2027-01-05"):
            invoice.invalidate_recordset()
            # Pending instance: the interruption lasts (art. 2242).
            self.assertFalse(invoice.recovery_prescription_date)
            self.assertIn("claim in court of", invoice.recovery_prescription_note)
        case.with_user(self.manager).instance_end_date = date(2027, 6, 15)
        with freeze_time("2027-06-20"):
            invoice.invalidate_recordset()
            # A new 2-year period from the end of the instance.
            self.assertEqual(invoice.recovery_prescription_date, date(2029, 6, 15))
        case.with_user(self.manager).claim_void = True
        with freeze_time("2027-06-20"):
            invoice.invalidate_recordset()
            # Withdrawn / dismissed: the interruption is void (art. 2243).
            self.assertEqual(invoice.recovery_prescription_date, date(2027, 3, 22))
        with self.assertRaises(ValidationError):
            case.with_user(self.manager).instance_end_date = date(2026, 11, 1)
