from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

LADDER = ["courtesy", "amicable", "phone", "firm", "formal_notice", "litigation"]


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Autre Société SAS"})
        cls.user = new_test_user(
            cls.env,
            login="dr_user",
            groups="l10n_fr_debt_recovery.group_debt_recovery_user",
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            login="dr_manager",
            groups="l10n_fr_debt_recovery.group_debt_recovery_manager",
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.salesman = new_test_user(
            cls.env, login="dr_salesman", groups="sales_team.group_sale_salesman"
        )

    def _ladder(self, company):
        levels = self.env["debt.recovery.level"].search(
            [("company_id", "=", company.id)]
        )
        return levels.sorted("sequence")

    def test_default_ladder_for_each_company(self):
        for company in self.company | self.other_company:
            ladder = self._ladder(company)
            self.assertEqual(ladder.mapped("code"), LADDER)
            self.assertEqual(ladder.mapped("sequence"), [10, 20, 30, 40, 50, 60])
            self.assertEqual(ladder.mapped("delay_days")[:5], [3, 15, 25, 30, 45])
        notice = self._ladder(self.other_company).filtered(
            lambda lv: lv.code == "formal_notice"
        )
        self.assertTrue(notice.requires_validation)
        self.assertTrue(notice.suspend_service)
        self.assertTrue(notice.channel_letter)
        self.assertFalse(notice.channel_email)

    def test_ladder_names_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        level = self._ladder(self.other_company)[:1]
        self.assertEqual(level.with_context(lang="fr_FR").name, "Relance de courtoisie")
        self.assertEqual(level.with_context(lang="en_US").name, "Courtesy reminder")

    def test_step_code_unique_per_company(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.env["debt.recovery.level"].create(
                {"name": "Doublon", "code": "firm", "company_id": self.company.id}
            )
        # The same code in another company, and "other" steps, are allowed.
        self.env["debt.recovery.level"].create(
            [
                {
                    "name": "Relance SMS",
                    "code": "other",
                    "sequence": 15,
                    "company_id": self.company.id,
                },
                {
                    "name": "Relance SMS 2",
                    "code": "other",
                    "sequence": 25,
                    "company_id": self.company.id,
                },
            ]
        )

    def test_user_reads_ladder_but_cannot_change_it(self):
        Level = self.env["debt.recovery.level"].with_user(self.user)
        self.assertEqual(
            len(Level.search([])), 6, "a user sees his company's ladder only"
        )
        with self.assertRaises(AccessError):
            Level.search([], limit=1).write({"delay_days": 99})
        with self.assertRaises(AccessError):
            Level.create({"name": "x", "code": "other"})

    def test_manager_configures_ladder(self):
        level = (
            self.env["debt.recovery.level"]
            .with_user(self.manager)
            .search([("code", "=", "firm")])
        )
        level.delay_days = 35
        self.assertEqual(level.delay_days, 35)

    def test_two_active_steps_with_the_same_sequence_are_refused(self):
        Level = self.env["debt.recovery.level"].with_user(self.manager)
        with self.assertRaises(ValidationError) as error:
            Level.create({"name": "Relance SMS", "code": "other", "sequence": 40})
        self.assertRegex(
            str(error.exception),
            "The steps Relance SMS and Firm reminder of .* have the same sequence 40",
        )
        sms = Level.create({"name": "Relance SMS", "code": "other", "sequence": 45})
        with self.assertRaises(ValidationError) as error:
            sms.sequence = 40
        self.assertIn("Relance SMS and Firm reminder", str(error.exception))
        # An archived step does not count, until it is restored; another
        # company's ladder (its firm reminder is at 40 too) has its own.
        firm = Level.search([("code", "=", "firm")])
        firm.active = False
        sms.sequence = 40
        with self.assertRaises(ValidationError) as error:
            firm.active = True
        self.assertIn("Firm reminder and Relance SMS", str(error.exception))

    def test_other_company_ladder_hidden(self):
        Level = self.env["debt.recovery.level"].with_user(self.manager)
        self.assertFalse(Level.search([("company_id", "=", self.other_company.id)]))

    def test_salesman_has_no_access_to_ladder(self):
        with self.assertRaises(AccessError):
            self.env["debt.recovery.level"].with_user(self.salesman).search([])

    def test_groups_hierarchy(self):
        self.assertTrue(
            self.manager.has_group("l10n_fr_debt_recovery.group_debt_recovery_user")
        )
        self.assertTrue(
            self.manager.has_group(
                "l10n_fr_debt_recovery.group_debt_recovery_sale_override"
            )
        )
        self.assertFalse(
            self.user.has_group(
                "l10n_fr_debt_recovery.group_debt_recovery_sale_override"
            )
        )
        accountant_admin = new_test_user(
            self.env, login="dr_acc_admin", groups="account.group_account_manager"
        )
        self.assertTrue(
            accountant_admin.has_group(
                "l10n_fr_debt_recovery.group_debt_recovery_manager"
            )
        )
