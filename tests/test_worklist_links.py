from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import DebtRecoveryCase

TODAY = date(2026, 3, 2)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestWorklistLinks(DebtRecoveryCase):
    """The worklist shows the plans, notices and litigation files, and its
    processing wizard opens the plan wizard and prepares a formal notice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv = cls._invoice(cls.customer, 1000.0, date(2026, 1, 10))
        cls.inv_b = cls._invoice(cls.customer_b, 600.0, date(2026, 1, 20))
        cls.env["debt.recovery.customer.status"]._refresh(
            (cls.customer | cls.customer_b), cls.company, TODAY
        )

    def _wizard(self, partners):
        return Form(
            self.env["debt.recovery.process"]
            .with_user(self.user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
        ).save()

    def _markers(self, partner):
        """The "Situation" column of the customer's worklist line."""
        line = (
            self.env["debt.recovery.worklist"]
            .with_user(self.user)
            .search([("partner_id", "=", partner.id)])
        )
        self.assertEqual(len(line), 1)
        return line.markers

    def test_prepare_notice_from_the_wizard(self):
        wizard = self._wizard(self.customer)
        self.assertTrue(wizard.notice_available)
        wizard.action_prepare_notice()
        notice = self.env["debt.recovery.notice"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(notice.state, "draft")
        self.assertEqual(notice.invoice_ids, self.inv)
        self.assertIn(notice.name, self._markers(self.customer))
        line = self.env["debt.recovery.worklist"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertTrue(line.notice_in_progress)
        self.assertTrue(line.at_notice)
        self.assertEqual(line.urgency_group, 2, "at the formal notice: first")
        self.assertNotIn(notice.name, self._markers(self.customer_b) or "")

    def test_propose_plan_opens_the_plan_wizard_for_the_customer(self):
        action = self._wizard(self.customer).action_propose_plan()
        self.assertEqual(action["res_model"], "debt.recovery.plan.wizard")
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_one_customer_at_a_time(self):
        wizard = self._wizard(self.customer | self.customer_b)
        self.assertFalse(wizard.plan_available)
        self.assertFalse(wizard.notice_available)
        with self.assertRaises(UserError):
            wizard.action_prepare_notice()

    def test_send_the_statement_by_email(self):
        action = self._wizard(self.customer).action_send_statement()
        composer = Form(
            self.env[action["res_model"]]
            .with_user(self.user)
            .with_context(**action["context"])
        )
        self.assertIn("account statement", composer.subject)
        composer = composer.save()
        statement = composer.attachment_ids
        self.assertEqual(len(statement), 1)
        self.assertEqual(statement.mimetype, "application/pdf")
        composer.action_send_mail()
        message = self.customer.message_ids[:1]
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        self.assertIn(self.customer, message.partner_ids)
