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
        (cls.customer | cls.customer_b)._recovery_refresh_status(cls.company, TODAY)

    def _wizard(self, partners):
        return Form(
            self.env["debt.recovery.process"]
            .with_user(self.user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
        ).save()

    def test_prepare_notice_from_the_wizard(self):
        wizard = self._wizard(self.customer)
        self.assertTrue(wizard.notice_available)
        wizard.action_prepare_notice()
        notice = self.env["debt.recovery.notice"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(notice.state, "draft")
        self.assertEqual(notice.invoice_ids, self.inv)
        markers = self.customer.with_user(self.user).recovery_markers
        self.assertIn(notice.name, markers)
        self.assertNotIn(
            notice.name, self.customer_b.with_user(self.user).recovery_markers or ""
        )

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
