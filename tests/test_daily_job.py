from contextlib import ExitStack
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DebtRecoveryCase


@tagged("post_install", "-at_install")
class TestDailyJob(DebtRecoveryCase):
    def _steps(self, partner):
        return [(a.date, a.level_id.code, a.state) for a in self._actions(partner)]

    def test_one_invoice_climbs_the_ladder_day_by_day(self):
        invoice = self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        expected = {
            date(2026, 1, 8): ("courtesy", "done"),  # due + 3
            date(2026, 1, 20): ("amicable", "done"),  # due + 15
            date(2026, 1, 30): ("phone", "done"),  # due + 25
            date(2026, 2, 4): ("firm", "done"),  # due + 30
            date(2026, 2, 19): ("formal_notice", "to_validate"),  # due + 45
        }
        day = date(2026, 1, 5)
        while day <= date(2026, 3, 1):
            with freeze_time(day):
                self._run()
            day = date.fromordinal(day.toordinal() + 1)
        steps = self._steps(self.customer)
        self.assertEqual(
            steps, [(d, code, state) for d, (code, state) in sorted(expected.items())]
        )
        self.assertEqual(invoice.recovery_level_id, self.level["formal_notice"])
        self.assertEqual(invoice.recovery_last_date, date(2026, 2, 19))
        # Every step is in the customer's chatter.
        bodies = self.customer.message_ids.mapped("body")
        self.assertEqual(sum("REL/" in body for body in bodies), 5)

    @freeze_time("2026-02-10")
    def test_courtesy_email_queued_with_invoices(self):
        invoice = self._invoice(
            self.customer, 1200.0, date(2026, 2, 1), date(2026, 2, 5)
        )
        self._run()
        action = self._actions(self.customer)
        self.assertEqual(action.level_id.code, "courtesy")
        self.assertEqual(action.state, "done")
        self.assertEqual(action.invoice_ids, invoice)
        mail = action.mail_id
        self.assertTrue(mail, "the courtesy email is queued")
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(invoice.name, mail.body_html)
        self.assertIn(invoice.get_portal_url(), mail.body_html)
        self.assertEqual(action.amount_due, 1200.0)
        self.assertEqual(action.amount_total, 1200.0, "courtesy: no penalties claimed")
        self.assertGreater(action.amount_penalty, 0, "penalties are still recorded")
        self.assertEqual(action.amount_indemnity, 40.0)

    @freeze_time("2026-02-10")
    def test_invoices_of_a_customer_grouped_in_one_action(self):
        inv1 = self._invoice(self.customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        inv2 = self._invoice(self.customer, 250.0, date(2026, 1, 25), date(2026, 2, 6))
        inv_b = self._invoice(
            self.customer_b, 80.0, date(2026, 1, 20), date(2026, 2, 1)
        )
        self._run()
        action = self._actions(self.customer)
        self.assertEqual(len(action), 1)
        self.assertEqual(action.invoice_ids, inv1 | inv2)
        self.assertEqual(action.amount_due, 350.0)
        self.assertEqual(self._actions(self.customer_b).invoice_ids, inv_b)

    @freeze_time("2026-02-10")
    def test_second_run_same_day_creates_nothing(self):
        self._invoice(self.customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        self._run()
        mails = self.env["mail.mail"].search_count([])
        result = self._run()
        self.assertEqual(result["done"], 0)
        self.assertEqual(len(self._actions(self.customer)), 1)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)

    @freeze_time("2026-02-10")
    def test_failed_batch_rolled_back_then_rerun_gives_one_action_each(self):
        customers = [self.customer, self.customer_b] + [
            self._make_customer("Client %s SARL" % i) for i in range(3)
        ]
        for customer in customers:
            self._invoice(customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        Action = type(self.env["debt.recovery.action"])
        original = Action._recovery_process_batch
        victim = self.customer_b.id

        def flaky(self_, decisions, today):
            result = original(self_, decisions, today)
            if any(d.partner_id == victim for d in decisions):
                raise RuntimeError("injected failure after the batch did its work")
            return result

        with patch.object(Action, "_recovery_process_batch", flaky):
            with self.assertLogs(
                "odoo.addons.l10n_fr_debt_recovery.models.debt_recovery_daily_job",
                level="ERROR",
            ):
                result = self.env["debt.recovery.action"]._cron_daily_run(batch_size=2)
        self.assertEqual(result["failed"], 2)
        self.assertFalse(
            self._actions(self.customer_b), "the failed batch left nothing"
        )
        self._run()
        for customer in customers:
            self.assertEqual(len(self._actions(customer)), 1, customer.name)
        mails = self.env["mail.mail"].search([("model", "=", "debt.recovery.action")])
        self.assertEqual(len(mails), len(customers), "one email per customer, no more")

    @freeze_time("2026-02-10")
    def test_customer_locked_by_another_worker_is_left_to_it(self):
        self._invoice(self.customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        self._invoice(self.customer_b, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        with self.registry.cursor() as other_worker:
            other_worker.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", (74311, self.customer.id)
            )
            self._run()
            self.assertFalse(self._actions(self.customer))
            self.assertEqual(len(self._actions(self.customer_b)), 1)

    @freeze_time("2026-02-10")
    def test_step_created_meanwhile_by_another_worker_is_not_duplicated(self):
        invoice = self._invoice(
            self.customer, 100.0, date(2026, 1, 20), date(2026, 2, 5)
        )
        Action = self.env["debt.recovery.action"]
        decisions, _skipped = Action._recovery_decide(
            self.env["res.company"].search([]), date.today()
        )
        # The other worker did this customer between our decision and our batch.
        Action._recovery_process_batch(decisions, date.today())
        self.assertEqual(self._actions(self.customer).invoice_ids, invoice)
        Action._recovery_process_batch(decisions, date.today())
        self.assertEqual(len(self._actions(self.customer)), 1)

    def test_exclusion_until_a_date(self):
        invoice = self._invoice(
            self.customer, 300.0, date(2026, 1, 20), date(2026, 2, 5)
        )
        invoice.with_user(self.user).write(
            {
                "recovery_excluded": True,
                "recovery_exclusion_reason": "promise",
                "recovery_excluded_until": date(2026, 2, 20),
            }
        )
        self.assertEqual(invoice.recovery_excluded_by_id, self.user)
        self.assertEqual(invoice.recovery_next_date, date(2026, 2, 21))
        with freeze_time("2026-02-20"):
            self._run()
        self.assertFalse(self._actions(self.customer), "promise to pay until the 20th")
        with freeze_time("2026-02-21"):
            self._run()
        self.assertEqual(self._actions(self.customer).level_id, self.level["courtesy"])

    def test_dispute_without_end_date_stops_recovery(self):
        invoice = self._invoice(
            self.customer, 300.0, date(2026, 1, 20), date(2026, 2, 5)
        )
        invoice.write(
            {"recovery_excluded": True, "recovery_exclusion_reason": "dispute"}
        )
        self.assertFalse(invoice.recovery_next_date, "no next step while disputed")
        with freeze_time("2026-04-01"):
            self._run()
        self.assertFalse(self._actions(self.customer))

    def test_paid_invoice_leaves_the_ladder(self):
        invoice = self._invoice(
            self.customer, 300.0, date(2026, 1, 20), date(2026, 2, 5)
        )
        with freeze_time("2026-02-08"):
            self._run()
        self.assertEqual(self.customer.recovery_overdue_amount, 300.0)
        with freeze_time("2026-02-15"):
            self._pay(invoice)
        with freeze_time("2026-02-25"):
            self._run()
        self.assertEqual(
            len(self._actions(self.customer)), 1, "only the courtesy email"
        )
        self.assertEqual(self.customer.recovery_overdue_amount, 0.0)
        self.assertFalse(self.customer.recovery_level_id)

    def test_min_gap_between_two_letters(self):
        # Two invoices four days apart: the second's courtesy waits for the gap.
        self._invoice(self.customer, 100.0, date(2026, 1, 1), date(2026, 2, 1))
        self._invoice(self.customer, 100.0, date(2026, 1, 1), date(2026, 2, 5))
        self.level["courtesy"].min_gap_days = 7
        with freeze_time("2026-02-04"):
            self._run()  # courtesy for the first only (the second is not late yet)
        for day in (5, 6, 7, 8, 9, 10):
            with freeze_time(date(2026, 2, day)):
                self._run()
        self.assertEqual(len(self._actions(self.customer)), 1, "7 days gap not reached")
        with freeze_time("2026-02-11"):
            self._run()
        self.assertEqual(len(self._actions(self.customer)), 2)

    def test_collective_procedure_stops_everything(self):
        self.customer.write(
            {
                "recovery_collective_procedure": True,
                "recovery_collective_procedure_date": date(2026, 2, 1),
            }
        )
        invoice = self._invoice(
            self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 31)
        )
        with freeze_time("2026-04-01"):
            self._run()
            self.assertFalse(self._actions(self.customer))
            self.assertEqual(invoice.recovery_penalty_amount, 0.0)
            self.assertEqual(invoice.recovery_indemnity_amount, 0.0)

    def test_minimum_amount_and_credit_notes(self):
        self.company.debt_recovery_min_amount = 50.0
        self._invoice(self.customer, 40.0, date(2026, 1, 1), date(2026, 1, 31))
        self._invoice(self.customer_b, 500.0, date(2026, 1, 1), date(2026, 1, 31))
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer_b.id,
                "invoice_date": date(2026, 2, 1),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Avoir",
                            "quantity": 1,
                            "price_unit": 120.0,
                            "tax_ids": [],
                        },
                    )
                ],
            }
        )
        refund.action_post()
        with freeze_time("2026-02-05"):
            self._run()
        self.assertFalse(self._actions(self.customer), "40 € is below the minimum")
        action = self._actions(self.customer_b)
        self.assertEqual(action.amount_due, 500.0)
        self.assertEqual(action.amount_credit, 120.0)
        self.assertEqual(action.amount_total, 380.0)

    def test_excluded_journal(self):
        journal = self.company_data["default_journal_sale"]
        self.company.debt_recovery_excluded_journal_ids = journal
        self._invoice(self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 31))
        with freeze_time("2026-02-05"):
            self._run()
        self.assertFalse(self._actions(self.customer))

    def test_customer_without_email_fails_with_a_clear_reason(self):
        self.customer.email = False
        self._invoice(self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 31))
        with freeze_time("2026-02-05"):
            self._run()
        action = self._actions(self.customer)
        self.assertEqual(action.state, "failed")
        self.assertIn("no email address", action.failure_reason)
        self.customer.email = "paiement@durand.example"
        with freeze_time("2026-02-05"):
            action.with_user(self.user).action_retry()
        self.assertEqual(action.state, "done")
        self.assertTrue(action.mail_id)

    def test_phone_step_creates_a_call_activity_for_the_responsible(self):
        self.customer.with_company(self.company).recovery_user_id = self.user
        invoice = self._invoice(
            self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 5)
        )
        invoice.write(
            {
                "recovery_level_id": self.level["amicable"].id,
                "recovery_last_date": date(2026, 1, 20),
            }
        )
        with freeze_time("2026-01-30"):
            self._run()
        action = self._actions(self.customer)
        self.assertEqual(action.level_id.code, "phone")
        activity = action.activity_ids
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(activity.user_id, self.user)

    def test_formal_notice_waits_for_a_manager(self):
        invoice = self._invoice(
            self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 5)
        )
        invoice.write(
            {
                "recovery_level_id": self.level["firm"].id,
                "recovery_last_date": date(2026, 2, 4),
            }
        )
        with freeze_time("2026-02-19"):
            self._run()
        action = self._actions(self.customer)
        self.assertEqual(action.state, "to_validate")
        self.assertTrue(action.activity_ids)
        # Reaching the formal-notice step suspends the customer, once per batch.
        self.assertTrue(self.customer.with_company(self.company).recovery_suspended)
        with self.assertRaises(UserError):
            action.with_user(self.user).action_validate()

    def test_done_action_cannot_be_deleted(self):
        self._invoice(self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 31))
        with freeze_time("2026-02-05"):
            self._run()
        action = self._actions(self.customer)
        with self.assertRaises(UserError):
            action.with_user(self.manager).unlink()

    def test_cancelling_a_step_puts_invoices_back(self):
        invoice = self._invoice(
            self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 5)
        )
        with freeze_time("2026-01-08"):
            self._run()
        with freeze_time("2026-01-20"):
            self._run()
        self.assertEqual(invoice.recovery_level_id, self.level["amicable"])
        self._cancel_with_reason(self._actions(self.customer)[-1], self.manager)
        self.assertEqual(invoice.recovery_level_id, self.level["courtesy"])
        self.assertEqual(invoice.recovery_last_date, date(2026, 1, 8))

    def test_multi_company_isolation(self):
        other = self._create_company(name="Société Sœur SAS")
        self._invoice(self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 31))
        self._invoice(
            self.customer, 700.0, date(2026, 1, 1), date(2026, 1, 31), company=other
        )
        with freeze_time("2026-02-05"):
            self._run()
        mine = self._actions(self.customer)
        theirs = self.env["debt.recovery.action"].search(
            [("company_id", "=", other.id), ("partner_id", "=", self.customer.id)]
        )
        self.assertEqual((mine.amount_due, theirs.amount_due), (500.0, 700.0))
        self.assertEqual(
            self.env["debt.recovery.action"].with_user(self.user).search([]),
            mine,
            "a user of the first company sees only its actions",
        )
        self.assertEqual(
            self.customer.with_company(self.company).recovery_overdue_amount, 500.0
        )
        self.assertEqual(
            self.customer.with_company(other).recovery_overdue_amount, 700.0
        )

    def test_decision_queries_do_not_depend_on_invoice_count(self):
        Action = self.env["debt.recovery.action"]
        companies = self.env["res.company"].search([])

        def count_queries():
            self.env.invalidate_all()
            self.env.flush_all()
            with freeze_time("2026-02-20"):
                before = self.cr.sql_log_count
                decisions, _skipped = Action._recovery_decide(
                    companies, date(2026, 2, 20)
                )
                return self.cr.sql_log_count - before, decisions

        customers = [self._make_customer("Client %s" % i) for i in range(20)]
        for i in range(10):
            self._invoice(
                customers[i % 20], 100.0 + i, date(2026, 1, 1), date(2026, 1, 31)
            )
        small, decisions = count_queries()
        self.assertEqual(len(decisions), 10)
        for i in range(190):
            self._invoice(
                customers[i % 20], 100.0 + i, date(2026, 1, 1), date(2026, 1, 31)
            )
        large, decisions = count_queries()
        self.assertEqual(len(decisions), 20)
        self.assertEqual(small, large)
        self.assertLessEqual(large, 6)

    @freeze_time("2026-02-10")
    def test_batch_rendering_gives_the_same_emails(self):
        """The job compiles each email template once per batch: the emails are
        the same as the ones Odoo renders record by record."""
        self._invoice(self.customer, 1200.0, date(2026, 2, 1), date(2026, 2, 5))
        self._invoice(self.customer_b, 830.5, date(2026, 2, 1), date(2026, 2, 6))
        self._run()
        actions = self._actions()
        self.assertEqual(len(actions), 2)
        template = actions.level_id.mail_template_id
        IrQweb = type(self.env["ir.qweb"])
        with patch.object(
            IrQweb, "_compile", autospec=True, side_effect=IrQweb._compile
        ) as compiled:
            standard = template._render_field("body_html", actions.ids)
            self.assertEqual(compiled.call_count, 2, "Odoo compiles once per record")
            compiled.reset_mock()
            batched = template.with_context(
                debt_recovery_batch_render=True
            )._render_field("body_html", actions.ids)
            self.assertEqual(compiled.call_count, 1, "compiled once for the batch")
        self.assertEqual(batched, standard)
        for action in actions:
            self.assertIn(action.invoice_ids.name, batched[action.id])
            self.assertEqual(action.mail_id.body_html, standard[action.id])
        # One note per step on each customer, no tracking noise on invoices.
        for action in actions:
            notes = action.partner_id.message_ids.filtered(
                lambda m, ref=action.name: ref in (m.body or "")
            )
            self.assertEqual(len(notes), 1)
            self.assertFalse(
                action.invoice_ids.message_ids.tracking_value_ids,
                "the job does not track the level change on each invoice",
            )

    def test_one_letter_covers_the_whole_overdue_account(self):
        """An invoice that is late but behind on the ladder joins the letter of
        the customer's most advanced invoice: one letter, not one per invoice."""
        old = self._invoice(self.customer, 1000.0, date(2026, 1, 2), date(2026, 1, 5))
        with freeze_time("2026-01-08"):
            self._run()  # courtesy for the old invoice
        recent = self._invoice(
            self.customer, 300.0, date(2026, 1, 10), date(2026, 1, 15)
        )
        with freeze_time("2026-01-20"):
            self._run()  # amicable due for the old one, courtesy for the recent one
        action = self._actions(self.customer)[-1]
        self.assertEqual(action.level_id.code, "amicable")
        self.assertEqual(action.invoice_ids, old | recent)
        self.assertEqual(action.amount_due, 1300.0)
        self.assertEqual(recent.recovery_level_id, self.level["amicable"])
        with freeze_time("2026-01-21"):
            self._run()
        self.assertEqual(len(self._actions(self.customer)), 2, "no separate courtesy")

    def test_phone_call_does_not_carry_earlier_steps(self):
        """A phone call is not a letter: an invoice waiting for its courtesy
        email still gets it, after the call."""
        old = self._invoice(self.customer, 1000.0, date(2026, 1, 2), date(2026, 1, 5))
        for day in ("2026-01-08", "2026-01-20"):
            with freeze_time(day):
                self._run()
        recent = self._invoice(
            self.customer, 300.0, date(2026, 1, 20), date(2026, 1, 26)
        )
        with freeze_time("2026-01-30"):
            self._run()  # phone for the old one; the recent one waits
        call = self._actions(self.customer)[-1]
        self.assertEqual(call.level_id.code, "phone")
        self.assertEqual(call.invoice_ids, old)
        self.assertFalse(recent.recovery_level_id)

    def test_daily_phases_run_once_each_in_their_written_order(self):
        """What the job does after its batches is written once, in order, in
        ``_recovery_daily_phases()``: a run calls each phase once, in that
        order, whatever the order of the imports."""
        expected = [
            "_recovery_daily_promises",
            "_recovery_daily_plans",
            "_recovery_daily_notices",
            "_recovery_prescription_watch",
            "_recovery_daily_customer_status",
            "_recovery_daily_suspensions",
        ]
        Action = self.env["debt.recovery.action"]
        self.assertEqual(
            [phase.__name__ for phase in Action._recovery_daily_phases()], expected
        )
        calls = []

        def recording(name, original):
            def phase(self_, companies, today):
                calls.append(name)
                return original(self_, companies, today)

            return phase

        with ExitStack() as stack:
            for name in expected:
                original = getattr(type(Action), name)
                stack.enter_context(
                    patch.object(type(Action), name, recording(name, original))
                )
            with freeze_time("2026-02-10"):
                self._run()
        self.assertEqual(calls, expected)
