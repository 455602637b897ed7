from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import html2plaintext, mute_logger
from odoo.tools.safe_eval import safe_eval

from ..models.debt_recovery_recheck import defer_suspension
from .common import set_fast_path_mode

OVERRIDE_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_sale_override"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-16")
class TestSuspension(AccountTestInvoicingCommon):
    @classmethod
    def default_env_context(cls):
        # The chatter and the emails are part of what is tested.
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_fast_path_mode(cls.env)
        cls.company = cls.env.company
        cls.company.email = "compta@exemple.fr"
        company_ids = [Command.set(cls.company.ids)]
        cls.salesman = new_test_user(
            cls.env,
            login="susp_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=company_ids,
        )
        cls.sale_manager = new_test_user(
            cls.env,
            login="susp_override",
            name="Claire Override",
            groups=f"sales_team.group_sale_salesman,{OVERRIDE_GROUP}",
            company_id=cls.company.id,
            company_ids=company_ids,
        )
        cls.accountant = new_test_user(
            cls.env,
            login="susp_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=company_ids,
        )
        cls.recovery_manager = new_test_user(
            cls.env,
            login="susp_recovery_manager",
            name="Roger Recouvrement",
            groups="l10n_fr_debt_recovery.group_debt_recovery_manager",
            company_id=cls.company.id,
            company_ids=company_ids,
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Dupont Industrie SAS",
                "is_company": True,
                "email": "compta@dupont.fr",
            }
        )
        cls.levels = cls.env["debt.recovery.level"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.notice_level = cls.levels.filtered(lambda lv: lv.code == "formal_notice")
        cls.firm_level = cls.levels.filtered(lambda lv: lv.code == "firm")
        cls.litigation_level = cls.levels.filtered(lambda lv: lv.code == "litigation")
        cls.invoice = cls.init_invoice(
            "out_invoice",
            partner=cls.customer,
            invoice_date=fields.Date.to_date("2026-01-15"),
            amounts=[1000.0],
            taxes=[],
            post=True,
        )

    # ------------------------------------------------------------ helpers

    def _reach(self, level, invoice=None):
        """What the daily job does: record the level reached, then update."""
        invoice = invoice or self.invoice
        invoice.sudo().recovery_level_id = level
        return self.env["debt.recovery.suspension"]._recovery_update(
            self.env["res.partner"].browse(invoice.partner_id.id)
        )

    def _recheck(self):
        """What a cron worker does right after a payment's transaction: run
        the scheduled action the payment woke."""
        self.env.ref(
            "l10n_fr_debt_recovery.ir_cron_debt_recovery_recheck"
        ).method_direct_trigger()

    def _notices(self, partner, subject):
        """Emails queued to the customer (internal followers get a copy)."""
        return self.env["mail.mail"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("subject", "ilike", subject),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    def _pay(self, invoice, user):
        wizard = (
            self.env["account.payment.register"]
            .with_user(user)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        wizard._create_payments()

    def _quotation(self, user, partner=None, company=None, product=True):
        order_form = Form(
            self.env["sale.order"].with_user(user).with_company(company or self.company)
        )
        order_form.partner_id = partner or self.customer
        if product:
            with order_form.order_line.new() as line:
                line.product_id = self.product_a
        return order_form

    def _messages(self, record):
        return record.message_ids.mapped(lambda m: html2plaintext(m.body) or "")

    # -------------------------------------------------------------- rule

    def test_suspended_at_formal_notice(self):
        self.assertFalse(self.customer.recovery_suspended)
        result = self._reach(self.notice_level)
        self.assertTrue(self.customer.recovery_suspended)
        self.assertEqual(self.customer.recovery_suspended_since, fields.Datetime.now())
        self.assertFalse(self.customer.recovery_suspended_by_id, "decided by the rule")
        self.assertIn(self.invoice.name, self.customer.recovery_suspension_reason)
        self.assertIn(self.notice_level.name, self.customer.recovery_suspension_reason)
        self.assertFalse(
            result["suspended"], "already suspended when the level was written"
        )
        self.assertTrue(
            any("Service suspended" in body for body in self._messages(self.customer))
        )
        notice = self._notices(self.customer, "suspension de nos prestations")
        self.assertEqual(len(notice), 1, "one notice, even when updated twice")
        self.assertEqual(notice.state, "outgoing", "queued, sent by the mail queue")
        self.assertIn(self.customer, notice.recipient_ids)
        self.assertIn("1219 du Code civil", notice.body_html)
        self.assertIn(self.company.name, notice.subject)
        # searchable for the list filter
        Partner = self.env["res.partner"]
        self.assertIn(
            self.customer, Partner.search([("recovery_suspended", "=", True)])
        )
        self.assertIn(
            self.customer,
            Partner.search([("commercial_partner_id.recovery_suspended", "=", True)]),
        )

    def test_levels_below_notice_do_not_suspend(self):
        self._reach(self.firm_level)
        self.assertFalse(self.customer.recovery_suspended)
        self.assertFalse(self._notices(self.customer, "suspension"))
        # a step above the notice (litigation) keeps the customer suspended
        self._reach(self.litigation_level)
        self.assertTrue(self.customer.recovery_suspended)

    def test_contact_invoice_suspends_the_company(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Jean Dupont",
                "parent_id": self.customer.id,
                "email": "jean@dupont.fr",
            }
        )
        invoice = self.init_invoice(
            "out_invoice",
            partner=contact,
            invoice_date=fields.Date.to_date("2026-01-20"),
            amounts=[300.0],
            taxes=[],
            post=True,
        )
        self.env["debt.recovery.suspension"]._recovery_update(contact)
        self.assertFalse(self.customer.recovery_suspended)
        invoice.sudo().recovery_level_id = self.notice_level
        self.assertTrue(self.customer.recovery_suspended)
        self.assertFalse(contact.recovery_suspended, "stored on the commercial entity")

    def test_lifted_on_payment(self):
        self._reach(self.notice_level)
        self.assertTrue(self.customer.recovery_suspended)
        self._pay(self.invoice, self.accountant)
        self.assertEqual(self.invoice.payment_state, "paid")
        self._recheck()
        self.assertFalse(self.customer.recovery_suspended)
        self.assertFalse(self.customer.recovery_suspension_reason)
        self.assertTrue(any("lifted" in body for body in self._messages(self.customer)))
        resumed = self._notices(self.customer, "reprise de nos prestations")
        self.assertEqual(len(resumed), 1)
        self.assertIn(self.customer, resumed.recipient_ids)
        # a payment cancelled makes the invoice unpaid again: suspended again
        payment_lines = self.invoice.line_ids.matched_credit_ids.credit_move_id
        payment_lines.remove_move_reconcile()
        self._recheck()
        self.assertTrue(self.customer.recovery_suspended)

    def test_payment_only_marks_the_customer(self):
        """Inside the bank reconciliation's transaction a payment queues no
        email and renders no letter, and leaves the customer's row to the
        daily job: it only marks the customer and wakes the action that, in
        its own transaction, refreshes its status and restores it."""
        self._reach(self.notice_level)
        customer = self.env["res.partner"].browse(self.customer.id)
        self.env["debt.recovery.customer.status"]._refresh(customer, self.company)
        self.assertEqual(self.customer.recovery_level_id, self.notice_level)
        cron = self.env.ref("l10n_fr_debt_recovery.ir_cron_debt_recovery_recheck")
        Trigger = self.env["ir.cron.trigger"].sudo()
        Recheck = self.env["debt.recovery.recheck"].sudo()
        mails = self.env["mail.mail"].sudo().search([])
        attachments = self.env["ir.attachment"].sudo().search([])
        triggers = Trigger.search([("cron_id", "=", cron.id)])
        self.assertFalse(Recheck.search([]))

        self._pay(self.invoice, self.accountant)
        self.assertEqual(self.invoice.payment_state, "paid")
        self.assertEqual(self.env["mail.mail"].sudo().search([]), mails, "no email")
        self.assertEqual(
            self.env["ir.attachment"].sudo().search([]), attachments, "no letter"
        )
        marked = Recheck.search([])
        self.assertEqual(
            [(row.partner_id, row.company_id) for row in marked],
            [(self.customer, self.company)],
        )
        self.assertEqual(len(Trigger.search([("cron_id", "=", cron.id)]) - triggers), 1)
        self.env.invalidate_all()
        self.assertTrue(self.customer.recovery_suspended, "not yet")
        self.assertEqual(self.customer.recovery_level_id, self.notice_level, "not yet")
        # Users cannot read or write the marks, only the server does.
        with self.assertRaises(AccessError):
            self.env["debt.recovery.recheck"].with_user(self.accountant).search([])

        self._recheck()
        self.assertFalse(self.customer.recovery_suspended)
        self.assertFalse(self.customer.recovery_level_id, "status refreshed")
        self.assertFalse(Recheck.search([]), "the rows handled are deleted")
        resumed = self._notices(self.customer, "reprise de nos prestations")
        self.assertEqual(len(resumed), 1)
        self.assertEqual(resumed.state, "outgoing", "queued, sent by the mail queue")
        self.assertEqual(len(resumed.attachment_ids), 1, "with its letter")
        # Nothing left to do: running the action again changes nothing.
        self._recheck()
        self.assertEqual(
            len(self._notices(self.customer, "reprise de nos prestations")), 1
        )

    def test_the_daily_job_handles_the_customers_left_marked(self):
        """No cron worker ran the action after the payment: the daily job
        re-examines the customers left marked."""
        self._reach(self.notice_level)
        self._pay(self.invoice, self.accountant)
        self.assertTrue(self.customer.recovery_suspended)
        self.env["debt.recovery.suspension"]._recovery_daily(
            self.company, fields.Date.today()
        )
        self.assertFalse(self.customer.recovery_suspended)
        self.assertFalse(self.env["debt.recovery.recheck"].sudo().search([]))
        self.assertEqual(
            len(self._notices(self.customer, "reprise de nos prestations")), 1
        )

    def test_a_failed_re_examination_is_left_for_the_next_run(self):
        self._reach(self.notice_level)
        self._pay(self.invoice, self.accountant)
        Suspension = type(self.env["debt.recovery.suspension"])
        with (
            patch.object(Suspension, "_recovery_update", side_effect=ValueError),
            mute_logger(
                "odoo.addons.l10n_fr_debt_recovery.models.debt_recovery_recheck"
            ),
        ):
            self._recheck()
        self.assertTrue(self.customer.recovery_suspended)
        self.assertTrue(self.env["debt.recovery.recheck"].sudo().search([]), "kept")
        self._recheck()
        self.assertFalse(self.customer.recovery_suspended)
        self.assertFalse(self.env["debt.recovery.recheck"].sudo().search([]))

    def test_a_client_cannot_defer_the_rule(self):
        """Only the server defers the rule after a change of step: the same
        context key sent by a client (JSON) applies it at once."""
        self.invoice.sudo().with_context(
            debt_recovery_suspension_deferred=True
        ).recovery_level_id = self.notice_level
        self.assertTrue(self.customer.recovery_suspended)
        self.assertFalse(self.env["debt.recovery.recheck"].sudo().search([]))
        # The server's own deferral marks the customer instead.
        self.invoice.sudo().recovery_level_id = False
        self._recheck()
        self.assertFalse(self.customer.recovery_suspended)
        defer_suspension(self.invoice.sudo()).recovery_level_id = self.notice_level
        self.assertFalse(self.customer.recovery_suspended)
        self._recheck()
        self.assertTrue(self.customer.recovery_suspended)

    def test_partial_payment_keeps_suspension(self):
        self._reach(self.notice_level)
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=self.invoice.ids)
            .create({"amount": 400.0})
        )
        wizard._create_payments()
        self.assertEqual(self.invoice.payment_state, "partial")
        self._recheck()
        self.assertTrue(self.customer.recovery_suspended)

    def test_set_based_update(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Client {i}", "email": f"c{i}@exemple.fr"} for i in range(6)]
        )
        invoices = self.env["account.move"]
        for customer in customers:
            invoices |= self.init_invoice(
                "out_invoice",
                partner=customer,
                invoice_date=fields.Date.to_date("2026-01-15"),
                amounts=[100.0],
                taxes=[],
                post=True,
            )
        Suspension = self.env["debt.recovery.suspension"]
        defer_suspension(invoices[:3].sudo()).recovery_level_id = self.notice_level
        self.assertFalse(
            customers[0].recovery_suspended, "the job updates after its batch"
        )
        result = Suspension._recovery_update(customers)
        self.assertEqual(result["suspended"], customers[:3])
        self.assertEqual(
            customers.mapped("recovery_suspended"), [True] * 3 + [False] * 3
        )
        # deciding costs the same number of queries for 1 or 6 customers
        counts = []
        for batch in (customers[:1], customers):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Suspension._recovery_update(batch)
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 8)
        # empty recordset: every customer concerned
        # an empty recordset: nobody; None: every customer concerned
        defer_suspension(invoices[3].sudo()).recovery_level_id = self.notice_level
        result = Suspension._recovery_update(self.env["res.partner"])
        self.assertFalse(result["suspended"])
        self.assertFalse(customers[3].recovery_suspended)
        result = Suspension._recovery_update(None)
        self.assertEqual(result["suspended"], customers[3])

    # --------------------------------------------------------- overrides

    def _override(self, mode, reason="Accord de la direction", until=None):
        action = self.env.ref(
            "l10n_fr_debt_recovery.debt_recovery_suspension_override_action"
        )
        wizard_form = Form(
            self.env[action.res_model]
            .with_user(self.recovery_manager)
            .with_context(default_partner_id=self.customer.id)
        )
        wizard_form.mode = mode
        if mode == "allow":
            wizard_form.allow_until = until
        if mode != "none":
            wizard_form.reason = reason
        return wizard_form.save().action_apply()

    def test_force_suspension(self):
        self._override("suspend", reason="Chèque impayé")
        self.assertTrue(self.customer.recovery_suspended)
        self.assertEqual(self.customer.recovery_suspended_by_id, self.recovery_manager)
        self.assertIn("Chèque impayé", self.customer.recovery_suspension_reason)
        messages = self._messages(self.customer)
        self.assertTrue(
            any(
                "Suspension forced" in body and "Chèque impayé" in body
                for body in messages
            )
        )
        self.assertEqual(
            len(self._notices(self.customer, "suspension de nos prestations")), 1
        )
        # paying everything does not lift a forced suspension
        self._reach(self.notice_level)
        self._pay(self.invoice, self.accountant)
        self._recheck()
        self.assertTrue(self.customer.recovery_suspended)
        # removing the override applies the rule: nothing unpaid, lifted
        self._override("none")
        self.assertFalse(self.customer.recovery_suspended)
        self.assertTrue(
            any("override removed" in body for body in self._messages(self.customer))
        )

    def _suspension_letter(self, partner=None):
        partner = partner or self.customer
        return partner.with_user(self.recovery_manager)._recovery_letters("suspension")[
            0
        ]

    def _forced_reason_activities(self):
        return self.customer.activity_ids.filtered(
            lambda a: (
                a.summary == "Forced suspension kept after payment: give its reason"
            )
        )

    def test_forced_suspension_outliving_payment_asks_its_reason(self):
        # Forced while an invoice is unpaid at the formal notice: 1219, the
        # reason just given.
        self._reach(self.notice_level)
        self._override("suspend", reason="Chèque impayé")
        self.assertFalse(self._forced_reason_activities())
        letter = self._suspension_letter()
        self.assertEqual(letter.suspension.basis, "1219")
        self.assertFalse(letter.suspension.ground, "1219: nothing to justify")
        # Everything paid, still forced: now an anticipated suspension (1220),
        # whose author is asked for the reason, once.
        self._pay(self.invoice, self.accountant)
        self._recheck()
        self.assertTrue(self.customer.recovery_suspended)
        activity = self._forced_reason_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.recovery_manager)
        self.assertIn("art. 1220", activity.note)
        self.env["debt.recovery.suspension"]._cron_recovery_update()
        self.assertEqual(len(self._forced_reason_activities()), 1, "asked once")
        letter = self._suspension_letter()
        self.assertEqual(letter.suspension.basis, "1220")
        self.assertEqual(letter.suspension.ground, "Chèque impayé")

    def test_suspension_letter_claims_proportionality_only_when_assessed(self):
        self._reach(self.notice_level)
        letter = self._suspension_letter()
        self.assertEqual(letter.suspension.basis, "1219")
        self.assertFalse(letter.suspension.proportionality, "automatic: not assessed")
        Wizard = self.env["debt.recovery.suspension.override"].with_user(
            self.recovery_manager
        )
        wizard = Wizard.create(
            {
                "partner_id": self.customer.id,
                "mode": "suspend",
                "reason": "Retards répétés",
                "proportionality_checked": True,
            }
        )
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard.proportionality_note = "1 000 € impayés depuis deux mois"
        wizard.action_apply()
        letter = self._suspension_letter()
        self.assertEqual(
            letter.suspension.proportionality, "1 000 € impayés depuis deux mois"
        )

    def test_consumer_utility_safeguards_in_the_suspension_letter(self):
        consumer = self.env["res.partner"].create(
            {"name": "Julien Morel", "is_company": False, "email": "jm@example.com"}
        )
        invoice = self.init_invoice(
            "out_invoice",
            partner=consumer,
            invoice_date=fields.Date.to_date("2026-01-15"),
            amounts=[300.0],
            taxes=[],
            post=True,
        )
        utilities = ("debt_recovery_supplies_water", "debt_recovery_supplies_energy")
        self.company.write(dict.fromkeys(utilities, True))
        self._reach(self.notice_level, invoice)
        notice = self._notices(consumer, "suspension de nos prestations")
        self.assertIn("L115-3", notice.body_html)
        # 16 March 2026: water all year, energy until the end of the truce
        text = " ".join(self._suspension_letter(consumer).suspension.safeguards)
        self.assertIn("distribution d'eau de votre résidence principale", text)
        self.assertIn("maintenue au moins jusqu'au 31 mars 2026", text)
        # a professional customer: no safeguard
        self._reach(self.notice_level)
        self.assertFalse(self._suspension_letter().suspension.safeguards)
        # a company that supplies neither: none either
        self.company.write(dict.fromkeys(utilities, False))
        self.assertFalse(self._suspension_letter(consumer).suspension.safeguards)

    def test_allow_until_then_expires(self):
        self._reach(self.notice_level)
        self._override(
            "allow", reason="Règlement promis", until=fields.Date.to_date("2026-03-20")
        )
        self.assertFalse(self.customer.recovery_suspended)
        self.assertEqual(
            len(self._notices(self.customer, "reprise de nos prestations")), 1
        )
        with freeze_time("2026-03-20"):
            self.env["debt.recovery.suspension"]._cron_recovery_update()
            self.assertFalse(
                self.customer.recovery_suspended, "allowed on the last day"
            )
        with freeze_time("2026-03-21"):
            self.env["debt.recovery.suspension"]._cron_recovery_update()
        self.assertTrue(self.customer.recovery_suspended)
        self.assertEqual(self.customer.sudo().recovery_suspension_override, "none")
        self.assertFalse(self.customer.sudo().recovery_allow_until)
        self.assertTrue(
            any("has expired" in body for body in self._messages(self.customer))
        )
        self.assertEqual(
            len(self._notices(self.customer, "suspension de nos prestations")), 2
        )

    def test_override_needs_a_reason_and_a_manager(self):
        Wizard = self.env["debt.recovery.suspension.override"].with_user(
            self.recovery_manager
        )
        with self.assertRaises(ValidationError):
            Wizard.create(
                {"partner_id": self.customer.id, "mode": "suspend"}
            ).action_apply()
        with self.assertRaises(ValidationError):
            Wizard.create(
                {"partner_id": self.customer.id, "mode": "allow", "reason": "x"}
            ).action_apply()
        self.assertFalse(self.customer.recovery_suspended)
        for user in (self.salesman, self.accountant, self.sale_manager):
            with self.assertRaises(AccessError):
                Wizard.with_user(user).create(
                    {"partner_id": self.customer.id, "mode": "allow", "reason": "x"}
                )
        # a sales administrator may edit contacts, not the override
        sales_admin = new_test_user(
            self.env, login="susp_sales_admin", groups="sales_team.group_sale_manager"
        )
        for user in (self.salesman, sales_admin):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).write(
                    {
                        "recovery_suspension_override": "allow",
                        "recovery_override_reason": "x",
                    }
                )

    # -------------------------------------------------------------- sales

    def test_salesman_sees_banner_and_cannot_confirm(self):
        self._reach(self.notice_level)
        self.customer.sudo().recovery_overdue_amount = (
            1000.0  # refreshed by the daily job
        )
        order_form = self._quotation(self.salesman)
        self.assertTrue(
            order_form.recovery_suspended, "shown as soon as the customer is chosen"
        )
        self.assertIn(self.invoice.name, order_form.recovery_suspension_reason)
        self.assertEqual(order_form.recovery_overdue_amount, 1000.0)
        order = order_form.save()
        with self.assertRaises(UserError) as error:
            order.action_confirm()
        message = str(error.exception)
        self.assertIn("suspended for non-payment", message)
        self.assertIn("Debt Recovery: confirm orders of suspended customers", message)
        # The message names no user (it once named "(Claire Override)"): it
        # says how to ask for an exception.
        self.assertNotIn("Claire Override", message)
        self.assertNotIn("(", message.split("cannot be confirmed")[1])
        self.assertIn("Customer suspended — ask for an exception", message)
        self.assertEqual(order.state, "draft")
        # nor by writing the state (import), nor with the wizard's flag
        with self.assertRaises(UserError):
            order.write({"state": "sale"})
        with self.assertRaises(UserError):
            order.with_context(
                debt_recovery_override_reason="je force"
            ).action_confirm()
        with self.assertRaises(AccessError):
            self.env["debt.recovery.sale.override"].with_user(self.salesman).create(
                {"order_ids": order.ids, "reason": "je force"}
            )

    def test_salesman_asks_for_an_exception(self):
        """The salesperson sees "Customer suspended — ask for an exception"
        instead of Confirm; asking gives the override group an activity on
        the order, once."""
        self._reach(self.notice_level)
        # Claire Override sees only her own orders: she is not asked (an
        # activity needs read access); a sales manager of the group is.
        approver = new_test_user(
            self.env,
            login="susp_approver",
            groups=f"sales_team.group_sale_salesman_all_leads,{OVERRIDE_GROUP}",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        order = self._quotation(self.salesman).save()
        self.assertFalse(order.recovery_can_override)
        self.assertTrue(
            order.with_user(approver).recovery_can_override,
            "the override group sees Confirm despite suspension",
        )
        # What the form shows: Confirm hidden, the request button instead.
        arch = order.get_view(view_type="form")["arch"]
        self.assertIn("Customer suspended — ask for an exception", arch)
        self.assertRegex(
            arch,
            r'name="action_confirm"[^>]*invisible="[^"]* or \(recovery_suspended\)"',
        )
        result = order.action_recovery_request_exception()
        self.assertEqual(result["params"]["type"], "success")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertIn(approver, activities.user_id)
        self.assertNotIn(self.sale_manager, activities.user_id, "cannot read it")
        self.assertNotIn(self.salesman, activities.user_id)
        self.assertTrue(
            all(user.has_group(OVERRIDE_GROUP) for user in activities.user_id)
        )
        note = html2plaintext(activities[0].note)
        self.assertIn(order.name, note)
        self.assertIn(self.customer.name, note)
        self.env.invalidate_all()  # the form reloads
        self.assertTrue(order.recovery_exception_requested)
        self.assertTrue(
            any("Exception asked by" in body for body in self._messages(order))
        )
        # Asking again while the activities are open adds nothing.
        again = order.action_recovery_request_exception()
        self.assertEqual(again["params"]["type"], "info")
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
            ),
            len(activities),
        )
        # The override user confirms with a reason (the usual wizard).
        action = order.with_user(approver).action_recovery_override_confirm()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(approver)
            .with_context(**action["context"])
        )
        wizard_form.reason = "Acompte reçu"
        wizard_form.save().action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
            ),
            "the requests are answered",
        )

    def test_no_exception_for_a_customer_not_suspended(self):
        order = self._quotation(self.salesman).save()
        with self.assertRaises(UserError):
            order.action_recovery_request_exception()

    def test_override_group_confirms_with_logged_reason(self):
        self._reach(self.notice_level)
        order = self._quotation(self.sale_manager).save()
        with self.assertRaises(UserError):
            order.action_confirm()  # the button without a reason is refused too
        with self.assertRaises(UserError):
            # A reason sent in the context by RPC is not the wizard's.
            order.with_context(
                debt_recovery_override_reason="Virement reçu"
            ).action_confirm()
        action = order.action_recovery_override_confirm()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.sale_manager)
            .with_context(**action["context"])
        )
        wizard_form.reason = "Virement reçu ce jour, pas encore rapproché"
        wizard_form.save().action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(
            any(
                "Confirmed despite" in body and "Virement reçu ce jour" in body
                for body in self._messages(order)
            )
        )
        self.assertTrue(
            any(
                order.name in body and "Virement reçu ce jour" in body
                for body in self._messages(self.customer)
            )
        )

    def test_not_suspended_customer_confirms(self):
        order = self._quotation(self.salesman).save()
        self.assertFalse(order.recovery_suspended)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_draft_invoice_warning(self):
        self._reach(self.notice_level)
        move_form = Form(
            self.env["account.move"]
            .with_user(self.accountant)
            .with_context(default_move_type="out_invoice")
        )
        move_form.partner_id = self.customer
        self.assertTrue(move_form.recovery_partner_suspended)
        self.assertIn(self.invoice.name, move_form.recovery_partner_suspension_reason)

    def test_posted_invoice_shows_the_banner_too(self):
        """The banner of the invoice form is shown on a posted invoice of a
        suspended customer too (the README says so), as the web client
        evaluates its ``invisible`` expression; not on a cancelled one."""
        self._reach(self.notice_level)
        self.assertEqual(self.invoice.state, "posted")
        arch = (
            self.env["account.move"]
            .with_user(self.accountant)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        banner = etree.fromstring(arch).xpath(
            "//div[@name='recovery_suspension_alert']"
        )
        self.assertEqual(len(banner), 1)
        invisible = banner[0].get("invisible")
        invoice = self.invoice.with_user(self.accountant)
        values = {
            name: invoice[name]
            for name in ("recovery_partner_suspended", "state", "move_type")
        }
        self.assertTrue(values["recovery_partner_suspended"])
        self.assertFalse(safe_eval(invisible, values), "shown on the posted invoice")
        self.assertTrue(safe_eval(invisible, dict(values, state="cancel")))

    def test_salesman_sees_status_not_recovery_records(self):
        self._reach(self.notice_level)
        self.env["debt.recovery.action"].create(
            {"partner_id": self.customer.id, "level_id": self.notice_level.id}
        )
        customer = self.customer.with_user(self.salesman)
        self.assertTrue(customer.recovery_suspended)
        self.assertIn(self.invoice.name, customer.recovery_suspension_reason)
        for model in ("debt.recovery.action", "debt.recovery.level"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            customer.read(["recovery_suspension_override"])
        self.assertTrue(
            customer.search(
                [("recovery_suspended", "=", True), ("id", "=", customer.id)]
            )
        )

    # ------------------------------------------------------ multi-company

    def test_multi_company(self):
        company_b = self.setup_other_company(name="Société B")["company"]
        self.salesman.company_ids = [Command.link(company_b.id)]
        self._reach(self.notice_level)
        self.assertTrue(self.customer.recovery_suspended)
        self.assertFalse(self.customer.with_company(company_b).recovery_suspended)
        self.assertFalse(
            self.env["res.partner"]
            .with_company(company_b)
            .search([("recovery_suspended", "=", True), ("id", "=", self.customer.id)])
        )
        # sold to in company B, not in company A
        order_b = self._quotation(
            self.salesman, company=company_b, product=False
        ).save()
        self.assertEqual(order_b.company_id, company_b)
        self.assertFalse(order_b.recovery_suspended)
        order_b.action_confirm()
        self.assertEqual(order_b.state, "sale")
        order_a = self._quotation(self.salesman).save()
        with self.assertRaises(UserError):
            order_a.action_confirm()
        # a full update of company B does not lift company A's suspension
        self.env["debt.recovery.suspension"]._recovery_update(
            self.customer, companies=company_b
        )
        self.assertTrue(self.customer.recovery_suspended)

    # ------------------------------------------- who may change a suspension

    def _suspension_messages(self):
        return [
            body
            for body in self._messages(self.customer)
            if "Suspension" in body or "suspension" in body or "allowed" in body
        ]

    def test_salesperson_cannot_lift_a_suspension(self):
        """What this guards against: a sales user with the default "Contact
        creation" right lifted the suspension on the customer, then confirmed
        the order with no reason asked and nothing logged."""
        salesperson = new_test_user(
            self.env,
            login="susp_contact_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self._reach(self.notice_level)
        logged = self._suspension_messages()
        customer = self.customer.with_user(salesperson)
        # It sees the flag and the reason, and nothing else of the suspension.
        self.assertTrue(customer.recovery_suspended)
        self.assertIn(self.invoice.name, customer.recovery_suspension_reason)
        with self.assertRaises(AccessError):
            customer.read(["recovery_suspended_by_id"])
        # The contact form shows the flag read-only.
        with Form(customer) as partner_form, self.assertRaises(AssertionError):
            partner_form.recovery_suspended = False
        # Nor through the ORM (RPC): the flag, its reason or its date.
        for vals in (
            {"recovery_suspended": False},
            {"recovery_suspension_reason": False},
            {"recovery_suspended_since": False},
            {"recovery_suspended": False, "name": "Dupont Industrie"},
        ):
            with self.assertRaises(UserError) as error:
                customer.write(vals)
            self.assertIn("cannot be changed by hand", str(error.exception))
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(salesperson).create(
                {"name": "Client suspendu ?", "recovery_suspended": True}
            )
        self.assertTrue(self.customer.recovery_suspended)
        self.assertEqual(self._suspension_messages(), logged, "nothing changed")
        # Its other edits of the customer still work.
        customer.write({"phone": "+33 4 72 00 00 00"})
        # The order is still refused without the override group and a reason.
        order = self._quotation(salesperson).save()
        with self.assertRaises(UserError):
            order.action_confirm()
        with self.assertRaises(UserError):
            order.with_context(
                debt_recovery_override_reason="je force"
            ).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(
            any("Confirmed despite" in body for body in self._messages(order))
        )

    def test_recovery_user_cannot_lift_a_suspension(self):
        """A plain recovery user edits customers, not their suspension: neither
        the flag nor the managers' override."""
        recovery_user = new_test_user(
            self.env,
            login="susp_recovery_user",
            groups="l10n_fr_debt_recovery.group_debt_recovery_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self._reach(self.notice_level)
        customer = self.customer.with_user(recovery_user)
        with self.assertRaises(UserError) as error:
            customer.write({"recovery_suspended": False})
        self.assertIn("only a recovery manager can override it", str(error.exception))
        with self.assertRaises(UserError):
            customer.write(
                {
                    "recovery_suspension_override": "allow",
                    "recovery_allow_until": "2026-04-30",
                    "recovery_override_reason": "x",
                }
            )
        with self.assertRaises(AccessError):
            self.env["debt.recovery.suspension.override"].with_user(
                recovery_user
            ).create(
                {"partner_id": self.customer.id, "mode": "allow", "reason": "x"}
            ).action_apply()
        self.assertTrue(self.customer.recovery_suspended)

    def test_manager_lifts_only_through_the_wizard_reason_logged(self):
        self._reach(self.notice_level)
        manager_customer = self.customer.with_user(self.recovery_manager)
        # Not by writing the fields, even as a manager: the wizard asks the
        # reason and logs it.
        for vals in (
            {"recovery_suspended": False},
            {
                "recovery_suspension_override": "allow",
                "recovery_allow_until": "2026-04-30",
                "recovery_override_reason": "Accord du directeur",
            },
        ):
            with self.assertRaises(UserError):
                manager_customer.write(vals)
        self.assertTrue(self.customer.recovery_suspended)
        # The override fields are read-only on the customer's form.
        form_view = self.customer.with_user(self.recovery_manager).get_view(
            view_type="form"
        )
        self.assertIn('name="recovery_suspension_override"', form_view["arch"])
        self.assertTrue(
            self.env["res.partner"]._fields["recovery_suspension_override"].readonly
        )
        self._override(
            "allow",
            reason="Virement annoncé par le gérant",
            until=fields.Date.to_date("2026-03-31"),
        )
        self.assertFalse(self.customer.recovery_suspended)
        self.assertEqual(
            self.customer.sudo().recovery_override_user_id, self.recovery_manager
        )
        self.assertTrue(
            any(
                "Sales allowed" in body
                and "Virement annoncé par le gérant" in body
                and "Roger Recouvrement" in body
                for body in self._messages(self.customer)
            )
        )
        # Not for a company the manager does not work in.
        company_b = self.setup_other_company(name="Société B")["company"]
        with self.assertRaises(AccessError):
            self.env["debt.recovery.suspension.override"].with_user(
                self.recovery_manager
            ).create(
                {
                    "partner_id": self.customer.id,
                    "company_id": company_b.id,
                    "mode": "suspend",
                    "reason": "x",
                }
            ).action_apply()

    def test_merging_contacts_leaves_the_suspension_to_the_rule(self):
        """Merging a suspended customer's duplicate (core wizard: an
        administrator, who may read every field of the contacts) copies none
        of the suspension fields by hand (the wizard used to copy them, and
        to record an override in the name of the user who merged): the rule
        then applies to the merged customer, whose invoices include the
        duplicate's."""
        merger = new_test_user(
            self.env,
            login="susp_merge_admin",
            groups="base.group_system,account.group_account_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self._reach(self.notice_level)
        duplicate = self.env["res.partner"].create(
            {
                "name": "Dupont Industrie",
                "is_company": True,
                "email": "compta@dupont.fr",
            }
        )
        self.env["base.partner.merge.automatic.wizard"].with_user(merger)._merge(
            (self.customer | duplicate).ids, dst_partner=duplicate
        )
        self.assertFalse(self.customer.exists())
        self.assertEqual(self.invoice.commercial_partner_id, duplicate)
        self.assertTrue(duplicate.recovery_suspended, "suspended by the rule")
        self.assertIn(self.invoice.name, duplicate.recovery_suspension_reason)
        # No override recorded in the name of the user who merged.
        self.assertFalse(duplicate.sudo().recovery_override_user_id)
        self.assertFalse(
            any("override removed" in body for body in self._messages(duplicate))
        )
