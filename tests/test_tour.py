from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DebtRecoveryCase


@tagged("post_install", "-at_install")
class TestWorklistTour(DebtRecoveryCase, HttpCase):
    """In a browser, a recovery user opens the worklist, opens a customer's
    processing wizard and sends the courtesy reminder due today."""

    def test_worklist_tour(self):
        today = fields.Date.today()
        customer = self._make_customer("Tour Client SARL")
        due = today - timedelta(days=5)
        invoice = self._invoice(customer, 750.0, due - timedelta(days=30), due)
        customer._recovery_refresh_status(self.company, today)
        self.start_tour(
            "/odoo/action-l10n_fr_debt_recovery.res_partner_action_recovery_worklist",
            "l10n_fr_debt_recovery_worklist_tour",
            login=self.user.login,
        )
        action = self._actions(customer)
        self.assertEqual(action.level_id, self.level["courtesy"])
        self.assertEqual(action.state, "done")
        self.assertEqual(action.invoice_ids, invoice)
        self.assertEqual(action.mail_id.state, "outgoing")
