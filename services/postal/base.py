"""What every postal provider offers the addon, and what it answers.

A provider is one class in one file of this package, registered with
:func:`register`: it submits a letter PDF (sender, recipient, kind of
service), reads the letter's status and proofs, cancels while possible,
and reads the reference of a webhook event. It knows nothing of Odoo:
it is given its settings (a dict) and answers with the plain objects below.
Every request goes through ``services._http.http_request``.
"""

import dataclasses
import datetime

from .. import _http

#: The kinds of service: registered letter with acknowledgment of receipt
#: (by post), qualified electronic registered letter (eIDAS, art. L100 Code
#: des postes et des communications électroniques), ordinary letter.
SERVICE_LRAR = "lrar"
SERVICE_LRE = "lre"
SERVICE_LETTER = "letter"
SERVICES = (SERVICE_LRAR, SERVICE_LRE, SERVICE_LETTER)

#: The states of a letter at the provider, the same for every provider:
#: accepted and waiting to be printed or sent; rejected before it left;
#: handed to the post (or sent, for an electronic letter), with its
#: deposit proof; received by the recipient (signed acknowledgment, or
#: electronic acceptance); returned, refused or not claimed; cancelled.
STATE_SUBMITTED = "submitted"
STATE_REJECTED = "rejected"
STATE_DEPOSITED = "deposited"
STATE_DELIVERED = "delivered"
STATE_RETURNED = "returned"
STATE_CANCELLED = "cancelled"

#: The proofs, by kind: the deposit proof (it carries the registered-letter
#: number), the acknowledgment of receipt, the proof of return / non-claim.
PROOF_DEPOSIT = "deposit"
PROOF_RECEIPT = "receipt"
PROOF_RETURN = "return"

#: Why a letter was not sent, for the message on the record.
ERROR_UNAVAILABLE = "unavailable"  # network, timeout, 5xx: a retry may work
ERROR_DOCUMENT = "document"  # the PDF was refused (format, margins, pages)
ERROR_ADDRESS = "address"  # the address was refused
ERROR_REFUSED = "refused"  # any other refusal (credentials, account)


class PostalError(Exception):
    """The provider did not take the letter, or could not be read.
    ``kind`` is one of the ``ERROR_*``; ``str()`` is the reason, as the
    provider said it when it did."""

    def __init__(self, kind, reason):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


@dataclasses.dataclass
class Address:
    """A postal address as printed on the envelope, and the email of an
    electronic registered letter's recipient."""

    name: str
    street: str = ""
    street2: str = ""
    zip: str = ""
    city: str = ""
    country_code: str = "FR"
    email: str = ""
    company: str = ""
    first_name: str = ""
    last_name: str = ""

    def lines(self):
        """The six lines of a French postal address (norme AFNOR NF Z10-011):
        name, care of, building, street, locality, zip and city."""
        return [
            self.company or "",
            self.name if self.company and self.name != self.company else "",
            self.street2 or "",
            self.street or "",
            "",
            f"{self.zip} {self.city}".strip(),
        ]


@dataclasses.dataclass
class Letter:
    """One letter to post. ``key`` is the addon's idempotency key of the
    letter: the same letter resubmitted carries the same key."""

    pdf: bytes
    filename: str
    sender: Address
    recipient: Address
    service: str
    key: str
    subject: str = ""


@dataclasses.dataclass
class Status:
    """What the provider says of a letter now. Dates are ``datetime.date``;
    ``proofs`` lists the kinds of proof ready to download."""

    state: str
    reason: str = ""
    tracking_number: str = ""
    deposit_date: datetime.date | None = None
    delivery_date: datetime.date | None = None
    presentation_date: datetime.date | None = None
    return_date: datetime.date | None = None
    proofs: tuple = ()


class Provider:
    """The interface. Subclasses set ``code``, ``label``, ``services`` and
    ``settings`` (the keys of their credentials) and implement the methods."""

    code = None
    label = None
    services = ()
    #: The keys of the provider's settings (system parameters), besides
    #: ``sandbox``; the secret ones are never shown back.
    settings = ()
    secret_settings = ()
    timeout = 30

    def __init__(self, config):
        self.config = dict(config)
        self.sandbox = bool(self.config.get("sandbox", True))

    # ------------------------------------------------------------ interface
    def submit(self, letter):
        """Send ``letter``; its reference at the provider (a string)."""
        raise NotImplementedError

    def status(self, reference, service):
        """The :class:`Status` of the letter ``reference``."""
        raise NotImplementedError

    def proof(self, reference, service, kind):
        """The PDF of the proof ``kind`` (``PROOF_*``) of the letter."""
        raise NotImplementedError

    def cancel(self, reference, service):
        """Cancel the letter while it has not left; ``PostalError`` when it
        is too late."""
        raise NotImplementedError

    def webhook_reference(self, payload):
        """``(event id, reference)`` of a webhook ``payload`` (the parsed
        JSON or form), or ``None`` when it is not an event of this provider.
        The event's content is never trusted: the status is read back."""
        raise NotImplementedError

    def webhook_key(self, reference):
        """The string a webhook event carries for the letter ``reference``
        (by default the reference itself)."""
        return reference

    # --------------------------------------------------------------- helpers
    def _setting(self, key):
        value = self.config.get(key)
        if not value:
            raise PostalError(
                ERROR_REFUSED, f"the setting {key} of {self.label} is missing"
            )
        return value

    def _request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        try:
            return _http.http_request(method, url, **kwargs)
        except _http.PostalHttpError as exc:
            raise PostalError(ERROR_UNAVAILABLE, str(exc)) from exc

    @staticmethod
    def _json(answer):
        try:
            return answer.json()
        except ValueError as exc:
            raise PostalError(ERROR_UNAVAILABLE, "the answer is not JSON") from exc


#: code -> provider class, filled by :func:`register`.
PROVIDERS = {}


def register(cls):
    """Class decorator: make the provider available by its ``code``."""
    PROVIDERS[cls.code] = cls
    return cls


def get_provider(code, config):
    """An instance of the provider ``code`` with its settings."""
    cls = PROVIDERS.get(code)
    if cls is None:
        raise PostalError(ERROR_REFUSED, f"unknown postal provider {code!r}")
    return cls(config)


def parse_date(value):
    """A date from an ISO date or date-time string (the providers' format),
    or ``None``."""
    if not value:
        return None
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None
