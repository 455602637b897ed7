"""Decimal helpers shared by the legal computations.

Every amount entering the tools goes through :func:`to_decimal` (floats are
converted through ``str`` so that ``0.1`` becomes ``Decimal("0.1")`` and not
its binary approximation), and every amount leaving them is rounded once to
the cent, half-up, with :func:`round_cents`.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0")


def to_decimal(value, what="montant"):
    """Return ``value`` (int, float, str or Decimal) as a finite Decimal.

    ``what`` names the value in the French error message.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or value is None:
        raise ValueError(f"Valeur invalide pour le {what} : {value!r}.")
    else:
        try:
            result = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"Valeur invalide pour le {what} : {value!r}.") from None
    if not result.is_finite():
        raise ValueError(f"Valeur invalide pour le {what} : {value!r}.")
    return result


def round_cents(value):
    """Round a Decimal to the cent, half-up (0.005 -> 0.01, -0.005 -> -0.01)."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def round_to(value, decimals):
    """Round a Decimal to ``decimals`` places, half-up."""
    return to_decimal(value).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )
