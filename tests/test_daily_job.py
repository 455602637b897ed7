from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import html2plaintext

from ..models.bulk_insert import message_body_sanitizer
from ..models.debt_recovery_run import LOCK_NAMESPACE
from .common import DebtRecoveryCase

DAILY_CRON = "l10n_fr_debt_recovery.ir_cron_debt_recovery_daily"


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
        Action = type(self.env["debt.recovery.run"])
        original = Action._make_steps
        victim = self.customer_b.id

        def flaky(self_, decisions, today):
            result = original(self_, decisions, today)
            if any(d.partner_id == victim for d in decisions):
                raise RuntimeError("injected failure after the batch did its work")
            return result

        with patch.object(Action, "_make_steps", flaky):
            with self.assertLogs(
                "odoo.addons.l10n_fr_debt_recovery.models.debt_recovery_run",
                level="ERROR",
            ):
                result = self.env["debt.recovery.run"]._cron_daily_run(batch_size=2)
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
        Action = self.env["debt.recovery.run"]
        decisions, _skipped = Action._decide(
            self.env["res.company"].search([]), date.today()
        )
        # The other worker did this customer between our decision and our batch.
        Action._make_steps(decisions, date.today())
        self.assertEqual(self._actions(self.customer).invoice_ids, invoice)
        Action._make_steps(decisions, date.today())
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
            # No penalty: they would run from 1 February, the opening day,
            # which stops them (C. com. L622-28). The 40 € is owed: the
            # invoice was payable at its due date, the day before the
            # opening (L441-10 II, last sentence); it is declared, not chased.
            self.assertEqual(invoice.recovery_penalty_amount, 0.0)
            self.assertEqual(invoice.recovery_indemnity_amount, 40.0)

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
        invoice.sudo().write(
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
        invoice.sudo().write(
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
        Action = self.env["debt.recovery.run"]
        companies = self.env["res.company"].search([])

        def count_queries():
            self.env.invalidate_all()
            self.env.flush_all()
            with freeze_time("2026-02-20"):
                before = self.cr.sql_log_count
                decisions, _skipped = Action._decide(companies, date(2026, 2, 20))
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
            batched = template._recovery_batch_render()._render_field(
                "body_html", actions.ids
            )
            self.assertEqual(compiled.call_count, 1, "compiled once for the batch")
            # A client's context cannot switch it on (JSON cannot hold the
            # server's sentinel): a forged key renders record by record.
            compiled.reset_mock()
            forged = template.with_context(
                debt_recovery_batch_render=True
            )._render_field("body_html", actions.ids)
            self.assertEqual(compiled.call_count, 2, "the forged key is ignored")
        self.assertEqual(batched, standard)
        self.assertEqual(forged, standard)
        sanitize = message_body_sanitizer(self.env)
        for action in actions:
            self.assertIn(action.invoice_ids.name, batched[action.id])
            # The email is stored sanitized as its chatter message is.
            self.assertEqual(action.mail_id.body_html, sanitize(standard[action.id]))
        # One note per step on each customer, none copied on the invoices (their
        # Recovery tab lists the steps), no tracking noise on invoices.
        for action in actions:
            notes = action.partner_id.message_ids.filtered(
                lambda m, ref=action.name: ref in (m.body or "")
            )
            self.assertEqual(len(notes), 1)
            self.assertFalse(
                action.invoice_ids.message_ids.filtered(
                    lambda m, ref=action.name: ref in (m.body or "")
                )
            )
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
        ``_daily_phases()``: a run calls each phase once, in that
        order, whatever the order of the imports."""
        expected = [
            "_phase_promises",
            "_phase_plans",
            "_phase_notices",
            "_phase_guarantees",
            "_phase_prescription",
            "_phase_customer_status",
            "_phase_suspensions",
        ]
        Action = self.env["debt.recovery.run"]
        self.assertEqual([phase.__name__ for phase in Action._daily_phases()], expected)
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

    # ------------------------------------------------------------- Run now
    def _run_now(self, user):
        return self.env["debt.recovery.action"].with_user(user).action_run_now()

    def test_run_now_header_buttons_as_the_web_client_calls_them(self):
        """ "Run now" (steps list) and "Run the daily job" (worklist) are
        list-header buttons shown without a selection: the web client calls
        them through ``call_kw`` with the selected ids, or with none. Both
        ways run the job for a recovery manager (they used to fail with
        "takes 1 positional argument but 2 were given")."""
        self._invoice(self.customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        self._invoice(self.customer_b, 80.0, date(2026, 1, 20), date(2026, 2, 1))
        buttons = [
            ("debt.recovery.action", "action_run_now", []),
            ("debt.recovery.worklist", "action_recovery_run_now", []),
            # Ignored (see action_run_now): any ids the list may send.
            ("debt.recovery.worklist", "action_recovery_run_now", [1]),
        ]
        with freeze_time("2026-02-10"):
            for model, method, ids in buttons:
                result = call_kw(
                    self.env[model].with_user(self.manager), method, [ids], {}
                )
                self.assertEqual(result["tag"], "display_notification", method)
            self.assertEqual(len(self._actions(self.customer)), 1)
            self.assertEqual(len(self._actions(self.customer_b)), 1)
            existing = self.env["debt.recovery.action"].search(
                [("partner_id", "=", self.customer.id)]
            )
            result = call_kw(
                self.env["debt.recovery.action"].with_user(self.manager),
                "action_run_now",
                [existing.ids],
                {},
            )
        self.assertTrue(result["params"]["message"].startswith("0 customer(s)"))

    @contextmanager
    def _cron_worker(self):
        """A cron worker on its own cursor starting the daily job as the cron
        framework does (``ir.cron._acquire_one_job``: the job is ready, its
        row locked FOR NO KEY UPDATE SKIP LOCKED). Yields the job, or None
        when the worker could not take it; rolled back at the end."""
        cron = self.env.ref(DAILY_CRON)
        with self.registry.cursor() as cron_cr:
            try:
                cron_cr.execute(
                    """INSERT INTO ir_cron_trigger (cron_id, call_at)
                       VALUES (%s, (now() AT TIME ZONE 'UTC') - interval '1 minute')""",
                    [cron.id],
                )
                yield type(self.env["ir.cron"])._acquire_one_job(cron_cr, cron.id)
            finally:
                cron_cr.rollback()

    def test_run_now_is_for_recovery_managers_only(self):
        """A portal user, a salesperson and a plain recovery user cannot
        start the daily job; a recovery manager can."""
        portal = new_test_user(
            self.env, login="run_now_portal", groups="base.group_portal"
        )
        salesperson = new_test_user(
            self.env,
            login="run_now_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self._invoice(self.customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        with freeze_time("2026-02-10"):
            for user in (portal, salesperson, self.user):
                with self.assertRaises(AccessError, msg=user.login):
                    self._run_now(user)
                with self.assertRaises(UserError, msg=user.login):
                    self.env["debt.recovery.worklist"].with_user(
                        user
                    ).action_recovery_run_now()
            self.assertFalse(self._actions(self.customer), "nothing was run")
            notification = self._run_now(self.manager)
        self.assertEqual(len(self._actions(self.customer)), 1)
        self.assertTrue(
            notification["params"]["message"].startswith("1 customer(s) processed")
        )

    @freeze_time("2026-02-10")
    def test_run_now_only_in_the_companies_of_the_user(self):
        other = self._create_company(name="Société Sœur SAS")
        self._invoice(self.customer, 500.0, date(2026, 1, 1), date(2026, 1, 31))
        self._invoice(
            self.customer, 700.0, date(2026, 1, 1), date(2026, 1, 31), company=other
        )
        Action = self.env["debt.recovery.action"]
        self._run_now(self.manager)
        self.assertEqual(self._actions(self.customer).amount_due, 500.0)
        self.assertFalse(
            Action.search([("company_id", "=", other.id)]),
            "not in a company the manager does not work in",
        )
        # A manager of both companies runs it for the companies selected.
        self.manager.company_ids = [Command.link(other.id)]
        Action.with_user(self.manager).with_context(
            allowed_company_ids=[other.id]
        ).action_run_now()
        self.assertEqual(
            Action.search([("company_id", "=", other.id)]).amount_due, 700.0
        )
        # Not for a company that is not its own, whatever the context says.
        third = self._create_company(name="Société Tierce SAS")
        with self.assertRaises(AccessError):
            Action.with_user(self.manager).with_context(
                allowed_company_ids=[third.id]
            ).action_run_now()

    @freeze_time("2026-02-10")
    def test_cron_and_run_now_concurrently(self):
        """The cron and "Run now" on two cursors share the job's lock: "Run
        now" pressed while the cron runs is refused ("running, try again
        later"), a cron worker finds the job taken while "Run now" runs, and
        every customer is handled once that day, with true counts."""
        customers = [self.customer, self.customer_b] + [
            self._make_customer("Client %s SARL" % i) for i in range(3)
        ]
        for customer in customers:
            self._invoice(customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        Action = type(self.env["debt.recovery.run"])
        original = Action._make_steps
        during = []

        def batch_then_run_now(self_, decisions, today):
            actions = original(self_, decisions, today)
            if not during:
                try:
                    self._run_now(self.manager)
                    during.append("ran")
                except UserError as error:
                    during.append(str(error))
            return actions

        # 1. A cron worker took the job and runs it (in batches of two);
        #    "Run now" is pressed after its first batch.
        with self._cron_worker() as job:
            self.assertTrue(job, "the cron worker took the daily job")
            with patch.object(Action, "_make_steps", batch_then_run_now):
                cron_counts = self.env["debt.recovery.run"]._cron_daily_run(
                    batch_size=2
                )
        self.assertEqual(len(during), 1)
        self.assertIn("The daily recovery job is running: try again later", during[0])
        self.assertEqual(
            {k: cron_counts[k] for k in ("done", "failed", "skipped", "locked")},
            {"done": 5, "failed": 0, "skipped": 0, "locked": 0},
        )

        # 2. Two new customers are late; "Run now" runs, and a cron worker
        #    wanting to start the job meanwhile finds it taken.
        late = [self._make_customer("Retard %s SARL" % i) for i in range(2)]
        for customer in late:
            self._invoice(customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        workers = []

        def batch_then_cron(self_, decisions, today):
            actions = original(self_, decisions, today)
            with self._cron_worker() as job:
                workers.append(job)
            return actions

        with patch.object(Action, "_make_steps", batch_then_cron):
            notification = self._run_now(self.manager)
        self.assertEqual(workers, [None], "the cron worker skipped the job")
        self.assertEqual(
            notification["params"]["message"],
            "2 customer(s) processed.",
        )
        self.assertEqual(notification["params"]["type"], "success")
        for customer in customers + late:
            self.assertEqual(
                [(a.date, a.level_id.code) for a in self._actions(customer)],
                [(date(2026, 2, 10), "courtesy")],
                customer.name,
            )
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", "debt.recovery.action")]
            ),
            7,
            "one email per customer",
        )

    @freeze_time("2026-02-10")
    def test_run_now_reports_the_customers_another_worker_holds(self):
        self._invoice(self.customer, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        self._invoice(self.customer_b, 100.0, date(2026, 1, 20), date(2026, 2, 5))
        with self.registry.cursor() as other_worker:
            other_worker.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                (LOCK_NAMESPACE, self.customer.id),
            )
            notification = self._run_now(self.manager)
            other_worker.rollback()
        self.assertEqual(
            notification["params"]["message"],
            "1 customer(s) processed. 1 were being handled at the same moment by "
            "the scheduled job, which makes their steps.",
        )
        self.assertEqual(notification["params"]["type"], "warning")
        self.assertFalse(self._actions(self.customer))
        notification = self._run_now(self.manager)
        self.assertTrue(notification["params"]["message"] == "1 customer(s) processed.")
        self.assertEqual(len(self._actions(self.customer)), 1)
        self.assertEqual(len(self._actions(self.customer_b)), 1)

    # ----------------------------------------------------- failed steps
    def _firm_step_without_rate(self):
        """An invoice due on 1 July 2026, at the phone step: its firm
        reminder is due on 31 July, when the ECB rate of the second
        half-year 2026 (which its penalties need: the half-year of the first
        day of delay) is not entered yet."""
        self.env["debt.recovery.rate"].search(
            [("date_start", ">=", date(2026, 7, 1))]
        ).unlink()
        invoice = self._invoice(
            self.customer, 1000.0, date(2026, 6, 1), date(2026, 7, 1)
        )
        invoice.sudo().write(
            {
                "recovery_level_id": self.level["phone"].id,
                "recovery_last_date": date(2026, 7, 26),
            }
        )
        return invoice

    def _enter_missing_rate(self):
        self.env["debt.recovery.rate"].create(
            {"series": "ecb", "date_start": date(2026, 7, 1), "rate": 2.15}
        )

    def _notes(self, record):
        return [html2plaintext(m.body) for m in record.message_ids.sorted("id")]

    def test_retry_recomputes_the_penalties_after_the_rate_is_entered(self):
        invoice = self._firm_step_without_rate()
        with freeze_time("2026-07-31"):
            self._run()
        firm = self._actions(self.customer)
        self.assertEqual((firm.level_id, firm.state), (self.level["firm"], "failed"))
        self.assertIn("Aucun taux", firm.failure_reason)
        self._enter_missing_rate()
        with freeze_time("2026-08-03"):
            firm.with_user(self.user).action_retry()
        self.assertEqual(firm.state, "done")
        self.assertEqual(firm.date, date(2026, 8, 3), "sent on the day of the retry")
        self.assertFalse(firm.penalty_error)
        self.assertFalse(firm.failure_reason)
        expected = invoice._recovery_snapshot(date(2026, 8, 3))[invoice.id]
        self.assertGreater(firm.amount_penalty, 0.0)
        self.assertAlmostEqual(firm.amount_penalty, float(expected["penalty"]))
        self.assertEqual(firm.amount_indemnity, 40.0)
        self.assertAlmostEqual(
            firm.amount_total, 1000.0 + firm.amount_penalty + 40.0, places=2
        )
        self.assertTrue(firm.mail_id, "the firm reminder is sent")
        self.assertEqual(invoice.recovery_last_date, date(2026, 8, 3))
        # The error and its resolution stay in the step's history.
        notes = self._notes(firm)
        failed = [
            i for i, n in enumerate(notes) if n.startswith("Not sent: Aucun taux")
        ]
        resolved = [i for i, n in enumerate(notes) if n.startswith("Retried on")]
        self.assertEqual(len(failed), 1, notes)
        self.assertEqual(len(resolved), 1, notes)
        self.assertLess(failed[0], resolved[0])
        self.assertIn("Aucun taux", notes[resolved[0]])
        # Only a failed step can be retried.
        with self.assertRaises(UserError):
            firm.with_user(self.user).action_retry()

    def test_missing_rate_the_next_run_sends_the_firm_step_first(self):
        """The rate is missing on the day of the firm step: the step fails;
        the daily job retries it every day, and no formal notice nor
        suspension comes while it was never sent; the rate is entered; the
        next run sends the firm step before anything else; the formal notice
        comes after it, at its minimum gap."""
        invoice = self._firm_step_without_rate()
        customer = self.customer.with_company(self.company)
        with freeze_time("2026-07-31"):
            self._run()
        self.assertEqual(
            self._steps(self.customer), [(date(2026, 7, 31), "firm", "failed")]
        )
        day, results = date(2026, 8, 1), []
        while day <= date(2026, 8, 16):  # the formal notice is due on 15 August
            with freeze_time(day):
                results.append(self._run())
            self.assertEqual(
                [(code, state) for _d, code, state in self._steps(self.customer)],
                [("firm", "failed")],
                day,
            )
            self.assertFalse(customer.recovery_suspended, day)
            day += timedelta(days=1)
        self.assertEqual(
            [(r.get("retried"), r.get("retry_failed")) for r in results],
            [(0, 1)] * 16,
            "tried again each day",
        )
        self.assertEqual(invoice.recovery_level_id, self.level["firm"])
        with freeze_time("2026-08-17"):
            self._enter_missing_rate()
            result = self._run()
        self.assertEqual((result["retried"], result["retry_failed"]), (1, 0))
        self.assertEqual(
            self._steps(self.customer), [(date(2026, 8, 17), "firm", "done")]
        )
        day = date(2026, 8, 18)
        while day <= date(2026, 8, 26):
            with freeze_time(day):
                self._run()
            day += timedelta(days=1)
        self.assertEqual(
            self._steps(self.customer),
            [
                (date(2026, 8, 17), "firm", "done"),
                # seven days (the step's minimum gap) after the firm reminder
                (date(2026, 8, 24), "formal_notice", "to_validate"),
            ],
        )
        self.assertTrue(customer.recovery_suspended)
        firm = self._actions(self.customer)[0]
        notes = self._notes(firm)
        self.assertEqual(
            sum(n.startswith("Not sent: Aucun taux") for n in notes), 1, notes
        )
        self.assertEqual(sum(n.startswith("Retried on") for n in notes), 1, notes)
