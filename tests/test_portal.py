"""The customer's recovery page (controllers/portal.py), through HTTP: as a
visitor holding the link of a reminder, without it or with a dead one, and
as a portal user from /my. The dates are the real ones (the HTTP server runs
in another thread; the invoices are dated relative to today)."""

import json
import os
import re
import resource
import shutil
import subprocess
import tempfile
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlparse

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DebtRecoveryCase
from .test_i18n import load_pending_catalogs

MODULE = "l10n_fr_debt_recovery"


def _unlimited_address_space():
    # Odoo limits the server's address space (limit_memory_hard); Chromium
    # reserves far more and dies at start under that limit.
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def page_text(response):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.text)))


@tagged("post_install", "-at_install")
class TestRecoveryPortal(DebtRecoveryCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.today = today
        start = today.replace(month=1 if today.month < 7 else 7, day=1)
        Rate = cls.env["debt.recovery.rate"].sudo()
        for series in ("ecb", "legal_private", "legal_other"):
            if not Rate.search([("series", "=", series), ("date_start", "=", start)]):
                Rate.create({"series": series, "date_start": start, "rate": 2.15})
        day = timedelta(days=1)
        cls.inv_old = cls._invoice(
            cls.customer, 1000.0, today - 70 * day, today - 40 * day
        )
        cls.inv_recent = cls._invoice(
            cls.customer, 500.0, today - 40 * day, today - 10 * day
        )
        cls.inv_future = cls._invoice(cls.customer, 300.0, today, today + 20 * day)
        cls.inv_other = cls._invoice(
            cls.customer_b, 700.0, today - 70 * day, today - 40 * day
        )
        cls.url = cls.env["debt.recovery.portal.link"]._urls_for(
            cls.customer, cls.company
        )[cls.customer.id]
        cls.path = urlparse(cls.url).path
        cls.portal_user = new_test_user(
            cls.env,
            login="durand_portal",
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[fields.Command.set(cls.company.ids)],
            name="Paul Durand",
        )
        cls.portal_user.partner_id.parent_id = cls.customer

    def _post(self, path, data, files=None):
        data = {**data, "csrf_token": http.Request.csrf_token(self)}
        response = self.url_open(path, data=data, files=files, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:500])
        return parse_qs(urlparse(response.headers["Location"]).query)

    # ---- The page ----

    def test_page_from_the_link_shows_the_letters_figures(self):
        self.authenticate(None, None)
        response = self.url_open(self.path)
        self.assertEqual(response.status_code, 200, response.text[-3000:])
        text = page_text(response)
        for move in (self.inv_old, self.inv_recent, self.inv_future):
            self.assertIn(move.name, text)
        self.assertNotIn(self.inv_other.name, text)
        self.assertNotIn(self.customer_b.name, text)
        # The figures of the letters (the snapshot the steps are made of).
        overdue = self.inv_old | self.inv_recent
        snapshot = overdue._recovery_snapshot(self.today)
        penalty = snapshot[self.inv_old.id]["penalty"]
        self.assertGreater(penalty, 0)
        self.assertIn(f"{penalty:,.2f}", text)
        total_penalty = sum(f["penalty"] for f in snapshot.values())
        self.assertIn(f"{total_penalty:,.2f}", text)
        self.assertIn("80.00", text)  # two 40 € indemnities
        self.assertIn("Overdue invoices", text)
        self.assertIn("Not yet due", text)

    @mute_logger("odoo.http")
    def test_no_page_without_a_valid_link(self):
        self.authenticate(None, None)
        self.assertEqual(self.url_open("/recouvrement/not-a-token").status_code, 404)
        link = self.env["debt.recovery.portal.link"].search(
            [("partner_id", "=", self.customer.id)]
        )
        link.sudo().expires_on = self.today - timedelta(days=1)
        self.assertEqual(self.url_open(self.path).status_code, 404)
        # A new link is issued for the next reminder; the old one stays dead.
        new_url = self.env["debt.recovery.portal.link"]._urls_for(
            self.customer, self.company
        )[self.customer.id]
        self.assertNotEqual(new_url, self.url)
        self.assertEqual(self.url_open(urlparse(new_url).path).status_code, 200)
        self.customer.with_user(self.user).action_recovery_portal_revoke()
        self.assertEqual(self.url_open(urlparse(new_url).path).status_code, 404)
        self.assertIn("revoked", self.customer.message_ids[0].body)
        # /my needs a login.
        response = self.url_open("/my/recouvrement", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))

    @mute_logger("odoo.http")
    def test_posts_need_the_csrf_token(self):
        self.authenticate(None, None)
        response = self.url_open(
            f"{self.path}/promesse",
            data={"promise_date": str(self.today + timedelta(days=5))},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.inv_old.recovery_excluded)

    # ---- Dispute ----

    def test_dispute_with_the_link(self):
        self.authenticate(None, None)
        query = self._post(
            f"{self.path}/contester",
            {"invoice_id": self.inv_old.id, "reason": "Livraison incomplète"},
            files={"attachment": ("bon.txt", b"bon de livraison", "text/plain")},
        )
        self.assertIn(self.inv_old.name, query["message"][0])
        self.assertTrue(self.inv_old.recovery_excluded)
        self.assertEqual(self.inv_old.recovery_exclusion_reason, "dispute")
        self.assertFalse(self.inv_old.recovery_excluded_until)
        self.assertFalse(self.inv_old.recovery_next_level_id)
        self.assertFalse(self.inv_recent.recovery_excluded)
        activity = self.inv_old.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "Invoice disputed by the customer")
        self.assertIn("bon.txt", self.inv_old.message_ids.attachment_ids.mapped("name"))
        note = self.customer.message_ids[0]
        self.assertIn("Livraison incomplète", note.body)
        self.assertIn("with the link sent to it", note.body)
        # The customer sees its dispute and its state.
        text = page_text(self.url_open(self.path))
        self.assertIn("Your disputes", text)
        self.assertIn("Under review", text)
        # Lifted by the accountant: the customer sees it reviewed.
        self.inv_old.with_user(self.user).recovery_excluded = False
        self.assertIn(
            "Reviewed: the invoice is due", page_text(self.url_open(self.path))
        )

    def test_another_customers_invoice_is_refused(self):
        self.authenticate(None, None)
        query = self._post(
            f"{self.path}/contester",
            {"invoice_id": self.inv_other.id, "reason": "Pas à nous"},
        )
        self.assertIn("own invoices", query["error"][0])
        self.assertFalse(self.inv_other.recovery_excluded)
        query = self._post(
            f"{self.path}/echeancier",
            {
                "invoice_ids": [self.inv_old.id, self.inv_other.id],
                "count": "3",
                "first_date": str(self.today + timedelta(days=10)),
            },
        )
        self.assertIn("own invoices", query["error"][0])
        self.assertFalse(self.env["debt.recovery.plan"].search([]))
        response = self.url_open(
            f"{self.path}/payer?invoice_ids={self.inv_other.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("error=", response.headers["Location"])

    # ---- Promise ----

    def test_promise_as_a_portal_user(self):
        self.authenticate("durand_portal", "durand_portal")
        response = self.url_open("/my/recouvrement")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.inv_old.name, response.text)
        self.assertNotIn(self.inv_other.name, response.text)
        too_late = self.today + timedelta(days=31)
        query = self._post("/my/recouvrement/promesse", {"promise_date": str(too_late)})
        self.assertIn("Choose a date", query["error"][0])
        self.assertFalse(self.inv_old.recovery_excluded)
        promised = self.today + timedelta(days=20)
        query = self._post("/my/recouvrement/promesse", {"promise_date": str(promised)})
        self.assertIn("message", query)
        for move in self.inv_old | self.inv_recent:
            self.assertEqual(move.recovery_exclusion_reason, "promise")
            self.assertEqual(move.recovery_excluded_until, promised)
            self.assertEqual(move.recovery_promise_residual, move.amount_residual)
        self.assertEqual(
            sum((self.inv_old | self.inv_recent).mapped("recovery_promise_amount")),
            1500.0,
        )
        self.assertFalse(self.inv_future.recovery_excluded)
        note = self.customer.message_ids[0]
        self.assertIn("Paul Durand", note.body)
        self.assertIn("Promise to pay", note.body)
        # Same effect on the ladder as the accountant's promise: no step
        # for these invoices before the day after the promised date.
        for move in self.inv_old | self.inv_recent:
            self.assertGreater(move.recovery_next_date, promised)
        # Kept as a promise record, from the recovery page.
        promise = self.env["debt.recovery.promise"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(
            (promise.source, promise.state, promise.promise_date, promise.amount),
            ("portal", "open", promised, 1500.0),
        )
        self.assertEqual(promise.invoice_ids, self.inv_old | self.inv_recent)

    # ---- Plans ----

    def test_plan_within_the_rules_is_proposed_at_once(self):
        self.authenticate(None, None)
        query = self._post(
            f"{self.path}/echeancier",
            {
                "invoice_ids": [self.inv_old.id, self.inv_recent.id],
                "count": "3",
                "first_date": str(self.today + timedelta(days=10)),
            },
        )
        self.assertIn("to sign", query["message"][0])
        plan = self.env["debt.recovery.plan"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(plan.state, "proposed")
        self.assertEqual(plan.invoice_ids, self.inv_old | self.inv_recent)
        self.assertEqual(plan.line_ids.mapped("amount"), [500.0, 500.0, 500.0])
        self.assertFalse(plan.activity_ids)
        self.assertIn(
            "asked for on the recovery page", self.customer.message_ids[1].body
        )

    def test_plan_outside_the_rules_waits_for_a_manager(self):
        self.company.debt_recovery_signatory_id = self.manager
        self.authenticate(None, None)
        # 12 installments of 125 €: longer than 6 months.
        query = self._post(
            f"{self.path}/echeancier",
            {
                "invoice_ids": [self.inv_old.id, self.inv_recent.id],
                "count": "12",
                "first_date": str(self.today + timedelta(days=10)),
            },
        )
        self.assertIn("a manager will study it", query["message"][0])
        plan = self.env["debt.recovery.plan"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.activity_ids.user_id, self.manager)
        self.assertIn("longer than 6 months", plan.activity_ids.note)
        self.assertIn("manager's approval", self.customer.message_ids[0].body)

    # ---- Pay ----

    def test_pay_some_invoices_with_the_test_provider(self):
        provider, method = self._demo_provider()
        self.authenticate(None, None)
        response = self.url_open(f"{self.path}/payer?invoice_ids={self.inv_recent.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_payment_form", response.text)
        route = re.search(r'data-transaction-route="([^"]+)"', response.text).group(1)
        self.assertEqual(route, f"{self.path}/transaction/{self.inv_recent.id}")
        values = self.make_jsonrpc_request(
            route,
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "token_id": None,
                "amount": 1.0,  # the browser's amount is not trusted
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": self.path,
                "is_validation": False,
                "access_token": str(self.inv_recent.id),
            },
        )
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", values["reference"])])
        )
        self.assertEqual(tx.amount, 500.0)
        self.assertEqual(tx.invoice_ids, self.inv_recent)
        self.assertEqual(tx.partner_id, self.customer)
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": tx.reference,
                "payment_details": "4242",
                "simulated_state": "done",
            },
        )
        tx._post_process()
        self.assertIn(self.inv_recent.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.inv_old.amount_residual, 1000.0)
        # Another customer's invoice in the transaction route: refused.
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"{self.path}/transaction/{self.inv_other.id}",
                data=json.dumps(
                    {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {}}
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertIn("own invoices", response.json()["error"]["data"]["message"])
        self.assertEqual(
            self.env["payment.transaction"]
            .sudo()
            .search_count([("invoice_ids", "in", self.inv_other.ids)]),
            0,
        )


@tagged("post_install", "-at_install")
class TestRecoveryPortalTour(DebtRecoveryCase, HttpCase):
    """In a browser, a visitor opens the page from a reminder's link,
    disputes one invoice, pays another with the test provider and asks for a
    plan for the last one."""

    def test_portal_tour(self):
        today = fields.Date.today()
        start = today.replace(month=1 if today.month < 7 else 7, day=1)
        Rate = self.env["debt.recovery.rate"].sudo()
        for series in ("ecb", "legal_private", "legal_other"):
            if not Rate.search([("series", "=", series), ("date_start", "=", start)]):
                Rate.create({"series": series, "date_start": start, "rate": 2.15})
        day = timedelta(days=1)
        disputed = self._invoice(
            self.customer, 900.0, today - 90 * day, today - 60 * day
        )
        planned = self._invoice(
            self.customer, 600.0, today - 60 * day, today - 30 * day
        )
        paid = self._invoice(self.customer, 250.0, today - 40 * day, today - 10 * day)
        provider = self.env["payment.provider"].sudo().search(
            [("code", "=", "demo"), ("company_id", "=", self.company.id)], limit=1
        ) or self.env["payment.provider"].sudo().search(
            [("code", "=", "demo")], limit=1
        ).copy({"company_id": self.company.id})
        provider.write({"state": "test", "is_published": True})
        provider.payment_method_ids.active = True
        # The link of a courtesy reminder.
        self._run()
        step = self._actions(self.customer)[-1:]
        self.assertTrue(step.recovery_portal_url)
        path = urlparse(step.recovery_portal_url).path
        self.start_tour(path, "l10n_fr_debt_recovery_portal_tour")
        self.assertEqual(disputed.recovery_exclusion_reason, "dispute")
        self.assertIn(paid.payment_state, ("paid", "in_payment"))
        plan = self.env["debt.recovery.plan"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(plan.invoice_ids, planned)
        self.assertEqual(plan.state, "proposed")


@tagged("post_install", "-at_install")
class TestRecoveryPortalScreenshots(DebtRecoveryCase, HttpCase):
    """Screenshots of the page at 1366x768 and on a phone (390x844), in
    French, for a reviewer to look at: only when DEBT_RECOVERY_SCREENSHOTS
    names a folder (headless Chromium against the test server)."""

    def test_screenshots(self):
        folder = os.environ.get("DEBT_RECOVERY_SCREENSHOTS")
        # The binary itself: Debian's /usr/bin/chromium launcher script
        # chokes on the test environment.
        chromium = (
            (
                os.path.exists("/usr/lib/chromium/chromium")
                and "/usr/lib/chromium/chromium"
            )
            or shutil.which("chromium")
            or shutil.which("chromium-browser")
        )
        if not folder or not chromium:
            self.skipTest("DEBT_RECOVERY_SCREENSHOTS not set or no Chromium")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "=", "l10n_fr_debt_recovery")]
        )._update_translations(["fr_FR"])
        # This branch's terms, not merged into fr.po yet.
        load_pending_catalogs(self.env)
        view = self.env.ref(f"{MODULE}.portal_recovery_page")
        self.assertIn("Factures échues", view.with_context(lang="fr_FR").arch_db)
        self.customer.lang = "fr_FR"
        today = fields.Date.today()
        start = today.replace(month=1 if today.month < 7 else 7, day=1)
        Rate = self.env["debt.recovery.rate"].sudo()
        for series in ("ecb", "legal_private", "legal_other"):
            if not Rate.search([("series", "=", series), ("date_start", "=", start)]):
                Rate.create({"series": series, "date_start": start, "rate": 2.15})
        day = timedelta(days=1)
        disputed = self._invoice(
            self.customer, 900.0, today - 90 * day, today - 60 * day
        )
        self._invoice(self.customer, 600.0, today - 60 * day, today - 30 * day)
        self._invoice(self.customer, 250.0, today - 40 * day, today - 10 * day)
        self._invoice(self.customer, 420.0, today, today + 30 * day)
        self._run()
        self.env["debt.recovery.portal"]._dispute(
            self.customer,
            self.company,
            disputed,
            "Marchandise livrée non conforme",
            "Paul Durand",
        )
        url = self.env["debt.recovery.portal.link"]._urls_for(
            self.customer, self.company
        )[self.customer.id]
        path = urlparse(url).path
        provider = self.env["payment.provider"].sudo().search(
            [("code", "=", "demo"), ("company_id", "=", self.company.id)], limit=1
        ) or self.env["payment.provider"].sudo().search(
            [("code", "=", "demo")], limit=1
        ).copy({"company_id": self.company.id})
        provider.write({"state": "test", "is_published": True})
        provider.payment_method_ids.active = True
        late = self.env["debt.recovery.portal"]._invoices(self.customer, self.company)[
            1:3
        ]
        pay_path = f"{path}/payer?" + "&".join(f"invoice_ids={i}" for i in late.ids)
        os.makedirs(folder, exist_ok=True)
        self.env.flush_all()
        shots = [
            (f"portal_{name}", size, path)
            for name, size in (
                ("1366x768", "1366,768"),
                ("1366_full", "1366,1500"),
                ("390x844", "390,844"),
                ("390_full", "390,2600"),
            )
        ]
        shots += [
            ("portal_pay_1366", "1366,900", pay_path),
            ("portal_pay_390", "390,1200", pay_path),
        ]
        for name, size, page in shots:
            target = os.path.join(folder, f"{name}.png")
            with tempfile.TemporaryDirectory() as profile:
                result = subprocess.run(
                    [
                        chromium,
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        f"--user-data-dir={profile}",
                        "--hide-scrollbars",
                        "--lang=fr-FR",
                        f"--window-size={size}",
                        f"--screenshot={target}",
                        f"http://127.0.0.1:{self.http_port()}{page}",
                    ],
                    timeout=120,
                    capture_output=True,
                    check=False,
                    preexec_fn=_unlimited_address_space,
                )
            self.assertTrue(
                os.path.exists(target), (result.returncode, result.stderr[-2000:])
            )
