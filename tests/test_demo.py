"""The demo's replay clock (demo/debt_recovery_demo.py): while a past day is
replayed, every date written is that day's, the chatter's own dates
included (otherwise every chatter entry of a replayed day reads "Today at
19:53")."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from ..demo.debt_recovery_demo import REPLAY_HOUR, replay_clock
from .common import DebtRecoveryCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-29 19:53:00")
class TestDemoReplay(DebtRecoveryCase):
    def test_a_replayed_day_is_dated_that_day_everywhere(self):
        day = date(2026, 10, 8)
        self._invoice(self.customer, 900.0, date(2026, 10, 5))
        Demo = self.env["debt.recovery.demo"]
        first = Demo._demo_last_message_id() + 1
        with replay_clock(day):
            self.env["debt.recovery.run"]._cron_daily_run(today=day)
        Demo._demo_date_messages(None, None, day, first)
        action = self._actions(self.customer)
        self.assertEqual(action.date, day)
        messages = self.env["mail.message"].search([("id", ">=", first)], order="id")
        self.assertTrue(messages)
        self.assertEqual(
            {m.date.date() for m in messages}, {day}, "no message dated today"
        )
        self.assertEqual(messages[0].date, datetime(2026, 10, 8, REPLAY_HOUR))
        self.assertEqual(messages.mapped("date"), sorted(messages.mapped("date")))
        # Outside the replay, the clock is the real one again.
        self.assertEqual(fields.Date.context_today(self.customer), date(2026, 11, 29))
