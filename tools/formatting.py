"""French writing conventions for letters (French typography: narrow no-break
space for thousands, comma for decimals, "1er" for the first day).

- amounts: ``"1 234,56 €"``, a NARROW NO-BREAK SPACE (U+202F) between groups
  of thousands, a comma for decimals, a NO-BREAK SPACE (U+00A0) before the
  currency symbol;
- amounts in words: ``"mille deux cent trente-quatre euros et cinquante-six
  centimes"``, in the amount's own currency (``"mille cent dollars
  américains"``, ``"deux francs suisses"``, ``"une livre sterling"``), built
  from ``num2words`` (lang ``"fr"``) applied to the units and to the cents
  separately: the currency mode of num2words 0.5.10 is wrong in French
  (``"zéro euros et un centime"`` for 1 €, ``"onze dollars"`` for 1 100 $)
  and its unit names do not say which dollar; only its integers are used;
- amounts in several currencies (a claim in dollars and the fixed indemnity,
  set in euros by law): each currency apart, never added together:
  ``"1 150,00 USD + 40,00 €"``, ``"mille cent cinquante dollars américains
  plus quarante euros"``;
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


def group_digits(text, grouping, separator):
    """The integer part ``text`` (a sign may lead it) with ``separator``
    between its groups of digits, as a language's ``grouping`` says: the
    sizes of the groups from the right, ``0`` repeating the last size,
    ``-1`` leaving the rest ungrouped (the convention of Odoo's
    ``res.lang.grouping`` and of the C locale).

    ``group_digits("-1234567", [3, 0], " ")`` -> ``"-1 234 567"``;
    ``group_digits("12345678", [3, 2, 0], ",")`` -> ``"1,23,45,678"``.
    """
    digits = text.lstrip("+-")
    sign = text[: len(text) - len(digits)]
    groups = []
    size = len(digits)
    for count in grouping:
        if not digits or count == -1:
            break
        if count == 0:
            while digits:
                groups.append(digits[-size:])
                digits = digits[:-size]
            break
        groups.append(digits[-count:])
        digits = digits[:-count]
        size = count
    if digits:
        groups.append(digits)
    return sign + separator.join(reversed(groups))


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


def _units_in_words(n, singular, plural, elide=True, feminine=False):
    """``n`` followed by its unit, with "de" / "d'" after a round million or
    milliard.

    French: "un euro", "deux euros", "zéro euro", "un million d'euros",
    "deux milliards de dollars américains", but "un million deux cents
    euros"; a feminine unit agrees: "une livre sterling", "vingt et une
    livres sterling" (but "un million de livres sterling").
    """
    words = integer_in_words(n)
    if elide and n >= 1_000_000 and n % 1_000_000 == 0:
        article = "d'" if plural[:1] in "aeéèêiouyh" else "de "
        return f"{words} {article}{plural}"
    if feminine and (words == "un" or words.endswith((" un", "-un"))):
        words += "e"
    return f"{words} {singular if n <= 1 else plural}"


#: Symbol printed after an amount, by ISO code. Other currencies print their
#: ISO code ("1 100,00 USD"): "$" alone does not say which dollar.
CURRENCY_SYMBOLS_FR = {"EUR": "€"}

#: French names of the main and fractional units, by ISO code:
#: ``((singular, plural), (singular, plural), feminine main unit)``.
CURRENCY_WORDS_FR = {
    "EUR": (("euro", "euros"), ("centime", "centimes"), False),
    "USD": (("dollar américain", "dollars américains"), ("cent", "cents"), False),
    "CHF": (("franc suisse", "francs suisses"), ("centime", "centimes"), False),
    "GBP": (("livre sterling", "livres sterling"), ("penny", "pence"), True),
}


def currency_symbol(currency="EUR"):
    """``"EUR"`` -> ``"€"``; any other ISO code is printed as is (``"USD"``)."""
    code = (currency or "EUR").upper()
    return CURRENCY_SYMBOLS_FR.get(code, code)


def format_currency_amount(amount, currency="EUR"):
    """``(1100, "USD")`` -> ``"1 100,00 USD"``; ``(40, "EUR")`` -> ``"40,00 €"``."""
    return format_amount(amount, currency_symbol(currency))


def amount_in_words(amount, currency="EUR"):
    """Amount in French words, in its currency, rounded half-up to the cent.

    ``1234.56`` -> ``"mille deux cent trente-quatre euros et cinquante-six
    centimes"``; ``0.01`` -> ``"un centime"``; ``0`` -> ``"zéro euro"``;
    ``1000000`` -> ``"un million d'euros"``; ``(1100, "USD")`` -> ``"mille
    cent dollars américains"``; ``(1.01, "GBP")`` -> ``"une livre sterling
    et un penny"``. A negative amount is prefixed with "moins". The
    currencies of :data:`CURRENCY_WORDS_FR` (EUR, USD, CHF, GBP) are named;
    any other is written with its ISO code: ``"cent SEK et cinq
    centièmes"``.
    """
    value = round_cents(amount)
    prefix = "moins " if value < 0 else ""
    value = abs(value)
    units = int(value)
    cents = int((value - units) * 100)
    code = (currency or "EUR").upper()
    known = code in CURRENCY_WORDS_FR
    if known:
        (main_s, main_p), (sub_s, sub_p), feminine = CURRENCY_WORDS_FR[code]
    else:
        main_s = main_p = code
        sub_s, sub_p = "centième", "centièmes"
        feminine = False
    parts = []
    if units or not cents:
        parts.append(
            _units_in_words(units, main_s, main_p, elide=known, feminine=feminine)
        )
    if cents:
        parts.append(f"{integer_in_words(cents)} {sub_s if cents == 1 else sub_p}")
    return prefix + " et ".join(parts)


def amount_in_figures_and_words(amount, currency="EUR", symbol=None):
    """``"1 234,56 € (mille deux cent trente-quatre euros et ...)"``."""
    if symbol is None:
        symbol = currency_symbol(currency)
    return (
        f"{format_amount(to_decimal(amount), symbol)} "
        f"({amount_in_words(amount, currency)})"
    )


def format_amounts(amounts):
    """Amounts in several currencies, each apart, never added together:
    ``[(1150, "USD"), (40, "EUR")]`` -> ``"1 150,00 USD + 40,00 €"``.

    ``amounts`` is a list of ``(amount, ISO code)`` in the order to print;
    an empty list gives ``"0,00 €"``.
    """
    if not amounts:
        return format_currency_amount(0)
    return " + ".join(format_currency_amount(value, code) for value, code in amounts)


def amounts_in_words(amounts):
    """The words of :func:`format_amounts`: ``"mille cent cinquante dollars
    américains plus quarante euros"``."""
    if not amounts:
        return amount_in_words(0)
    return " plus ".join(amount_in_words(value, code) for value, code in amounts)


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
