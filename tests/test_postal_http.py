"""The real HTTP code path end to end: a fake Maileva on the loopback
interface (a small HTTP server in a thread, answering the documented
formats of tests/data/postal_maileva.json) takes the formal notice, then
calls Odoo's webhook back; Odoo reads the status and the proofs from it.

Test-only allowance: ``services._http.ALLOW_LOOPBACK_HTTP`` lets the
addon's one postal request use plain http to 127.0.0.1 (no certificate to
make); outside tests only https is called."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

import requests
from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from ..services import _http
from .postal_common import PARAM, PDF, PostalCase, recorded

HTTP = "odoo.addons.l10n_fr_debt_recovery.services._http.ALLOW_LOOPBACK_HTTP"


class FakeMaileva(BaseHTTPRequestHandler):
    """Maileva's registered_mail/v4 as documented, for one sending; the
    server's ``state`` says what the recipient's status answers."""

    def log_message(self, *args):
        pass

    def _send(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        server.requests.append(("POST", self.path, self.headers, body))
        m = server.answers
        if self.path.endswith("/openid-connect/token"):
            return self._send(200, m["token"])
        if self.headers.get("Authorization") != f"Bearer {m['token']['access_token']}":
            return self._send(401, {"message": "unauthorized"})
        if self.path == "/registered_mail/v4/sendings":
            return self._send(201, m["sending_created"])
        if self.path.endswith("/documents"):
            if b"%PDF" not in body:
                return self._send(400, m["document_rejected"])
            return self._send(201, m["document_added"])
        if self.path.endswith("/recipients"):
            return self._send(201, m["recipient_created"])
        if self.path.endswith("/submit"):
            server.state = "recipient_accepted"
            return self._send(202, {})
        return self._send(404, {"message": "not found"})

    def do_GET(self):
        server = self.server
        server.requests.append(("GET", self.path, self.headers, b""))
        if self.path.endswith("/download_deposit_proof"):
            return self._send(200, PDF + b"% deposit", "application/pdf")
        if self.path.endswith("/download_acknowledgement_of_receipt"):
            return self._send(200, PDF + b"% receipt", "application/pdf")
        if "/recipients/" in self.path:
            return self._send(200, server.answers[server.state])
        return self._send(404, {"message": "not found"})


@tagged("post_install", "-at_install")
class TestPostalEndToEnd(PostalCase, HttpCase):
    fake_transport = False

    def setUp(self):
        super().setUp()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), FakeMaileva)
        self.server.answers = recorded("maileva")
        self.server.requests = []
        self.server.state = "recipient_accepted"
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        url = f"http://127.0.0.1:{self.server.server_address[1]}"
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(PARAM + "maileva.api_url", url)
        params.set_param(PARAM + "maileva.auth_url", url)
        patcher = patch(HTTP, True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _callback(self, event):
        """The fake provider calls Odoo's webhook (the URL the company gives
        the provider)."""
        self.env.flush_all()
        path = (
            self.env["debt.recovery.notice"]
            ._postal_webhook_url(self.company, "maileva")
            .split("/debt_recovery/", 1)[1]
        )
        return requests.post(
            f"{self.base_url()}/debt_recovery/{path}", json=event, timeout=60
        )

    def test_submit_then_webhook_callbacks_fill_the_proofs(self):
        notice = self._validated_notice()
        with freeze_time("2026-02-20"):
            notice.with_user(self.user).action_send_registered()
        self.assertEqual(notice.postal_state, "submitted")
        paths = [path for _m, path, _h, _b in self.server.requests]
        self.assertEqual(
            paths,
            [
                "/auth/realms/services/protocol/openid-connect/token",
                "/registered_mail/v4/sendings",
                "/registered_mail/v4/sendings/5f1e1c2a-0001-4a7e-9d0e-sending/documents",
                "/registered_mail/v4/sendings/5f1e1c2a-0001-4a7e-9d0e-sending/recipients",
                "/registered_mail/v4/sendings/5f1e1c2a-0001-4a7e-9d0e-sending/submit",
            ],
        )
        self.assertIn(
            b"multipart/form-data", self.server.requests[2][2]["Content-Type"].encode()
        )

        # The provider posted the letter, then calls the webhook.
        self.server.state = "recipient_deposited"
        response = self._callback(self.server.answers["event_deposit"])
        self.assertEqual((response.status_code, response.text), (200, "ok"))
        notice.invalidate_recordset()
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.tracking_number, "1A 123 456 7890 1")
        self.assertEqual(notice.sent_date, date(2026, 2, 21))
        # The same event again: nothing changes.
        response = self._callback(self.server.answers["event_deposit"])
        self.assertEqual(
            (response.status_code, response.text), (200, "already received")
        )
        # A wrong secret: refused.
        self.env.flush_all()
        bad = requests.post(
            f"{self.base_url()}/debt_recovery/postal/maileva/{self.company.id}/guess",
            json=self.server.answers["event_delivered"],
            timeout=60,
        )
        self.assertEqual(bad.status_code, 403)
        # Delivered: the acknowledgment and the receipt date.
        self.server.state = "recipient_delivered"
        response = self._callback(self.server.answers["event_delivered"])
        self.assertEqual(response.status_code, 200)
        notice.invalidate_recordset()
        self.assertEqual(notice.state, "received")
        self.assertEqual(notice.receipt_date, date(2026, 2, 24))
        self.assertEqual(
            sorted(notice.proof_attachment_ids.mapped("raw")),
            [PDF + b"% deposit", PDF + b"% receipt"],
        )

    def test_only_https_outside_the_tests(self):
        with (
            patch(HTTP, False),
            self.assertRaisesRegex(_http.PostalHttpError, "only https"),
        ):
            _http.http_request("GET", "http://127.0.0.1:1/")
        with self.assertRaisesRegex(_http.PostalHttpError, "only https"):
            _http.http_request("GET", "http://example.com/")
