from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import LettersNoticeCase, NoticeCase


@tagged("post_install", "-at_install")
class TestNotice(NoticeCase):
    def test_daily_job_prepares_the_notice_and_validation_freezes_amounts(self):
        invoice, notice = self._notice_from_job(
            self.customer, 12000.0, date(2026, 1, 5)
        )
        self.assertEqual(notice.state, "draft")
        self.assertEqual(notice.invoice_ids, invoice)
        self.assertEqual(notice.partner_id, self.customer)
        self.assertEqual(notice.deadline_days, 8)
        action = notice.action_id
        with freeze_time("2026-02-20"):
            action.with_user(self.manager).action_validate()
        self.assertEqual(notice.state, "validated")
        self.assertEqual(action.state, "done", "the ladder step is carried out")
        self.assertFalse(action.activity_ids)
        self.assertEqual(notice.date, date(2026, 2, 20))
        self.assertEqual(notice.validated_by_id, self.manager)
        # 12,000 x 12.15 % x 46 days (6 January - 20 February) / 365 = 183.75
        self.assertEqual(notice.amount_principal, 12000.0)
        self.assertEqual(notice.amount_penalty, 183.75)
        self.assertEqual(notice.amount_indemnity, 40.0)
        self.assertEqual(notice.amount_total, 12223.75)
        line = notice.line_ids
        self.assertEqual(
            (line.invoice_id, line.amount_residual, line.amount_penalty),
            (invoice, 12000.0, 183.75),
        )
        self.assertEqual(line.days_overdue, 46)
        # A later day: the notice still shows what it claimed.
        with freeze_time("2026-03-20"):
            notice.invalidate_recordset()
            invoice.invalidate_recordset()
            self.assertEqual(notice.amount_penalty, 183.75)
            self.assertEqual(notice.line_ids.amount_penalty, 183.75)
            self.assertEqual(notice.amount_total, 12223.75)
            self.assertGreater(invoice.recovery_penalty_amount, 183.75)
        # The invoice left the ladder: nothing more is sent while the notice runs.
        with freeze_time("2026-04-30"):
            self._run()
        self.assertEqual(len(self._actions(self.customer)), 1)

    def test_only_a_manager_validates(self):
        _invoice, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            with self.assertRaisesRegex(UserError, "Only a recovery manager"):
                notice.with_user(self.user).action_validate()
            with self.assertRaises(UserError):
                notice.action_id.with_user(self.user).action_validate()
            with self.assertRaisesRegex(UserError, "changes only through its buttons"):
                notice.with_user(self.user).write({"state": "validated"})
            self.assertEqual(notice.state, "draft")
            notice.with_user(self.manager).action_validate()
        self.assertEqual(notice.state, "validated")
        with self.assertRaisesRegex(UserError, "set by the recovery process"):
            notice.with_user(self.user).amount_total = 1.0
        # A user sends it and records the receipt.
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        self.assertEqual(notice.state, "received")
        self.assertEqual(notice.sent_date, date(2026, 2, 21))
        self.assertEqual(notice.deadline_date, date(2026, 3, 4))
        self.assertIn(
            "Formal notice validated",
            " ".join(notice.message_ids.mapped("body")),
        )

    def test_manual_notice_from_invoices_leaves_the_ladder(self):
        inv1 = self._invoice(self.customer, 300.0, date(2026, 1, 1), date(2026, 1, 5))
        inv2 = self._invoice(self.customer, 200.0, date(2026, 1, 2), date(2026, 1, 6))
        other = self._invoice(
            self.customer_b, 100.0, date(2026, 1, 2), date(2026, 1, 6)
        )
        with freeze_time("2026-01-10"):
            result = (
                (inv1 | inv2 | other)
                .with_user(self.user)
                .action_create_recovery_notice()
            )
        notices = self.env["debt.recovery.notice"].search(result["domain"])
        self.assertEqual(len(notices), 2, "one notice per customer")
        notice = notices.filtered(lambda n: n.partner_id == self.customer)
        self.assertEqual(notice.invoice_ids, inv1 | inv2)
        inv3 = self._invoice(self.customer, 80.0, date(2026, 1, 2), date(2026, 1, 6))
        with freeze_time("2026-01-10"):
            self._run()
        # Only the invoice outside the notice goes on with the ladder.
        self.assertEqual(self._actions(self.customer).invoice_ids, inv3)
        self.assertFalse(self._actions(self.customer_b))
        with self.assertRaisesRegex(UserError, "already in an open formal notice"):
            inv1.with_user(self.user).action_create_recovery_notice()

    def test_manual_notice_from_the_customer(self):
        inv = self._invoice(self.customer, 300.0, date(2026, 1, 1), date(2026, 1, 5))
        self._invoice(self.customer, 50.0, date(2026, 1, 20), date(2026, 3, 1))
        with freeze_time("2026-02-01"):
            result = self.customer.with_user(self.user).action_create_recovery_notice()
        notice = self.env["debt.recovery.notice"].browse(result["res_id"])
        self.assertEqual(notice.invoice_ids, inv, "only the overdue invoices")
        self.assertEqual(self.customer.recovery_notice_count, 1)
        self.assertEqual(inv.recovery_notice_count, 1)

    def test_validation_checks_the_address(self):
        _invoice, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        self.customer.street = False
        with (
            freeze_time("2026-02-20"),
            self.assertRaisesRegex(UserError, "postal address"),
        ):
            notice.with_user(self.manager).action_validate()

    def test_partial_payment_keeps_the_notice_open_then_full_payment_closes_it(self):
        invoice, notice = self._notice_from_job(
            self.customer, 12000.0, date(2026, 1, 5)
        )
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        with freeze_time("2026-02-26"):
            self._pay(invoice, 5000.0, date(2026, 2, 26))
        with freeze_time("2026-02-27"):
            self._run()
        self.assertEqual(notice.state, "received")
        self.assertEqual(notice.amount_residual, 7000.0)
        self.assertEqual(notice.amount_total, 12223.75, "the claimed amount stays")
        with freeze_time("2026-03-02"):
            self._pay(invoice, 7000.0, date(2026, 3, 2))
            self._run()
        self.assertEqual(notice.state, "paid")
        self.assertEqual(notice.paid_date, date(2026, 3, 2))
        self.assertEqual(notice.amount_residual, 0.0)
        with freeze_time("2026-03-10"):
            self._run()
        self.assertEqual(notice.state, "paid")
        self.assertFalse(notice.case_id)

    def test_draft_notice_paid_before_validation_is_cancelled(self):
        invoice, notice = self._notice_from_job(self.customer, 700.0, date(2026, 1, 5))
        self._pay(invoice, 700.0, date(2026, 2, 20))
        with freeze_time("2026-02-21"):
            self._run()
        self.assertEqual(notice.state, "cancelled")
        self.assertEqual(notice.action_id.state, "cancelled")
        self.assertFalse(notice.action_id.activity_ids)

    def test_returned_letter_deadline_from_first_presentation(self):
        _invoice, notice = self._notice_from_job(
            self.customer, 2000.0, date(2026, 1, 5)
        )
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
            notice.with_user(self.user).write({"tracking_number": "1A 000 000 0002 9"})
            notice.with_user(self.user).action_send()
        with freeze_time("2026-03-10"):
            with self.assertRaisesRegex(UserError, "first presentation"):
                notice.with_user(self.user).action_mark_returned()
            notice.with_user(self.user).presentation_date = date(2026, 2, 23)
            notice.with_user(self.user).action_mark_returned()
        self.assertEqual(notice.state, "received")
        self.assertEqual(notice.delivery, "returned")
        self.assertEqual(notice.returned_date, date(2026, 3, 10))
        self.assertEqual(notice.deadline_start, date(2026, 2, 23))
        self.assertEqual(notice.deadline_date, date(2026, 3, 3))
        # Setting: from the return of the letter instead.
        self.company.debt_recovery_notice_unclaimed_start = "returned"
        # (recomputed by hand in the recovery flow: the deadline of a
        # received notice is frozen, tools/frozen_fields.py)
        notice.invalidate_recordset()
        notice._recovery_flow()._compute_deadline()
        self.assertEqual(notice.deadline_date, date(2026, 3, 18))
        self.company.debt_recovery_notice_unclaimed_start = "presentation"
        notice._recovery_flow()._compute_deadline()
        with freeze_time("2026-03-11"):
            self._run()
        self.assertEqual(notice.state, "expired")
        self.assertTrue(notice.case_id)

    def test_consumer_interest_starts_the_day_after_receipt(self):
        invoice, notice = self._notice_from_job(self.consumer, 900.0, date(2026, 1, 5))
        self.assertTrue(notice.is_consumer)
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self.assertEqual(notice.amount_penalty, 0.0, "no interest before receipt")
        self.assertEqual(notice.amount_indemnity, 0.0, "never an indemnity")
        self.assertEqual(notice.amount_total, 900.0)
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        with freeze_time("2026-02-24"):
            invoice.invalidate_recordset()
            self.assertEqual(invoice.recovery_penalty_amount, 0.0)
        with freeze_time("2026-03-05"):
            invoice.invalidate_recordset()
            # 900 x 2.62 % x 9 days (25 February - 5 March) / 365 = 0.58
            self.assertEqual(invoice.recovery_penalty_amount, 0.58)
            self.assertEqual(invoice.recovery_indemnity_amount, 0.0)

    def test_deposit_slip_without_pdf_converter_is_a_clear_error(self):
        """Without wkhtmltopdf, Odoo's client would show raw HTML and an
        English message: the button says what is missing instead. With it,
        no layout dialog (the slip does not use the company's layout)."""
        _inv, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        notice = notice.with_user(self.user).with_context(force_report_rendering=True)
        Report = type(self.env["ir.actions.report"])
        with patch.object(Report, "get_wkhtmltopdf_state", return_value="install"):
            with self.assertRaisesRegex(UserError, "wkhtmltopdf"):
                notice.action_print_deposit_slip()
        self.env.company.external_report_layout_id = False
        with patch.object(Report, "get_wkhtmltopdf_state", return_value="ok"):
            action = notice.action_print_deposit_slip()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertFalse(
            self.env.ref(
                "l10n_fr_debt_recovery.report_debt_recovery_notice_deposit_slip"
            ).binding_model_id,
            "printed by the button only, never from the Print menu",
        )

    def test_deposit_slip_lists_the_validated_notices(self):
        _inv, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        _inv_b, notice_b = self._notice_from_job(
            self.customer_b, 800.0, date(2026, 1, 5)
        )
        with self.assertRaisesRegex(UserError, "deposit slip"):
            notice.with_user(self.user).action_print_deposit_slip()
        with freeze_time("2026-02-20"):
            (notice | notice_b).with_user(self.manager).action_validate()
        notice_b.tracking_number = "1A 123 456 7890 1"
        action = (notice | notice_b).with_user(self.user).action_print_deposit_slip()
        self.assertEqual(
            action["report_name"], "l10n_fr_debt_recovery.report_notice_deposit_slip"
        )
        html, _ext = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            ._render_qweb_html(action["report_name"], (notice | notice_b).ids)
        )
        html = html.decode()
        for text in (
            "Durand Bâtiment SARL",
            "Atelier Lefèvre SAS",
            "5 avenue Jean Jaurès",
            "69007",
            "LYON",
            "1A 123 456 7890 1",
            notice.name,
            "Tracking number",
        ):
            self.assertIn(text, html)

    def test_cancel_and_delete_rules(self):
        _inv, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            notice.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "Only a recovery manager"):
            notice.with_user(self.user).action_cancel()
        self._cancel_with_reason(notice, self.manager)
        self.assertEqual(notice.state, "cancelled")

    def test_forms_open_for_users_outside_recovery(self):
        # The smart buttons count notices and files: users who may not read
        # them still open customers and invoices.
        invoice = self._invoice(self.customer, 300.0, date(2026, 1, 1))
        clerk = new_test_user(
            self.env,
            login="invoicing_clerk",
            groups="account.group_account_invoice,sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with Form(self.customer.with_user(clerk)) as form:
            self.assertEqual(form.name, "Durand Bâtiment SARL")
        with Form(invoice.with_user(clerk)) as form:
            self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(self.customer.with_user(self.user).recovery_notice_count, 0)

    def test_access_by_company(self):
        company_b = self.setup_other_company(name="Société B")["company"]
        invoice_b = self._invoice(
            self.customer, 700.0, date(2026, 1, 1), date(2026, 1, 5), company=company_b
        )
        with freeze_time("2026-02-01"):
            result = invoice_b.action_create_recovery_notice()
        notice_b = self.env["debt.recovery.notice"].browse(result["res_id"])
        self.assertEqual(notice_b.company_id, company_b)
        Notice = self.env["debt.recovery.notice"].with_user(self.user)
        self.assertFalse(Notice.search([("id", "=", notice_b.id)]))
        with self.assertRaises(AccessError):
            Notice.browse(notice_b.id).read(["name"])
        Line = self.env["debt.recovery.notice.line"].with_user(self.user)
        self.assertFalse(Line.search([]))


@tagged("post_install", "-at_install")
class TestNoticeLetter(LettersNoticeCase):
    def test_validation_renders_the_letter_with_the_frozen_amounts(self):
        invoice, notice = self._notice_from_job(
            self.customer, 12000.0, date(2026, 1, 5)
        )
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        attachment = notice.letter_attachment_id
        self.assertTrue(attachment.raw.startswith(b"%PDF-"))
        self.assertEqual(notice.action_id.letter_attachment_id, attachment)
        text = self._text(attachment.raw)
        for expected in (
            "Mise en demeure",
            "Durand Bâtiment SARL",
            invoice.name,
            "12 000,00 €",
            "183,75 €",
            "12 223,75 €",
            "douze mille deux cent vingt-trois euros et soixante-quinze centimes",
            "huit jours",
            "20 février 2026",
        ):
            self.assertIn(expected, text)
        # Reprinted after a partial payment, the letter still claims what it
        # claimed on its date.
        self._pay(invoice, 5000.0, date(2026, 3, 1))
        with freeze_time("2026-03-02"):
            content, _ext = (
                self.env["ir.actions.report"]
                .with_user(self.user)
                ._render(
                    "l10n_fr_debt_recovery.report_debt_recovery_notice", notice.ids
                )
            )
        text = self._text(content)
        self.assertIn("12 223,75 €", text)
        self.assertIn("20 février 2026", text)

    def test_draft_preview_shows_what_validation_freezes(self):
        """Before "Validate", the draft shows the penalties, indemnity and
        total computed to today and a letter preview that validates nothing;
        after it, "Print the letter" and "Deposit slip" are header buttons,
        and the notice is still a draft after its preview."""
        _invoice, notice = self._notice_from_job(
            self.customer, 12000.0, date(2026, 1, 5)
        )
        notice = notice.with_user(self.user)
        with freeze_time("2026-02-20"):
            notice.invalidate_recordset()
            # 12 000 € + 183,75 € of penalties + 40 € (see the test above).
            self.assertEqual(notice.preview_principal, 12000.0)
            self.assertAlmostEqual(notice.preview_penalty, 183.75, 2)
            self.assertEqual(notice.preview_indemnity, 40.0)
            self.assertAlmostEqual(notice.preview_total, 12223.75, 2)
            result = notice.action_preview_letter()
            preview = self.env["ir.attachment"].browse(
                int(result["url"].rsplit("/", 1)[1])
            )
            text = self._text(preview.raw)
            self.assertIn("12 223,75 €", text)
            self.assertIn("20 février 2026", text)
            self.assertEqual(notice.state, "draft", "a preview validates nothing")
            self.assertFalse(notice.date)
            self.assertFalse(notice.line_ids)
            self.assertFalse(notice.letter_attachment_id)
            self.assertFalse(preview.res_model, "not kept on the notice")
            notice.with_user(self.manager).action_validate()
        self.assertAlmostEqual(notice.amount_total, 12223.75, 2)
        self.assertEqual(notice.preview_total, 0.0)
        printed = notice.action_print_letter()
        self.assertIn(f"/web/content/{notice.letter_attachment_id.id}", printed["url"])
        arch = self.env.ref("l10n_fr_debt_recovery.debt_recovery_notice_view_form").arch
        for button in ("action_print_letter", "action_print_deposit_slip"):
            self.assertIn(f'<button name="{button}"', arch.split("</header>")[0])
