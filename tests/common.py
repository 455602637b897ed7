"""Shared set-up of the Odoo tests: a French company with euros, customers,
and helpers to create invoices and pay them."""

from datetime import date

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import new_test_user


class DebtRecoveryCase(AccountTestInvoicingCommon):
    chart_template = "generic_coa"

    @classmethod
    def _create_company(cls, **create_values):
        create_values.setdefault("currency_id", cls.env.ref("base.EUR").id)
        create_values.setdefault("country_id", cls.env.ref("base.fr").id)
        create_values.setdefault("street", "12 rue des Artisans")
        create_values.setdefault("zip", "75011")
        create_values.setdefault("city", "Paris")
        create_values.setdefault("email", "compta@creancier.example")
        return super()._create_company(**create_values)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.ref("base.EUR").active = True
        cls.Level = cls.env["debt.recovery.level"]
        cls.ladder = cls.Level.search([("company_id", "=", cls.company.id)])
        cls.level = {level.code: level for level in cls.ladder}
        cls.user = new_test_user(
            cls.env,
            login="recovery_user",
            groups="l10n_fr_debt_recovery.group_debt_recovery_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            login="recovery_manager",
            groups="l10n_fr_debt_recovery.group_debt_recovery_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.customer = cls._make_customer("Durand Bâtiment SARL")
        cls.customer_b = cls._make_customer("Atelier Lefèvre SAS")

    @classmethod
    def _make_customer(cls, name, **vals):
        values = {
            "name": name,
            "is_company": True,
            "email": "compta@%s.example" % name.split()[0].lower(),
            "street": "5 avenue Jean Jaurès",
            "zip": "69007",
            "city": "Lyon",
            "country_id": cls.env.ref("base.fr").id,
        }
        values.update(vals)
        return cls.env["res.partner"].create(values)

    @classmethod
    def _invoice(
        cls, partner, amount, invoice_date, due_date=None, company=None, post=True
    ):
        """A customer invoice of ``amount`` (tax included: no tax) due on
        ``due_date`` (default: the invoice date)."""
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": due_date or invoice_date,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        # A payment term would recompute the due date: keep the one asked for.
        move.invoice_payment_term_id = False
        move.invoice_date_due = due_date or invoice_date
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount=None, pay_date=None):
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount if amount is not None else invoice.amount_residual,
                    "payment_date": pay_date or date.today(),
                }
            )
        )
        return wizard._create_payments()

    def _run(self):
        return self.env["debt.recovery.action"]._cron_daily_run()

    def _actions(self, partner=None):
        domain = [("company_id", "=", self.company.id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["debt.recovery.action"].search(domain, order="date, id")
