"""The one way a step is made (``debt.recovery.run._make_steps``): every
path goes through it, with the same order of what follows a step; the
processing wizard's customers are an argument, not a context key; a
transient conflict with another transaction does not cost a batch a day;
the formal notices the job prepares are followed as those made by hand."""

from datetime import date
from unittest.mock import patch

import psycopg2.errors
from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import DebtRecoveryCase

RUN_LOGGER = "odoo.addons.l10n_fr_debt_recovery.models.debt_recovery_run"


@tagged("post_install", "-at_install")
class TestMakeSteps(DebtRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Run = cls.env["debt.recovery.run"]
        cls.customers = [cls.customer, cls.customer_b]
        for partner in cls.customers:
            cls._invoice(partner, 100.0, date(2026, 1, 20), date(2026, 2, 5))

    def _decisions(self, partner_ids=None):
        decisions, _skipped = self.Run._decide(
            self.company, date(2026, 2, 10), partner_ids=partner_ids
        )
        return decisions

    @freeze_time("2026-02-10")
    def test_decision_restricted_by_argument_not_by_context(self):
        """The customers of a decision are an argument; the context key the
        processing wizard used to pass them is not read any more."""
        only_b = self._decisions(partner_ids=[self.customer_b.id])
        self.assertEqual([d.partner_id for d in only_b], [self.customer_b.id])
        forged = self.Run.with_context(debt_recovery_partner_ids=[self.customer.id])
        decisions, _skipped = forged._decide(self.company, date(2026, 2, 10))
        self.assertEqual(
            sorted(d.partner_id for d in decisions),
            sorted(p.id for p in self.customers),
        )

    @freeze_time("2026-02-10")
    def test_skip_refreshes_the_status_and_the_suspension(self):
        """Skip goes through the same entry point as Send: the customer's
        status follows (next step, step reached), and so does the
        suspension (it used to be forgotten on a skip)."""
        Run = type(self.Run)
        calls = []
        original = Run._make_steps

        def spy(self_, decisions, today, mode="send", note=None, steps=None):
            calls.append(mode)
            return original(self_, decisions, today, mode=mode, note=note, steps=steps)

        wizard = Form(
            self.env["debt.recovery.process"]
            .with_user(self.user)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
        ).save()
        Suspension = type(self.env["debt.recovery.suspension"])
        with (
            patch.object(Run, "_make_steps", spy),
            patch.object(
                Suspension,
                "_recovery_update",
                autospec=True,
                side_effect=Suspension._recovery_update,
            ) as updated,
        ):
            wizard.action_skip()
        self.assertEqual(calls, ["skip"])
        self.assertTrue(updated.called, "the suspension rule ran after the skip")
        step = self._actions(self.customer)
        self.assertEqual((step.state, step.channel), ("skipped", "none"))
        self.assertEqual(self.customer.recovery_level_id, self.level["courtesy"])
        self.assertFalse(
            self.env["mail.mail"].search_count([("model", "=", step._name)]),
            "a skipped step sends nothing",
        )

    @freeze_time("2026-02-10")
    def test_transient_conflict_retried_at_once_when_the_run_commits(self):
        """A batch that meets a concurrent update (a user registering a
        payment of one of its customers) is rolled back, decided again and
        tried again at once, not left to the next day."""
        Run = type(self.Run)
        original = Run._make_steps
        tries = []

        def conflict_once(self_, decisions, today, **kwargs):
            tries.append(len(decisions))
            made = original(self_, decisions, today, **kwargs)
            if len(tries) == 1:
                raise psycopg2.errors.SerializationFailure(
                    "could not serialize access due to concurrent update"
                )
            return made

        with (
            patch.object(Run, "_make_steps", conflict_once),
            # The scheduled action commits between batches; a test cannot.
            patch.object(self.env.cr, "rollback", lambda: None),
            patch("time.sleep") as sleep,
            self.assertLogs(RUN_LOGGER, level="WARNING") as logs,
        ):
            counts = self.Run._run_batch(self._decisions(), date.today(), commits=True)
        self.assertEqual(tries, [2, 2])
        self.assertEqual(counts, {"done": 2, "failed": 0, "skipped": 0, "locked": 0})
        self.assertEqual(sleep.call_count, 1)
        self.assertIn("met a concurrent update", "\n".join(logs.output))
        for partner in self.customers:
            step = self._actions(partner)
            self.assertEqual((len(step), step.state), (1, "done"), partner.name)
            self.assertEqual(len(step.mail_id), 1, "one email, not two")

    @freeze_time("2026-02-10")
    def test_transient_conflict_every_time_leaves_the_batch_for_later(self):
        Run = type(self.Run)

        def always(self_, decisions, today, **kwargs):
            raise psycopg2.errors.LockNotAvailable("lock not available")

        with (
            patch.object(Run, "_make_steps", always),
            patch.object(self.env.cr, "rollback", lambda: None),
            patch("time.sleep") as sleep,
            self.assertLogs(RUN_LOGGER, level="ERROR"),
        ):
            counts = self.Run._run_batch(self._decisions(), date.today(), commits=True)
        self.assertEqual(counts["failed"], 2)
        self.assertEqual(sleep.call_count, 2, "three tries in all")
        self.assertFalse(self._actions(self.customer))

    @freeze_time("2026-02-10")
    def test_transient_conflict_in_one_transaction_is_left_to_the_request_retry(
        self,
    ):
        """ "Run now" and the wizard run in one transaction: the conflict is
        raised (Odoo's request layer retries the whole request) with nothing
        of the batch left behind."""
        Run = type(self.Run)
        original = Run._make_steps

        def work_then_conflict(self_, decisions, today, **kwargs):
            original(self_, decisions, today, **kwargs)
            raise psycopg2.errors.SerializationFailure("concurrent update")

        with (
            patch.object(Run, "_make_steps", work_then_conflict),
            self.assertRaises(psycopg2.errors.SerializationFailure),
        ):
            self.Run._run_batch(self._decisions(), date.today())
        self.assertFalse(self._actions(self.customer))
        self.assertFalse(self._actions(self.customer_b))

    def test_notice_made_by_the_job_is_followed_as_one_made_by_hand(self):
        """The batches' context (no tracking, no creation log) stays with
        the steps: the formal notice a step prepares gets its creation log
        and its responsible as follower, as a notice made by hand."""
        customer = self._make_customer("Martin Menuiserie SARL")
        customer.recovery_user_id = self.user
        invoice = self._invoice(customer, 900.0, date(2026, 1, 1), date(2026, 1, 5))
        invoice.sudo().write(
            {
                "recovery_level_id": self.level["firm"].id,
                "recovery_last_date": date(2026, 2, 4),
            }
        )
        with freeze_time("2026-02-19"):  # due + 45 days: the formal notice
            self.Run._cron_daily_run()
        notice = self.env["debt.recovery.notice"].search(
            [("partner_id", "=", customer.id)]
        )
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.user_id, self.user)
        self.assertIn(self.user.partner_id, notice.message_partner_ids)
        self.assertTrue(notice.message_ids, "the creation is in its chatter")
