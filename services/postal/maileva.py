"""Maileva (La Poste group): registered letters with acknowledgment of
receipt (``registered_mail/v4``) and ordinary letters (``mail/v2``),
printed and posted by Maileva.

Formats followed (public documentation of the Maileva developer portal,
https://www.maileva.com/developpeur, as published in the generated clients
``jp10/maileva-registered-sdk`` and ``jp10/maileva-simple-sdk`` on
packagist.org and the ``RecipientCreation`` / ``SendingCreation`` models of
the Maileva SDKs on GitHub):

- token: ``POST https://connexion(.sandbox).maileva.(com|net)/auth/realms/
  services/protocol/openid-connect/token``, form ``grant_type=password``,
  ``client_id``, ``client_secret``, ``username``, ``password``; answer
  ``{"access_token": ...}``;
- ``POST {api}/sendings`` JSON ``name``, ``custom_id``,
  ``acknowledgement_of_receipt``, ``color_printing``, ``duplex_printing``,
  ``sender_address_line_1..6``, ``sender_country_code`` -> ``{"id": ...}``;
- ``POST {api}/sendings/{id}/documents`` multipart ``document`` (the PDF)
  and ``metadata`` (``{"priority": 1, "name": ...}``);
- ``POST {api}/sendings/{id}/recipients`` JSON ``custom_id``,
  ``address_line_1..6``, ``country_code`` -> ``{"id": ...}``;
- ``POST {api}/sendings/{id}/submit`` (202);
- ``GET {api}/sendings/{id}/recipients/{rid}``: ``status``,
  ``registered_number`` and the delivery status;
- ``GET .../recipients/{rid}/download_deposit_proof`` and
  ``.../download_acknowledgement_of_receipt``: the proofs as PDF;
- ``DELETE {api}/sendings/{id}`` while the sending is a draft;
- webhooks of ``notification_center/v2/subscriptions``: ``event_type``,
  ``resource_id`` (the sending) and ``resource_custom_id``.

NOT confirmed against a live account (no internet here, and the portal's
reference pages were not in the searchable index): the exact names of the
status values and date fields of a recipient (``status``,
``main_delivery_status``, ``deposit_date``, ``delivery_date``,
``first_presentation_date``, ``return_date``), the event-type names, and
that ``DELETE`` cancels a submitted sending (it likely does only for a
draft). They are read defensively here: a value not understood leaves the
letter as it is.
"""

import json

from .base import (
    ERROR_ADDRESS,
    ERROR_DOCUMENT,
    ERROR_REFUSED,
    ERROR_UNAVAILABLE,
    PROOF_DEPOSIT,
    PROOF_RECEIPT,
    SERVICE_LETTER,
    SERVICE_LRAR,
    STATE_CANCELLED,
    STATE_DELIVERED,
    STATE_DEPOSITED,
    STATE_REJECTED,
    STATE_RETURNED,
    STATE_SUBMITTED,
    PostalError,
    Provider,
    Status,
    parse_date,
    register,
)

HOSTS = {
    True: (
        "https://api.sandbox.maileva.net",
        "https://connexion.sandbox.maileva.net",
    ),
    False: ("https://api.maileva.com", "https://connexion.maileva.com"),
}
TOKEN_PATH = "/auth/realms/services/protocol/openid-connect/token"
API_PATHS = {SERVICE_LRAR: "/registered_mail/v4", SERVICE_LETTER: "/mail/v2"}

#: Maileva's delivery statuses (La Poste tracking), as read for our states.
DELIVERED = {"DELIVERED", "DISTRIBUTED", "DISTRIBUE"}
RETURNED = {
    "UNDELIVERED",
    "NOT_CLAIMED",
    "RETURNED",
    "REFUSED",
    "NON_RECLAME",
    "RETOURNE",
}


@register
class MailevaProvider(Provider):
    code = "maileva"
    label = "Maileva"
    services = (SERVICE_LRAR, SERVICE_LETTER)
    settings = (
        "client_id",
        "client_secret",
        "login",
        "password",
        "api_url",
        "auth_url",
    )
    secret_settings = ("client_secret", "password")

    def __init__(self, config):
        super().__init__(config)
        api, auth = HOSTS[self.sandbox]
        # A base URL set in the settings wins (the tests' fake server).
        self.api_url = (self.config.get("api_url") or api).rstrip("/")
        self.auth_url = (self.config.get("auth_url") or auth).rstrip("/")
        self._token = None

    # ---------------------------------------------------------------- auth
    def _headers(self):
        if not self._token:
            answer = self._request(
                "POST",
                self.auth_url + TOKEN_PATH,
                data={
                    "grant_type": "password",
                    "client_id": self._setting("client_id"),
                    "client_secret": self._setting("client_secret"),
                    "username": self._setting("login"),
                    "password": self._setting("password"),
                },
            )
            if answer.status_code != 200:
                raise PostalError(
                    ERROR_REFUSED,
                    f"Maileva refused the credentials (HTTP {answer.status_code})",
                )
            self._token = self._json(answer).get("access_token")
            if not self._token:
                raise PostalError(ERROR_REFUSED, "Maileva gave no access token")
        return {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}

    def _call(self, method, service, path, error_kind=ERROR_REFUSED, **kwargs):
        url = self.api_url + API_PATHS[service] + path
        answer = self._request(method, url, headers=self._headers(), **kwargs)
        if answer.status_code >= 500:
            raise PostalError(
                ERROR_UNAVAILABLE, f"Maileva is unavailable (HTTP {answer.status_code})"
            )
        if answer.status_code >= 400:
            raise PostalError(error_kind, self._reason(answer))
        return answer

    @staticmethod
    def _reason(answer):
        """Maileva's error body: ``{"code": ..., "message": ...,
        "errors": [{"message": ...}]}``."""
        try:
            body = answer.json() or {}
        except ValueError:
            return f"HTTP {answer.status_code}"
        messages = [body.get("message")] + [
            e.get("message") for e in body.get("errors") or [] if isinstance(e, dict)
        ]
        text = " ".join(m for m in messages if m)
        return text or f"HTTP {answer.status_code}"

    # -------------------------------------------------------------- submit
    def submit(self, letter):
        if letter.service not in self.services:
            raise PostalError(
                ERROR_REFUSED, f"Maileva does not send {letter.service} letters"
            )
        sender_lines = letter.sender.lines()
        sending = {
            "name": (letter.subject or letter.filename)[:60],
            "custom_id": letter.key,
            "color_printing": False,
            "duplex_printing": False,
            "optional_address_sheet": True,
            **{f"sender_address_line_{i + 1}": v for i, v in enumerate(sender_lines)},
            "sender_country_code": letter.sender.country_code or "FR",
        }
        if letter.service == SERVICE_LRAR:
            sending["acknowledgement_of_receipt"] = True
            sending["acknowledgement_of_receipt_scanning"] = True
        answer = self._call("POST", letter.service, "/sendings", json=sending)
        sending_id = self._json(answer).get("id")
        if not sending_id:
            raise PostalError(ERROR_UNAVAILABLE, "Maileva gave no sending id")
        self._call(
            "POST",
            letter.service,
            f"/sendings/{sending_id}/documents",
            error_kind=ERROR_DOCUMENT,
            files={
                "document": (letter.filename, letter.pdf, "application/pdf"),
                "metadata": (
                    None,
                    json.dumps({"priority": 1, "name": letter.filename}),
                    "application/json",
                ),
            },
        )
        recipient = {
            "custom_id": letter.key,
            **{
                f"address_line_{i + 1}": v
                for i, v in enumerate(letter.recipient.lines())
            },
            "country_code": letter.recipient.country_code or "FR",
        }
        answer = self._call(
            "POST",
            letter.service,
            f"/sendings/{sending_id}/recipients",
            error_kind=ERROR_ADDRESS,
            json=recipient,
        )
        recipient_id = self._json(answer).get("id")
        if not recipient_id:
            raise PostalError(ERROR_UNAVAILABLE, "Maileva gave no recipient id")
        self._call("POST", letter.service, f"/sendings/{sending_id}/submit")
        return f"{sending_id}/{recipient_id}"

    # -------------------------------------------------------------- status
    @staticmethod
    def _split(reference):
        sending_id, _sep, recipient_id = reference.partition("/")
        if not recipient_id:
            raise PostalError(ERROR_REFUSED, f"not a Maileva reference: {reference}")
        return sending_id, recipient_id

    def status(self, reference, service):
        sending_id, recipient_id = self._split(reference)
        answer = self._call(
            "GET", service, f"/sendings/{sending_id}/recipients/{recipient_id}"
        )
        body = self._json(answer) or {}
        state = (body.get("status") or "").upper()
        delivery = body.get("main_delivery_status") or body.get("delivery_status")
        if isinstance(delivery, dict):
            delivery_code = (
                delivery.get("code") or delivery.get("status") or ""
            ).upper()
            delivery_date = delivery.get("date")
        else:
            delivery_code, delivery_date = (delivery or "").upper(), None
        status = Status(
            state=STATE_SUBMITTED,
            tracking_number=body.get("registered_number") or "",
            deposit_date=parse_date(
                body.get("deposit_date") or body.get("posting_date")
            ),
        )
        if state == "REJECTED" or state == "ERROR":
            status.state = STATE_REJECTED
            status.reason = body.get("rejection_reason") or body.get("message") or ""
            return status
        if state == "CANCELLED":
            status.state = STATE_CANCELLED
            return status
        proofs = []
        if body.get("deposit_proof_available") or status.deposit_date:
            proofs.append(PROOF_DEPOSIT)
        if state in ("PROCESSED", "DEPOSITED") or status.deposit_date:
            status.state = STATE_DEPOSITED
        if delivery_code in DELIVERED:
            status.state = STATE_DELIVERED
            status.delivery_date = parse_date(
                body.get("delivery_date") or delivery_date
            )
            if body.get("acknowledgement_of_receipt_available", True):
                proofs.append(PROOF_RECEIPT)
        elif delivery_code in RETURNED:
            status.state = STATE_RETURNED
            status.reason = delivery_code
            status.presentation_date = parse_date(body.get("first_presentation_date"))
            status.return_date = parse_date(body.get("return_date") or delivery_date)
        status.proofs = tuple(proofs)
        return status

    def proof(self, reference, service, kind):
        sending_id, recipient_id = self._split(reference)
        suffix = {
            PROOF_DEPOSIT: "download_deposit_proof",
            PROOF_RECEIPT: "download_acknowledgement_of_receipt",
        }.get(kind)
        if not suffix:
            raise PostalError(ERROR_REFUSED, f"Maileva has no {kind} proof")
        answer = self._call(
            "GET",
            service,
            f"/sendings/{sending_id}/recipients/{recipient_id}/{suffix}",
        )
        if not answer.content.startswith(b"%PDF"):
            raise PostalError(ERROR_UNAVAILABLE, "the proof is not a PDF")
        return answer.content

    def cancel(self, reference, service):
        sending_id, _recipient_id = self._split(reference)
        self._call("DELETE", service, f"/sendings/{sending_id}")

    def webhook_key(self, reference):
        return self._split(reference)[0]

    def webhook_reference(self, payload):
        """notification_center/v2: ``{"id": event id, "event_type": ...,
        "resource_id": sending id, "resource_custom_id": ...}``. The
        recipient of our one-recipient sendings is found from the sending;
        the reference is matched on the sending id only."""
        if not isinstance(payload, dict) or not payload.get("resource_id"):
            return None
        event_id = payload.get("id") or "{}:{}:{}".format(
            payload.get("resource_id"),
            payload.get("event_type"),
            payload.get("event_date"),
        )
        return str(event_id), str(payload["resource_id"])
