from datetime import timedelta

from odoo import Command, fields
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


@tagged("post_install", "-at_install")
class TestSalespersonTour(DebtRecoveryCase, HttpCase):
    """In a browser, a plain salesperson opens the quotation of a suspended
    customer and asks for an exception; any client error fails the tour."""

    def test_salesperson_asks_for_an_exception(self):
        salesman = self._make_user("tour_salesman", "sales_team.group_sale_salesman")
        approver = self._make_user(
            "tour_sale_override",
            "sales_team.group_sale_salesman_all_leads,"
            "l10n_fr_debt_recovery.group_debt_recovery_sale_override",
        )
        customer = self._make_customer("Client Suspendu SAS")
        self.env["debt.recovery.suspension.override"].with_user(self.manager).create(
            {"partner_id": customer.id, "mode": "suspend", "reason": "Impayés"}
        ).action_apply()
        product = self.env["product.product"].create({"name": "Maintenance"})
        order = (
            self.env["sale.order"]
            .with_user(salesman)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
        )
        self.start_tour(
            f"/odoo/sale.order/{order.id}",
            "l10n_fr_debt_recovery_sale_tour",
            login=salesman.login,
        )
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertIn(approver, activities.user_id)
        self.assertEqual(order.state, "draft")
