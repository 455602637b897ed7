"""Judicial route of a litigation file (CPC art. 1405 and following, CPCE L125-1,
CPC art. 750-1, 835 and 873).

Suggests, from the amounts and the parties, how an unpaid claim goes on once
the deadline of the mise en demeure has passed. The addon prepares the file;
it never files anything with a court. Everything here is plain Python (no
``import odoo``); the texts are French because they are printed in the file.

The rules applied, in this order:

1. The debtor is under a collective procedure (sauvegarde, redressement,
   liquidation): the only route is the declaration of the claim to the
   court-appointed representative (mandataire judiciaire), within two months
   of the publication of the opening judgment in the BODACC (Code de commerce
   L622-24 and R622-24); no penalty or indemnity may be claimed meanwhile.
2. The claim is seriously disputed: an ordinary lawsuit (assignation en
   paiement); an injonction de payer or a référé-provision needs a claim that
   is not seriously disputable.
3. A contractual claim of 5,000 EUR or less in principal and interest
   (CPCE L125-1, R125-1): the simplified small-claims procedure run by a
   commissaire de justice. It needs no court and, once tried, dispenses with
   the prior amicable attempt of CPC art. 750-1. If the debtor refuses or
   does not answer within a month, the fallback is the injonction de payer.
4. Otherwise: the injonction de payer (CPC art. 1405 and following), at the
   tribunal de commerce / tribunal des activités économiques when both
   parties are merchants (Cerfa 12946), at the tribunal judiciaire otherwise
   (Cerfa 12948). The référé-provision and the assignation are given as
   alternatives.

For claims of 5,000 EUR or less, the note of CPC art. 750-1 (prior amicable
resolution attempt before going to court) is always given.
"""

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from .decimals import to_decimal

#: Upper limit of the small-claims procedure and of the CPC 750-1 rule.
SMALL_CLAIM_LIMIT = Decimal("5000")

INJUNCTION = "injunction"
SMALL_CLAIMS = "small_claims"
SUMMARY = "summary"  # référé-provision
SUMMONS = "summons"  # assignation en paiement
AGENCY = "agency"  # collection agency
CLAIM_DECLARATION = "claim_declaration"
ROUTES = (INJUNCTION, SMALL_CLAIMS, SUMMARY, SUMMONS, AGENCY, CLAIM_DECLARATION)

ROUTE_LABELS = {
    INJUNCTION: "Requête en injonction de payer",
    SMALL_CLAIMS: "Procédure simplifiée de recouvrement des petites créances",
    SUMMARY: "Référé-provision",
    SUMMONS: "Assignation en paiement",
    AGENCY: "Mandat à une société de recouvrement",
    CLAIM_DECLARATION: "Déclaration de créance au mandataire judiciaire",
}

CERFA_COMMERCIAL = "12946"  # injonction de payer, tribunal de commerce / TAE
CERFA_JUDICIAL = "12948"  # injonction de payer, tribunal judiciaire

PRIOR_AMICABLE_NOTE = (
    "Le montant de la créance n'excédant pas 5 000 €, une saisine du juge devra "
    "être précédée d'une tentative de résolution amiable (conciliation, "
    "médiation ou procédure participative), sauf si la procédure simplifiée de "
    "recouvrement des petites créances a été engagée au préalable (article "
    "750-1 du Code de procédure civile)."
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


def commercial_court(city=""):
    where = f" du ressort de {city}" if city else " du domicile du débiteur"
    return f"Tribunal de commerce (ou tribunal des activités économiques){where}"


def judicial_court(city=""):
    where = f" du ressort de {city}" if city else " du domicile du débiteur"
    return f"Tribunal judiciaire{where}"


def injunction_court(both_merchants, city=""):
    """Court and Cerfa form of an injonction de payer (CPC 1406)."""
    if both_merchants:
        return commercial_court(city), CERFA_COMMERCIAL
    return judicial_court(city), CERFA_JUDICIAL


def is_small_claim(principal, interest=0):
    """True when principal plus interest is at most 5,000 EUR (CPCE L125-1).

    The fixed 40 EUR indemnity and other costs are not interest and are left
    out of the threshold.
    """
    total = to_decimal(principal, "principal") + to_decimal(interest, "intérêts")
    return total <= SMALL_CLAIM_LIMIT


def suggest_route(
    principal,
    interest=0,
    *,
    both_merchants=True,
    collective_procedure=False,
    disputed=False,
    city="",
):
    """Suggested judicial route for a claim (see the module docstring).

    :param principal: amount still due on the invoices (incl. VAT).
    :param interest: late-payment penalties or legal interest to date.
    :param both_merchants: creditor and debtor are both merchants (decides
        the court of an injonction de payer).
    :param collective_procedure: the debtor is under a collective procedure.
    :param disputed: the debtor seriously disputes the claim.
    :param city: the debtor's city, to name the competent court.
    :returns: :class:`RouteSuggestion`.
    """
    principal = to_decimal(principal, "principal")
    interest = to_decimal(interest, "intérêts")
    if principal <= 0:
        raise ValueError(
            "Le montant restant dû est nul : il n'y a rien à recouvrer en justice."
        )
    small = is_small_claim(principal, interest)
    note = PRIOR_AMICABLE_NOTE if small else ""
    inj_court, inj_cerfa = injunction_court(both_merchants, city)
    if collective_procedure:
        return RouteSuggestion(
            route=CLAIM_DECLARATION,
            label=ROUTE_LABELS[CLAIM_DECLARATION],
            court="Mandataire judiciaire désigné par le jugement d'ouverture",
            notes=[
                "Le débiteur fait l'objet d'une procédure collective : toute "
                "poursuite individuelle est suspendue.",
                "Déclarer la créance dans les deux mois de la publication du "
                "jugement d'ouverture au BODACC (articles L622-24 et R622-24 du "
                "Code de commerce).",
                "Aucune pénalité ni indemnité de recouvrement ne peut être "
                "réclamée pendant la procédure.",
            ],
            small_claim=small,
        )
    if disputed:
        return RouteSuggestion(
            route=SUMMONS,
            label=ROUTE_LABELS[SUMMONS],
            court=inj_court,
            notes=[
                "La créance est contestée : l'injonction de payer et le "
                "référé-provision supposent une obligation non sérieusement "
                "contestable.",
                "Procédure au fond, plus longue et plus coûteuse ; représentation "
                "par avocat selon le montant et la juridiction.",
            ],
            prior_amicable_note=note,
            small_claim=small,
        )
    alternatives = [
        f"{ROUTE_LABELS[SUMMARY]} (articles 835 et 873 du Code de procédure "
        "civile) : provision rapide si la dette n'est pas sérieusement "
        "contestable.",
        f"{ROUTE_LABELS[SUMMONS]} : procédure au fond, en dernier recours.",
        f"{ROUTE_LABELS[AGENCY]} : recouvrement amiable confié à un tiers.",
    ]
    if small:
        return RouteSuggestion(
            route=SMALL_CLAIMS,
            label=ROUTE_LABELS[SMALL_CLAIMS],
            court="Commissaire de justice (article L125-1 du Code des procédures "
            "civiles d'exécution)",
            notes=[
                "Créance contractuelle n'excédant pas 5 000 € en principal et "
                "intérêts.",
                "Le débiteur dispose d'un mois pour accepter ou refuser la procédure.",
                f"En cas de refus ou de silence : requête en injonction de payer "
                f"auprès du {_lower_first(inj_court)}, formulaire Cerfa "
                f"n° {inj_cerfa}.",
            ],
            prior_amicable_note=note,
            alternatives=alternatives,
            small_claim=True,
        )
    return RouteSuggestion(
        route=INJUNCTION,
        label=ROUTE_LABELS[INJUNCTION],
        court=inj_court,
        cerfa=inj_cerfa,
        notes=[
            "Créance contractuelle d'un montant certain, liquide et exigible.",
            f"Formulaire Cerfa n° {inj_cerfa} ("
            + (
                "tribunal de commerce / des activités économiques"
                if both_merchants
                else "tribunal judiciaire"
            )
            + ").",
            "Joindre les factures, le contrat ou le devis accepté, la mise en "
            "demeure et son accusé de réception, et le décompte détaillé.",
            "L'ordonnance devra être signifiée dans les six mois ; le débiteur "
            "dispose d'un mois pour former opposition.",
        ],
        prior_amicable_note=note,
        alternatives=alternatives,
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
