"""The daily recovery job: who is late, which step is due, doing it, and
what follows the batches (the daily phases).

It extends ``debt.recovery.action`` (models/debt_recovery_action.py) in a
file of its own, as Odoo core keeps the journal dashboard in
account_journal_dashboard.py apart from account_journal.py: the job is a
process over every customer and company (candidate search in SQL, batches,
advisory locks, cron progress), not a part of what a step is, and it is as
long as the model itself. Everything the job does after its batches is
listed once, in order, in ``_recovery_daily_phases()``.
"""

import datetime
import logging
import time
from collections import defaultdict
from decimal import Decimal

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, format_list

from ..tools import deadlines as deadline_tools
from ..tools import ladder
from .account_move import PARTNERS_CONTEXT_KEY
from .debt_recovery_document import MANAGER_GROUP

_logger = logging.getLogger(__name__)

# Key of the PostgreSQL advisory locks taken on customers being processed, so
# that two workers never handle the same customer at the same time.
LOCK_NAMESPACE = 74311
# The scheduled action of the daily job: its row is the job's lock (see
# ``action_run_now``).
DAILY_CRON = "l10n_fr_debt_recovery.ir_cron_debt_recovery_daily"
PRESCRIPTION_ACTIVITY = "l10n_fr_debt_recovery.mail_activity_type_prescription"
# OCA queue_job (optional): the channel of the daily job's jobs, and the
# context key that forces (True) or forbids (False) enqueuing; by default the
# scheduled action enqueues when queue_job is installed, "Run now" never.
QUEUE_CHANNEL = "root.debt_recovery"
QUEUE_CONTEXT_KEY = "debt_recovery_queue_job"


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_daily_run(
        self, batch_size=200, time_budget=None, today=None, companies=None
    ):
        """Entry point of the scheduled action (and of "Run now").

        First retries the failed steps (``_recovery_retry_failed``), then
        decides every customer's next step with a bounded number of queries,
        then processes customers in batches. In a cron run each batch is
        committed; a batch that fails is rolled back as a whole and logged,
        the others go on. When ``time_budget`` seconds are spent, progress is
        reported and the cron framework calls the job again to go on.
        ``today`` (default: the user's today) replays a past day (demo data);
        ``companies`` (default: all) limits the run ("Run now": the user's).

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
        return self._recovery_job_lang_env()._recovery_daily_run(
            batch_size=batch_size,
            time_budget=time_budget,
            today=today,
            companies=companies,
        )

    @api.model
    def _recovery_daily_run(
        self, batch_size=200, time_budget=None, today=None, companies=None
    ):
        started = time.monotonic()
        today = today or fields.Date.context_today(self)
        companies = (companies or self.env["res.company"].sudo().search([])).sudo()
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        counts = dict.fromkeys(("done", "failed", "skipped", "locked", "remaining"), 0)
        counts.update(self._recovery_retry_failed(companies, today, batch_size))
        if in_cron:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        decisions, skipped = self._recovery_decide(companies, today)
        counts["skipped"] = len(skipped)
        if self._recovery_use_queue_job():
            # The cron only decides; queue_job's workers do the rest.
            counts["enqueued"] = self._recovery_enqueue(
                decisions, companies, today, batch_size
            )
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
            for name, count in self._recovery_run_batch(chunk, today).items():
                counts[name] += count
            if in_cron:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        for phase in self._recovery_daily_phases():
            phase(companies, today)
        self.env["ir.cron"]._notify_progress(done=counts["done"], remaining=0)
        return counts

    @api.model
    def _recovery_run_batch(self, chunk, today, raise_errors=False):
        """One batch of the daily run, in a savepoint: the customers another
        worker holds are left to it, the others processed. Returns the counts
        of the batch's customers: ``{"done", "failed", "skipped", "locked"}``.
        A batch that fails is rolled back and logged; with ``raise_errors``
        (a queue_job job) the error is raised after that, for queue_job to
        retry the job.
        """
        taken = self._recovery_lock_customers([d.partner_id for d in chunk])
        mine = [d for d in chunk if d.partner_id in taken]
        counts = {
            "done": 0,
            "failed": 0,
            "skipped": 0,
            "locked": len(chunk) - len(mine),
        }
        try:
            with self.env.cr.savepoint():
                actions = self._recovery_batch_env()._recovery_process_batch(
                    mine, today
                )
        except Exception:
            counts["failed"] += len(mine)
            _logger.exception(
                "Debt recovery: batch of %d customers failed and was rolled back "
                "(customers %s); it will be retried on the next run.",
                len(mine),
                [d.partner_id for d in mine],
            )
            self.env.invalidate_all()
            if raise_errors:
                raise
            return counts
        states = {(a.company_id.id, a.partner_id.id): a.state for a in actions}
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
    def _recovery_retry_failed(self, companies, today, batch_size=200):
        """First thing of the daily run: the failed steps are carried out
        again, figures recomputed as of today (``_recovery_retry``), before any
        new step is decided, so that the ladder resumes with the step that
        was never sent (the next steps of its invoices wait for it, see
        ``account.move._recovery_candidate_conditions``). Each step once a
        day (the steps dated today were just made or tried); not the steps
        whose invoices are all settled (nothing to send: to cancel); not
        when another worker holds the customer. In batches, each in a
        savepoint. Returns ``{"retried", "retry_failed"}``.
        """
        counts = {"retried": 0, "retry_failed": 0}
        failed = (
            self.sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("state", "=", "failed"),
                    ("date", "<", today),
                ],
                order="id",
            )
            .filtered(lambda a: any(m._recovery_is_open() for m in a.invoice_ids))
        )
        Batch = self._recovery_batch_env()
        for chunk in ladder.batches(failed.ids, batch_size):
            actions = Batch.browse(chunk)
            taken = self._recovery_lock_customers(actions.partner_id.ids)
            actions = actions.filtered(lambda a, t=taken: a.partner_id.id in t)
            actions -= actions._recovery_retry_conflicts(today)
            try:
                with self.env.cr.savepoint():
                    went = actions._recovery_retry(today)
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
    def _recovery_job_lang_env(self):
        """The scheduled job runs as the superuser, often without a language:
        it writes its chatter notes, suspension reasons, activities and file
        names in the company's language."""
        lang = self.env.context.get("lang")
        if self.env.su or not lang:
            lang = self.env.company.partner_id.lang or lang
        return self.with_context(lang=lang) if lang else self

    @api.model
    def _recovery_batch_env(self):
        """Environment of the batches: the customer's chatter gets one note per
        step (see ``_recovery_log_on_partner``), so the per-record tracking and
        creation logs of actions and invoices are skipped, and reminder emails
        are rendered with their template compiled once per batch."""
        return self._recovery_job_lang_env().with_context(
            tracking_disable=True,
            mail_notrack=True,
            mail_create_nolog=True,
            debt_recovery_batch_render=True,
        )

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
    def _recovery_use_queue_job(self):
        """Whether this run enqueues its batches (queue_job installed, and
        the scheduled action, unless the context key says otherwise)."""
        if "queue.job" not in self.env:
            return False
        forced = self.env.context.get(QUEUE_CONTEXT_KEY)
        if forced is not None:
            return bool(forced)
        return bool(self.env.context.get("ir_cron_progress_id"))

    @api.model
    def _recovery_queue_channel(self):
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
    def _recovery_enqueue(self, decisions, companies, today, batch_size):
        """One job per batch of ``batch_size`` customers (all the steps of a
        customer in one batch), and the daily phases, which wait for them
        (``_recovery_job_phases``). A batch already waiting in the queue is not enqueued again
        (identity key). Returns the number of batch jobs."""
        # Imported here: queue_job is an optional dependency.
        from odoo.addons.queue_job.job import identity_exact  # noqa: PLC0415

        channel = self._recovery_queue_channel()
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
            )._recovery_job_batch(company_id, chunk, today)
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
        )._recovery_job_phases(companies.ids, today)
        for job in jobs:
            job.delay()
        # Not chained after the batches: a batch that keeps failing must not
        # hold back the day's promises, plans and notices. The phases job
        # waits for the batches itself (``_recovery_job_phases``).
        phases.delay()
        _logger.info(
            "Debt recovery: %d customers to process, enqueued in %d jobs on %s.",
            len({(d.company_id, d.partner_id) for d in decisions}),
            len(jobs),
            channel,
        )
        return len(jobs)

    @api.model
    def _recovery_job_batch(self, company_id, partner_ids, today):
        """A queue_job job: the daily run for these customers of the company
        (decided again now, so that what another worker made meanwhile is
        skipped). An error rolls the batch back and is raised as retryable:
        queue_job tries the job again later, and shows it failed, with the
        reason, when it keeps failing. Returns the counts (the job's
        result)."""
        job = self.with_context(
            **{PARTNERS_CONTEXT_KEY: list(partner_ids)}
        )._recovery_job_lang_env()
        company = self.env["res.company"].sudo().browse(company_id)
        decisions, skipped = job._recovery_decide(company, today)
        try:
            counts = job._recovery_run_batch(decisions, today, raise_errors=True)
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
                seconds=300,
            ) from error
        counts["skipped"] += len(skipped)
        return self.env._(
            "%(done)s customer(s) processed, %(failed)s failed, %(skipped)s "
            "skipped, %(locked)s locked by another worker (left to it).",
            **counts,
        )

    @api.model
    def _recovery_job_phases(self, company_ids, today):
        """A queue_job job, once the day's batches are done or failed: the
        daily phases (``_recovery_daily_phases``). While batches of the day
        are still waiting or running, it is postponed 5 seconds (without
        counting a try); a batch that failed for good does not hold it."""
        if self._recovery_queue_progress(today)["remaining"]:
            from odoo.addons.queue_job.exception import (  # noqa: PLC0415
                RetryableJobError,
            )

            raise RetryableJobError(
                self.env._("Batches of the day are still waiting or running."),
                seconds=5,
                ignore_retry=True,
            )
        companies = self.env["res.company"].sudo().browse(company_ids)
        job = self._recovery_job_lang_env()
        for phase in job._recovery_daily_phases():
            phase(companies, today)
        return True

    @api.model
    def _recovery_queue_progress(self, today):
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
                    ("method_name", "=", "_recovery_job_batch"),
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
    def action_run_now(self):
        """ "Run now" (list of steps, worklist): the daily job at once.

        A list-header button (``display="always"``): the web client calls it
        on the selected records, or on none, so it is a record method whose
        ``self`` is ignored (an ``@api.model`` method would receive the ids
        as an extra argument and fail).

        Who and where: recovery managers only, on the companies they work in
        (``self.env.companies``, which the ORM checks against the user's
        companies); the job then runs as the superuser on those companies
        only.

        The lock it shares with the cron (``_recovery_lock_daily_job``): the
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
        self._recovery_lock_daily_job()
        result = self.sudo()._cron_daily_run(companies=companies)
        message = self.env._(
            "%(done)s customer(s) processed, %(failed)s failed, %(skipped)s "
            "skipped, %(locked)s locked by another worker (left to it).",
            done=result["done"],
            failed=result["failed"],
            skipped=result["skipped"],
            locked=result["locked"],
        )
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
    def _recovery_lock_daily_job(self):
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
    def _recovery_daily_phases(self):
        """What the daily job does after its batches, in this order; each
        phase is called with ``(companies, today)``:

        1. promises to pay whose date has passed: kept or broken (a broken
           promise puts its invoices back on the ladder);
        2. installment plans: reminders, late installments, broken plans;
        3. formal notices: paid, expired (-> litigation file);
        4. prescription watch: an activity on the invoices soon time-barred;
        5. every customer's recovery status refreshed (after 1-4, which
           change it);
        6. service suspensions applied or lifted (from the refreshed status).
        """
        return [
            self._recovery_daily_promises,
            self._recovery_daily_plans,
            self._recovery_daily_notices,
            self._recovery_prescription_watch,
            self._recovery_daily_customer_status,
            self._recovery_daily_suspensions,
        ]

    @api.model
    def _recovery_daily_promises(self, companies, today):
        self.env["account.move"]._recovery_check_promises(companies, today)

    @api.model
    def _recovery_daily_plans(self, companies, today):
        self.env["debt.recovery.plan"]._recovery_daily(companies, today)

    @api.model
    def _recovery_daily_notices(self, companies, today):
        self.env["debt.recovery.notice"].sudo()._recovery_daily_update(companies, today)

    @api.model
    def _recovery_prescription_watch(self, companies, today):
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
                        [("state", "in", ("draft", "open"))],
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
    def _recovery_daily_customer_status(self, companies, today):
        self.env["res.partner"]._recovery_refresh_status(companies, today)

    @api.model
    def _recovery_daily_suspensions(self, companies, today):
        self.env["debt.recovery.suspension"]._recovery_daily(companies, today)

    # -------------------------------------------------------------- decision
    @api.model
    def _recovery_decide(self, companies, today):
        """Next step of every customer, with a fixed number of queries."""
        candidates = self._recovery_candidates(companies, today)
        keys = {(c.company_id, c.partner_id) for c in candidates}
        partner_ids = sorted({key[1] for key in keys})
        last_dates = self._recovery_last_action_dates(companies, partner_ids)
        credits = self._recovery_open_credits(companies, partner_ids)
        min_amounts = self._recovery_min_amounts(
            companies, {(c.company_id, c.currency_id) for c in candidates}, today
        )
        return ladder.decide(candidates, today, last_dates, credits, min_amounts)

    @api.model
    def _recovery_min_amounts(self, companies, pairs, today):
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
    def _recovery_candidates(self, companies, today):
        Move = self.env["account.move"]
        Move.flush_model()
        self.env["debt.recovery.level"].flush_model()
        self.env["res.partner"].flush_model(
            ["recovery_collective_procedure", "recovery_collective_procedure_date"]
        )
        conditions = Move._recovery_candidate_conditions(today)
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
                           AND NOT COALESCE(level.after_notice_deadline, FALSE)
                           AND level.sequence > COALESCE(current.sequence, -1)
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
    def _recovery_last_action_dates(self, companies, partner_ids):
        if not partner_ids:
            return {}
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT company_id, partner_id, MAX(date),
                       MAX(date) FILTER (WHERE channel NOT IN ('activity', 'none'))
                  FROM debt_recovery_action
                 WHERE company_id = ANY(%s) AND partner_id = ANY(%s)
                   AND state != 'cancelled'
                 GROUP BY company_id, partner_id
                """,
                companies.ids,
                partner_ids,
            )
        )
        return {(row[0], row[1]): (row[2], row[3]) for row in self.env.cr.fetchall()}

    @api.model
    def _recovery_open_credits(self, companies, partner_ids):
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

    # ------------------------------------------------------------ processing
    @api.model
    def _recovery_lock_customers(self, partner_ids):
        """Take the customers no other worker is processing (transaction locks)."""
        self.env.cr.execute(
            SQL(
                "SELECT pid FROM unnest(%s::int[]) pid WHERE pg_try_advisory_xact_lock(%s, pid)",
                partner_ids,
                LOCK_NAMESPACE,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _recovery_process_batch(self, decisions, today):
        """Create and carry out the actions of a batch of decisions."""
        locked = self._recovery_lock_customers([d.partner_id for d in decisions])
        decisions = [d for d in decisions if d.partner_id in locked]
        if not decisions:
            return self.browse()
        invoices = self.env["account.move"].browse(
            [inv_id for d in decisions for inv_id in d.invoice_ids]
        )
        snapshots = invoices._recovery_snapshot(today)
        levels = self.env["debt.recovery.level"].browse({d.level_id for d in decisions})
        partners = self._recovery_batch_partners(decisions)
        vals_list = [
            self._recovery_action_vals(
                decision,
                levels.browse(decision.level_id),
                snapshots,
                today,
                partner=partners[decision.company_id, decision.partner_id],
            )
            for decision in decisions
        ]
        # The job's own flow creates its steps as drafts or waiting for
        # validation (models/debt_recovery_document.py).
        flow = self._recovery_flow()
        try:
            with self.env.cr.savepoint():
                actions = flow._recovery_insert(vals_list).with_env(self.env)
        except psycopg2.IntegrityError:
            # Another worker created some of these steps meanwhile: create the
            # others one by one.
            actions = self.browse()
            for vals in vals_list:
                try:
                    with self.env.cr.savepoint():
                        actions |= flow.create(vals).with_env(self.env)
                except psycopg2.IntegrityError:
                    _logger.info(
                        "Debt recovery: step %s for customer %s already exists, "
                        "skipped.",
                        vals["level_id"],
                        vals["partner_id"],
                    )
        actions._recovery_mark_invoices()
        actions._recovery_execute()
        actions.partner_id._recovery_refresh_status(actions.company_id, today)
        self.env["debt.recovery.suspension"]._recovery_update(
            actions.partner_id, actions.company_id, today
        )
        return actions

    @api.model
    def _recovery_batch_partners(self, decisions):
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
    def _recovery_action_vals(self, decision, level, snapshots, today, partner=None):
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
            "channel": self._recovery_channel(level, partner),
            "state": "to_validate" if level.requires_validation else "draft",
            "penalty_error": "\n".join(sorted(errors)) or False,
        }

    @api.model
    def _recovery_channel(self, level, partner):
        if level.channel_activity and not (level.channel_email or level.channel_letter):
            return "activity"
        wants = partner.recovery_letter_channel or "email"
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
        return "activity" if level.channel_activity else "none"

    def _recovery_mark_invoices(self):
        """The invoices of each action reached its step today: one UPDATE per
        step and day, whatever the number of invoices.

        Not ``account.move.write``: on a posted invoice it synchronises the
        journal items, the taxes and the checks of each invoice, which is
        most of the cost of a day at scale (one query per invoice), for two
        fields that touch none of them. What the ORM write would do is kept,
        in the same order:

        1. the old step of each invoice is read (``FOR NO KEY UPDATE``: the
           rows are locked as a write locks them) and the new one written
           with ``write_uid``/``write_date``, in the UPDATE itself;
        2. the caches of these fields are invalidated, and the stored fields
           that depend on them (the next step and its date) recomputed by
           the ORM in batch (``modified``: written at the next flush, one
           UPDATE per 1,000 invoices);
        3. tracking: the daily job disables it (``tracking_disable``, one
           note per customer instead, ``_recovery_log_on_partner``); when it
           is on (the processing wizard, Retry), the level change is logged
           on each invoice as the ORM tracks it, all messages created in one
           batch (``_recovery_track_levels``);
        4. the customers' suspension is not re-applied here: the callers do
           it once for the batch (``res.partner._recovery_update_suspension``),
           as the ORM write did with ``debt_recovery_skip_suspension_update``.

        The invoices get their portal access token in the same UPDATE when
        they have none (the same random UUID the portal would create): the
        step's email and letter link each invoice's portal page.

        Only the daily job, the processing wizard and Retry call it, on steps
        their user may make (the step's rights were checked when it was
        created): the invoices are updated as the superuser, as before.
        """
        if not self:
            return
        by_step = defaultdict(set)
        for action in self:
            by_step[(action.level_id.id, action.date)].update(action.invoice_ids.ids)
        Move = self.env["account.move"].sudo()
        Move.flush_model(["recovery_level_id", "recovery_last_date"])
        old_levels = {}
        for (level_id, date), invoice_ids in by_step.items():
            self.env.cr.execute(
                SQL(
                    """
                    WITH old AS (
                        SELECT id, recovery_level_id
                          FROM account_move
                         WHERE id = ANY(%(ids)s)
                           FOR NO KEY UPDATE
                    )
                    UPDATE account_move move
                       SET recovery_level_id = %(level)s,
                           recovery_last_date = %(date)s,
                           access_token = COALESCE(
                               move.access_token, gen_random_uuid()::text
                           ),
                           write_uid = %(uid)s,
                           write_date = %(now)s
                      FROM old
                     WHERE move.id = old.id
                 RETURNING move.id, old.recovery_level_id
                    """,
                    ids=sorted(invoice_ids),
                    level=level_id,
                    date=date,
                    uid=self.env.uid,
                    now=self.env.cr.now(),
                )
            )
            old_levels.update(
                {row[0]: (row[1], level_id) for row in self.env.cr.fetchall()}
            )
        moves = Move.browse(sorted(old_levels))
        fnames = [
            "recovery_level_id",
            "recovery_last_date",
            "access_token",
            "write_uid",
            "write_date",
        ]
        moves.invalidate_recordset(fnames)
        moves.modified(["recovery_level_id", "recovery_last_date"])
        if not self.env.context.get("tracking_disable") and not self.env.context.get(
            "mail_notrack"
        ):
            moves._recovery_track_levels(
                {
                    move_id: (old, new)
                    for move_id, (old, new) in old_levels.items()
                    if old != new
                }
            )

    @api.model
    def _recovery_summary_list(self, invoices):
        return format_list(self.env, invoices.mapped("name"))
