"""Prevention on the sales side: new quotations of customers at risk ask for
a prepayment through Odoo's online payment of quotations; a salesperson sees
why and cannot confirm before it is paid; paid online (Odoo's test payment
provider) the order confirms itself; a user of the override group may waive
it with a logged reason. A customer in good standing: nothing changes."""

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import html2plaintext

from ..models.res_partner import INTERNAL_CONTEXT_KEY, ServerOnly
from ..tools import payer_score
from .common import DebtRecoveryCase

OVERRIDE_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_sale_override"


@tagged("post_install", "-at_install")
class TestPrepayment(DebtRecoveryCase, HttpCase):
    @classmethod
    def default_env_context(cls):
        # The chatter is part of what is tested.
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "debt_recovery_prepayment_rule": True,
                "debt_recovery_prepayment_percent": 0.3,
                # The company's usual terms: a signature, no payment.
                "portal_confirmation_pay": False,
                "prepayment_percent": 1.0,
            }
        )
        cls.salesman = cls._make_user(
            "prepay_salesman", "sales_team.group_sale_salesman", name="Sam Vendeur"
        )
        cls.approver = cls._make_user(
            "prepay_approver",
            f"sales_team.group_sale_salesman_all_leads,{OVERRIDE_GROUP}",
            name="Claire Directrice",
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Escalier chêne",
                "type": "service",
                "list_price": 1000.0,
                "taxes_id": [Command.clear()],
            }
        )
        # At risk: a receivership opened two months ago (recorded by the
        # superuser, as a recovery manager would).
        cls.opened = fields.Date.today() - timedelta(days=60)
        cls.customer.write(
            {
                "recovery_collective_procedure": True,
                "recovery_collective_procedure_date": cls.opened,
                "recovery_collective_procedure_type": "receivership",
            }
        )
        # In good standing.
        cls.good = cls.customer_b

    def _quotation(self, user, partner=None):
        form = Form(self.env["sale.order"].with_user(user))
        form.partner_id = partner or self.customer
        with form.order_line.new() as line:
            line.product_id = self.product
        return form

    def _messages(self, record):
        return [html2plaintext(m.body) for m in record.message_ids]

    def _suspend(self, partner, **vals):
        """Write the suspension as the suspension rule does."""
        partner.sudo().with_context(**{INTERNAL_CONTEXT_KEY: ServerOnly}).write(vals)

    # ---- A salesperson's quotation ----

    def test_salesperson_quotation_asks_prepayment_and_says_why(self):
        form = self._quotation(self.salesman)
        self.assertTrue(
            form.recovery_prepayment_required, "shown as soon as the customer is chosen"
        )
        self.assertIn(
            "Collective procedure (Receivership)", form.recovery_prepayment_reasons
        )
        order = form.save()
        self.assertEqual(order.user_id, self.salesman)
        self.assertTrue(order.require_payment)
        self.assertEqual(order.prepayment_percent, 0.3)
        self.assertTrue(order.recovery_prepayment_required)
        self.assertEqual(order.recovery_prepayment_percent, 0.3)
        self.assertTrue(order.recovery_prepayment_due)
        self.assertEqual(order.recovery_prepayment_amount, 300.0)
        self.assertIn(
            "Collective procedure (Receivership) opened on",
            order.recovery_prepayment_reasons,
        )
        # What the form shows the salesperson: the banner, no Confirm, no waiver.
        arch = order.get_view(view_type="form")["arch"]
        self.assertIn("Prepayment required: customer at risk of non-payment", arch)
        self.assertRegex(
            arch, r'name="action_confirm"[^>]*invisible="[^"]*recovery_prepayment_due'
        )
        self.assertNotIn("action_recovery_waive_prepayment", arch)
        self.assertIn(
            "action_recovery_waive_prepayment",
            order.with_user(self.approver).get_view(view_type="form")["arch"],
        )
        # The sales staff read no recovery record.
        with self.assertRaises(AccessError):
            self.env["debt.recovery.notice"].with_user(self.salesman).search([])

    def test_confirmation_refused_until_paid(self):
        order = self._quotation(self.salesman).save()
        with self.assertRaises(UserError) as error:
            order.action_confirm()
        message = str(error.exception)
        self.assertIn("at risk of non-payment", message)
        self.assertIn("Collective procedure (Receivership)", message)
        self.assertIn("300.00", message)
        self.assertIn("Debt Recovery: confirm orders of suspended customers", message)
        # nor by writing the state (import), nor by switching the payment off
        with self.assertRaises(UserError):
            order.write({"state": "sale"})
        with self.assertRaises(UserError):
            order.write({"require_payment": False})
        with self.assertRaises(UserError):
            order.write({"prepayment_percent": 0.1})
        # nor by writing the waiver itself (RPC)
        with self.assertRaises(UserError):
            order.write(
                {
                    "recovery_prepayment_waived_on": fields.Datetime.now(),
                    "recovery_prepayment_waiver_reason": "je force",
                }
            )
        with self.assertRaises(UserError):
            self.env["sale.order"].with_user(self.salesman).create(
                {
                    "partner_id": self.customer.id,
                    "state": "sale",
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.recovery_prepayment_waived_on)
        # A higher prepayment is fine.
        order.write({"prepayment_percent": 0.5})
        self.assertEqual(order.prepayment_percent, 0.5)

    def test_paid_online_by_the_customer_confirms(self):
        order = self._quotation(self.salesman).save()
        order.with_user(self.salesman).action_quotation_sent()
        provider, method = self._demo_provider()
        # The customer opens the quotation's link, as a visitor.
        self.authenticate(None, None)
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(order.name, response.text)

        def pay(amount):
            values = self.make_jsonrpc_request(
                f"/my/orders/{order.id}/transaction",
                {
                    "provider_id": provider.id,
                    "payment_method_id": method.id,
                    "token_id": None,
                    "amount": amount,
                    "flow": "direct",
                    "tokenization_requested": False,
                    "landing_route": order.get_portal_url(),
                    "access_token": order.access_token,
                },
            )
            self.make_jsonrpc_request(
                "/payment/demo/simulate_payment",
                {
                    "reference": values["reference"],
                    "payment_details": "4242",
                    "simulated_state": "done",
                },
            )
            tx = (
                self.env["payment.transaction"]
                .sudo()
                .search([("reference", "=", values["reference"])])
            )
            tx._post_process()
            return tx

        # Less than the prepayment: still a quotation, still refused.
        pay(100.0)
        self.assertEqual(order.state, "sent")
        self.assertTrue(order.recovery_prepayment_due)
        with self.assertRaises(UserError) as error:
            order.with_user(self.salesman).action_confirm()
        self.assertIn("100.00", str(error.exception))
        # The rest of the prepayment: Odoo's payment flow confirms the order.
        tx = pay(200.0)
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.recovery_prepayment_due)
        self.assertEqual(order.amount_paid, 300.0)
        self.assertEqual(tx.sale_order_ids, order)

    @freeze_time("2026-12-07 10:00:00")
    def test_manager_waives_with_a_logged_reason(self):
        order = self._quotation(self.salesman).save()
        action = order.with_user(self.approver).action_recovery_waive_prepayment()
        self.assertEqual(action["res_model"], "debt.recovery.prepayment.waiver")
        Wizard = self.env[action["res_model"]].with_user(self.approver)
        form = Form(Wizard.with_context(**action["context"]))
        self.assertEqual(form.prepayment_amount, 300.0)
        with self.assertRaises(AssertionError):
            form.save()  # the reason is mandatory
        form.reason = "Client historique, virement convenu avec son gérant"
        form.save().action_waive()
        self.assertEqual(order.recovery_prepayment_waived_by_id, self.approver)
        self.assertEqual(
            order.recovery_prepayment_waived_on,
            fields.Datetime.to_datetime("2026-12-07 10:00:00"),
        )
        self.assertEqual(
            order.recovery_prepayment_waiver_reason,
            "Client historique, virement convenu avec son gérant",
        )
        self.assertFalse(order.recovery_prepayment_due)
        # Back to the company's usual terms.
        self.assertFalse(order.require_payment)
        logged = [m for m in self._messages(order) if "Prepayment waived" in m]
        self.assertEqual(len(logged), 1)
        self.assertIn("Claire Directrice", logged[0])
        self.assertIn("Dec 7, 2026", logged[0])
        self.assertIn("virement convenu", logged[0])
        # Another contact of the same customer keeps the waiver.
        contact = self.env["res.partner"].create(
            {"name": "Paul Durand", "parent_id": self.customer.id}
        )
        order.with_user(self.salesman).partner_id = contact
        self.assertEqual(order.recovery_prepayment_waived_by_id, self.approver)
        self.assertFalse(order.recovery_prepayment_due)
        # The salesperson now confirms it.
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        # Waiving twice, or a quotation that needs nothing: refused.
        with self.assertRaises(UserError):
            order.with_user(self.approver)._recovery_waive_prepayment("encore")

    def test_salesperson_cannot_waive(self):
        order = self._quotation(self.salesman).save()
        with self.assertRaises(AccessError):
            self.env["debt.recovery.prepayment.waiver"].with_user(self.salesman).create(
                {"order_id": order.id, "reason": "je force"}
            )
        with self.assertRaises(AccessError):
            order.with_user(self.salesman)._recovery_waive_prepayment("je force")
        with self.assertRaises(UserError):
            order.with_user(self.approver)._recovery_waive_prepayment("  ")
        self.assertTrue(order.recovery_prepayment_due)
        self.assertFalse([m for m in self._messages(order) if "Prepayment waived" in m])

    # ---- Customers in good standing ----

    def test_good_standing_customer_nothing_changes(self):
        self.company.write({"portal_confirmation_pay": True, "prepayment_percent": 0.5})
        form = self._quotation(self.salesman, partner=self.good)
        self.assertFalse(form.recovery_prepayment_required)
        order = form.save()
        self.assertFalse(order.recovery_prepayment_required)
        self.assertFalse(order.recovery_prepayment_reasons)
        self.assertTrue(order.require_payment, "the company's usual terms")
        self.assertEqual(order.prepayment_percent, 0.5)
        self.assertFalse(order.recovery_prepayment_due)
        # The salesperson's own choice stays.
        order.write({"require_payment": False})
        order.write({"client_order_ref": "BC-12"})
        self.assertFalse(order.require_payment)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_customer_changed(self):
        order = self._quotation(self.salesman, partner=self.good).save()
        self.assertFalse(order.require_payment)
        order.with_user(self.salesman).partner_id = self.customer
        self.assertTrue(order.recovery_prepayment_required)
        self.assertTrue(order.require_payment)
        self.assertEqual(order.prepayment_percent, 0.3)
        # Back to a customer in good standing: the company's usual terms.
        order.with_user(self.salesman).partner_id = self.good
        self.assertFalse(order.recovery_prepayment_required)
        self.assertFalse(order.recovery_prepayment_reasons)
        self.assertFalse(order.require_payment)
        self.assertEqual(order.prepayment_percent, 1.0)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_changed_customer_drops_the_waiver(self):
        order = self._quotation(self.salesman).save()
        order.with_user(self.approver)._recovery_waive_prepayment("Acompte reçu")
        self.assertFalse(order.recovery_prepayment_due)
        other = self._make_customer(
            "Autre Redressement SAS",
            recovery_collective_procedure=True,
            recovery_collective_procedure_date=self.opened,
        )
        order.with_user(self.salesman).partner_id = other
        self.assertTrue(order.recovery_prepayment_due)
        self.assertFalse(order.recovery_prepayment_waived_on)
        self.assertTrue(order.require_payment)
        self.assertTrue(
            any("no longer applies" in body for body in self._messages(order))
        )
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_confirm()

    def test_rule_off_by_default(self):
        company = self._create_company(name="Sans règle")
        self.assertFalse(company.debt_recovery_prepayment_rule)
        self.assertEqual(company.debt_recovery_prepayment_percent, 0.3)
        self.company.debt_recovery_prepayment_rule = False
        order = self._quotation(self.salesman).save()
        self.assertFalse(order.recovery_prepayment_required)
        self.assertFalse(order.require_payment)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    # ---- The risk decision ----

    @freeze_time("2026-12-07")
    def test_risk_criteria_and_settings(self):
        Partner = self.env["res.partner"]
        suspended = self._make_customer("Suspendu SARL")
        lifted = self._make_customer("Ancien Suspendu SAS")
        lifted_long_ago = self._make_customer("Très Ancien SAS")
        noticed = self._make_customer("Mise en Demeure SA")
        graded = self._make_customer("Mauvais Payeur SARL")
        self._suspend(
            suspended,
            recovery_suspended=True,
            recovery_suspended_since="2026-11-02 09:00:00",
            recovery_suspension_reason="Factures impayées",
        )
        self._suspend(lifted, recovery_suspension_lifted_on="2026-03-01 09:00:00")
        self._suspend(
            lifted_long_ago, recovery_suspension_lifted_on="2025-12-06 09:00:00"
        )
        notice = self.env["debt.recovery.notice"].create(
            {"partner_id": noticed.id, "company_id": self.company.id}
        )
        self.env.cr.execute(
            "UPDATE debt_recovery_notice SET state = 'sent', sent_date = %s "
            "WHERE id = %s",
            ("2026-04-15", notice.id),
        )
        self.env.invalidate_all()
        everyone = (
            suspended | lifted | lifted_long_ago | noticed | graded | self.good
        ) | self.customer
        grades = {
            graded.id: ("D", [(payer_score.BROKEN_PROMISES, 3)]),
            self.good.id: ("B", []),
        }
        with patch.object(
            type(self.env["debt.recovery.payer.score"]), "_grades", return_value=grades
        ) as payer_grades:
            risks = (
                self.env["debt.recovery.customer.risk"]
                .with_user(self.salesman)
                ._risks(everyone, self.company)
            )
        payer_grades.assert_called_once()
        self.assertEqual(
            risks,
            {
                suspended.id: ["Suspended for non-payment since 11/02/2026"],
                lifted.id: ["Suspended for non-payment until 03/01/2026"],
                noticed.id: ["Formal notice sent on 04/15/2026"],
                graded.id: ["Payer score D: 3 promise(s) to pay not kept"],
                self.customer.id: [
                    "Collective procedure (Receivership) opened on %s"
                    % self.opened.strftime("%m/%d/%Y")
                ],
            },
        )
        # A contact stands for its company.
        contact = Partner.create({"name": "Jean Suspendu", "parent_id": suspended.id})
        self.assertIn(
            suspended.id,
            self.env["debt.recovery.customer.risk"]._risks(contact, self.company),
        )
        # Each criterion can be switched off; the rule too.
        self.company.write(
            {
                "debt_recovery_prepayment_suspension": False,
                "debt_recovery_prepayment_notice": False,
                "debt_recovery_prepayment_procedure": False,
                "debt_recovery_prepayment_score": False,
            }
        )
        with patch.object(
            type(self.env["debt.recovery.payer.score"]), "_grades", return_value=grades
        ) as payer_grades:
            self.assertEqual(
                self.env["debt.recovery.customer.risk"]._risks(everyone, self.company),
                {},
            )
        payer_grades.assert_not_called()
        self.company.write(
            {
                "debt_recovery_prepayment_suspension": True,
                "debt_recovery_prepayment_rule": False,
            }
        )
        self.assertEqual(
            self.env["debt.recovery.customer.risk"]._risks(everyone, self.company), {}
        )

    def test_reasons_in_the_company_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.company.partner_id.lang = "fr_FR"
        order = self._quotation(self.salesman).save()
        # French dates (day first), whatever the salesperson's language.
        self.assertIn(
            self.opened.strftime("%d/%m/%Y"), order.recovery_prepayment_reasons
        )

    def test_lifting_a_suspension_keeps_its_date(self):
        self._suspend(
            self.good,
            recovery_suspended=True,
            recovery_suspended_since=fields.Datetime.now(),
            recovery_suspension_reason="Factures impayées",
        )
        self.assertFalse(self.good.recovery_suspension_lifted_on)
        with patch.object(
            type(self.env["debt.recovery.suspension"]),
            "_recovery_attach_notice_letters",
        ):
            result = self.env["debt.recovery.suspension"]._recovery_update(
                self.good, self.company
            )
        self.assertEqual(result["lifted"], self.good)
        self.assertFalse(self.good.recovery_suspended)
        self.assertTrue(self.good.recovery_suspension_lifted_on)
        order = self._quotation(self.salesman, partner=self.good).save()
        self.assertIn(
            "Suspended for non-payment until", order.recovery_prepayment_reasons
        )
        # Nobody writes it by hand.
        with self.assertRaises(UserError):
            self.good.with_user(self.manager).write(
                {"recovery_suspension_lifted_on": False}
            )
