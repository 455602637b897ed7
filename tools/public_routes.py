"""Route of a litigation file against a public buyer (State, local
authority, public hospital...). Plain Python, French texts (printed in the
file). Kept apart from :mod:`.litigation` (the private routes); the Odoo side
chooses this route when ``res.partner.recovery_is_public_buyer`` is set.

Texts checked with the search tool in 2026-11:

- no forced execution and no protective measure against a public person
  (CPCE L111-1, third paragraph: immunité d'exécution; CG3P L2311-1: "Les
  biens des personnes publiques mentionnées à l'article L. 1 sont
  insaisissables"): no order for payment, no commissaire de justice;
- a claim for a sum of money reaches the administrative judge only after the
  administration's decision on a prior claim (CJA R421-1), also for a
  référé-provision (CE, 23 September 2019, n° 427923);
- référé-provision (CJA R541-1): "Le juge des référés peut, même en
  l'absence d'une demande au fond, accorder une provision au créancier qui
  l'a saisi lorsque l'existence de l'obligation n'est pas sérieusement
  contestable";
- competent court in contract matters: the one of the place of performance
  of the contract, otherwise of the seat of the signing authority (CJA
  R312-11);
- after a final judgment fixing the sum: paid (mandatée / ordonnancée)
  within two months of its notification, otherwise the prefect (or the
  supervising authority) orders it of his own motion, and for the State the
  public accountant pays on presentation of the judgment (loi n° 80-539 du
  16 juillet 1980, art. 1er; CJA L911-9).
"""

from .litigation import SUMMARY, RouteSuggestion

PUBLIC_ROUTE_LABEL = "Référé-provision devant le tribunal administratif"

NO_ENFORCEMENT_NOTE = (
    "Débiteur public : aucune mesure d'exécution forcée ni mesure "
    "conservatoire n'est possible (article L111-1 du Code des procédures "
    "civiles d'exécution ; biens insaisissables, article L2311-1 du Code "
    "général de la propriété des personnes publiques). Ni injonction de payer "
    "ni commissaire de justice."
)


def administrative_court(city=""):
    """Competent administrative court of a public contract (CJA R312-11)."""
    where = f" ({city})" if city else ""
    return (
        f"Tribunal administratif du lieu d'exécution du contrat{where}, à défaut "
        "celui du siège de l'acheteur public signataire (article R312-11 du Code "
        "de justice administrative)"
    )


def public_debtor_route(city="", interest_basis=True):
    """The route of a claim against a public buyer, as a
    :class:`.litigation.RouteSuggestion` (route ``"summary"``: the
    référé-provision, here before the administrative judge).

    ``city``: where the contract is performed (or the buyer's seat), printed
    with the court. ``interest_basis``: recall the interest and indemnity of
    public contracts (CCP R2192-31, D2192-35) in the prior claim.
    """
    claim = (
        "Étape 1 : réclamation de paiement adressée à l'acheteur public "
        "(l'ordonnateur), copie au comptable public assignataire"
    )
    if interest_basis:
        claim += (
            ", avec le décompte des intérêts moratoires (article R2192-31 du "
            "Code de la commande publique) et l'indemnité forfaitaire de 40 € "
            "(article D2192-35)"
        )
    claim += (
        ". Une requête en paiement n'est recevable qu'après la décision de "
        "l'administration sur cette demande (article R421-1 du Code de justice "
        "administrative), y compris en référé (CE, 23 septembre 2019, "
        "n° 427923)."
    )
    return RouteSuggestion(
        route=SUMMARY,
        label=PUBLIC_ROUTE_LABEL,
        court=administrative_court(city),
        notes=[
            NO_ENFORCEMENT_NOTE,
            claim,
            "Étape 2 : référé-provision (article R541-1 du Code de justice "
            "administrative) : une provision est accordée lorsque l'existence "
            "de l'obligation n'est pas sérieusement contestable, même sans "
            "demande au fond.",
            "Après une décision passée en force de chose jugée : la somme doit "
            "être mandatée ou ordonnancée dans les deux mois de sa notification ; "
            "à défaut, le préfet (ou l'autorité de tutelle) la mandate d'office, "
            "et pour l'État le comptable public paie sur présentation de la "
            "décision (loi n° 80-539 du 16 juillet 1980, article 1er ; article "
            "L911-9 du Code de justice administrative).",
        ],
        alternatives=[
            "Recours au fond en paiement devant le tribunal administratif, si "
            "la créance est sérieusement contestée."
        ],
    )
