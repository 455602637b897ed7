"""Reference rates by half-year (C. com. L441-10 II; C. mon. fin. L313-2).

Three series are kept per half-year, always as annual percentages:

- :data:`ECB`: the ECB main refinancing rate in force on 1 January (first
  half-year) or 1 July (second half-year); the default B2B penalty rate is
  this rate + 10 points (Code de commerce L441-10).
- :data:`LEGAL_PRIVATE`: the legal interest rate when the creditor is a
  private person.
- :data:`LEGAL_OTHER`: the legal interest rate for all other creditors (a
  company using Odoo); B2C interest and the 3 x floor of a contractual B2B
  rate use it.

A half-year missing from a table is never read as 0 %: :meth:`RateTable.rate`
raises :class:`MissingRateError`, whose French message can be shown as is to
the user. A rate actually stored as 0 (the ECB rate was 0 % from 2016 to
2022) is a valid value.
"""

import datetime
from decimal import Decimal

from .decimals import to_decimal

ECB = "ecb"
LEGAL_PRIVATE = "legal_private"
LEGAL_OTHER = "legal_other"
SERIES = (ECB, LEGAL_PRIVATE, LEGAL_OTHER)

#: French names of the series, used in error messages.
SERIES_LABELS_FR = {
    ECB: "taux BCE",
    LEGAL_PRIVATE: "taux d'intérêt légal (créancier particulier)",
    LEGAL_OTHER: "taux d'intérêt légal (autres créanciers)",
}


def half_year_start(d):
    """First day of the half-year containing ``d``: 1 January or 1 July."""
    return datetime.date(d.year, 1 if d.month <= 6 else 7, 1)


def half_year_end(d):
    """Last day of the half-year containing ``d``: 30 June or 31 December."""
    if d.month <= 6:
        return datetime.date(d.year, 6, 30)
    return datetime.date(d.year, 12, 31)


def next_half_year_start(d):
    """First day of the half-year following the one containing ``d``."""
    if d.month <= 6:
        return datetime.date(d.year, 7, 1)
    return datetime.date(d.year + 1, 1, 1)


def half_year_starts(start, end):
    """Starts of the half-years overlapping ``[start, end]``, in order.

    Empty when ``start`` is after ``end``.
    """
    result = []
    current = half_year_start(start)
    while current <= end:
        result.append(current)
        current = next_half_year_start(current)
    return result


def half_year_label(d):
    """Short label of the half-year of ``d``, e.g. ``"2026 H1"``."""
    return f"{d.year} H{1 if d.month <= 6 else 2}"


def half_year_label_fr(d):
    """French label of the half-year of ``d``: ``"1er semestre 2026"``."""
    return f"{'1er' if d.month <= 6 else '2e'} semestre {d.year}"


def series_label_fr(series):
    """French name of a rate series (the code itself when unknown)."""
    return SERIES_LABELS_FR.get(series, series)


class MissingRateError(ValueError):
    """No rate is stored for ``series`` in the half-year starting on ``half_year``.

    The message is in French and can be raised again as a ``UserError``.
    """

    def __init__(self, series, half_year):
        self.series = series
        self.half_year = half_year_start(half_year)
        super().__init__(
            f"Aucun taux « {series_label_fr(series)} » n'est enregistré pour le "
            f"{half_year_label_fr(self.half_year)} "
            f"({half_year_label(self.half_year)}). "
            "Un taux manquant n'est jamais compté à 0 % : saisissez ce taux dans "
            "les taux de référence du recouvrement, puis relancez le calcul."
        )


class RateTable:
    """Rates by series and half-year.

    ``rows`` is an iterable of ``(series, half_year_start_date, rate_percent)``;
    the date may be any day of the half-year (it is normalised to its start),
    the rate anything :func:`to_decimal` accepts. Two different rates for the
    same series and half-year are refused.
    """

    def __init__(self, rows=()):
        self._rates = {}
        for series, start, rate in rows:
            if series not in SERIES:
                raise ValueError(f"Série de taux inconnue : {series!r}.")
            key = (series, half_year_start(start))
            value = to_decimal(rate, "taux")
            if value < 0:
                raise ValueError(
                    f"Le {series_label_fr(series)} du {half_year_label_fr(key[1])} "
                    f"ne peut pas être négatif ({value} %)."
                )
            if key in self._rates and self._rates[key] != value:
                raise ValueError(
                    f"Deux valeurs différentes ({self._rates[key]} % et {value} %) "
                    f"pour le {series_label_fr(series)} du "
                    f"{half_year_label_fr(key[1])}."
                )
            self._rates[key] = value

    def __len__(self):
        return len(self._rates)

    def __contains__(self, key):
        series, d = key
        return (series, half_year_start(d)) in self._rates

    def rows(self):
        """The rows of the table, sorted by series then half-year."""
        return [(s, d, r) for (s, d), r in sorted(self._rates.items())]

    def get(self, series, on_date, default=None):
        """Rate in percent for the half-year of ``on_date``, or ``default``."""
        return self._rates.get((series, half_year_start(on_date)), default)

    def rate(self, series, on_date):
        """Rate in percent (e.g. ``Decimal("2.15")``) for the half-year of ``on_date``.

        Raises :class:`MissingRateError` when that half-year is not stored.
        """
        value = self.get(series, on_date)
        if value is None:
            raise MissingRateError(series, on_date)
        return value

    def missing_half_years(self, series, start, end):
        """Starts of the half-years of ``[start, end]`` with no rate for ``series``."""
        return [
            hy for hy in half_year_starts(start, end) if (series, hy) not in self._rates
        ]


def _rows(series, values):
    """Rows of one series from ``{(year, half): "rate"}``."""
    return [
        (series, datetime.date(year, 1 if half == 1 else 7, 1), Decimal(rate))
        for (year, half), rate in values.items()
    ]


#: The published figures (2023 H1 to 2026 H1), shared by the data file and
#: the tests.
DEFAULT_RATES = tuple(
    _rows(
        ECB,
        {
            (2023, 1): "2.50",
            (2023, 2): "4.00",
            (2024, 1): "4.50",
            (2024, 2): "4.25",
            (2025, 1): "3.15",
            (2025, 2): "2.15",
            (2026, 1): "2.15",
        },
    )
    + _rows(
        LEGAL_PRIVATE,
        {
            (2023, 1): "4.47",
            (2023, 2): "6.82",
            (2024, 1): "8.01",
            (2024, 2): "8.16",
            (2025, 1): "7.21",
            (2025, 2): "6.65",
            (2026, 1): "6.67",
        },
    )
    + _rows(
        LEGAL_OTHER,
        {
            (2023, 1): "2.06",
            (2023, 2): "4.22",
            (2024, 1): "5.07",
            (2024, 2): "4.92",
            (2025, 1): "3.71",
            (2025, 2): "2.76",
            (2026, 1): "2.62",
        },
    )
)

#: A table of :data:`DEFAULT_RATES`, used when a computation gets no table.
DEFAULT_TABLE = RateTable(DEFAULT_RATES)
