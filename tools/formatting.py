"""French writing conventions for letters (French typography: narrow no-break
space for thousands, comma for decimals, "1er" for the first day).

- amounts: ``"1 234,56 €"``, a NARROW NO-BREAK SPACE (U+202F) between groups
  of thousands, a comma for decimals, a NO-BREAK SPACE (U+00A0) before the
  currency symbol;
- amounts in words: ``"mille deux cent trente-quatre euros et cinquante-six
  centimes"``, built from ``num2words`` (lang ``"fr"``) applied to the euros
  and to the cents separately: the currency mode of num2words 0.5.10 is
  wrong in French (``"zéro euros et un centime"`` for 1 €);
- dates: ``"1er mars 2026"``, ``"le 1er mars 2026"``;
- percentages: ``"12,15 %"`` (U+00A0 before ``%``).
"""

from num2words import num2words

from .decimals import round_cents, round_to, to_decimal

NNBSP = "\u202f"  # NARROW NO-BREAK SPACE: thousands separator
NBSP = "\u00a0"  # NO-BREAK SPACE: before the currency symbol and "%"

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def format_number(value, decimals=2):
    """``1234.5`` -> ``"1 234,50"`` (U+202F between thousands, comma for decimals).

    Rounded half-up to ``decimals`` places; no minus sign on a value that
    rounds to zero.
    """
    rounded = round_to(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{decimals}f}"
    integer, _sep, fraction = text.partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    result = sign + NNBSP.join(groups)
    if fraction:
        result += "," + fraction
    return result


def format_amount(amount, symbol="€", currency_position="after", decimals=2):
    """``Decimal("1234.56")`` -> ``"1 234,56 €"``; negative: ``"-1 234,56 €"``.

    ``currency_position`` is ``"after"`` (French usage) or ``"before"``
    (``"$ 1 234,56"``, the minus sign first); an empty ``symbol`` gives the
    number alone.
    """
    if currency_position not in ("after", "before"):
        raise ValueError(
            f"Position de la devise invalide : {currency_position!r} "
            "(attendu : « after » ou « before »)."
        )
    number = format_number(amount, decimals)
    if not symbol:
        return number
    if currency_position == "after":
        return f"{number}{NBSP}{symbol}"
    if number.startswith("-"):
        return f"-{symbol}{NBSP}{number[1:]}"
    return f"{symbol}{NBSP}{number}"


def format_percent(rate, decimals=2):
    """``Decimal("12.15")`` -> ``"12,15 %"`` (U+00A0 before ``%``)."""
    return f"{format_number(rate, decimals)}{NBSP}%"


def format_date(d):
    """``date(2026, 3, 1)`` -> ``"1er mars 2026"``; ``None`` -> ``""``."""
    if not d:
        return ""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS_FR[d.month - 1]} {d.year}"


def format_date_long(d):
    """``date(2026, 3, 1)`` -> ``"le 1er mars 2026"``; ``None`` -> ``""``."""
    return f"le {format_date(d)}" if d else ""


def integer_in_words(n):
    """A non-negative integer in French words (traditional spelling).

    num2words 0.5.10 already writes plain integers correctly ("quatre-vingts",
    "quatre-vingt-un", "deux cents", "deux cent un", "mille", "deux millions",
    "quatre-vingt mille"...): only the currency wording is done here.
    """
    return num2words(int(n), lang="fr")


def _units_in_words(n, singular, plural, elide=True):
    """``n`` followed by its unit, with "d'" after a round million/milliard.

    French: "un euro", "deux euros", "zéro euro", "un million d'euros",
    "deux milliards d'euros", but "un million deux cents euros".
    """
    words = integer_in_words(n)
    if elide and n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{words} d'{plural}"
    return f"{words} {singular if n <= 1 else plural}"


#: French unit names (singular, plural) of the main and fractional units.
CURRENCY_WORDS_FR = {
    "EUR": (("euro", "euros"), ("centime", "centimes")),
}


def amount_in_words(amount, currency="EUR"):
    """Amount in French words, rounded half-up to the cent.

    ``1234.56`` -> ``"mille deux cent trente-quatre euros et cinquante-six
    centimes"``; ``0.01`` -> ``"un centime"``; ``0`` -> ``"zéro euro"``;
    ``1000000`` -> ``"un million d'euros"``. A negative amount is prefixed
    with "moins". Currencies other than EUR use a generic form with the ISO
    code: ``"cent USD et cinq centièmes"``.
    """
    value = round_cents(amount)
    prefix = "moins " if value < 0 else ""
    value = abs(value)
    units = int(value)
    cents = int((value - units) * 100)
    code = (currency or "EUR").upper()
    known = code in CURRENCY_WORDS_FR
    if known:
        (main_s, main_p), (sub_s, sub_p) = CURRENCY_WORDS_FR[code]
    else:
        main_s = main_p = code
        sub_s, sub_p = "centième", "centièmes"
    parts = []
    if units or not cents:
        parts.append(_units_in_words(units, main_s, main_p, elide=known))
    if cents:
        parts.append(f"{integer_in_words(cents)} {sub_s if cents == 1 else sub_p}")
    return prefix + " et ".join(parts)


def amount_in_figures_and_words(amount, currency="EUR", symbol="€"):
    """``"1 234,56 € (mille deux cent trente-quatre euros et ...)"``."""
    return (
        f"{format_amount(to_decimal(amount), symbol)} "
        f"({amount_in_words(amount, currency)})"
    )


# ------------------------------------------------- registry and bank numbers
def _digits(text):
    return "".join(ch for ch in (text or "") if ch.isalnum()).upper()


def format_siren(value):
    """``"812345678"`` -> ``"812 345 678"``; anything else unchanged."""
    digits = _digits(value)
    if len(digits) == 9 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return (value or "").strip()


def format_siret(value):
    """``"81234567800027"`` -> ``"812 345 678 00027"``; a SIREN as
    :func:`format_siren`; anything else unchanged."""
    digits = _digits(value)
    if len(digits) == 14 and digits.isdigit():
        return f"{format_siren(digits[:9])} {digits[9:]}"
    return format_siren(value)


def format_iban(value):
    """``"FR7630004008..."`` -> ``"FR76 3000 4008 ..."`` (groups of four)."""
    compact = _digits(value)
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
