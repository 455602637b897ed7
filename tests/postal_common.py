"""Shared set-up of the postal provider tests: the recorded answers
(tests/data/postal_*.json, built from each provider's documented formats:
see their ``_source``) served by a fake ``services._http.http_request``."""

import json
import re
from datetime import date
from pathlib import Path
from unittest.mock import patch

from freezegun import freeze_time

from ..services._http import HttpAnswer, PostalHttpError
from .common import NoticeCase

DATA = Path(__file__).parent / "data"
REQUEST = "odoo.addons.l10n_fr_debt_recovery.services._http.http_request"
PARAM = "l10n_fr_debt_recovery.postal."
#: A one-page PDF, enough for the providers' "is it a PDF" checks.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SENDING = "5f1e1c2a-0001-4a7e-9d0e-sending"


def recorded(provider):
    return json.loads((DATA / f"postal_{provider}.json").read_text(encoding="utf-8"))


def answer(body, status=200):
    if isinstance(body, bytes):
        return HttpAnswer(status, body, {"Content-Type": "application/pdf"})
    return HttpAnswer(status, json.dumps(body).encode(), {})


class FakeProvider:
    """``http_request``: the first route whose method and URL pattern match
    answers (an :class:`HttpAnswer`, an exception to raise, or a list of
    them served in turn); records every call."""

    def __init__(self):
        self.routes = []
        self.calls = []

    def route(self, method, pattern, *answers):
        self.routes.insert(0, (method, re.compile(pattern), list(answers)))

    def __call__(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        for route_method, pattern, answers in self.routes:
            if route_method == method and pattern.search(url):
                reply = answers[0] if len(answers) == 1 else answers.pop(0)
                if isinstance(reply, Exception):
                    raise reply
                return reply
        raise PostalHttpError(f"not recorded: {method} {url}")

    def urls(self, method=None):
        return [url for m, url, _kw in self.calls if method in (None, m)]


class PostalCase(NoticeCase):
    #: Replace ``http_request`` by the recorded answers (off: the real HTTP
    #: code path, tests/test_postal_http.py).
    fake_transport = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.maileva = recorded("maileva")
        cls.ar24 = recorded("ar24")
        params = cls.env["ir.config_parameter"].sudo()
        for key, value in {
            "provider_lrar": "maileva",
            "provider_lre": "ar24",
            "provider_letter": "maileva",
            "maileva.client_id": "client",
            "maileva.client_secret": "client-secret",
            "maileva.login": "compta@creancier.example",
            "maileva.password": "password",
            "ar24.token": "token",
            "ar24.private_key": "private-key",
            "ar24.user_id": "4242",
            "price_lrar": "6.90",
            "price_lre": "3.49",
            "price_letter": "1.55",
        }.items():
            params.set_param(PARAM + key, value)
        cls.secret = cls.env["debt.recovery.notice"]._postal_webhook_secret(cls.company)

    def setUp(self):
        super().setUp()
        self.fake = FakeProvider()
        if self.fake_transport:
            patcher = patch(REQUEST, side_effect=self.fake)
            patcher.start()
            self.addCleanup(patcher.stop)

    # ----------------------------------------------------------- recordings
    def _maileva_accepts(self):
        m, api = self.maileva, "https://api.sandbox.maileva.net/registered_mail/v4"
        self.fake.route("POST", r"openid-connect/token$", answer(m["token"]))
        self.fake.route(
            "POST", re.escape(api) + r"/sendings$", answer(m["sending_created"], 201)
        )
        self.fake.route(
            "POST", r"/sendings/[^/]+/documents$", answer(m["document_added"], 201)
        )
        self.fake.route(
            "POST", r"/sendings/[^/]+/recipients$", answer(m["recipient_created"], 201)
        )
        self.fake.route("POST", r"/sendings/[^/]+/submit$", answer({}, 202))

    def _maileva_status(self, name):
        self.fake.route(
            "GET", r"/sendings/[^/]+/recipients/rcp-0001$", answer(self.maileva[name])
        )
        self.fake.route("GET", r"/download_deposit_proof$", answer(PDF + b"% deposit"))
        self.fake.route(
            "GET", r"/download_acknowledgement_of_receipt$", answer(PDF + b"% receipt")
        )

    def _validated_notice(self, partner=None, channel="lrar"):
        partner = partner or self.customer
        _invoice, notice = self._notice_from_job(partner, 1200.0, date(2026, 1, 5))
        notice.channel = channel
        if channel == "lre" and notice.is_consumer:
            notice.lre_consent = True
        with freeze_time("2026-02-20"):
            notice.with_user(self.manager).action_validate()
        # The letter is not rendered in these tests (LibreOffice): a PDF
        # stands for it, as the validation would have kept it.
        letter = self.env["ir.attachment"].create(
            {
                "name": f"{notice.name}.pdf",
                "raw": PDF,
                "res_model": notice._name,
                "res_id": notice.id,
            }
        )
        notice._recovery_flow().write({"letter_attachment_id": letter.id})
        self.assertEqual(notice.state, "validated")
        return notice

    def _webhook(self, event, company=None, secret=None, provider="maileva"):
        company = company or self.company
        return (
            self.env["debt.recovery.notice"]
            .sudo()
            ._postal_webhook(company.id, provider, secret or self.secret, event)
        )
