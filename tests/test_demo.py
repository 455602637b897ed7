"""The demo's replay clock (demo/debt_recovery_demo.py): while a past day is
replayed, every date written is that day's, the chatter's own dates
included (otherwise every chatter entry of a replayed day reads "Today at
19:53"). The demo data file reads true: a complete letterhead, the users
named in the README, the port of the demo in the letters' links (read from
the files: the test database has no demo data)."""

import re
from datetime import date, datetime
from pathlib import Path
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import file_open

from ..demo.debt_recovery_demo import REPLAY_HOUR, replay_clock
from .common import DebtRecoveryCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-29 19:53:00")
class TestDemoReplay(DebtRecoveryCase):
    def test_a_replayed_day_is_dated_that_day_everywhere(self):
        day = date(2026, 10, 8)
        self._invoice(self.customer, 900.0, date(2026, 10, 5))
        Demo = self.env["debt.recovery.demo"]
        first = Demo._demo_last_message_id() + 1
        with replay_clock(day):
            self.env["debt.recovery.run"]._cron_daily_run(today=day)
        Demo._demo_date_messages(None, None, day, first)
        action = self._actions(self.customer)
        self.assertEqual(action.date, day)
        messages = self.env["mail.message"].search([("id", ">=", first)], order="id")
        self.assertTrue(messages)
        self.assertEqual(
            {m.date.date() for m in messages}, {day}, "no message dated today"
        )
        self.assertEqual(messages[0].date, datetime(2026, 10, 8, REPLAY_HOUR))
        self.assertEqual(messages.mapped("date"), sorted(messages.mapped("date")))
        # Outside the replay, the clock is the real one again.
        self.assertEqual(fields.Date.context_today(self.customer), date(2026, 11, 29))


ROOT = Path(__file__).resolve().parent.parent


class TestDemoData(DebtRecoveryCase):
    def _demo_xml(self):
        with file_open("l10n_fr_debt_recovery/demo/res_partner_demo.xml") as f:
            return f.read()

    def test_the_company_prints_every_mention_of_a_french_letterhead(self):
        xml = self._demo_xml()
        company = xml[xml.index('<record id="base.main_company"') :]
        company = company[: company.index("</record>")]
        for field in (
            "phone", "email", "website", "company_registry", "debt_recovery_rcs",
            "debt_recovery_legal_form", "logo", "external_report_layout_id",
            "paperformat_id",
        ):  # fmt: skip
            self.assertIn(f'<field name="{field}"', company, field)
        self.assertNotIn("example.com", company)
        self.assertIn('model="res.partner.bank"', xml)
        self.assertRegex(xml, r"FR76[ 0-9]{20,}")
        # The RCS reaches the letters' legal line.
        self.env.company.write(
            {
                "debt_recovery_rcs": "RCS Paris 812 345 678",
                "debt_recovery_legal_form": "SARL au capital de 50 000 €",
            }
        )
        letterhead = self.env["debt.recovery.letter"]._letter_company(self.env.company)
        self.assertIn("RCS Paris 812 345 678", letterhead.legal_line)
        self.assertIn("SARL au capital de 50 000 €", letterhead.legal_line)

    def test_the_readme_names_the_demo_users(self):
        xml = self._demo_xml()
        readme = (ROOT / "README.md").read_text()
        logins = re.findall(r'<field name="login">([^<]+)</field>', xml)
        self.assertEqual(logins, ["comptable", "responsable"])
        for login in [*logins, "demo"]:
            self.assertIn(f"`{login}`", readme, login)
        self.assertIn("group_debt_recovery_user", xml)
        self.assertIn("group_debt_recovery_manager", xml)

    def test_the_demo_links_lead_to_the_demo_port(self):
        script = (ROOT / "scripts" / "demo.sh").read_text()
        self.assertIn('"web.base.url", "http://localhost:$PORT"', script)
        self.assertIn('"web.base.url.freeze"', script)


class TestDemoRegistries(DebtRecoveryCase):
    """The demo's recorded registry answers (endpoints "recorded:<service>",
    demo/registry_answers/): the checks show something offline, never reach
    the network, and know only the demo's customers."""

    def _use_recorded_answers(self):
        params = self.env["ir.config_parameter"].sudo()
        for service in ("sirene", "bodacc", "address"):
            params.set_param(
                f"l10n_fr_debt_recovery.registry_{service}_enabled", "True"
            )
            params.set_param(
                f"l10n_fr_debt_recovery.registry_{service}_url", f"recorded:{service}"
            )

    def _check(self, partner):
        Check = self.env["debt.recovery.registry.check"]
        network = "odoo.addons.l10n_fr_debt_recovery.services._http.http_get"
        with patch(network, side_effect=AssertionError("no network")) as http_get:
            Check._recovery_check_partners(partner, "button", force=True)
        self.assertFalse(http_get.called)
        return Check.search([("partner_id", "=", partner.id)])

    def test_a_demo_customer_is_checked_from_the_recorded_answers(self):
        self._use_recorded_answers()
        customer = self._make_customer(
            "Boulangerie Lemoine SARL",
            siren="523118404",
            street="18 rue Mercière",
            zip="69002",
        )
        checks = self._check(customer)
        self.assertEqual(
            sorted(checks.mapped("service")), ["address", "bodacc", "sirene"]
        )
        self.assertEqual(set(checks.mapped("status")), {"ok"})
        sirene = checks.filtered(lambda c: c.service == "sirene")
        self.assertIn("523 118 404", sirene.summary)
        self.assertIn("18 RUE MERCIERE 69002 LYON", sirene.summary)
        self.assertTrue(sirene.source.startswith("recorded:sirene?"))

    def test_another_customer_is_not_made_up(self):
        self._use_recorded_answers()
        customer = self._make_customer("Inconnue SAS", siren="732829320")
        checks = self._check(customer)
        self.assertEqual(len(checks), 3)
        self.assertEqual(set(checks.mapped("status")), {"unavailable"})
