"""Company boundaries: what each user may write of a
shared customer's recovery fields, of an invoice's, and of the reference
rates. Each test is written as the least privileged user who tried it."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DebtRecoveryCase

MANAGER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_manager"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-16")
class TestCompanyRules(DebtRecoveryCase):
    @classmethod
    def default_env_context(cls):
        # The chatter (tracking of the rates, notes) is part of what is tested.
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Société B")["company"]
        cls.manager_b = cls._make_user(
            "recovery_manager_b", MANAGER_GROUP, cls.company_b, name="Bernard Besson"
        )
        # with the default "Contact creation" right
        cls.salesman = cls._make_user(
            "rules_salesman",
            "sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.invoicing_user = cls._make_user(
            "rules_invoicing_user", "account.group_account_invoice"
        )
        cls.settings_admin = cls._make_user(
            "rules_settings_admin",
            "base.group_user,base.group_system",
            name="Sophie Réglages",
        )
        # Company A: an invoice at the firm step, followed by the recovery user.
        cls.invoice = cls._invoice(
            cls.customer, 1000.0, date(2026, 1, 5), date(2026, 1, 5)
        )
        cls.invoice.sudo().recovery_level_id = cls.level["firm"]
        cls.customer.with_company(cls.company).recovery_user_id = cls.user
        cls.env["debt.recovery.customer.status"]._refresh(
            cls.customer, cls.company, today=date(2026, 3, 16)
        )

    # ------------------------------------------------- shared customers

    def test_manager_of_b_cannot_write_company_a_values(self):
        customer = self.customer.with_user(self.manager_b)
        level_b = self.env["debt.recovery.level"].search(
            [("company_id", "=", self.company_b.id), ("code", "=", "litigation")]
        )
        # Company A's values are out of reach: A is not one of his companies.
        with self.assertRaises(AccessError):
            customer.with_company(self.company).write(
                {"recovery_user_id": self.manager_b.id}
            )
        # The level reached is computed by the daily job, in no company by hand.
        with self.assertRaisesRegex(AccessError, "daily recovery job"):
            customer.write({"recovery_level_id": level_b.id})
        with self.assertRaisesRegex(AccessError, "daily recovery job"):
            self.customer.with_user(self.manager).write(
                {"recovery_level_id": self.level["litigation"].id}
            )
        # His own company's responsible is his to set; company A's is unchanged.
        customer.recovery_user_id = self.manager_b
        self.assertEqual(customer.recovery_user_id, self.manager_b)
        in_a = self.customer.with_user(self.user)
        self.assertEqual(in_a.recovery_user_id, self.user)
        self.assertEqual(in_a.recovery_level_id, self.level["firm"])
        self.assertEqual(in_a.recovery_overdue_amount, 1000.0)

    def test_worklist_one_line_per_company_each_seen_in_its_company(self):
        """A customer late in both companies has a line in each, with that
        company's amount, step and responsible; each user sees only the
        lines of his companies, and a salesperson none."""
        self._invoice(
            self.customer, 250.0, date(2026, 2, 2), date(2026, 3, 2), self.company_b
        )
        self.env["debt.recovery.customer.status"]._refresh(
            self.customer, self.company_b, date(2026, 3, 16)
        )
        Worklist = self.env["debt.recovery.worklist"]
        in_a = Worklist.with_user(self.user).search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(in_a.company_id, self.company)
        self.assertEqual(
            (in_a.overdue_amount, in_a.days_late, in_a.level_id, in_a.user_id),
            (1000.0, 70, self.level["firm"], self.user),
        )
        in_b = Worklist.with_user(self.manager_b).search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(in_b.company_id, self.company_b)
        self.assertEqual((in_b.overdue_amount, in_b.days_late), (250.0, 14))
        self.assertFalse(in_b.level_id)
        self.assertNotEqual(in_a, in_b)
        # The worklist's action shows the current company's lines only.
        action = self.env.ref("l10n_fr_debt_recovery.debt_recovery_worklist_action")
        self.assertEqual(action.domain, "[('company_id', '=', allowed_company_ids[0])]")
        with self.assertRaises(AccessError):
            Worklist.with_user(self.salesman).search([])

    def test_salesperson_cannot_change_how_a_customer_is_followed(self):
        customer = self.customer.with_user(self.salesman)
        for vals in (
            {"recovery_user_id": self.salesman.id},
            {"recovery_letter_channel": "post"},
            {"recovery_customer_type": "b2c"},
        ):
            with self.assertRaisesRegex(AccessError, "Only debt recovery users"):
                customer.write(vals)
        # The rest of the customer, and an unchanged value, stay his to save.
        customer.write({"phone": "04 72 00 00 00", "recovery_letter_channel": "email"})
        self.assertEqual(customer.phone, "04 72 00 00 00")
        self.assertEqual(customer.recovery_user_id, self.user)
        # The recovery user follows the customer.
        self.customer.with_user(self.user).recovery_letter_channel = "post"
        self.assertEqual(self.customer.recovery_letter_channel, "post")

    def test_collective_procedure_is_recorded_by_a_manager_for_every_company(self):
        vals = {
            "recovery_collective_procedure": True,
            "recovery_collective_procedure_date": date(2026, 3, 2),
        }
        for user in (self.salesman, self.user):
            with self.assertRaisesRegex(AccessError, "Only a debt recovery manager"):
                self.customer.with_user(user).write(vals)
        self.assertFalse(self.customer.recovery_collective_procedure)
        # A fact about the debtor: recorded in company B, it binds company A.
        self.customer.with_user(self.manager_b).write(vals)
        self.assertTrue(
            self.customer.with_user(self.user).recovery_collective_procedure
        )
        note = self.customer.message_ids.filtered(
            lambda m: "Collective procedure recorded" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Bernard Besson (Société B)", note.body)
        self.assertIn("in every company", note.body)
        # A salesperson still adds a contact to the customer (it inherits
        # the procedure from its company).
        contact = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .create({"name": "Paul Martin", "parent_id": self.customer.id})
        )
        self.assertTrue(contact.recovery_collective_procedure)

    # ----------------------------------------------------------- invoices

    def test_invoicing_user_cannot_write_invoice_recovery_fields(self):
        invoice = self.invoice.with_user(self.invoicing_user)
        self.assertEqual(invoice.recovery_level_id, self.level["firm"], "he sees it")
        for vals in (
            {"recovery_level_id": self.level["courtesy"].id},
            {"recovery_excluded": True, "recovery_exclusion_reason": "dispute"},
            {"recovery_acknowledgment_date": date(2026, 3, 1)},
        ):
            with self.assertRaisesRegex(AccessError, "Only debt recovery users"):
                invoice.write(vals)
        self.assertEqual(self.invoice.recovery_level_id, self.level["firm"])
        self.assertFalse(self.invoice.recovery_excluded)
        # The recovery user records a dispute.
        self.invoice.with_user(self.user).write(
            {"recovery_excluded": True, "recovery_exclusion_reason": "dispute"}
        )
        self.assertTrue(self.invoice.recovery_excluded)

    # -------------------------------------------------------------- rates

    def test_rates_changed_by_the_settings_administrator_only_and_logged(self):
        rate = self.env.ref("l10n_fr_debt_recovery.rate_ecb_2026_h1")
        old = rate.rate
        for user in (self.manager_b, self.manager):
            with self.assertRaises(AccessError):
                rate.with_user(user).write({"rate": 9.0})
            with self.assertRaises(AccessError):
                self.env["debt.recovery.rate"].with_user(user).create(
                    {"series": "ecb", "date_start": date(2026, 7, 1), "rate": 9.0}
                )
        self.assertEqual(rate.with_user(self.manager).rate, old, "read by all")
        # The settings administrator corrects it: the change is in its history.
        rate.with_user(self.settings_admin).write({"rate": 2.40})
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking is written at commit
        self.assertEqual(rate.rate, 2.40)
        tracked = rate.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "rate"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(
            (tracked.old_value_float, tracked.new_value_float), (old, 2.40)
        )
        self.assertEqual(
            tracked.mail_message_id.author_id, self.settings_admin.partner_id
        )
        # A rate in force is never deleted (letters were computed with it).
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            rate.with_user(self.settings_admin).unlink()
        # A rate of a half-year to come is.
        future = (
            self.env["debt.recovery.rate"]
            .with_user(self.settings_admin)
            .create({"series": "ecb", "date_start": date(2026, 7, 1), "rate": 2.0})
        )
        future.unlink()
        self.assertFalse(future.exists())
