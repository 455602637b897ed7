# ruff: noqa: RUF001
# (French text printed in the litigation file: no-break spaces before ":" and ";".)
"""Judicial route of a litigation file (CPC art. 1405 and following, CPCE
L125-1 and L126-1, CPC art. 750-1, 835 and 873, CJA R541-1).

Suggests, from the amounts and the parties, how an unpaid claim goes on once
the deadline of the mise en demeure has passed. The addon prepares the file;
it never files anything with a court. Everything here is plain Python (no
``import odoo``); the texts are French because they are printed in the file.

The rules applied, in this order:

1. The debtor is under a collective procedure: the only route is the
   declaration of the claim to the mandataire judiciaire or the liquidator
   (Code de commerce L622-24, R622-24; see :mod:`.collective`).
2. The debtor is a public person whose contract is administrative (State,
   local authority, administrative public body, public hospital: the
   contracts of public procurement they sign are administrative contracts):
   no forced execution against a public person (its property cannot be
   seized: Code général de la propriété des personnes publiques L2311-1);
   a claim for payment to the ordonnateur and the public accountant first (a
   money claim before the administrative judge needs a prior decision of the
   administration: CJA R421-1), then the référé-provision before the
   tribunal administratif (CJA R541-1). Once condemned, the sum must be paid
   within two months, failing which the prefect or the supervising authority
   pays it ex officio (mandatement d'office, CJA L911-9).
   An industrial and commercial public body (EPIC) is a public person too,
   but its contracts with its customers and suppliers are private-law
   contracts: the ordinary courts hear them and an order for payment is
   possible; its property still cannot be seized (CG3P L2311-1; Cass. 1re
   civ., 21 December 1987, n° 86-14.167): the title is paid through the
   public accountant (CJA L911-9, reproducing art. 1 of loi n° 80-539 of
   16 July 1980), so the procedures run by a commissaire de justice (L125-1,
   L126-1), whose point is enforcement, are not suggested (``unseizable``).
   A public undertaking organised as a company (SA, SEM, SPL) is a private
   person: the ordinary routes of a company, enforcement included.
3. The claim is seriously disputed: an ordinary lawsuit (assignation en
   paiement); an injonction de payer or a référé-provision needs a claim that
   is not seriously disputable.
4. Both parties are merchants and the claim was invoiced, from the law of
   23 April 2026 on: the simplified procedure for the recovery of
   uncontested commercial claims (CPCE L126-1 and following), run by a
   commissaire de justice, at any amount; the same law takes the claims
   invoiced between merchants out of the small-claims procedure of L125-1.
   Fallback: the injonction de payer at the commercial court.
5. A contractual claim of 5,000 EUR or less in principal and interest
   (CPCE L125-1, R125-1), other parties: the simplified small-claims
   procedure run by a commissaire de justice. Fallback: the injonction de
   payer.
6. Otherwise: the injonction de payer (CPC art. 1405 and following), at the
   tribunal de commerce / tribunal des activités économiques when both
   parties are merchants (Cerfa 12946), before the juge des contentieux de
   la protection for the matters he hears (Cerfa 16040), at the tribunal
   judiciaire otherwise (Cerfa 12948).

The note of CPC art. 750-1 (prior amicable resolution attempt for claims of
5,000 EUR or less) is given only where the article applies: before the
tribunal judiciaire (the juge des contentieux de la protection included),
for a summons or a référé; never between merchants before the commercial
court, and never for the injonction de payer, in either of its phases
(Cass. 2e civ., avis, 25 September 2025, n° 25-70.013).

Texts checked with the search tool (November 2026):

- décret n° 2026-96 of 16 February 2026 (JO 17 February 2026): the order
  for payment must be served within three months (six before) under pain of
  lapsing; the registry notifies the creditor only of oppositions, within a
  month of receiving them; the creditor may enforce the order when no
  opposition notice came from the registry within two months of service.
  Applicable to orders issued from 1 September 2026.
- law of 23 April 2026 (Entreprendre Service Public, 27 April 2026:
  "applicable dès à présent"; Senate texts n° 187 and 288, 2025-2026):
  CPCE L126-1 "Pour le recouvrement d'une créance ayant fait l'objet d'une
  facturation entre commerçants, une procédure simplifiée peut être mise en
  œuvre par un commissaire de justice à la demande du créancier"; the claim
  must be certain, liquid and due; no amount threshold; the commissaire de
  justice serves a commandement de payer (L126-2); without full payment or
  dispute, and at the earliest eight days after the period of L126-2, he
  draws up a procès-verbal de non-contestation (L126-3), which the registrar
  of the commercial court makes enforceable (L126-4); the claims invoiced
  between merchants are taken out of L125-1. Not found: the number of the
  law, its exact publication date, the period given to the debtor by
  L126-2 as enacted, and any implementing decree: none of these is printed.
  The law's date is used as the threshold (:data:`UNCONTESTED_CLAIMS_FROM`).
- CPC 750-1: Cass. 2e civ., avis, 25 September 2025, n° 25-70.013.
- CMF L313-3: the legal rate rises by five points two months after the day
  the judgment became enforceable.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from . import collective
from .deadlines import add_months
from .decimals import to_decimal
from .formatting import format_date

#: Upper limit of the small-claims procedure and of the CPC 750-1 rule.
SMALL_CLAIM_LIMIT = Decimal("5000")
#: Orders for payment issued from this day: served within three months, and
#: enforceable two months after service without an opposition notice
#: (décret n° 2026-96 of 16 February 2026).
INJUNCTION_REFORM_DATE = datetime.date(2026, 9, 1)
INJUNCTION_SERVICE_MONTHS_BEFORE = 6
INJUNCTION_SERVICE_MONTHS = 3
INJUNCTION_ENFORCEMENT_MONTHS = 2
#: The law of 23 April 2026 (CPCE L126-1 and following), applicable at once.
UNCONTESTED_CLAIMS_FROM = datetime.date(2026, 4, 23)
#: CMF L313-3: +5 points, two months after the judgment became enforceable.
LEGAL_RATE_INCREASE_POINTS = 5
LEGAL_RATE_INCREASE_MONTHS = 2

INJUNCTION = "injunction"
SMALL_CLAIMS = "small_claims"
UNCONTESTED = "uncontested"  # créances commerciales incontestées (L126-1)
SUMMARY = "summary"  # référé-provision
SUMMONS = "summons"  # assignation en paiement
AGENCY = "agency"  # collection agency
CLAIM_DECLARATION = "claim_declaration"
PUBLIC_CLAIM = "public_claim"  # public debtor: claim, then administrative judge
ROUTES = (
    INJUNCTION,
    SMALL_CLAIMS,
    UNCONTESTED,
    SUMMARY,
    SUMMONS,
    AGENCY,
    CLAIM_DECLARATION,
    PUBLIC_CLAIM,
)

ROUTE_LABELS = {
    INJUNCTION: "Requête en injonction de payer",
    SMALL_CLAIMS: "Procédure simplifiée de recouvrement des petites créances",
    UNCONTESTED: "Procédure simplifiée de recouvrement des créances commerciales "
    "incontestées",
    SUMMARY: "Référé-provision",
    SUMMONS: "Assignation en paiement",
    AGENCY: "Mandat à une société de recouvrement",
    CLAIM_DECLARATION: "Déclaration de créance au mandataire judiciaire",
    PUBLIC_CLAIM: "Demande de paiement à la personne publique, puis "
    "référé-provision devant le tribunal administratif",
}

CERFA_COMMERCIAL = "12946"  # injonction de payer, tribunal de commerce / TAE
CERFA_JUDICIAL = "12948"  # injonction de payer, tribunal judiciaire
CERFA_PROTECTION = "16040"  # injonction de payer, juge des contentieux de la protection

PRIOR_AMICABLE_NOTE = (
    "Le montant de la créance n'excédant pas 5 000 €, une assignation ou un "
    "référé devant le tribunal judiciaire devra être précédé d'une tentative "
    "de résolution amiable (conciliation, médiation ou procédure "
    "participative), sauf si la procédure simplifiée de recouvrement des "
    "petites créances a été engagée au préalable (article 750-1 du Code de "
    "procédure civile). Cette obligation ne s'applique pas à la requête en "
    "injonction de payer (Cass. 2e civ., avis, 25 septembre 2025, "
    "n° 25-70.013)."
)
LEGAL_RATE_INCREASE_NOTE = (
    "Si la condamnation n'est pas exécutée dans les deux mois de la date à "
    "laquelle la décision est devenue exécutoire, le taux de l'intérêt légal "
    "est majoré de cinq points (article L313-3 du Code monétaire et "
    "financier)."
)


@dataclass
class RouteSuggestion:
    """The suggested route, where to go, and what to know about it."""

    route: str
    label: str
    court: str = ""
    cerfa: str = ""
    notes: list[str] = field(default_factory=list)
    prior_amicable_note: str = ""
    alternatives: list[str] = field(default_factory=list)
    small_claim: bool = False


#: A public buyer recognised from Chorus Pro only, its kind not set.
PUBLIC_KIND_UNKNOWN_NOTE = (
    "Catégorie d'acheteur public non renseignée : la voie administrative est "
    "proposée par défaut. Le recours à Chorus Pro ne fait pas du client une "
    "personne publique : une entreprise publique constituée en société relève "
    "du tribunal de commerce et des voies d'exécution ordinaires, un "
    "établissement public industriel et commercial des juridictions "
    "judiciaires pour ses contrats de droit privé. Renseignez la catégorie sur "
    "la fiche du client."
)
#: An EPIC under a private-law contract (see the module docstring).
UNSEIZABLE_NOTE = (
    "Établissement public industriel et commercial : ses contrats avec ses "
    "clients et fournisseurs relèvent du droit privé et des juridictions "
    "judiciaires, l'injonction de payer est possible ; mais ses biens sont "
    "insaisissables (article L2311-1 du Code général de la propriété des "
    "personnes publiques ; Cass. 1re civ., 21 décembre 1987, n° 86-14.167) : "
    "le titre obtenu est payé par son comptable, la somme devant être mandatée "
    "dans les deux mois de la notification de la décision passée en force de "
    "chose jugée, faute de quoi l'autorité de tutelle y procède d'office "
    "(article L911-9 du Code de justice administrative, article 1er de la loi "
    "n° 80-539 du 16 juillet 1980). Ni saisie ni procédure simplifiée de "
    "commissaire de justice."
)


def commercial_court(city=""):
    where = f" du ressort de {city}" if city else " du domicile du débiteur"
    return f"Tribunal de commerce (ou tribunal des activités économiques){where}"


def judicial_court(city="", protection=False):
    where = f" du ressort de {city}" if city else " du domicile du débiteur"
    if protection:
        return f"Juge des contentieux de la protection du tribunal judiciaire{where}"
    return f"Tribunal judiciaire{where}"


def administrative_court(city=""):
    """Competent administrative court of a public contract (CJA R312-11):
    where the contract is performed, failing that the buyer's seat."""
    where = f" ({city})" if city else ""
    return (
        f"Tribunal administratif du lieu d'exécution du contrat{where}, à défaut "
        "celui du siège de l'acheteur public signataire (article R312-11 du Code "
        "de justice administrative)"
    )


def injunction_court(both_merchants, city="", protection=False):
    """Court and Cerfa form of an injonction de payer (CPC 1406)."""
    if both_merchants:
        return commercial_court(city), CERFA_COMMERCIAL
    if protection:
        return judicial_court(city, protection=True), CERFA_PROTECTION
    return judicial_court(city), CERFA_JUDICIAL


def is_small_claim(principal, interest=0):
    """True when principal plus interest is at most 5,000 EUR (CPCE L125-1).

    The fixed 40 EUR indemnity and other costs are not interest and are left
    out of the threshold.
    """
    total = to_decimal(principal, "principal") + to_decimal(interest, "intérêts")
    return total <= SMALL_CLAIM_LIMIT


def prior_amicable_applies(small, both_merchants, route):
    """CPC 750-1 applies to a claim of 5,000 EUR or less brought before the
    tribunal judiciaire (its juge des contentieux de la protection
    included): never between merchants (commercial court), never to the
    injonction de payer (Cass. 2e civ., avis, 25 Sept. 2025, n° 25-70.013),
    nor to a declaration of claim or a public debtor (administrative judge).
    """
    return (
        small
        and not both_merchants
        and route not in (INJUNCTION, CLAIM_DECLARATION, PUBLIC_CLAIM, UNCONTESTED)
    )


def injunction_service_months(order_date):
    """Months to serve an order for payment: 6 for an order issued before
    1 September 2026, 3 from then on (décret n° 2026-96)."""
    if order_date >= INJUNCTION_REFORM_DATE:
        return INJUNCTION_SERVICE_MONTHS
    return INJUNCTION_SERVICE_MONTHS_BEFORE


def injunction_service_deadline(order_date):
    """Last day to serve the order issued on ``order_date`` (it lapses
    after). Issued 31 August 2026: 28 February 2027 (six months, no 31
    February); issued 1 September 2026: 1 December 2026 (three months)."""
    return add_months(order_date, injunction_service_months(order_date))


def injunction_enforcement_date(order_date, service_date):
    """From an order issued from 1 September 2026: the day from which the
    creditor may enforce it when no opposition notice came from the
    registry, the day after the two months from service expire (décret
    n° 2026-96; a period in months expires at the end of the day with the
    same number, CPC 641 and 642: served on 15 October 2026, the two months
    run to the end of 15 December, enforcement from 16 December). ``None``
    for an earlier order (old rule: the enforceable formula after the month
    of opposition) or without a service date."""
    if not service_date or order_date < INJUNCTION_REFORM_DATE:
        return None
    return add_months(service_date, INJUNCTION_ENFORCEMENT_MONTHS) + datetime.timedelta(
        days=1
    )


def injunction_service_note(on_date, order_date=None):
    """What the file says of the service of the order: by the order's date
    when known, else by the day the file is prepared (the order will be
    issued later)."""
    reform = format_date(INJUNCTION_REFORM_DATE)
    if order_date:
        deadline = format_date(injunction_service_deadline(order_date))
        months = injunction_service_months(order_date)
        text = (
            f"Ordonnance rendue le {format_date(order_date)} : elle doit être "
            f"signifiée au plus tard le {deadline} ("
            + ("trois" if months == 3 else "six")
            + " mois), à peine de caducité ; le débiteur dispose d'un mois "
            "à compter de la signification pour former opposition."
        )
    elif on_date >= INJUNCTION_REFORM_DATE:
        text = (
            "L'ordonnance devra être signifiée dans les trois mois de sa date, "
            "à peine de caducité ; le débiteur dispose d'un mois à compter de "
            "la signification pour former opposition."
        )
    else:
        text = (
            "L'ordonnance devra être signifiée dans les six mois de sa date si "
            f"elle est rendue avant le {reform}, dans les trois mois si elle "
            "est rendue à compter de cette date, à peine de caducité ; le "
            "débiteur dispose d'un mois à compter de la signification pour "
            "former opposition."
        )
    if not order_date or order_date >= INJUNCTION_REFORM_DATE:
        text += (
            " Pour une ordonnance rendue à compter du "
            f"{reform}, le greffe n'avise le créancier que des oppositions : "
            "sans avis d'opposition dans les deux mois de la signification, "
            "le créancier peut poursuivre l'exécution (décret n° 2026-96 du "
            "16 février 2026)."
        )
    return text


def legal_rate_increase_date(enforceable_date):
    """Day from which the legal rate is increased by five points: "à
    l'expiration d'un délai de deux mois à compter du jour où la décision de
    justice est devenue exécutoire" (CMF L313-3). The two months expire at
    the end of the day with the same number (CPC 641, 642), so the increase
    applies from the next day. Enforceable on 15 March 2027: the period ends
    at the end of 15 May 2027, increased from 16 May 2027."""
    if not enforceable_date:
        return None
    return add_months(
        enforceable_date, LEGAL_RATE_INCREASE_MONTHS
    ) + datetime.timedelta(days=1)


def legal_rate_increase_note(enforceable_date=None):
    if not enforceable_date:
        return LEGAL_RATE_INCREASE_NOTE
    increase = format_date(legal_rate_increase_date(enforceable_date))
    return (
        f"Décision exécutoire depuis le {format_date(enforceable_date)} : faute "
        f"d'exécution, le taux de l'intérêt légal est majoré de cinq points à "
        f"compter du {increase} (article L313-3 du Code monétaire et financier)."
    )


def uncontested_claims_apply(both_merchants, on_date):
    """The procedure for uncontested commercial claims (CPCE L126-1) is open:
    a claim invoiced between merchants, from the law of 23 April 2026."""
    return both_merchants and on_date >= UNCONTESTED_CLAIMS_FROM


def suggest_route(
    principal,
    interest=0,
    *,
    both_merchants=True,
    collective_procedure=False,
    disputed=False,
    city="",
    on_date=None,
    public_debtor=False,
    protection_judge=False,
    procedure_type=None,
    unseizable=False,
):
    """Suggested judicial route for a claim (see the module docstring).

    :param principal: amount still due on the invoices (incl. VAT).
    :param interest: late-payment penalties or legal interest to date.
    :param both_merchants: creditor and debtor are both merchants (decides
        the court of an injonction de payer, and opens the uncontested
        commercial claims procedure).
    :param collective_procedure: the debtor is under a collective procedure.
    :param disputed: the debtor seriously disputes the claim.
    :param city: the debtor's city, to name the competent court.
    :param on_date: the day the file is prepared (default: today): decides
        the texts in force (law of 23 April 2026, décret n° 2026-96).
    :param public_debtor: the debtor is a public person whose contract is
        administrative (State, local authority, administrative public body,
        public hospital): the administrative route.
    :param unseizable: the debtor is a public person under private-law
        contracts (an EPIC): the ordinary courts, but no seizure (see the
        module docstring).
    :param protection_judge: the claim is one the juge des contentieux de la
        protection hears (consumer credit, residential lease: COJ L213-4-4).
    :param procedure_type: the type of the collective procedure
        (:data:`.collective.PROCEDURE_TYPES`), for the representative's title.
    :returns: :class:`RouteSuggestion`.
    """
    principal = to_decimal(principal, "principal")
    interest = to_decimal(interest, "intérêts")
    on_date = on_date or datetime.date.today()
    if principal <= 0:
        raise ValueError(
            "Le montant restant dû est nul : il n'y a rien à recouvrer en justice."
        )
    small = is_small_claim(principal, interest)
    protection = protection_judge and not both_merchants
    inj_court, inj_cerfa = injunction_court(both_merchants, city, protection)
    if collective_procedure:
        return _claim_declaration(procedure_type, small)
    if public_debtor:
        return RouteSuggestion(
            route=PUBLIC_CLAIM,
            label=ROUTE_LABELS[PUBLIC_CLAIM],
            court=administrative_court(city),
            notes=[
                "Débiteur public : aucune voie d'exécution forcée n'est possible "
                "contre une personne publique, dont les biens sont insaisissables "
                "(article L2311-1 du Code général de la propriété des personnes "
                "publiques) ; ni injonction de payer, ni procédure de "
                "commissaire de justice.",
                "1. Adresser une demande de paiement motivée à l'ordonnateur "
                "(service qui a passé la commande) et au comptable public "
                "assignataire, avec les factures et le décompte des intérêts "
                "moratoires : le juge administratif ne peut être saisi d'une "
                "demande d'argent qu'après une décision de l'administration "
                "(article R421-1 du Code de justice administrative).",
                "2. À défaut de paiement : référé-provision devant le tribunal "
                "administratif, la créance n'étant pas sérieusement contestable "
                "(article R541-1 du Code de justice administrative).",
                "3. Une fois la condamnation définitive, la somme doit être "
                "mandatée dans les deux mois ; à défaut, le préfet ou l'autorité "
                "de tutelle y procède d'office (article L911-9 du Code de "
                "justice administrative).",
            ],
            small_claim=small,
        )
    note = (
        PRIOR_AMICABLE_NOTE
        if prior_amicable_applies(small, both_merchants, SUMMONS)
        else ""
    )
    service_note = injunction_service_note(on_date)
    seizure_note = UNSEIZABLE_NOTE if unseizable else ""
    if disputed:
        return RouteSuggestion(
            route=SUMMONS,
            label=ROUTE_LABELS[SUMMONS],
            court=judicial_court(city, protection) if not both_merchants else inj_court,
            notes=[
                "La créance est contestée : l'injonction de payer et le "
                "référé-provision supposent une obligation non sérieusement "
                "contestable.",
                "Procédure au fond, plus longue et plus coûteuse ; représentation "
                "par avocat selon le montant et la juridiction.",
                LEGAL_RATE_INCREASE_NOTE,
                *([seizure_note] if seizure_note else []),
            ],
            prior_amicable_note=note,
            small_claim=small,
        )
    alternatives = [
        f"{ROUTE_LABELS[SUMMARY]} (articles 835 et 873 du Code de procédure "
        "civile) : provision rapide si la dette n'est pas sérieusement "
        "contestable.",
        f"{ROUTE_LABELS[SUMMONS]} : procédure au fond, en dernier recours.",
        f"{ROUTE_LABELS[AGENCY]} : recouvrement amiable confié à un tiers.",
    ]
    fallback = (
        f"En cas de contestation ou de refus : requête en injonction de payer "
        f"auprès du {_lower_first(inj_court)}, formulaire Cerfa n° {inj_cerfa}."
    )
    if uncontested_claims_apply(both_merchants, on_date) and not unseizable:
        return RouteSuggestion(
            route=UNCONTESTED,
            label=ROUTE_LABELS[UNCONTESTED],
            court="Commissaire de justice ; titre rendu exécutoire par le greffier "
            "du tribunal de commerce (articles L126-1 et suivants du Code des "
            "procédures civiles d'exécution)",
            notes=[
                "Créance ayant fait l'objet d'une facturation entre commerçants, "
                "certaine, liquide et exigible, quel qu'en soit le montant (loi du "
                "23 avril 2026).",
                "Le commissaire de justice signifie au débiteur un commandement de "
                "payer ; sans paiement intégral ni contestation, il dresse un "
                "procès-verbal de non-contestation, que le greffier du tribunal de "
                "commerce rend exécutoire.",
                "Les créances facturées entre commerçants ne relèvent plus de la "
                "procédure simplifiée de recouvrement des petites créances "
                "(article L125-1 du Code des procédures civiles d'exécution, "
                "modifié par la même loi).",
                fallback,
                service_note,
                LEGAL_RATE_INCREASE_NOTE,
            ],
            alternatives=alternatives,
            small_claim=small,
        )
    if small and not unseizable:
        return RouteSuggestion(
            route=SMALL_CLAIMS,
            label=ROUTE_LABELS[SMALL_CLAIMS],
            court="Commissaire de justice (article L125-1 du Code des procédures "
            "civiles d'exécution)",
            notes=[
                "Créance contractuelle n'excédant pas 5 000 € en principal et "
                "intérêts.",
                "Le débiteur dispose d'un mois pour accepter ou refuser la procédure.",
                f"En cas de refus ou de silence : requête en injonction de payer "
                f"auprès du {_lower_first(inj_court)}, formulaire Cerfa "
                f"n° {inj_cerfa}.",
                service_note,
                LEGAL_RATE_INCREASE_NOTE,
            ],
            prior_amicable_note=note,
            alternatives=alternatives,
            small_claim=True,
        )
    court_label = {
        CERFA_COMMERCIAL: "tribunal de commerce / des activités économiques",
        CERFA_PROTECTION: "juge des contentieux de la protection",
        CERFA_JUDICIAL: "tribunal judiciaire",
    }[inj_cerfa]
    return RouteSuggestion(
        route=INJUNCTION,
        label=ROUTE_LABELS[INJUNCTION],
        court=inj_court,
        cerfa=inj_cerfa,
        notes=[
            "Créance contractuelle d'un montant certain, liquide et exigible.",
            f"Formulaire Cerfa n° {inj_cerfa} ({court_label}).",
            "Joindre les factures, le contrat ou le devis accepté, la mise en "
            "demeure et son accusé de réception, et le décompte détaillé.",
            service_note,
            LEGAL_RATE_INCREASE_NOTE,
            *([seizure_note] if seizure_note else []),
        ],
        alternatives=alternatives,
    )


def _claim_declaration(procedure_type, small):
    title = collective.representative_title(procedure_type)
    if procedure_type == collective.PROFESSIONAL_RECOVERY:
        notes = [
            "Rétablissement professionnel : pas de déclaration de créance ; "
            "communiquer au mandataire judiciaire le montant de la créance dans "
            "les deux mois de la réception de son avis (articles L645-8 et "
            "R645-10 du Code de commerce).",
        ]
    else:
        notes = [
            "Le débiteur fait l'objet d'une procédure collective : toute "
            "poursuite individuelle est suspendue pour les créances nées avant "
            "le jugement d'ouverture.",
            "Déclarer la créance dans les deux mois de la publication du "
            "jugement d'ouverture au BODACC, quatre mois pour un créancier qui "
            "ne demeure pas en France métropolitaine (articles L622-24 et "
            "R622-24 du Code de commerce) ; relevé de forclusion possible dans "
            "les six mois de cette publication (article L622-26).",
            "Les pénalités de retard sont arrêtées à la veille du jugement "
            "d'ouverture (article L622-28) ; l'indemnité forfaitaire de 40 € "
            "est déclarée pour les factures échues avant cette date.",
            "Biens vendus avec réserve de propriété : les revendiquer dans les "
            "trois mois de la publication du jugement d'ouverture (articles "
            "L624-9 et L624-16).",
            "Les livraisons et prestations faites le jour du jugement "
            "d'ouverture ou après (date de livraison ou d'exécution, à défaut "
            "date de facture) sont payables à leur échéance (article L622-17) : "
            "elles ne sont pas déclarées et restent relancées ; si elles ne "
            "répondent pas aux besoins de l'activité, elles se déclarent dans "
            "les deux mois de leur échéance (article L622-24, dernier alinéa).",
        ]
    return RouteSuggestion(
        route=CLAIM_DECLARATION,
        label=ROUTE_LABELS[CLAIM_DECLARATION].replace(
            "mandataire judiciaire", title.lower()
        ),
        court=f"{title} désigné par le jugement d'ouverture",
        notes=notes,
        small_claim=small,
    )


def _lower_first(text):
    return text[:1].lower() + text[1:]


def unique_names(names):
    """The names made unique by suffixing " (2)", " (3)"... before the extension."""
    seen = set()
    result = []
    for name in names:
        candidate = name
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        counter = 2
        while candidate.lower() in seen:
            suffix = f" ({counter})"
            candidate = f"{stem}{suffix}.{ext}" if dot else f"{stem}{suffix}"
            counter += 1
        seen.add(candidate.lower())
        result.append(candidate)
    return result


def safe_filename(name):
    """A file name without path separators or characters Windows refuses."""
    cleaned = "".join("-" if c in '/\\:*?"<>|' else c for c in name).strip()
    return cleaned or "document"


def build_zip(files):
    """ZIP archive (bytes) of ``[(name, content_bytes), ...]``, names made safe
    and unique, in the given order."""
    names = unique_names([safe_filename(name) for name, _content in files])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (_old, content) in zip(names, files, strict=True):
            archive.writestr(name, content or b"")
    return buffer.getvalue()
