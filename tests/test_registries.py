"""Public registries: the ECB rate updater, the debtor checks (company
directory, BODACC, Base Adresse Nationale) on the customer, before a formal
notice and before a litigation hand-over, and their behaviour when the
services are down. No test reaches the network: ``services._http.http_get`` answers
with the recorded responses of tests/data/ (built from the documented
formats), a timeout or an HTTP 500."""

import json
from datetime import date
from pathlib import Path
from unittest.mock import patch

import requests
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.debt_recovery_registry_check import skip_registries
from ..services import address as address_client
from ..services import bodacc as bodacc_client
from ..services import ecb as ecb_client
from ..services import sirene as sirene_client
from .common import NoticeCase

DATA = Path(__file__).parent / "data"
GET = "odoo.addons.l10n_fr_debt_recovery.services._http.http_get"
PARAM = "l10n_fr_debt_recovery.registry_"
URLS = {
    "ecb": ecb_client.DEFAULT_URL,
    "sirene": sirene_client.DEFAULT_URL,
    "bodacc": bodacc_client.DEFAULT_URL,
    "address": address_client.DEFAULT_URL,
}


class FakeResponse:
    def __init__(self, status_code, text):
        self.status_code = status_code
        self.text = text

    def json(self):
        return json.loads(self.text)


def recorded(name):
    return FakeResponse(200, (DATA / name).read_text(encoding="utf-8"))


class FakeRegistries:
    """``services._http.http_get`` of the clients: per service (found from the URL), a
    response, or an exception to raise; records the calls."""

    def __init__(self, **answers):
        self.answers = answers
        self.calls = []

    def __call__(self, url, params=None, timeout=None, headers=None):
        service = next(s for s, u in URLS.items() if url == u)
        self.calls.append((service, params, timeout))
        answer = self.answers.get(service)
        if answer is None:
            raise requests.ConnectionError("not recorded")
        if isinstance(answer, Exception):
            raise answer
        return answer

    def services(self):
        return [call[0] for call in self.calls]


@tagged("post_install", "-at_install")
class RegistryCase(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        for service in URLS:
            params.set_param(f"{PARAM}{service}_enabled", "True")
        cls.admin_user = cls._make_user(
            "rates_admin",
            "base.group_system,l10n_fr_debt_recovery.group_debt_recovery_manager",
        )
        cls.customer.write({"siren": "812345676", "nic": "00025"})
        cls.customer.with_company(cls.company).recovery_user_id = cls.manager

    def _answers(self, **answers):
        fake = FakeRegistries(**answers)
        patcher = patch(GET, side_effect=fake)
        patcher.start()
        self.addCleanup(patcher.stop)
        return fake

    def _good(self, **overrides):
        answers = {
            "sirene": recorded("sirene_active_company.json"),
            "bodacc": FakeResponse(200, '{"total_count": 0, "results": []}'),
            "address": recorded("address_good.json"),
        }
        answers.update(overrides)
        return self._answers(**answers)


@tagged("post_install", "-at_install")
class TestEcbRates(RegistryCase):
    def _rates(self, start):
        return self.env["debt.recovery.rate"].search(
            [("series", "=", "ecb"), ("date_start", "=", start)]
        )

    @freeze_time("2026-11-29")
    def test_monthly_job_stores_the_missing_half_year_with_its_source(self):
        self.assertFalse(self._rates(date(2026, 7, 1)), "the addon ships up to 2026 H1")
        fake = self._answers(ecb=recorded("ecb_mro_series.csv"))
        self.env["debt.recovery.rate"]._cron_recovery_rates()
        rate = self._rates(date(2026, 7, 1))
        self.assertEqual(rate.rate, 2.15)
        self.assertEqual(rate.origin, "ecb_api")
        self.assertEqual(
            rate.note,
            "BCE, ECB Data Portal, série FM.B.U2.EUR.4F.KR.MRR_FR.LEV : taux en "
            "vigueur depuis le 11 juin 2025, relevé le 29 novembre 2026",
        )
        self.assertEqual(fake.calls[0][1], {"format": "csvdata", "detail": "dataonly"})
        self.assertEqual(fake.calls[0][2], 10.0)
        # Nothing missing any more: the next run does not even ask.
        self.env["debt.recovery.rate"]._cron_recovery_rates()
        self.assertEqual(fake.services(), ["ecb"])
        self.assertFalse(
            self.env["debt.recovery.rate"]._missing_half_years().get("ecb")
        )

    @freeze_time("2026-11-29")
    def test_a_rate_typed_by_a_user_is_never_overwritten(self):
        Rate = self.env["debt.recovery.rate"].with_user(self.admin_user)
        typed = Rate.create({"series": "ecb", "date_start": "2026-07-01", "rate": 2.4})
        self.assertEqual(typed.origin, "manual")
        self._answers(ecb=recorded("ecb_mro_series.csv"))
        action = Rate.action_update_ecb_rates()
        self.assertEqual(action["params"]["message"], "No ECB rate was missing.")
        self.assertEqual(self._rates(date(2026, 7, 1)), typed)
        self.assertEqual(typed.rate, 2.4)
        # An imported rate corrected by hand becomes the user's.
        typed.sudo().unlink()
        self.env["debt.recovery.rate"]._recovery_update_ecb_rates()
        imported = self._rates(date(2026, 7, 1))
        self.assertEqual(imported.origin, "ecb_api")
        imported.with_user(self.admin_user).rate = 2.3
        self.assertEqual(imported.origin, "manual")
        self.env["debt.recovery.rate"]._recovery_update_ecb_rates()
        self.assertEqual(imported.rate, 2.3)

    @freeze_time("2026-11-29")
    def test_button_needs_the_settings_rights(self):
        self._answers(ecb=recorded("ecb_mro_series.csv"))
        with self.assertRaises(AccessError):
            self.env["debt.recovery.rate"].with_user(
                self.manager
            ).action_update_ecb_rates()
        action = (
            self.env["debt.recovery.rate"]
            .with_user(self.admin_user)
            .action_update_ecb_rates()
        )
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("2e semestre 2026", action["params"]["message"])

    @freeze_time("2026-11-29")
    def test_timeout_and_500_store_nothing_and_say_why(self):
        Rate = self.env["debt.recovery.rate"].with_user(self.admin_user)
        for answer, reason in (
            (requests.Timeout("slow"), "no answer within 10 s"),
            (FakeResponse(500, "Internal Server Error"), "HTTP error 500"),
            (
                FakeResponse(200, "<html>maintenance</html>"),
                "not in the documented format",
            ),
        ):
            with (
                self.subTest(reason=reason),
                patch(GET, side_effect=FakeRegistries(ecb=answer)),
            ):
                self.env["debt.recovery.rate"]._cron_recovery_rates()  # no error
                action = Rate.action_update_ecb_rates()
                self.assertEqual(action["params"]["type"], "warning")
                self.assertIn(reason, action["params"]["message"])
                self.assertFalse(self._rates(date(2026, 7, 1)))

    def test_legal_rates_activity_until_they_are_entered(self):
        Rate = self.env["debt.recovery.rate"]
        activity_type = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_legal_rates"
        )

        def activities():
            return self.env["mail.activity"].search(
                [("activity_type_id", "=", activity_type.id)]
            )

        self._answers(ecb=recorded("ecb_mro_series.csv"))
        with freeze_time("2026-06-01"):
            Rate._cron_recovery_rates()
            self.assertFalse(activities(), "2026 H1 legal rates are shipped")
        with freeze_time("2026-07-01"):
            Rate._cron_recovery_rates()
            Rate._cron_recovery_rates()
            activity = activities()
            self.assertEqual(len(activity), 1, "one activity, however many runs")
            self.assertEqual(
                activity.summary, "Enter the legal rates of the 2e semestre 2026"
            )
            self.assertEqual(activity.date_deadline, date(2026, 7, 1))
            self.assertTrue(activity.user_id.has_group("base.group_system"))
            Admin = Rate.with_user(self.admin_user)
            Admin.create(
                {"series": "legal_other", "date_start": "2026-07-01", "rate": 2.5}
            )
            self.assertEqual(activities(), activity, "one legal rate is not enough")
            Admin.create(
                {"series": "legal_private", "date_start": "2026-07-01", "rate": 6.5}
            )
            self.assertFalse(activities(), "done once both rates are entered")


@tagged("post_install", "-at_install")
class TestDebtorChecks(RegistryCase):
    def _registry_notes(self):
        return self.customer.message_ids.filtered(
            lambda m: "Public registries" in m.body
        )

    def _checks(self, partner=None):
        """Newest first (the order of the customer's list)."""
        return self.env["debt.recovery.registry.check"].search(
            [("partner_id", "=", (partner or self.customer).id)]
        )

    @freeze_time("2026-11-29 10:00:00")
    def test_button_active_company_good_address(self):
        fake = self._good()
        action = self.customer.with_user(self.user).action_recovery_check_registries()
        self.assertEqual(action["params"]["type"], "success")
        checks = self._checks()
        self.assertEqual(
            sorted(checks.mapped("service")), ["address", "bodacc", "sirene"]
        )
        self.assertEqual(set(checks.mapped("status")), {"ok"})
        sirene = checks.filtered(lambda c: c.service == "sirene")
        self.assertEqual(
            sirene.summary,
            "SIREN 812 345 676: active company. Head office: 5 AVENUE JEAN JAURES "
            "69007 LYON.",
        )
        self.assertEqual(
            sirene.source,
            "https://recherche-entreprises.api.gouv.fr/search?q=812345676&page=1&per_page=1",
        )
        address = checks.filtered(lambda c: c.service == "address")
        self.assertEqual(address.address_label, "5 Avenue Jean Jaurès 69007 Lyon")
        self.assertEqual(address.query, "5 avenue Jean Jaurès 69007 Lyon")
        self.assertEqual(str(address.check_date), "2026-11-29 10:00:00")
        self.assertEqual(
            fake.calls[1][1]["where"],
            'registre like "812345676" and familleavis="collective"',
        )
        self.assertFalse(self.customer.recovery_collective_procedure)
        # The button always asks again.
        self.customer.with_user(self.user).action_recovery_check_registries()
        self.assertEqual(len(fake.calls), 6)

    def test_button_needs_a_recovery_user(self):
        salesman = self._make_user(
            "registry_salesman", "sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            self.customer.with_user(salesman).action_recovery_check_registries()

    @freeze_time("2026-11-29")
    def test_receivership_judgment_fills_the_procedure_and_tells_the_responsible(self):
        self._good(bodacc=recorded("bodacc_receivership.json"))
        action = self.customer.with_user(self.user).action_recovery_check_registries()
        customer = self.customer
        self.assertTrue(customer.recovery_collective_procedure)
        self.assertEqual(customer.recovery_collective_procedure_date, date(2026, 9, 10))
        self.assertEqual(customer.recovery_collective_procedure_type, "receivership")
        self.assertEqual(
            customer.recovery_collective_procedure_publication_date, date(2026, 9, 17)
        )
        self.assertIn("redressement judiciaire", action["params"]["message"])
        activity = customer.activity_ids.filtered(
            lambda a: (
                a.summary == "Declare the claim: collective procedure in the BODACC"
            )
        )
        self.assertEqual(activity.user_id, self.manager)
        # R622-24: two months from the publication of 17 September 2026.
        self.assertEqual(activity.date_deadline, date(2026, 11, 17))
        note = customer.message_ids.filtered(
            lambda m: "recorded from the BODACC" in m.body
        )
        self.assertIn("17 novembre 2026", note.body)
        self.assertIn("TRIBUNAL DE COMMERCE DE LYON", note.body)

    @freeze_time("2026-11-29")
    def test_ceased_company_is_an_alert_noted_on_the_customer(self):
        ceased = self._make_customer("Bâtiments Rhône Services", siren="532118403")
        self._good(sirene=recorded("sirene_ceased_company.json"))
        action = ceased.with_user(self.user).action_recovery_check_registries()
        check = self._checks(ceased).filtered(lambda c: c.service == "sirene")
        self.assertEqual(check.status, "alert")
        self.assertEqual(
            check.summary,
            "SIREN 532 118 403: the company has ceased trading (closed on 31 mars "
            "2026). Last head office: 14 RUE DE LA REPUBLIQUE 69002 LYON.",
        )
        self.assertIn("ceased trading", action["params"]["message"])
        self.assertTrue(
            ceased.message_ids.filtered(
                lambda m: "Public registries" in m.body and "ceased trading" in m.body
            )
        )

    @freeze_time("2026-11-29")
    def test_each_service_timeout_or_500_is_stored_as_not_checked(self):
        for service, answer, reason in (
            ("sirene", requests.Timeout(), "no answer within 5 s"),
            ("sirene", FakeResponse(500, ""), "HTTP error 500"),
            ("bodacc", requests.Timeout(), "no answer within 5 s"),
            ("bodacc", FakeResponse(500, ""), "HTTP error 500"),
            ("address", requests.Timeout(), "no answer within 5 s"),
            ("address", FakeResponse(500, ""), "HTTP error 500"),
        ):
            with self.subTest(service=service, reason=reason):
                answers = {
                    "sirene": recorded("sirene_active_company.json"),
                    "bodacc": FakeResponse(200, '{"results": []}'),
                    "address": recorded("address_good.json"),
                    service: answer,
                }
                with patch(GET, side_effect=FakeRegistries(**answers)):
                    action = self.customer.with_user(
                        self.user
                    ).action_recovery_check_registries()
                check = self._checks().filtered(lambda c, s=service: c.service == s)[:1]
                self.assertEqual(check.status, "unavailable")
                self.assertIn(reason, check.summary)
                self.assertIn(reason, action["params"]["message"])
                self.assertIn(reason, self._registry_notes()[:1].body)
                others = self._checks()[:3] - check
                self.assertEqual(set(others.mapped("status")), {"ok"})


@tagged("post_install", "-at_install")
class TestNoticeAndCaseChecks(RegistryCase):
    def _notice(self):
        _invoice, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        return notice

    def test_unknown_address_blocks_a_registered_letter(self):
        notice = self._notice()
        self.customer.write({"street": "999 impasse des Inconnus"})
        self._good(address=recorded("address_unknown.json"))
        with freeze_time("2026-02-20"):
            action = notice.with_user(self.manager).action_validate()
        self.assertEqual(notice.state, "draft")
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn(
            "999 impasse des Inconnus 69007 Lyon", action["params"]["message"]
        )
        self.assertIn("No address matches it.", action["params"]["message"])
        check = self._checks_of("address")
        self.assertEqual(check.status, "alert")
        self.assertIn("score 0,31", check.summary)

    def test_poor_match_proposes_the_normalised_address(self):
        notice = self._notice()
        self.customer.write({"street": "5 av Jaures"})
        poor = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {
                        "label": "5 Avenue Jean Jaurès 69007 Lyon",
                        "score": 0.52,
                        "type": "housenumber",
                        "name": "5 Avenue Jean Jaurès",
                        "postcode": "69007",
                        "city": "Lyon",
                    },
                }
            ],
        }
        self._good(address=FakeResponse(200, json.dumps(poor)))
        with freeze_time("2026-02-20"):
            action = notice.with_user(self.manager).action_validate()
        self.assertEqual(notice.state, "draft")
        self.assertIn(
            "Normalised address proposed: 5 Avenue Jean Jaurès 69007 Lyon.",
            action["params"]["message"],
        )
        # Another channel than the registered letter: a warning only.
        notice.channel = "hand"
        with freeze_time("2026-02-20"):
            action = notice.with_user(self.manager).action_validate()
        self.assertEqual(notice.state, "validated")
        self.assertEqual(action["params"]["type"], "warning")

    def _checks_of(self, service):
        return self.env["debt.recovery.registry.check"].search(
            [("partner_id", "=", self.customer.id), ("service", "=", service)], limit=1
        )

    def test_bodacc_procedure_stops_the_notice(self):
        notice = self._notice()
        self._good(bodacc=recorded("bodacc_receivership.json"))
        with freeze_time("2026-11-29"):
            action = notice.with_user(self.manager).action_validate()
        self.assertEqual(notice.state, "draft")
        self.assertTrue(self.customer.recovery_collective_procedure)
        self.assertIn("no formal notice may be sent", action["params"]["message"])

    def test_good_checks_validate_and_are_not_repeated_within_the_setting(self):
        notice = self._notice()
        fake = self._good()
        with freeze_time("2026-02-20"):
            self.assertTrue(notice.with_user(self.manager).action_validate())
        self.assertEqual(notice.state, "validated")
        self.assertEqual(fake.services(), ["sirene", "bodacc", "address"])
        Check = self.env["debt.recovery.registry.check"]
        with freeze_time("2026-03-21"):  # 29 days later: under 30, reused
            Check._recovery_check_partners(self.customer, "notice")
        self.assertEqual(len(fake.calls), 3)
        with freeze_time("2026-03-23"):  # 31 days later: asked again
            Check._recovery_check_partners(self.customer, "notice")
        self.assertEqual(len(fake.calls), 6)
        # A new address is checked at once.
        self.customer.street = "7 avenue Jean Jaurès"
        with freeze_time("2026-03-24"):
            Check._recovery_check_partners(self.customer, "notice")
        self.assertEqual(fake.services()[6:], ["address"])

    def test_services_down_notice_validated_with_the_warning(self):
        notice = self._notice()
        self._answers(
            sirene=requests.Timeout(),
            bodacc=FakeResponse(500, ""),
            address=requests.ConnectionError(),
        )
        with freeze_time("2026-02-20"):
            action = notice.with_user(self.manager).action_validate()
        self.assertEqual(notice.state, "validated")
        self.assertEqual(action["params"]["type"], "warning")
        message = action["params"]["message"]
        self.assertIn("Company directory (SIRENE) could not be checked", message)
        self.assertIn("BODACC could not be checked (HTTP error 500)", message)
        self.assertIn("National address base could not be checked", message)
        self.assertTrue(
            self.customer.message_ids.filtered(
                lambda m: "could not be checked" in m.body
            )
        )
        self.assertTrue(
            notice.message_ids.filtered(lambda m: "public registry warnings" in m.body)
        )

    def test_litigation_hand_over_finds_the_procedure(self):
        self.env["ir.config_parameter"].sudo().set_param(f"{PARAM}address_enabled", "")
        _invoice, notice = self._notice_from_job(
            self.customer, 3200.0, date(2026, 1, 5)
        )
        fake = self._good()
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 24))
        with freeze_time("2026-03-05"):
            self._run()
        case = notice.case_id
        self.assertEqual(case.route, "small_claims")
        case.with_user(self.manager).handler_id = self.customer_b
        fake.answers["bodacc"] = recorded("bodacc_receivership.json")
        with freeze_time("2026-11-29"):  # checks of February are too old
            action = case.with_user(self.manager).action_open()
        self.assertEqual(case.state, "draft")
        self.assertEqual(case.route, "claim_declaration")
        self.assertIn("declaration of claim", action["params"]["message"])
        with freeze_time("2026-11-29"):
            case.with_user(self.manager).action_open()
        self.assertEqual(case.state, "open")


@tagged("post_install", "-at_install")
class TestDailyJobWithoutNetwork(RegistryCase):
    def test_daily_run_with_every_service_down_sends_as_usual(self):
        fake = self._answers(
            ecb=requests.Timeout(),
            sirene=requests.Timeout(),
            bodacc=FakeResponse(500, ""),
            address=requests.ConnectionError(),
        )
        # The formal notice step is prepared as usual too.
        _late, notice = self._notice_from_job(self.customer_b, 800.0, date(2026, 1, 5))
        self.assertEqual(notice.state, "draft")
        invoice = self._invoice(
            self.customer, 1200.0, date(2026, 1, 2), date(2026, 2, 1)
        )
        with freeze_time("2026-02-04"):
            self._run()
        action = self._actions(self.customer)
        self.assertEqual(action.level_id, self.level["courtesy"])
        self.assertEqual(action.state, "done")
        self.assertEqual(action.invoice_ids, invoice)
        mail = self.env["mail.mail"].search(
            [("model", "=", "debt.recovery.action"), ("res_id", "=", action.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(fake.calls, [], "the daily job never calls a registry")

    def test_only_the_system_can_skip_the_checks(self):
        fake = self._good()
        Check = self.env["debt.recovery.registry.check"]
        skip_registries(Check).sudo()._recovery_check_partners(self.customer, "notice")
        self.assertEqual(fake.calls, [], "the demo's replay asks no registry")
        # The key sent by a client (JSON: true) is not honoured, even when
        # server code goes on as superuser with the client's context.
        Check.with_context(
            debt_recovery_skip_registries=True
        ).sudo()._recovery_check_partners(self.customer, "notice")
        self.assertEqual(fake.services(), ["sirene", "bodacc", "address"])
        fake.calls.clear()
        Check.sudo().search([("partner_id", "=", self.customer.id)]).unlink()
        Check.with_user(self.manager)._recovery_check_partners(self.customer, "notice")
        self.assertEqual(fake.services(), ["sirene", "bodacc", "address"])
