"""The customer page (the accountant's one page per customer) and the
processing wizard's "Send a step now": any step of the ladder sent now, the
gap rule stated and overridden by a manager with a reason, the draft notice
linked, the promised amount, the history; the trace on the invoices."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import format_date, html2plaintext

from .common import NoticeCase

TODAY = date(2026, 2, 10)


@tagged("post_install", "-at_install")
class TestCustomerPage(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Due 01/02: courtesy (due + 3) sent by the job on 04/02 by email;
        # the amicable letter is due on 16/02 (due + 15).
        cls.invoice = cls._invoice(
            cls.customer, 1000.0, date(2026, 1, 2), date(2026, 2, 1)
        )
        cls.customer.recovery_letter_channel = "email"
        cls.env["debt.recovery.level"].search(
            [("company_id", "=", cls.company.id)]
        ).filtered(lambda lv: lv.code in ("amicable", "firm")).write(
            {"report_id": False}
        )  # no LibreOffice needed: the letters are tested elsewhere
        with freeze_time("2026-02-04"):
            cls.env["debt.recovery.run"]._cron_daily_run()

    def _wizard(self, partner, user=None):
        Wizard = (
            self.env["debt.recovery.process"]
            .with_user(user or self.user)
            .with_context(active_model="res.partner", active_ids=partner.ids)
        )
        return Form(Wizard)

    def _notes(self, record):
        return [html2plaintext(body) for body in record.message_ids.mapped("body")]

    # ------------------------------------------------------------ the page
    @freeze_time(TODAY)
    def test_process_on_a_worklist_line_opens_the_customer_page(self):
        for xmlid in (
            "debt_recovery_worklist_view_list",
            "debt_recovery_worklist_view_kanban",
        ):
            arch = etree.fromstring(self.env.ref(f"l10n_fr_debt_recovery.{xmlid}").arch)
            rows = arch.xpath("//button[not(ancestor::header)]")
            self.assertEqual(
                {b.get("name") for b in rows}, {"action_recovery_open_page"}, xmlid
            )
            # A click anywhere on the line or the card does the same.
            self.assertEqual(
                (arch.get("action"), arch.get("type")),
                ("action_recovery_open_page", "object"),
                xmlid,
            )
        line = (
            self.env["debt.recovery.worklist"]
            .with_user(self.user)
            .search([("partner_id", "=", self.customer.id)])
        )
        customer = self.customer.with_user(self.user)
        page = self.env.ref("l10n_fr_debt_recovery.res_partner_view_form_recovery_page")
        for action in (
            line.action_recovery_open_page(),
            customer.action_recovery_open_page(),
        ):
            self.assertEqual(action["res_model"], "res.partner")
            self.assertEqual(action["res_id"], self.customer.id)
            self.assertEqual(action["views"][0][0], page.id)
            # Its own action with a path: a reload of /odoo/recovery-customer/<id>
            # opens the customer page again, not the contact form.
            self.assertEqual(action["path"], "recovery-customer")
            self.assertEqual(
                action["id"],
                self.env.ref(
                    "l10n_fr_debt_recovery.res_partner_recovery_page_action"
                ).id,
            )
        # What the accountant reads on it.
        self.assertEqual(customer.recovery_page_invoice_ids, self.invoice)
        self.assertEqual(customer.recovery_page_amount_due, 1000.0)
        self.assertEqual(customer.recovery_page_amount_indemnity, 40.0)
        penalty = self.invoice.recovery_penalty_amount
        self.assertGreater(penalty, 0)
        self.assertAlmostEqual(customer.recovery_page_amount_penalty, penalty, 2)
        self.assertAlmostEqual(customer.recovery_page_amount_total, 1040.0 + penalty, 2)
        situation = html2plaintext(customer.recovery_page_situation)
        self.assertIn("Step reached Courtesy reminder", " ".join(situation.split()))
        on = format_date(self.env, date(2026, 2, 16))
        self.assertIn(f"Amicable reminder on {on}", situation)
        self.assertIn("Not suspended", situation)
        history = customer.recovery_page_action_ids
        self.assertEqual(history.mapped("level_id.code"), ["courtesy"])
        self.assertEqual(history.date, date(2026, 2, 4))
        self.assertEqual(customer.recovery_page_action_count, 1)
        self.assertEqual(customer.recovery_page_notice_state, "none")

    @freeze_time(TODAY)
    def test_every_page_button_answers_for_a_recovery_user(self):
        """Each header button of the page returns what the web client opens
        (a dialog, a report, a composer), as a plain recovery user."""
        customer = self.customer.with_user(self.user)
        arch = etree.fromstring(
            self.env.ref(
                "l10n_fr_debt_recovery.res_partner_view_form_recovery_page"
            ).arch
        )
        names = {b.get("name") for b in arch.xpath("//header/button")}
        expected = {
            "action_recovery_page_send": "ir.actions.act_window",
            "action_recovery_print_statement": "ir.actions.report",
            "action_recovery_send_statement": "ir.actions.act_window",
            "action_recovery_page_promise": "ir.actions.act_window",
            "action_new_recovery_plan": "ir.actions.act_window",
            "action_recovery_page_notice": "ir.actions.act_window",
            "action_recovery_page_exclude": "ir.actions.act_window",
        }
        # The preview renders a letter (LibreOffice): tested in test_worklist.
        self.assertEqual(names - {"action_recovery_page_preview"}, set(expected))
        for name, kind in expected.items():
            with self.subTest(button=name):
                result = getattr(customer, name)()
                self.assertEqual(result["type"], kind)
        promise = customer.action_recovery_page_promise()
        form = Form(
            self.env["debt.recovery.process"]
            .with_user(self.user)
            .with_context(**promise["context"]),
            view=promise["views"][0][0],
        )
        self.assertEqual(form.promise_amount, 1000.0, "defaults to what is due")

    # ------------------------------------------------- preview the letter
    def _page_preview(self):
        """``(level previewed, URL opened)`` of the page's "Preview the
        letter" (the letter itself is rendered in test_letters_odoo)."""
        previewed = []

        def fake_preview(wizard, decision, level):
            previewed.append(level)
            return {"type": "ir.actions.act_url", "url": "/preview"}

        Wizard = type(self.env["debt.recovery.process"])
        with patch.object(Wizard, "_preview", fake_preview):
            result = self.customer.with_user(self.user).action_recovery_page_preview()
        return (previewed[0] if previewed else None), result["url"]

    @freeze_time(TODAY)
    def test_preview_shows_the_next_letter_then_the_last_one_sent(self):
        """The courtesy email was sent on 04/02: the page previews the next
        step with a letter (the amicable one); once every letter step is
        reached, the copy of the last letter sent; with none, it says why."""
        report = self.env.ref(
            "l10n_fr_debt_recovery.report_debt_recovery_action_amicable"
        )
        self.env["debt.recovery.level"].search(
            [("company_id", "=", self.company.id)]
        ).report_id = False
        amicable, firm = self.level["amicable"], self.level["firm"]
        (amicable | firm).report_id = report
        self.assertEqual(self._page_preview(), (amicable, "/preview"))
        # The next step has no letter (a phone call): the following letter.
        amicable.report_id = False
        self.assertEqual(self._page_preview(), (firm, "/preview"))
        # Nothing left to reach and no letter sent: a clear message.
        firm.report_id = False
        with self.assertRaisesRegex(UserError, "No letter to preview for"):
            self._page_preview()
        # A letter was sent: its copy.
        step = self._actions(self.customer)[-1]
        letter = self.env["ir.attachment"].create(
            {
                "name": "lettre.pdf",
                "raw": b"%PDF-1.4",
                "res_model": step._name,
                "res_id": step.id,
            }
        )
        # Around the evidence guards: the test only needs a letter kept.
        self.env.cr.execute(
            "UPDATE debt_recovery_action SET letter_attachment_id = %s WHERE id = %s",
            (letter.id, step.id),
        )
        step.invalidate_recordset()
        self.assertEqual(
            self._page_preview(),
            (None, f"/web/content/{step.letter_attachment_id.id}?download=true"),
        )

    # ------------------------------------------------- send a step now
    @freeze_time(TODAY)
    def test_nothing_due_today_but_the_next_step_can_be_sent_now(self):
        wizard = self._wizard(self.customer).save()
        self.assertFalse(wizard.can_send, "the amicable letter is due on 16/02")
        self.assertEqual(wizard.step_level_id, self.level["amicable"])
        self.assertTrue(wizard.step_possible)
        # Courtesy on 04/02 (an email), gap 7 days: from 11/02.
        self.assertTrue(wizard.step_gap)
        text = html2plaintext(wizard.step_summary)
        self.assertIn("Amicable reminder on 1 overdue invoice(s)", text)
        self.assertIn("at least 7 days between two letters", text)
        self.assertIn(f"sent on {format_date(self.env, date(2026, 2, 4))}", text)
        self.assertIn(
            f"may leave from {format_date(self.env, date(2026, 2, 11))}", text
        )
        with self.assertRaisesRegex(UserError, "Only a recovery manager"):
            wizard.action_send_step()
        self.assertFalse(wizard.is_manager)
        form = self._wizard(self.customer, self.manager)
        self.assertTrue(form.is_manager)
        manager_wizard = form.save()
        with self.assertRaisesRegex(UserError, "Send anyway"):
            manager_wizard.action_send_step()
        form.step_override = True
        form.step_override_reason = "Le client demande la lettre pour son expert"
        result = form.save().action_send_step()
        self.assertEqual(result["params"]["type"], "success")
        step = self._actions(self.customer)[-1]
        self.assertEqual(step.level_id, self.level["amicable"])
        self.assertEqual(step.state, "done")
        self.assertEqual(step.date, TODAY)
        self.assertEqual(self.invoice.recovery_level_id, self.level["amicable"])
        notes = " ".join(self._notes(self.customer))
        self.assertIn("despite the gap rule", notes)
        self.assertIn("Le client demande la lettre pour son expert", notes)
        # The invoice keeps the trace in its Recovery tab, not as a copy of
        # the note in its chatter.
        self.assertIn(step, self.invoice.recovery_action_ids)
        self.assertNotIn(step.name, " ".join(self._notes(self.invoice)))

    def test_any_step_of_the_ladder_without_the_gap(self):
        with freeze_time("2026-02-12"):
            form = self._wizard(self.customer)
            form.step_level_id = self.level["firm"]
            wizard = form.save()
            self.assertFalse(wizard.step_gap, "8 days after the last letter")
            wizard.action_send_step()
            step = self._actions(self.customer)[-1]
            self.assertEqual(step.level_id, self.level["firm"])
            self.assertEqual(step.invoice_ids, self.invoice)
            # The history of the wizard and of the page.
            history = self._wizard(self.customer).save().history_ids
            self.assertEqual(history.mapped("level_id.code"), ["firm", "courtesy"])
            # The firm step reached, an earlier one has no invoice left.
            form = self._wizard(self.customer)
            form.step_level_id = self.level["amicable"]
            wizard = form.save()
            self.assertFalse(wizard.step_possible)
            with self.assertRaisesRegex(UserError, "reached it already"):
                wizard.action_send_step()

    # --------------------------------------------- a notice waits
    def test_a_draft_notice_is_linked_and_not_prepared_twice(self):
        _invoice, notice = self._notice_from_job(
            self.customer_b, 800.0, date(2026, 1, 5)
        )
        with freeze_time("2026-02-20"):
            wizard = self._wizard(self.customer_b).save()
            self.assertEqual(wizard.notice_draft_id, notice)
            self.assertFalse(wizard.notice_available)
            self.assertIn(
                f"the formal notice {notice.name} is waiting for a manager's "
                "validation",
                html2plaintext(wizard.next_step_summary),
            )
            result = wizard.action_open_notice()
            self.assertEqual(result["res_id"], notice.id)
            page = self.customer_b.with_user(self.user)
            self.assertEqual(page.recovery_page_notice_state, "draft")
            self.assertEqual(page.action_recovery_page_notice()["res_id"], notice.id)
            self.assertIn(notice.name, html2plaintext(page.recovery_page_situation))
            notice.with_user(self.manager).action_validate()
            page.invalidate_recordset()
            self.assertEqual(page.recovery_page_notice_state, "sent")
        # The customer form offers no second notice once one was sent.
        arch = etree.fromstring(
            self.env.ref("l10n_fr_debt_recovery.res_partner_view_form").arch
        )
        [button] = arch.xpath("//button[@name='action_create_recovery_notice']")
        self.assertEqual(
            button.get("invisible"), "recovery_page_notice_state != 'none'"
        )

    @freeze_time(TODAY)
    def test_customer_column_with_several_customers(self):
        self._invoice(self.customer_b, 300.0, date(2026, 1, 2), date(2026, 2, 1))
        form = self._wizard(self.customer | self.customer_b)
        self.assertEqual(form.partner_count, 2)
        self.assertEqual(form.promise_amount, 1300.0)
        arch = etree.fromstring(
            self.env.ref("l10n_fr_debt_recovery.debt_recovery_process_view_form").arch
        )
        [column] = arch.xpath(
            "//field[@name='invoice_ids']//field[@name='commercial_partner_id']"
        )
        self.assertEqual(column.get("column_invisible"), "parent.partner_count == 1")

    def test_sent_steps_offer_no_delete_or_duplicate_and_reports_fit(self):
        """The step form offers neither Delete nor Duplicate (a sent step is
        history); the letters to print use a download, not the unknown
        many2one_binary widget; each letter report is offered in the Print
        menu only on the steps of its own kind."""
        form = etree.fromstring(
            self.env.ref("l10n_fr_debt_recovery.debt_recovery_action_view_form").arch
        )
        self.assertEqual((form.get("delete"), form.get("duplicate")), ("0", "0"))
        to_print = self.env.ref(
            "l10n_fr_debt_recovery.debt_recovery_action_view_list_to_print"
        ).arch
        self.assertNotIn("many2one_binary", to_print)
        step = self._actions(self.customer)
        self.assertEqual(step.level_code, "courtesy")
        reports = self.env["ir.actions.report"].search(
            [("binding_model_id.model", "=", "debt.recovery.action")]
        )

        def offered(step):
            return reports.browse(
                reports.with_user(self.user).get_valid_action_reports(
                    step._name, step.ids
                )
            ).filtered("domain")

        self.assertTrue(reports.filtered("domain"))
        self.assertFalse(offered(step), "no letter report fits a courtesy email")
        step.sudo()._recovery_maintenance_write(
            {"level_id": self.level["formal_notice"].id}, reason="test fixture"
        )
        self.assertTrue(offered(step))
        self.assertTrue(all("formal_notice" in r.domain for r in offered(step)))
