"""services/postal/: each provider's requests and the reading of its
answers (the documented formats of tests/data/postal_*.json), and the
addon's one postal request (https only, size cap). No database."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest.mock import patch

import pytest

from odoo.addons.l10n_fr_debt_recovery.services import _http, postal
from odoo.addons.l10n_fr_debt_recovery.services.postal import ar24, base

DATA = Path(__file__).parent / "data"
MAILEVA = json.loads((DATA / "postal_maileva.json").read_text(encoding="utf-8"))
AR24 = json.loads((DATA / "postal_ar24.json").read_text(encoding="utf-8"))
REQUEST = "odoo.addons.l10n_fr_debt_recovery.services._http.http_request"


def answer(body, status=200):
    return _http.HttpAnswer(status, json.dumps(body).encode())


def maileva(**config):
    return postal.get_provider(
        "maileva",
        {
            "client_id": "c",
            "client_secret": "s",
            "login": "l",
            "password": "p",
            "sandbox": True,
            **config,
        },
    )


@pytest.mark.parametrize(
    "name, state, tracking, proofs",
    [
        ("recipient_accepted", base.STATE_SUBMITTED, "", ()),
        (
            "recipient_deposited",
            base.STATE_DEPOSITED,
            "1A 123 456 7890 1",
            ("deposit",),
        ),
        (
            "recipient_delivered",
            base.STATE_DELIVERED,
            "1A 123 456 7890 1",
            ("deposit", "receipt"),
        ),
        ("recipient_returned", base.STATE_RETURNED, "1A 123 456 7890 1", ("deposit",)),
    ],
)
def test_maileva_status(name, state, tracking, proofs):
    provider = maileva()
    answers = [answer(MAILEVA["token"]), answer(MAILEVA[name])]
    with patch(REQUEST, side_effect=lambda *a, **k: answers.pop(0)) as request:
        status = provider.status("S/R", "lrar")
    assert (status.state, status.tracking_number, status.proofs) == (
        state,
        tracking,
        proofs,
    )
    method, url = request.call_args.args
    assert (method, url) == (
        "GET",
        "https://api.sandbox.maileva.net/registered_mail/v4/sendings/S/recipients/R",
    )
    assert request.call_args.kwargs["headers"]["Authorization"].startswith("Bearer ")


def test_maileva_rejected_pdf_is_a_document_error():
    provider = maileva()
    answers = [
        answer(MAILEVA["token"]),
        answer(MAILEVA["sending_created"], 201),
        answer(MAILEVA["document_rejected"], 400),
    ]
    letter = postal.Letter(
        pdf=b"%PDF-1.4",
        filename="l.pdf",
        sender=postal.Address(name="A", company="A", zip="75011", city="Paris"),
        recipient=postal.Address(name="B", company="B", zip="69001", city="Lyon"),
        service="lrar",
        key="k",
    )
    with patch(REQUEST, side_effect=lambda *a, **k: answers.pop(0)):
        with pytest.raises(postal.PostalError) as error:
            provider.submit(letter)
    assert error.value.kind == base.ERROR_DOCUMENT
    assert "marges d'impression" in error.value.reason


def test_maileva_production_hosts():
    provider = maileva(sandbox=False)
    assert provider.api_url == "https://api.maileva.com"
    assert provider.auth_url == "https://connexion.maileva.com"


@pytest.mark.parametrize(
    "name, state",
    [
        ("mail_ev", base.STATE_DEPOSITED),
        ("mail_ar", base.STATE_DELIVERED),
        ("mail_negligence", base.STATE_RETURNED),
    ],
)
def test_ar24_status(name, state):
    provider = postal.get_provider(
        "ar24", {"token": "t", "private_key": "k", "user_id": "1"}
    )
    with patch(REQUEST, return_value=answer(AR24[name])):
        status = provider.status("605311", "lre")
    assert status.state == state
    assert str(status.deposit_date) == "2026-02-21"
    if state == base.STATE_RETURNED:
        assert str(status.presentation_date) == "2026-02-21"
        assert str(status.return_date) == "2026-03-08"


def test_ar24_maintenance_is_unavailable():
    provider = postal.get_provider(
        "ar24", {"token": "t", "private_key": "k", "user_id": "1"}
    )
    with patch(REQUEST, return_value=answer(AR24["maintenance"])):
        with pytest.raises(postal.PostalError) as error:
            provider.status("605311", "lre")
    assert error.value.kind == base.ERROR_UNAVAILABLE


def test_ar24_signature_is_stable_base64():
    first = ar24.signature("key", "2026-02-20 10:00:00")
    assert first == ar24.signature("key", "2026-02-20 10:00:00")
    assert first != ar24.signature("other", "2026-02-20 10:00:00")


def test_missing_credentials_say_which():
    with pytest.raises(postal.PostalError, match="client_id"):
        postal.get_provider("maileva", {})._headers()


class Big(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"x" * 5000)


def test_http_request_https_only_and_size_cap():
    with pytest.raises(_http.PostalHttpError, match="only https"):
        _http.http_request("GET", "http://example.com/")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Big)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with pytest.raises(_http.PostalHttpError, match="only https"):
            _http.http_request("GET", url)
        with patch.object(_http, "ALLOW_LOOPBACK_HTTP", True):
            assert len(_http.http_request("GET", url).content) == 5000
            with pytest.raises(_http.PostalHttpError, match="larger than"):
                _http.http_request("GET", url, max_bytes=1000)
    finally:
        server.shutdown()
        server.server_close()
