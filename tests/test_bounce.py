"""A reminder email that bounces: routed in through Odoo's mail gateway, it
gives the customer's responsible an activity, and the next steps go by post
until the address is corrected."""

from datetime import date

from freezegun import freeze_time

from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DebtRecoveryCase

BOUNCE = """Return-Path: <>
From: MAILER-DAEMON@mx.client.example (Mail Delivery System)
To: {to}
Subject: Undelivered Mail Returned to Sender
Date: Tue, 17 Feb 2026 08:00:00 +0100
Message-Id: <bounce-{stamp}@mx.client.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
    boundary="BOUNDARY"

--BOUNDARY
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

<{bounced}>: 550 No such person at this address.

--BOUNDARY
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.client.example

Final-Recipient: rfc822; {bounced}
Original-Recipient: rfc822;{bounced}
Action: failed
Status: 5.1.1

--BOUNDARY
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Message-Id: {message_id}
Subject: {subject}
To: {bounced}

--BOUNDARY--
"""


@tagged("post_install", "-at_install")
class TestBounce(DebtRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.recovery_user_id = cls.user
        cls.invoice = cls._invoice(
            cls.customer, 500.0, date(2026, 1, 10), date(2026, 2, 10)
        )

    def _daily(self, day):
        with freeze_time(day):
            self.env["debt.recovery.run"]._daily_run(today=day, companies=self.company)

    def _bounce(self, step):
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "debt.recovery.action"), ("res_id", "=", step.id)])
        )
        self.assertEqual(len(mail), 1)
        raw = BOUNCE.format(
            to="bounce@creancier.example",
            stamp=step.id,
            bounced="compta@durand.example",
            message_id=mail.message_id,
            subject=mail.subject,
        )
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].sudo().message_process(None, raw)

    def _invalid_email_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "l10n_fr_debt_recovery.mail_activity_type_invalid_email"
                    ).id,
                ),
            ]
        )

    def test_bounce_activity_then_post_until_fixed(self):
        self._daily(date(2026, 2, 13))
        courtesy = self._actions(self.customer)
        self.assertEqual(courtesy.level_id, self.level["courtesy"])
        self.assertEqual(courtesy.channel, "email")
        self._bounce(courtesy)

        activity = self._invalid_email_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user)
        self.assertIn("compta@durand.example", activity.summary)
        self.assertEqual(self.customer.recovery_bounced_email, "compta@durand.example")
        self.assertIn("bounced", courtesy.message_ids[0].body)
        # The same bounce again: no second activity.
        self._bounce(courtesy)
        self.assertEqual(len(self._invalid_email_activities()), 1)

        # The amicable reminder (a letter) goes by post, not by email.
        self._daily(date(2026, 2, 25))
        amicable = self._actions(self.customer) - courtesy
        self.assertEqual(amicable.level_id, self.level["amicable"])
        self.assertEqual(amicable.channel, "post")
        self.assertEqual(amicable.state, "done")
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", "debt.recovery.action"), ("res_id", "=", amicable.id)]
            )
        )

        # The recovery user corrects the address: email again.
        form = Form(self.customer.with_user(self.user))
        form.email = "comptabilite@durand.example"
        form.save()
        self.assertFalse(self.customer.recovery_bounced_email)
        self.assertEqual(
            self.env["debt.recovery.run"]._step_channel(
                self.level["firm"], self.customer.with_company(self.company)
            ),
            "email",
        )

    def test_email_only_step_fails_with_the_reason(self):
        """A step with no letter to post cannot go by post: it fails and
        says why, it is not marked as sent."""
        self.customer.sudo().recovery_bounced_email = "compta@durand.example"
        self._daily(date(2026, 2, 13))
        courtesy = self._actions(self.customer)
        self.assertEqual(courtesy.state, "failed")
        self.assertIn("bounced", courtesy.failure_reason)


@tagged("post_install", "-at_install")
class TestRefusedEmail(DebtRecoveryCase, MockEmail):
    """A reminder email Odoo refuses to send before it leaves (no valid
    address: ``mail.mail`` failure ``mail_email_invalid`` or
    ``mail_email_missing``) is handled as a bounce. Sent through Odoo's
    mail queue with its mocked SMTP gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.recovery_user_id = cls.user
        cls.invoice = cls._invoice(
            cls.customer, 500.0, date(2026, 1, 10), date(2026, 2, 10)
        )

    _daily = TestBounce._daily
    _invalid_email_activities = TestBounce._invalid_email_activities

    def _send_queue(self, step):
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "debt.recovery.action"), ("res_id", "=", step.id)])
        )
        self.assertEqual(len(mail), 1)
        with (
            freeze_time("2026-02-13 10:00:00"),
            self.mock_mail_gateway(),
            mute_logger("odoo.addons.mail.models.mail_mail"),
        ):
            self.env["mail.mail"].sudo().process_email_queue(ids=mail.ids)
        return mail.exists()

    def test_email_refused_before_it_leaves_is_a_bounce(self):
        """Odoo refuses to send a reminder to an invalid address (the email
        never leaves): as for a bounce, the responsible is asked to correct
        the address and the next steps go by post."""
        self.customer.sudo().email = "compta.durand.example"
        self._daily(date(2026, 2, 13))
        courtesy = self._actions(self.customer)
        self.assertEqual(courtesy.channel, "email")
        mail = self._send_queue(courtesy)
        if mail:  # kept unless set to be deleted once processed
            self.assertEqual(mail.state, "exception")
        activity = self._invalid_email_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user)
        self.assertIn("compta.durand.example", activity.summary)
        self.assertIn("invalid or missing", activity.note)
        self.assertEqual(self.customer.recovery_bounced_email, "compta.durand.example")
        self.assertIn("was not sent", courtesy.message_ids[0].body)
        self.assertEqual(
            self.env["debt.recovery.run"]._step_channel(
                self.level["amicable"], self.customer.with_company(self.company)
            ),
            "post",
        )
        # The address corrected: email again.
        form = Form(self.customer.with_user(self.user))
        form.email = "comptabilite@durand.example"
        form.save()
        self.assertFalse(self.customer.recovery_bounced_email)

    def test_an_email_sent_is_no_bounce(self):
        self._daily(date(2026, 2, 13))
        courtesy = self._actions(self.customer)
        self._send_queue(courtesy)
        self.assertFalse(self._invalid_email_activities())
        self.assertFalse(self.customer.recovery_bounced_email)
