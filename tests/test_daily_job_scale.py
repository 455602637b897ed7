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
    from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
    from odoo.addons.queue_job.job import Job
    from odoo.addons.queue_job.tests.common import trap_jobs
except Exception:  # not installed, or not importable with this Odoo
    trap_jobs = None

DAY = date(2026, 2, 10)


@tagged("post_install", "-at_install")
class TestDailyJobQueue(DebtRecoveryCase):
    """The daily job's batches as OCA queue_job jobs, run with queue_job's
    own test helpers (``trap_jobs``) and its ``Job`` (what the job runner
    calls). The batch job itself also runs without queue_job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = [cls._make_customer("Client Q%s" % i) for i in range(5)]
        for partner in cls.customers:
            cls._invoice(partner, 120.0, date(2026, 2, 1), date(2026, 2, 5))
        cls.ids = sorted(partner.id for partner in cls.customers)
        cls.Action = cls.env["debt.recovery.run"]

    def _made(self):
        actions = self._actions().filtered(lambda a: a.partner_id in self.customers)
        return actions, actions.mail_id

    def _assert_each_step_once(self, count=5):
        """``count`` steps, one per customer, each with one email."""
        actions, mails = self._made()
        self.assertEqual(len(actions), count)
        self.assertEqual(
            len({(a.company_id, a.partner_id, a.level_id, a.date) for a in actions}),
            count,
            "one step per customer, level and day",
        )
        self.assertEqual(len(mails), count)
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", "debt.recovery.action"), ("res_id", "in", actions.ids)]
            ),
            count,
            "one email per step",
        )

    def _require_queue_job(self):
        if trap_jobs is None or "queue.job" not in self.env:
            self.skipTest("queue_job is not installed in this database")

    def _stored_batch_jobs(self):
        """The day's batch jobs as the job runner loads them, in the order
        of their customers."""
        records = (
            self.env["queue.job"]
            .sudo()
            .search([("method_name", "=", "_job_batch")], order="id")
        )
        jobs = [Job.load(self.env, record.uuid) for record in records]
        return sorted(jobs, key=lambda job: job.args[1])

    def _runner_performs(self, job):
        """What queue_job's runner does with a job (controllers/main.py,
        ``runjob``), without its commits: done, or postponed on a retryable
        error, or failed."""
        job.set_started()
        try:
            job.perform()
        except FailedJobError as error:
            job.set_failed(exc_info=str(error))
        except RetryableJobError as error:
            job.postpone(result=str(error), seconds=error.seconds)
            job.set_pending(reset_retry=False)
        else:
            job.set_done()
        job.store()
        self.env.flush_all()

    @freeze_time("2026-02-10")
    def test_run_in_process_when_told_or_without_queue_job(self):
        """Told not to enqueue (or no queue_job): the scheduled action's
        run is done in the process, nothing enqueued."""
        Action = self.env["debt.recovery.run"]
        result = Action._cron_daily_run(batch_size=2, enqueue=False)
        self.assertNotIn("enqueued", result)
        self.assertEqual(result["done"], 5)
        self._assert_each_step_once()
        if "queue.job" in self.env:
            self.assertFalse(self.env["queue.job"].sudo().search_count([]))

    def test_scheduled_action_enqueues_run_now_does_not(self):
        """With queue_job the scheduled action (run with a cron progress)
        enqueues; "Run now" and other direct calls run in the process, as
        does the scheduled action told not to (``enqueue=False``). A
        client's context cannot choose: the argument is server code's."""
        self._require_queue_job()
        Action = self.env["debt.recovery.run"]
        in_cron = Action.with_context(ir_cron_progress_id=1)
        self.assertTrue(in_cron._use_queue_job())
        self.assertFalse(Action._use_queue_job())
        self.assertFalse(in_cron._use_queue_job(enqueue=False))
        self.assertTrue(Action._use_queue_job(enqueue=True))
        self.assertFalse(
            Action.with_context(debt_recovery_queue_job=True)._use_queue_job(),
            "the context key of earlier versions is not honoured",
        )

    @freeze_time("2026-02-10")
    def test_cron_decides_and_enqueues_batches_then_phases(self):
        self._require_queue_job()
        with trap_jobs() as trap:
            result = self.Action._cron_daily_run(batch_size=2, enqueue=True)
            self.assertEqual(result["enqueued"], 3, "5 customers in batches of 2")
            trap.assert_jobs_count(3, only=self.Action._job_batch)
            trap.assert_jobs_count(1, only=self.Action._job_phases)
            for chunk in (self.ids[:2], self.ids[2:4], self.ids[4:]):
                trap.assert_enqueued_job(
                    self.Action._job_batch,
                    args=(self.company.id, chunk, DAY),
                    properties={"channel": "root.debt_recovery"},
                )
            self.assertEqual(
                {job.channel for job in trap.enqueued_jobs}, {"root.debt_recovery"}
            )
            phases = next(
                job for job in trap.enqueued_jobs if job.method_name == "_job_phases"
            )
            self.assertFalse(
                phases.depends_on,
                "not chained: a batch failing for good must not hold the phases",
            )
            self.assertGreater(phases.priority, trap.enqueued_jobs[0].priority)
            self.assertTrue(
                self.env["queue.job.channel"]
                .sudo()
                .search([("complete_name", "=", "root.debt_recovery")]),
                "the channel is created on the fly",
            )
            self.assertFalse(self._made()[0], "the cron only decides")
            trap.perform_enqueued_jobs()
        self._assert_each_step_once()
        self.assertEqual(set(self._made()[0].mapped("state")), {"done"})

    @freeze_time("2026-02-10")
    def test_batch_job_performed_twice_makes_each_step_once(self):
        """A batch job retried after it did its work, or picked by a second
        worker after the first: nothing is duplicated, the second run says
        so."""
        self._require_queue_job()
        with trap_jobs() as trap:
            self.Action._cron_daily_run(batch_size=2, enqueue=True)
            batches = sorted(
                (job for job in trap.enqueued_jobs if job.method_name == "_job_batch"),
                key=lambda job: job.args[1],
            )
            trap.perform_enqueued_jobs()
            self.assertEqual(
                [job.result for job in batches],
                [
                    "2 customer(s) processed, 0 failed, 0 skipped, 0 locked by "
                    "another worker (left to it).",
                    "2 customer(s) processed, 0 failed, 0 skipped, 0 locked by "
                    "another worker (left to it).",
                    "1 customer(s) processed, 0 failed, 0 skipped, 0 locked by "
                    "another worker (left to it).",
                ],
            )
            for job in batches:
                job.perform()
                self.assertTrue(job.result.startswith("0 customer(s) processed"))
            # The cron run again the same day enqueues no batch.
            result = self.Action._cron_daily_run(batch_size=2, enqueue=True)
            self.assertEqual(result["enqueued"], 0)
        self._assert_each_step_once()

    @freeze_time("2026-02-10")
    def test_overlapping_batch_jobs_make_each_step_once(self):
        """Two batch jobs on the same customers at once (the cron run on two
        servers): the customers the first job's worker holds are left to it;
        a second job that decided before the first one's steps existed is
        stopped by the unique index of the steps."""
        self._require_queue_job()
        Action = type(self.env["debt.recovery.run"])
        # What a job deciding now, before any step exists, would make.
        stale, _skipped = self.Action._decide(self.company, DAY, partner_ids=self.ids)
        self.assertEqual(len(stale), 5)
        with trap_jobs() as trap:
            self.Action.with_delay()._job_batch(self.company.id, self.ids, DAY)
            (second,) = trap.enqueued_jobs
            # Meanwhile a worker runs a first job on the first two customers
            # (its transaction holds their locks).
            with self.registry.cursor() as other_worker:
                other_worker.execute(
                    "SELECT pg_advisory_xact_lock(74311, pid) FROM unnest(%s) pid",
                    [self.ids[:2]],
                )
                trap.perform_enqueued_jobs()
                other_worker.rollback()
        self.assertEqual(
            second.result,
            "3 customer(s) processed, 0 failed, 0 skipped, 2 locked by "
            "another worker (left to it).",
        )
        self._assert_each_step_once(3)
        # The first job goes on with what it decided before the second job
        # made its steps: the unique index of the steps stops the three
        # made meanwhile.
        with (
            trap_jobs() as trap,
            patch.object(
                Action,
                "_decide",
                lambda self_, companies, today, partner_ids=None: (stale, []),
            ),
        ):
            self.Action.with_delay()._job_batch(self.company.id, self.ids, DAY)
            (first,) = trap.enqueued_jobs
            trap.perform_enqueued_jobs()
        self.assertEqual(
            first.result,
            "2 customer(s) processed, 0 failed, 3 skipped, 0 locked by "
            "another worker (left to it).",
        )
        self._assert_each_step_once()

    @freeze_time("2026-02-10")
    def test_failing_batch_job_retried_with_nothing_half_done(self):
        """A batch job that fails after doing part of its work is rolled
        back as a whole and raises queue_job's RetryableJobError (the job
        runner postpones it); run again, it makes its steps; failing every
        time, it ends failed with its reason."""
        self._require_queue_job()
        Action = type(self.env["debt.recovery.run"])
        original = Action._make_steps

        def work_then_fail(self_, decisions, today):
            original(self_, decisions, today)
            raise ValueError("disk full")

        with trap_jobs() as trap:
            self.Action.with_delay()._job_batch(self.company.id, self.ids, DAY)
            (job,) = trap.enqueued_jobs
            with (
                patch.object(Action, "_make_steps", work_then_fail),
                self.assertRaisesRegex(
                    RetryableJobError,
                    "The batch of 5 customers failed and was rolled back: disk full",
                ),
            ):
                job.perform()
            self.assertFalse(self._made()[0], "no step left")
            self.assertFalse(
                self.env["mail.mail"].search_count(
                    [("model", "=", "debt.recovery.action")]
                ),
                "no email left",
            )
            invoices = self.env["account.move"].search([("partner_id", "in", self.ids)])
            self.assertFalse(invoices.recovery_level_id, "no invoice marked")
            job.perform()  # the retry
        self._assert_each_step_once()

    @freeze_time("2026-02-10")
    def test_progress_counts_the_day_batches(self):
        """Progress of the day (done, remaining, failed batch jobs) as the
        job runner moves the stored jobs on, one failing for good."""
        self._require_queue_job()
        self.Action._cron_daily_run(
            batch_size=2, enqueue=True
        )  # stored for the job runner
        self.assertEqual(
            self.Action._queue_progress(DAY),
            {"done": 0, "failed": 0, "remaining": 3},
        )
        # The cron run again the same day: the waiting batches are not
        # enqueued twice.
        self.Action._cron_daily_run(batch_size=2, enqueue=True)
        self.assertEqual(len(self._stored_batch_jobs()), 3)
        self.assertFalse(self._made()[0])

        first, second, third = self._stored_batch_jobs()
        self._runner_performs(first)
        self.assertEqual(
            self.Action._queue_progress(DAY),
            {"done": 1, "failed": 0, "remaining": 2},
        )
        Action = type(self.env["debt.recovery.run"])
        with patch.object(Action, "_make_steps", side_effect=ValueError("disk full")):
            self._runner_performs(second)
            self.assertEqual(second.state, "pending", "postponed, to be retried")
            self.assertEqual(
                self.Action._queue_progress(DAY),
                {"done": 1, "failed": 0, "remaining": 2},
            )
            second.retry = second.max_retries - 1
            self._runner_performs(second)
        self.assertEqual(second.state, "failed")
        self.assertIn("disk full", second.db_record().exc_info)
        self._runner_performs(third)
        self.assertEqual(
            self.Action._queue_progress(DAY),
            {"done": 2, "failed": 1, "remaining": 0},
        )
        self._assert_each_step_once(3)
        # Another day's jobs are not counted.
        self.assertEqual(
            self.Action._queue_progress(date(2026, 2, 11)),
            {"done": 0, "failed": 0, "remaining": 0},
        )

    @freeze_time("2026-02-10")
    def test_phases_job_waits_for_the_batches_not_for_a_failed_one(self):
        """The daily phases job is postponed (without counting a try) while
        batches of the day wait or run, and runs once they are done, even
        when one of them failed for good."""
        self._require_queue_job()
        self.Action._cron_daily_run(batch_size=2, enqueue=True)
        (phases,) = [
            Job.load(self.env, record.uuid)
            for record in self.env["queue.job"]
            .sudo()
            .search([("method_name", "=", "_job_phases")])
        ]
        first, second, third = self._stored_batch_jobs()
        Action = type(self.env["debt.recovery.run"])
        phases_run = []
        original = Action._daily_phases

        def spy(self_):
            phases_run.append(True)
            return original(self_)

        with patch.object(Action, "_daily_phases", spy):
            self._runner_performs(phases)
            self.assertEqual(phases.state, "pending", "postponed: batches wait")
            self.assertEqual(phases.retry, 0, "waiting is not a failed try")
            self.assertFalse(phases_run)
            self._runner_performs(first)
            self._runner_performs(third)
            second.set_failed(exc_info="disk full")
            second.store()
            self.env.flush_all()
            self._runner_performs(phases)
        self.assertEqual(phases.state, "done")
        self.assertEqual(phases_run, [True])

    @freeze_time("2026-02-10")
    def test_batch_run_twice_makes_each_step_once(self):
        """Without queue_job too: the batch method run twice."""
        first = self.Action._job_batch(self.company.id, self.ids, DAY)
        again = self.Action._job_batch(self.company.id, self.ids, DAY)
        self.assertTrue(first.startswith("5 "), first)
        self.assertTrue(again.startswith("0 "), again)
        self._assert_each_step_once()
