"""SMS as a channel of a step, with Odoo's mocked SMS gateway; only when
Odoo's SMS module is installed in the database (an optional dependency)."""

import inspect
import unittest
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtRecoveryCase

try:
    from odoo.addons.sms.tests.common import MockSMS
except ImportError:  # pragma: no cover - the SMS module is not on the path
    MockSMS = object


@tagged("post_install", "-at_install")
class TestSms(DebtRecoveryCase, MockSMS):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if MockSMS is object or "sms.sms" not in cls.env:
            raise unittest.SkipTest("Odoo's SMS module is not installed")
        cls.level["courtesy"].channel_sms = True
        cls.user.tz = "Europe/Paris"
        cls.customer.write(
            {"recovery_user_id": cls.user.id, "mobile": "+33 6 12 34 56 78"}
        )
        cls.invoice = cls._invoice(
            cls.customer, 450.0, date(2026, 1, 10), date(2026, 2, 10)
        )

    def _daily(self, moment):
        with freeze_time(moment), self.mockSMSGateway():
            self.env["debt.recovery.run"]._daily_run(
                today=moment.date(), companies=self.company
            )

    def _recovery_sms(self):
        return (
            self.env["sms.sms"]
            .sudo()
            .search(
                [("partner_id", "=", self.customer.id), ("number", "=", "+33612345678")]
            )
        )

    def test_sms_in_the_day_logged_on_the_step(self):
        # Friday 13 February 2026, 10:00 UTC = 11:00 in Paris.
        self._daily(datetime(2026, 2, 13, 10, 0))
        step = self._actions(self.customer)
        self.assertEqual(step.channel, "email")
        sms = self._recovery_sms()
        self.assertEqual(len(sms), 1)
        self.assertIn("450,00", sms.body.replace("\xa0", " ").replace(".", ","))
        self.assertIn("reste impayé", sms.body)
        # The customer's recovery page (pay, dispute, promise, plan), not
        # the invoice's own page.
        with freeze_time("2026-02-13 10:00:00"):
            page = self.env["debt.recovery.portal.link"]._urls_for(
                self.customer, self.company
            )[self.customer.id]
        self.assertIn("/recouvrement/", page)
        self.assertIn(page, sms.body)
        self.assertNotIn(self.invoice.get_portal_url().split("?")[0], sms.body)
        self.assertLessEqual(len(sms.body), 160)
        logged = step.message_ids.filtered(lambda m: m.message_type == "sms")
        self.assertEqual(len(logged), 1)
        self.assertFalse(step.sms_due)

    def test_never_at_night_nor_on_sunday(self):
        # Saturday 14 February, 21:00 UTC = 22:00 in Paris: waits for Monday.
        self._daily(datetime(2026, 2, 14, 21, 0))
        step = self._actions(self.customer)
        self.assertFalse(self._recovery_sms())
        self.assertEqual(step.sms_due, datetime(2026, 2, 16, 7, 0))
        with freeze_time("2026-02-15 12:00:00"), self.mockSMSGateway():
            self.env["debt.recovery.action"]._cron_recovery_sms()
        self.assertFalse(self._recovery_sms(), "Sunday: still waiting")
        with freeze_time("2026-02-16 07:05:00"), self.mockSMSGateway():
            self.env["debt.recovery.action"]._cron_recovery_sms()
        self.assertEqual(len(self._recovery_sms()), 1)
        self.assertFalse(step.sms_due)

    def test_blacklisted_number_not_texted(self):
        self.env["phone.blacklist"].sudo().add("+33612345678")
        self._daily(datetime(2026, 2, 13, 10, 0))
        step = self._actions(self.customer)
        self.assertFalse(self._recovery_sms())
        self.assertIn("blacklisted", step.message_ids[0].body)

    def test_one_link_issue_for_all_the_sms_of_a_run(self):
        """The page links of a run's SMS are issued together (one read and
        one insert for the batch), each customer getting its own."""
        other = self.customer_b
        other.write({"mobile": "+33 6 98 76 54 32", "recovery_user_id": self.user.id})
        self._invoice(other, 300.0, date(2026, 1, 10), date(2026, 2, 10))
        Link = type(self.env["debt.recovery.portal.link"])
        original = Link._urls_for
        calls = []

        def spy(links, partners, company):
            # Only the links asked for the SMS (the emails ask for theirs).
            if inspect.stack()[1].function == "_recovery_sms_links":
                calls.append(partners.commercial_partner_id)
            return original(links, partners, company)

        with patch.object(Link, "_urls_for", spy):
            self._daily(datetime(2026, 2, 13, 10, 0))
        self.assertEqual(calls, [self.customer | other])
        bodies = {
            sms.partner_id: sms.body
            for sms in self.env["sms.sms"]
            .sudo()
            .search([("partner_id", "in", (self.customer | other).ids)])
        }
        self.assertEqual(len(bodies), 2)
        with freeze_time("2026-02-13 10:00:00"):
            pages = self.env["debt.recovery.portal.link"]._urls_for(
                self.customer | other, self.company
            )
        for partner in self.customer | other:
            self.assertIn(pages[partner.id], bodies[partner])

    def test_invoice_page_when_no_page_link_can_be_issued(self):
        Link = type(self.env["debt.recovery.portal.link"])
        with patch.object(Link, "_urls_for", lambda *a: {}):
            self._daily(datetime(2026, 2, 13, 10, 0))
        (sms,) = self._recovery_sms()
        self.assertNotIn("/recouvrement/", sms.body)
        self.assertIn(self.invoice.get_portal_url().split("?")[0], sms.body)
