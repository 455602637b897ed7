"""Trust at the edges: merging contacts, the documents a rung renders, the
report URL, the bodies stored, the context and the companies a client
sends. Each test is the least privileged user who could try it."""

import json
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..services import _http
from .common import DebtRecoveryCase
from .test_registries import GET, FakeResponse, RegistryCase, recorded

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


@tagged("post_install", "-at_install")
class TestServerOnlyContext(DebtRecoveryCase):
    """A client sends the addon's context keys with its call."""

    def test_suspension_keys_sent_by_a_client_are_not_honoured(self):
        # Server code going on as superuser with the client's context (a
        # button writing in sudo) does not let the keys through.
        for key in (
            "debt_recovery_suspension_internal",
            "debt_recovery_suspension_override_wizard",
        ):
            customer = self.customer.with_user(self.user).with_context(**{key: True})
            with self.assertRaisesRegex(UserError, "cannot be changed by hand"):
                customer.sudo().write({"recovery_suspended": True})
        # The merge's key does not silently drop a write either.
        customer = self.customer.with_user(self.user).with_context(
            debt_recovery_suspension_merge=True
        )
        with self.assertRaisesRegex(UserError, "cannot be changed by hand"):
            customer.write({"recovery_suspended": True})
        self.assertFalse(self.customer.recovery_suspended)

    def test_run_now_ignores_a_cron_progress_sent_by_the_client(self):
        cron = self.env.ref("l10n_fr_debt_recovery.ir_cron_debt_recovery_daily")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 7}
        )
        self._invoice(self.customer, 500.0, date(2026, 2, 1), date(2026, 3, 1))
        with freeze_time("2026-03-05"):
            # In a cron run, each batch is committed: never in a request.
            self.env["debt.recovery.action"].with_user(self.manager).with_context(
                ir_cron_progress_id=progress.id
            ).action_run_now()
        self.assertEqual((progress.done, progress.remaining), (0, 7))
        self.assertEqual(self._actions(self.customer).state, "done")

    def test_wizards_accept_only_the_users_companies(self):
        company_b = self.setup_other_company(name="Société B")["company"]
        for model in ("debt.recovery.process", "debt.recovery.plan.wizard"):
            with self.assertRaisesRegex(ValidationError, "You do not work in"):
                self.env[model].with_user(self.user).create(
                    {
                        "company_id": company_b.id,
                        **(
                            {"partner_ids": [(6, 0, self.customer.ids)]}
                            if model == "debt.recovery.process"
                            else {"partner_id": self.customer.id}
                        ),
                    }
                )


class _Answer(FakeResponse):
    def __init__(self, status_code, text, headers=None):
        super().__init__(status_code, text)
        self.headers = headers or {}


@tagged("post_install", "-at_install")
class TestRegistryEdges(RegistryCase):
    """What a registry answers is taken only from where it was asked, about
    the company asked, as finite numbers; the checks stay in their company."""

    def _get(self, answers):
        calls = []

        def http_get(url, params=None, timeout=None, headers=None):
            calls.append(url)
            return answers[len(calls) - 1]

        patcher = patch(GET, side_effect=http_get)
        patcher.start()
        self.addCleanup(patcher.stop)
        return calls

    def test_only_https_no_redirect_elsewhere_and_a_size_cap(self):
        ok = _Answer(200, '{"results": []}')
        calls = self._get([ok])
        with self.assertRaisesRegex(_http.RegistryUnavailable, "only https"):
            _http.get_json("http://bodacc.example/records", {}, 5)
        self.assertEqual(calls, [], "nothing sent in clear")
        # A redirect to another host is refused, on the same host followed.
        moved = _Answer(302, "", {"Location": "https://evil.example/records"})
        calls = self._get([moved])
        with self.assertRaisesRegex(_http.RegistryUnavailable, "another address"):
            _http.get_json("https://bodacc.example/records", {}, 5)
        moved = _Answer(301, "", {"Location": "/v2/records"})
        calls = self._get([moved, ok])
        self.assertEqual(
            _http.get_json("https://bodacc.example/records", {}, 5), {"results": []}
        )
        self.assertEqual(calls[1], "https://bodacc.example/v2/records")
        # An answer too large is not read.
        huge = _Answer(200, '{"results": [%s]}' % ("0," * _http.MAX_ANSWER_BYTES))
        self._get([huge])
        with self.assertRaisesRegex(_http.RegistryUnavailable, "larger than"):
            _http.get_json("https://bodacc.example/records", {}, 5)

    @freeze_time("2026-11-29")
    def test_bodacc_answer_about_another_siren_records_nothing(self):
        answer = json.loads(recorded("bodacc_receivership.json").text)
        for record in answer["results"]:
            record["registre"] = ["552 100 554", "552100554"]
        self._good(bodacc=FakeResponse(200, json.dumps(answer)))
        self.customer.with_user(self.user).action_recovery_check_registries()
        self.assertFalse(self.customer.recovery_collective_procedure)
        check = self.env["debt.recovery.registry.check"].search(
            [("partner_id", "=", self.customer.id), ("service", "=", "bodacc")]
        )
        self.assertEqual(check.status, "ok")

    @freeze_time("2026-11-29")
    def test_ecb_nan_or_infinite_rate_refused(self):
        csv = recorded("ecb_mro_series.csv").text
        self.assertIn("2025-06-11", csv)
        lines = [
            line.replace(line.rsplit(",", 1)[-1], "NaN")
            if "2025-06-11" in line
            else line
            for line in csv.splitlines()
        ]
        self._answers(ecb=FakeResponse(200, "\n".join(lines) + "\n"))
        Rate = self.env["debt.recovery.rate"]
        created, error = Rate._recovery_update_ecb_rates()
        self.assertFalse(created)
        # Said to the user as an answer not in the documented format (the
        # parser's detail, "bad ECB observation", goes to the server log).
        self.assertIn("not in the documented format", error)
        self.assertFalse(
            Rate.search([("series", "=", "ecb"), ("date_start", "=", date(2026, 7, 1))])
        )
        # Nor by hand (a float field takes "nan" by RPC).
        for value in (float("nan"), float("inf")):
            with self.assertRaisesRegex(ValidationError, "must be a number"):
                Rate.with_user(self.admin_user).create(
                    {"series": "ecb", "date_start": date(2026, 7, 1), "rate": value}
                )

    def test_registry_checks_stay_in_their_company(self):
        company_b = self.setup_other_company(name="Société B")["company"]
        user_b = self._make_user("registry_user_b", USER_GROUP, company_b)
        self._good()
        self.customer.with_user(self.user).action_recovery_check_registries()
        Check = self.env["debt.recovery.registry.check"]
        checks = Check.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(checks), 3)
        self.assertEqual(checks.company_id, self.company)
        self.assertFalse(
            Check.with_user(user_b).search([("partner_id", "=", self.customer.id)])
        )
        with self.assertRaises(AccessError):
            checks.with_user(user_b).read(["summary"])
        # Company B asks on its own; A's checks are not reused for it.
        fake = self._good()
        Check.with_user(user_b)._recovery_check_partners(self.customer, "notice")
        self.assertEqual(len(fake.calls), 3)
        self.assertEqual(
            Check.with_user(user_b)
            .search([("partner_id", "=", self.customer.id)])
            .company_id,
            company_b,
        )
