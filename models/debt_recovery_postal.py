"""Letters posted through an online postal provider (services/postal/):
the settings, the letter's state at the provider, the events its webhook
sent, and the one method that reads a letter's status and applies it
(``_postal_refresh``), called by the webhook controller and by the polling
job alike."""

import logging
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import postal
from ..tools import evidence

_logger = logging.getLogger(__name__)

#: System parameters of the postal providers (system-only: ir.config_parameter
#: is readable and writable by the Settings group only). Each key may be
#: suffixed with ``.<company id>`` for one company; the key without a suffix
#: is the default of every company.
PARAM = "l10n_fr_debt_recovery.postal."
#: The provider of each kind of letter, e.g. ``postal.provider_lrar=maileva``;
#: no provider: the letters are printed and posted by hand, as before.
PROVIDER_KEYS = {
    postal.base.SERVICE_LRAR: PARAM + "provider_lrar",
    postal.base.SERVICE_LRE: PARAM + "provider_lre",
    postal.base.SERVICE_LETTER: PARAM + "provider_letter",
}
POSTAL_STATES = [
    ("submitted", "Submitted"),
    ("deposited", "Handed to the post"),
    ("delivered", "Delivered"),
    ("returned", "Returned / not claimed"),
    ("failed", "Not sent"),
    ("cancelled", "Cancelled"),
]
#: States in which the letter is at the provider and its status may change.
POSTAL_RUNNING = ("submitted", "deposited")


class DebtRecoveryPostalMixin(models.AbstractModel):
    """What a record whose letter goes through a postal provider keeps."""

    _name = "debt.recovery.postal.mixin"
    _description = "Letter sent through a postal provider"

    #: The states in which the letter's status is still read.
    _postal_running = POSTAL_RUNNING

    postal_provider = fields.Char(string="Postal provider", readonly=True, copy=False)
    postal_reference = fields.Char(
        string="Provider reference", readonly=True, copy=False, index="btree_not_null"
    )
    postal_event_key = fields.Char(
        string="Webhook key", readonly=True, copy=False, index="btree_not_null"
    )
    # Empty: not sent through a provider (no default: only the postal flow
    # writes it, see ``_recovery_flow_fields``).
    postal_state = fields.Selection(
        POSTAL_STATES,
        string="At the postal provider",
        readonly=True,
        copy=False,
    )
    postal_error = fields.Text(string="Why not sent", readonly=True, copy=False)
    postal_submitted_date = fields.Date(
        string="Submitted on", readonly=True, copy=False
    )
    postal_price = fields.Float(
        string="Postage price (EUR)",
        readonly=True,
        copy=False,
        help="Price of the letter at the provider, as set in the settings when it "
        "was submitted (euros, taxes excluded).",
    )
    postal_available = fields.Boolean(
        string="Provider available", compute="_compute_postal_available"
    )

    # ------------------------------------------------------------- settings
    @api.model
    def _postal_param(self, key, company, default=None):
        params = self.env["ir.config_parameter"].sudo()
        return (
            params.get_param(f"{key}.{company.id}") or params.get_param(key) or default
        )

    @api.model
    def _postal_provider_code(self, company, service):
        return self._postal_param(PROVIDER_KEYS[service], company) or False

    @api.model
    def _postal_provider(self, company, service):
        """The provider instance of ``service`` for ``company``, or None."""
        code = self._postal_provider_code(company, service)
        if not code:
            return None
        cls = postal.PROVIDERS.get(code)
        if cls is None:
            raise UserError(
                self.env._(
                    "Unknown postal provider %(code)s in the settings.", code=code
                )
            )
        config = {
            key: self._postal_param(f"{PARAM}{code}.{key}", company)
            for key in cls.settings
        }
        # The sandbox unless production is switched on (Settings).
        config["sandbox"] = self._postal_param(PARAM + "production", company) not in (
            "1",
            "True",
        )
        return cls(config)

    @api.model
    def _postal_price_of(self, company, service):
        try:
            return float(self._postal_param(f"{PARAM}price_{service}", company, "0"))
        except ValueError:
            return 0.0

    @api.model
    def _postal_webhook_secret(self, company):
        """The company's webhook secret, made on first use (32 random bytes)."""
        params = self.env["ir.config_parameter"].sudo()
        key = f"{PARAM}webhook_secret.{company.id}"
        secret = params.get_param(key)
        if not secret:
            secret = secrets.token_urlsafe(32)
            params.set_param(key, secret)
        return secret

    @api.model
    def _postal_webhook_url(self, company, provider_code):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        return (
            f"{base}/debt_recovery/postal/{provider_code}/{company.id}/"
            f"{self._postal_webhook_secret(company)}"
        )

    def _postal_service(self):
        raise NotImplementedError

    def _compute_postal_available(self):
        for record in self:
            service = record._postal_service()
            record.postal_available = bool(
                service and record._postal_provider_code(record.company_id, service)
            )

    # --------------------------------------------------------------- sending
    def _postal_key(self):
        """The letter's idempotency key: the same letter resubmitted (a retry)
        carries the same key, so the provider can tell it is the same."""
        self.ensure_one()
        return f"odoo-{self.env.cr.dbname}-{self._name}-{self.id}"

    @api.model
    def _postal_address(self, partner):
        partner = partner.sudo()
        company = partner.commercial_partner_id
        person = partner if partner != company else partner.browse()
        first, _sep, last = (person.name or "").partition(" ")
        return postal.Address(
            name=partner.name or "",
            company=company.name if company.is_company else "",
            first_name=first if last else "",
            last_name=last or first or partner.name or "",
            street=partner.street or "",
            street2=partner.street2 or "",
            zip=partner.zip or "",
            city=partner.city or "",
            country_code=(partner.country_id.code or "FR").upper(),
            email=partner.email or "",
        )

    def _postal_letter(self, service):
        """The :class:`postal.Letter` of the record (its PDF kept as sent)."""
        raise NotImplementedError

    def _postal_submit(self, service, automatic=False):
        """Submit each letter of ``self``: the reference kept, or the reason
        of the failure kept with an activity for the responsible. Returns the
        records submitted."""
        submitted = self.browse()
        for record in self:
            provider = record._postal_provider(record.company_id, service)
            try:
                reference = provider.submit(record._postal_letter(service))
            except postal.PostalError as exc:
                record._postal_fail(exc)
                continue
            record._recovery_flow().write(
                {
                    "postal_provider": provider.code,
                    "postal_reference": reference,
                    "postal_event_key": provider.webhook_key(reference),
                    "postal_state": "submitted",
                    "postal_error": False,
                    "postal_submitted_date": fields.Date.context_today(record),
                    "postal_price": record._postal_price_of(record.company_id, service),
                }
            )
            record.message_post(
                body=record.env._(
                    "Letter submitted to %(provider)s%(how)s (reference %(ref)s).",
                    provider=provider.label,
                    how=record.env._(", automatically") if automatic else "",
                    ref=reference,
                ),
                subtype_xmlid="mail.mt_note",
            )
            submitted |= record
        return submitted

    def _postal_fail(self, error):
        """The letter stays unsent: the reason on the record, an activity for
        its responsible."""
        self.ensure_one()
        labels = {
            postal.base.ERROR_UNAVAILABLE: self.env._(
                "The postal provider could not be reached"
            ),
            postal.base.ERROR_DOCUMENT: self.env._(
                "The postal provider refused the letter PDF"
            ),
            postal.base.ERROR_ADDRESS: self.env._(
                "The postal provider refused the address"
            ),
            postal.base.ERROR_REFUSED: self.env._(
                "The postal provider refused the letter"
            ),
        }
        reason = self.env._(
            "%(what)s: %(why)s",
            what=labels.get(getattr(error, "kind", None), labels["refused"]),
            why=getattr(error, "reason", None) or str(error),
        )
        self._recovery_flow().write({"postal_state": "failed", "postal_error": reason})
        self.message_post(
            body=self.env._("Letter not sent. %(reason)s", reason=reason),
            subtype_xmlid="mail.mt_note",
        )
        user = self.user_id or self.env.user
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Letter not sent by the postal provider"),
            note=reason,
            user_id=user.id,
        )

    # ---------------------------------------------------------------- status
    def _postal_refresh(self):
        """Read the status of each letter at its provider and apply it: THE
        method of the webhook and of the polling job. Applying a status
        already applied changes nothing. Returns the letters whose status
        could not be read (the provider down): they are read again later."""
        unread = self.browse()
        for record in self.filtered(lambda r: r.postal_state in r._postal_running):
            service = record._postal_service()
            provider = record._postal_provider(record.company_id, service)
            if provider is None or provider.code != record.postal_provider:
                continue
            try:
                # Nothing half applied: a proof that cannot be downloaded
                # leaves the letter as it was, to be read again.
                with record.env.cr.savepoint():
                    status = provider.status(record.postal_reference, service)
                    record._postal_apply(provider, status)
            except postal.PostalError as exc:
                unread |= record
                _logger.info(
                    "postal status of %s %s not read: %s", record._name, record.id, exc
                )
        return unread

    def _postal_apply(self, provider, status):
        raise NotImplementedError

    def _postal_proof(self, provider, status, kind):
        """``(file name, PDF)`` of the proof ``kind`` when the provider has
        it, else ``None``."""
        if kind not in status.proofs:
            return None
        content = provider.proof(self.postal_reference, self._postal_service(), kind)
        names = {
            postal.base.PROOF_DEPOSIT: self.env._("deposit proof"),
            postal.base.PROOF_RECEIPT: self.env._("acknowledgment of receipt"),
            postal.base.PROOF_RETURN: self.env._("proof of return"),
        }
        name = f"{self.name} - {names[kind]}.pdf".replace("/", "-")
        return name, content

    def _postal_attach_proof(self, proof):
        """A proof PDF as an attachment of the record, its SHA-256 in its
        description; ``None`` without proof."""
        if not proof:
            return None
        name, content = proof
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                    "description": f"SHA-256: {evidence.sha256_hex(content)}",
                }
            )
        )

    @api.model
    def _postal_poll(self):
        """Hourly job: the letters of the rungs that post automatically are
        submitted, then the status of the letters still at a provider is
        read (for when webhooks cannot reach the server)."""
        self.env["debt.recovery.action"]._postal_send_automatic()
        self.env.cr.commit()  # pylint: disable=invalid-commit
        for model in ("debt.recovery.notice", "debt.recovery.action"):
            Model = self.env[model].sudo()
            records = Model.search(
                [("postal_state", "in", Model._postal_running)], order="id"
            )
            for record in records:
                record._postal_refresh()
                # One letter at a time: what was read is kept even if a later
                # letter fails (each refresh is a few requests).
                self.env.cr.commit()  # pylint: disable=invalid-commit

    # --------------------------------------------------------------- webhook
    @api.model
    def _postal_webhook(self, company_id, provider_code, secret, payload):
        """A webhook call: ``(HTTP status, text)``. The company's secret is
        verified, the event read only for its reference, the letter found in
        that company only; a known event changes nothing; otherwise the
        status is read back from the provider (``_postal_refresh``)."""
        company = self.env["res.company"].sudo().browse(company_id).exists()
        if not company:
            return 404, "unknown"
        expected = self._postal_param(f"{PARAM}webhook_secret", company) or ""
        if not expected or not secrets.compare_digest(
            expected.encode(), (secret or "").encode()
        ):
            return 403, "forbidden"
        cls = postal.PROVIDERS.get(provider_code)
        if cls is None:
            return 404, "unknown"
        found = cls({}).webhook_reference(payload)
        if not found:
            return 400, "not an event"
        event_id, key = found
        record = None
        for model in ("debt.recovery.notice", "debt.recovery.action"):
            record = (
                self.env[model]
                .sudo()
                .search(
                    [
                        ("postal_provider", "=", provider_code),
                        ("postal_event_key", "=", key),
                        ("company_id", "=", company.id),
                    ],
                    limit=1,
                )
            )
            if record:
                break
        if not record:
            return 404, "unknown reference"
        Event = self.env["debt.recovery.postal.event"].sudo()
        if Event.search_count(
            [
                ("company_id", "=", company.id),
                ("provider", "=", provider_code),
                ("event_id", "=", event_id),
            ]
        ):
            return 200, "already received"
        if record.with_company(company)._postal_refresh():
            # Not recorded: the provider sends the event again later (AR24
            # every 15 minutes), and the polling job reads it meanwhile.
            return 503, "provider unavailable, retry later"
        Event.create(
            {
                "company_id": company.id,
                "provider": provider_code,
                "event_id": event_id,
                "reference": key,
                "res_model": record._name,
                "res_id": record.id,
            }
        )
        return 200, "ok"


def _provider_selection(service):
    def selection(self):
        return [
            (code, cls.label)
            for code, cls in sorted(postal.PROVIDERS.items())
            if service in cls.services
        ]

    return selection
