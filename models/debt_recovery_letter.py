# ruff: noqa: RUF001
# (French letter text: French typography.)
"""The recovery letters: their data (tools/letter_data.py) built from Odoo
records, and the one way a letter is made (``_letter_produce``).

Every model that prints recovery letters (``LETTER_KINDS_BY_MODEL``)
implements, with the helpers of this abstract model:

- ``_recovery_letters(kind=None)``: one :class:`letter_data.Letter` of
  ``kind`` per record, in order (``None``: the record's own letter);
- ``_recovery_letter_filename(report)``: the file name of its PDF;
- ``_recovery_letter_failed(reason)``: what becomes of records whose letter
  could not be made (a step fails with the reason, a validation is refused,
  a note says it in the chatter).

The kind of letter a report prints is a field of the report
(``ir.actions.report.debt_recovery_letter_kind``); the py3o parser context
of a report that has one gets the letters as ``letters`` (see
models/py3o_report.py).
"""

import datetime
import logging
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from odoo import api, models
from odoo.addons.report_py3o.models._py3o_parser_context import Py3oParserContext
from odoo.tools import SQL

from ..services import libreoffice, pdf_text, py3o_render
from ..tools import formatting, letter_data, pdf_batch, public_buyers
from ..tools import penalties as penalty_tools
from ..tools import rates as rate_tools

_logger = logging.getLogger(__name__)

ZERO = Decimal("0")
# System parameter: letters converted to PDF by one LibreOffice process.
BATCH_SIZE_PARAM = "l10n_fr_debt_recovery.pdf_batch_size"
DEFAULT_BATCH_SIZE = 50

# Letter kind of each step of the ladder (debt.recovery.level code).
KIND_BY_LEVEL = {
    "courtesy": "relance_amiable",
    "amicable": "relance_amiable",
    "firm": "relance_ferme",
    "formal_notice": "mise_en_demeure",
}
# The models that print recovery letters, and the kinds of letter each one
# builds (``_recovery_letters(kind)``).
LETTER_KINDS_BY_MODEL = {
    "debt.recovery.action": ("relance_amiable", "relance_ferme", "mise_en_demeure"),
    "debt.recovery.notice": ("mise_en_demeure",),
    "debt.recovery.case": ("dossier_contentieux", "declaration_creance"),
    "debt.recovery.plan": ("echeancier", "reconnaissance_dette"),
    "res.partner": ("releve_compte", "suspension", "reprise_service"),
    "debt.recovery.guarantee": ("information_caution", "information_annuelle_caution"),
}

# French salutations and abbreviations by partner title (base data).
TITLES = {
    "base.res_partner_title_madam": ("Madame", "Mme"),
    "base.res_partner_title_miss": ("Madame", "Mme"),
    "base.res_partner_title_mister": ("Monsieur", "M."),
    "base.res_partner_title_doctor": ("Docteur", "Dr"),
    "base.res_partner_title_prof": ("Professeur", "Pr"),
}
DEFAULT_SALUTATION = "Madame, Monsieur"
DEFAULT_CLAIM_BASIS = (
    "Factures impayées, émises en application des conditions générales de "
    "vente du créancier"
)
OTHER_SUMS_LABEL = (
    "Indemnités forfaitaires pour frais de recouvrement "
    "(art. D441-5 du Code de commerce)"
)
#: A public buyer owes it under the public procurement code (CCP D2192-35).
OTHER_SUMS_LABEL_PUBLIC = (
    "Indemnités forfaitaires pour frais de recouvrement "
    "(art. D2192-35 du Code de la commande publique)"
)


def _amount(value, currency=None):
    """``value`` in figures, in ``currency`` (a ``res.currency``; default
    euros): ``"1 100,00 USD"``, ``"40,00 €"``."""
    code = currency.name if currency else "EUR"
    return formatting.format_currency_amount(Decimal(str(value)), code)


def _short(day):
    return day.strftime("%d/%m/%Y") if day else ""


def _days(days):
    return f"{days} jour" if days == 1 else f"{days} jours"


class DebtRecoveryLetter(models.AbstractModel):
    _name = "debt.recovery.letter"
    _description = "Debt Recovery Letter Builder"

    # ------------------------------------------------------------ identities
    @api.model
    def _letter_address_lines(self, partner, home_country=None, envelope=False):
        """Postal lines of ``partner``; the country only when it is not
        ``home_country``. ``envelope``: town and country in capitals, as La
        Poste asks on an envelope."""
        city = " ".join(p for p in (partner.zip, partner.city) if p)
        lines = [partner.street, partner.street2, city.upper() if envelope else city]
        if partner.country_id and partner.country_id != home_country:
            country = partner.country_id.name
            lines.append(country.upper() if envelope else country)
        return [line.strip() for line in lines if line and line.strip()]

    @api.model
    def _letter_siret(self, record):
        """SIRET of a company or partner: the company ID (``company_registry``),
        or the ``siret`` field of l10n_fr when it is installed."""
        value = record.company_registry
        if not value and "siret" in record._fields:
            value = record.siret
        return formatting.format_siret(value)

    @api.model
    def _letter_company(self, company):
        """Letterhead of ``company`` (:class:`letter_data.Company`)."""
        company = company.sudo()
        return letter_data.Company(
            name=company.name or "",
            address_lines=self._letter_address_lines(
                company.partner_id, company.country_id
            ),
            city=company.city or "",
            legal_form=company.debt_recovery_legal_form or "",
            rcs=company.debt_recovery_rcs or "",
            siret=self._letter_siret(company),
            vat=company.vat or "",
            phone=company.phone or "",
            email=company.email or "",
            website=(company.website or "")
            .removeprefix("https://")
            .removeprefix("http://"),
        )

    @api.model
    def _letter_partner_company(self, partner):
        """Letterhead of a partner writing letters (the collection agency)."""
        partner = partner.sudo()
        return letter_data.Company(
            name=partner.name or "",
            address_lines=self._letter_address_lines(
                partner, self.env.company.country_id
            ),
            city=partner.city or "",
            siret=self._letter_siret(partner),
            vat=partner.vat or "",
            phone=partner.phone or "",
            email=partner.email or "",
            website=(partner.website or "")
            .removeprefix("https://")
            .removeprefix("http://"),
        )

    @api.model
    def _letter_title(self, partner):
        """``(salutation word, abbreviation)`` of a person, or ``None``."""
        if not partner.title:
            return None
        title = partner.title.sudo()
        xmlid = title.get_external_id().get(title.id)
        if xmlid in TITLES:
            return TITLES[xmlid]
        return title.name, title.shortcut or title.name

    @api.model
    def _letter_recipient(self, partner):
        """The addressee in the envelope window: the commercial entity's name,
        ``partner``'s address (the invoicing contact, or the customer), and
        "À l'attention de ..." when ``partner`` is a named contact."""
        partner = partner.sudo()
        commercial = partner.commercial_partner_id
        address = partner if partner.street or partner.city else commercial
        home = self.env.company.country_id
        contact = ""
        if partner != commercial and partner.name and not partner.is_company:
            title = self._letter_title(partner)
            name = f"{title[1]} {partner.name}" if title else partner.name
            contact = f"À l'attention de {name}"
        identity = []
        if commercial.is_company and commercial.company_registry:
            registry = "".join(ch for ch in commercial.company_registry if ch.isdigit())
            identity.append(
                f"SIREN {formatting.format_siren(registry[:9])}"
                if len(registry) in (9, 14)
                else commercial.company_registry
            )
        if commercial.is_company and commercial.vat:
            identity.append(f"TVA {commercial.vat}")
        return letter_data.Recipient(
            name=commercial.name or "",
            address_lines=self._letter_address_lines(address, home, envelope=True),
            contact=contact,
            customer_code=commercial.ref or "",
            identity=" – ".join(identity),
        )

    @api.model
    def _letter_salutation(self, partner):
        """``(salutation, recall)``: "Madame, Monsieur," unless the letter is
        addressed to a named contact whose title is known."""
        partner = partner.sudo()
        if partner != partner.commercial_partner_id or not partner.is_company:
            title = self._letter_title(partner)
            if title:
                return f"{title[0]},", title[0]
        return f"{DEFAULT_SALUTATION},", DEFAULT_SALUTATION

    @api.model
    def _letter_payment(self, company, reference):
        company = company.sudo()
        bank = company.partner_id.bank_ids.sorted(lambda b: (b.sequence, b.id))[:1]
        return letter_data.Payment(
            account_holder=(bank.acc_holder_name or company.name or "") if bank else "",
            iban=formatting.format_iban(bank.acc_number) if bank else "",
            bic=(bank.bank_bic or "") if bank else "",
            bank=(bank.bank_name or "") if bank else "",
            reference=reference or "",
            cheque_payee=company.name or "",
            cheque_address=", ".join(
                [
                    company.name or "",
                    *self._letter_address_lines(company.partner_id, company.country_id),
                ]
            ),
        )

    @api.model
    def _letter_signatory(self, company):
        company = company.sudo()
        user = company.debt_recovery_signatory_id
        if not user:
            return letter_data.Signatory(
                name="Le service recouvrement",
                function=company.name or "",
                phone=company.phone or "",
                email=company.email or "",
            )
        return letter_data.Signatory(
            name=user.name or "",
            function=company.debt_recovery_signatory_function or "",
            phone=user.phone or company.phone or "",
            email=user.email or company.email or "",
        )

    @api.model
    def _letter_agency_signatory(self, agency):
        """The agency's first contact person signs its letters."""
        agency = agency.sudo()
        person = agency.child_ids.filtered(
            lambda p: p.type == "contact" and not p.is_company
        )[:1]
        return letter_data.Signatory(
            name=person.name or "Le service recouvrement",
            function=(person.function or "") if person else agency.name or "",
            phone=person.phone or agency.phone or "",
            email=person.email or agency.email or "",
        )

    @api.model
    def _letter_agency(self, company, letter):
        """Mentions of a letter sent by the collection agency (CPCE R124-4);
        the amounts are filled by :meth:`_letter_fill_invoices`."""
        company = company.sudo()
        agency = company.debt_recovery_agency_partner_id
        creditor = letter.company
        return letter_data.AgencyMentions(
            sender=self._letter_partner_company(agency),
            creditor_name=creditor.name,
            creditor_address_lines=list(creditor.address_lines),
            claim_basis=company.debt_recovery_agency_claim_basis or DEFAULT_CLAIM_BASIS,
        )

    @api.model
    def _letter_base(self, kind, company, partner, date, reference, subject=None):
        """A :class:`letter_data.Letter` of ``kind`` from ``company`` to
        ``partner`` (the invoicing contact or the customer) dated ``date``:
        letterhead, addressee, place and date, reference and subject,
        salutation, payment details, signatory and, for the reminders of a
        company working through a collection agency, the agency mentions.
        Invoices and totals: :meth:`_letter_fill_invoices`."""
        if kind not in letter_data.KINDS:
            raise ValueError(f"unknown letter kind {kind!r}")
        company = company.sudo()
        partner = partner.sudo()
        sender = self._letter_company(company)
        salutation, recall = self._letter_salutation(partner)
        long_date = formatting.format_date(date)
        letter = letter_data.Letter(
            kind=kind,
            company=sender,
            recipient=self.with_company(company)._letter_recipient(partner),
            place_date=f"{sender.city}, le {long_date}"
            if sender.city
            else f"Le {long_date}",
            date=long_date,
            reference=reference or "",
            subject=subject or letter_data.SUBJECTS[kind],
            salutation=salutation,
            salutation_recall=recall,
            b2b=not partner.commercial_partner_id.recovery_is_consumer,
            payment=self._letter_payment(company, reference),
            signatory=self._letter_signatory(company),
            # 40 EUR fixed by law (C. com. D441-5, CCP D2192-35).
            indemnity_unit=_amount(penalty_tools.LEGAL_INDEMNITY, company.currency_id),
        )
        if partner.commercial_partner_id.recovery_is_public_buyer:
            letter.public_buyer = True
            letter.penalty_basis = public_buyers.PENALTY_BASIS["public"]
            letter.penalty_basis_a = public_buyers.PENALTY_BASIS_A["public"]
            letter.penalty_basis_de = public_buyers.PENALTY_BASIS_DE["public"]
            letter.indemnity_basis = public_buyers.INDEMNITY_BASIS["public"]
            letter.indemnity_law = public_buyers.INDEMNITY_LAW["public"]
            letter.indemnity_debtor = public_buyers.INDEMNITY_DEBTOR["public"]
        if (
            kind in letter_data.AGENCY_KINDS
            and company.debt_recovery_agency_mode
            and company.debt_recovery_agency_partner_id
        ):
            letter.agency = self._letter_agency(company, letter)
            letter.signatory = self._letter_agency_signatory(
                company.debt_recovery_agency_partner_id
            )
            agency = letter.agency.sender
            if agency.city:
                letter.place_date = f"{agency.city}, le {long_date}"
        return letter

    # -------------------------------------------------------------- amounts
    @api.model
    def _letter_open_credits(self, company, partners):
        """Open credit notes and unreconciled payments of the customers, as
        receivable lines with a negative residual (the deductions the daily
        job counts)."""
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "child_of", partners.commercial_partner_id.ids),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", "<", 0),
                ],
                order="date, id",
            )
        )
        return lines

    @api.model
    def _letter_credit_label(self, line):
        move = line.move_id
        if move.move_type == "out_refund":
            return "Avoir"
        if line.payment_id or move.origin_payment_id:
            return "Règlement non affecté"
        return "Crédit non affecté"

    @api.model
    def _letter_rate(self, invoice, date, table):
        """Rate printed for ``invoice`` when no penalty is computed (Decimal
        or None): the rate that would apply on ``date``."""
        company = invoice.company_id
        commercial = invoice.commercial_partner_id
        first_day = invoice._recovery_interest_due() + datetime.timedelta(days=1)
        try:
            if commercial.recovery_is_consumer:
                return table.rate(rate_tools.LEGAL_OTHER, date)
            if commercial.recovery_is_public_buyer:
                return penalty_tools.penalty_rate(
                    first_day, table, penalty_tools.PUBLIC_PENALTY_POINTS
                )
            if company.debt_recovery_rate_mode == "contractual":
                return Decimal(str(company.debt_recovery_contractual_rate))
            if company.debt_recovery_rate_mode == "ecb_daily":
                first_day = max(first_day, rate_tools.half_year_start(date))
            return penalty_tools.penalty_rate(first_day, table)
        except rate_tools.MissingRateError:
            return None

    @api.model
    def _letter_rate_label(self, company, rates, b2b, public_buyer=False):
        """What follows "au taux de" in the letters. ``rates``: ``{(half-year
        start or None, rate)}`` actually used by the penalties (each
        half-year's rate in the default mode, so that the letter names every
        rate of the computation), e.g. "13,15 % l'an au 1er semestre 2025 et
        12,15 % l'an au 2e semestre 2025 (taux de refinancement de la BCE de
        chaque semestre, majoré de 10 points)"."""
        if not rates:
            return ""
        dated = sorted((hy, rate) for hy, rate in rates if hy)
        plain = sorted({rate for _hy, rate in rates})
        if (
            dated
            and not public_buyer
            and b2b
            and (company.debt_recovery_rate_mode == "ecb_daily")
        ):
            parts = [
                f"{formatting.format_percent(rate)} l'an au "
                f"{rate_tools.half_year_label_fr(hy)}"
                for hy, rate in dated
            ]
            text = (
                parts[0]
                if len(parts) == 1
                else ", ".join(parts[:-1]) + " et " + parts[-1]
            )
            return (
                f"{text} (taux de refinancement de la BCE en vigueur au 1er "
                "janvier ou au 1er juillet de chaque semestre, majoré de 10 points)"
            )
        text = " ou ".join(formatting.format_percent(rate) for rate in plain)
        text += " l'an"
        if not b2b:
            return f"{text} (taux de l'intérêt légal)"
        if public_buyer:
            if len(plain) > 1:
                text += " selon la date d'échéance de chaque facture"
            return (
                f"{text} (taux de refinancement de la BCE en vigueur au premier "
                "jour du semestre au cours duquel les intérêts ont commencé à "
                "courir, majoré de 8 points)"
            )
        if company.debt_recovery_rate_mode == "contractual":
            return f"{text} (taux prévu par nos conditions générales de vente)"
        if len(plain) > 1:
            text += " selon la date d'échéance de chaque facture"
        if company.debt_recovery_rate_mode == "ecb_start":
            return (
                f"{text} (taux de refinancement de la BCE du semestre du premier "
                "jour de retard, majoré de 10 points, appliqué à tout le retard)"
            )
        return f"{text} (taux de refinancement de la BCE majoré de 10 points)"

    @api.model
    def _letter_fill_invoices(
        self,
        letter,
        invoices,
        date,
        with_penalties,
        snapshot=None,
        credit_lines=None,
        rate_table=None,
        portal_urls=None,
    ):
        """Fill ``letter.invoices``, ``letter.credits`` and ``letter.totals``
        with the amounts of ``invoices`` at ``date`` (the figures of
        ``account.move._recovery_snapshot``), deducting the customer's open
        credit notes and unreconciled payments. ``with_penalties``: the
        penalties and, for professionals, the fixed indemnity of each invoice
        are claimed (the step claims them).

        Every amount is in its invoice's currency (a step is in one currency;
        a record covering several prints one total per currency); only the
        credits in those currencies are deducted. The fixed indemnity is in
        the company's currency (euros, C. com. D441-5) and is never added to
        an amount in another currency (:func:`letter_data.claim_totals`).

        ``snapshot``, ``credit_lines`` and ``rate_table``: the figures at
        ``date``, the open credit lines and the reference rates, when the
        caller read them for a batch of letters at once
        (``_letter_open_credits`` of all their customers); ``portal_urls``:
        the customers' recovery page links
        (``debt.recovery.portal.link._urls_for``), likewise."""
        invoices = invoices.sudo().sorted(lambda m: (m.invoice_date_due, m.name))
        company = invoices.company_id[:1] or self.env.company
        if snapshot is None:
            snapshot = invoices._recovery_snapshot(date)
        table = rate_table or self.env["debt.recovery.rate"].sudo()._get_rate_table()
        principal, penalties = defaultdict(Decimal), defaultdict(Decimal)
        indemnity = ZERO
        indemnity_count = 0
        rates = set()
        letter.invoices = []
        letter.penalty_segments = []
        for invoice in invoices:
            figures = snapshot[invoice.id]
            currency = invoice.currency_id
            # A public buyer's due date is capped by the regulated period
            # (CCP L2192-10): the letter prints the one interest runs from.
            due_date = invoice._recovery_interest_due()
            days = max((date - due_date).days, 0) if due_date else 0
            line = letter_data.InvoiceLine(
                number=invoice.name or "",
                date=_short(invoice.invoice_date),
                due_date=_short(due_date),
                amount=_amount(invoice.amount_total, currency),
                residual=_amount(figures["due"], currency),
                days_late=_days(days) if days else "",
            )
            principal[currency.name] += figures["due"]
            result = figures.get("segments")
            if with_penalties and result is not None and result.segments:
                # The rates of the computation itself, by half-year.
                seg_rates = {
                    (rate_tools.half_year_start(seg.start), seg.rate)
                    for seg in result.segments
                }
                rates |= seg_rates
                rate = None
                if len({r for _hy, r in seg_rates}) == 1:
                    rate = result.segments[0].rate
                letter.penalty_segments += letter_data.penalty_segments(
                    line.number, result, currency.name
                )
            else:
                rate = self._letter_rate(invoice, date, table) if days else None
                if rate is not None:
                    rates.add((None, rate))
            if with_penalties:
                if rate is not None:
                    line.penalty_rate = formatting.format_percent(rate)
                line.penalties = _amount(figures["penalty"], currency)
                penalties[currency.name] += figures["penalty"]
                if figures["indemnity"]:
                    line.indemnity = _amount(figures["indemnity"], company.currency_id)
                    indemnity += figures["indemnity"]
                    indemnity_count += 1
            letter.invoices.append(line)
        if letter.public_buyer and invoices:
            letter.public_term_note = letter_data.public_term_note(
                invoices.commercial_partner_id[:1].recovery_public_payment_days
            )
        letter.credits = []
        credits = defaultdict(Decimal)
        partners = invoices.commercial_partner_id
        if credit_lines is None:
            credit_lines = self._letter_open_credits(company, partners)
        else:
            credit_lines = credit_lines.filtered(
                lambda c: (
                    c.company_id == company
                    and c.partner_id.commercial_partner_id in partners
                )
            )
        for line in credit_lines:
            currency = line.currency_id or company.currency_id
            if currency.name not in principal:
                continue  # never deducted from a claim in another currency
            amount = -Decimal(str(line.amount_residual_currency))
            credits[currency.name] += amount
            letter.credits.append(
                letter_data.CreditLine(
                    label=self._letter_credit_label(line),
                    number=line.move_id.name or "",
                    date=_short(line.date),
                    amount=_amount(amount, currency),
                )
            )
        letter.totals = self._letter_claim_totals(
            letter,
            company,
            principal or {company.currency_id.name: ZERO},
            credits,
            penalties if with_penalties else {},
            indemnity if with_penalties else ZERO,
            indemnity_count,
        )
        letter.penalty_rate_label = self._letter_rate_label(
            company, rates, letter.b2b, letter.public_buyer
        )
        if letter.payment:
            if len(invoices) == 1:
                letter.payment.reference = (
                    invoices.payment_reference or invoices.name or ""
                )
            if invoices:
                # The customer's recovery page (signed link): pay all or
                # some invoices, dispute, promise or ask for a plan.
                customer = invoices[0].commercial_partner_id
                letter.payment.portal_url = (
                    portal_urls
                    or self.env["debt.recovery.portal.link"]._urls_for(
                        customer, company
                    )
                )[customer.id]
        return letter

    @api.model
    def _letter_claim_totals(
        self,
        letter,
        company,
        principal,
        credits=None,
        penalties=None,
        indemnity=ZERO,
        indemnity_count=0,
        extra=None,
    ):
        """``letter``'s totals, each currency apart, from amounts ``{ISO
        code: Decimal}`` (the indemnity in ``company``'s currency), and the
        collection agency's breakdown (CPCE R124-4) from the same figures."""
        unit = penalty_tools.LEGAL_INDEMNITY
        totals = letter_data.claim_totals(
            principal,
            credits,
            penalties,
            indemnity=Decimal(str(indemnity)),
            indemnity_count=indemnity_count,
            indemnity_unit=_amount(unit, company.currency_id),
            indemnity_currency=company.currency_id.name,
            extra=extra,
        )
        if letter.agency:
            net = {
                code: amount - (credits or {}).get(code, ZERO)
                for code, amount in principal.items()
            }
            breakdown = letter_data.claim_totals(net)
            letter.agency.principal = breakdown.total
            letter.agency.interest = totals.penalties
            letter.agency.other_sums = totals.indemnity
            label = OTHER_SUMS_LABEL_PUBLIC if letter.public_buyer else OTHER_SUMS_LABEL
            letter.agency.other_sums_label = label if indemnity else ""
            letter.agency.total = totals.total
        return totals

    # ------------------------------------------------------------ history
    @api.model
    def _letter_previous_actions(self, partners, companies):
        """Letters sent to the customers (done steps by email or post):
        ``{partner_id: [(date, reference, invoice_ids, action_id, company_id)]}``
        oldest first, in one query."""
        result = defaultdict(list)
        if not partners:
            return result
        self.env["debt.recovery.action"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT action.partner_id, action.date, action.name,
                       ARRAY_AGG(rel.invoice_id), action.id, action.company_id
                  FROM debt_recovery_action action
                  JOIN debt_recovery_action_invoice_rel rel ON rel.action_id = action.id
                 WHERE action.partner_id = ANY(%s) AND action.company_id = ANY(%s)
                   AND action.state = 'done'
                   AND action.channel IN ('email', 'post', 'both')
              GROUP BY action.id
              ORDER BY action.date, action.id
                """,
                partners.ids,
                companies.ids,
            )
        )
        for (
            partner_id,
            day,
            name,
            invoice_ids,
            action_id,
            company_id,
        ) in self.env.cr.fetchall():
            result[partner_id].append((day, name, invoice_ids, action_id, company_id))
        return result

    # ---------------------------------------------------------- statement
    @api.model
    def _letter_fill_statement(self, letter, partner, company, date):
        """Fill ``letter.statement``: the customer's open items (invoices,
        credit notes, unreconciled payments) at ``date`` with a running
        balance, and ``letter.totals`` with the balance.

        Each item is in its own currency; a customer with items in several
        currencies gets one running balance per currency (the items of the
        company's currency first) and the balances are given side by side,
        never added together."""
        commercial = partner.sudo().commercial_partner_id
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "child_of", commercial.ids),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", "!=", 0),
                    ("date", "<=", date),
                ],
                order="date, id",
            )
        )
        home = company.currency_id
        lines = lines.sorted(
            lambda line: (
                (line.currency_id or home) != home,
                (line.currency_id or home).name,
            )
        )
        balance, debit_total = defaultdict(Decimal), defaultdict(Decimal)
        credit_total, overdue = defaultdict(Decimal), defaultdict(Decimal)
        rows = []
        for line in lines:
            currency = line.currency_id or home
            code = currency.name
            residual = Decimal(str(line.amount_residual_currency))
            move = line.move_id
            due = line.date_maturity or move.invoice_date_due
            debit, credit = max(residual, ZERO), max(-residual, ZERO)
            balance[code] += residual
            debit_total[code] += debit
            credit_total[code] += credit
            status = ""
            if debit and move.move_type == "out_invoice" and due:
                if due < date:
                    status = f"Échue ({(date - due).days} j)"
                    overdue[code] += debit
                else:
                    status = "À échoir"
            if move.move_type == "out_invoice":
                label = "Facture"
                if residual != Decimal(str(line.amount_currency)):
                    label = "Facture (solde)"
            elif move.move_type == "out_refund":
                label = "Avoir"
            else:
                label = self._letter_credit_label(line) if credit else "Débit"
            rows.append(
                letter_data.StatementLine(
                    date=_short(line.date),
                    number=move.name or "",
                    label=label,
                    due_date=_short(due) if move.move_type == "out_invoice" else "",
                    debit=_amount(debit, currency) if debit else "",
                    credit=_amount(credit, currency) if credit else "",
                    balance=_amount(balance[code], currency),
                    status=status,
                )
            )
        codes = list(balance) or [home.name]
        for code in codes:
            overdue[code] = min(overdue[code], max(balance[code], ZERO))

        def figures(mapping):
            return formatting.format_amounts(
                [(mapping.get(code, ZERO), code) for code in codes]
            )

        in_words = formatting.amounts_in_words(
            [(abs(balance.get(code, ZERO)), code) for code in codes]
        )
        table = self.env["debt.recovery.rate"].sudo()._get_rate_table()
        late = lines.move_id.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.invoice_date_due
                and m.invoice_date_due < date
            )
        )
        rates = {(None, self._letter_rate(move, date, table)) for move in late} - {
            (None, None)
        }
        letter.penalty_rate_label = self._letter_rate_label(
            company, rates, letter.b2b, letter.public_buyer
        )
        if letter.payment and late:
            customer = late[0].commercial_partner_id
            letter.payment.portal_url = self.env["debt.recovery.portal.link"]._urls_for(
                customer, company
            )[customer.id]
        letter.statement = letter_data.Statement(
            as_of=formatting.format_date(date),
            lines=rows,
            total_debit=figures(debit_total),
            total_credit=figures(credit_total),
            balance=figures(balance),
            balance_in_words=in_words,
            overdue=figures(overdue),
        )
        letter.totals = letter_data.Totals(
            principal=figures(debit_total),
            credits=figures(credit_total),
            total=figures(balance),
            total_in_words=in_words,
            has_credits=any(credit_total.values()),
        )
        return letter

    # ------------------------------------------------------------- PDF
    @api.model
    def _letter_check_access(self, records):
        """Refuse the letters of ``records`` to a user who may not read them
        (the model's access right and the record rules, the company rules
        among them): the builders read their data as superuser (the
        company's bank account, the customer's accounting), so each one
        calls this first. Records in memory only (a preview) have no rule to
        check, only the model's right."""
        records.browse().check_access("read")
        records._origin.check_access("read")

    @api.model
    def _letter_data(self, records, kind=None):
        """The letters of ``records`` (:class:`letter_data.Letter`, one per
        record, in order), of ``kind`` (``None``: each record's own)."""
        kinds = LETTER_KINDS_BY_MODEL.get(records._name)
        if kinds is None:
            raise ValueError(f"{records._name} prints no recovery letter")
        if kind is not None and kind not in kinds:
            raise ValueError(f"{records._name} prints no letter of kind {kind!r}")
        return records._recovery_letters(kind)

    @api.model
    def _letter_produce(self, requests, store=True):
        """Make letters as PDFs: the one way the addon makes a letter, for
        the steps, formal notices, litigation files, plans and customers,
        sent or previewed. In order:

        1. the letters' data of each report (``_letter_data``), all the
           records of a report at once;
        2. rendered by py3o, ``pdf_batch_size`` letters of a report a
           document at most, spread over the cores
           (``pdf_batch.document_sizes``);
        3. every document of the call converted to PDF at once, shared over
           one LibreOffice process a core (``_letter_convert_odts``,
           services/libreoffice.py);
        4. each PDF cut into its letters at the pages showing their
           reference (services/pdf_text.py). A document that cannot be
           rendered, converted or cut is made again one letter a document,
           so that only a letter that cannot be made fails, with its reason
           (a template error, LibreOffice missing or unable to read it);
        5. with ``store``: the records whose letter could not be made are
           handed the reason (``_recovery_letter_failed``: a step fails,
           a validation is refused, a note says it), before anything is
           stored; then each PDF is attached to its record and, on the
           models keeping their letter (``letter_attachment_id``), linked
           as it, with its SHA-256 (``letter_sha256``). A record with
           several letters gets none of them when one fails: nothing is
           half done.

        Reports of another type than py3o are rendered by Odoo one record at
        a time (they convert on their own), then stored the same way.

        :param requests: ``[(record, report), ...]``: the letter of
            ``record`` printed with the ``ir.actions.report`` ``report``;
            records of several models may be mixed, each one keeps its own
            environment (a customer's letter is in its company's name)
        :param store: ``False`` for a preview: nothing is written, the PDFs
            and the errors are only returned (the records may be in memory,
            ``Model.new()``)
        :returns: one :class:`LetterOutcome` per request, in order
        """
        outcomes = [LetterOutcome(record, report) for record, report in requests]
        if outcomes:
            self._letter_make_pdfs(outcomes)
            if store:
                self._letter_store(outcomes)
        return outcomes

    @api.model
    def _letter_make_pdfs(self, outcomes):
        """Steps 1 to 4 of ``_letter_produce``: the ``pdf`` or the ``error``
        of each outcome."""
        groups = defaultdict(list)
        for index, outcome in enumerate(outcomes):
            if outcome.report.model != outcome.record._name:
                # A report of another model would render the records of
                # that model whose ids are these (see the rungs' constraint,
                # ``debt.recovery.level._check_step_documents``).
                outcome.error = self.env._(
                    "The document %(report)s does not print %(model)s records.",
                    report=outcome.report.name,
                    model=outcome.record._description,
                )
                continue
            groups[outcome.report, outcome.record.env].append(index)
        size = self._letter_pdf_batch_size()
        letters, documents = {}, []
        for (report, _env), indexes in groups.items():
            if report.report_type != "py3o":
                self._letter_render_reports([outcomes[i] for i in indexes])
                continue
            letters.update(self._letter_build(outcomes, indexes))
            ready = [index for index in indexes if index in letters]
            start = 0
            for count in pdf_batch.document_sizes(len(ready), size):
                documents.append(ready[start : start + count])
                start += count
        alone = self._letter_render_documents(outcomes, letters, documents)
        if alone:
            self._letter_render_documents(
                outcomes, letters, [[index] for index in sorted(alone)]
            )

    @api.model
    def _letter_build(self, outcomes, indexes):
        """``{index: Letter}``: the data of the letters ``indexes`` of
        ``outcomes`` (one report, one environment), read together; when that
        fails, one by one, the letters that cannot be built failing with
        the reason."""
        report = outcomes[indexes[0]].report
        kind = report.debt_recovery_letter_kind or None
        records = [outcomes[index].record for index in indexes]
        try:
            with self.env.cr.savepoint():
                built = self._letter_data(records[0].concat(*records[1:]), kind)
            return dict(zip(indexes, built, strict=True))
        except Exception as err:
            if len(indexes) == 1:
                _logger.exception("Letter of %s could not be built", records[0])
                outcomes[indexes[0]].error = self._letter_render_error(err)
                return {}
            _logger.info("Letter data built one by one", exc_info=True)
        result = {}
        for index in indexes:
            try:
                with self.env.cr.savepoint():
                    (result[index],) = self._letter_data(outcomes[index].record, kind)
            except Exception as err:
                _logger.exception(
                    "Letter of %s could not be built", outcomes[index].record
                )
                outcomes[index].error = self._letter_render_error(err)
        return result

    @api.model
    def _letter_render_error(self, error):
        return self.env._(
            "The letter could not be rendered from its template: %(error)s",
            error=error,
        )

    @api.model
    def _letter_render_documents(self, outcomes, letters, documents):
        """Render each document (a list of indexes of ``outcomes`` of one
        report and environment) as one ODT, convert them all at once and cut
        each PDF into its letters. Sets the ``pdf`` or the ``error`` of the
        letters alone in their document; returns the indexes of the letters
        of documents that could not be made, to make again one a document."""
        odts, retry = {}, []
        for number, indexes in enumerate(documents):
            records = [outcomes[index].record for index in indexes]
            try:
                with self.env.cr.savepoint():
                    odts[number] = self._letter_render_odt(
                        outcomes[indexes[0]].report,
                        [letters[index] for index in indexes],
                        records[0].concat(*records[1:]),
                    )
            except Exception as err:
                if len(indexes) > 1:
                    _logger.info("Letters rendered one by one", exc_info=True)
                    retry.extend(indexes)
                else:
                    _logger.exception("Letter of %s could not be rendered", records[0])
                    outcomes[indexes[0]].error = self._letter_render_error(err)
        pdfs, errors = self._letter_convert_odts(odts)
        for number, message in errors.items():
            if len(documents[number]) > 1:
                retry.extend(documents[number])
            else:
                outcomes[documents[number][0]].error = message
        with tempfile.TemporaryDirectory(prefix="debt-recovery-split-") as folder:
            for number, content in pdfs.items():
                indexes = documents[number]
                if len(indexes) == 1:
                    outcomes[indexes[0]].pdf = content
                    continue
                path = Path(folder) / f"document-{number:05d}.pdf"
                path.write_bytes(content)
                parts = pdf_text.split_pdf(
                    path,
                    [letters[index].reference for index in indexes],
                    Path(folder) / f"document-{number:05d}",
                )
                if not parts:
                    retry.extend(indexes)
                    continue
                for index, part in zip(indexes, parts, strict=True):
                    outcomes[index].pdf = Path(part).read_bytes()
        return retry

    @api.model
    def _letter_render_reports(self, outcomes):
        """The letters of a report of another type than py3o: rendered (and
        converted) by Odoo, one record at a time, in the record's own
        environment (no superuser: such a template reads the records itself,
        with the rights of whoever asks for the letter)."""
        for outcome in outcomes:
            try:
                with self.env.cr.savepoint():
                    outcome.pdf, _ext = (
                        self.env["ir.actions.report"]
                        .with_env(outcome.record.env)
                        ._render(outcome.report.report_name, outcome.record.ids)
                    )
            except Exception as err:
                _logger.exception("Letter of %s could not be rendered", outcome.record)
                outcome.error = self._letter_render_error(err)

    @api.model
    def _letter_render_odt(self, report, letters, records):
        """``letters`` as one ODT document, with the template of the py3o
        ``report`` (the one uploaded on the report, else its file): the
        template gets ``letters`` and, as ``objects``, the ``records`` they
        are the letters of (which may be in memory only: nothing is read
        from the database here)."""
        # Superuser to read the report's template file: an uploaded
        # template (py3o.template) is administrators' data that a recovery
        # user may not read; nothing of the records is read here.
        template = (
            self.env["py3o.report"]
            .sudo()
            .new({"ir_actions_report_id": report.id})
            .get_template(records)
        )
        # The same variables as the report printed from the Print menu
        # (report_py3o's formatting helpers), for the templates a user
        # uploads on a report.
        variables = dict(Py3oParserContext(self.env).localcontext)
        variables.update(objects=records, letters=list(letters), report_xml=report)
        return py3o_render.render(template, variables)

    @api.model
    def _letter_store(self, outcomes):
        """Step 5 of ``_letter_produce``: the failures handed to their
        records, then the PDFs attached and linked."""
        by_record = defaultdict(list)
        for outcome in outcomes:
            if outcome.pdf is None and not outcome.error:
                outcome.error = self.env._("The letter could not be made.")
            by_record[outcome.record, outcome.record.env].append(outcome)
        failed, stored = defaultdict(list), []
        for (record, env), items in by_record.items():
            reasons = list(dict.fromkeys(item.error for item in items if item.error))
            if reasons:
                failed[record._name, env, "; ".join(reasons)].append(record)
            else:
                stored.extend(items)
        # First the failures: a record may refuse the whole operation (a
        # validation refused) before anything is stored.
        for (_model, _env, reason), records in failed.items():
            records[0].concat(*records[1:])._recovery_letter_failed(reason)
        if not stored:
            return
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": item.record._recovery_letter_filename(item.report),
                        "raw": item.pdf,
                        "res_model": item.record._name,
                        "res_id": item.record.id,
                        "mimetype": "application/pdf",
                    }
                    for item in stored
                ]
            )
        )
        for item, attachment in zip(stored, attachments, strict=True):
            item.attachment = attachment.with_env(self.env)
            # The field keeping the record's letter of that kind (a model
            # may keep several kinds apart); its SHA-256 is computed from it.
            field = getattr(item.record, "_recovery_letter_fields", {}).get(
                item.report.debt_recovery_letter_kind, "letter_attachment_id"
            )
            if field in item.record._fields:
                item.record._recovery_flow()[field] = attachment

    @api.model
    def _letter_pdf_batch_size(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(BATCH_SIZE_PARAM, DEFAULT_BATCH_SIZE)
        )
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_BATCH_SIZE

    @api.model
    def _letter_convert_odts(self, odts):
        """Convert ODT documents to PDF, shared over one LibreOffice process
        a core, ``pdf_batch_size`` documents a process at most
        (services/libreoffice.py).

        :param odts: ``{key: ODT content}``
        :returns: ``({key: PDF content}, {key: error message})``; every key is
            in one of them, a failed document never stops the others.
        """
        pdfs, errors = {}, {}
        if not odts:
            return pdfs, errors
        with tempfile.TemporaryDirectory(prefix="debt-recovery-letters-") as folder:
            paths = {}
            for index, (key, content) in enumerate(odts.items()):
                path = Path(folder) / f"letter-{index:05d}.odt"
                path.write_bytes(content)
                paths[str(path)] = key
            try:
                batch = libreoffice.convert_to_pdf(
                    list(paths),
                    Path(folder) / "pdf",
                    batch_size=pdf_batch.documents_per_process(
                        len(paths), self._letter_pdf_batch_size()
                    ),
                    soffice=self.env["ir.actions.report"]._get_lo_bin(),
                )
            except libreoffice.LibreOfficeNotFoundError as err:
                message = self.env._(
                    "The letter could not be converted to PDF: %(error)s", error=err
                )
                return pdfs, dict.fromkeys(odts, message)
            for path, pdf in batch.pdfs.items():
                pdfs[paths[path]] = Path(pdf).read_bytes()
            for path, error in batch.errors.items():
                errors[paths[path]] = self.env._(
                    "LibreOffice could not convert the letter to PDF: %(error)s",
                    error=error,
                )
        return pdfs, errors


@dataclass
class LetterOutcome:
    """What became of one letter asked of ``_letter_produce``: its ``pdf``
    (bytes) or the ``error`` that stopped it, and the ``attachment`` it was
    stored as."""

    record: object
    report: object
    pdf: bytes | None = None
    error: str | None = None
    attachment: object = None
