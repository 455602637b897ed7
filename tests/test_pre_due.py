"""The reminder before the due date: an optional step with a negative delay,
for the customers who asked for it; it never delays the ladder's letters and
never makes an invoice late."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DebtRecoveryCase


@tagged("post_install", "-at_install")
class TestPreDue(DebtRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pre_due = cls.Level.create(
            {
                "company_id": cls.company.id,
                "code": "pre_due",
                "name": "Rappel avant échéance",
                "sequence": 5,
                "delay_days": -5,
                "channel_email": True,
            }
        )
        cls.customer.recovery_pre_due_reminder = True
        # Due on 10 March: the reminder is due on 5 March.
        cls.invoice = cls._invoice(
            cls.customer, 300.0, date(2026, 2, 10), date(2026, 3, 10)
        )
        cls.invoice_b = cls._invoice(
            cls.customer_b, 200.0, date(2026, 2, 10), date(2026, 3, 10)
        )

    def _daily(self, day):
        with freeze_time(day):
            self.env["debt.recovery.run"]._daily_run(today=day, companies=self.company)

    def test_off_by_default(self):
        """Not in the default ladder; a customer does not get it unless asked."""
        self.assertNotIn("pre_due", self.level)
        self.assertFalse(
            self._make_customer("Nouveau Client SA").recovery_pre_due_reminder
        )

    def test_reminder_before_the_due_date_then_the_ladder_as_usual(self):
        self._daily(date(2026, 3, 4))
        self.assertFalse(self._actions(), "6 days before the due date: too early")
        self._daily(date(2026, 3, 5))
        step = self._actions(self.customer)
        self.assertEqual(step.level_id, self.pre_due)
        self.assertEqual(step.channel, "email")
        self.assertEqual(step.state, "done")
        self.assertEqual(step.invoice_ids, self.invoice)
        sent = self.env["mail.message"].search(
            [("subject", "ilike", "soon due"), ("partner_ids", "in", self.customer.ids)]
        )
        self.assertEqual(len(sent), 1)
        self.assertIn("will soon fall due", str(sent.body))
        self.assertFalse(self._actions(self.customer_b), "the customer did not ask")
        # Not late: not on the worklist, no overdue amount.
        self.assertFalse(
            self.customer.with_company(self.company).recovery_overdue_amount
        )
        worklist = (
            self.env["debt.recovery.worklist"]
            .with_user(self.user)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertFalse(worklist)
        # The ladder's first step stays three days after the due date: the
        # reminder does not count for the 7-day gap between letters.
        self.assertEqual(self.invoice.recovery_next_level_id, self.level["courtesy"])
        self.assertEqual(self.invoice.recovery_next_date, date(2026, 3, 13))
        self._daily(date(2026, 3, 6))
        self.assertEqual(len(self._actions(self.customer)), 1, "sent once")
        self._daily(date(2026, 3, 13))
        steps = self._actions(self.customer)
        self.assertEqual(steps.level_id.mapped("code"), ["pre_due", "courtesy"])

    def test_not_sent_for_a_paid_invoice(self):
        self._pay(self.invoice, pay_date=date(2026, 3, 1))
        self._daily(date(2026, 3, 5))
        self.assertFalse(self._actions(self.customer))

    def test_none_without_email_address(self):
        """A reminder that could not leave would fail and hold the invoice
        on the ladder: a customer without email address gets none."""
        self.customer.email = False
        self._daily(date(2026, 3, 5))
        self.assertFalse(self._actions(self.customer))

    def test_only_a_friendly_email(self):
        """Before the due date nothing is owed: no letter, no penalties."""
        with self.assertRaises(ValidationError):
            self.pre_due.claim_penalties = True
        with self.assertRaises(ValidationError):
            self.pre_due.channel_letter = True
        with self.assertRaises(ValidationError):
            self.level["courtesy"].code = "pre_due"

    def test_customer_asks_for_it_from_its_form(self):
        form = Form(
            self.customer_b.with_user(self.user).with_company(self.company),
            view="l10n_fr_debt_recovery.res_partner_view_form",
        )
        form.recovery_pre_due_reminder = True
        form.save()
        self.assertTrue(self.customer_b.recovery_pre_due_reminder)
