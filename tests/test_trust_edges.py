"""Trust at the edges: merging contacts, the documents a rung renders, the
report URL, the bodies stored, the context and the companies a client
sends. Each test is the least privileged user who could try it."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DebtRecoveryCase

USER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_user"
MANAGER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_manager"


@tagged("post_install", "-at_install")
class TestMergeContacts(DebtRecoveryCase):
    """A user with the "Contact creation" right merges duplicates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The least privileged user who can merge contacts.
        cls.contact_manager = cls._make_user(
            "merge_contact_manager", "base.group_user,base.group_partner_manager"
        )

    def _reminded(self, name):
        customer = self._make_customer(name, email="compta@durand.example")
        self._invoice(customer, 500.0, date(2026, 2, 1), date(2026, 3, 1))
        return customer

    def _merge(self, partners, destination):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.contact_manager)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"dst_partner_id": destination.id})
        )
        return wizard.action_merge()

    def test_merge_two_reminded_duplicates_refused(self):
        first = self._reminded("Durand Bâtiment")
        second = self._reminded("Durand Batiment")
        with freeze_time("2026-03-05"):
            self._run()
        steps = self._actions(first) | self._actions(second)
        self.assertEqual(len(steps), 2)
        self.assertEqual(set(steps.mapped("state")), {"done"})
        with self.assertRaisesRegex(UserError, "Durand Batiment.*recovery history"):
            self._merge(first | second, first)
        # Nothing moved, nothing lost.
        self.assertTrue(second.exists())
        self.assertEqual(self._actions(second).invoice_ids.partner_id, second)
        self.assertEqual(len(self._actions(first) | self._actions(second)), 2)

    def test_merge_a_duplicate_without_history_into_the_reminded_one(self):
        first = self._reminded("Durand Bâtiment")
        with freeze_time("2026-03-05"):
            self._run()
        duplicate = self._make_customer("Durand Bat.", email="compta@durand.example")
        self._merge(first | duplicate, first)
        self.assertFalse(duplicate.exists())
        self.assertEqual(len(self._actions(first)), 1)


@tagged("post_install", "-at_install")
class TestRungDocuments(DebtRecoveryCase):
    """A recovery manager configures the ladder."""

    def test_rung_refuses_another_models_report(self):
        level = self.level["amicable"].with_user(self.manager)
        invoice_report = self.env.ref("account.account_invoices")
        with self.assertRaisesRegex(ValidationError, "recovery letter"):
            level.write({"report_id": invoice_report.id})
        # A report of the notices prints a recovery letter, not the step's.
        notice_report = self.env.ref(
            "l10n_fr_debt_recovery.report_debt_recovery_notice"
        )
        with self.assertRaisesRegex(ValidationError, "recovery letter"):
            level.write({"report_id": notice_report.id})
        level.write(
            {
                "report_id": self.env.ref(
                    "l10n_fr_debt_recovery.report_debt_recovery_action_firm"
                ).id
            }
        )

    def test_rung_refuses_another_models_template(self):
        level = self.level["amicable"].with_user(self.manager)
        template = self.env["mail.template"].search(
            [("model", "=", "res.partner")], limit=1
        )
        self.assertTrue(template)
        with self.assertRaisesRegex(ValidationError, "template of res.partner"):
            level.write({"mail_template_id": template.id})


@tagged("post_install", "-at_install")
class TestLetterBuilders(DebtRecoveryCase):
    """Every letter builder checks the user may read the records before it
    reads them as superuser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Société B")["company"]
        cls.user_b = cls._make_user("builder_user_b", USER_GROUP, cls.company_b)
        cls.employee = cls._make_user("builder_employee", "base.group_user")
        invoice = cls._invoice(cls.customer, 900.0, date(2026, 1, 5), date(2026, 1, 20))
        invoice.with_user(cls.manager).action_create_recovery_notice()
        cls.notice = cls.env["debt.recovery.notice"].search(
            [("partner_id", "=", cls.customer.id)]
        )

    def test_builders_refuse_who_cannot_read(self):
        Letter = self.env["debt.recovery.letter"]
        with self.assertRaises(AccessError):
            Letter.with_user(self.user_b)._letter_data(
                self.notice.with_user(self.user_b)
            )
        # Every employee reads the contacts, not their accounting.
        with self.assertRaises(AccessError):
            Letter.with_user(self.employee)._letter_data(
                self.customer.with_user(self.employee)
            )
        # The recovery user of company A still gets his letters.
        (letter,) = Letter.with_user(self.user)._letter_data(
            self.notice.with_user(self.user)
        )
        self.assertEqual(letter.reference, self.notice.name)


@tagged("post_install", "-at_install")
class TestReportUrl(DebtRecoveryCase, HttpCase):
    """The report URL, with a list of ids: a plain employee of the company
    and a recovery user of another company get no letter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Société B")["company"]
        cls.user_b = cls._make_user("report_user_b", USER_GROUP, cls.company_b)
        cls.employee = cls._make_user("report_employee", "base.group_user")
        today = fields.Date.today()
        due = today - timedelta(days=60)
        invoices = cls._invoice(
            cls.customer, 900.0, due - timedelta(days=30), due
        ) | cls._invoice(cls.customer_b, 700.0, due - timedelta(days=30), due)
        invoices.with_user(cls.manager).action_create_recovery_notice()
        cls.notices = cls.env["debt.recovery.notice"].search(
            [("partner_id", "in", (cls.customer | cls.customer_b).ids)]
        )

    def _get(self, user, converter, report, ids):
        self.authenticate(user.login, user.login)
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule"):
            return self.url_open(
                "/report/%s/l10n_fr_debt_recovery.%s/%s"
                % (converter, report, ",".join(map(str, ids)))
            )

    def test_report_url_refused(self):
        self.assertEqual(len(self.notices), 2)
        ids = self.notices.ids
        customers = (self.customer | self.customer_b).ids
        for user, converter, report, records in (
            (self.employee, "py3o", "report_debt_recovery_notice_odt", ids),
            (self.employee, "pdf", "report_debt_recovery_notice", ids),
            # Every employee reads the contacts, not their accounting.
            (self.employee, "py3o", "report_res_partner_statement_odt", customers),
            (self.user_b, "py3o", "report_debt_recovery_notice_odt", ids),
            (self.user_b, "pdf", "report_debt_recovery_notice", ids),
            # One of the two notices only: still company A's.
            (self.user_b, "py3o", "report_debt_recovery_notice_odt", ids[:1] * 2),
        ):
            with self.subTest(user=user.login, report=report):
                response = self._get(user, converter, report, records)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotEqual(response.content[:2], b"PK")
        # The recovery user of the company gets the letters.
        response = self._get(self.user, "py3o", "report_debt_recovery_notice_odt", ids)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")


@tagged("post_install", "-at_install")
class TestStoredBodies(DebtRecoveryCase):
    """A template editor writes a dynamic attribute, a contact manager names
    a customer like JavaScript: nothing executable is stored."""

    @classmethod
    def default_env_context(cls):
        return {}

    def test_dynamic_onerror_is_not_stored(self):
        editor = self._make_user(
            "bodies_template_editor",
            f"{MANAGER_GROUP},mail.group_mail_template_editor",
        )
        contact_manager = self._make_user(
            "bodies_contact_manager", "base.group_user,base.group_partner_manager"
        )
        template = self.level["courtesy"].mail_template_id
        template.with_user(editor).body_html = (
            '<p>Bonjour <img src="/web/image/res.partner/1/avatar_128" '
            't-att-onerror="object.partner_id.name"/></p>'
        )
        self.assertIn("t-att-onerror", template.body_html)
        customer = (
            self.env["res.partner"]
            .with_user(contact_manager)
            .create(
                {
                    "name": "alert(document.cookie)",
                    "is_company": True,
                    "email": "compta@script.example",
                }
            )
        )
        self._invoice(customer, 500.0, date(2026, 2, 1), date(2026, 3, 1))
        with freeze_time("2026-03-05"):
            self._run()
        step = self._actions(customer)
        self.assertEqual(step.state, "done")
        mail = step.mail_id
        self.assertTrue(mail)
        self.env.cr.execute(
            "SELECT body FROM mail_message WHERE id=%s", [mail.mail_message_id.id]
        )
        for body in (mail.mail_message_id.body, mail.body_html, mail.body):
            self.assertIn("<img", body)
            self.assertNotIn("onerror", body)
            self.assertNotIn("alert(document.cookie)", body)
