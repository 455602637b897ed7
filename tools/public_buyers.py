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
  official source, so without Chorus data the type is set by hand.
"""

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
#: Printed after "article" words are dropped: "(article D441-5 du Code de
#: commerce)", "... et de l'article D441-5 du Code de commerce".
INDEMNITY_BASIS = {
    "b2b": "article D441-5 du Code de commerce",
    "public": "article D2192-35 du Code de la commande publique",
}


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
