"""The daily recovery job (``debt.recovery.run``): who is late, which step is
due, making it, and what follows the batches (the daily phases).

The one place steps are made: ``_make_steps`` (decisions -> step values ->
insert -> execute -> invoices marked -> customers' status -> suspension).
The scheduled action, "Run now", the queue_job batches, the retry of failed
steps, the reissue of stale letters and every button of the processing
wizard call it; nothing else creates a step of the ladder.

Reading order: the cron entry point (``_cron_daily_run``), the batches
(``_run_batch``, with their transient-conflict retries), the decision
(``_decide``: a fixed number of SQL queries whatever the number of invoices),
the one entry point (``_make_steps``), then what the job does after its
batches, listed once in order in ``_daily_phases()``.
"""

import datetime
import logging
import random
import time
from collections import defaultdict
from decimal import Decimal

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, format_date

from ..tools import deadlines as deadline_tools
from ..tools import ladder
from .debt_recovery_action import RETRY_KEPT_FIELDS
from .debt_recovery_document import MANAGER_GROUP

_logger = logging.getLogger(__name__)

# Key of the PostgreSQL advisory locks taken on customers being processed, so
# that two workers never handle the same customer at the same time.
LOCK_NAMESPACE = 74311
# The scheduled action of the daily job: its row is the job's lock (see
# ``action_run_now``).
DAILY_CRON = "l10n_fr_debt_recovery.ir_cron_debt_recovery_daily"
PRESCRIPTION_ACTIVITY = "l10n_fr_debt_recovery.mail_activity_type_prescription"
# OCA queue_job (optional): the channel of the daily job's jobs.
QUEUE_CHANNEL = "root.debt_recovery"
# A batch that meets a transient conflict with another transaction (a user
# registering a payment of one of its customers, another worker) is rolled
# back and tried again at once, after a short random back-off, as Odoo's own
# request layer retries a request (odoo.service.model.retrying); after the
# last try it is left for the next run with its reason in the log.
TRANSIENT_TRIES = 3
TRANSIENT_BACKOFF = 0.5  # seconds, doubled at each try, randomised
# The context of the batches: the customer's chatter gets one note per step
# (``debt.recovery.action._recovery_log_on_partner``), so the per-record
# creation logs and tracking of the steps are skipped. Records the batches
# create that are not steps (formal notices) are created without these keys
# (``_plain_env``): they get their followers as when made by hand.
BATCH_CONTEXT = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
}


class DebtRecoveryRun(models.AbstractModel):
    _name = "debt.recovery.run"
    _description = "Debt Recovery Daily Job"

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_daily_run(
        self, batch_size=200, time_budget=None, today=None, companies=None, enqueue=None
    ):
        """Entry point of the scheduled action (and of "Run now").

        First retries the failed steps (``_retry_failed``), then
        decides every customer's next step with a bounded number of queries,
        then processes customers in batches. In a cron run each batch is
        committed; a batch that fails is rolled back as a whole and logged,
        the others go on. When ``time_budget`` seconds are spent, progress is
        reported and the cron framework calls the job again to go on.
        ``today`` (default: the user's today) replays a past day (demo data);
        ``companies`` (default: all) limits the run ("Run now": the user's).
        ``enqueue``: with OCA queue_job installed, whether the batches are
        enqueued as jobs (default: when run by the scheduled action).

        Returns the true counts of the customers with a step due today:
        ``done`` (the step was made: sent, or waiting for validation),
        ``failed`` (the step could not be sent, or its batch failed),
        ``skipped`` (the step is not made today: the last one is too recent,
        the amount below the minimum, nothing owed once the credits are
        deducted, or another worker made it meanwhile), ``locked`` (another
        worker is processing them: left to it), ``remaining`` (left for the
        next call); and of the failed steps tried again: ``retried`` (sent or
        waiting for validation) and ``retry_failed``.
        """
        return self._lang_env()._daily_run(
            batch_size=batch_size,
            time_budget=time_budget,
            today=today,
            companies=companies,
            enqueue=enqueue,
        )

    @api.model
    def _daily_run(
        self, batch_size=200, time_budget=None, today=None, companies=None, enqueue=None
    ):
        started = time.monotonic()
        today = today or fields.Date.context_today(self)
        companies = (companies or self.env["res.company"].sudo().search([])).sudo()
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        # The legal rates of the half-year come by arrêté, sometimes late:
        # until they are entered a manager has an activity to enter them
        # (once per half-year). Penalties between professionals go on at the
        # ECB or contractual rate meanwhile (tools/penalties.py).
        self.env["debt.recovery.rate"].sudo()._recovery_legal_rates_activity(today)
        counts = dict.fromkeys(("done", "failed", "skipped", "locked", "remaining"), 0)
        counts.update(self._retry_failed(companies, today, batch_size))
        if in_cron:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        decisions, skipped = self._decide(companies, today)
        counts["skipped"] = len(skipped)
        if self._use_queue_job(enqueue):
            # The cron only decides; queue_job's workers do the rest.
            counts["enqueued"] = self._enqueue(decisions, companies, today, batch_size)
            counts["remaining"] = len(decisions)
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return counts
        chunks = ladder.batches(decisions, batch_size)
        for index, chunk in enumerate(chunks):
            if time_budget and time.monotonic() - started > time_budget:
                counts["remaining"] = sum(len(c) for c in chunks[index:])
                self.env["ir.cron"]._notify_progress(
                    done=counts["done"], remaining=counts["remaining"]
                )
                return counts
            for name, count in self._run_batch(chunk, today, commits=in_cron).items():
                counts[name] += count
            if in_cron:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        for phase in self._daily_phases():
            phase(companies, today)
        self.env["ir.cron"]._notify_progress(done=counts["done"], remaining=0)
        return counts

    @api.model
    def _run_batch(self, chunk, today, raise_errors=False, commits=False):
        """One batch of the daily run, in a savepoint: the customers another
        worker holds are left to it, the others processed. Returns the counts
        of the batch's customers: ``{"done", "failed", "skipped", "locked"}``.

        A batch that fails is rolled back as a whole and logged; the next run
        does it again. A transient conflict with another transaction (a
        serialization failure, a lock not available, a deadlock: a user
        registering a payment of one of the batch's customers, say) is not a
        failure of the batch:

        - ``commits`` (the scheduled action, which commits each batch): the
          transaction is ended (nothing else is pending), the batch decided
          again with a fresh snapshot and tried again at once, after a short
          random back-off, ``TRANSIENT_TRIES`` times in all;
        - in one transaction ("Run now", the processing wizard): the error is
          raised, for Odoo's request layer to retry the whole request, which
          is safe (a run decides again and makes nothing twice);
        - ``raise_errors`` (a queue_job job): every error is raised after the
          rollback, for queue_job to retry the job.
        """
        for attempt in range(1, TRANSIENT_TRIES + 1):
            taken = self._lock_customers([d.partner_id for d in chunk])
            mine = [d for d in chunk if d.partner_id in taken]
            counts = {
                "done": 0,
                "failed": 0,
                "skipped": 0,
                "locked": len(chunk) - len(mine),
            }
            try:
                with self.env.cr.savepoint():
                    actions = self._batch_env()._make_steps(mine, today)
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                self.env.invalidate_all()
                if raise_errors or not commits:
                    raise
                if attempt < TRANSIENT_TRIES:
                    self.env.cr.rollback()
                    wait = random.uniform(0, TRANSIENT_BACKOFF * 2**attempt)
                    _logger.warning(
                        "Debt recovery: batch of %d customers met a concurrent "
                        "update (%s); tried again in %.1f s.",
                        len(mine),
                        error.__class__.__name__,
                        wait,
                    )
                    time.sleep(wait)
                    chunk = self._decide_again(chunk, today)
                    continue
                return self._batch_failed(counts, mine)
            except Exception:
                self.env.invalidate_all()
                if raise_errors:
                    self._batch_failed(counts, mine)
                    raise
                return self._batch_failed(counts, mine)
            break
        states = {
            (a.company_id.id, a.partner_id.id): a.state
            for a in actions.with_env(self.env)
        }
        for decision in mine:
            state = states.get((decision.company_id, decision.partner_id))
            if state is None:
                counts["skipped"] += 1  # made meanwhile by another worker
            elif state == "failed":
                counts["failed"] += 1
            else:
                counts["done"] += 1
        return counts

    @api.model
    def _batch_failed(self, counts, decisions):
        counts["failed"] += len(decisions)
        _logger.exception(
            "Debt recovery: batch of %d customers failed and was rolled back "
            "(customers %s); it will be retried on the next run.",
            len(decisions),
            [d.partner_id for d in decisions],
        )
        return counts

    @api.model
    def _decide_again(self, decisions, today):
        """The decisions of these customers made again now (after a rollback:
        what another transaction did meanwhile, a payment, is taken into
        account)."""
        by_company = defaultdict(set)
        for decision in decisions:
            by_company[decision.company_id].add(decision.partner_id)
        fresh = []
        for company_id, partner_ids in sorted(by_company.items()):
            company = self.env["res.company"].sudo().browse(company_id)
            fresh += self._decide(company, today, partner_ids=sorted(partner_ids))[0]
        return fresh

    @api.model
    def _retry_failed(self, companies, today, batch_size=200):
        """First thing of the daily run: the failed steps are carried out
        again, figures recomputed as of today (``_retry_steps``), before any
        new step is decided, so that the ladder resumes with the step that
        was never sent (the next steps of its invoices wait for it, see
        ``account.move._recovery_candidate_conditions``). Each step once a
        day (the steps dated today were just made or tried); not the steps
        whose invoices are all settled (nothing to send: to cancel); not
        when another worker holds the customer. In batches, each in a
        savepoint. Returns ``{"retried", "retry_failed"}``.
        """
        counts = {"retried": 0, "retry_failed": 0}
        Action = self.env["debt.recovery.action"].sudo()
        failed = Action.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "failed"),
                ("date", "<", today),
            ],
            order="id",
        ).filtered(lambda a: any(m._recovery_is_open() for m in a.invoice_ids))
        for chunk in ladder.batches(failed.ids, batch_size):
            actions = Action.browse(chunk)
            taken = self._lock_customers(actions.partner_id.ids)
            actions = actions.filtered(lambda a, t=taken: a.partner_id.id in t)
            actions -= actions._recovery_retry_conflicts(today)
            try:
                with self.env.cr.savepoint():
                    went = self._batch_env()._retry_steps(actions, today)
            except Exception:
                counts["retry_failed"] += len(actions)
                _logger.exception(
                    "Debt recovery: retrying the failed steps %s failed and was "
                    "rolled back; they will be retried on the next run.",
                    actions.ids,
                )
                self.env.invalidate_all()
                continue
            counts["retried"] += len(went)
            counts["retry_failed"] += len(actions - went)
        return counts

    @api.model
    def _lang_env(self):
        """The scheduled job runs as the superuser, often without a language:
        it writes its chatter notes, suspension reasons, activities and file
        names in the company's language."""
        lang = self.env.context.get("lang")
        if self.env.su or not lang:
            lang = self.env.company.partner_id.lang or lang
        return self.with_context(lang=lang) if lang else self

    @api.model
    def _batch_env(self):
        """Environment of the batches (``BATCH_CONTEXT``)."""
        return self._lang_env().with_context(**BATCH_CONTEXT)

    @api.model
    def _plain_env(self, records):
        """``records`` without the batch context: what a step creates besides
        itself (its formal notice) is created as by hand, followers and
        creation log included."""
        context = {
            key: value
            for key, value in records.env.context.items()
            if key not in BATCH_CONTEXT
        }
        return records.with_env(records.env(context=context))

    # ---- OCA queue_job (optional) ----
    # When queue_job is installed, the scheduled action decides and enqueues
    # one job per batch of customers on the channel ``root.debt_recovery``
    # (its capacity is set in the job runner's configuration), then one job
    # for the daily phases once every batch is done. Any Odoo server running
    # the job runner picks them up. Each batch job decides again for its
    # customers (what was made meanwhile is skipped), takes their advisory
    # locks, and the unique index of the steps is the last guard: a batch
    # run twice, or by two workers, makes each step and email once.
    @api.model
    def _use_queue_job(self, enqueue=None):
        """Whether this run enqueues its batches: queue_job installed, and
        ``enqueue`` (an argument of the server code that starts the run;
        default: when the scheduled action runs it, never for "Run now")."""
        if "queue.job" not in self.env:
            return False
        if enqueue is not None:
            return bool(enqueue)
        return bool(self.env.context.get("ir_cron_progress_id"))

    @api.model
    def _queue_channel(self):
        """The channel of the daily job's jobs, created under queue_job's
        root channel the first time (no data file: queue_job is optional)."""
        Channel = self.env["queue.job.channel"].sudo()
        if not Channel.search_count([("complete_name", "=", QUEUE_CHANNEL)]):
            Channel.create(
                {
                    "name": QUEUE_CHANNEL.rsplit(".", 1)[1],
                    "parent_id": self.env.ref("queue_job.channel_root").id,
                }
            )
        return QUEUE_CHANNEL

    @api.model
    def _enqueue(self, decisions, companies, today, batch_size):
        """One job per batch of ``batch_size`` customers (all the steps of a
        customer in one batch), and the daily phases, which wait for them
        (``_job_phases``). A batch already waiting in the queue is not enqueued again
        (identity key). Returns the number of batch jobs."""
        # Imported here: queue_job is an optional dependency.
        from odoo.addons.queue_job.job import identity_exact  # noqa: PLC0415

        channel = self._queue_channel()
        by_company = defaultdict(list)
        for decision in decisions:
            if decision.partner_id not in by_company[decision.company_id]:
                by_company[decision.company_id].append(decision.partner_id)
        chunks = [
            (company_id, chunk)
            for company_id, partner_ids in sorted(by_company.items())
            for chunk in ladder.batches(sorted(partner_ids), batch_size)
        ]
        jobs = [
            self.delayable(
                channel=channel,
                identity_key=identity_exact,
                description=self.env._(
                    "Debt recovery of %(date)s: batch %(index)s of %(count)s "
                    "(%(customers)s customers)",
                    date=format_date(self.env, today),
                    index=index,
                    count=len(chunks),
                    customers=len(chunk),
                ),
            )._job_batch(company_id, chunk, today)
            for index, (company_id, chunk) in enumerate(chunks, 1)
        ]
        phases = self.delayable(
            channel=channel,
            identity_key=identity_exact,
            priority=20,  # after the batches when the runner picks them
            description=self.env._(
                "Debt recovery of %(date)s: promises, plans, notices and statuses",
                date=format_date(self.env, today),
            ),
        )._job_phases(companies.ids, today)
        for job in jobs:
            job.delay()
        # Not chained after the batches: a batch that keeps failing must not
        # hold back the day's promises, plans and notices. The phases job
        # waits for the batches itself (``_job_phases``).
        phases.delay()
        _logger.info(
            "Debt recovery: %d customers to process, enqueued in %d jobs on %s.",
            len({(d.company_id, d.partner_id) for d in decisions}),
            len(jobs),
            channel,
        )
        return len(jobs)

    @api.model
    def _job_batch(self, company_id, partner_ids, today):
        """A queue_job job: the daily run for these customers of the company
        (decided again now, so that what another worker made meanwhile is
        skipped). An error rolls the batch back and is raised as retryable:
        queue_job tries the job again later, and shows it failed, with the
        reason, when it keeps failing; a transient conflict with another
        transaction is tried again within seconds. Returns the counts (the
        job's result)."""
        job = self._lang_env()
        company = self.env["res.company"].sudo().browse(company_id)
        decisions, skipped = job._decide(company, today, partner_ids=partner_ids)
        try:
            counts = job._run_batch(decisions, today, raise_errors=True)
        except Exception as error:
            if "queue.job" not in self.env:
                raise  # run directly, without queue_job
            from odoo.addons.queue_job.exception import (  # noqa: PLC0415
                RetryableJobError,
            )

            raise RetryableJobError(
                self.env._(
                    "The batch of %(count)s customers failed and was rolled back: "
                    "%(error)s",
                    count=len(partner_ids),
                    error=error,
                ),
                seconds=(
                    random.randint(2, 10)
                    if isinstance(error, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY)
                    else 300
                ),
            ) from error
        counts["skipped"] += len(skipped)
        return self.env._(
            "%(done)s customer(s) processed, %(failed)s failed, %(skipped)s "
            "skipped, %(locked)s locked by another worker (left to it).",
            **counts,
        )

    @api.model
    def _job_phases(self, company_ids, today):
        """A queue_job job, once the day's batches are done or failed: the
        daily phases (``_daily_phases``). While batches of the day
        are still waiting or running, it is postponed 5 seconds (without
        counting a try); a batch that failed for good does not hold it."""
        if self._queue_progress(today)["remaining"]:
            from odoo.addons.queue_job.exception import (  # noqa: PLC0415
                RetryableJobError,
            )

            raise RetryableJobError(
                self.env._("Batches of the day are still waiting or running."),
                seconds=5,
                ignore_retry=True,
            )
        companies = self.env["res.company"].sudo().browse(company_ids)
        job = self._lang_env()
        for phase in job._daily_phases():
            phase(companies, today)
        return True

    @api.model
    def _queue_progress(self, today):
        """Progress of a day's jobs: ``{"done", "remaining", "failed"}``
        batch jobs (queue_job's Jobs screen, filtered on the channel
        ``root.debt_recovery``, lists them with their state and result)."""
        if "queue.job" not in self.env:
            return {"done": 0, "remaining": 0, "failed": 0}
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("model_name", "=", self._name),
                    ("method_name", "=", "_job_batch"),
                    ("channel", "=", QUEUE_CHANNEL),
                    (
                        "date_created",
                        ">=",
                        datetime.datetime.combine(
                            today - datetime.timedelta(days=1), datetime.time.min
                        ),
                    ),
                ]
            )
            .filtered(lambda job: job.args and job.args[-1] == today)
        )
        states = [job.state for job in jobs]
        return {
            "done": states.count("done"),
            "failed": states.count("failed"),
            "remaining": sum(
                1 for state in states if state not in ("done", "failed", "cancelled")
            ),
        }

    # ---- Run now ----
    def _run_now(self):
        """ "Run now" (list of steps, worklist): the daily job at once.

        A list-header button (``display="always"``): the web client calls it
        on the selected records, or on none, so it is a record method whose
        ``self`` is ignored (an ``@api.model`` method would receive the ids
        as an extra argument and fail).

        Who and where: recovery managers only, on the companies they work in
        (``self.env.companies``, which the ORM checks against the user's
        companies); the job then runs as the superuser on those companies
        only.

        The lock it shares with the cron (``_lock_daily_job``): the
        row of the scheduled action, locked as the cron framework locks it
        while the job runs (``ir.cron._acquire_one_job``: FOR NO KEY UPDATE)
        and as its "Run manually" button does (``ir.cron._try_lock``). When
        the cron or another "Run now" holds it, the answer is "the daily job
        is running, try again later" instead of racing; while "Run now"
        holds it, the cron workers skip the job (SKIP LOCKED) and start it
        on their next round. Being one transaction, "Run now" keeps the lock
        until it ends.

        The notification gives the true counts (``_cron_daily_run``).
        """
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a recovery manager can run the daily job by hand.")
            )
        companies = self.env.companies
        self._lock_daily_job()
        # The scheduled action's context key (a commit per batch, its
        # progress record written) comes from ir.cron only, never from the
        # client's context of this button.
        result = (
            self.sudo()
            .with_context(ir_cron_progress_id=False)
            ._cron_daily_run(companies=companies, enqueue=False)
        )
        # In the accountant's words: only what happened, no process talk.
        sentences = [
            self.env._("%(count)s customer(s) processed.", count=result["done"])
        ]
        if result["failed"]:
            sentences.append(
                self.env._(
                    "%(count)s could not be sent: see the steps marked Failed.",
                    count=result["failed"],
                )
            )
        if result["skipped"]:
            sentences.append(
                self.env._(
                    "%(count)s left for later (a step already made today, or too "
                    "soon after the last letter).",
                    count=result["skipped"],
                )
            )
        if result["locked"]:
            sentences.append(
                self.env._(
                    "%(count)s were being handled at the same moment by the "
                    "scheduled job, which makes their steps.",
                    count=result["locked"],
                )
            )
        message = " ".join(sentences)
        if result["retried"] or result["retry_failed"]:
            message += " " + self.env._(
                "Failed steps retried: %(retried)s sent, %(still)s still failing.",
                retried=result["retried"],
                still=result["retry_failed"],
            )
        problems = result["failed"] or result["locked"] or result["retry_failed"]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Daily recovery job"),
                "message": message,
                "type": "warning" if problems else "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _lock_daily_job(self):
        """Take the daily job's lock for this transaction, or refuse with
        "the daily job is running" (see ``action_run_now``). Without its
        scheduled action (deleted), an advisory lock of the job's namespace
        keeps two "Run now" apart."""
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
            DAILY_CRON, raise_if_not_found=False
        )
        try:
            with self.env.cr.savepoint(flush=False):
                if cron_id:
                    self.env.cr.execute(
                        SQL(
                            "SELECT id FROM ir_cron WHERE id = %s "
                            "FOR NO KEY UPDATE NOWAIT",
                            cron_id,
                        ),
                        log_exceptions=False,
                    )
                    free = True
                else:
                    self.env.cr.execute(
                        SQL("SELECT pg_try_advisory_xact_lock(%s, 0)", LOCK_NAMESPACE)
                    )
                    free = self.env.cr.fetchone()[0]
        except psycopg2.errors.LockNotAvailable:
            free = False
        if not free:
            raise UserError(
                self.env._(
                    "The daily recovery job is running: try again later, when it "
                    "has finished."
                )
            )

    # ---- Daily phases (after the batches) ----
    @api.model
    def _daily_phases(self):
        """What the daily job does after its batches, in this order; each
        phase is called with ``(companies, today)``:

        1. promises to pay whose date has passed: kept or broken (a broken
           promise puts its invoices back on the ladder);
        2. installment plans: reminders, late installments, broken plans;
        3. formal notices: paid, expired (-> litigation file);
           guarantees: expired; the individual sureties to inform of the
           debtor's default (C. civ. art. 2303) or every year (art. 2302);
        4. prescription watch: an activity on the invoices soon time-barred;
        5. every customer's recovery status and payer score refreshed
           (after 1-4, which change them);
        6. service suspensions applied or lifted (from the refreshed status).
        """
        return [
            self._phase_promises,
            self._phase_plans,
            self._phase_notices,
            self._phase_guarantees,
            self._phase_prescription,
            self._phase_customer_status,
            self._phase_suspensions,
        ]

    @api.model
    def _phase_promises(self, companies, today):
        self.env["account.move"]._recovery_check_promises(companies, today)

    @api.model
    def _phase_plans(self, companies, today):
        self.env["debt.recovery.plan"]._recovery_daily(companies, today)

    @api.model
    def _phase_notices(self, companies, today):
        self.env["debt.recovery.notice"].sudo()._recovery_daily_update(companies, today)

    @api.model
    def _phase_guarantees(self, companies, today):
        self.env["debt.recovery.guarantee"].sudo()._recovery_daily(companies, today)

    @api.model
    def _phase_prescription(self, companies, today):
        """An activity on each unpaid invoice that becomes time-barred within
        the warning period (setting), unless it is in a litigation file or
        already has that activity. One search per company."""
        activity_type = self.env.ref(PRESCRIPTION_ACTIVITY, raise_if_not_found=False)
        if not activity_type:
            return self.env["account.move"]
        Move = self.env["account.move"].sudo()
        warned = Move.browse()
        for company in companies:
            warning = datetime.timedelta(
                days=max(company.debt_recovery_prescription_warning_days, 0)
            )
            # The shortest period (consumers) bounds the candidates.
            cutoff = deadline_tools.add_years(
                today + warning, -deadline_tools.PRESCRIPTION_YEARS_B2C
            )
            candidates = Move.search(
                [
                    ("company_id", "=", company.id),
                    *Move._recovery_open_domain(),
                    "|",
                    ("recovery_prescription_start", "<=", cutoff),
                    "&",
                    ("recovery_prescription_start", "=", False),
                    ("invoice_date_due", "<=", cutoff),
                    (
                        "recovery_case_ids",
                        "not any",
                        [("state", "in", self.env["debt.recovery.case"].OPEN_STATES)],
                    ),
                    (
                        "activity_ids",
                        "not any",
                        [("activity_type_id", "=", activity_type.id)],
                    ),
                ]
            )
            candidates = candidates.with_context(date=today)
            due = candidates.filtered(
                lambda m, w=warning: (
                    m.recovery_prescription_date
                    and m.recovery_prescription_date - w <= today
                )
            )
            for move in due:
                move.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=move.recovery_prescription_date,
                    summary=self.env._(
                        "%(invoice)s becomes time-barred on %(date)s",
                        invoice=move.name,
                        date=format_date(self.env, move.recovery_prescription_date),
                    ),
                    note=self.env._(
                        "After this date the claim can no longer be brought to "
                        "court. Get an acknowledgment of debt or a payment, or "
                        "start proceedings before it."
                    ),
                    user_id=move.commercial_partner_id._recovery_responsible(
                        company.id
                    ).id,
                )
            warned |= due
        return warned

    @api.model
    def _phase_customer_status(self, companies, today):
        self.env["debt.recovery.customer.status"]._refresh(None, companies, today)
        # After the promises (phase 1): a promise broken today counts.
        self.env["debt.recovery.payer.score"]._refresh(companies, today)

    @api.model
    def _phase_suspensions(self, companies, today):
        self.env["debt.recovery.suspension"]._recovery_daily(companies, today)

    # -------------------------------------------------------------- decision
    @api.model
    def _decide(self, companies, today, partner_ids=None):
        """Next step of every customer of ``companies`` (or only of the
        commercial customers ``partner_ids``), with a fixed number of
        queries: ``(decisions, skipped)`` as ``tools.ladder.decide`` returns
        them."""
        candidates = self._candidates(companies, today, partner_ids=partner_ids)
        keys = {(c.company_id, c.partner_id) for c in candidates}
        late_ids = sorted({key[1] for key in keys})
        last_dates = self._last_step_dates(companies, late_ids)
        credits = self._open_credits(companies, late_ids)
        min_amounts = self._min_amounts(
            companies, {(c.company_id, c.currency_id) for c in candidates}, today
        )
        decisions, skipped = ladder.decide(
            candidates, today, last_dates, credits, min_amounts
        )
        decided = {(d.company_id, d.partner_id) for d in decisions}
        early = [
            cand
            for cand in self._pre_due_candidates(companies, today, partner_ids)
            if (cand.company_id, cand.partner_id) not in keys
        ]
        if early:
            early_ids = sorted({c.partner_id for c in early})
            early_decisions, early_skipped = ladder.decide_pre_due(
                early,
                today,
                self._last_step_dates(companies, early_ids),
                self._open_credits(companies, early_ids),
                self._min_amounts(
                    companies, {(c.company_id, c.currency_id) for c in early}, today
                ),
            )
            decisions = sorted(
                decisions + [d for d in early_decisions
                             if (d.company_id, d.partner_id) not in decided],
                key=lambda d: (d.company_id, d.partner_id, d.currency_id or 0),
            )  # fmt: skip
            for key, reason in early_skipped.items():
                skipped.setdefault(key, reason)
        return decisions, skipped

    @api.model
    def _pre_due_candidates(self, companies, today, partner_ids=None):
        """The invoices not due yet of the customers who asked for a reminder
        before the due date, when their company's reminder (an active step
        with a negative delay) is due today: an invoice gets it once (it has
        reached no step yet), and only while it is not due. A customer with
        late invoices gets the ladder's step instead (see ``_decide``); a
        customer without email address, or whose address bounced, gets none
        (a failed step would hold its invoices on the ladder)."""
        Move = self.env["account.move"]
        Move.flush_model()
        self.env["debt.recovery.level"].flush_model()
        self.env["res.partner"].flush_model(
            ["recovery_pre_due_reminder", "recovery_bounced_email", "email"]
        )
        conditions = Move._recovery_candidate_conditions(today, overdue=False)
        if partner_ids is not None:
            conditions.append(
                SQL("move.commercial_partner_id = ANY(%s)", list(partner_ids))
            )
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (move.id)
                       move.id, move.commercial_partner_id, move.company_id,
                       level.id, level.sequence, 0, move.amount_residual,
                       FALSE, TRUE, move.currency_id
                  FROM account_move move
                  JOIN res_partner customer ON customer.id = move.commercial_partner_id
                  JOIN debt_recovery_level level
                    ON level.company_id = move.company_id
                   AND level.active
                   AND level.delay_days < 0
                 WHERE move.company_id = ANY(%(companies)s)
                   AND COALESCE(customer.recovery_pre_due_reminder, FALSE)
                   AND customer.recovery_bounced_email IS NULL
                   AND COALESCE(customer.email, '') != ''
                   AND move.recovery_level_id IS NULL
                   AND move.invoice_date_due + level.delay_days <= %(today)s
                   AND %(conditions)s
              ORDER BY move.id, level.sequence, level.id
                """,
                today=today,
                companies=companies.ids,
                conditions=SQL(" AND ").join(conditions),
            )
        )
        # Never counted as a letter (the gap between letters ignores it).
        return self._candidates_fetched()

    @api.model
    def _min_amounts(self, companies, pairs, today):
        """The companies' minimum claim (in company currency) converted to
        the currency of each ``(company_id, currency_id)`` of ``pairs``, at
        ``today``'s rate: ``{(company_id, currency_id): Decimal}``."""
        result = {}
        currencies = self.env["res.currency"].browse({pair[1] for pair in pairs})
        for company in companies:
            minimum = company.debt_recovery_min_amount
            for currency in currencies:
                if (company.id, currency.id) not in pairs:
                    continue
                if currency != company.currency_id:
                    minimum_in = company.currency_id._convert(
                        minimum, currency, company, today
                    )
                else:
                    minimum_in = minimum
                result[company.id, currency.id] = Decimal(str(minimum_in))
        return result

    @api.model
    def _decide_level(self, company, today, partner_ids, level):
        """Step ``level`` of the ladder chosen by hand for these customers
        today (processing wizard): ``(decisions, gap)`` as
        ``tools.ladder.decide_level`` returns them, from the same look-ups as
        the daily decision."""
        candidates = self._candidates(company, today, partner_ids=partner_ids)
        return ladder.decide_level(
            candidates,
            level.id,
            level.sequence,
            bool(level.channel_email or level.channel_letter),
            level.min_gap_days,
            today,
            self._last_step_dates(company, list(partner_ids)),
            self._open_credits(company, list(partner_ids)),
        )

    @api.model
    def _candidates(self, companies, today, partner_ids=None):
        """The invoices that may climb the ladder today, each with its next
        step (``tools.ladder.Candidate``), in one query."""
        Move = self.env["account.move"]
        Move.flush_model()
        self.env["debt.recovery.level"].flush_model()
        self.env["res.partner"].flush_model(
            ["recovery_collective_procedure", "recovery_collective_procedure_date"]
        )
        conditions = Move._recovery_candidate_conditions(today)
        if partner_ids is not None:
            conditions.append(
                SQL("move.commercial_partner_id = ANY(%s)", list(partner_ids))
            )
        self.env.cr.execute(
            SQL(
                """
                SELECT move.id, move.commercial_partner_id, move.company_id,
                       next.id, next.sequence, next.min_gap_days,
                       move.amount_residual, next.is_letter,
                       move.invoice_date_due + next.delay_days <= %(today)s,
                       move.currency_id
                  FROM account_move move
                  JOIN res_partner customer ON customer.id = move.commercial_partner_id
             LEFT JOIN debt_recovery_level current ON current.id = move.recovery_level_id
                  JOIN LATERAL (
                        SELECT level.id, level.sequence, level.delay_days, level.min_gap_days,
                               (COALESCE(level.channel_email, FALSE)
                                OR COALESCE(level.channel_letter, FALSE)) AS is_letter
                          FROM debt_recovery_level level
                         WHERE level.company_id = move.company_id
                           AND level.active
                           AND level.delay_days >= 0
                           AND NOT COALESCE(level.after_notice_deadline, FALSE)
                           AND level.sequence > COALESCE(
                                CASE WHEN current.delay_days < 0 THEN NULL
                                     ELSE current.sequence END, -1)
                      ORDER BY level.sequence, level.id
                         LIMIT 1
                       ) next ON TRUE
                 WHERE move.company_id = ANY(%(companies)s)
                   AND %(conditions)s
                """,
                today=today,
                companies=companies.ids,
                conditions=SQL(" AND ").join(conditions),
            )
        )
        return self._candidates_fetched()

    @api.model
    def _candidates_fetched(self):
        """The rows just fetched by a candidate query as
        :class:`ladder.Candidate`: invoice, customer, company, step, its
        sequence, the gap in days, the amount, letter?, due?, currency."""
        return [
            ladder.Candidate(
                invoice_id=row[0],
                partner_id=row[1],
                company_id=row[2],
                level_id=row[3],
                level_sequence=row[4],
                min_gap_days=row[5] or 0,
                amount=Decimal(str(row[6])),
                is_letter=row[7],
                is_due=row[8],
                currency_id=row[9],
            )
            for row in self.env.cr.fetchall()
        ]

    @api.model
    def _last_step_dates(self, companies, partner_ids):
        """``{(company_id, partner_id): (last step, last letter)}``; the
        reminder before the due date is not a letter of the recovery: it
        never delays the next one."""
        if not partner_ids:
            return {}
        self.env["debt.recovery.action"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT action.company_id, action.partner_id, MAX(action.date),
                       MAX(action.date) FILTER (
                           WHERE action.channel NOT IN ('activity', 'visit', 'sms', 'none')
                             AND level.delay_days >= 0)
                  FROM debt_recovery_action action
                  JOIN debt_recovery_level level ON level.id = action.level_id
                 WHERE action.company_id = ANY(%s) AND action.partner_id = ANY(%s)
                   AND action.state IN %s
                 GROUP BY action.company_id, action.partner_id
                """,
                companies.ids,
                partner_ids,
                self.env["debt.recovery.action"].GAP_STATES,
            )
        )
        return {(row[0], row[1]): (row[2], row[3]) for row in self.env.cr.fetchall()}

    @api.model
    def _open_credits(self, companies, partner_ids):
        """Open credit notes and unreconciled payments (positive amounts), in
        their own currency: ``{(company_id, partner_id, currency_id):
        Decimal}`` (a credit in euros is never deducted from dollars)."""
        if not partner_ids:
            return {}
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT line.company_id, partner.commercial_partner_id,
                       line.currency_id, -SUM(line.amount_residual_currency)
                  FROM account_move_line line
                  JOIN account_account account ON account.id = line.account_id
                  JOIN res_partner partner ON partner.id = line.partner_id
                 WHERE line.company_id = ANY(%s)
                   AND partner.commercial_partner_id = ANY(%s)
                   AND account.account_type = 'asset_receivable'
                   AND line.parent_state = 'posted'
                   AND NOT line.reconciled
                   AND line.amount_residual < 0
                 GROUP BY line.company_id, partner.commercial_partner_id,
                          line.currency_id
                """,
                companies.ids,
                list(partner_ids),
            )
        )
        return {
            (row[0], row[1], row[2]): Decimal(str(row[3]))
            for row in self.env.cr.fetchall()
        }

    # ---------------------------------------------------------- making steps
    @api.model
    def _lock_customers(self, partner_ids, rows=False):
        """Take the customers no other worker is processing (transaction
        advisory locks): returns the ids taken.

        ``rows``: also lock the customers' rows, before anything else of
        theirs is written, in the order a payment locks them. Registering a
        payment updates the customer's row (Odoo raises its customer rank),
        then the invoice's; a step marks the invoices, then writes the
        customer's status. Taken the other way round, the two transactions
        deadlock and PostgreSQL cancels one of them: with the customer's row
        locked first, a payment waits for the batch (or the batch for the
        payment) instead. A row changed since the batch's snapshot raises a
        serialization failure here, before any work: a transient conflict,
        tried again (``_run_batch``)."""
        self.env.cr.execute(
            SQL(
                "SELECT pid FROM unnest(%s::int[]) pid WHERE pg_try_advisory_xact_lock(%s, pid)",
                list(partner_ids),
                LOCK_NAMESPACE,
            )
        )
        taken = {row[0] for row in self.env.cr.fetchall()}
        if rows and taken:
            self.env["res.partner"].flush_model()
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id = ANY(%s) ORDER BY id "
                    "FOR NO KEY UPDATE",
                    sorted(taken),
                )
            )
        return taken

    @api.model
    def _make_steps(self, decisions, today, mode="send", note=None, steps=None):
        """The one way a step of the ladder is made, for the daily job's
        batches, its queue_job jobs, the retry of failed steps, the reissue
        of stale letters and every button of the processing wizard.

        ``decisions`` are ``tools.ladder.Decision``s (one step per customer,
        company and currency); ``mode`` is ``"send"`` (the step is carried
        out: letter, email, letter to post, activity, formal notice, or put
        up for validation) or ``"skip"`` (recorded as skipped with ``note``:
        it stands on the ladder, nothing is sent); ``steps``, for a retry,
        are the failed steps the decisions redo (in the same order).

        In this order, the one place it is written:

        1. the customers are locked; those another worker holds are left to
           it (no step);
        2. the steps' values from the decisions, figures as of ``today``
           (``_step_vals``);
        3. the steps are created (set-based; one made meanwhile by another
           worker is skipped: the unique index of the steps), or the failed
           steps rewritten with these values (retry);
        4. new steps: their invoices reach the step
           (``account.move._recovery_mark_steps``), failed ones included
           (the ladder does not go past a step never sent);
        5. "send": carried out (``debt.recovery.action._recovery_execute``,
           which writes each step in its customer's chatter); "skip": a note
           on each customer;
        6. retried steps that went: their invoices reach the step today;
        7. the customers' recovery status is refreshed
           (``debt.recovery.customer.status._refresh``), then
        8. their service suspension applied or lifted
           (``debt.recovery.suspension._recovery_update``).

        Returns the steps made (sent, waiting for validation, skipped or
        failed).
        """
        if mode not in ("send", "skip"):
            raise ValueError(f"unknown mode of _make_steps: {mode!r}")
        Action = self.env["debt.recovery.action"]
        taken = self._lock_customers([d.partner_id for d in decisions], rows=True)
        if steps is not None:
            pairs = [
                (decision, step)
                for decision, step in zip(decisions, steps, strict=True)
                if decision.partner_id in taken
            ]
            decisions = [decision for decision, _step in pairs]
        else:
            decisions = [d for d in decisions if d.partner_id in taken]
        if not decisions:
            return Action.browse()
        batch = self._batch_env()
        vals_list = batch._steps_vals(decisions, today)
        if mode == "skip":
            for vals in vals_list:
                vals.update(state="skipped", channel="none", note=note)
        if steps is not None:
            actions = batch._rewrite_steps(
                Action.browse([step.id for _decision, step in pairs]), vals_list
            )
        else:
            actions = batch._insert_steps(vals_list)
        Move = self.env["account.move"]
        if steps is None:
            Move._recovery_mark_steps(actions, track=mode == "skip")
        if mode == "skip":
            batch._log_skipped(actions)
        else:
            actions.with_env(batch.env)._recovery_execute()
        if steps is not None:
            Move._recovery_mark_steps(
                actions.filtered(lambda a: a.state in ("done", "to_validate"))
            )
        actions = actions.with_env(self.env)
        companies = actions.company_id
        self.env["debt.recovery.customer.status"]._refresh(
            actions.partner_id, companies, today
        )
        self.env["debt.recovery.suspension"]._recovery_update(
            actions.partner_id, companies, today
        )
        return actions

    @api.model
    def _insert_steps(self, vals_list):
        """Create the steps of ``vals_list`` in one INSERT; when another
        worker created some of them meanwhile (the unique index of the
        steps), the others one by one. Returns the steps created."""
        flow = self.env["debt.recovery.action"]._recovery_flow()
        try:
            with self.env.cr.savepoint():
                return flow._recovery_insert(vals_list)
        except psycopg2.IntegrityError:
            actions = flow.browse()
            for vals in vals_list:
                try:
                    with self.env.cr.savepoint():
                        actions |= flow.create(vals)
                except psycopg2.IntegrityError:
                    _logger.info(
                        "Debt recovery: step %s for customer %s already exists, "
                        "skipped.",
                        vals["level_id"],
                        vals["partner_id"],
                    )
            return actions

    @api.model
    def _rewrite_steps(self, actions, vals_list):
        """Failed steps made again with the values of today (retry): they
        keep their customer, company, step, responsible and reference, and
        start again as a new step starts (waiting for validation when their
        step requires it, else draft)."""
        for action, vals in zip(actions, vals_list, strict=True):
            action._recovery_flow().write(
                {
                    name: value
                    for name, value in vals.items()
                    if name not in RETRY_KEPT_FIELDS
                }
                | {
                    "state": vals["state"],
                    "failure_reason": False
                    if vals["state"] == "to_validate"
                    else action.failure_reason,
                }
            )
        return actions

    @api.model
    def _log_skipped(self, actions):
        """A note on each customer for its steps skipped by hand."""
        bodies = defaultdict(list)
        for action in actions:
            bodies[action.partner_id.id].append(
                self.env._(
                    "%(step)s skipped by %(user)s (%(ref)s): invoices %(invoices)s.",
                    step=action.level_id.name,
                    user=self.env.user.name,
                    ref=action.name,
                    invoices=action._recovery_summary_list(action.invoice_ids),
                )
            )
        self.env["res.partner"]._recovery_log_notes(bodies)

    @api.model
    def _retry_steps(self, actions, today):
        """Failed steps carried out again as of ``today`` (the Retry button,
        and the daily job before it decides new steps): the step is redone
        as the daily job would make it today (the invoices still open,
        amounts, penalties, credits, channel, penalty problem), so that what
        was fixed since (a rate entered, an address completed, the channel
        changed) is taken into account; then carried out through
        ``_make_steps``, and the resolution written in its chatter, below the
        error. A step that fails again keeps its reason (not repeated).
        Returns the steps that went (sent or waiting for validation)."""
        previous = {action.id: action.failure_reason for action in actions}
        decisions = self._decisions_from_steps(actions, today)
        made = self._make_steps(decisions, today, steps=actions)
        went = made.filtered(lambda a: a.state in ("done", "to_validate"))
        states = dict(
            self.env["debt.recovery.action"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        for action in went:
            action.message_post(
                body=self.env._(
                    "Retried on %(date)s with the figures of that day: %(result)s. "
                    "The earlier problem is resolved: %(problem)s",
                    date=format_date(self.env, today),
                    result=states[action.state],
                    problem=previous[action.id] or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return went

    @api.model
    def _decisions_from_steps(self, actions, today, open_only=False):
        """The decisions that make ``actions`` again as of ``today``: the
        same customer, company, step and currency, on the invoices still
        open (all of them when none is, unless ``open_only``), with what is
        due on them and the customer's open credits today."""
        snapshots = actions.invoice_ids._recovery_snapshot(today)
        credits = self._open_credits(actions.company_id, actions.partner_id.ids)
        decisions = []
        for action in actions:
            covered = action.invoice_ids.filtered(lambda m: m._recovery_is_open())
            if not covered and open_only:
                continue
            covered = covered or action.invoice_ids
            key = (action.company_id.id, action.partner_id.id, action.currency_id.id)
            decisions.append(
                ladder.Decision(
                    partner_id=action.partner_id.id,
                    company_id=action.company_id.id,
                    level_id=action.level_id.id,
                    invoice_ids=covered.ids,
                    amount_due=sum(
                        (snapshots[move_id]["due"] for move_id in covered.ids),
                        Decimal("0"),
                    ),
                    amount_credit=max(credits.get(key, Decimal("0")), Decimal("0")),
                    currency_id=action.currency_id.id,
                )
            )
        return decisions

    @api.model
    def _batch_partners(self, decisions):
        """The customers of the decisions, each in its company's environment
        and all prefetched together: ``{(company_id, partner_id): partner}``."""
        result = {}
        by_company = defaultdict(list)
        for decision in decisions:
            by_company[decision.company_id].append(decision.partner_id)
        for company_id, partner_ids in by_company.items():
            for partner in (
                self.env["res.partner"].browse(partner_ids).with_company(company_id)
            ):
                result[company_id, partner.id] = partner
        return result

    @api.model
    def _steps_vals(self, decisions, today):
        """The values of the steps of ``decisions``, figures as of ``today``
        (all the invoices' figures read together)."""
        invoices = self.env["account.move"].browse(
            [inv_id for d in decisions for inv_id in d.invoice_ids]
        )
        snapshots = invoices._recovery_snapshot(today)
        levels = self.env["debt.recovery.level"].browse({d.level_id for d in decisions})
        partners = self._batch_partners(decisions)
        return [
            self._step_vals(
                decision,
                levels.browse(decision.level_id),
                snapshots,
                today,
                partner=partners[decision.company_id, decision.partner_id],
            )
            for decision in decisions
        ]

    @api.model
    def _step_vals(self, decision, level, snapshots, today, partner=None):
        """What a step of ``decision`` at ``level`` holds on ``today``: the
        values it is created with (``snapshots``: the invoices' figures,
        ``account.move._recovery_snapshot``). Also the letter of the
        processing wizard's preview, from an unsaved step."""
        partner = partner or self.env["res.partner"].browse(decision.partner_id)
        figures = [snapshots[inv_id] for inv_id in decision.invoice_ids]
        penalty = sum((f["penalty"] for f in figures), Decimal("0"))
        indemnity = sum((f["indemnity"] for f in figures), Decimal("0"))
        errors = {f["error"] for f in figures if f["error"]}
        return {
            "company_id": decision.company_id,
            "partner_id": partner.id,
            "level_id": level.id,
            "date": today,
            "user_id": partner._recovery_responsible(decision.company_id).id,
            "invoice_ids": [fields.Command.set(decision.invoice_ids)],
            "amount_due": float(decision.amount_due),
            "amount_penalty": float(penalty),
            "amount_indemnity": float(indemnity),
            "amount_credit": float(decision.amount_credit),
            "currency_id": decision.currency_id,
            "channel": self._step_channel(level, partner),
            "state": "to_validate" if level.requires_validation else "draft",
            "penalty_error": "\n".join(sorted(errors)) or False,
        }

    @api.model
    def _step_channel(self, level, partner):
        """How the step of ``level`` reaches ``partner``: by email, post,
        both, an activity only, or nothing."""
        if level.channel_visit and not (level.channel_email or level.channel_letter):
            return "visit"
        if level.channel_activity and not (level.channel_email or level.channel_letter):
            return "activity"
        wants = partner.recovery_letter_channel or "email"
        if partner.recovery_bounced_email and (
            level.channel_email or level.channel_letter
        ):
            # The customer's address bounced: by post until it is corrected
            # (a step without a letter to post fails with the reason).
            return "post"
        email = level.channel_email or (level.channel_letter and wants != "post")
        post = level.channel_letter and wants in ("post", "both")
        if not level.channel_email and level.channel_letter and wants == "email":
            # A letter-only step (e.g. the formal notice) goes by post.
            email, post = False, True
        if email and post:
            return "both"
        if post:
            return "post"
        if email:
            return "email"
        if level.channel_activity:
            return "activity"
        return "sms" if level.channel_sms else "none"
