"""Public buyers (State, local authorities, public hospitals...): how the
addon recognises them and what their regime changes. No ``import odoo``.

- Penalties: :func:`tools.penalties.public_buyer_penalties` (CCP R2192-31:
  ECB rate of the half-year in which interest started + 8 points, fixed);
  the fixed indemnity is the same 40 EUR (CCP D2192-35).
- Recognition (a proposal only, the user confirms it on the customer's
  form): Odoo itself knows nothing of public law. When the OCA module
  ``l10n_fr_chorus_account`` is installed, a customer whose invoices must go
  through Chorus Pro (field ``fr_chorus_required`` set to anything but
  ``"none"``, or a Chorus identifier) is a public buyer: Chorus Pro is the
  invoicing portal of the public sector (ordonnance n° 2014-697, CCP
  L2192-1 ff.). No guess is made from the SIREN or the legal form: the
  prefixes of public-sector SIREN numbers could not be checked against an
  official source, so without Chorus data the type is set by hand. Being
  "Chorus Pro required" says the customer buys under public procurement
  rules; it does not make it a public person (a public undertaking
  organised as a company uses Chorus Pro too): the kind of public buyer
  (:data:`KINDS`) decides the court and the enforcement.
- Payment period (CCP L2192-10: a contract's period cannot exceed the
  regulated one): :func:`regulated_due_date`.
- Prescription: the déchéance quadriennale of the loi n° 68-1250 of
  31 December 1968 for public persons (:func:`quadrennial_prescription_date`).

Texts checked with the search tool (December 2026: Légifrance section of
the CCP as of 2019, code-commande-publique.com, weka.fr, doctrine.fr, unchanged
since the décret n° 2018-1075 in force on 1 April 2019):

- R2192-10: 30 days for the State, its public bodies other than the
  industrial and commercial ones, the local authorities and their public
  bodies. R2192-11: 50 days for public health establishments (and the armed
  forces' health establishments); 60 days for public undertakings within
  the meaning of II of art. 1 of the ordonnance n° 2004-503 of 7 June 2004,
  except local public bodies.
- R2192-12: the period runs from the receipt of the payment request; for an
  invoice sent through the public invoicing portal (Chorus Pro) the receipt
  is the notification to the buyer of the invoice's availability on it.
- R2192-13: when the receipt date is uncertain or earlier than the
  performance of the services, the period runs from the performance.
- R2192-14: the receipt is recorded by the buyer's services; failing that,
  the date of the payment request plus two days is taken; in a dispute the
  creditor proves it. It cannot be agreed by contract.
- L2192-13 and R2192-31: interest from the day after the period expires,
  ECB rate + 8 points; D2192-35: the 40 EUR indemnity.
- Loi n° 68-1250, art. 1: claims on the State, departments, communes and
  public bodies with a public accountant are prescribed when not paid within
  four years from the first day of the year after the one in which the
  rights were acquired; art. 2: any written payment request to the
  administrative authority interrupts it, and a new four-year period runs
  from the first day of the year after the interruption.
- Enforcement: the property of a public person is not seizable (CG3P
  L2311-1), an EPIC's included (Cass. 1re civ., 21 December 1987,
  n° 86-14.167, BRGM); a judgment is paid through the public accountant
  (loi n° 80-539 of 16 July 1980, CJA L911-9).
"""

import datetime

#: Values of ``fr_chorus_required`` (OCA l10n_fr_chorus_account) that mean
#: "invoices go to Chorus Pro".
CHORUS_REQUIRED_VALUES = (
    "service",
    "engagement",
    "service_or_engagement",
    "service_and_engagement",
)

#: The letters' legal bases for each kind of professional debtor.
PENALTY_BASIS = {
    "b2b": "l'article L441-10 du Code de commerce",
    "public": "les articles L2192-13 et R2192-31 du Code de la commande publique",
}
#: The same bases with their preposition contracted, as French requires
#: ("à les" -> "aux", "de les" -> "des"): "conformément aux articles ...",
#: "en application de l'article ...".
PENALTY_BASIS_A = {
    "b2b": "à l'article L441-10 du Code de commerce",
    "public": "aux articles L2192-13 et R2192-31 du Code de la commande publique",
}
PENALTY_BASIS_DE = {
    "b2b": "de l'article L441-10 du Code de commerce",
    "public": "des articles L2192-13 et R2192-31 du Code de la commande publique",
}
#: The texts that make the 40 EUR owed, cited by the agency's box and its
#: "other sums" line (CPCE R124-4: the basis of each sum claimed).
INDEMNITY_LAW = {
    "b2b": "articles L441-10 et D441-5 du Code de commerce",
    "public": "articles L2192-13 et D2192-35 du Code de la commande publique",
}
#: Who owes it, in the agency's box (CPCE L111-8: no other recovery cost).
INDEMNITY_DEBTOR = {
    "b2b": "due par les seuls professionnels",
    "public": "due par l'acheteur public",
}
#: Printed after "article" words are dropped: "(article D441-5 du Code de
#: commerce)", "... et de l'article D441-5 du Code de commerce".
INDEMNITY_BASIS = {
    "b2b": "article D441-5 du Code de commerce",
    "public": "article D2192-35 du Code de la commande publique",
}


#: Kinds of public buyer: the selection of the customer's form.
STATE_LOCAL = "state_local"  # State, local authority, administrative public body
HEALTH = "health"  # public health establishment
EPIC = "epic"  # industrial and commercial public body
COMPANY = "company"  # public undertaking organised as a company (SA, SEM, SPL)
KINDS = (STATE_LOCAL, HEALTH, EPIC, COMPANY)

#: Regulated maximum payment period in days, by kind (CCP R2192-10,
#: R2192-11). An EPIC is a public undertaking in the sense of the
#: ordonnance n° 2004-503 (60 days), except a local one (30 days: the
#: period is editable on the customer).
REGULATED_DAYS = {
    STATE_LOCAL: 30,  # R2192-10
    HEALTH: 50,  # R2192-11 1°
    EPIC: 60,  # R2192-11 2°
    COMPANY: 60,  # R2192-11 2°
}
#: R2192-14: without a recorded receipt, the payment request's date + 2 days.
RECEIPT_DEFAULT_DAYS = 2

#: Kinds that are public persons: their property cannot be seized (CG3P
#: L2311-1; an EPIC too).
PUBLIC_PERSONS = (STATE_LOCAL, HEALTH, EPIC)
#: Kinds whose contracts go to the administrative judge: no order for
#: payment, a claim then the référé-provision before the tribunal
#: administratif. An EPIC's contracts with its customers and suppliers are
#: private-law contracts (ordinary courts) unless they carry a public-law
#: clause; a public undertaking organised as a company is a private person.
ADMINISTRATIVE_COURT_KINDS = (STATE_LOCAL, HEALTH)
#: Kinds that benefit from the déchéance quadriennale (loi n° 68-1250,
#: art. 1: State, departments, communes, public bodies with a public
#: accountant). An EPIC is counted in: most have a public accountant, and
#: the quadrennial date is never later than the 5 commercial years (the
#: watch warns in time either way); a company is a private person
#: (C. com. L110-4). An unknown kind (empty) counts in: the earlier date.
QUADRENNIAL_KINDS = (STATE_LOCAL, HEALTH, EPIC, False, None)
QUADRENNIAL_YEARS = 4


def regulated_days(kind):
    """Regulated maximum payment period of a kind of public buyer, in days
    (an unknown kind counts as the State or a local authority: 30 days, the
    general rule of R2192-10)."""
    return REGULATED_DAYS.get(kind or STATE_LOCAL, REGULATED_DAYS[STATE_LOCAL])


def payment_request_receipt(request_receipt=None, invoice_date=None, performance=None):
    """The day the payment period starts from (CCP R2192-12 to R2192-14).

    ``request_receipt``: the recorded receipt of the payment request (for
    Chorus Pro, the notification of the deposit: R2192-12); without it, the
    payment request's date (the invoice date) + 2 days (R2192-14).
    ``performance``: the day the services were performed or the goods
    delivered; when it is later than the receipt, the period runs from it
    (R2192-13). ``None`` without any date.

    >>> import datetime as dt
    >>> payment_request_receipt(None, dt.date(2026, 3, 2))
    datetime.date(2026, 3, 4)
    >>> payment_request_receipt(dt.date(2026, 3, 9), dt.date(2026, 3, 2))
    datetime.date(2026, 3, 9)
    >>> payment_request_receipt(None, dt.date(2026, 3, 2), dt.date(2026, 3, 20))
    datetime.date(2026, 3, 20)
    """
    receipt = request_receipt or (
        invoice_date + datetime.timedelta(days=RECEIPT_DEFAULT_DAYS)
        if invoice_date
        else None
    )
    if performance and (receipt is None or performance > receipt):
        return performance
    return receipt


def regulated_due_date(due_date, receipt, days):
    """The due date that bears interest for a public buyer: the earlier of
    the agreed due date and ``receipt`` + the regulated period (CCP L2192-10:
    a period set by the contract cannot exceed the regulated one; interest
    runs from the day after, L2192-13). ``receipt`` is
    :func:`payment_request_receipt`. Either date may be ``None``.

    A commune (30 days) invoiced on 2 March 2026 with a 60-day term (due
    1 May 2026), request received on 4 March: due on 3 April 2026.

    >>> import datetime as dt
    >>> regulated_due_date(dt.date(2026, 5, 1), dt.date(2026, 3, 4), 30)
    datetime.date(2026, 4, 3)
    >>> regulated_due_date(dt.date(2026, 3, 20), dt.date(2026, 3, 4), 30)
    datetime.date(2026, 3, 20)
    """
    if not receipt or days is None:
        return due_date
    ceiling = receipt + datetime.timedelta(days=int(days))
    return min(due_date, ceiling) if due_date else ceiling


def quadrennial_prescription_date(claim_date, interruptions=(), court_claims=()):
    """Last day of the déchéance quadriennale (loi n° 68-1250 of 31 December
    1968): four years from the first day of the year after the one in which
    the claim arose (art. 1), that is 31 December of the fourth year after
    it. Any written payment request to the authority, a claim in court, a
    payment on account or the authority's written acknowledgment interrupts
    it (art. 2): a new four-year period runs from the first day of the year
    after the interruption. ``court_claims``: ``(claim_date, instance_end)``
    pairs; while an instance is pending (no end), ``None`` (art. 2: the new
    period runs from the year after the final decision).

    A commune's claim of March 2026: from 1 January 2027, prescribed at the
    end of 31 December 2030.

    >>> import datetime as dt
    >>> quadrennial_prescription_date(dt.date(2026, 3, 15))
    datetime.date(2030, 12, 31)
    >>> quadrennial_prescription_date(dt.date(2026, 3, 15), [dt.date(2027, 1, 10)])
    datetime.date(2031, 12, 31)
    """
    if any(claim and not end for claim, end in court_claims):
        return None
    dates = [
        d
        for d in (
            claim_date,
            *interruptions,
            *(end for claim, end in court_claims if claim and end),
        )
        if d
    ]
    if not dates:
        return None
    return datetime.date(max(dates).year + QUADRENNIAL_YEARS, 12, 31)


def looks_like_public_buyer(chorus_required=None, chorus_identifier=None):
    """True when the customer's Chorus Pro data says it is a public buyer.

    ``chorus_required``: the ``fr_chorus_required`` value (or None when the
    Chorus module is not installed); ``chorus_identifier``: its Chorus Pro
    identifier (0 or None when unknown).

    >>> looks_like_public_buyer("service")
    True
    >>> looks_like_public_buyer("none", 0)
    False
    >>> looks_like_public_buyer(None, 25784152)
    True
    """
    return bool(chorus_required in CHORUS_REQUIRED_VALUES or chorus_identifier)
