import io
import shutil
import unittest
from datetime import date, timedelta

import openpyxl
from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext
from odoo.tools.safe_eval import safe_eval

from ..tools.worklist import TIER_PLAN_KEPT, urgency_key
from .common import DebtRecoveryCase, pdf_text

TODAY = date(2026, 3, 2)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestWorklist(DebtRecoveryCase):
    """A known morning, 2 March 2026:

    - Durand: 1 000 € due 25 Feb (5 days late), courtesy reminder due today,
      followed by the recovery user;
    - Lefèvre: 500 € due 10 Jan, firm reminder sent 20 Feb, formal notice
      waiting for validation, the recovery user is its salesperson;
    - Martin: 300 € due 28 Feb (2 days late), courtesy due tomorrow;
    - Roux: 800 € due 1 Feb, disputed, suspended by a manager, the manager
      is its salesperson;
    - Petit: 900 € due on 20 March: nothing overdue.
    """

    @classmethod
    def default_env_context(cls):
        # The chatter and the emails are part of what is checked.
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.durand = cls.customer
        cls.lefevre = cls.customer_b
        cls.martin = cls._make_customer("Martin Frères SARL")
        cls.roux = cls._make_customer("Roux Menuiserie SAS")
        cls.petit = cls._make_customer("Petit Plomberie EURL")
        cls.durand.with_company(cls.company).recovery_user_id = cls.user
        cls.lefevre.user_id = cls.user
        cls.roux.user_id = cls.manager
        cls.inv_durand = cls._invoice(cls.durand, 1000.0, date(2026, 2, 25))
        cls.inv_lefevre = cls._invoice(cls.lefevre, 500.0, date(2026, 1, 10))
        cls.inv_martin = cls._invoice(cls.martin, 300.0, date(2026, 2, 28))
        cls.inv_roux = cls._invoice(cls.roux, 800.0, date(2026, 2, 1))
        cls.inv_petit = cls._invoice(
            cls.petit, 900.0, date(2026, 2, 20), date(2026, 3, 20)
        )
        cls.inv_lefevre.sudo().write(
            {
                "recovery_level_id": cls.level["firm"].id,
                "recovery_last_date": date(2026, 2, 20),
            }
        )
        # A step waiting for validation, as the daily job leaves it: the
        # superuser's maintenance path (never created so by hand).
        cls.notice = (
            cls.env["debt.recovery.action"]
            .sudo()
            ._recovery_maintenance_create(
                {
                    "partner_id": cls.lefevre.id,
                    "company_id": cls.company.id,
                    "level_id": cls.level["formal_notice"].id,
                    "date": date(2026, 2, 27),
                    "invoice_ids": [Command.set(cls.inv_lefevre.ids)],
                    "amount_due": 500.0,
                    "channel": "post",
                    "state": "to_validate",
                },
                reason="test fixture",
            )
            .sudo(False)
        )
        cls.inv_roux.write(
            {
                "recovery_excluded": True,
                "recovery_exclusion_reason": "dispute",
                "recovery_exclusion_note": "Porte livrée abîmée",
            }
        )
        # A suspension is forced through the managers' override wizard only.
        cls.env["debt.recovery.suspension.override"].with_user(cls.manager).create(
            {
                "partner_id": cls.roux.id,
                "mode": "suspend",
                "reason": "Litige et impayés répétés",
            }
        ).action_apply()
        cls.partners = cls.durand | cls.lefevre | cls.martin | cls.roux | cls.petit
        cls.env["debt.recovery.customer.status"]._refresh(
            cls.partners, cls.company, TODAY
        )

    # ------------------------------------------------------------ helpers
    def _worklist(self, filter_name=None, user=None):
        """Lines the user sees in the worklist (one per customer), with a
        filter of its search view, in the list's order (the model's: the
        list sets none)."""
        action = self.env.ref("l10n_fr_debt_recovery.debt_recovery_worklist_action")
        list_view = self.env.ref(
            "l10n_fr_debt_recovery.debt_recovery_worklist_view_list"
        )
        self.assertFalse(etree.fromstring(list_view.arch).get("default_order"))
        user = user or self.user
        eval_context = {
            "uid": user.id,
            "context_today": fields.Date.today,
            "allowed_company_ids": user.company_id.ids,
        }
        domain = safe_eval(action.domain, eval_context)
        if filter_name:
            arch = etree.fromstring(action.search_view_id.arch)
            [node] = arch.xpath(f"//filter[@name='{filter_name}']")
            domain += safe_eval(node.get("domain"), eval_context)
        # Each opening of the list is a new request: nothing read before.
        self.env.invalidate_all()
        lines = self.env["debt.recovery.worklist"].with_user(user).search(domain)
        return lines.filtered(lambda line: line.partner_id in self.partners)

    def _wizard(self, partners, user=None):
        Wizard = (
            self.env["debt.recovery.process"]
            .with_user(user or self.user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
        )
        return Form(Wizard)

    def _notes(self, partner):
        return [html2plaintext(body) for body in partner.message_ids.mapped("body")]

    # ------------------------------------------------------------ worklist
    def test_worklist_lists_overdue_customers_by_urgency(self):
        worklist = self._worklist()
        # Most urgent first (tools/worklist.py): the formal notice and
        # suspended customers, then amount x days late. Lefèvre (notice to
        # validate) 500 x 51 = 25 500 and Roux (suspended) 800 x 29 =
        # 23 200, then Durand 1 000 x 5 = 5 000 and Martin 300 x 2 = 600.
        self.assertEqual(
            worklist.mapped("partner_id.name"),
            [
                "Atelier Lefèvre SAS",
                "Roux Menuiserie SAS",
                "Durand Bâtiment SARL",
                "Martin Frères SARL",
            ],
        )
        # The database's order is the Python key's (tools.worklist.urgency_key).
        urgency = [
            urgency_key(
                line.overdue_amount,
                line.days_late,
                suspended=line.suspended,
                at_notice=line.at_notice,
                plan_kept=line.plan_kept,
            )
            for line in worklist
        ]
        self.assertEqual(urgency, sorted(urgency, reverse=True))
        self.assertEqual(urgency[2], 10**15 + 5000)
        self.assertEqual(urgency[0], 2 * 10**15 + 25500)
        self.assertEqual(worklist.mapped("urgency_group"), [2, 2, 1, 1])
        self.assertEqual(
            worklist.mapped("urgency_score"), [25500.0, 23200.0, 5000.0, 600.0]
        )
        durand = worklist[2]
        self.assertEqual(durand.company_id, self.company)
        self.assertEqual(durand.overdue_amount, 1000.0)
        self.assertEqual(durand.oldest_due_date, date(2026, 2, 25))
        self.assertEqual(durand.days_late, 5)
        self.assertEqual(durand.next_level_id, self.level["courtesy"])
        self.assertEqual(durand.next_date, date(2026, 2, 28))
        self.assertEqual(durand.user_id, self.user)
        self.assertFalse(durand.markers)
        lefevre = worklist[0]
        self.assertEqual(lefevre.level_id, self.level["firm"])
        self.assertEqual(lefevre.next_level_id, self.level["formal_notice"])
        self.assertEqual(lefevre.days_late, 51)
        self.assertEqual(lefevre.user_id, self.user, "salesperson")
        self.assertTrue(lefevre.to_validate)
        self.assertTrue(lefevre.at_notice, "a formal notice step to validate")
        self.assertFalse(lefevre.suspended)
        roux = worklist[1]
        self.assertFalse(roux.next_date)
        self.assertTrue(roux.suspended)
        self.assertFalse(roux.at_notice)
        self.assertTrue(roux.disputed)
        self.assertEqual(roux.markers, "Dispute")
        # The kanban shows the disputed customer in its own column.
        self.assertEqual(roux.board_column, "dispute")
        self.assertEqual(
            dict(roux._fields["board_column"]._description_selection(roux.env))[
                "dispute"
            ],
            "Disputed",
        )
        self.assertEqual(roux.user_id, self.manager, "salesperson")

    def test_worklist_filters(self):
        def names(filter_name, user=None):
            return set(self._worklist(filter_name, user).mapped("partner_id.name"))

        self.assertEqual(
            names("filter_due_today"),
            {"Atelier Lefèvre SAS", "Durand Bâtiment SARL"},
        )
        self.assertEqual(names("filter_to_validate"), {"Atelier Lefèvre SAS"})
        self.assertEqual(
            names("filter_my_customers"),
            {"Durand Bâtiment SARL", "Atelier Lefèvre SAS"},
        )
        self.assertEqual(
            names("filter_my_customers", self.manager), {"Roux Menuiserie SAS"}
        )
        self.assertEqual(names("filter_suspended"), {"Roux Menuiserie SAS"})
        self.assertEqual(names("filter_disputed"), {"Roux Menuiserie SAS"})

    def test_worklist_kanban_grouped_by_level_and_disputes_apart(self):
        view = self.env.ref("l10n_fr_debt_recovery.debt_recovery_worklist_view_kanban")
        group_by = etree.fromstring(view.arch).get("default_group_by")
        groups = (
            self.env["debt.recovery.worklist"]
            .with_user(self.user)
            ._read_group(
                [
                    ("company_id", "=", self.company.id),
                    ("partner_id", "in", self.partners.ids),
                ],
                [group_by],
                ["__count"],
            )
        )
        # The disputed customer (Roux) in its own column, not in a folded
        # column of customers without a step.
        self.assertEqual(
            set(groups),
            {("none", 2), ("dispute", 1), (f"level_{self.level['firm'].id}", 1)},
        )
        columns = [
            key
            for key, _label in self.env["debt.recovery.worklist"]
            .with_user(self.user)
            ._selection_board_column()
        ]
        self.assertEqual(columns[0], "dispute")
        self.assertEqual(columns[-1], "none")
        self.assertLess(
            columns.index(f"level_{self.level['firm'].id}"),
            columns.index(f"level_{self.level['courtesy'].id}"),
            "the most advanced step first",
        )

    # -------------------------------------------------------------- wizard
    def test_wizard_shows_invoices_amounts_and_next_step(self):
        wizard = self._wizard(self.durand).save()
        self.assertEqual(wizard.invoice_ids, self.inv_durand)
        self.assertEqual(wizard.amount_due, 1000.0)
        self.assertEqual(wizard.amount_indemnity, 40.0)
        self.assertAlmostEqual(
            wizard.amount_penalty, self.inv_durand.recovery_penalty_amount, 2
        )
        self.assertGreater(wizard.amount_penalty, 0)
        self.assertAlmostEqual(
            wizard.amount_total, 1040.0 + wizard.amount_penalty, places=2
        )
        self.assertTrue(wizard.can_send)
        summary = html2plaintext(wizard.next_step_summary)
        self.assertIn("Courtesy reminder due today on 1 invoice(s)", summary)
        martin = self._wizard(self.martin).save()
        self.assertFalse(martin.can_send)
        self.assertIn(
            "next step: Courtesy reminder on 03/03/2026",
            html2plaintext(martin.next_step_summary),
        )
        self.assertTrue(wizard.plan_available, "one customer: a plan can be offered")
        self.assertTrue(wizard.notice_available)

    def test_send_now_creates_the_step_and_queues_the_email(self):
        wizard = self._wizard(self.durand | self.martin).save()
        result = wizard.action_send()
        self.assertEqual(
            result["params"]["message"],
            "1 step(s) sent, 0 waiting for validation, 0 failed.",
        )
        action = self._actions(self.durand)
        self.assertEqual(action.level_id, self.level["courtesy"])
        self.assertEqual(action.state, "done")
        self.assertEqual(action.invoice_ids, self.inv_durand)
        self.assertEqual(action.mail_id.state, "outgoing")
        self.assertEqual(action.mail_id.recipient_ids, self.durand)
        self.assertEqual(self.inv_durand.recovery_level_id, self.level["courtesy"])
        self.assertFalse(self._actions(self.martin), "Martin's step is tomorrow")
        with self.assertRaisesRegex(UserError, "No step is due today"):
            self._wizard(self.durand).save().action_send()

    def test_send_now_formal_notice_waits_for_validation(self):
        self.notice.sudo()._recovery_maintenance_write(
            {"state": "cancelled"}, reason="test fixture"
        )
        wizard = self._wizard(self.lefevre).save()
        self.assertIn(
            "waits for a manager's validation", html2plaintext(wizard.next_step_summary)
        )
        result = wizard.action_send()
        self.assertIn("1 waiting for validation", result["params"]["message"])
        self.assertEqual(
            self._actions(self.lefevre).mapped("state"), ["cancelled", "to_validate"]
        )

    def test_skip_this_step(self):
        self._wizard(self.durand).save().action_skip()
        action = self._actions(self.durand)
        self.assertEqual(action.state, "skipped")
        self.assertEqual(action.channel, "none")
        self.assertFalse(action.mail_id)
        self.assertEqual(self.inv_durand.recovery_level_id, self.level["courtesy"])
        self.assertEqual(self.inv_durand.recovery_next_level_id, self.level["amicable"])
        self.assertTrue(
            any(
                "Courtesy reminder skipped by" in note
                for note in self._notes(self.durand)
            )
        )
        # The ladder goes on with the amicable reminder on its date (due + 15).
        with freeze_time("2026-03-12"):
            self._run()
        self.assertEqual(
            self._actions(self.durand).mapped("level_id.code"),
            ["courtesy", "amicable"],
        )

    def test_skip_refused_for_a_step_that_suspends(self):
        self.notice.sudo()._recovery_maintenance_write(
            {"state": "cancelled"}, reason="test fixture"
        )
        with self.assertRaisesRegex(UserError, "cannot be skipped"):
            self._wizard(self.lefevre).save().action_skip()

    def test_snooze_until_a_date(self):
        form = self._wizard(self.durand)
        form.snooze_until = date(2026, 3, 10)
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "Say why"):
            wizard.action_snooze()
        wizard.snooze_note = "Comptable en congés"
        wizard.action_snooze()
        self.assertTrue(self.inv_durand.recovery_excluded)
        self.assertEqual(self.inv_durand.recovery_exclusion_reason, "other")
        self.assertEqual(self.inv_durand.recovery_excluded_until, date(2026, 3, 10))
        self.assertEqual(self.inv_durand.recovery_excluded_by_id, self.user)
        self._run()
        self.assertFalse(self._actions(self.durand), "snoozed")
        with freeze_time("2026-03-11"):
            self._run()
        self.assertEqual(self._actions(self.durand).level_id, self.level["courtesy"])
        wizard.snooze_until = TODAY
        with self.assertRaisesRegex(UserError, "snooze date after today"):
            wizard.action_snooze()

    def _promise(self, amount, until):
        form = self._wizard(self.durand)
        form.promise_date = until
        form.promise_amount = amount
        form.save().action_promise()

    def test_promise_not_kept_resumes_the_ladder(self):
        self._promise(1000.0, date(2026, 3, 6))
        self.assertEqual(self.inv_durand.recovery_exclusion_reason, "promise")
        self.assertEqual(self.inv_durand.recovery_promise_amount, 1000.0)
        durand = self._worklist("filter_my_customers")[-1]
        self.assertEqual(durand.partner_id, self.durand)
        self.assertTrue(durand.promised)
        self.assertIn("until 03/06/2026", durand.markers)
        with freeze_time("2026-03-07"):
            # The promise has ended, before the daily job's next run.
            self.assertFalse(self._worklist("filter_my_customers")[-1].promised)
        with freeze_time("2026-03-06"):
            self._run()
        self.assertFalse(self._actions(self.durand), "waiting for the promise")
        with freeze_time("2026-03-07"):
            self._run()
        self.assertEqual(self._actions(self.durand).level_id, self.level["courtesy"])
        self.assertFalse(self.inv_durand.recovery_excluded)
        notes = [n for n in self._notes(self.durand) if "not kept" in n]
        self.assertEqual(len(notes), 1)
        self.assertIn("1,000.00", notes[0])
        with freeze_time("2026-03-08"):
            self._run()
        self.assertEqual(
            len([n for n in self._notes(self.durand) if "not kept" in n]), 1
        )

    def test_promise_kept(self):
        self._promise(400.0, date(2026, 3, 6))
        self._pay(self.inv_durand, 400.0, date(2026, 3, 5))
        with freeze_time("2026-03-07"):
            self._run()
        notes = self._notes(self.durand)
        self.assertFalse([n for n in notes if "not kept" in n])
        self.assertTrue([n for n in notes if "Promise to pay kept" in n])
        self.assertFalse(self.inv_durand.recovery_excluded)

    def test_promise_partly_paid_is_not_kept(self):
        self._promise(400.0, date(2026, 3, 6))
        self._pay(self.inv_durand, 100.0, date(2026, 3, 5))
        with freeze_time("2026-03-07"):
            self._run()
        self.assertTrue([n for n in self._notes(self.durand) if "not kept" in n])

    def test_promise_input_errors(self):
        with self.assertRaisesRegex(UserError, "amount the customer promised"):
            self._promise(0.0, date(2026, 3, 6))
        with self.assertRaisesRegex(UserError, "today or later"):
            self._promise(100.0, date(2026, 3, 1))
        form = self._wizard(self.durand | self.martin)
        form.promise_date = date(2026, 3, 6)
        form.promise_amount = 100
        with self.assertRaisesRegex(UserError, "one customer at a time"):
            form.save().action_promise()

    @unittest.skipUnless(
        shutil.which("soffice") and shutil.which("pdftotext"),
        "LibreOffice or pdftotext is not installed",
    )
    def test_preview_letter_sends_nothing(self):
        blanc = self._make_customer("Blanc Peinture SARL")
        invoice = self._invoice(blanc, 600.0, date(2026, 1, 10), date(2026, 2, 10))
        invoice.sudo().write(
            {
                "recovery_level_id": self.level["courtesy"].id,
                "recovery_last_date": date(2026, 2, 13),
            }
        )
        wizard = self._wizard(blanc).save()
        self.assertIn(
            "Amicable reminder due today", html2plaintext(wizard.next_step_summary)
        )
        self.assertTrue(wizard.preview_available)
        self.assertFalse(self._wizard(self.durand).save().preview_available)
        mails = self.env["mail.mail"].search_count([])
        result = wizard.action_preview_letter()
        attachment = self.env["ir.attachment"].browse(
            int(result["url"].rsplit("/", 1)[1])
        )
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        text = pdf_text(attachment.raw)
        self.assertIn("Blanc Peinture SARL", text)
        self.assertIn(invoice.name, text)
        self.assertFalse(self._actions(blanc), "a preview leaves no step")
        self.assertFalse(invoice.recovery_action_ids)
        self.assertEqual(invoice.recovery_level_id, self.level["courtesy"])
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        wizard.action_send()
        self.assertEqual(self._actions(blanc).level_id, self.level["amicable"])

    def test_in_plan_filter(self):
        self.env["debt.recovery.plan"].sudo()._recovery_maintenance_create(
            {
                "partner_id": self.martin.id,
                "company_id": self.company.id,
                "invoice_ids": [Command.set(self.inv_martin.ids)],
                "state": "proposed",
            },
            reason="test fixture",
        )
        self.assertEqual(
            self._worklist("filter_in_plan").mapped("partner_id.name"),
            ["Martin Frères SARL"],
        )
        martin = self._worklist().filtered(lambda line: line.partner_id == self.martin)
        self.assertIn(": Proposed", martin.markers)
        self.assertTrue(martin.in_plan)
        self.assertFalse(martin.plan_kept, "a proposed plan is not running")

    def test_customer_in_a_kept_plan_is_shown_as_such_and_last(self):
        # Martin's overdue invoice is in a running plan: not late; a big
        # debt does not move him up.
        self.inv_martin.sudo().write({"invoice_date_due": date(2025, 12, 1)})
        self.env["debt.recovery.customer.status"]._refresh(
            self.martin, self.company, TODAY
        )
        before = self._worklist()
        self.assertEqual(
            before[2].partner_id, self.martin, "91 days late: before Durand"
        )
        plan = (
            self.env["debt.recovery.plan"]
            .sudo()
            ._recovery_maintenance_create(
                {
                    "partner_id": self.martin.id,
                    "company_id": self.company.id,
                    "invoice_ids": [Command.set(self.inv_martin.ids)],
                    "state": "active",
                },
                reason="test fixture",
            )
        )
        worklist = self._worklist()
        self.assertEqual(worklist[-1].partner_id, self.martin)
        self.assertTrue(worklist[-1].plan_kept)
        self.assertEqual(worklist[-1].urgency_group, TIER_PLAN_KEPT)
        self.assertFalse(worklist[0].plan_kept)
        # A second overdue invoice outside the plan: late again.
        self._invoice(self.martin, 50.0, date(2026, 2, 1))
        self.env["debt.recovery.customer.status"]._refresh(
            self.martin, self.company, TODAY
        )
        worklist = self._worklist()
        self.assertFalse(
            worklist.filtered(lambda line: line.partner_id == self.martin).plan_kept
        )
        self.assertNotEqual(worklist[-1].partner_id, self.martin)
        self.assertTrue(plan)

    def test_print_statement(self):
        wizard = self._wizard(self.durand).save()
        report = self.env.ref(
            "l10n_fr_debt_recovery.report_res_partner_statement",
            raise_if_not_found=False,
        )
        self.assertEqual(wizard.statement_available, bool(report))
        if report:
            action = wizard.action_print_statement()
            self.assertEqual(action["type"], "ir.actions.report")
        else:
            with self.assertRaisesRegex(UserError, "not available"):
                wizard.action_print_statement()

    # -------------------------------------------------- tracking table
    def test_tracking_table_xlsx(self):
        Worklist = self.env["debt.recovery.worklist"].with_user(self.user)
        action = Worklist.browse().action_recovery_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            rows[0][:6],
            (
                "Customer",
                "VAT number",
                "Overdue amount",
                "Oldest due date",
                "Days late",
                "Level reached",
            ),
        )
        # In the worklist's order, as on the screen; a date in words in the
        # file's name, not an ISO date.
        self.assertEqual(
            [row[0] for row in rows[1:]],
            Worklist.search([("company_id", "=", self.company.id)]).mapped(
                "partner_id.display_name"
            ),
        )
        self.assertNotRegex(attachment.name, r"\d{4}-\d{2}-\d{2}")
        by_name = {row[0]: row for row in rows[1:]}
        self.assertEqual(
            set(by_name) & set(self.partners.mapped("name")),
            {
                "Roux Menuiserie SAS",
                "Atelier Lefèvre SAS",
                "Durand Bâtiment SARL",
                "Martin Frères SARL",
            },
        )
        durand = by_name["Durand Bâtiment SARL"]
        self.assertEqual(durand[2], 1000.0)
        self.assertEqual(durand[3].date(), date(2026, 2, 25))
        self.assertEqual(durand[4], 5)
        self.assertEqual(durand[6:9], ("Courtesy reminder", durand[7], self.user.name))
        self.assertEqual(durand[7].date(), date(2026, 2, 28))
        self.assertEqual(by_name["Atelier Lefèvre SAS"][5], "Firm reminder")
        self.assertEqual(by_name["Roux Menuiserie SAS"][9], "Yes")
        self.assertEqual(by_name["Roux Menuiserie SAS"][10], "Dispute")
        # Only the selected customers when some are selected.
        action = Worklist.search(
            [("partner_id", "=", self.durand.id)]
        ).action_recovery_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        self.assertEqual(sheet.max_row, 2)


@tagged("post_install", "-at_install")
class TestDashboard(DebtRecoveryCase):
    def test_aging_buckets(self):
        # The aging view counts days to the database's date: real dates here.
        today = date.today()
        for days_late, amount in [
            (-10, 100.0),
            (0, 150.0),
            (10, 200.0),
            (30, 250.0),
            (45, 300.0),
            (75, 400.0),
            (120, 500.0),
        ]:
            due = today - timedelta(days=days_late)
            self._invoice(self.customer, amount, due - timedelta(days=30), due)
        paid = self._invoice(self.customer_b, 999.0, today - timedelta(days=80))
        self._pay(paid)
        self.env.flush_all()
        Report = self.env["debt.recovery.aging.report"].with_user(self.manager)
        groups = Report._read_group(
            [("company_id", "=", self.company.id)],
            ["aging_bucket"],
            ["amount_residual:sum"],
        )
        self.assertEqual(
            dict(groups),
            {
                "not_due": 250.0,
                "1_30": 450.0,
                "31_60": 300.0,
                "61_90": 400.0,
                "90_plus": 500.0,
            },
        )
        # What the pivot and the graph show: "Not due" first, then by age
        # (not the alphabetical order of the keys, which put it last).
        rows = Report.read_group(
            [("company_id", "=", self.company.id)],
            ["amount_residual:sum"],
            ["partner_id", "aging_bucket"],
            lazy=False,
        )
        self.assertEqual(
            [row["aging_bucket"] for row in rows],
            ["not_due", "1_30", "31_60", "61_90", "90_plus"],
        )
        action = self.env.ref("l10n_fr_debt_recovery.debt_recovery_aging_report_action")
        self.assertEqual(action.view_mode.split(",")[0], "pivot")
        pivot = etree.fromstring(Report.get_view(view_type="pivot")["arch"])
        self.assertEqual(
            [(f.get("name"), f.get("type")) for f in pivot.iter("field")][:2],
            [("partner_id", "row"), ("aging_bucket", "col")],
        )
        with self.assertRaises(AccessError):
            self.env["debt.recovery.aging.report"].with_user(self.user).search([])

    @freeze_time("2026-03-31")
    def test_dso(self):
        self._invoice(self.customer, 1000.0, date(2026, 3, 1))
        inv = self._invoice(self.customer, 2000.0, date(2026, 2, 1))
        # The 90 days run from 1 January to 31 March: not a sale of the period.
        self._invoice(self.customer_b, 1500.0, date(2025, 12, 31))
        self._pay(inv, 500.0, date(2026, 3, 15))
        figures = self.company._debt_recovery_dso(date(2026, 3, 31))
        self.assertEqual(figures["receivables"], 4000.0)
        self.assertEqual(figures["sales"], 3000.0)
        self.assertEqual(figures["dso"], 120.0)
        Dashboard = self.env["debt.recovery.dashboard"].with_user(self.manager)
        action = Dashboard.action_open()
        # A new record, its figures computed when shown: no "1 / 1" pager
        # (it used to open a saved record).
        self.assertNotIn("res_id", action)
        dashboard = Dashboard.create({})
        self.assertEqual(dashboard.dso, 120.0)
        self.assertEqual(dashboard.receivables, 4000.0)
        # Last month (28 February): 2 000 + 1 500 owed, sales of the 90 days
        # from 30 November: 3 500 -> DSO 3 500 / 3 500 x 90 = 90 days.
        self.assertEqual(dashboard.previous_date, date(2026, 2, 28))
        self.assertEqual(dashboard.receivables_previous, 3500.0)
        self.assertEqual(dashboard.dso_previous, 90.0)
        self.assertIn("▲", dashboard.dso_compare)
        self.assertIn("30", dashboard.dso_compare)  # + 30 days
        self.assertIn("500", dashboard.receivables_compare)  # + 500 €
        # The trend: twelve month ends, the last one today.
        self.assertEqual(dashboard.dso_trend.count("<circle"), 4)  # months with sales
        self.assertIn("120", dashboard.dso_trend)
        with self.assertRaises(AccessError):
            self.env["debt.recovery.dashboard"].with_user(self.user).create({})

    def test_recovered_within_30_days_of_each_step(self):
        invoice = self._invoice(
            self.customer, 1000.0, date(2026, 1, 20), date(2026, 2, 5)
        )
        with freeze_time("2026-02-10"):
            self._run()
        action = self._actions(self.customer)
        self.assertEqual(action.level_id, self.level["courtesy"])
        self._pay(invoice, 300.0, date(2026, 2, 20))
        self._pay(invoice, 700.0, date(2026, 3, 20))  # 38 days after: not counted
        self.env.flush_all()
        Report = self.env["debt.recovery.recovered.report"].with_user(self.manager)
        line = Report.search([("action_id", "=", action.id)])
        self.assertEqual(line.level_id, self.level["courtesy"])
        self.assertEqual(line.amount_due, 1000.0)
        self.assertEqual(line.amount_recovered, 300.0)
        groups = Report._read_group(
            [("company_id", "=", self.company.id)],
            ["level_id"],
            ["amount_recovered:sum", "action_count:sum"],
        )
        self.assertEqual(groups, [(self.level["courtesy"], 300.0, 1)])
