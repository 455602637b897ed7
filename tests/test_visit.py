"""A step of the ladder made as a visit: an activity "Visit on site" for the
customer's responsible, with the address, a map link and the figures; its
outcome is written in the step's chatter when it is marked as done."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtRecoveryCase


@tagged("post_install", "-at_install")
class TestVisit(DebtRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The phone call of the default ladder becomes a visit.
        cls.visit = cls.level["phone"]
        cls.visit.write({"channel_activity": False, "channel_visit": True})
        cls.customer.recovery_user_id = cls.user
        cls.customer.phone = "+33 4 78 00 00 00"
        cls.invoice = cls._invoice(
            cls.customer, 1200.0, date(2026, 1, 5), date(2026, 2, 5)
        )
        # Already at the amicable reminder: the visit is its next step.
        cls.invoice.sudo().recovery_level_id = cls.level["amicable"]

    def test_visit_activity_with_address_map_and_figures(self):
        with freeze_time("2026-03-05"):
            self.env["debt.recovery.run"]._daily_run(
                today=date(2026, 3, 5), companies=self.company
            )
        step = self._actions(self.customer)
        self.assertEqual(step.level_id, self.visit)
        self.assertEqual(step.channel, "visit")
        self.assertEqual(step.state, "done")
        activity = step.with_user(self.user).activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("l10n_fr_debt_recovery.mail_activity_type_visit"),
        )
        self.assertEqual(activity.user_id, self.user)
        note = str(activity.note)
        self.assertIn("5 avenue Jean Jaurès, 69007, Lyon, France", note)
        self.assertIn(
            "https://www.openstreetmap.org/search?query=5+avenue+Jean+Jaur%C3%A8s",
            note,
        )
        self.assertIn(self.invoice.name, note)
        self.assertIn("+33 4 78 00 00 00", note)
        total = step._recovery_format_claim().replace("\xa0", "&nbsp;")
        self.assertIn(f"Total claimed: {total}", note)
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "debt.recovery.action"),
                    ("res_id", "=", step.id),
                    ("recipient_ids", "in", self.customer.ids),
                ]
            ),
            "a visit sends nothing to the customer",
        )
        # The outcome, as for a phone call: the feedback of the done activity.
        activity.action_feedback(feedback="Reçu un chèque de 600 €, solde le 20/03")
        self.assertIn("Reçu un chèque de 600 €", str(step.message_ids[0].body))

    def test_no_address_fails_with_the_reason(self):
        self.customer.write({"street": False})
        with freeze_time("2026-03-05"):
            self.env["debt.recovery.run"]._daily_run(
                today=date(2026, 3, 5), companies=self.company
            )
        step = self._actions(self.customer)
        self.assertEqual(step.state, "failed")
        self.assertIn("no address to visit", step.failure_reason)
