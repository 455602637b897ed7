"""Collective procedures of the debtor (Code de commerce, book VI): what may
still be claimed, on which invoices, and the creditor's deadlines.

Plain Python (no ``import odoo``). The texts were checked in November 2026
(search of public sources: Légifrance copies, Infogreffe, lexbase):

- L622-28 al. 1: "Le jugement d'ouverture arrête le cours des intérêts légaux
  et conventionnels, ainsi que de tous intérêts de retard et majorations"
  (redressement: L631-14; liquidation: L641-3). The judgment takes effect on
  its day: the last day that bears penalties is the day before the opening.
- L622-7 / L622-21: a claim born before the opening may no longer be paid
  nor chased individually; it is declared (L622-24). The fixed 40 €
  indemnity (D441-5) is owed from the first day of delay: it is declared
  for the invoices already due before the opening, and is not owed for an
  invoice whose due date falls after it (its payment was forbidden then).
- L622-17 I: claims born regularly after the opening for the needs of the
  procedure or of the business are paid at their due date: they stay on the
  ladder, with their penalties and indemnity as usual. The addon dates a
  claim by its invoice date (the supply is invoiced when made); an invoice
  dated the day of the opening or later is "born after".
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


def born_before_opening(invoice_date, opening_date):
    """The claim of an invoice dated ``invoice_date`` is born before the
    opening judgment of ``opening_date`` (L622-24) rather than after it
    (L622-17). Without an opening date nothing can be dated: every claim is
    taken as born before (nothing is chased)."""
    if not opening_date:
        return True
    if not invoice_date:
        return True
    return invoice_date < opening_date


def penalty_end(until, invoice_date, opening_date):
    """Last day up to which the penalties of an invoice run.

    For a claim born before the opening, the day before the opening at the
    latest (L622-28); ``None`` when nothing may be counted (no opening date
    known). A claim born after the opening runs to ``until``.

    >>> penalty_end(datetime.date(2026, 5, 1), datetime.date(2026, 1, 10),
    ...             datetime.date(2026, 3, 16))
    datetime.date(2026, 3, 15)
    """
    if not born_before_opening(invoice_date, opening_date):
        return until
    if not opening_date:
        return None
    return min(until, opening_date - datetime.timedelta(days=1))


def indemnity_owed(due_date, invoice_date, opening_date):
    """The fixed indemnity of an invoice under a collective procedure: owed
    (and declared) when the invoice was due before the opening; owed as usual
    for a claim born after it (L622-17); not owed for an earlier claim that
    fell due after the opening.

    The indemnity is owed from the first day of delay, the day after the due
    date: that day must come before the opening. An invoice due the day
    before the opening is first late on the opening day, when paying it is
    already forbidden (L622-7): no indemnity (the addon's reading of a case
    the texts do not settle)."""
    if not born_before_opening(invoice_date, opening_date):
        return True
    if not (opening_date and due_date):
        return False
    return due_date + datetime.timedelta(days=1) < opening_date


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
