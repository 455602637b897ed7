import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, HttpCase, tagged

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
        self.env["debt.recovery.customer.status"]._refresh(
            customer, self.company, today
        )
        self.start_tour(
            "/odoo/action-l10n_fr_debt_recovery.debt_recovery_worklist_action",
            "l10n_fr_debt_recovery_worklist_tour",
            login=self.user.login,
        )
        action = self._actions(customer)
        self.assertEqual(action.level_id, self.level["courtesy"])
        self.assertEqual(action.state, "done")
        self.assertEqual(action.invoice_ids, invoice)
        self.assertEqual(action.mail_id.state, "outgoing")


class TourData:
    """The customers the role and screen tours work on."""

    def _tour_data(self, user):
        today = fields.Date.today()
        # The tour runs on the real date: the reference rates of its
        # half-year, when the data does not have them yet.
        start = today.replace(month=1 if today.month < 7 else 7, day=1)
        Rate = self.env["debt.recovery.rate"].sudo()
        for series in ("ecb", "legal_private", "legal_other"):
            if not Rate.search([("series", "=", series), ("date_start", "=", start)]):
                Rate.create({"series": series, "date_start": start, "rate": 2.15})
        client = self._make_customer("Tour Client SARL")
        due = today - timedelta(days=5)
        self._invoice(client, 750.0, due - timedelta(days=30), due)
        # A draft formal notice, waiting for validation.
        avis = self._make_customer("Tour Avis SA")
        late = today - timedelta(days=60)
        notice_invoice = self._invoice(avis, 1200.0, late - timedelta(days=30), late)
        notice_invoice.with_user(user).action_create_recovery_notice()
        # A letter to post, made by the worklist today.
        poste = self._make_customer("Tour Poste SARL", recovery_letter_channel="post")
        posted_due = today - timedelta(days=20)
        self._invoice(poste, 300.0, posted_due - timedelta(days=30), posted_due)
        form = Form(
            self.env["debt.recovery.process"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=poste.ids)
        )
        form.step_level_id = self.level["amicable"]
        form.save().action_send_step()
        self.env["debt.recovery.customer.status"]._refresh(
            (client | avis | poste), self.company, today
        )
        return client, avis, poste


@tagged("post_install", "-at_install")
class TestRoleTours(TourData, DebtRecoveryCase, HttpCase):
    """Every screen of the accountant's day in a browser, per role, clicking
    every button (static/tests/tours/debt_recovery_role_tours.js): the
    customer page (Process, Preview, Send a step now, promise, exclusion),
    the notice draft (amounts to date, preview, Validate, Print the letter,
    Deposit slip), the letters to print (Print, Mark as posted) and both
    Run now buttons. A client error or an error dialog fails the tour."""

    def test_recovery_user_tour(self):
        client, avis, poste = self._tour_data(self.user)
        letter = self._actions(poste)
        self.assertTrue(letter.to_post)
        self.start_tour(
            "/odoo/action-l10n_fr_debt_recovery.debt_recovery_worklist_action",
            "l10n_fr_debt_recovery_user_tour",
            login=self.user.login,
            timeout=900,
        )
        self.assertEqual(self._actions(client).level_id, self.level["courtesy"])
        self.assertTrue(letter.posted, "printed, then marked as posted")
        self.assertEqual(avis.recovery_notice_ids.state, "draft")

    def test_recovery_manager_tour(self):
        client, avis, _poste = self._tour_data(self.manager)
        self.start_tour(
            "/odoo/action-l10n_fr_debt_recovery.debt_recovery_worklist_action",
            "l10n_fr_debt_recovery_manager_tour",
            login=self.manager.login,
            timeout=900,
        )
        self.assertEqual(
            self._actions(client).mapped("level_id.code"), ["courtesy", "amicable"]
        )
        self.assertIn(
            "The customer asked for the letter for its auditor",
            " ".join(client.message_ids.mapped("body")),
        )
        self.assertEqual(avis.recovery_notice_ids.state, "validated")


@tagged("post_install", "-at_install")
class TestScreensTour(TourData, DebtRecoveryCase, HttpCase):
    """Every screen the accountant uses, at 1366x768 (a common laptop), as a
    recovery user, a recovery manager and a settings administrator: no
    sideways scroll, no column header or label cut, no error dialog nor
    console error; the customer page survives a reload; the disputed
    customer has its own kanban column; a draft notice shows no claimed
    total (static/tests/tours/debt_recovery_screens_tour.js)."""

    browser_size = "1366x768"

    def _screens_data(self, user):
        client, _avis, _poste = self._tour_data(user)
        disputed = self._make_customer("Tour Litige SAS")
        due = fields.Date.today() - timedelta(days=40)
        invoice = self._invoice(disputed, 900.0, due - timedelta(days=30), due)
        invoice.write(
            {"recovery_excluded": True, "recovery_exclusion_reason": "dispute"}
        )
        self.env["debt.recovery.customer.status"]._refresh(
            disputed, self.company, fields.Date.today()
        )
        # A promise to pay, recorded as the customer page does.
        promising = self._make_customer("Tour Promesse SARL")
        promised = self._invoice(promising, 640.0, due - timedelta(days=30), due)
        promised._recovery_exclude(
            "promise",
            fields.Date.today() + timedelta(days=10),
            "Virement promis par le gérant",
            promise_amount=640.0,
        )
        # An active bank guarantee (the list's default filter), and a surety
        # in draft with its signed deed, for the tour to activate.
        Guarantee = self.env["debt.recovery.guarantee"]
        deed = base64.b64encode(b"%PDF-1.4 acte de cautionnement signe")
        bank = Guarantee.create(
            {
                "partner_id": disputed.id,
                "kind": "bank",
                "guarantor_id": self._make_customer("Tour Banque SA").id,
                "amount": 5000.0,
                "signed_document": deed,
                "signed_document_name": "garantie_banque.pdf",
            }
        )
        bank.action_activate()
        surety = self.env["res.partner"].create(
            {"name": "Tour Paul Caution", "is_company": False, "city": "Lyon"}
        )
        draft = Guarantee.create(
            {
                "partner_id": client.id,
                "kind": "surety",
                "guarantor_id": surety.id,
                "amount": 8000.0,
                "signed_document": deed,
                "signed_document_name": "acte_caution.pdf",
            }
        )
        self.assertEqual((bank.state, draft.state), ("active", "draft"))
        # The grades the daily job stores, for the worklist's Score column.
        self.env["debt.recovery.payer.score"]._refresh(
            self.company, fields.Date.today()
        )
        return client, draft

    def test_screens_fit_1366_recovery_user(self):
        _client, draft = self._screens_data(self.user)
        self.start_tour(
            "/odoo/action-l10n_fr_debt_recovery.debt_recovery_worklist_action",
            "l10n_fr_debt_recovery_screens_tour",
            login=self.user.login,
            timeout=600,
        )
        self.assertEqual(draft.state, "active", "activated from its form")
        self.assertEqual(draft.activation_date, fields.Date.today())

    def test_screens_fit_1366_recovery_manager(self):
        _client, draft = self._screens_data(self.manager)
        self.start_tour(
            "/odoo/action-l10n_fr_debt_recovery.debt_recovery_worklist_action",
            "l10n_fr_debt_recovery_screens_tour",
            login=self.manager.login,
            timeout=600,
        )
        self.assertEqual(draft.state, "active", "activated from its form")

    def test_settings_fit_1366(self):
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.company
        admin.company_id = self.company
        self.start_tour(
            "/odoo/settings#account",
            "l10n_fr_debt_recovery_settings_tour",
            login="admin",
            timeout=300,
        )


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


@tagged("post_install", "-at_install")
class TestPrepaymentTour(DebtRecoveryCase, HttpCase):
    """In a browser, a salesperson makes a quotation for a customer at risk:
    the prepayment banner with its reason, no Confirm; then a user of the
    override group waives the prepayment with a reason and confirms. Any
    client error or error dialog fails the tour
    (static/tests/tours/debt_recovery_sale_tour.js)."""

    browser_size = "1366x768"

    def test_salesperson_quotation_then_waiver(self):
        self.company.write(
            {
                "debt_recovery_prepayment_rule": True,
                "debt_recovery_prepayment_percent": 0.3,
                "portal_confirmation_pay": False,
            }
        )
        salesman = self._make_user(
            "tour_prepay_salesman", "sales_team.group_sale_salesman"
        )
        approver = self._make_user(
            "tour_prepay_approver",
            "sales_team.group_sale_salesman_all_leads,"
            "l10n_fr_debt_recovery.group_debt_recovery_sale_override",
            name="Claire Directrice",
        )
        # At risk: an open receivership.
        customer = self._make_customer(
            "Client Redressement SAS",
            recovery_collective_procedure=True,
            recovery_collective_procedure_date=fields.Date.today() - timedelta(days=60),
            recovery_collective_procedure_type="receivership",
        )
        # And scored D: two promises to pay not kept this year.
        for days in (20, 45):
            self.env["debt.recovery.promise"].sudo().create(
                {
                    "partner_id": customer.id,
                    "company_id": self.company.id,
                    "promise_date": fields.Date.today() - timedelta(days=days),
                    "amount": 500.0,
                    "source": "accountant",
                    "state": "broken",
                }
            )
        self.env["product.product"].create(
            {
                "name": "Escalier chêne",
                "type": "service",
                "list_price": 1000.0,
                "taxes_id": [Command.clear()],
            }
        )
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "l10n_fr_debt_recovery_sale_prepayment_tour",
            login=salesman.login,
            timeout=300,
        )
        order = self.env["sale.order"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(order), 1, "saved from the browser")
        self.assertEqual(order.user_id, salesman)
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.recovery_prepayment_due)
        self.assertTrue(order.require_payment)
        self.assertEqual(order.recovery_prepayment_amount, 300.0)
        self.start_tour(
            f"/odoo/sale.order/{order.id}",
            "l10n_fr_debt_recovery_sale_waiver_tour",
            login=approver.login,
            timeout=300,
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.recovery_prepayment_waived_by_id, approver)
        self.assertTrue(order.recovery_prepayment_waived_on)
        self.assertEqual(
            order.recovery_prepayment_waiver_reason,
            "Client historique, virement convenu avec son gérant",
        )
        self.assertFalse(order.recovery_prepayment_due)
