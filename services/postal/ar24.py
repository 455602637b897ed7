"""AR24: qualified electronic registered letters (LRE, eIDAS regulation
n° 910/2014 art. 44; art. L100 Code des postes et des communications
électroniques), with proofs of deposit, receipt, refusal and non-claim.

Formats followed (AR24 API documentation, https://developers.ar24.fr/doc/
and https://app.ar24.fr/api-doc/, read with the search tool): requests in
form data, answers in JSON, the HTTP status always 200 (the outcome is the
``status`` field: ``SUCCESS``, ``ERROR`` or ``maintenance``), calls signed
with the account's token and private key, a timeout of 60 s on AR24's side,
webhooks retried every 15 minutes up to 48 times (AR24 knowledge base,
"Webhook").

NOT confirmed (the documentation's reference pages for each call were not
in the searchable index; these follow AR24's public Postman collection as
commonly used, and must be checked in the sandbox before production):
the paths ``attachment/`` and ``mail/``, the fields ``id_user``,
``to_email``, ``to_firstname``, ``to_lastname``, ``to_company``, ``eidas``,
``attachment[]``, ``ref_dossier``, the signature (AES-256-CBC of the
request date with a key derived from the private key), the mail statuses
(``waiting``, ``ev``, ``AR``, ``refused``, ``negligence``, ``bounced``),
their dates (``ts_ev_date``, ``ts_ar_date``, ``refused_date``,
``negligence_date``) and the proof URLs (``proof_ev_url``,
``proof_ar_url``, ``proof_rf_url``, ``proof_ng_url``).
"""

import base64
import datetime
import hashlib

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .base import (
    ERROR_ADDRESS,
    ERROR_DOCUMENT,
    ERROR_REFUSED,
    ERROR_UNAVAILABLE,
    PROOF_DEPOSIT,
    PROOF_RECEIPT,
    PROOF_RETURN,
    SERVICE_LRE,
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

HOSTS = {True: "https://sandbox.ar24.fr/api", False: "https://app.ar24.fr/api"}
PROOF_FIELDS = {
    PROOF_DEPOSIT: "proof_ev_url",
    PROOF_RECEIPT: "proof_ar_url",
    PROOF_RETURN: ("proof_ng_url", "proof_rf_url"),
}


def signature(private_key, date_text):
    """AR24's request signature: the request date encrypted with AES-256-CBC,
    the key the SHA-256 of the private key, the IV the first 16 characters of
    the SHA-256 of that hash, base64. (Not confirmed, see the module.)"""
    key = hashlib.sha256(private_key.encode()).hexdigest()
    iv = hashlib.sha256(key.encode()).hexdigest()[:16]
    padder = padding.PKCS7(128).padder()
    data = padder.update(date_text.encode()) + padder.finalize()
    encryptor = Cipher(
        algorithms.AES(key[:32].encode()), modes.CBC(iv.encode())
    ).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


@register
class Ar24Provider(Provider):
    code = "ar24"
    label = "AR24"
    services = (SERVICE_LRE,)
    settings = ("token", "private_key", "user_id", "api_url")
    secret_settings = ("private_key",)
    timeout = 60

    def __init__(self, config):
        super().__init__(config)
        self.api_url = (self.config.get("api_url") or HOSTS[self.sandbox]).rstrip("/")

    def _auth(self):
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
        return {
            "token": self._setting("token"),
            "date": now,
            "signature": signature(self._setting("private_key"), now),
        }

    def _call(self, method, path, error_kind=ERROR_REFUSED, data=None, **kwargs):
        fields = {**self._auth(), **(data or {})}
        if method == "GET":
            kwargs["params"] = fields
        else:
            kwargs["data"] = fields
        answer = self._request(method, f"{self.api_url}/{path}", **kwargs)
        if answer.status_code != 200:
            raise PostalError(
                ERROR_UNAVAILABLE, f"AR24 is unavailable (HTTP {answer.status_code})"
            )
        body = self._json(answer) or {}
        outcome = str(body.get("status") or "").upper()
        if outcome == "MAINTENANCE":
            raise PostalError(ERROR_UNAVAILABLE, "AR24 is under maintenance")
        if outcome != "SUCCESS":
            raise PostalError(
                error_kind, body.get("message") or body.get("slug") or "AR24 refused"
            )
        return body.get("result") or {}

    def submit(self, letter):
        if letter.service != SERVICE_LRE:
            raise PostalError(ERROR_REFUSED, "AR24 sends electronic letters only")
        if not letter.recipient.email:
            raise PostalError(ERROR_ADDRESS, "the recipient has no email address")
        user_id = self._setting("user_id")
        uploaded = self._call(
            "POST",
            "attachment/",
            error_kind=ERROR_DOCUMENT,
            data={"id_user": user_id},
            files={"file": (letter.filename, letter.pdf, "application/pdf")},
        )
        file_id = uploaded.get("file_id") or uploaded.get("id")
        if not file_id:
            raise PostalError(ERROR_UNAVAILABLE, "AR24 gave no attachment id")
        recipient = letter.recipient
        mail = self._call(
            "POST",
            "mail/",
            error_kind=ERROR_ADDRESS,
            data={
                "id_user": user_id,
                "eidas": 1,
                "to_email": recipient.email,
                "to_firstname": recipient.first_name or "",
                "to_lastname": recipient.last_name or recipient.name,
                "to_company": recipient.company or "",
                "ref_dossier": letter.key,
                "content": letter.subject or "",
                "attachment[]": file_id,
            },
        )
        mail_id = mail.get("id")
        if not mail_id:
            raise PostalError(ERROR_UNAVAILABLE, "AR24 gave no mail id")
        return str(mail_id)

    def _mail(self, reference):
        return self._call("GET", "mail/", data={"id": reference})

    def status(self, reference, service):
        mail = self._mail(reference)
        state = str(mail.get("status") or "").lower()
        status = Status(
            state=STATE_SUBMITTED,
            tracking_number=str(mail.get("id") or reference),
            deposit_date=parse_date(mail.get("ts_ev_date") or mail.get("date")),
        )
        proofs = [kind for kind, f in PROOF_FIELDS.items() if self._url(mail, f)]
        status.proofs = tuple(proofs)
        if state in ("bounced", "rejected", "error"):
            status.state, status.reason = STATE_REJECTED, state
        elif state == "ar":
            status.state = STATE_DELIVERED
            status.delivery_date = parse_date(mail.get("ts_ar_date"))
        elif state in ("negligence", "refused"):
            # Refused, or not accepted within the fifteen days the recipient
            # has from the day after being told of the letter (art. R53-3 I
            # and III Code des postes et des communications électroniques,
            # in force since 1 January 2019): that information, sent with
            # the deposit, is the letter's presentation.
            status.state, status.reason = STATE_RETURNED, state
            status.presentation_date = status.deposit_date
            status.return_date = parse_date(
                mail.get("negligence_date") or mail.get("refused_date")
            )
        elif state == "ev" or status.deposit_date:
            status.state = STATE_DEPOSITED
        return status

    @staticmethod
    def _url(mail, fields):
        for field in fields if isinstance(fields, tuple) else (fields,):
            if mail.get(field):
                return mail[field]
        return None

    def proof(self, reference, service, kind):
        url = self._url(self._mail(reference), PROOF_FIELDS.get(kind, ()))
        if not url:
            raise PostalError(ERROR_REFUSED, f"AR24 has no {kind} proof yet")
        answer = self._request("GET", url, params=self._auth())
        if answer.status_code != 200 or not answer.content.startswith(b"%PDF"):
            raise PostalError(ERROR_UNAVAILABLE, "the proof is not a PDF")
        return answer.content

    def cancel(self, reference, service):
        # An electronic registered letter is sent at once: nothing to cancel.
        raise PostalError(
            ERROR_REFUSED, "an electronic registered letter cannot be cancelled"
        )

    def webhook_reference(self, payload):
        """AR24 posts the mail's id (``id_mail`` or ``id``) and its new
        status; the event is the pair."""
        if not isinstance(payload, dict):
            return None
        mail_id = payload.get("id_mail") or payload.get("id")
        if not mail_id:
            return None
        return f"{mail_id}:{payload.get('status') or payload.get('type')}", str(mail_id)
