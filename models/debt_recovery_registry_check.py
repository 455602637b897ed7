"""Checks of a debtor in the public registries, and their settings.

Three services, each with an on/off switch, an endpoint and a short timeout
(``ir.config_parameter``, Settings > Accounting > Public registries):

- ``sirene``: the company directory (SIREN active or ceased, head office);
- ``bodacc``: BODACC announcements of collective procedures;
- ``address``: the Base Adresse Nationale (letter address).

(The fourth service, ``ecb``, is the ECB rate updater of
models/debt_recovery_rate.py.)

When they run: the customer's button *Check in public registries* (always
asks the registries again), and before a formal notice is validated
(models/debt_recovery_notice.py) and before a litigation file is handed over
(models/debt_recovery_case.py), where a check younger than the "checks valid
for" setting is reused. The daily job never calls a registry.

The steps of one check, in this order (``_recovery_check_partners``):

1. company status (SIRENE), for a company with a SIREN;
2. collective procedures (BODACC), same condition: an opening judgment not
   yet recorded fills the customer's procedure fields and gives its
   recovery responsible an activity;
3. the letter's address (BAN), for an address in France;
4. one note on the customer with the alerts and what could not be checked.

An unreachable service never stops anything: its check is stored as "Not
checked" with the reason, the note says so and the caller shows it.
"""

import logging
from collections import namedtuple
from datetime import timedelta

from markupsafe import Markup
from stdnum.fr import siren as siren_number

from odoo import api, fields, models

from .. import services
from ..tools import formatting
from ..tools.registries import address as address_tools
from ..tools.registries import bodacc as bodacc_tools
from ..tools.registries import sirene as sirene_tools

_logger = logging.getLogger(__name__)

PARAM_PREFIX = "l10n_fr_debt_recovery.registry_"
#: service -> (default endpoint, default timeout in seconds)
DEFAULTS = {
    "ecb": (services.ecb.DEFAULT_URL, 10),
    "sirene": (services.sirene.DEFAULT_URL, 5),
    "bodacc": (services.bodacc.DEFAULT_URL, 5),
    "address": (services.address.DEFAULT_URL, 5),
}
DEFAULT_MAX_AGE_DAYS = 30
MAX_TIMEOUT = 30

RegistrySettings = namedtuple("RegistrySettings", "enabled url timeout")
# Context key of the demo's history replay (past dates, no network): no
# registry is asked. Honoured only in a superuser environment and with the
# value ``_SkipRegistries`` (a class, which a client's JSON context cannot
# hold): users cannot skip the checks.
SKIP_CONTEXT_KEY = "debt_recovery_skip_registries"


class _SkipRegistries:
    """The value of ``SKIP_CONTEXT_KEY``."""


def skip_registries(records):
    """``records`` asking no registry (server code only: the demo's
    replay of past days)."""
    return records.with_context(**{SKIP_CONTEXT_KEY: _SkipRegistries})


def registry_settings(env, service):
    """On/off, endpoint and timeout of ``service`` (ecb, sirene, bodacc,
    address). The switches are set on at install
    (data/ir_config_parameter_data.xml); unticking one deletes it."""
    params = env["ir.config_parameter"].sudo()
    url, timeout = DEFAULTS[service]
    try:
        timeout = float(params.get_param(f"{PARAM_PREFIX}{service}_timeout") or timeout)
    except ValueError:
        _logger.warning("Bad timeout setting of the %s service: default used", service)
    return RegistrySettings(
        enabled=bool(params.get_param(f"{PARAM_PREFIX}{service}_enabled")),
        url=params.get_param(f"{PARAM_PREFIX}{service}_url") or url,
        timeout=min(max(timeout, 1.0), MAX_TIMEOUT),
    )


class RegistryReport:
    """What one run of checks found, for the caller to show: ``blocking``
    (messages that stop a registered letter or a hand-over), ``warnings``
    (alerts, and what could not be checked), ``new_procedures`` (customers
    whose collective procedure was just recorded from the BODACC)."""

    def __init__(self):
        self.blocking = []
        self.warnings = []
        self.new_procedures = set()

    def notification(self, env, title, kind=None, reload=True):
        """A notification action with the messages, or ``None``."""
        messages = self.blocking + self.warnings
        if not messages:
            return None
        params = {
            "title": title,
            "message": "\n".join(messages),
            "type": kind or ("danger" if self.blocking else "warning"),
            "sticky": True,
        }
        if reload:
            params["next"] = {"type": "ir.actions.client", "tag": "soft_reload"}
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": params,
        }


class DebtRecoveryRegistryCheck(models.Model):
    """One answer of a public registry about a customer: kept as evidence
    (date, query, source URL), never edited; shared by the companies (the
    registries describe the debtor, not a creditor)."""

    _name = "debt.recovery.registry.check"
    _description = "Public registry check of a customer"
    _order = "check_date desc, id desc"
    _rec_name = "summary"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    # The company that asked: its users see the check (record rule), and a
    # check is reused in that company only (who checks whom, and when, is
    # the company's business). Empty on the checks made before it existed.
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    service = fields.Selection(
        [
            ("sirene", "Company directory (SIRENE)"),
            ("bodacc", "BODACC"),
            ("address", "National address base"),
        ],
        required=True,
        readonly=True,
    )
    check_date = fields.Datetime(
        string="Checked on", required=True, readonly=True, default=fields.Datetime.now
    )
    trigger = fields.Selection(
        [
            ("button", "Customer button"),
            ("notice", "Formal notice validation"),
            ("case", "Litigation hand-over"),
        ],
        string="Checked for",
        readonly=True,
    )
    status = fields.Selection(
        [("ok", "OK"), ("alert", "Alert"), ("unavailable", "Not checked")],
        required=True,
        readonly=True,
    )
    summary = fields.Char(string="Result", required=True, readonly=True)
    query = fields.Char(
        readonly=True, help="The SIREN or the address sent to the registry."
    )
    source = fields.Char(
        readonly=True, help="The request sent (endpoint and parameters)."
    )
    address_label = fields.Char(string="Normalised address", readonly=True)
    address_score = fields.Float(string="Address score", digits=(3, 2), readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Checked by", readonly=True, default=lambda s: s.env.user
    )

    # ------------------------------------------------------------------
    # Running the checks
    # ------------------------------------------------------------------

    @api.model
    def _recovery_unavailable_text(self, exc):
        """Why a service could not be checked (a
        :class:`services.RegistryUnavailable`), in the user's language: it
        is shown on notifications, the chatter, the notices and the files."""
        params = exc.params
        if exc.reason == "timeout":
            # A plain name in the call: the terms' extractor evaluates it.
            seconds = "%g" % params["timeout"]
            return self.env._("no answer within %(seconds)s s", seconds=seconds)
        if exc.reason == "unreachable":
            return self.env._("service not reachable")
        if exc.reason == "http":
            return self.env._("HTTP error %(status)s", status=params["status"])
        if exc.reason == "refused":
            # Not https, redirected to another host, or too large an answer:
            # not taken from where it was asked.
            _logger.info("registry answer refused: %s", exc)
            return self.env._("the answer was refused (not from the service asked)")
        if exc.reason == "not_recorded":
            return self.env._("not in the demo's recorded answers")
        # "not_json" and "bad_answer": the technical detail is in the log.
        _logger.info("registry answer not understood: %s", exc)
        return self.env._("the answer is not in the documented format")

    @api.model
    def _recovery_siren(self, partner):
        """SIREN of a customer: OCA l10n_fr_siret's (its ``siren`` field, or
        the French VAT number), else the first 9 digits of the company ID
        (``company_registry``, where the addon read it before) when they
        form a valid SIREN."""
        siren = partner._get_siren()
        if siren:
            return siren
        digits = "".join(ch for ch in partner.company_registry or "" if ch.isdigit())
        if len(digits) in (9, 14):
            if siren_number.is_valid(digits[:9]):
                return digits[:9]
        return None

    @api.model
    def _recovery_check_partners(
        self,
        partners,
        trigger,
        address_partners=None,
        registered=(),
        force=False,
        company=None,
    ):
        """Check ``partners`` (their commercial entities); the address
        checked is ``address_partners[partner]`` (the letter's recipient),
        else the customer's. A poor address of a partner in ``registered``
        (a registered letter by post is about to leave) is *blocking*.
        ``force``: ask the registries even when a recent check exists.
        ``company``: the company asking (default: the current one), whose
        recent checks are reused and which the new checks belong to (a
        customer of one company only: that company).
        Returns a :class:`RegistryReport`."""
        if company and company != self.env.company:
            return self.with_company(company)._recovery_check_partners(
                partners, trigger, address_partners, registered, force
            )
        company = self.env.company
        report = RegistryReport()
        if self.env.su and self.env.context.get(SKIP_CONTEXT_KEY) is _SkipRegistries:
            return report
        address_partners = address_partners or {}
        max_age = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"{PARAM_PREFIX}max_age_days", DEFAULT_MAX_AGE_DAYS)
            or 0
        )
        now = fields.Datetime.now()
        customers = partners.commercial_partner_id
        recent = self.browse()
        if not force and max_age > 0:
            recent = self.sudo().search(
                [
                    ("partner_id", "in", customers.ids),
                    ("company_id", "in", (company | customers.company_id).ids),
                    ("check_date", ">=", now - timedelta(days=max_age)),
                    ("status", "!=", "unavailable"),
                ]
            )
        for partner in partners:
            self._recovery_check_one(
                partner,
                trigger,
                address_partners.get(partner, partner.commercial_partner_id),
                partner in registered,
                recent,
                report,
            )
        return report

    def _recovery_check_one(
        self, partner, trigger, address_partner, registered, recent, report
    ):
        customer = partner.commercial_partner_id
        checks = []  # values of the new checks
        notes = []  # alerts and unavailable services, for the customer's note

        def reuse(service, query):
            return recent.filtered(
                lambda c: (
                    c.partner_id == customer
                    and c.service == service
                    and c.query == query
                )
            )[:1]

        def unavailable(service, query, error):
            label = dict(self._fields["service"]._description_selection(self.env))[
                service
            ]
            message = self.env._(
                "%(service)s could not be checked (%(error)s).",
                service=label,
                error=error,
            )
            report.warnings.append(message)
            notes.append(message)
            return {"service": service, "status": "unavailable", "summary": message,
                    "query": query}  # fmt: skip

        # 1-2. Company status and collective procedures.
        company_services = [
            service
            for service in ("sirene", "bodacc")
            if registry_settings(self.env, service).enabled
        ]
        siren = self._recovery_siren(customer) if customer.is_company else None
        if customer.is_company and company_services and not siren:
            report.warnings.append(
                self.env._(
                    "%(customer)s has no SIREN: its company status and BODACC "
                    "announcements were not checked.",
                    customer=customer.display_name,
                )
            )
        for service in company_services if siren else ():
            settings = registry_settings(self.env, service)
            previous = reuse(service, siren)
            if previous:
                if previous.status == "alert":
                    report.warnings.append(previous.summary)
                continue
            try:
                if service == "sirene":
                    vals = self._recovery_check_sirene(customer, siren, settings)
                else:
                    vals = self._recovery_check_bodacc(
                        customer, siren, settings, report
                    )
            except services.RegistryUnavailable as exc:
                vals = unavailable(service, siren, self._recovery_unavailable_text(exc))
            else:
                if vals["status"] == "alert":
                    report.warnings.append(vals["summary"])
                    notes.append(vals["summary"])
            checks.append(vals)

        # 3. The letter's address, in France only (the BAN's scope).
        settings = registry_settings(self.env, "address")
        country = address_partner.country_id.code
        query = address_tools.query_text(
            address_partner.street,
            address_partner.street2,
            address_partner.zip,
            address_partner.city,
        )
        if settings.enabled and country in (False, "FR") and query:
            previous = reuse("address", query)
            if previous:
                vals = None
                status, summary = previous.status, previous.summary
                label = previous.address_label
            else:
                try:
                    vals = self._recovery_check_address(query, settings)
                except services.RegistryUnavailable as exc:
                    vals = unavailable(
                        "address", query, self._recovery_unavailable_text(exc)
                    )
                status, summary = vals["status"], vals["summary"]
                label = vals.get("address_label")
                checks.append(vals)
            if status == "alert":
                if registered:
                    report.blocking.append(
                        self.env._(
                            "The address of %(recipient)s (%(address)s) was not "
                            "found in the Base Adresse Nationale: a registered "
                            "letter would come back. %(proposal)s Correct the "
                            "address, then validate again.",
                            recipient=address_partner.display_name,
                            address=query,
                            proposal=self.env._(
                                "Normalised address proposed: %(label)s.", label=label
                            )
                            if label
                            else self.env._("No address matches it."),
                        )
                    )
                else:
                    report.warnings.append(summary)
                if vals:
                    notes.append(summary)

        if checks:
            self.sudo().create(
                [
                    {
                        **vals,
                        "partner_id": customer.id,
                        "trigger": trigger,
                        # A customer of one company only: its checks are
                        # that company's (``check_company``).
                        "company_id": (customer.company_id or self.env.company).id,
                    }
                    for vals in checks
                ]
            )
        if notes:
            customer.sudo().message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    self.env._("Public registries:"),
                    Markup().join(Markup("<li>%s</li>") % note for note in notes),
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ---- One service each: the values of the check to store ----

    def _recovery_check_sirene(self, customer, siren, settings):
        company, source = services.sirene.fetch_company(
            settings.url, siren, settings.timeout
        )
        number = formatting.format_siren(siren)
        if company["state"] == sirene_tools.NOT_FOUND:
            status = "alert"
            summary = self.env._(
                "SIREN %(siren)s is not in the company directory: check the "
                "number of %(customer)s.",
                siren=number,
                customer=customer.display_name,
            )
        elif company["state"] == sirene_tools.CEASED:
            status = "alert"
            summary = self.env._(
                "SIREN %(siren)s: the company has ceased trading (closed on "
                "%(date)s). Last head office: %(address)s.",
                siren=number,
                date=formatting.format_date(company["closed_on"]) or "?",
                address=company["head_office"] or "?",
            )
        else:
            status = "ok"
            summary = self.env._(
                "SIREN %(siren)s: active company. Head office: %(address)s.",
                siren=number,
                address=company["head_office"] or "?",
            )
        return {"service": "sirene", "status": status, "summary": summary,
                "query": siren, "source": source}  # fmt: skip

    def _recovery_check_bodacc(self, customer, siren, settings, report):
        judgments, source = services.bodacc.fetch_judgments(
            settings.url, siren, settings.timeout
        )
        opening = bodacc_tools.current_opening(judgments)
        if not opening:
            summary = self.env._("No collective procedure in progress in the BODACC.")
            return {"service": "bodacc", "status": "ok", "summary": summary,
                    "query": siren, "source": source}  # fmt: skip
        summary = self.env._(
            "BODACC: %(nature)s (judgment of %(date)s, %(court)s), published on "
            "%(published)s.",
            nature=opening["nature"],
            date=formatting.format_date(opening["judgment_date"]) or "?",
            court=opening["court"] or "?",
            published=formatting.format_date(opening["publication_date"]) or "?",
        )
        if not customer.recovery_collective_procedure:
            self._recovery_record_procedure(customer, opening)
            report.new_procedures.add(customer.id)
        return {"service": "bodacc", "status": "alert", "summary": summary,
                "query": siren, "source": source}  # fmt: skip

    def _recovery_check_address(self, query, settings):
        match, source = services.address.fetch_best_match(
            settings.url, query, settings.timeout
        )
        min_score = float(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                f"{PARAM_PREFIX}address_min_score", address_tools.DEFAULT_MIN_SCORE
            )
        )
        vals = {"service": "address", "query": query, "source": source}
        if address_tools.is_good_match(match, min_score):
            return {
                **vals,
                "status": "ok",
                "summary": self.env._(
                    "Address found in the Base Adresse Nationale: %(label)s "
                    "(score %(score)s).",
                    label=match["label"],
                    score=formatting.format_number(match["score"]),
                ),
                "address_label": match["label"],
                "address_score": match["score"],
            }
        return {
            **vals,
            "status": "alert",
            "summary": self.env._(
                "Address not found in the Base Adresse Nationale: %(address)s "
                "(best match: %(label)s, score %(score)s, under %(min)s).",
                address=query,
                label=match["label"] if match else "-",
                score=formatting.format_number(match["score"] if match else 0),
                min=formatting.format_number(min_score),
            ),
            # Only the town matched: nothing worth proposing.
            "address_label": match["label"]
            if match and match["type"] != "municipality"
            else False,
            "address_score": match["score"] if match else 0.0,
        }

    def _recovery_record_procedure(self, customer, opening):
        """The opening judgment on the customer (shared by the companies:
        it stops every creditor's claim, C. com. L622-7 and L622-21), a note,
        and an activity for its recovery responsible with the last day to
        declare the claim (R622-24). The registry is the authority here:
        written as the system, whoever asked for the check."""
        judgment_date = opening["judgment_date"] or opening["publication_date"]
        customer.sudo().write(
            {
                "recovery_collective_procedure": True,
                "recovery_collective_procedure_date": judgment_date,
                "recovery_collective_procedure_type": opening["procedure_type"],
                "recovery_collective_procedure_publication_date": opening[
                    "publication_date"
                ],
            }
        )
        company = self.env.company
        deadline = None
        if opening["publication_date"]:
            deadline = bodacc_tools.declaration_deadline(
                opening["publication_date"],
                bodacc_tools.extended_delay(
                    opening["department"],
                    company.zip,
                    # France with its overseas départements and
                    # collectivités (l10n_fr's list of country codes).
                    not company.country_id
                    or company.country_id.code in company._get_france_country_codes(),
                ),
            )
        body = self.env._(
            "Collective procedure recorded from the BODACC: %(nature)s, judgment "
            "of %(date)s (%(court)s), published on %(published)s. Reminders stop; "
            "declare the claim to the court-appointed representative by "
            "%(deadline)s (C. com. L622-24 and R622-24).",
            nature=opening["nature"],
            date=formatting.format_date(judgment_date) or "?",
            court=opening["court"] or "?",
            published=formatting.format_date(opening["publication_date"]) or "?",
            deadline=formatting.format_date(deadline) or "?",
        )
        customer.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
        responsible = (
            customer.with_company(company).recovery_user_id
            or customer.user_id
            or self.env.user
        )
        customer.sudo().activity_schedule(
            "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
            date_deadline=deadline or fields.Date.context_today(self),
            summary=self.env._("Declare the claim: collective procedure in the BODACC"),
            note=body,
            user_id=responsible.id,
        )
