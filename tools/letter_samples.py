# ruff: noqa: RUF001, RUF003
# (French text and sample data: French typography, en dashes, "×".)
"""Realistic sample letters of every kind, built on the data contract of
:mod:`.letter_data`: a Lyon company writing on 2 March 2026 about three
overdue invoices and a credit note. Used by the tests, the benchmarks and
``dev/build_letter_templates.py``; never by the addon's models.

:func:`sample_letter` returns one letter of a kind; :func:`sample_letters`
returns distinct copies for benchmarks. Nothing here imports ``odoo``.
"""

from __future__ import annotations

import copy
import datetime
from decimal import ROUND_HALF_UP, Decimal

from .formatting import (
    NBSP,
    NNBSP,
    amount_in_words,
    format_amount,
    format_date,
    format_percent,
)
from .letter_data import (
    AGENCY_KINDS,
    KINDS,
    SUBJECTS,
    Acknowledgment,
    AgencyMentions,
    ClaimDeclaration,
    Company,
    CreditLine,
    HistoryLine,
    Installment,
    InvoiceLine,
    Letter,
    Litigation,
    Notice,
    Payment,
    Plan,
    Recipient,
    Signatory,
    Statement,
    StatementLine,
    Surety,
    Suspension,
    Totals,
    company_identity_lines,
    penalty_segments,
    public_term_note,
)
from .penalties import b2b_penalties, public_buyer_penalties
from .public_buyers import (
    INDEMNITY_BASIS,
    INDEMNITY_DEBTOR,
    INDEMNITY_LAW,
    PENALTY_BASIS,
    PENALTY_BASIS_A,
    PENALTY_BASIS_DE,
)
from .suspension_rules import utility_safeguards

# ------------------------------------------------- formatting (sample data)
CENT = Decimal("0.01")


def _fmt_amount(value):
    return format_amount(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def _fmt_words(value):
    return amount_in_words(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def _fmt_date(value):
    return format_date(value)


def _fmt_short(value):
    return value.strftime("%d/%m/%Y")


def _fmt_days(days):
    return f"{days} jour" if days == 1 else f"{days} jours"


# ------------------------------------------------------------ sample data
SAMPLE_DATE = datetime.date(2026, 3, 2)
SAMPLE_RATE = Decimal("12.15")  # 2025 H2 and 2026 H1: ECB 2.15 % + 10 points
INDEMNITY = Decimal("40.00")
# number, invoice date, due date, amount incl. VAT, payments (date, amount).
# FA/2025/0457 was partly paid after its due date (1 000,00 on 30 January
# 2026, the transfer of the sample statement): its penalties run on
# 2 340,00 until that day and on the 1 340,00 left from the next day
# (C. com. L441-10 II: interest on the amount still due, day by day).
SAMPLE_INVOICES = (
    (
        "FA/2025/0412",
        datetime.date(2025, 10, 15),
        datetime.date(2025, 11, 14),
        "4800.00",
        (),
    ),
    (
        "FA/2025/0457",
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
        "2340.00",
        ((datetime.date(2026, 1, 30), "1000.00"),),
    ),
    (
        "FA/2026/0023",
        datetime.date(2026, 1, 12),
        datetime.date(2026, 2, 11),
        "1150.80",
        (),
    ),
)
SAMPLE_CREDIT = ("Avoir", "AV/2026/0004", datetime.date(2026, 1, 20), "250.00")


def _sample_company():
    return Company(
        name="Verdier Équipements",
        address_lines=["18 rue des Petites-Écuries", "75010 Paris"],
        city="Paris",
        legal_form=f"SARL au capital de 50{NNBSP}000{NBSP}€",
        rcs="RCS Paris 812 345 678",
        siret="812 345 678 00027",
        vat="FR25 812345678",
        phone="01 42 46 57 80",
        email="recouvrement@verdier-equipements.fr",
        website="www.verdier-equipements.fr",
    )


def _sample_recipient():
    return Recipient(
        name="Bâtiments Rhône Services SAS",
        contact="À l'attention de Mme Claire Dubois",
        address_lines=[
            "Service comptabilité fournisseurs",
            "112 avenue Jean-Jaurès",
            "69007 LYON",
        ],
        customer_code="C00231",
        identity="SAS au capital de 120 000 € – SIREN 532 118 406 – RCS Lyon",
    )


def _sample_invoices(b2b, with_penalties, only=None, segments=None, public=False):
    """Invoice lines and sums; ``segments`` (a list) receives the penalty
    computation of each invoice, one line per half-year (C. com. L441-10 II)."""
    lines, principal, penalties, indemnity = [], Decimal(0), Decimal(0), Decimal(0)
    for index, (number, inv_date, due, amount, payments) in enumerate(SAMPLE_INVOICES):
        if only is not None and index not in only:
            continue
        residual = Decimal(amount) - sum((Decimal(v) for _d, v in payments), Decimal(0))
        days = (SAMPLE_DATE - due).days
        # Per period, on the balance outstanding during it (payments reduce
        # the base from the day after their date): tools/penalties.py.
        compute = public_buyer_penalties if public else b2b_penalties
        result = compute(
            Decimal(amount),
            due,
            SAMPLE_DATE,
            payments=[(d, Decimal(v)) for d, v in payments],
        )
        pen = result.amount
        ind = INDEMNITY if b2b else Decimal(0)
        principal += residual
        line = InvoiceLine(
            number=number,
            date=_fmt_short(inv_date),
            due_date=_fmt_short(due),
            amount=_fmt_amount(amount),
            residual=_fmt_amount(residual),
            days_late=_fmt_days(days),
        )
        if with_penalties and b2b:
            penalties += pen
            indemnity += ind
            line.penalty_rate = format_percent(result.segments[0].rate)
            line.penalties = _fmt_amount(pen)
            line.indemnity = _fmt_amount(ind)
            if segments is not None:
                segments += penalty_segments(number, result)
        lines.append(line)
    return lines, principal, penalties, indemnity


def sample_letter(
    kind="relance_amiable",
    agency=False,
    b2b=True,
    small_claim=False,
    anticipated=False,
    public=False,
):
    """Realistic data for a letter of ``kind`` (one of :data:`KINDS`).

    A Paris SARL writes, on 2 March 2026, to a Lyon company about three
    overdue invoices and one credit note. ``agency=True`` gives the letter
    sent by a collection agency (reminder kinds only), ``b2b=False`` a
    consumer customer, ``small_claim=True`` a claim of 5 000 € or less
    (two invoices only), ``anticipated=True`` a suspension forced while
    nothing is overdue (Code civil 1220), ``public=True`` a commune (public
    buyer: CCP L2192-13, R2192-31, D2192-35; 30 days, R2192-10).
    """
    if kind not in KINDS:
        raise ValueError(
            f"unknown letter kind {kind!r}; expected one of {', '.join(KINDS)}"
        )
    company = _sample_company()
    recipient = _sample_recipient()
    if not b2b:
        recipient = Recipient(
            name="M. Julien Morel",
            address_lines=["24 rue Sainte-Catherine", "69001 LYON"],
            customer_code="C00412",
        )
    with_penalties = kind in (
        "mise_en_demeure",
        "dossier_contentieux",
        "declaration_creance",
    )
    only = (1, 2) if small_claim else None
    segments = []
    if public:
        recipient = Recipient(
            name="Commune de Villeurbanne",
            contact="Direction des finances – service de l'ordonnancement",
            address_lines=["Place Lazare-Goujon", "69100 VILLEURBANNE"],
            customer_code="C00518",
            identity="Collectivité territoriale – SIREN 216 903 548",
        )
    invoices, principal, penalties, indemnity = _sample_invoices(
        b2b, with_penalties, only, segments, public=public
    )
    label, number, cdate, camount = SAMPLE_CREDIT
    credits_total = Decimal(camount)
    credits = [CreditLine(label, number, _fmt_short(cdate), _fmt_amount(camount))]
    total = principal - credits_total + penalties + indemnity
    totals = Totals(
        principal=_fmt_amount(principal),
        credits=_fmt_amount(credits_total),
        penalties=_fmt_amount(penalties),
        indemnity=_fmt_amount(indemnity),
        total=_fmt_amount(total),
        total_in_words=_fmt_words(total),
        indemnity_detail=f"{len(invoices)} × {_fmt_amount(INDEMNITY)}",
        has_credits=True,
        has_penalties=bool(penalties),
        has_indemnity=bool(indemnity),
    )
    letter_date = _fmt_date(SAMPLE_DATE)
    contact_known = b2b  # sample: a contact is known at the company
    letter = Letter(
        kind=kind,
        company=company,
        recipient=recipient,
        place_date=f"{company.city}, le {letter_date}",
        date=letter_date,
        reference=f"{recipient.customer_code}-{SAMPLE_DATE:%Y%m%d}-{KINDS.index(kind) + 1:02d}",
        subject=SUBJECTS[kind],
        salutation="Madame," if contact_known else "Monsieur,",
        salutation_recall="Madame" if contact_known else "Monsieur",
        b2b=b2b,
        invoices=invoices,
        credits=credits,
        totals=totals,
        payment=Payment(
            account_holder=company.name,
            iban="FR76 3000 4008 2800 0123 4567 890",
            bic="BNPAFRPPXXX",
            bank="BNP Paribas, agence Paris Opéra",
            reference=f"{recipient.customer_code} / {SAMPLE_INVOICES[0][0]}",
            portal_url="https://www.verdier-equipements.fr/recouvrement/3f9c2a7b1e4d8a6c5b0f2e19",
            cheque_payee=company.name,
            cheque_address=f"{company.name}, {company.address_inline}",
        ),
        signatory=Signatory(
            name="Sophie Marchal",
            function="Responsable du recouvrement",
            phone="01 42 46 57 84",
            email="s.marchal@verdier-equipements.fr",
        ),
        # With penalties computed, the rate of each half-year they cover.
        penalty_rate_label=(
            f"12,15{NBSP}% l'an au 2e semestre 2025 et 12,15{NBSP}% l'an au "
            "1er semestre 2026 (taux de refinancement de la BCE en vigueur au "
            "1er janvier ou au 1er juillet de chaque semestre, majoré de 10 points)"
            if segments
            else f"12,15{NBSP}% l'an (taux de refinancement de la BCE majoré de "
            "10 points)"
        ),
        penalty_segments=segments,
        indemnity_unit=_fmt_amount(INDEMNITY),
        previous_letter_date=_fmt_date(datetime.date(2026, 2, 13)),
        pay_by_date=_fmt_date(datetime.date(2026, 3, 12)),
    )
    if public:
        _make_public(letter)
    _add_specific_parts(letter, kind, agency, penalties, indemnity, total)
    if kind == "suspension":
        _add_suspension_basis(letter, anticipated)
    return letter


def _make_public(letter):
    """The bases and rate of a public buyer: ECB rate in force on the first
    day of the half-year the interest started in + 8 points, fixed (CCP
    R2192-31): 2,15 % + 8 = 10,15 % for every sample invoice (2025 H2 and
    2026 H1 both at 2,15 %)."""
    letter.public_buyer = True
    letter.penalty_basis = PENALTY_BASIS["public"]
    letter.penalty_basis_a = PENALTY_BASIS_A["public"]
    letter.penalty_basis_de = PENALTY_BASIS_DE["public"]
    letter.indemnity_basis = INDEMNITY_BASIS["public"]
    letter.indemnity_law = INDEMNITY_LAW["public"]
    letter.indemnity_debtor = INDEMNITY_DEBTOR["public"]
    letter.public_term_note = public_term_note(30)
    letter.penalty_rate_label = (
        f"10,15{NBSP}% l'an (taux de refinancement de la BCE en vigueur au "
        "premier jour du semestre au cours duquel les intérêts ont commencé à "
        "courir, majoré de 8 points)"
    )
    letter.salutation = "Madame, Monsieur,"
    letter.salutation_recall = "Madame, Monsieur"


def _add_specific_parts(letter, kind, agency, penalties, indemnity, total):
    company, recipient = letter.company, letter.recipient
    if kind == "mise_en_demeure":
        letter.notice = Notice(
            deadline_days="8",
            deadline_text="huit jours",
            # Printed before it is sent: the receipt is not known yet, so
            # no calendar date (the deadline runs from the receipt).
            tracking_number="1A 234 567 8901 2",
        )
    elif kind == "relance_ferme":
        letter.channel_label = "Lettre simple et courriel"
    elif kind in ("suspension", "reprise_service"):
        letter.notice_date = _fmt_date(datetime.date(2026, 2, 16))
        letter.suspension = Suspension(
            since_date=_fmt_date(SAMPLE_DATE),
            scope=(
                "la livraison de vos commandes en cours et l'enregistrement de "
                "toute nouvelle commande"
            ),
            resumed_date=_fmt_date(datetime.date(2026, 3, 20))
            if kind == "reprise_service"
            else "",
            payment_date=_fmt_date(datetime.date(2026, 3, 19))
            if kind == "reprise_service"
            else "",
        )
        if kind == "reprise_service":
            letter.place_date = (
                f"{company.city}, le {_fmt_date(datetime.date(2026, 3, 20))}"
            )
            letter.date = _fmt_date(datetime.date(2026, 3, 20))
    elif kind == "echeancier":
        _add_plan(letter, total)
        if not letter.b2b:
            letter.plan.consumer_notice_days = "30"
    elif kind == "reconnaissance_dette":
        letter.acknowledgment = Acknowledgment(
            amount=letter.totals.total,
            amount_in_words=letter.totals.total_in_words,
            cause="des factures n° "
            + ", ".join(line.number for line in letter.invoices),
            debtor_identity=f"{recipient.name} ({recipient.identity})",
            reply_by=_fmt_date(datetime.date(2026, 3, 16)),
            individual=not letter.b2b,
        )
    elif kind == "releve_compte":
        _add_statement(letter)
    elif kind == "dossier_contentieux":
        _add_litigation(letter, total)
    elif kind == "declaration_creance":
        _add_declaration(letter)
    elif kind == "information_caution":
        letter.recipient = Recipient(
            name="M. Paul Durand",
            address_lines=["3 rue des Lilas", "69003 LYON"],
        )
        letter.salutation, letter.salutation_recall = "Monsieur,", "Monsieur"
        letter.surety = Surety(
            debtor_name=recipient.name,
            guarantee_reference="GAR/2025/00007",
            deed_date=_fmt_date(datetime.date(2025, 6, 2)),
            amount=f"dans la limite de {_fmt_amount('15000.00')}",
            incident_date=_fmt_date(datetime.date(2026, 1, 15)),
            term=f"jusqu'au {_fmt_date(datetime.date(2027, 6, 1))}",
        )
    elif kind == "information_annuelle_caution":
        letter.recipient = Recipient(
            name="M. Paul Durand",
            address_lines=["3 rue des Lilas", "69003 LYON"],
        )
        letter.salutation, letter.salutation_recall = "Monsieur,", "Monsieur"
        letter.surety = Surety(
            debtor_name=recipient.name,
            guarantee_reference="GAR/2025/00007",
            deed_date=_fmt_date(datetime.date(2025, 6, 2)),
            amount=f"dans la limite de {_fmt_amount('15000.00')}",
            incident_date="",
            term="pour une durée indéterminée",
            as_of=_fmt_date(datetime.date(2025, 12, 31)),
        )
    if agency and kind in AGENCY_KINDS:
        _add_agency(letter, penalties, indemnity, total)


def _add_suspension_basis(letter, anticipated):
    """Consumer: the water and energy safeguards of a supplier of both, in
    the winter truce (2 March 2026); ``anticipated``: a suspension forced by
    a manager with nothing overdue (1220), with its ground and the
    manager's proportionality assessment."""
    suspension = letter.suspension
    if anticipated:
        letter.invoices, letter.credits = [], []
        suspension.basis = "1220"
        suspension.ground = (
            "votre société nous a fait savoir par courrier du 20 février 2026 "
            "qu'elle ne réglerait pas les prochaines livraisons"
        )
        suspension.proportionality = (
            "les livraisons en cours représentent trois mois de commandes, soit "
            "18 400,00 €, sans garantie de paiement"
        )
    if not letter.b2b:
        suspension.safeguards = utility_safeguards(
            True, True, True, SAMPLE_DATE, _fmt_date, supplies_telecom=True
        )


def _add_plan(letter, total):
    amounts = [Decimal("1850.00")] * 3
    amounts.append(total - sum(amounts))
    dates = [datetime.date(2026, m, d) for m, d in ((3, 31), (4, 30), (5, 29), (6, 30))]
    letter.plan = Plan(
        installments=[
            Installment(str(i + 1), _fmt_short(day), _fmt_amount(amount))
            for i, (day, amount) in enumerate(zip(dates, amounts, strict=True))
        ],
        total=_fmt_amount(total),
        total_in_words=_fmt_words(total),
        count="4",
        count_text="quatre échéances mensuelles",
        first_date=_fmt_date(dates[0]),
        last_date=_fmt_date(dates[-1]),
        acceleration=True,
        grace_days="8",
        agreement_date=_fmt_date(datetime.date(2026, 2, 26)),
        reply_by=_fmt_date(datetime.date(2026, 3, 16)),
    )


def _add_statement(letter):
    rows = [
        (
            datetime.date(2025, 10, 15),
            "FA/2025/0412",
            "Facture",
            datetime.date(2025, 11, 14),
            "4800.00",
            "0",
        ),
        (
            datetime.date(2025, 12, 1),
            "FA/2025/0457",
            "Facture",
            datetime.date(2025, 12, 31),
            "2340.00",
            "0",
        ),
        (
            datetime.date(2026, 1, 12),
            "FA/2026/0023",
            "Facture",
            datetime.date(2026, 2, 11),
            "1150.80",
            "0",
        ),
        (
            datetime.date(2026, 1, 20),
            "AV/2026/0004",
            "Avoir sur FA/2025/0412",
            None,
            "0",
            "250.00",
        ),
        (
            datetime.date(2026, 1, 30),
            "BNK/2026/0117",
            "Virement reçu (acompte FA/2025/0457)",
            None,
            "0",
            "1000.00",
        ),
        (
            datetime.date(2026, 2, 20),
            "FA/2026/0061",
            "Facture",
            datetime.date(2026, 3, 22),
            "960.00",
            "0",
        ),
    ]
    balance = debit_total = credit_total = overdue = Decimal(0)
    lines = []
    for day, number, label, due, debit, credit in rows:
        debit, credit = Decimal(debit), Decimal(credit)
        balance += debit - credit
        debit_total += debit
        credit_total += credit
        if due is not None and due < SAMPLE_DATE:
            status = f"Échue ({(SAMPLE_DATE - due).days} j)"
        elif due is not None:
            status = "À échoir"
        else:
            status = ""
        lines.append(
            StatementLine(
                date=_fmt_short(day),
                number=number,
                label=label,
                due_date=_fmt_short(due) if due else "",
                debit=_fmt_amount(debit) if debit else "",
                credit=_fmt_amount(credit) if credit else "",
                balance=_fmt_amount(balance),
                status=status,
            )
        )
    overdue = balance - Decimal("960.00")
    letter.statement = Statement(
        as_of=_fmt_date(SAMPLE_DATE),
        lines=lines,
        total_debit=_fmt_amount(debit_total),
        total_credit=_fmt_amount(credit_total),
        balance=_fmt_amount(balance),
        balance_in_words=_fmt_words(balance),
        overdue=_fmt_amount(overdue),
    )


def _add_litigation(letter, total):
    debtor = letter.recipient
    letter.recipient = Recipient(
        name="SELARL Fabre & Associés",
        contact="Maître Laurent Fabre, commissaire de justice",
        address_lines=["9 quai Jean-Moulin", "69001 LYON"],
    )
    letter.salutation = "Maître,"
    letter.salutation_recall = "Maître"
    letter.notice_date = _fmt_date(datetime.date(2026, 2, 16))
    small = total <= Decimal(5000)
    if small:
        route = "Procédure simplifiée de recouvrement des petites créances"
        court = "Commissaire de justice (article L125-1 du Code des procédures civiles d'exécution)"
        notes = [
            "Créance contractuelle n'excédant pas 5 000 € en principal et intérêts.",
            "Le débiteur dispose d'un mois pour accepter ou refuser la procédure.",
        ]
        # Between merchants, before the commercial court: no CPC 750-1 note
        # (it belongs to the tribunal judiciaire).
        note = ""
    else:
        route = "Requête en injonction de payer"
        court = "Tribunal des activités économiques de Lyon (domicile du débiteur)"
        notes = [
            "Créance contractuelle d'un montant certain, liquide et exigible.",
            "Formulaire Cerfa n° 12946 (tribunal de commerce / des activités économiques).",
            "L'ordonnance devra être signifiée dans les six mois de sa date si elle "
            "est rendue avant le 1er septembre 2026, dans les trois mois si elle est "
            "rendue à compter de cette date, à peine de caducité ; le débiteur "
            "dispose d'un mois à compter de la signification pour former opposition.",
            "Si la condamnation n'est pas exécutée dans les deux mois de la date à "
            "laquelle la décision est devenue exécutoire, le taux de l'intérêt légal "
            "est majoré de cinq points (article L313-3 du Code monétaire et "
            "financier).",
        ]
        note = ""
    letter.litigation = Litigation(
        debtor_name=debtor.name,
        debtor_address_lines=debtor.address_lines,
        debtor_identity=debtor.identity,
        debtor_status="Société commerciale : créance entre professionnels",
        route=route,
        court=court,
        route_notes=notes,
        prior_amicable_note=note,
        history=[
            HistoryLine("17/11/2025", "Courriel de relance de courtoisie"),
            HistoryLine("13/02/2026", "Relance amiable (courrier et courriel)"),
            HistoryLine(
                "16/02/2026",
                "Mise en demeure par lettre recommandée avec accusé de réception n° 1A 234 567 8901 2",
            ),
            HistoryLine("18/02/2026", "Accusé de réception signé par le débiteur"),
            HistoryLine(
                "26/02/2026",
                "Expiration du délai de huit jours fixé par la mise en demeure",
            ),
        ],
        annexes=[
            "Factures " + ", ".join(line.number for line in letter.invoices),
            "Conditions générales de vente acceptées par le client",
            "Bons de livraison signés",
            "Lettres de relance",
            "Mise en demeure du 16 février 2026 et avis de réception",
            "Relevé de compte client au 2 mars 2026",
        ],
        handler="Maître Laurent Fabre, commissaire de justice",
    )


def _add_declaration(letter):
    """Receivership of the customer opened on 3 March 2026 (penalties to
    2 March, the sample date), published in the BODACC on 17 March 2026."""
    debtor = letter.recipient
    letter.recipient = Recipient(
        name="SELARL MJ Rhône",
        contact="Maître Anne Roux, mandataire judiciaire",
        address_lines=["4 rue de la Charité", "69002 LYON"],
    )
    letter.salutation = "Maître,"
    letter.salutation_recall = "Maître"
    letter.date = _fmt_date(datetime.date(2026, 3, 20))
    letter.place_date = f"{letter.company.city}, le {letter.date}"
    letter.subject = f"Déclaration de créance – {debtor.name} – redressement judiciaire"
    # The credit note AV/2026/0004 (before the opening) reduces the claim
    # declared: the totals of the sample letter are kept as they are.
    letter.declaration = ClaimDeclaration(
        representative_title="Mandataire judiciaire",
        procedure_label="redressement judiciaire",
        debtor_name=debtor.name,
        debtor_identity=debtor.identity,
        debtor_address="112 avenue Jean-Jaurès, 69007 LYON",
        opening_date=_fmt_date(datetime.date(2026, 3, 3)),
        publication_date=_fmt_date(datetime.date(2026, 3, 17)),
        penalties_until=_fmt_date(SAMPLE_DATE),
        penalty_basis=(
            f"taux de 12,15{NBSP}% l'an (taux de refinancement de la BCE majoré "
            "de 10 points, article L441-10 du Code de commerce), du lendemain de "
            "l'échéance de chaque facture jusqu'à la veille du jugement "
            "d'ouverture (article L622-28)"
        ),
        deadline_date=_fmt_date(datetime.date(2026, 5, 17)),
        retention_goods=[
            "2 rayonnages métalliques RM-400 livrés le 15 octobre 2025 "
            "(facture FA/2025/0412), vendus avec clause de réserve de propriété "
            "(article 9 de nos conditions générales de vente)",
        ],
        retention_deadline=_fmt_date(datetime.date(2026, 6, 17)),
        creditor_lines=company_identity_lines(letter.company),
        # Every sample invoice was due before the opening (L622-25).
        due_amount=letter.totals.principal,
        indemnity_basis=letter.indemnity_basis,
        indemnity_count=sum(1 for line in letter.invoices if line.indemnity),
    )


def _add_agency(letter, penalties, indemnity, total):
    creditor = letter.company
    letter.agency = AgencyMentions(
        sender=Company(
            name="Rhône Recouvrement",
            address_lines=["5 place Bellecour", "69002 Lyon"],
            city="Lyon",
            legal_form=f"SAS au capital de 40{NNBSP}000{NBSP}€",
            rcs="RCS Lyon 901 234 567",
            siret="901 234 567 00018",
            vat="FR63 901234567",
            phone="04 78 00 12 34",
            email="gestion@rhone-recouvrement.fr",
            website="www.rhone-recouvrement.fr",
        ),
        creditor_name=creditor.name,
        creditor_address_lines=list(creditor.address_lines),
        claim_basis=(
            "Factures de fourniture d'équipements restées impayées, émises en "
            "application des conditions générales de vente du créancier"
        ),
        principal=_fmt_amount(
            Decimal(_plain(letter.totals.principal))
            - Decimal(_plain(letter.totals.credits))
        ),
        interest=_fmt_amount(penalties),
        other_sums=_fmt_amount(indemnity),
        other_sums_label=(
            "Indemnités forfaitaires pour frais de recouvrement "
            + (
                "(art. D2192-35 du Code de la commande publique)"
                if letter.public_buyer
                else "(art. D441-5 du Code de commerce)"
            )
        )
        if indemnity
        else "",
        total=_fmt_amount(total),
        first_letter_date=""
        if letter.kind == "relance_amiable"
        else _fmt_date(datetime.date(2026, 2, 13)),
        first_letter_reference=""
        if letter.kind == "relance_amiable"
        else "RR-2026-00871",
    )
    letter.signatory = Signatory(
        name="Marc Lefèvre",
        function="Chargé de recouvrement, Rhône Recouvrement",
        phone="04 78 00 12 36",
        email="m.lefevre@rhone-recouvrement.fr",
    )
    letter.place_date = f"Lyon, le {letter.date}"
    letter.reference = "RR-2026-00871"


def _plain(text):
    """``"7 290,80 €"`` -> ``"7290.80"`` (sample data only)."""
    return (
        text.replace(NNBSP, "")
        .replace(NBSP, "")
        .replace("€", "")
        .replace(",", ".")
        .strip()
    )


def sample_letters(kind, count, **options):
    """``count`` distinct letters of ``kind`` (benchmarks): references and
    recipients numbered so that no two letters are the same."""
    base = sample_letter(kind, **options)
    letters = []
    for index in range(count):
        letter = copy.deepcopy(base)
        letter.reference = f"{base.reference}-{index + 1:04d}"
        letter.recipient.customer_code = f"C{index + 1:05d}"
        letter.recipient.name = f"{base.recipient.name} ({index + 1})"
        letters.append(letter)
    return letters
