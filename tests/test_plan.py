import base64
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import DebtRecoveryCase

SIGNED = base64.b64encode(b"%PDF-1.4 signed agreement")


@tagged("post_install", "-at_install")
class TestPlan(DebtRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoicing_user = new_test_user(
            cls.env,
            login="invoicing_user",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def setUp(self):
        super().setUp()
        # The documents to sign are tested in test_plan_letters.py: not
        # converted to PDF on every proposal here.
        patcher = patch.object(
            type(self.env["debt.recovery.plan"]),
            "_recovery_attach_letters",
            lambda plans: {},
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    # ------------------------------------------------------------- helpers
    def _wizard(self, user=None, **context):
        Wizard = self.env["debt.recovery.plan.wizard"].with_user(user or self.user)
        return Form(Wizard.with_context(**context))

    def _plan(self, invoices, count, first_date, user=None, **values):
        """A draft plan made with the wizard by the recovery user."""
        form = self._wizard(
            user,
            active_model="account.move",
            active_ids=invoices.ids,
        )
        form.installment_count = count
        form.first_date = first_date
        for name, value in values.items():
            setattr(form, name, value)
        wizard = form.save()
        action = wizard.action_create_plan()
        return (
            self.env["debt.recovery.plan"]
            .with_user(user or self.user)
            .browse(action["res_id"])
        )

    def _activate(self, plan, accepted_on):
        plan.action_propose()
        plan.write({"acceptance_date": accepted_on, "signed_document": SIGNED})
        plan.action_activate()
        return plan

    def _schedule(self, plan):
        return [
            (line.date, line.amount, line.amount_paid, line.payment_status)
            for line in plan.line_ids
        ]

    # ----------------------------------------------------------- schedules
    @freeze_time("2026-01-20")
    def test_twelve_installments_over_10000_from_the_customer(self):
        invoice = self._invoice(self.customer, 10000.0, date(2026, 1, 5))
        form = self._wizard(default_partner_id=self.customer.id)
        self.assertEqual(form.invoice_ids[:], invoice, "open invoices of the customer")
        self.assertEqual(form.amount_total, 10000.0)
        form.installment_count = 12
        form.first_date = date(2026, 1, 31)
        self.assertIn("833.33", form.preview_html)
        self.assertIn("833.37", form.preview_html)
        self.assertFalse(form.duration_warning)
        plan = self.env["debt.recovery.plan"].browse(
            form.save().action_create_plan()["res_id"]
        )
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.partner_id, self.customer)
        self.assertTrue(plan.name.startswith("ECH/2026/"))
        self.assertEqual(plan.line_ids.mapped("amount"), [833.33] * 11 + [833.37])
        self.assertEqual(plan.amount_total, 10000.0)
        self.assertEqual(
            plan.line_ids.mapped("date")[:4],
            [
                date(2026, 1, 31),
                date(2026, 2, 28),
                date(2026, 3, 31),
                date(2026, 4, 30),
            ],
        )
        self.assertEqual(plan.line_ids[-1].date, date(2026, 12, 31))
        self.assertEqual(plan.grace_days, 8, "company default")
        self.assertTrue(plan.acceleration_clause)

    @freeze_time("2026-01-20")
    def test_seven_installments_over_two_selected_invoices(self):
        inv1 = self._invoice(self.customer, 600.0, date(2026, 1, 5))
        inv2 = self._invoice(self.customer, 400.0, date(2026, 1, 10))
        self._invoice(self.customer, 50.0, date(2026, 1, 10))  # not selected
        plan = self._plan(inv1 | inv2, 7, date(2026, 2, 15))
        self.assertEqual(plan.invoice_ids, inv1 | inv2)
        self.assertEqual(plan.line_ids.mapped("amount"), [142.85] * 6 + [142.90])
        self.assertEqual(plan.amount_total, 1000.0)

    @freeze_time("2026-01-20")
    def test_amount_per_installment_with_down_payment_and_31_january(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        form = self._wizard(active_model="account.move", active_ids=invoice.ids)
        form.mode = "amount"
        form.installment_amount = 300.0
        form.down_payment = 100.0
        form.first_date = date(2026, 1, 31)
        plan = self.env["debt.recovery.plan"].browse(
            form.save().action_create_plan()["res_id"]
        )
        self.assertEqual(
            [(line.date, line.amount) for line in plan.line_ids],
            [
                (date(2026, 1, 31), 100.0),
                (date(2026, 2, 28), 300.0),
                (date(2026, 3, 31), 300.0),
                (date(2026, 4, 30), 300.0),
            ],
        )

    def test_offered_from_the_firm_reminder(self):
        invoice = self._invoice(self.customer, 1200.0, date(2026, 1, 5))
        paid = self._invoice(self.customer, 300.0, date(2026, 1, 5))
        for day in ("2026-01-08", "2026-01-20", "2026-01-30", "2026-02-04"):
            with freeze_time(day):
                self._run()
        firm = self._actions(self.customer)[-1]
        self.assertEqual(firm.level_id, self.level["firm"])
        with freeze_time("2026-02-05"):
            self._pay(paid, pay_date=date(2026, 2, 5))
            action = firm.with_user(self.user).action_new_recovery_plan()
            form = self._wizard(**action["context"])
            self.assertEqual(
                form.invoice_ids[:], invoice, "the open invoices of the step"
            )
            form.installment_count = 4
            form.first_date = date(2026, 2, 28)
            plan = self.env["debt.recovery.plan"].browse(
                form.save().action_create_plan()["res_id"]
            )
        self.assertEqual(plan.origin_action_id, firm)
        self.assertEqual(plan.amount_total, 1200.0)
        self.assertEqual(plan.line_ids.mapped("amount"), [300.0] * 4)

    @freeze_time("2026-01-20")
    def test_warning_beyond_24_months_does_not_block(self):
        invoice = self._invoice(self.customer, 3000.0, date(2026, 1, 5))
        form = self._wizard(active_model="account.move", active_ids=invoice.ids)
        form.installment_count = 30
        form.first_date = date(2026, 2, 1)
        self.assertIn("1343-5", form.duration_warning)
        plan = self.env["debt.recovery.plan"].browse(
            form.save().action_create_plan()["res_id"]
        )
        self.assertEqual(len(plan.line_ids), 30)
        self.assertIn("1343-5", plan.duration_warning)
        self.assertTrue(any("1343-5" in b for b in plan.message_ids.mapped("body")))

    @freeze_time("2026-01-20")
    def test_first_installment_in_the_past_asks_a_confirmation(self):
        invoice = self._invoice(self.customer, 900.0, date(2026, 1, 5))
        form = self._wizard(active_model="account.move", active_ids=invoice.ids)
        form.installment_count = 3
        form.first_date = date(2026, 1, 20)
        self.assertFalse(form.past_start_warning, "today is not past")
        form.first_date = date(2026, 1, 10)
        self.assertIn("01/10/2026, is already past", form.past_start_warning)
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "I confirm a first installment"):
            wizard.action_create_plan()
        self.assertFalse(
            self.env["debt.recovery.plan"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )
        form = Form(wizard)
        form.confirm_past_start = True
        plan = self.env["debt.recovery.plan"].browse(
            form.save().action_create_plan()["res_id"]
        )
        self.assertEqual(plan.line_ids[0].date, date(2026, 1, 10))
        self.assertTrue(
            any(
                "already past when the plan was made: confirmed by" in body
                for body in plan.message_ids.mapped("body")
            )
        )

    @freeze_time("2026-01-20")
    def test_wizard_bad_input(self):
        inv1 = self._invoice(self.customer, 100.0, date(2026, 1, 5))
        inv_b = self._invoice(self.customer_b, 100.0, date(2026, 1, 5))
        with self.assertRaisesRegex(UserError, "one customer"):
            self._wizard(active_model="account.move", active_ids=(inv1 | inv_b).ids)
        form = self._wizard(active_model="account.move", active_ids=inv1.ids)
        form.installment_count = 0
        self.assertIn("au moins 1", form.schedule_error)
        with self.assertRaisesRegex(UserError, "au moins 1"):
            form.save().action_create_plan()

    @freeze_time("2026-01-20")
    def test_invoice_in_one_running_plan_only(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        self._plan(invoice, 2, date(2026, 2, 15))
        form = self._wizard(default_partner_id=self.customer.id)
        self.assertFalse(form.invoice_ids[:], "already in a running plan")
        with self.assertRaisesRegex(Exception, "already in the installment plan"):
            self._plan(invoice, 3, date(2026, 2, 15))

    # ------------------------------------------------------------- workflow
    @freeze_time("2026-01-20")
    def test_activation_needs_acceptance_date_and_signed_copy(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        plan = self._plan(invoice, 4, date(2026, 2, 15))
        plan.action_propose()
        self.assertEqual(plan.state, "proposed")
        self.assertEqual(plan.proposed_date, date(2026, 1, 20))
        with self.assertRaisesRegex(UserError, "date the customer accepted"):
            plan.action_activate()
        plan.acceptance_date = date(2026, 1, 25)
        with self.assertRaisesRegex(UserError, "signed by the customer"):
            plan.action_activate()
        with self.assertRaisesRegex(UserError, "only be changed while it is a draft"):
            plan.line_ids[0].amount = 10.0
        # Not ticked by default: nothing was signed when the plan was made.
        self.assertFalse(plan.acknowledgment_signed)
        plan.write({"signed_document": SIGNED, "acknowledgment_signed": True})
        self.assertEqual(invoice.recovery_next_level_id, self.level["courtesy"])
        plan.action_activate()
        self.assertEqual(plan.state, "active")
        self.assertFalse(invoice.recovery_next_level_id, "no next step while kept")
        self.assertFalse(invoice.recovery_next_date)
        self.assertEqual(invoice.recovery_acknowledgment_date, date(2026, 1, 25))
        self.assertEqual(invoice.with_user(self.user).recovery_plan_id, plan)
        self.assertEqual(self.customer.with_user(self.user).recovery_plan_count, 1)
        self.assertIn(plan.name, self.customer.message_ids[0].body)
        plan.action_breach()
        self.assertEqual(invoice.recovery_next_level_id, self.level["courtesy"])
        self.assertEqual(invoice.recovery_next_date, date(2026, 1, 8))

    def test_invoices_leave_the_ladder_while_the_plan_is_active(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        with freeze_time("2026-01-07"):
            plan = self._plan(invoice, 4, date(2026, 2, 15))
            self._activate(plan, date(2026, 1, 7))
        for day in (date(2026, 1, 8), date(2026, 1, 20), date(2026, 2, 20)):
            with freeze_time(day):
                self._run()
        self.assertFalse(self._actions(self.customer), "no reminder while kept")
        self.assertEqual(plan.state, "active")
        # A proposed plan does not stop the ladder.
        other = self._invoice(self.customer_b, 500.0, date(2026, 1, 5))
        with freeze_time("2026-01-08"):
            self._plan(other, 2, date(2026, 2, 15)).action_propose()
            self._run()
        self.assertEqual(
            self._actions(self.customer_b).level_id, self.level["courtesy"]
        )

    # ------------------------------------------------------------- payments
    def test_payments_fill_installments_in_date_order_across_invoices(self):
        inv1 = self._invoice(self.customer, 600.0, date(2026, 1, 5))
        inv2 = self._invoice(self.customer, 400.0, date(2026, 1, 10))
        with freeze_time("2026-01-20"):
            # Paid before the plan: not an installment, and not in the plan.
            self._pay(inv1, 100.0, date(2026, 1, 18))
            plan = self._plan(inv1 | inv2, 4, date(2026, 1, 31))
            self._activate(plan, date(2026, 1, 22))
        self.assertEqual(plan.line_ids.mapped("amount"), [225.0] * 4)
        with freeze_time("2026-02-10"):
            # The second invoice paid: fills the first installment, then the second.
            self._pay(inv2, 400.0, date(2026, 2, 10))
            self.assertEqual(
                self._schedule(plan),
                [
                    (date(2026, 1, 31), 225.0, 225.0, "paid"),
                    (date(2026, 2, 28), 225.0, 175.0, "partial"),
                    (date(2026, 3, 31), 225.0, 0.0, "to_come"),
                    (date(2026, 4, 30), 225.0, 0.0, "to_come"),
                ],
            )
            self.assertEqual(plan.amount_paid, 400.0)
            self.assertEqual(plan.amount_residual, 500.0)
            self.assertEqual(plan.next_date, date(2026, 2, 28))
            self.assertEqual(plan.next_amount, 50.0)
            self.assertEqual(plan.amount_late, 0.0)
        with freeze_time("2026-03-05"):
            self._pay(inv1, 200.0, date(2026, 3, 5))
        self.assertEqual(
            plan.line_ids.mapped("amount_paid"), [225.0, 225.0, 150.0, 0.0]
        )
        self.assertEqual(plan.line_ids[2].payment_status, "partial")
        self.assertEqual(plan.state, "active")

    def test_partial_payment_unreconciled_again(self):
        invoice = self._invoice(self.customer, 900.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._activate(
                self._plan(invoice, 3, date(2026, 2, 15)), date(2026, 1, 20)
            )
            payment = self._pay(invoice, 120.0, date(2026, 1, 25))
        line = plan.line_ids[0]
        self.assertEqual((line.amount_paid, line.payment_status), (120.0, "partial"))
        self.assertEqual(line.amount_due, 180.0)
        with freeze_time("2026-01-26"):
            payment.move_id.line_ids.remove_move_reconcile()
        self.assertEqual((line.amount_paid, line.payment_status), (0.0, "to_come"))
        self.assertEqual(plan.amount_paid, 0.0)

    def test_completion_closes_the_plan(self):
        invoice = self._invoice(self.customer, 900.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._activate(
                self._plan(invoice, 3, date(2026, 2, 15)), date(2026, 1, 20)
            )
        with freeze_time("2026-02-14"):
            self._pay(invoice, 300.0, date(2026, 2, 14))
        with freeze_time("2026-03-14"):
            self._pay(invoice, 300.0, date(2026, 3, 14))
        self.assertEqual(plan.state, "active")
        with freeze_time("2026-04-10"):
            self._pay(invoice, 300.0, date(2026, 4, 10))
        self.assertEqual(plan.state, "completed")
        self.assertEqual(plan.completion_date, date(2026, 4, 10))
        self.assertEqual(set(plan.line_ids.mapped("payment_status")), {"paid"})
        self.assertFalse(plan.next_date)
        self.assertIn("completed", plan.message_ids[0].body)

    def test_payment_interrupts_prescription_for_the_whole_plan(self):
        inv1 = self._invoice(self.customer, 600.0, date(2025, 6, 5))
        inv2 = self._invoice(self.customer, 400.0, date(2025, 7, 10))
        with freeze_time("2026-01-20"):
            plan = self._plan(inv1 | inv2, 4, date(2026, 2, 15))
            self._activate(plan, date(2026, 1, 20))
            self.assertEqual(inv2.recovery_prescription_date, date(2030, 7, 10))
        with freeze_time("2026-02-15"):
            self._pay(inv1, 250.0, date(2026, 2, 15))
            (inv1 | inv2).invalidate_recordset(["recovery_prescription_date"])
            # The installment paid on the first invoice restarts the five years
            # for the second one too.
            self.assertEqual(inv2.recovery_prescription_date, date(2031, 2, 15))
            self.assertEqual(inv1.recovery_prescription_date, date(2031, 2, 15))
        note = inv2.message_ids[0].body
        self.assertIn("prescription interrupted", note)
        self.assertIn("250.00", note)

    def test_signed_acknowledgment_interrupts_prescription(self):
        invoice = self._invoice(self.customer, 600.0, date(2025, 6, 5))
        with freeze_time("2026-01-20"):
            plan = self._plan(invoice, 2, date(2026, 2, 15))
            plan.acknowledgment_signed = True
            self._activate(plan, date(2026, 1, 22))
            self.assertEqual(invoice.recovery_prescription_date, date(2031, 1, 22))

    # ------------------------------------------------- grace days and breach
    def test_late_only_after_the_grace_days_then_breach(self):
        invoice = self._invoice(self.customer, 900.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._activate(
                self._plan(invoice, 3, date(2026, 3, 31)), date(2026, 1, 20)
            )
        line = plan.line_ids[0]
        with freeze_time("2026-03-31"):
            self._run()
        self.assertEqual(line.payment_status, "to_come")
        self.assertFalse(line.reminder_date)
        with freeze_time("2026-04-01"):
            self._run()
        self.assertEqual(line.payment_status, "due")
        self.assertEqual(line.reminder_date, date(2026, 4, 1))
        mails = self.env["mail.mail"].search(
            [("model", "=", "debt.recovery.plan.line"), ("res_id", "=", line.id)]
        )
        self.assertEqual(len(mails), 1, "one reminder for the missed installment")
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertIn("300.00", mails.body_html)
        with freeze_time("2026-04-05"):
            self._pay(invoice, 100.0, date(2026, 4, 5))
        with freeze_time("2026-04-08"):
            self._run()  # last of the 8 grace days
        self.assertEqual(line.payment_status, "partial")
        self.assertEqual(plan.state, "active")
        self.assertFalse(self._actions(self.customer))
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", "debt.recovery.plan.line")]
            ),
            1,
            "no second reminder",
        )
        with freeze_time("2026-04-09"):
            self._run()
        self.assertEqual(line.payment_status, "late")
        self.assertEqual(line.late_date, date(2026, 4, 9))
        self.assertEqual(plan.state, "breached")
        self.assertEqual(plan.breach_date, date(2026, 4, 9))
        self.assertEqual(plan.amount_late, 200.0)
        self.assertIn("back on the recovery ladder", invoice.message_ids[0].body)

    def test_breach_puts_invoices_back_on_the_ladder_where_they_stopped(self):
        invoice = self._invoice(self.customer, 2000.0, date(2026, 1, 5))
        other = self._invoice(self.customer, 500.0, date(2026, 1, 5))
        for day in (date(2026, 1, 8), date(2026, 1, 20), date(2026, 1, 30)):
            with freeze_time(day):
                self._run()
        with freeze_time("2026-02-04"):
            self._run()
        self.assertEqual(invoice.recovery_level_id, self.level["firm"])
        with freeze_time("2026-02-05"):
            plan = self._activate(
                self._plan(invoice | other, 4, date(2026, 2, 28)), date(2026, 2, 5)
            )
        with freeze_time("2026-03-08"):
            self._run()  # 28 Feb + 8 grace days: still kept
        self.assertEqual(plan.state, "active")
        self.assertEqual(len(self._actions(self.customer)), 4)
        with freeze_time("2026-03-09"):
            self._run()
        self.assertEqual(plan.state, "breached")
        self.assertEqual(
            len(self._actions(self.customer)), 4, "breached after the batch"
        )
        note = invoice.message_ids[0].body
        self.assertIn(self.level["firm"].name, note)
        self.assertIn("2,500.00", note)
        with freeze_time("2026-03-10"):
            self._run()
        action = self._actions(self.customer)[-1]
        self.assertEqual(action.level_id, self.level["formal_notice"])
        self.assertEqual(action.invoice_ids, invoice | other)
        self.assertEqual(action.state, "to_validate")

    def test_without_acceleration_a_late_installment_asks_a_decision(self):
        invoice = self._invoice(self.customer, 900.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._plan(invoice, 3, date(2026, 2, 15))
            plan.write({"acceleration_clause": False, "grace_days": 0})
            self._activate(plan, date(2026, 1, 20))
        with freeze_time("2026-02-16"):
            self._run()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.line_ids[0].payment_status, "late")
        self.assertEqual(plan.amount_late, 300.0)
        self.assertIn("keep or break", plan.activity_ids.summary)
        self.assertFalse(self._actions(self.customer))
        plan.action_breach()
        self.assertEqual(plan.state, "breached")

    def test_consumer_plan_breaks_only_after_the_notice_period(self):
        """Cass. 1re civ., 22 March 2023, n° 21-16.044: against a consumer,
        no acceleration without a formal notice giving a stated period."""
        consumer = self._make_customer(
            "Julien Morel", is_company=False, email="julien.morel@example.com"
        )
        invoice = self._invoice(consumer, 900.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._plan(invoice, 3, date(2026, 3, 31))
            self.assertTrue(plan.is_consumer)
            self.assertEqual(plan.acceleration_notice_days, 30, "company default")
            with self.assertRaises(ValidationError):
                plan.acceleration_notice_days = 10
            self._activate(plan, date(2026, 1, 20))
        # 31 March + 8 grace days: late on 9 April, when a professional's
        # plan breaks (test above); a consumer's waits for the notice.
        with freeze_time("2026-04-09"):
            self._run()
        self.assertEqual(plan.line_ids[0].payment_status, "late")
        self.assertEqual(plan.state, "active")
        self.assertIn("formal notice before acceleration", plan.activity_ids.summary)
        self.assertFalse(self._actions(consumer))
        # Notice received on 14 April: 30 days, the customer may pay until
        # 14 May (14 April + 30 days) included; broken on 15 May.
        plan.acceleration_notice_date = date(2026, 4, 14)
        with freeze_time("2026-05-14"):
            self._run()
        self.assertEqual(plan.state, "active")
        with freeze_time("2026-05-15"):
            self._run()
        self.assertEqual(plan.state, "breached")
        self.assertEqual(plan.breach_date, date(2026, 5, 15))

    def test_consumer_notice_period_above_15_days(self):
        """Cass. 1re civ., 29 May 2024, n° 23-12.904: a clause making the
        balance due after a formal notice left unpaid for 15 days is abusive
        (C. conso. L212-1). Worked case: a consumer plan with a 15-day notice
        is refused, both as the company's default and on the plan; 16 days,
        the first period above 15, is accepted."""
        with self.assertRaises(ValidationError):
            self.company.debt_recovery_plan_consumer_notice_days = 14
        with self.assertRaisesRegex(ValidationError, "15 days were held abusive"):
            self.company.debt_recovery_plan_consumer_notice_days = 15
        self.company.debt_recovery_plan_consumer_notice_days = 16
        consumer = self._make_customer(
            "Julie Garnier", is_company=False, email="julie.garnier@example.com"
        )
        invoice = self._invoice(consumer, 900.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._plan(invoice, 3, date(2026, 3, 31))
            self.assertEqual(plan.acceleration_notice_days, 16)
            with self.assertRaisesRegex(ValidationError, "15 days were held abusive"):
                plan.acceleration_notice_days = 15
            plan.acceleration_notice_days = 16

    # ---------------------------------------------------------------- access
    @freeze_time("2026-01-20")
    def test_recovery_user_does_the_whole_path(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        plan = self._plan(invoice, 2, date(2026, 2, 15), user=self.user)
        self.assertEqual(plan.env.user, self.user)
        self._activate(plan, date(2026, 1, 20))
        self.assertEqual(plan.state, "active")
        with self.assertRaisesRegex(UserError, "recovery manager"):
            plan.action_cancel()
        self._cancel_with_reason(plan, self.manager)
        self.assertEqual(plan.state, "cancelled")

    @freeze_time("2026-01-20")
    def test_invoicing_user_cannot_make_plans(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        with self.assertRaises(AccessError):
            self._plan(invoice, 2, date(2026, 2, 15), user=self.invoicing_user)
        with self.assertRaises(AccessError):
            self.env["debt.recovery.plan"].with_user(self.invoicing_user).create(
                {"partner_id": self.customer.id}
            )
        plan = self._plan(invoice, 2, date(2026, 2, 15))
        with self.assertRaises(AccessError):
            plan.with_user(self.invoicing_user).read(["state"])
        # The invoicing user still opens and pays the invoice.
        form = Form(invoice.with_user(self.invoicing_user))
        self.assertEqual(form.amount_residual, 1000.0)

    def test_invoicing_user_registers_a_payment_on_a_plan_invoice(self):
        invoice = self._invoice(self.customer, 600.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            plan = self._activate(
                self._plan(invoice, 2, date(2026, 2, 15)), date(2026, 1, 20)
            )
        with freeze_time("2026-02-10"):
            wizard = (
                self.env["account.payment.register"]
                .with_user(self.invoicing_user)
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"amount": 300.0, "payment_date": date(2026, 2, 10)})
            )
            wizard._create_payments()
        self.assertEqual(plan.line_ids[0].payment_status, "paid")
        self.assertEqual(plan.amount_paid, 300.0)
        self.assertIn("prescription interrupted", invoice.message_ids[0].body)

    @freeze_time("2026-01-20")
    def test_other_company_plans_are_hidden(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        plan = self._plan(invoice, 2, date(2026, 2, 15))
        other_company = self.env["res.company"].create({"name": "Autre Société SAS"})
        other_user = new_test_user(
            self.env,
            login="recovery_user_2",
            groups="l10n_fr_debt_recovery.group_debt_recovery_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(
            self.env["debt.recovery.plan"]
            .with_user(other_user)
            .search([("id", "=", plan.id)])
        )


@tagged("post_install", "-at_install")
class TestPlanAfterNotice(DebtRecoveryCase):
    def test_no_litigation_while_kept_then_file_when_broken(self):
        patcher = patch.object(
            type(self.env["debt.recovery.notice"]), "_render_letter", lambda r: None
        )
        patcher.start()
        self.addCleanup(patcher.stop)
        invoice = self._invoice(
            self.customer, 3000.0, date(2025, 12, 6), date(2026, 1, 5)
        )
        invoice.sudo().write(
            {
                "recovery_level_id": self.level["firm"].id,
                "recovery_last_date": date(2026, 2, 4),
            }
        )
        with freeze_time("2026-02-19"):
            self._run()
        notice = self._actions(self.customer).notice_id
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
            notice.with_user(self.user).write({"tracking_number": "1A 000 000 0001 2"})
            notice.with_user(self.user).action_send()
        with freeze_time("2026-02-23"):
            notice.with_user(self.user).receipt_date = date(2026, 2, 23)
            notice.with_user(self.user).action_mark_received()
            action = notice.with_user(self.user).action_new_recovery_plan()
            form = Form(
                self.env["debt.recovery.plan.wizard"]
                .with_user(self.user)
                .with_context(**action["context"])
            )
            self.assertEqual(form.invoice_ids[:], invoice)
            form.installment_count = 3
            form.first_date = date(2026, 3, 15)
            plan = self.env["debt.recovery.plan"].browse(
                form.save().action_create_plan()["res_id"]
            )
            plan.with_user(self.user).action_propose()
            plan.with_user(self.user).write(
                {"acceptance_date": date(2026, 2, 23), "signed_document": SIGNED}
            )
            plan.with_user(self.user).action_activate()
        with freeze_time("2026-03-10"):
            self._run()  # the notice's deadline has passed
        self.assertEqual(notice.state, "expired")
        self.assertFalse(notice.case_id, "no litigation while the plan is kept")
        self.assertIn(plan.name, notice.message_ids[0].body)
        with freeze_time("2026-03-24"):
            self._run()  # 15 March + 8 grace days passed unpaid
        self.assertEqual(plan.state, "breached")
        self.assertTrue(notice.case_id, "the litigation file once the plan is broken")
        self.assertEqual(notice.case_id.invoice_ids, invoice)
