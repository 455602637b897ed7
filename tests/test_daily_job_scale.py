"""The daily job at scale: set-based marking of the invoices, a number of
queries that does not grow with the number of invoices."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from .common import DebtRecoveryCase


@tagged("post_install", "-at_install")
class TestDailyJobScale(DebtRecoveryCase):
    def _day_queries(self, invoices_per_customer, customers=4):
        """Queries of a courtesy day for ``customers`` new customers with
        ``invoices_per_customer`` overdue invoices each."""
        partners = [
            self._make_customer("Client %s-%s" % (invoices_per_customer, i))
            for i in range(customers)
        ]
        for partner in partners:
            for n in range(invoices_per_customer):
                self._invoice(partner, 100.0 + n, date(2026, 2, 1), date(2026, 2, 5))
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = self._run()
        self.env.flush_all()
        count = self.cr.sql_log_count - before
        self.assertEqual(result["done"], customers)
        actions = self.env["debt.recovery.action"].search(
            [("partner_id", "in", [p.id for p in partners])]
        )
        self.assertEqual(len(actions.mail_id), customers, "one email each")
        self.assertEqual(len(actions.invoice_ids), customers * invoices_per_customer)
        return count, actions

    @freeze_time("2026-02-10")
    def test_day_queries_do_not_depend_on_invoice_count(self):
        """Carrying out a day (steps, invoices marked, chatter notes, emails)
        costs the same number of queries for 1 or 6 invoices a customer:
        nothing is done invoice by invoice."""
        self._day_queries(1, customers=2)  # warm the caches (templates, ladder)
        few, _actions = self._day_queries(1)
        many, actions = self._day_queries(6)
        self.assertEqual(many, few)
        # The invoices reached the step, and their next step follows.
        invoices = actions.invoice_ids
        self.assertEqual(invoices.recovery_level_id, self.level["courtesy"])
        self.assertEqual(
            set(invoices.mapped("recovery_last_date")), {date(2026, 2, 10)}
        )
        self.assertEqual(invoices.recovery_next_level_id, self.level["amicable"])
        self.assertEqual(
            set(invoices.mapped("recovery_next_date")), {date(2026, 2, 20)}
        )  # due 5 Feb + 15 days

    def _letter_queries(self, count):
        """Queries of the letter data (figures, credits, history) of
        ``count`` amicable steps, one customer each."""
        Action = self.env["debt.recovery.action"]._recovery_flow()
        actions = Action.browse()
        for index in range(count):
            partner = self._make_customer(f"Lettre {count}-{index}")
            invoice = self._invoice(
                partner, 500.0 + index, date(2026, 1, 5), date(2026, 1, 20)
            )
            actions |= Action.create(
                {
                    "company_id": self.company.id,
                    "partner_id": partner.id,
                    "level_id": self.level["amicable"].id,
                    "invoice_ids": [Command.set(invoice.ids)],
                    "amount_due": invoice.amount_residual,
                    "currency_id": self.company.currency_id.id,
                    "channel": "post",
                    "state": "draft",
                }
            )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        letters = actions._recovery_letters()
        queries = self.cr.sql_log_count - before
        self.assertEqual(len(letters), count)
        self.assertEqual(
            [letter.invoices[0].residual for letter in letters],
            [f"{500 + index},00\u00a0€" for index in range(count)],
        )
        return queries

    @freeze_time("2026-02-10")
    def test_letter_queries_do_not_depend_on_letter_count(self):
        """The letters of a batch read their figures and the customers'
        open credits together: no query per letter."""
        self._letter_queries(1)  # warm the caches
        self.assertEqual(self._letter_queries(4), self._letter_queries(2))

    @freeze_time("2026-02-10")
    def test_marked_invoices_stored_as_read(self):
        """The step written by SQL is what the database holds, the next step
        and its date (stored computed fields) included."""
        invoice = self._invoice(
            self.customer, 300.0, date(2026, 2, 1), date(2026, 2, 5)
        )
        self._run()
        self.env.flush_all()
        self.cr.execute(
            """SELECT recovery_level_id, recovery_last_date, recovery_next_level_id,
                      recovery_next_date, write_date IS NOT NULL
                 FROM account_move WHERE id = %s""",
            [invoice.id],
        )
        self.assertEqual(
            self.cr.fetchone(),
            (
                self.level["courtesy"].id,
                date(2026, 2, 10),
                self.level["amicable"].id,
                date(2026, 2, 20),
                True,
            ),
        )
        self.assertFalse(
            invoice.message_ids.tracking_value_ids,
            "the daily job logs one note per customer, not one per invoice",
        )

    @freeze_time("2026-02-10")
    def test_skipped_step_tracked_on_each_invoice(self):
        """Outside the daily job (the worklist's Skip), the change of step is
        tracked on each invoice as the ORM tracks it, in one batch."""
        first = self._invoice(self.customer, 300.0, date(2026, 2, 1), date(2026, 2, 5))
        second = self._invoice(self.customer, 90.0, date(2026, 2, 1), date(2026, 2, 6))
        wizard = Form(
            self.env["debt.recovery.process"]
            .with_user(self.user)
            .with_context(
                active_model="res.partner",
                active_ids=self.customer.ids,
                # The test bases disable tracking; a user's session does not.
                tracking_disable=False,
                mail_notrack=False,
            )
        ).save()
        wizard.action_skip()
        for invoice in first | second:
            tracked = invoice.message_ids.tracking_value_ids
            self.assertEqual(len(tracked), 1, invoice.name)
            self.assertEqual(tracked.field_id.name, "recovery_level_id")
            self.assertEqual(tracked.old_value_char, "")
            self.assertEqual(tracked.new_value_char, self.level["courtesy"].name)
            self.assertEqual(invoice.recovery_level_id, self.level["courtesy"])
            self.assertEqual(invoice.recovery_next_level_id, self.level["amicable"])


try:  # OCA queue_job is optional: the enqueuing tests run when it is installed
    from odoo.addons.queue_job.tests.common import trap_jobs
except Exception:  # not installed, or not importable with this Odoo
    trap_jobs = None


@tagged("post_install", "-at_install")
class TestDailyJobQueue(DebtRecoveryCase):
    """The daily job's batches as OCA queue_job jobs. The batch job itself
    runs (and is tested) with or without queue_job; enqueuing needs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = [cls._make_customer("Client Q%s" % i) for i in range(5)]
        for partner in cls.customers:
            cls._invoice(partner, 120.0, date(2026, 2, 1), date(2026, 2, 5))
        cls.Action = cls.env["debt.recovery.action"].with_context(
            debt_recovery_queue_job=True
        )

    def _made(self):
        actions = self._actions().filtered(lambda a: a.partner_id in self.customers)
        return actions, actions.mail_id

    def _require_queue_job(self):
        if trap_jobs is None or "queue.job" not in self.env:
            self.skipTest("queue_job is not installed in this database")

    @freeze_time("2026-02-10")
    def test_without_queue_job_the_run_is_done_in_process(self):
        if "queue.job" in self.env:
            self.skipTest("queue_job is installed in this database")
        result = self.Action._cron_daily_run(batch_size=2)
        self.assertNotIn("enqueued", result)
        self.assertEqual(result["done"], 5)
        self.assertEqual(len(self._made()[1]), 5)

    @freeze_time("2026-02-10")
    def test_cron_decides_and_enqueues_batches_then_phases(self):
        self._require_queue_job()
        with trap_jobs() as trap:
            result = self.Action._cron_daily_run(batch_size=2)
            self.assertEqual(result["enqueued"], 3, "5 customers in batches of 2")
            trap.assert_jobs_count(3, only=self.Action._recovery_job_batch)
            trap.assert_jobs_count(1, only=self.Action._recovery_job_phases)
            self.assertEqual(
                {job.channel for job in trap.enqueued_jobs}, {"root.debt_recovery"}
            )
            self.assertTrue(
                self.env["queue.job.channel"].search(
                    [("complete_name", "=", "root.debt_recovery")]
                ),
                "the channel is created on the fly",
            )
            self.assertFalse(self._made()[0], "the cron only decides")
            trap.perform_enqueued_jobs()
        actions, mails = self._made()
        self.assertEqual(len(actions), 5)
        self.assertEqual(len(mails), 5)
        self.assertEqual(set(actions.mapped("state")), {"done"})

    @freeze_time("2026-02-10")
    def test_progress_counts_the_day_batches(self):
        self._require_queue_job()
        self.Action._cron_daily_run(batch_size=2)  # stored for the job runner
        self.assertEqual(
            self.Action._recovery_queue_progress(date(2026, 2, 10)),
            {"done": 0, "failed": 0, "remaining": 3},
        )
        # The cron run again the same day: the waiting batches are not
        # enqueued twice.
        self.Action._cron_daily_run(batch_size=2)
        self.assertEqual(
            self.Action._recovery_queue_progress(date(2026, 2, 10))["remaining"], 3
        )
        self.assertFalse(self._made()[0])

    @freeze_time("2026-02-10")
    def test_batch_run_twice_makes_each_step_once(self):
        """A job retried, or picked by two workers: nothing is duplicated."""
        ids = [partner.id for partner in self.customers]
        first = self.Action._recovery_job_batch(self.company.id, ids, date(2026, 2, 10))
        again = self.Action._recovery_job_batch(self.company.id, ids, date(2026, 2, 10))
        self.assertTrue(first.startswith("5 "), first)
        self.assertTrue(again.startswith("0 "), again)
        actions, mails = self._made()
        self.assertEqual(len(actions), 5)
        self.assertEqual(len(mails), 5)

    @freeze_time("2026-02-10")
    def test_failing_batch_rolled_back_and_raised_for_a_retry(self):
        """A batch job that fails is rolled back and raises (queue_job's
        RetryableJobError when queue_job runs it), for queue_job to retry it
        and show the reason when it keeps failing."""
        Action = type(self.env["debt.recovery.action"])
        ids = [partner.id for partner in self.customers]
        with (
            patch.object(
                Action, "_recovery_process_batch", side_effect=ValueError("disk full")
            ),
            self.assertRaisesRegex(Exception, "disk full"),
        ):
            self.Action._recovery_job_batch(self.company.id, ids, date(2026, 2, 10))
        self.assertFalse(self._made()[0], "rolled back")
