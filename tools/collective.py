"""Collective procedures of the debtor (Code de commerce, book VI): what may
still be claimed, on which invoices, and the creditor's deadlines.

Plain Python (no ``import odoo``). The texts were checked in November 2026
(search of public sources: Légifrance copies, Infogreffe, lexbase):

- L622-28 al. 1: "Le jugement d'ouverture arrête le cours des intérêts légaux
  et conventionnels, ainsi que de tous intérêts de retard et majorations"
  (redressement: L631-14; liquidation: L641-3). The judgment takes effect on
  its day: the last day that bears penalties is the day before the opening.
- L622-7 / L622-21: a claim born before the opening may no longer be paid
  nor chased individually; it is declared (L622-24).
- L441-10 II, last sentence (checked in December 2026 through a copy of the
  article's text): "Le créancier ne peut toutefois pas invoquer le bénéfice
  de ces indemnités lorsque l'ouverture d'une procédure de sauvegarde, de
  redressement ou de liquidation judiciaire interdit le paiement à son
  échéance de la créance qui lui est due." The fixed 40 € indemnity
  (D441-5) is therefore owed, and declared, for an invoice whose due date
  came before the opening day (its payment was allowed on that day, even
  the day before the opening); it is not owed when the due date is the
  opening day or later (paying it was then forbidden, L622-7).
- When a claim is born: its fait générateur, the day the goods were
  delivered or the work done, not the invoice date nor the due date (Cass.
  com., 27 Sept 2011, n° 10-21.277, constant since). The addon dates a claim
  by its performance date (:func:`claim_date`): the completion date kept on
  the invoice, else Odoo's delivery date, else the invoice date (the letter
  then says so). A delivery before the opening invoiced after it is a
  pre-opening claim: declared, no penalties nor indemnity after the
  opening, never chased.
- L622-17 I: claims born regularly after the opening for the needs of the
  procedure or of the business are paid at their due date: they stay on the
  ladder, with their penalties and indemnity as usual.
- L622-24, last paragraph (loi n° 2005-845 art. 37): the other claims born
  regularly after the opening are declared too, "Les délais courent à
  compter de la date d'exigibilité de la créance" (the two months of
  R622-24, :func:`post_opening_declaration_deadline`). The addon cannot
  tell whether a post-opening supply served the needs of the business: it
  keeps such claims on the ladder (L622-17 I, the usual case for a supplier
  going on with a current contract) and gives the date by which to declare
  them should the representative dispute that.
- R622-24: the declaration period is two months from the publication of the
  opening judgment in the BODACC, plus two months for creditors who do not
  reside in metropolitan France when the court sits there (and, for a court
  overseas, for creditors who do not reside in that department).
- L622-26 al. 3: relief from foreclosure (relevé de forclusion) within six
  months of the publication of the opening judgment.
- L624-9: the claim of movables (revendication, e.g. goods sold under a
  retention-of-title clause, L624-16) within three months of the publication
  of the opening judgment.
- Rétablissement professionnel (L645-1 and following): no declaration of
  claims; the mandataire judiciaire asks the known creditors for the amount
  of their claims, to be sent within two months of receiving his notice
  (L645-8, R645-10). That date is not known from the BODACC: no dated
  deadline is computed for it.
"""

import datetime
from dataclasses import dataclass

from .deadlines import add_months

SAFEGUARD = "safeguard"
RECEIVERSHIP = "receivership"
LIQUIDATION = "liquidation"
PROFESSIONAL_RECOVERY = "professional_recovery"
PROCEDURE_TYPES = (SAFEGUARD, RECEIVERSHIP, LIQUIDATION, PROFESSIONAL_RECOVERY)

#: "une procédure de ...": the name of each procedure in a letter.
PROCEDURE_LABELS = {
    SAFEGUARD: "sauvegarde",
    RECEIVERSHIP: "redressement judiciaire",
    LIQUIDATION: "liquidation judiciaire",
    PROFESSIONAL_RECOVERY: "rétablissement professionnel",
}
#: Who receives the declaration: the mandataire judiciaire in safeguard and
#: receivership (L622-20, L631-9), the liquidator in liquidation (L641-4);
#: the mandataire judiciaire designated in a rétablissement professionnel
#: (L645-4).
REPRESENTATIVE_TITLES = {
    SAFEGUARD: "Mandataire judiciaire",
    RECEIVERSHIP: "Mandataire judiciaire",
    LIQUIDATION: "Liquidateur judiciaire",
    PROFESSIONAL_RECOVERY: "Mandataire judiciaire",
}

#: The article that obliges the co-contractor to go on performing the
#: current contracts although pre-opening debts are unpaid: L622-13 I in
#: safeguard, applied by L631-14 in receivership, L641-11-1 I in
#: liquidation (no current contract in a rétablissement professionnel; the
#: safeguard article is cited there by default).
CONTINUATION_ARTICLES = {
    SAFEGUARD: "L622-13, I",
    RECEIVERSHIP: "L631-14 (renvoyant à l'article L622-13, I)",
    LIQUIDATION: "L641-11-1, I",
    PROFESSIONAL_RECOVERY: "L622-13, I",
}

#: The article under which a claim born after the opening is paid at its
#: due date: L622-17 I (safeguard; receivership through L631-14), L641-13 I
#: in liquidation.
POST_OPENING_ARTICLES = {
    SAFEGUARD: "L622-17",
    RECEIVERSHIP: "L622-17",
    LIQUIDATION: "L641-13",
    PROFESSIONAL_RECOVERY: "L622-17",
}

DECLARATION = "declaration"
RELIEF = "relief"
RETENTION = "retention"

#: Months from the BODACC publication (R622-24, L622-26, L624-9).
DECLARATION_MONTHS = 2
DISTANCE_MONTHS = 2
RELIEF_MONTHS = 6
RETENTION_MONTHS = 3

METROPOLITAN = "metropolitan"
#: Overseas departments and collectivities share the French postcodes
#: 971xx-988xx.
OVERSEAS_PREFIXES = ("97", "98")


@dataclass(frozen=True)
class Deadline:
    code: str  # DECLARATION, RELIEF, RETENTION
    date: datetime.date
    article: str  # "R622-24 du Code de commerce"


def representative_title(procedure_type):
    """ "Mandataire judiciaire" or "Liquidateur judiciaire"."""
    return REPRESENTATIVE_TITLES.get(procedure_type or RECEIVERSHIP)


#: Where the date of a claim comes from (:func:`claim_date`).
PERFORMANCE = "performance"
INVOICE = "invoice"


def claim_date(invoice_date, *performance_dates):
    """``(date, source)``: the day the claim was born, by its fait générateur
    (Cass. com., 27 Sept 2011): the first of ``performance_dates`` given (the
    completion date kept on the invoice, then the delivery date), with
    ``source`` ``"performance"``; failing any, the invoice date, with
    ``source`` ``"invoice"`` (the letters say so).

    Delivered on 10 March, invoiced on 20 March: born on 10 March.

    >>> claim_date(datetime.date(2026, 3, 20), None, datetime.date(2026, 3, 10))
    (datetime.date(2026, 3, 10), 'performance')
    >>> claim_date(datetime.date(2026, 3, 20), None, None)
    (datetime.date(2026, 3, 20), 'invoice')
    """
    for day in performance_dates:
        if day:
            return day, PERFORMANCE
    return invoice_date, INVOICE


def born_before_opening(born_on, opening_date):
    """A claim born on ``born_on`` (:func:`claim_date`) is born before the
    opening judgment of ``opening_date`` (declared, L622-24) rather than
    after it (L622-17). The judgment takes effect from the first hour of its
    day: a delivery on the opening day is born after. Without an opening
    date nothing can be dated: every claim is taken as born before (nothing
    is chased)."""
    if not opening_date:
        return True
    if not born_on:
        return True
    return born_on < opening_date


def penalty_end(until, born_on, opening_date):
    """Last day up to which the penalties of an invoice run.

    For a claim born before the opening, the day before the opening at the
    latest (L622-28); ``None`` when nothing may be counted (no opening date
    known). A claim born after the opening runs to ``until``.

    >>> penalty_end(datetime.date(2026, 5, 1), datetime.date(2026, 1, 10),
    ...             datetime.date(2026, 3, 16))
    datetime.date(2026, 3, 15)
    """
    if not born_before_opening(born_on, opening_date):
        return until
    if not opening_date:
        return None
    return min(until, opening_date - datetime.timedelta(days=1))


def indemnity_owed(due_date, born_on, opening_date):
    """The fixed indemnity of an invoice under a collective procedure
    (C. com. L441-10 II, last sentence: "Le créancier ne peut toutefois pas
    invoquer le bénéfice de ces indemnités lorsque l'ouverture d'une
    procédure de sauvegarde, de redressement ou de liquidation judiciaire
    interdit le paiement à son échéance de la créance qui lui est due").

    Owed as usual for a claim born after the opening (L622-17). For a claim
    born before it, owed (and declared) when its due date came before the
    opening day: on that due date the debtor could still pay, so the opening
    did not forbid payment "à son échéance", even for an invoice due the
    day before the opening. Not owed when the due date is the opening day
    or later (L622-7 forbade paying it then).

    >>> opening = datetime.date(2026, 3, 16)
    >>> indemnity_owed(datetime.date(2026, 3, 15), datetime.date(2026, 2, 13), opening)
    True
    >>> indemnity_owed(datetime.date(2026, 3, 16), datetime.date(2026, 2, 14), opening)
    False
    """
    if not born_before_opening(born_on, opening_date):
        return True
    if not (opening_date and due_date):
        return False
    return due_date < opening_date


def post_opening_declaration_deadline(
    due_date, creditor_territory=METROPOLITAN, court_territory=METROPOLITAN
):
    """Last day to declare a claim born regularly after the opening that is
    not paid at its due date under L622-17 I (not for the needs of the
    procedure or of the business): L622-24, last paragraph, "Les délais
    courent à compter de la date d'exigibilité de la créance"; the period is
    that of R622-24 (2 months, 4 for a creditor outside the court's
    territory), counted from the due date instead of the BODACC publication.

    Due on 30 April 2026: declare by 30 June 2026.

    >>> post_opening_declaration_deadline(datetime.date(2026, 4, 30))
    datetime.date(2026, 6, 30)
    """
    if not due_date:
        return None
    return add_months(due_date, declaration_months(creditor_territory, court_territory))


def territory(country_code, zip_code):
    """``"metropolitan"``, an overseas department's 3-digit code ("974"), or
    the country code outside France."""
    code = (country_code or "").upper()
    if code not in ("", "FR"):
        return code
    digits = "".join(ch for ch in zip_code or "" if ch.isdigit())
    if digits.startswith(OVERSEAS_PREFIXES):
        return digits[:3]
    return METROPOLITAN


def declaration_months(creditor_territory, court_territory=METROPOLITAN):
    """2 months, or 4 for a creditor who does not reside in the territory of
    the court (R622-24 al. 2 and 3)."""
    if creditor_territory != court_territory:
        return DECLARATION_MONTHS + DISTANCE_MONTHS
    return DECLARATION_MONTHS


def deadlines(
    procedure_type,
    publication_date,
    creditor_territory=METROPOLITAN,
    court_territory=METROPOLITAN,
    retention_of_title=False,
):
    """The creditor's dated deadlines, earliest first: declaration of the
    claim, relief from foreclosure, and the claim of goods sold under a
    retention-of-title clause when ``retention_of_title``. Empty without a
    BODACC publication date or in a rétablissement professionnel (see the
    module docstring). Each period ends on the day with the same number as
    the publication day (:func:`.deadlines.add_months`).

    Publication on 31 March 2026, creditor in Lyon: declaration by 31 May
    2026, retention of title by 30 June 2026 (no 31 June), relief by 30
    September 2026.
    """
    if not publication_date or procedure_type == PROFESSIONAL_RECOVERY:
        return []
    months = declaration_months(creditor_territory, court_territory)
    result = [
        Deadline(
            DECLARATION,
            add_months(publication_date, months),
            "L622-24 et R622-24 du Code de commerce",
        ),
        Deadline(
            RELIEF,
            add_months(publication_date, RELIEF_MONTHS),
            "L622-26 du Code de commerce",
        ),
    ]
    if retention_of_title:
        result.append(
            Deadline(
                RETENTION,
                add_months(publication_date, RETENTION_MONTHS),
                "L624-9 et L624-16 du Code de commerce",
            )
        )
    return sorted(result, key=lambda d: d.date)
