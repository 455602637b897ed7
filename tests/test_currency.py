# ruff: noqa: RUF001
"""Invoices in a foreign currency: a customer's steps, letters, formal
notices, installment plans and litigation files are in the invoices' own
currency; the fixed indemnity of C. com. D441-5 stays in euros, labelled so,
and is never added to an amount in dollars.

A Paris company keeping its books in euros invoices a customer 1 100,00 USD
on 5 January 2026 (booked 1 000,00 € at 1,10 USD for 1 €), due the same day.
Figures computed by hand (C. com. L441-10 II: ECB rate 2,15 % + 10 points,
per day over 365):

- firm step on 4 February (30 days late):
  1 100,00 x 12,15 % x 30 / 365 = 10,98 USD; 1 110,98 USD + 40,00 €;
- formal notice on 19 February (45 days late):
  1 100,00 x 12,15 % x 45 / 365 = 16,48 USD; 1 116,48 USD + 40,00 €.
"""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import HAS_LIBREOFFICE, DebtRecoveryCase, NoticeCase, normalize, pdf_text

DUE = date(2026, 1, 5)
NO_EUROS = ["1 000,00 €", "mille euros", "1 040,00 €"]
# The days of the courtesy, amicable, phone and firm steps of the invoice.
LADDER = ["2026-01-08", "2026-01-20", "2026-01-30", "2026-02-04"]


class CurrencyMixin:
    @classmethod
    def _setup_dollars(cls):
        cls.usd = cls.setup_other_currency("USD", rates=[("2025-01-01", 1.1)])
        cls.eur = cls.env.ref("base.EUR")
        cls.customer.lang = "en_US"

    @classmethod
    def _usd_invoice(cls, partner, amount, invoice_date, due_date=None):
        return cls._invoice(partner, amount, invoice_date, due_date, currency=cls.usd)

    def assertContains(self, text, expected):
        missing = [item for item in expected if normalize(item) not in text]
        self.assertFalse(missing, f"missing in the letter: {missing}\n{text}")

    def assertNotContains(self, text, unexpected):
        present = [item for item in unexpected if normalize(item) in text]
        self.assertFalse(present, f"unexpected in the letter: {present}\n{text}")


@tagged("post_install", "-at_install")
class TestForeignCurrencySteps(CurrencyMixin, DebtRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dollars()
        cls.invoice = cls._usd_invoice(cls.customer, 1100.0, DUE)

    def _steps(self, days):
        for day in days:
            with freeze_time(day):
                self._run()
        return self._actions(self.customer).with_user(self.user)

    def test_steps_are_in_dollars_the_indemnity_in_euros_beside(self):
        # Booked 1 000,00 € in the company's books, owed 1 100,00 USD.
        self.assertEqual(self.invoice.amount_residual, 1100.0)
        self.assertEqual(self.invoice.amount_residual_signed, 1000.0)
        steps = self._steps(LADDER)
        _courtesy, amicable, _phone, firm = steps
        self.assertEqual(amicable.level_id.code, "amicable")
        self.assertEqual(amicable.currency_id, self.usd)
        self.assertEqual(
            (amicable.amount_due, amicable.amount_credit, amicable.amount_total),
            (1100.0, 0.0, 1100.0),
        )
        self.assertEqual(firm.level_id.code, "firm")
        self.assertEqual(firm.currency_id, self.usd)
        self.assertEqual(firm.indemnity_currency_id, self.eur)
        self.assertEqual(firm.amount_due, 1100.0)
        self.assertEqual(firm.amount_penalty, 10.98)
        self.assertEqual(firm.amount_indemnity, 40.0)
        # The 40 € are claimed beside the dollars, never added to them.
        self.assertEqual(firm.amount_total, 1110.98)
        self.assertIn("40.00", firm._recovery_format_claim())
        self.assertIn("€", firm._recovery_format_claim())
        # The managers' report of what each step recovered stays in euros.
        report = self.env["debt.recovery.recovered.report"].search(
            [("action_id", "=", amicable.id)]
        )
        self.assertEqual(report.currency_id, self.eur)
        self.assertAlmostEqual(report.amount_due, 1000.0)

    def test_letter_data_in_dollars(self):
        self._steps(LADDER)
        firm = self._actions(self.customer)[-1]
        (letter,) = firm.with_user(self.user)._recovery_letters()
        (line,) = letter.invoices
        self.assertEqual(normalize(line.amount), "1 100,00 USD")
        self.assertEqual(normalize(line.residual), "1 100,00 USD")
        self.assertEqual(normalize(line.penalties), "10,98 USD")
        self.assertEqual(normalize(line.indemnity), "40,00 €")
        self.assertEqual(normalize(letter.totals.principal), "1 100,00 USD")
        self.assertEqual(normalize(letter.totals.total), "1 110,98 USD + 40,00 €")
        self.assertEqual(
            letter.totals.total_in_words,
            "mille cent dix dollars américains et quatre-vingt-dix-huit cents "
            "plus quarante euros",
        )
        self.assertEqual(
            normalize(letter.totals.indemnity_detail),
            "1 × 40,00 €, montant fixé en euros par l'article D441-5 du Code de "
            "commerce",
        )

    def test_letters_read_back_from_the_pdf_are_in_dollars(self):
        if not HAS_LIBREOFFICE:
            self.skipTest("LibreOffice is not installed")
        self.customer.recovery_letter_channel = "both"
        self._steps(LADDER)
        _courtesy, amicable, _phone, firm = self._actions(self.customer).with_user(
            self.user
        )
        text = pdf_text(amicable.letter_attachment_id.raw)
        self.assertContains(
            text,
            [
                self.invoice.name,
                "1 100,00 USD",
                "mille cent dollars américains",
                "Paris, le 20 janvier 2026",
            ],
        )
        self.assertNotContains(text, NO_EUROS)
        text = pdf_text(firm.letter_attachment_id.raw)
        self.assertContains(
            text,
            [
                "Dernière relance avant mise en demeure",
                "1 100,00 USD",
                "10,98 USD",
                "1 110,98 USD + 40,00 €",
                "mille cent dix dollars américains et quatre-vingt-dix-huit cents "
                "plus quarante euros",
                "montant fixé en euros par l'article D441-5 du Code de commerce",
            ],
        )
        self.assertNotContains(text, [*NO_EUROS, "1 150,98", "1 110,98 €"])

    def test_euros_and_dollars_owed_one_step_per_currency(self):
        """A customer owing euros and dollars gets one step in each currency
        the same day; its credit note in euros is deducted from the euros
        only."""
        euros = self._invoice(self.customer, 500.0, DUE)
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "invoice_date": DUE,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Avoir", "price_unit": 100.0, "tax_ids": []}
                    )
                ],
            }
        )
        refund.action_post()
        with freeze_time("2026-01-20"):
            self._run()
        steps = self._actions(self.customer).with_user(self.user)
        self.assertEqual(len(steps), 2)
        in_euros = steps.filtered(lambda a: a.currency_id == self.eur)
        in_dollars = steps.filtered(lambda a: a.currency_id == self.usd)
        self.assertEqual(in_euros.invoice_ids, euros)
        self.assertEqual(
            (in_euros.amount_due, in_euros.amount_credit, in_euros.amount_total),
            (500.0, 100.0, 400.0),
        )
        self.assertEqual(in_dollars.invoice_ids, self.invoice)
        self.assertEqual(
            (in_dollars.amount_due, in_dollars.amount_credit, in_dollars.amount_total),
            (1100.0, 0.0, 1100.0),
        )
        (letter_eur,) = in_euros._recovery_letters()
        (letter_usd,) = in_dollars._recovery_letters()
        self.assertEqual([c.number for c in letter_eur.credits], [refund.name])
        self.assertEqual(normalize(letter_eur.totals.total), "400,00 €")
        self.assertEqual(letter_usd.credits, [])
        self.assertEqual(normalize(letter_usd.totals.total), "1 100,00 USD")
        self.assertEqual(
            letter_usd.totals.total_in_words, "mille cent dollars américains"
        )

    @freeze_time("2026-01-20")
    def test_installment_plan_in_dollars(self):
        form = Form(
            self.env["debt.recovery.plan.wizard"]
            .with_user(self.user)
            .with_context(active_model="account.move", active_ids=self.invoice.ids)
        )
        form.installment_count = 2
        form.first_date = date(2026, 1, 31)
        wizard = form.save()
        self.assertEqual(wizard.currency_id, self.usd)
        self.assertEqual(wizard.amount_total, 1100.0)
        plan = (
            self.env["debt.recovery.plan"]
            .with_user(self.user)
            .browse(wizard.action_create_plan()["res_id"])
        )
        self.assertEqual(plan.currency_id, self.usd)
        self.assertEqual(plan.line_ids.mapped("amount"), [550.0, 550.0])
        self.assertEqual(plan.amount_invoices, 1100.0)
        (letter,) = plan._recovery_letters()
        self.assertEqual(normalize(letter.totals.total), "1 100,00 USD")
        self.assertEqual(letter.totals.total_in_words, "mille cent dollars américains")
        self.assertEqual(
            [normalize(i.amount) for i in letter.plan.installments],
            ["550,00 USD", "550,00 USD"],
        )
        # A payment in dollars fills the installments in dollars.
        self._pay(self.invoice, 550.0, date(2026, 1, 20))
        self.assertEqual(plan.amount_paid, 550.0)
        self.assertEqual(plan.line_ids.mapped("amount_paid"), [550.0, 0.0])

    def test_a_step_claims_one_currency(self):
        euros = self._invoice(self.customer, 500.0, DUE)
        with self.assertRaisesRegex(ValidationError, "one currency"):
            self.env["debt.recovery.action"].with_user(self.user).create(
                {
                    "partner_id": self.customer.id,
                    "level_id": self.level["amicable"].id,
                    "invoice_ids": [Command.set((euros | self.invoice).ids)],
                }
            )

    def test_a_draft_follows_the_currency_of_its_invoices(self):
        # A draft step made by hand in euros, whose invoices are then
        # replaced by the invoice in dollars: it claims dollars, and back.
        euros = self._invoice(self.customer, 500.0, DUE)
        form = Form(self.env["debt.recovery.action"].with_user(self.user))
        form.partner_id = self.customer
        form.level_id = self.level["amicable"]
        form.invoice_ids.add(euros)
        step = form.save()
        self.assertEqual(step.currency_id, self.eur)
        with Form(step) as form:
            form.invoice_ids.remove(euros.id)
            form.invoice_ids.add(self.invoice)
        self.assertEqual(step.currency_id, self.usd)
        # Written outside the form too (an import, another module's code).
        step.write({"invoice_ids": [Command.set(euros.ids)]})
        self.assertEqual(step.currency_id, self.eur)

    def test_a_plan_is_in_one_currency(self):
        euros = self._invoice(self.customer, 500.0, DUE)
        with self.assertRaisesRegex(Exception, "one currency"):
            Form(
                self.env["debt.recovery.plan.wizard"]
                .with_user(self.user)
                .with_context(
                    active_model="account.move", active_ids=(euros | self.invoice).ids
                )
            )


@tagged("post_install", "-at_install")
class TestForeignCurrencyNotice(CurrencyMixin, NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dollars()

    def _usd_notice(self):
        invoice = self._usd_invoice(
            self.customer, 1100.0, DUE - timedelta(days=30), DUE
        )
        invoice.sudo().write(
            {
                "recovery_level_id": self.level["firm"].id,
                "recovery_last_date": DUE + timedelta(days=30),
            }
        )
        with freeze_time(DUE + timedelta(days=45)):
            self._run()
        action = self._actions(self.customer).filtered(
            lambda a: a.level_id == self.level["formal_notice"]
        )
        return invoice, action, action.notice_id

    def test_notice_and_litigation_file_in_dollars(self):
        _invoice, action, notice = self._usd_notice()
        self.assertEqual(action.currency_id, self.usd)
        self.assertEqual(
            (action.amount_due, action.amount_penalty, action.amount_indemnity),
            (1100.0, 16.48, 40.0),
        )
        self.assertEqual(notice.currency_id, self.usd)
        with freeze_time(DUE + timedelta(days=45)):
            notice.with_user(self.manager).action_validate()
        notice = notice.with_user(self.user)
        self.assertEqual(notice.amount_principal, 1100.0)
        self.assertEqual(notice.amount_penalty, 16.48)
        self.assertEqual(notice.amount_indemnity, 40.0)
        self.assertEqual(notice.amount_total, 1116.48)
        self.assertEqual(notice.amount_residual, 1100.0)
        self.assertEqual(notice.line_ids.amount_invoice, 1100.0)
        self.assertEqual(notice.line_ids.amount_total, 1116.48)
        (letter,) = notice._recovery_letters()
        self.assertEqual(normalize(letter.invoices[0].residual), "1 100,00 USD")
        self.assertEqual(normalize(letter.invoices[0].indemnity), "40,00 €")
        self.assertEqual(normalize(letter.totals.total), "1 116,48 USD + 40,00 €")
        self.assertEqual(
            letter.totals.total_in_words,
            "mille cent seize dollars américains et quarante-huit cents "
            "plus quarante euros",
        )
        self.assertIn("montant fixé en euros", letter.totals.indemnity_detail)
        # The litigation file of the notice is in dollars too.
        case = notice.sudo()._create_case_files(DUE + timedelta(days=70))
        self.assertEqual(case.currency_id, self.usd)
        self.assertEqual(case.amount_principal, 1100.0)
        self.assertEqual(case.amount_indemnity, 40.0)
        self.assertEqual(case.amount_total, case.amount_principal + case.amount_penalty)
        (letter,) = case._recovery_letters()
        self.assertTrue(normalize(letter.totals.total).endswith("USD + 40,00 €"))

    def test_a_litigation_file_claims_one_currency(self):
        euros = self._invoice(self.customer, 500.0, DUE)
        dollars = self._usd_invoice(self.customer, 1100.0, DUE)
        with self.assertRaisesRegex(ValidationError, "one currency"):
            self.env["debt.recovery.case"].with_user(self.manager).create(
                {
                    "partner_id": self.customer.id,
                    "invoice_ids": [Command.set((euros | dollars).ids)],
                }
            )

    def test_a_notice_claims_one_currency(self):
        euros = self._invoice(self.customer, 500.0, DUE)
        dollars = self._usd_invoice(self.customer, 1100.0, DUE)
        with freeze_time(DUE + timedelta(days=45)):
            action = (
                (euros | dollars).with_user(self.user).action_create_recovery_notice()
            )
        notices = self.env["debt.recovery.notice"].search(action["domain"])
        self.assertEqual(
            sorted(notices.mapped("currency_id.name")), ["EUR", "USD"], action
        )
        with self.assertRaisesRegex(Exception, "one currency"):
            notices[0].with_user(self.user).write(
                {"invoice_ids": [Command.set((euros | dollars).ids)]}
            )
