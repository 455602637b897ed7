"""Promises to pay kept as records, and the payer score built on them: on
the worklist, the customer page and the sale order."""

from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import html2plaintext
from odoo.tools.safe_eval import safe_eval

from ..tools import payer_score as score_tools
from .common import DebtRecoveryCase

TODAY = date(2026, 6, 15)
PAGE_VIEW = "l10n_fr_debt_recovery.res_partner_view_form_recovery_page"


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPromisesAndPayerScore(DebtRecoveryCase):
    """15 June 2026. Durand (``customer``) owes 1 000 € due 1 June; the
    other customers are built by each test."""

    @classmethod
    def default_env_context(cls):
        # The chatter is part of what is checked.
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(
            cls.customer, 1000.0, date(2026, 5, 2), date(2026, 6, 1)
        )
        cls.salesman = new_test_user(
            cls.env,
            login="score_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[fields.Command.set(cls.company.ids)],
        )

    # ---- helpers ----
    def _promise(self, partner, amount, until, user=None):
        """The accountant's promise, with the processing wizard."""
        Wizard = (
            self.env["debt.recovery.process"]
            .with_user(user or self.user)
            .with_context(active_model="res.partner", active_ids=partner.ids)
        )
        form = Form(Wizard)
        form.promise_date = until
        form.promise_amount = amount
        form.save().action_promise()
        return self.env["debt.recovery.promise"].search(
            [("partner_id", "=", partner.id)], limit=1
        )

    def _notes(self, partner):
        return [html2plaintext(body) for body in partner.message_ids.mapped("body")]

    def _bad_payer(self):
        """Garnier: two invoices paid 40 days late, two promises to pay not
        kept, 1 500 € unpaid since 1 February."""
        garnier = self._make_customer("Garnier Transports SARL")
        for due in (date(2025, 11, 1), date(2025, 12, 1)):
            paid = self._invoice(garnier, 200.0, due, due)
            self._pay(paid, pay_date=date.fromordinal(due.toordinal() + 40))
        late = self._invoice(garnier, 1500.0, date(2026, 1, 2), date(2026, 2, 1))
        Move = self.env["account.move"]
        for promised_on, until in (
            (date(2026, 3, 2), date(2026, 3, 10)),
            (date(2026, 4, 1), date(2026, 4, 10)),
        ):
            with freeze_time(promised_on):
                late.with_user(self.user)._recovery_exclude(
                    "promise", until, "Promesse au téléphone", promise_amount=1500.0
                )
            with freeze_time(until + timedelta(days=1)):
                Move._recovery_check_promises(self.company, fields.Date.today())
        return garnier

    def _good_payer(self):
        """Blanc: pays its invoices by their due date."""
        blanc = self._make_customer("Blanc Peinture SARL")
        for due in (date(2026, 1, 31), date(2026, 3, 31)):
            paid = self._invoice(blanc, 300.0, due, due)
            self._pay(paid, pay_date=due)
        return blanc

    # ---- promises to pay ----
    def test_accountant_promise_recorded_then_not_kept(self):
        promise = self._promise(self.customer, 600.0, date(2026, 6, 20))
        self.assertEqual(
            (
                promise.partner_id,
                promise.state,
                promise.source,
                promise.user_id,
                promise.promise_date,
                promise.amount,
                promise.due_amount,
                promise.invoice_ids,
            ),
            (
                self.customer,
                "open",
                "accountant",
                self.user,
                date(2026, 6, 20),
                600.0,
                1000.0,
                self.invoice,
            ),
        )
        # Recovery users read the promises; nobody writes them by hand.
        self.assertEqual(
            self.env["debt.recovery.promise"].with_user(self.user).search([]), promise
        )
        with self.assertRaises(AccessError):
            promise.with_user(self.manager).write({"state": "kept"})
        with self.assertRaises(AccessError):
            self.env["debt.recovery.promise"].with_user(self.manager).create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "promise_date": TODAY,
                }
            )
        self._pay(self.invoice, 100.0, date(2026, 6, 18))  # 600 promised
        with freeze_time("2026-06-21"):
            self._run()
        self.assertEqual(promise.state, "broken")
        self.assertEqual(promise.decided_on, date(2026, 6, 21))
        # The ladder and the chatter as before.
        self.assertFalse(self.invoice.recovery_excluded)
        self.assertEqual(
            len([n for n in self._notes(self.customer) if "not kept" in n]), 1
        )

    def test_promise_kept(self):
        promise = self._promise(self.customer, 600.0, date(2026, 6, 20))
        self._pay(self.invoice, 600.0, date(2026, 6, 19))
        with freeze_time("2026-06-20"):
            self._run()
        self.assertEqual(promise.state, "open", "decided the day after its date")
        with freeze_time("2026-06-21"):
            self._run()
        self.assertEqual(promise.state, "kept")
        self.assertTrue(
            [n for n in self._notes(self.customer) if "Promise to pay kept" in n]
        )

    def test_promise_cancelled_when_the_invoice_goes_back_on_the_ladder(self):
        promise = self._promise(self.customer, 1000.0, date(2026, 6, 30))
        self.invoice.with_user(self.user).write({"recovery_excluded": False})
        self.assertEqual(promise.state, "cancelled")
        with freeze_time("2026-07-01"):
            self._run()
        self.assertEqual(promise.state, "cancelled", "never judged")

    def test_a_new_promise_replaces_the_open_one(self):
        first = self._promise(self.customer, 1000.0, date(2026, 6, 20))
        second = self._promise(self.customer, 1000.0, date(2026, 6, 30))
        self.assertNotEqual(first, second)
        self.assertEqual((first.state, second.state), ("cancelled", "open"))
        self.assertEqual(self.invoice.recovery_excluded_until, date(2026, 6, 30))

    def test_promises_are_listed_on_the_customer_page(self):
        promise = self._promise(self.customer, 600.0, date(2026, 6, 20))
        page = Form(self.customer.with_user(self.user), view=PAGE_VIEW)
        self.assertEqual(page.recovery_page_promise_ids.ids, promise.ids)
        arch = etree.fromstring(
            self.customer.with_user(self.user).get_view(self.env.ref(PAGE_VIEW).id)[
                "arch"
            ]
        )
        self.assertTrue(arch.xpath("//page[@name='promises']"))
        # The menu under Recovery, for recovery users.
        menu = self.env.ref("l10n_fr_debt_recovery.menu_debt_recovery_promise")
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.user)._visible_menu_ids()
        )

    # ---- the score ----
    def test_broken_promises_and_late_payments_give_d_with_reasons(self):
        garnier = self._bad_payer()
        self.assertEqual(
            self.env["debt.recovery.promise"]
            .search([("partner_id", "=", garnier.id)])
            .mapped("state"),
            ["broken", "broken"],
        )
        blanc = self._good_payer()
        grades = self.env["debt.recovery.payer.score"]._grades(
            garnier | blanc, self.company
        )
        grade, reasons = grades[garnier.id]
        self.assertEqual(grade, "D")
        self.assertEqual(
            reasons,
            [
                (score_tools.BROKEN_PROMISES, 2),
                (score_tools.DAYS_LATE, 40),
                (score_tools.ON_TIME, 0),
                (score_tools.OPEN_LATE, 134),
            ],
        )
        self.assertEqual(grades[blanc.id], ("A", []))
        text = self.env["debt.recovery.payer.score"]._text(reasons)
        self.assertEqual(
            text,
            "2 promise(s) to pay not kept, paid 40.0 days late on average, "
            "0 % of the invoices paid by their due date, and oldest unpaid "
            "invoice 134 days late",
        )

    def test_disputes_count_in_the_period(self):
        invoices = [
            self._invoice(self.customer_b, 100.0, date(2026, 5, 1), date(2026, 5, 31))
            for _i in range(3)
        ]
        for invoice in invoices:
            invoice.with_user(self.user).write(
                {"recovery_excluded": True, "recovery_exclusion_reason": "dispute"}
            )
        _grade, reasons = self.env["debt.recovery.payer.score"]._grades(
            self.customer_b, self.company
        )[self.customer_b.id]
        self.assertEqual(dict(reasons)[score_tools.DISPUTES], 3)
        # A year later, they no longer count.
        grades = self.env["debt.recovery.payer.score"]._grades(
            self.customer_b, self.company, today=date(2027, 7, 1)
        )
        self.assertNotIn(score_tools.DISPUTES, dict(grades[self.customer_b.id][1]))

    def test_queries_do_not_grow_with_the_customers(self):
        customers = self.env["res.partner"]
        for index in range(20):
            customer = self._make_customer(f"Client{index} SARL")
            paid = self._invoice(customer, 100.0, date(2026, 3, 1), date(2026, 3, 31))
            self._pay(paid, pay_date=date(2026, 4, 10))
            self._invoice(customer, 100.0, date(2026, 4, 1), date(2026, 4, 30))
            customers |= customer

        def count(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            grades = self.env["debt.recovery.payer.score"]._grades(
                partners, self.company
            )
            return self.env.cr.sql_log_count - before, grades

        one, grades_one = count(customers[:1])
        many, grades_many = count(customers)
        self.assertEqual(one, many)
        self.assertLessEqual(many, 6)
        self.assertEqual(len(grades_many), 20)
        self.assertEqual(grades_one[customers[0].id], grades_many[customers[0].id])
        # One invoice paid 10 days late, one unpaid 46 days late today.
        self.assertEqual(
            grades_many[customers[0].id],
            score_tools.payer_score(
                score_tools.PayerHistory(
                    invoices_paid=1, total_days_late=10, oldest_open_days_late=46
                )
            ),
        )

    # ---- where users see it ----
    def test_worklist_shows_and_filters_the_score(self):
        garnier = self._bad_payer()
        self._run()
        self.assertEqual(garnier.with_company(self.company).recovery_payer_grade, "D")
        self.assertEqual(
            self.customer.with_company(self.company).recovery_payer_grade, "A"
        )
        # Written by the daily job only, whoever asks.
        with self.assertRaises(AccessError):
            garnier.with_user(self.manager).write({"recovery_payer_grade": "A"})
        action = self.env.ref("l10n_fr_debt_recovery.debt_recovery_worklist_action")
        Worklist = self.env["debt.recovery.worklist"].with_user(self.user)
        search_view = etree.fromstring(
            Worklist.get_view(action.search_view_id.id, "search")["arch"]
        )
        [score_filter] = search_view.xpath("//filter[@name='filter_score_d']")
        self.assertEqual(score_filter.get("string"), "Score D")
        lines = Worklist.search(
            [
                *safe_eval(score_filter.get("domain")),
                ("company_id", "=", self.company.id),
            ]
        )
        self.assertEqual(lines.partner_id, garnier)
        self.assertEqual(lines.payer_grade, "D")
        everyone = Worklist.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            {line.partner_id: line.payer_grade for line in everyone},
            {garnier: "D", self.customer: "A"},
        )
        list_view = etree.fromstring(Worklist.get_view(False, "list")["arch"])
        self.assertTrue(list_view.xpath("//field[@name='payer_grade']"))
        # Sorted by it, worst first.
        self.assertEqual(
            Worklist.search(
                [("company_id", "=", self.company.id)], order="payer_grade desc"
            ).partner_id,
            garnier | self.customer,
        )

    def test_customer_page_shows_the_score_in_words(self):
        garnier = self._bad_payer()
        page = Form(garnier.with_user(self.user), view=PAGE_VIEW)
        self.assertEqual(page.recovery_page_payer_grade, "D")
        self.assertIn("2 promise(s) to pay not kept", page.recovery_page_payer_reasons)
        self.assertEqual(len(page.recovery_page_promise_ids), 2)

    def test_salesperson_sees_the_warning_for_a_d_customer(self):
        garnier = self._bad_payer()
        order_form = Form(self.env["sale.order"].with_user(self.salesman))
        order_form.partner_id = garnier
        self.assertEqual(order_form.recovery_payer_grade, "D")
        self.assertIn("2 promise(s) to pay not kept", order_form.recovery_payer_warning)
        self.assertIn(
            "oldest unpaid invoice 134 days late", order_form.recovery_payer_warning
        )
        arch = etree.fromstring(
            self.env["sale.order"]
            .with_user(self.salesman)
            .get_view(False, "form")["arch"]
        )
        [alert] = arch.xpath("//div[@name='recovery_payer_score_alert']")
        self.assertIn("payer score D", "".join(alert.itertext()))
        # A warning, not a block: the order is confirmed.
        with order_form.order_line.new() as line:
            line.product_id = self.product_a
        order = order_form.save()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # The salesperson never reads the recovery records themselves.
        with self.assertRaises(AccessError):
            self.env["debt.recovery.promise"].with_user(self.salesman).search([])

    def test_nothing_shown_for_a_good_customer(self):
        blanc = self._good_payer()
        order_form = Form(self.env["sale.order"].with_user(self.salesman))
        order_form.partner_id = blanc
        self.assertEqual(order_form.recovery_payer_grade, "A")
        self.assertFalse(order_form.recovery_payer_warning)
