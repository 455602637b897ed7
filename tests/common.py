"""Shared set-up of the Odoo tests: a French company with euros, customers,
helpers to create invoices and pay them, the bases of the notice and
litigation tests, and readers of the letters (PDF and ODT as text)."""

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date, timedelta
from html import unescape
from unittest.mock import patch

import requests
from freezegun import freeze_time

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import Form, new_test_user, tagged

HAS_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))

#: The mode of the daily job's writes the tests run in: the set-based fast
#: path ("1", the default) or Odoo's own path ("0"). scripts/test.sh runs the
#: Odoo tests once in each (``DEBT_RECOVERY_FAST_PATH=0`` the second time).
FAST_PATH = os.environ.get("DEBT_RECOVERY_FAST_PATH", "1")


def set_fast_path_mode(env):
    """Set the system parameter of the fast path to the mode of this test
    run, for the test class (rolled back with it)."""
    env["ir.config_parameter"].sudo().set_param(
        "l10n_fr_debt_recovery.fast_path", FAST_PATH
    )


def normalize(text):
    text = text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2009", " ")
    text = text.replace("\u2019", "'").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text)


def pdf_text(content):
    """Text of a PDF (``pdftotext``), spaces normalized."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        raw = subprocess.run(
            ["pdftotext", handle.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return normalize(raw)


def odt_text(content):
    """Text of an ODT document (its content.xml without the markup)."""
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        xml = odt.read("content.xml").decode()
    xml = re.sub(r"<text:s(?: text:c=\"(\d+)\")?/>", " ", xml)
    xml = re.sub(r"<text:(tab|line-break)/>|</text:p>|</text:h>", " ", xml)
    return normalize(unescape(re.sub(r"<[^>]+>", "", xml)))


def pdf_pages(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name], check=True, capture_output=True, text=True
        ).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


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
        set_fast_path_mode(cls.env)
        cls.company = cls.company_data["company"]
        cls.env.ref("base.EUR").active = True
        cls.Level = cls.env["debt.recovery.level"]
        cls.ladder = cls.Level.search([("company_id", "=", cls.company.id)])
        cls.level = {level.code: level for level in cls.ladder}
        cls.user = cls._make_user(
            "recovery_user", "l10n_fr_debt_recovery.group_debt_recovery_user"
        )
        cls.manager = cls._make_user(
            "recovery_manager", "l10n_fr_debt_recovery.group_debt_recovery_manager"
        )
        cls.customer = cls._make_customer("Durand Bâtiment SARL")
        cls.customer_b = cls._make_customer("Atelier Lefèvre SAS")
        # Public registries: off unless a test switches them on
        # (tests/test_registries.py).
        cls.env["ir.config_parameter"].sudo().search(
            [("key", "=like", "l10n_fr_debt_recovery.registry_%_enabled")]
        ).unlink()

    def setUp(self):
        super().setUp()
        # No test ever reaches the network: the registries' one GET fails.
        patcher = patch(
            "odoo.addons.l10n_fr_debt_recovery.services._http.http_get",
            side_effect=requests.ConnectionError("the tests never reach the network"),
        )
        self.network_get = patcher.start()
        self.addCleanup(patcher.stop)

    def _demo_provider(self):
        """Odoo's test payment provider (payment_demo) for the company,
        published in test mode, and its first payment method, active:
        ``(provider, method)``."""
        Provider = self.env["payment.provider"].sudo()
        provider = Provider.search(
            [("code", "=", "demo"), ("company_id", "=", self.company.id)], limit=1
        ) or Provider.search([("code", "=", "demo")], limit=1).copy(
            {"company_id": self.company.id}
        )
        self.assertTrue(provider, "payment_demo must be installed in the test database")
        provider.write({"state": "test", "is_published": True})
        method = provider.payment_method_ids[:1]
        method.active = True
        return provider, method

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
    def _make_user(cls, login, groups, company=None, **values):
        """A user of ``company`` (default: the test company) only."""
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **values,
        )

    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        invoice_date,
        due_date=None,
        company=None,
        post=True,
        currency=None,
    ):
        """A customer invoice of ``amount`` (tax included: no tax) due on
        ``due_date`` (default: the invoice date), in ``currency`` (default:
        the company's)."""
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    **({"currency_id": currency.id} if currency else {}),
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
        return self.env["debt.recovery.run"]._cron_daily_run()

    def _cancel_with_reason(self, records, user, reason="Erreur de saisie"):
        """Cancel ``records`` as ``user`` with their Cancel button: what was
        sent or agreed asks for a reason in a dialog."""
        action = records.with_user(user).action_cancel()
        self.assertEqual(action["res_model"], "debt.recovery.cancel")
        Wizard = self.env["debt.recovery.cancel"].with_user(user)
        form = Form(Wizard.with_context(**action["context"]))
        form.reason = reason
        return form.save().action_confirm()

    def _actions(self, partner=None):
        domain = [("company_id", "=", self.company.id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["debt.recovery.action"].search(domain, order="date, id")


@tagged("post_install", "-at_install")
class NoticeCase(DebtRecoveryCase):
    """Helpers shared by the notice and litigation tests."""

    #: Render the letters (LibreOffice, seconds each): only in the tests of
    #: the letters themselves.
    with_letters = False

    def setUp(self):
        super().setUp()
        if not self.with_letters:
            for model in ("debt.recovery.notice", "debt.recovery.case"):
                patcher = patch.object(
                    type(self.env[model]), "_render_letter", lambda records: None
                )
                patcher.start()
                self.addCleanup(patcher.stop)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consumer = cls._make_customer(
            "Julien Morel",
            is_company=False,
            email="julien.morel@example.com",
            street="24 rue Sainte-Catherine",
            zip="69001",
        )

    def _notice_from_job(self, partner, amount, due):
        """An invoice at the firm step whose formal notice the job prepares
        on due + 45 days. Returns the invoice and the draft notice."""
        invoice = self._invoice(partner, amount, due - timedelta(days=30), due)
        invoice.sudo().write(
            {
                "recovery_level_id": self.level["firm"].id,
                "recovery_last_date": due + timedelta(days=30),
            }
        )
        with freeze_time(due + timedelta(days=45)):
            self._run()
        action = self._actions(partner).filtered(
            lambda a: a.level_id == self.level["formal_notice"]
        )
        self.assertEqual(action.state, "to_validate")
        return invoice, action.notice_id

    def _send_and_receive(self, notice, sent, received, tracking="1A 000 000 0001 2"):
        with freeze_time(sent):
            notice.with_user(self.user).write({"tracking_number": tracking})
            notice.with_user(self.user).action_send()
        with freeze_time(received):
            notice.with_user(self.user).receipt_date = received
            notice.with_user(self.user).action_mark_received()


class LettersNoticeCase(NoticeCase):
    """Notice tests that render the letters (LibreOffice)."""

    with_letters = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not shutil.which("soffice") or not shutil.which("pdftotext"):
            cls.skipTest(cls, "LibreOffice or pdftotext is not installed")

    def _text(self, content):
        return pdf_text(content)
