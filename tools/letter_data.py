# ruff: noqa: RUF001, RUF002, RUF003
# (French text and sample data: French typography, en dashes, "×".)
"""Data contract between the Odoo models and the letter templates.

The py3o templates under ``reports/templates/`` only print strings: the Odoo
side builds one :class:`Letter` per record, with every amount, date and
mention already formatted in French, and passes the list to the template as
the ``letters`` variable (``py3o://for="d in letters"``).

Conventions of the contract:

- every printed field is a ``str`` (``""`` when unknown: py3o, with
  ``escape_false``, then prints nothing); lists of lines are ``list[str]``;
- amounts are formatted (``"1 234,56 €"``: U+202F between thousands, U+00A0
  before the currency sign); deducted amounts (credit notes, unreconciled
  payments) are given as positive strings, the templates print them as
  deductions;
- dates in prose are long (``"1er mars 2026"``), dates in tables short
  (``"01/03/2026"``);
- booleans (``b2b``, ``Totals.has_credits``...) only switch sections of the
  templates on or off.

Realistic sample letters for every kind (tests, benchmarks, the template
generator) are in :mod:`.letter_samples`.

Nothing here imports ``odoo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import qr
from .formatting import (
    NBSP,
    amounts_in_words,
    format_amounts,
    format_currency_amount,
    format_percent,
)
from .public_buyers import (
    INDEMNITY_BASIS,
    INDEMNITY_DEBTOR,
    INDEMNITY_LAW,
    PENALTY_BASIS,
    PENALTY_BASIS_A,
    PENALTY_BASIS_DE,
)
from .rates import half_year_label_fr

# The kinds of letter, one ODT template each (reports/templates/<kind>.odt).
KINDS = (
    "relance_amiable",
    "relance_ferme",
    "mise_en_demeure",
    "suspension",
    "reprise_service",
    "echeancier",
    "reconnaissance_dette",
    "releve_compte",
    "dossier_contentieux",
    "declaration_creance",
    "information_caution",
    "information_annuelle_caution",
)
# The reminder letters that carry the collection-agency mentions when
# ``Letter.agency`` is set (CPCE R124-4).
AGENCY_KINDS = ("relance_amiable", "relance_ferme", "mise_en_demeure")

# Paragraphs 2 and 3 of article L111-8 of the Code des procédures civiles
# d'exécution (version in force since 19 March 2014, loi n° 2014-344). Statute
# text is public law: it is quoted, as R124-4 requires.
CPCE_L111_8_PARAGRAPHS = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la "
    "charge du créancier, sauf s'ils concernent un acte dont l'accomplissement "
    "est prescrit par la loi au créancier. Toute stipulation contraire est "
    "réputée non écrite, sauf disposition législative contraire.",
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches "
    "entreprises pour recouvrer sa créance peut demander au juge de l'exécution "
    "de laisser tout ou partie des frais ainsi exposés à la charge du débiteur "
    "de mauvaise foi.",
)
AGENCY_ACTIVITY_MENTION = "exerce une activité de recouvrement amiable de créances"

CHANNEL_LABELS = {
    "lrar": "Lettre recommandée avec accusé de réception",
    "lre": "Lettre recommandée électronique",
    "bailiff": "Acte signifié par commissaire de justice",
    "hand": "Lettre remise en main propre contre décharge",
    "post": "Lettre simple",
    "email": "Envoi par courriel",
}
CHANNEL_PHRASES = {
    "lrar": "par lettre recommandée avec accusé de réception",
    "lre": "par lettre recommandée électronique",
    "bailiff": "par acte de commissaire de justice",
    "hand": "par remise en main propre contre décharge",
    "post": "par lettre simple",
    "email": "par courriel",
}


# --------------------------------------------------------------- the contract
@dataclass
class Company:
    """A letterhead: the creditor, or the collection agency that writes."""

    name: str
    address_lines: list[str] = field(default_factory=list)
    city: str = ""  # "Paris": for "Paris, le 1er mars 2026"
    legal_form: str = ""  # "SARL au capital de 50 000 €"
    rcs: str = ""  # "RCS Paris 812 345 678"
    siret: str = ""
    vat: str = ""  # intra-community VAT number
    phone: str = ""
    email: str = ""
    website: str = ""

    @property
    def contact_line(self):
        """``"Tél. 01 42 46 57 80 · compta@example.fr"``."""
        parts = [f"Tél. {self.phone}" if self.phone else "", self.email]
        return " · ".join(p for p in parts if p)

    @property
    def legal_line(self):
        """Identity line printed at the foot of the first page."""
        parts = [
            ", ".join(p for p in (self.name, self.legal_form) if p),
            self.rcs,
            f"SIRET {self.siret}" if self.siret else "",
            f"TVA intracommunautaire {self.vat}" if self.vat else "",
        ]
        return " – ".join(p for p in parts if p)

    @property
    def address_inline(self):
        return ", ".join(self.address_lines)


@dataclass
class Recipient:
    """The addressee, printed in the window of a DL envelope (right side)."""

    name: str
    address_lines: list[str] = field(default_factory=list)  # street ... "69007 LYON"
    contact: str = ""  # "À l'attention de Mme Claire Dubois"
    customer_code: str = ""  # the customer's account reference
    identity: str = ""  # "SAS – SIREN 532 118 406 – RCS Lyon"

    @property
    def address_inline(self):
        return ", ".join(self.address_lines)


@dataclass
class InvoiceLine:
    number: str
    date: str  # "15/10/2025"
    due_date: str
    amount: str  # total incl. VAT
    residual: str  # amount still due
    days_late: str = ""  # "108 jours"
    penalty_rate: str = ""  # "12,15 %"
    penalties: str = ""  # to the letter's date
    indemnity: str = ""  # "40,00 €" (B2B only)


@dataclass
class PenaltySegment:
    """One run of days of a penalty computation, printed so that a reader
    can recompute it: ``base x rate x days / 365 = amount`` (C. com.
    L441-10 II: each half-year at its own rate; the 365-day count is the
    addon's choice, the text is silent: see readme/CONTEXT.md, "Calcul des
    pénalités")."""

    invoice: str  # "FA/2025/0412"
    start: str  # first day counted, "01/07/2025"
    end: str  # last day counted, "31/12/2025"
    days: str  # "184"
    base: str  # amount that bears interest, "10 000,00 €"
    rate: str  # annual rate, "12,15 %"
    amount: str  # rounded so that an invoice's segments add up to its total
    half_year: str = ""  # "2e semestre 2025"


@dataclass
class CreditLine:
    """A credit note or an unreconciled payment, deducted from the claim."""

    label: str  # "Avoir" / "Règlement non affecté"
    number: str
    date: str
    amount: str  # positive; printed as a deduction


@dataclass
class Totals:
    principal: str  # sum of the invoices' amounts still due
    credits: str = ""  # sum of CreditLine amounts (positive)
    penalties: str = ""
    indemnity: str = ""
    total: str = ""  # principal - credits + penalties + indemnity
    total_in_words: str = ""
    indemnity_detail: str = ""  # "3 × 40,00 €"
    # Complementary indemnity on proof (C. com. L441-10 II), its own line.
    extra: str = ""
    has_credits: bool = False
    has_penalties: bool = False
    has_indemnity: bool = False
    has_extra: bool = False


@dataclass
class Payment:
    account_holder: str = ""
    iban: str = ""
    bic: str = ""
    bank: str = ""
    reference: str = ""  # to be recalled with the transfer
    portal_url: str = ""
    cheque_payee: str = ""  # "Verdier Équipements SARL"
    cheque_address: str = ""

    @property
    def portal_qr(self):
        """The PNG of the QR code of ``portal_url``, printed next to it on
        paper letters (``b""`` without a link: no code)."""
        return qr.qr_png(self.portal_url)


@dataclass
class Signatory:
    name: str
    function: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class Notice:
    """Mise en demeure: deadline and sending channel (C. civ. 1344)."""

    deadline_days: str  # "8"
    deadline_text: str  # "huit jours"
    # "18 mars 2026": only when the receipt (or the first presentation of a
    # letter not claimed) is recorded; never estimated from the sending
    # date, since the deadline runs from the receipt (C. civ. 1344).
    deadline_date: str = ""
    channel_label: str = CHANNEL_LABELS["lrar"]
    channel_phrase: str = CHANNEL_PHRASES["lrar"]  # "par lettre recommandée ..."
    tracking_number: str = ""

    @property
    def deadline_until(self):
        """The words ", soit au plus tard le 18 mars 2026" once the date is
        known, else nothing."""
        if not self.deadline_date:
            return ""
        return f", soit au plus tard le {self.deadline_date}"


@dataclass
class Suspension:
    since_date: str  # "2 mars 2026"
    scope: str  # "la livraison de vos commandes en cours ..."
    resumed_date: str = ""  # for the service-resumed letter
    payment_date: str = ""  # date of the payment that settled the account
    # Legal basis (tools/suspension_rules.py): "1219" exception d'inexécution
    # (invoices due and unpaid), "1220" anticipated suspension (notified
    # "dans les meilleurs délais", with its ground).
    basis: str = "1219"
    ground: str = ""  # 1220: why the non-payment is manifest
    proportionality: str = ""  # printed only when a manager assessed it
    safeguards: list[str] = field(default_factory=list)  # CASF L115-3
    # Service-resumed letter of a customer whose suspension the opening of a
    # collective procedure lifted (C. com. L622-13 I, L631-14, L641-11-1 I):
    # not a payment.
    procedure_label: str = ""  # "redressement judiciaire"
    procedure_article: str = ""  # "L641-11-1, I"
    opening_date: str = ""  # "16 mars 2026"
    representative_title: str = ""  # "mandataire judiciaire"
    post_opening_article: str = "L622-17"  # L641-13 in liquidation

    @property
    def anticipated(self):
        return self.basis == "1220"

    @property
    def lifted_by_procedure(self):
        return bool(self.procedure_label)


@dataclass
class Installment:
    number: str  # "1"
    date: str  # "31/03/2026"
    amount: str


@dataclass
class Plan:
    installments: list[Installment] = field(default_factory=list)
    total: str = ""
    total_in_words: str = ""
    count: str = ""  # "4"
    count_text: str = ""  # "quatre échéances mensuelles"
    first_date: str = ""
    last_date: str = ""
    acceleration: bool = True  # déchéance du terme
    grace_days: str = "8"
    # Consumers: acceleration only after a formal notice giving this many
    # days (Cass. 1re civ., 22 March 2023, n° 21-16.044); "" for professionals.
    consumer_notice_days: str = ""
    agreement_date: str = ""  # date of the phone call / request
    reply_by: str = ""  # date to return the signed copy


@dataclass
class Acknowledgment:
    amount: str  # for reference only: the debtor writes the amount by hand
    amount_in_words: str
    cause: str = ""  # "des factures n° FA/2025/0412 et FA/2026/0023"
    debtor_identity: str = ""  # "Bâtiments Rhône Services SAS, SIREN ..., ..."
    reply_by: str = ""
    # The debtor is a natural person (a consumer, or an individual
    # entrepreneur): worded in person, never "la société".
    individual: bool = False


@dataclass
class StatementLine:
    date: str
    number: str
    label: str
    due_date: str = ""
    debit: str = ""
    credit: str = ""
    balance: str = ""  # running balance
    status: str = ""  # "Échue (108 j)" / "À échoir"


@dataclass
class Statement:
    as_of: str  # "2 mars 2026"
    lines: list[StatementLine] = field(default_factory=list)
    total_debit: str = ""
    total_credit: str = ""
    balance: str = ""
    balance_in_words: str = ""
    overdue: str = ""  # part of the balance past its due date


@dataclass
class HistoryLine:
    date: str
    label: str


@dataclass
class Litigation:
    """Summary of the litigation file, addressed to its handler."""

    debtor_name: str
    debtor_address_lines: list[str] = field(default_factory=list)
    debtor_identity: str = ""
    debtor_status: str = ""  # "Société commerciale (B2B)"
    route: str = ""  # "Requête en injonction de payer"
    court: str = ""  # "Tribunal des activités économiques de Lyon"
    route_notes: list[str] = field(default_factory=list)
    prior_amicable_note: str = ""  # CPC art. 750-1, when the claim <= 5 000 €
    history: list[HistoryLine] = field(default_factory=list)
    annexes: list[str] = field(default_factory=list)
    handler: str = ""  # "Maître Laurent Fabre, commissaire de justice"


@dataclass
class Surety:
    """The information of an individual surety, addressed to the surety: of
    the debtor's default (C. civ. art. 2303), or the annual one (art. 2302:
    the debt on 31 December of the year before, ``as_of``, and the end of
    the commitment or, open-ended, the faculty to terminate it)."""

    debtor_name: str
    guarantee_reference: str
    deed_date: str  # "1er décembre 2025"
    amount: str  # "dans la limite de 10 000,00 €" / "sans limitation de montant"
    incident_date: str  # due date of the first invoice left unpaid
    term: str  # "jusqu'au 31 décembre 2027" / "à durée indéterminée"
    as_of: str = ""  # annual information: "31 décembre 2026"
    expiry: str = ""  # annual information: "31 décembre 2027" ("": open-ended)
    # Annual information: the commitment ended before 31 December; the surety
    # still answers for the debts born before its end (C. civ. art. 2316).
    ended: bool = False


@dataclass
class ClaimDeclaration:
    """Declaration of claim in a collective procedure (Code de commerce
    L622-24, L622-25, R622-23), addressed to the mandataire judiciaire or the
    liquidator. The invoice lines of the letter carry, per invoice, the
    principal, the penalties to the day before the opening and the
    indemnity."""

    representative_title: str  # "Mandataire judiciaire" / "Liquidateur judiciaire"
    procedure_label: str  # "redressement judiciaire"
    debtor_name: str
    debtor_identity: str = ""  # "SAS – SIREN 532 118 406"
    debtor_address: str = ""
    opening_date: str = ""  # "16 mars 2026"
    publication_date: str = ""  # BODACC, "31 mars 2026"
    penalties_until: str = ""  # "15 mars 2026", the day before the opening
    penalty_basis: str = ""  # how the penalties were computed (R622-23)
    deadline_date: str = ""  # last day to declare
    retention_goods: list[str] = field(default_factory=list)
    retention_deadline: str = ""
    professional_recovery: bool = False  # rétablissement professionnel
    liquidation: bool = False
    creditor_lines: list[str] = field(default_factory=list)  # company_identity_lines
    # L622-25 and R622-23: the amount due at the opening and the sums to
    # fall due with their dates; the invoice table prints each due date.
    due_amount: str = ""  # principal due before the opening
    to_fall_due_amount: str = ""  # principal falling due on or after it
    # "FA/2026/0031 : 1 200,00 €, échéance du 20 avril 2026"
    to_fall_due: list[str] = field(default_factory=list)
    # The rule the indemnity was computed by: "l'article D441-5 du Code de
    # commerce" (public buyer: D2192-35 of the CCP), the letter's own basis.
    indemnity_basis: str = ""
    indemnity_count: int = 0
    # Invoices dated by their invoice date for want of a delivery or
    # completion date (Cass. com. 27 Sept 2011 dates a claim by its
    # performance): said in the letter.
    dated_by_invoice: list[str] = field(default_factory=list)

    @property
    def judgment_phrase(self):
        """ "Par jugement du 3 mars 2026, publié au BODACC le 17 mars 2026"."""
        text = f"Par jugement du {self.opening_date}"
        if self.publication_date:
            text += f", publié au BODACC le {self.publication_date}"
        return text

    @property
    def nature_phrase(self):
        """The nature of the claim declared (L622-25: the amount due at the
        opening, the sums to fall due and their dates, the privilege or
        security): no "échue" when some invoices were not yet due."""
        parts = ["chirographaire, née antérieurement au jugement d'ouverture"]
        if self.due_amount and self.to_fall_due_amount:
            parts.append(
                f"échue pour {self.due_amount} et à échoir pour "
                f"{self.to_fall_due_amount} aux dates d'échéance indiquées"
            )
        elif self.to_fall_due_amount:
            parts.append("à échoir aux dates d'échéance indiquées")
        else:
            parts.append("échue au jour du jugement d'ouverture")
        text = ", ".join(parts)
        if self.retention_goods:
            text += (
                ", assortie pour les biens revendiqués ci-dessous d'une clause "
                "de réserve de propriété"
            )
        return (
            text + ", déclarée à titre définitif pour son montant en principal, "
            "pénalités et indemnités"
        )

    @property
    def to_fall_due_phrase(self):
        """What the opening judgment does to the sums not yet due: nothing in
        safeguard and receivership (L622-29, L631-14), they become due in a
        liquidation (L643-1, unless the activity is continued)."""
        if not self.to_fall_due:
            return ""
        if self.liquidation:
            return (
                "Sommes non échues au jour du jugement, rendues exigibles par "
                "celui-ci (article L643-1 du Code de commerce)"
            )
        return (
            "Sommes à échoir et dates de leurs échéances (articles L622-25 et "
            "R622-23 du Code de commerce)"
        )

    @property
    def indemnity_phrase(self):
        """The indemnity as applied: its legal basis, and the rule of L441-10
        II's last sentence (not owed when the opening forbade payment at the
        due date)."""
        if not self.indemnity_count:
            return (
                "Aucune indemnité forfaitaire pour frais de recouvrement n'est "
                "déclarée\u00a0: l'ouverture de la procédure a interdit le paiement de "
                "ces factures à leur échéance (article L441-10, II, dernière "
                "phrase, du Code de commerce)."
            )
        return (
            "Indemnité forfaitaire pour frais de recouvrement déclarée pour "
            "chaque facture dont l'échéance est antérieure au jugement "
            f"d'ouverture ({self.indemnity_basis})\u00a0; elle n'est pas due pour "
            "celles dont l'ouverture de la procédure a interdit le paiement à "
            "l'échéance (article L441-10, II, dernière phrase, du Code de "
            "commerce)."
        )

    @property
    def dated_by_invoice_text(self):
        return ", ".join(self.dated_by_invoice)

    @property
    def retention_recipient(self):
        """To whom the claim of goods is sent: the liquidator in a
        liquidation (L641-14 applies L624-9 to L624-18, the liquidator
        holding the administrator's powers); otherwise the administrator,
        or the debtor when none was appointed (R624-13)."""
        if self.liquidation:
            return "au liquidateur judiciaire"
        return "à l'administrateur judiciaire ou, à défaut, au débiteur"

    @property
    def retention_articles(self):
        if self.liquidation:
            return "articles L641-14, L624-9 et R624-13"
        return "article R624-13"


def company_identity_lines(company):
    """The creditor's identity in a declaration of claim, without empty
    parts: ``["Verdier Équipements, SARL au capital de 50 000 €, 18 rue ...,
    75010 Paris", "RCS Paris 812 345 678 – SIRET ... – Tél. ..."]``."""
    first = ", ".join(
        part
        for part in (company.name, company.legal_form, company.address_inline)
        if part
    )
    second = " – ".join(
        part
        for part in (
            company.rcs,
            f"SIRET {company.siret}" if company.siret else "",
            company.contact_line,
        )
        if part
    )
    return [line for line in (first, second) if line]


@dataclass
class AgencyMentions:
    """Mentions of a letter sent by a collection agency (CPCE R124-4)."""

    sender: Company  # the agency: printed as the letterhead
    creditor_name: str
    creditor_address_lines: list[str] = field(default_factory=list)
    activity_mention: str = AGENCY_ACTIVITY_MENTION
    claim_basis: str = ""  # "factures impayées ... (CGV)"
    principal: str = ""
    interest: str = ""
    other_sums: str = ""
    other_sums_label: str = ""  # "indemnité forfaitaire pour frais de recouvrement"
    total: str = ""
    l111_8_paragraphs: list[str] = field(
        default_factory=lambda: list(CPCE_L111_8_PARAGRAPHS)
    )
    first_letter_date: str = ""  # on later letters only
    first_letter_reference: str = ""

    @property
    def is_later_letter(self):
        return bool(self.first_letter_date)

    @property
    def creditor_address_inline(self):
        return ", ".join(self.creditor_address_lines)


@dataclass
class Letter:
    """One letter: everything a template prints, as ready-made strings."""

    kind: str
    company: Company  # the creditor
    recipient: Recipient
    place_date: str  # "Paris, le 2 mars 2026"
    date: str  # "2 mars 2026"
    reference: str
    subject: str
    salutation: str = "Madame, Monsieur,"
    salutation_recall: str = "Madame, Monsieur"  # in the closing formula
    b2b: bool = True
    invoices: list[InvoiceLine] = field(default_factory=list)
    credits: list[CreditLine] = field(default_factory=list)
    totals: Totals | None = None
    payment: Payment | None = None
    signatory: Signatory | None = None
    channel_label: str = ""  # printed above the reference block
    penalty_rate_label: str = ""  # "12,15 % l'an (taux BCE + 10 points)"
    indemnity_unit: str = ""  # "40,00 €"
    # Legal bases cited for the penalties and the 40 EUR (professional:
    # C. com. L441-10 / D441-5; public buyer: CCP R2192-31 / D2192-35).
    penalty_basis: str = PENALTY_BASIS["b2b"]
    # The same after "conformément" / "en application", with the article
    # contracted ("aux articles", "des articles").
    penalty_basis_a: str = PENALTY_BASIS_A["b2b"]
    penalty_basis_de: str = PENALTY_BASIS_DE["b2b"]
    indemnity_basis: str = INDEMNITY_BASIS["b2b"]
    indemnity_law: str = INDEMNITY_LAW["b2b"]
    indemnity_debtor: str = INDEMNITY_DEBTOR["b2b"]
    public_buyer: bool = False
    # Public buyer: how the due dates printed were set (CCP L2192-10).
    public_term_note: str = ""
    # The computation of the penalties, one line per invoice and half-year.
    penalty_segments: list[PenaltySegment] = field(default_factory=list)
    # Complementary indemnity claimed on proof (L441-10 II): its justification.
    extra_justification: str = ""
    previous_letter_date: str = ""  # date of the previous reminder
    pay_by_date: str = ""  # relance ferme: date asked for the payment
    notice_date: str = ""  # date of the mise en demeure, when there was one
    # Formal notice to a customer under a collective procedure: it claims
    # only post-opening supplies (C. com. L622-17), and says so.
    procedure_note: str = ""
    notice: Notice | None = None
    suspension: Suspension | None = None
    plan: Plan | None = None
    acknowledgment: Acknowledgment | None = None
    statement: Statement | None = None
    litigation: Litigation | None = None
    declaration: ClaimDeclaration | None = None
    surety: Surety | None = None
    agency: AgencyMentions | None = None

    @property
    def sender(self):
        """The letterhead: the agency when an agency writes, else the company."""
        return self.agency.sender if self.agency else self.company

    @property
    def header_channel(self):
        if self.notice and self.notice.channel_label:
            return self.notice.channel_label
        return self.channel_label

    @property
    def b2c(self):
        return not self.b2b


# ------------------------------------------------------ totals per currency
#: Said of the fixed indemnity in a letter in another currency than euros.
INDEMNITY_IN_EUROS = "montant fixé en euros par l'article D441-5 du Code de commerce"


def claim_totals(
    principal,
    credits=None,
    penalties=None,
    indemnity=Decimal("0"),
    indemnity_count=0,
    indemnity_unit="",
    indemnity_currency="EUR",
    extra=None,
):
    """The :class:`Totals` of a claim, each currency apart.

    ``principal``, ``credits``, ``penalties`` and ``extra`` (additional
    costs) are ``{ISO code: Decimal}`` in the invoices' currencies, in the
    order to print (the principal's first); ``indemnity`` (``indemnity_count``
    invoices of ``indemnity_unit`` each) is in ``indemnity_currency``, the
    euros of C. com. D441-5. Amounts are added only within one currency: the
    total of a claim in dollars with the indemnity reads ``"1 150,00 USD +
    40,00 €"`` ("mille cent cinquante dollars américains plus quarante
    euros"), and the indemnity's detail says that its amount is set in
    euros by law.
    """
    credits = credits or {}
    penalties = penalties or {}
    extra = extra or {}
    zero = Decimal("0")
    codes = list(principal)
    for mapping in (credits, penalties, extra):
        codes += [code for code in mapping if code not in codes]
    if not codes:
        codes = [indemnity_currency]

    def figures(mapping):
        return format_amounts([(mapping.get(code, zero), code) for code in codes])

    totals = []
    for code in codes:
        amount = (
            principal.get(code, zero)
            - credits.get(code, zero)
            + penalties.get(code, zero)
            + extra.get(code, zero)
        )
        if indemnity and code == indemnity_currency:
            amount += indemnity
        totals.append((amount, code))
    apart = bool(indemnity) and indemnity_currency not in codes
    if apart:
        totals.append((indemnity, indemnity_currency))
    detail = f"{indemnity_count} × {indemnity_unit}" if indemnity_count else ""
    if detail and apart and indemnity_currency == "EUR":
        detail += f", {INDEMNITY_IN_EUROS}"
    return Totals(
        principal=figures(principal),
        credits=figures(credits),
        penalties=figures(penalties),
        extra=figures(extra),
        has_extra=any(extra.values()),
        indemnity=format_currency_amount(indemnity, indemnity_currency),
        total=format_amounts(totals),
        total_in_words=amounts_in_words(totals),
        indemnity_detail=detail,
        has_credits=any(credits.values()),
        has_penalties=any(penalties.values()),
        has_indemnity=bool(indemnity),
    )


# ------------------------------------------------------ penalty breakdown
def public_term_note(days):
    """The sentence of a public buyer's letters on its due dates: the
    regulated period from the receipt of the payment request (CCP L2192-10,
    R2192-10 to R2192-14), interest from the next day (L2192-13)."""
    return (
        f"Acheteur public{NBSP}: le délai de paiement ne peut excéder {days} "
        "jours à compter de la réception de la demande de paiement (articles "
        "L2192-10 et R2192-10 à R2192-14 du Code de la commande publique)"
        f"{NBSP}; l'échéance indiquée pour chaque facture est la plus proche de "
        "la date convenue et de la fin de ce délai, et les intérêts moratoires "
        "courent de plein droit dès le lendemain (article L2192-13)."
    )


def penalty_segments(invoice_number, result, currency="EUR"):
    """:class:`PenaltySegment` lines of one invoice from a
    :class:`tools.penalties.PenaltyResult`: one per run of days (a half-year,
    or the days between two payments), each amount rounded so that the
    lines add up to the invoice's penalties (rounded once, per invoice)."""
    if result is None or not result.segments:
        return []
    return [
        PenaltySegment(
            invoice=invoice_number,
            start=segment.start.strftime("%d/%m/%Y"),
            end=segment.end.strftime("%d/%m/%Y"),
            days=str(segment.days),
            base=format_currency_amount(segment.base, currency),
            rate=format_percent(segment.rate),
            amount=format_currency_amount(amount, currency),
            half_year=half_year_label_fr(segment.start),
        )
        for segment, amount in zip(
            result.segments, result.display_amounts(), strict=True
        )
    ]


# Subject line of each kind of letter.
SUBJECTS = {
    "relance_amiable": "Relance – factures arrivées à échéance",
    "relance_ferme": "Dernière relance avant mise en demeure",
    "mise_en_demeure": "Mise en demeure de payer",
    "suspension": "Suspension de nos livraisons et prestations",
    "reprise_service": "Reprise de nos livraisons et prestations",
    "echeancier": "Accord d'échéancier de paiement",
    "reconnaissance_dette": "Reconnaissance de dette à nous retourner signée",
    "releve_compte": "Relevé de votre compte client",
    "dossier_contentieux": "Transmission d'un dossier de recouvrement",
    "declaration_creance": "Déclaration de créance",
    "information_caution": "Information de la caution : défaillance du débiteur principal",
    "information_annuelle_caution": "Information annuelle de la caution (article 2302 du Code civil)",
}
