"""The formal notice posted through a postal provider, against recorded
answers (tests/data/postal_*.json, built from the providers' documented
formats): the whole life of a registered letter, a return "non réclamé",
a rejected PDF, a timeout and a 500, the webhook's idempotency and its
refusals, an electronic registered letter, and nothing changed without a
provider."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..services._http import PostalHttpError
from .postal_common import PARAM, PDF, SENDING, PostalCase, answer


@tagged("post_install", "-at_install")
class TestRegisteredLetter(PostalCase):
    def _submit(self, notice):
        self._maileva_accepts()
        with freeze_time("2026-02-20"):
            result = notice.with_user(self.user).action_send_registered()
        self.assertIs(result, True)
        return notice

    def test_whole_life_submit_deposit_receipt_then_deadline(self):
        notice = self._submit(self._validated_notice())
        self.assertEqual(notice.postal_state, "submitted")
        self.assertEqual(notice.postal_reference, f"{SENDING}/rcp-0001")
        self.assertEqual(notice.postal_price, 6.90)
        self.assertEqual(notice.state, "validated", "not sent before its deposit")
        # The documented flow: token, sending, document, recipient, submit.
        urls = self.fake.urls()
        self.assertEqual(len(urls), 5)
        self.assertTrue(urls[0].startswith("https://connexion.sandbox.maileva.net/"))
        self.assertTrue(urls[-1].endswith(f"/sendings/{SENDING}/submit"))
        sending = self.fake.calls[1][2]["json"]
        self.assertEqual(sending["custom_id"], notice._postal_key())
        self.assertTrue(sending["acknowledgement_of_receipt"])
        self.assertEqual(sending["sender_address_line_6"], "75011 Paris")
        recipient = self.fake.calls[3][2]["json"]
        self.assertEqual(recipient["address_line_1"], "Durand Bâtiment SARL")
        self.assertEqual(recipient["country_code"], "FR")
        document = self.fake.calls[2][2]["files"]["document"]
        self.assertEqual(document[1], PDF)

        # Deposited: the webhook's event, the status read back.
        self._maileva_status("recipient_deposited")
        with freeze_time("2026-02-21"):
            self.assertEqual(self._webhook(self.maileva["event_deposit"]), (200, "ok"))
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.postal_state, "deposited")
        self.assertEqual(notice.tracking_number, "1A 123 456 7890 1")
        self.assertEqual(notice.sent_date, date(2026, 2, 21))
        deposit = notice.proof_attachment_ids
        self.assertEqual(len(deposit), 1)
        self.assertIn("deposit proof", deposit.name)
        self.assertTrue(deposit.raw.startswith(b"%PDF"))
        sha = notice._recovery_proof_annex_labels()[0]
        self.assertIn("SHA-256", sha)
        self.assertTrue(notice.action_id.posted, "the ladder's letter is posted")

        # Delivered: the acknowledgment, the receipt date starts the deadline.
        self._maileva_status("recipient_delivered")
        with freeze_time("2026-02-25"):
            self.assertEqual(
                self._webhook(self.maileva["event_delivered"]), (200, "ok")
            )
        self.assertEqual(notice.state, "received")
        self.assertEqual(notice.delivery, "received")
        self.assertEqual(notice.receipt_date, date(2026, 2, 24))
        self.assertEqual(notice.deadline_start, date(2026, 2, 24))
        self.assertEqual(notice.deadline_date, date(2026, 3, 4))
        self.assertEqual(len(notice.proof_attachment_ids), 2)
        # Every proof is evidence: nobody deletes or replaces it.
        with self.assertRaises(UserError):
            notice.proof_attachment_ids[0].with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            notice.proof_attachment_ids[1].sudo().write({"raw": b"%PDF other"})
        # Then the deadline passes unpaid: the litigation file, with the
        # proofs and their SHA-256 among its annexes.
        with freeze_time("2026-03-05"):
            self._run()
        self.assertEqual(notice.state, "expired")
        labels = notice.case_id._recovery_annex_labels()
        self.assertIn("Accusé de réception de la mise en demeure", labels)
        self.assertEqual(sum("SHA-256\u00a0:" in label for label in labels), 2, labels)
        annex_names = [name for name, _c in notice.case_id._annex_files()]
        self.assertIn(notice.proof_attachment_ids[1].name, annex_names)

    def test_returned_not_claimed(self):
        notice = self._submit(self._validated_notice())
        self._maileva_status("recipient_returned")
        with freeze_time("2026-03-10"):
            notice.with_user(self.user).action_postal_refresh()
        self.assertEqual(notice.state, "received")
        self.assertEqual(notice.delivery, "returned")
        self.assertEqual(notice.postal_state, "returned")
        self.assertEqual(notice.sent_date, date(2026, 2, 21))
        self.assertEqual(notice.presentation_date, date(2026, 2, 23))
        self.assertEqual(notice.returned_date, date(2026, 3, 10))
        # The company's rule: the deadline runs from the first presentation.
        self.assertEqual(notice.deadline_start, date(2026, 2, 23))
        self.assertEqual(notice.deadline_date, date(2026, 3, 3))

    def test_rejected_pdf_stays_unsent_with_the_reason_then_retry(self):
        notice = self._validated_notice()
        self._maileva_accepts()
        self.fake.route(
            "POST",
            r"/documents$",
            answer(self.maileva["document_rejected"], 400),
        )
        with freeze_time("2026-02-20"):
            result = notice.with_user(self.user).action_send_registered()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertEqual(notice.state, "validated")
        self.assertEqual(notice.postal_state, "failed")
        self.assertIn("refused the letter PDF", notice.postal_error)
        self.assertIn("marges d'impression", notice.postal_error)
        activity = notice.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, notice.user_id or self.user)
        self.assertEqual(activity.summary, "Letter not sent by the postal provider")
        # A retry resubmits, with the same idempotency key.
        self._maileva_accepts()
        with freeze_time("2026-02-21"):
            notice.with_user(self.user).action_postal_retry()
        self.assertEqual(notice.postal_state, "submitted")
        self.assertFalse(notice.postal_error)
        keys = {
            kw["json"]["custom_id"]
            for m, url, kw in self.fake.calls
            if url.endswith("/sendings")
        }
        self.assertEqual(keys, {notice._postal_key()})
        # Nothing is sent twice.
        with self.assertRaisesRegex(UserError, "not sent twice"):
            notice.with_user(self.user).action_send_registered()

    def test_timeout_and_500(self):
        notice = self._validated_notice()
        self.fake.route(
            "POST",
            r"openid-connect/token$",
            PostalHttpError("no answer within 30 s"),
        )
        notice.with_user(self.user).action_send_registered()
        self.assertEqual(notice.postal_state, "failed")
        self.assertIn("could not be reached", notice.postal_error)
        self.assertIn("no answer within 30 s", notice.postal_error)
        self._maileva_accepts()
        self.fake.route("POST", r"/sendings$", answer({"message": "oops"}, 500))
        notice.with_user(self.user).action_postal_retry()
        self.assertEqual(notice.postal_state, "failed")
        self.assertIn("HTTP 500", notice.postal_error)
        self.assertEqual(notice.state, "validated")
        self.assertFalse(notice.postal_reference)

    def test_same_webhook_event_twice_changes_nothing(self):
        notice = self._submit(self._validated_notice())
        self._maileva_status("recipient_deposited")
        event = self.maileva["event_deposit"]
        with freeze_time("2026-02-21"):
            self.assertEqual(self._webhook(event), (200, "ok"))
            calls = len(self.fake.calls)
            messages = len(notice.message_ids)
            self.assertEqual(self._webhook(event), (200, "already received"))
        self.assertEqual(len(self.fake.calls), calls, "the provider not asked again")
        self.assertEqual(len(notice.message_ids), messages)
        self.assertEqual(len(notice.proof_attachment_ids), 1)
        # The polling job reading the same status changes nothing either.
        notice.sudo()._postal_refresh()
        self.assertEqual(len(notice.proof_attachment_ids), 1)
        self.assertEqual(notice.state, "sent")

    def test_provider_down_on_an_event_is_not_recorded_as_received(self):
        notice = self._submit(self._validated_notice())
        self.fake.route(
            "GET",
            r"/recipients/rcp-0001$",
            PostalHttpError("no answer within 30 s"),
        )
        event = self.maileva["event_deposit"]
        self.assertEqual(self._webhook(event)[0], 503)
        self.assertEqual(notice.state, "validated")
        with self.assertRaisesRegex(UserError, "could not be reached"):
            notice.with_user(self.user).action_postal_refresh()
        # The provider sends the event again once it is back: applied.
        self._maileva_status("recipient_deposited")
        with freeze_time("2026-02-21"):
            self.assertEqual(self._webhook(event), (200, "ok"))
        self.assertEqual(notice.state, "sent")

    def test_wrong_secret_is_refused(self):
        notice = self._submit(self._validated_notice())
        self._maileva_status("recipient_deposited")
        calls = len(self.fake.calls)
        self.assertEqual(
            self._webhook(self.maileva["event_deposit"], secret="guessed"),
            (403, "forbidden"),
        )
        self.assertEqual(len(self.fake.calls), calls)
        self.assertEqual(notice.state, "validated")

    def test_event_for_another_companys_letter_is_refused(self):
        notice = self._submit(self._validated_notice())
        self._maileva_status("recipient_deposited")
        other = self._create_company(name="Autre Société SAS")
        other_secret = self.env["debt.recovery.notice"]._postal_webhook_secret(other)
        self.assertEqual(
            self._webhook(
                self.maileva["event_deposit"], company=other, secret=other_secret
            ),
            (404, "unknown reference"),
        )
        unknown = dict(self.maileva["event_deposit"], resource_id="not-ours")
        self.assertEqual(self._webhook(unknown), (404, "unknown reference"))
        self.assertEqual(notice.state, "validated")

    def test_electronic_registered_letter_for_a_consenting_consumer(self):
        notice = self._validated_notice(self.consumer, channel="lre")
        a = self.ar24
        self.fake.route("POST", r"ar24\.fr/api/attachment/$", answer(a["attachment"]))
        self.fake.route("POST", r"ar24\.fr/api/mail/$", answer(a["mail_created"]))
        with freeze_time("2026-02-20"):
            notice.with_user(self.user).action_send_registered()
        self.assertEqual(notice.postal_provider, "ar24")
        self.assertEqual(notice.postal_reference, "605311")
        sent = self.fake.calls[-1][2]["data"]
        self.assertEqual(sent["to_email"], "julien.morel@example.com")
        self.assertEqual(sent["eidas"], 1)
        self.assertTrue(sent["signature"])
        self.fake.route("GET", r"ar24\.fr/api/mail/$", answer(a["mail_ar"]))
        self.fake.route("GET", r"/proof/(ev|ar)/605311$", answer(PDF))
        with freeze_time("2026-02-23"):
            self.assertEqual(
                self._webhook({"id_mail": "605311", "status": "AR"}, provider="ar24"),
                (200, "ok"),
            )
        self.assertEqual(notice.state, "received")
        self.assertEqual(notice.sent_date, date(2026, 2, 21))
        self.assertEqual(notice.receipt_date, date(2026, 2, 22))
        self.assertEqual(len(notice.proof_attachment_ids), 2)

    def test_without_a_provider_nothing_changes(self):
        self.env["ir.config_parameter"].sudo().set_param(PARAM + "provider_lrar", "")
        notice = self._validated_notice()
        self.assertFalse(notice.postal_available)
        with self.assertRaisesRegex(UserError, "No postal provider"):
            notice.with_user(self.user).action_send_registered()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        self.assertEqual(notice.state, "received")
        self.assertFalse(notice.postal_state)
        self.assertFalse(self.fake.calls)


@tagged("post_install", "-at_install")
class TestPostalSettings(PostalCase):
    def test_credentials_are_system_only(self):
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(self.manager).get_param(
                PARAM + "maileva.password"
            )
        # The payload is JSON the providers send; a body that is not an
        # event of theirs is refused.
        self.assertEqual(self._webhook({"foo": "bar"}), (400, "not an event"))

    def test_settings_show_the_webhook_and_the_sandbox_by_default(self):
        admin = self._make_user(
            "postal_admin",
            "base.group_system,l10n_fr_debt_recovery.group_debt_recovery_manager",
        )
        settings = self.env["res.config.settings"].with_user(admin).create({})
        self.assertEqual(settings.debt_recovery_postal_provider_lrar, "maileva")
        self.assertIn(
            f"/debt_recovery/postal/{{provider}}/{self.company.id}/{self.secret}",
            settings.debt_recovery_postal_webhook_url,
        )
        provider = self.env["debt.recovery.notice"]._postal_provider(
            self.company, "lrar"
        )
        self.assertTrue(provider.sandbox)
        self.assertEqual(provider.api_url, "https://api.sandbox.maileva.net")
        settings.debt_recovery_postal_production = True
        settings.execute()
        provider = self.env["debt.recovery.notice"]._postal_provider(
            self.company, "lrar"
        )
        self.assertEqual(provider.api_url, "https://api.maileva.com")
        # Another company's own secret, never the same.
        other = self._create_company(name="Autre Société SAS")
        self.assertNotEqual(
            self.env["debt.recovery.notice"]._postal_webhook_secret(other), self.secret
        )


@tagged("post_install", "-at_install")
class TestOrdinaryLetters(PostalCase):
    def _letters(self, count):
        """``count`` amicable letters done and waiting to be posted."""
        Action = self.env["debt.recovery.action"]._recovery_flow()
        actions = Action.browse()
        for index in range(count):
            partner = self._make_customer(f"Client Courrier {index}")
            invoice = self._invoice(partner, 300.0, date(2026, 1, 5))
            letter = self.env["ir.attachment"].create(
                {"name": f"relance-{index}.pdf", "raw": PDF}
            )
            actions |= Action.create(
                {
                    "company_id": self.company.id,
                    "partner_id": partner.id,
                    "level_id": self.level["amicable"].id,
                    "invoice_ids": [(6, 0, invoice.ids)],
                    "date": date(2026, 2, 20),
                    "state": "done",
                    "channel": "post",
                    "to_post": True,
                    "letter_attachment_id": letter.id,
                }
            )
        return actions.with_env(self.env)

    def _maileva_mail_accepts(self, count):
        m = self.maileva
        self.fake.route("POST", r"openid-connect/token$", answer(m["token"]))
        self.fake.route(
            "POST",
            r"/mail/v2/sendings$",
            *[
                answer(dict(m["sending_created"], id=f"mail-{i}"), 201)
                for i in range(count)
            ],
        )
        self.fake.route("POST", r"/documents$", answer(m["document_added"], 201))
        self.fake.route("POST", r"/recipients$", answer(m["recipient_created"], 201))
        self.fake.route("POST", r"/submit$", answer({}, 202))

    def test_send_by_post_shows_the_price_then_posts(self):
        letters = self._letters(2)
        queue = letters.with_user(self.user)
        result = queue.action_postal_send_letters()
        wizard = (
            self.env[result["res_model"]].with_user(self.user).browse(result["res_id"])
        )
        self.assertEqual(wizard.count, 2)
        self.assertEqual(wizard.unit_price, 1.55)
        self.assertEqual(wizard.total_price, 3.10)
        self._maileva_mail_accepts(2)
        with freeze_time("2026-02-20"):
            wizard.action_confirm()
        self.assertEqual(set(letters.mapped("postal_state")), {"submitted"})
        self.assertFalse(any(letters.mapped("posted")), "posted once the post has it")
        self.assertTrue(
            all("/mail/v2/" in url for url in self.fake.urls() if "sendings" in url)
        )
        self.fake.route(
            "GET",
            r"/mail/v2/sendings/mail-0/recipients/rcp-0001$",
            answer(
                {"id": "rcp-0001", "status": "PROCESSED", "deposit_date": "2026-02-21"}
            ),
        )
        letters[0].sudo()._postal_refresh()
        self.assertTrue(letters[0].posted)
        self.assertEqual(letters[0].posted_date, date(2026, 2, 21))
        self.assertFalse(letters[1].posted)
        # The dashboard's month: the price of the letters submitted.
        self.assertEqual(
            self.env["debt.recovery.action"]._postal_month_cost(
                self.company, date(2026, 2, 1)
            ),
            3.10,
        )
        with freeze_time("2026-02-25"):
            dashboard = self.env["debt.recovery.dashboard"].with_user(self.manager)
            self.assertEqual(dashboard.create({}).postal_cost_month, 3.10)

    def test_automatic_rung_stops_at_the_daily_cap(self):
        self.level["amicable"].post_automatically = True
        self.env["ir.config_parameter"].sudo().set_param(PARAM + "daily_cap", "2")
        letters = self._letters(3)
        self._maileva_mail_accepts(3)
        with freeze_time("2026-02-20"):
            sent = self.env["debt.recovery.action"]._postal_send_automatic()
            self.assertEqual(len(sent), 2)
            self.assertEqual(
                self.env["debt.recovery.action"]._postal_send_automatic(),
                self.env["debt.recovery.action"],
                "the cap is reached for the day",
            )
        self.assertEqual(letters.filtered("postal_state"), letters[:2])
        self.assertTrue(all(letters[:2].mapped("postal_automatic")))
        self.assertFalse(letters[2].postal_state, "waits for the next day")
        with freeze_time("2026-02-21"):
            sent = self.env["debt.recovery.action"]._postal_send_automatic()
        self.assertEqual(sent, letters[2])

    def test_without_a_provider_the_queue_stays_as_it_was(self):
        self.env["ir.config_parameter"].sudo().set_param(PARAM + "provider_letter", "")
        letters = self._letters(1)
        with self.assertRaisesRegex(UserError, "No postal provider"):
            letters.with_user(self.user).action_postal_send_letters()
        letters.with_user(self.user).action_mark_posted()
        self.assertTrue(letters.posted)
        self.assertFalse(self.fake.calls)

    def test_hourly_job_posts_the_automatic_rung_then_reads_only_running_letters(self):
        self.level["amicable"].post_automatically = True
        letters = self._letters(1)
        self._maileva_mail_accepts(1)
        self.fake.route(
            "GET",
            r"/mail/v2/sendings/mail-0/recipients/rcp-0001$",
            answer(
                {"id": "rcp-0001", "status": "PROCESSED", "deposit_date": "2026-02-21"}
            ),
        )
        with freeze_time("2026-02-21"), patch.object(self.env.cr, "commit"):
            self.env["debt.recovery.notice"]._postal_poll()
            self.assertTrue(letters.posted)
            self.assertEqual(letters.posted_date, date(2026, 2, 21))
            calls = len(self.fake.calls)
            self.env["debt.recovery.notice"]._postal_poll()
        self.assertEqual(len(self.fake.calls), calls, "a posted letter is not read")
