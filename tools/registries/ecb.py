"""ECB main refinancing operations rate, from the ECB Data Portal.

Endpoint (documented at https://data.ecb.europa.eu/help/api/data)::

    GET https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV
        ?format=csvdata&detail=dataonly

Series ``FM.B.U2.EUR.4F.KR.MRR_FR.LEV``: financial market data, euro area,
main refinancing operations, fixed rate, level in percent; one observation
per date on which the rate changed. The CSV (``csvdata``) has a header line
and, among others, the columns ``TIME_PERIOD`` (``YYYY-MM-DD``) and
``OBS_VALUE`` (the rate in percent, ``"2.15"``).

Code de commerce L441-10 II: the rate of the first half-year is the one "in
force on 1 January", the rate of the second half-year the one "in force on
1 July": the last observation dated on or before that day.
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

SERIES_KEY = "FM.B.U2.EUR.4F.KR.MRR_FR.LEV"


def parse_csv(text):
    """Observations of a ``csvdata`` answer: ``[(date, Decimal rate), ...]``
    sorted by date. Rows without a value are left out.

    Raises :class:`ValueError` when the columns ``TIME_PERIOD`` and
    ``OBS_VALUE`` are missing (not the documented format).
    """
    reader = csv.DictReader(io.StringIO((text or "").lstrip("\ufeff")))
    fields = reader.fieldnames or []
    if "TIME_PERIOD" not in fields or "OBS_VALUE" not in fields:
        raise ValueError("no TIME_PERIOD / OBS_VALUE columns in the ECB answer")
    observations = []
    for row in reader:
        value = (row.get("OBS_VALUE") or "").strip()
        period = (row.get("TIME_PERIOD") or "").strip()
        if not value or not period:
            continue
        try:
            day = datetime.date.fromisoformat(period[:10])
            rate = Decimal(value)
        except (ValueError, InvalidOperation) as exc:
            raise ValueError(f"bad ECB observation {period!r} {value!r}") from exc
        if not rate.is_finite():
            # "NaN" and "Infinity" parse as decimals; no rate is either.
            raise ValueError(f"bad ECB observation {period!r} {value!r}")
        observations.append((day, rate))
    observations.sort()
    return observations


def rate_in_force(observations, day):
    """``(rate, since)`` of the last observation on or before ``day``;
    ``None`` when the series starts after ``day``.

    Worked example (the series of tests/data/ecb_mro_series.csv): on
    1 July 2024 the last change was on 12 June 2024 (4.50 -> 4.25), so the
    rate of 2024 H2 is 4.25 %, in force since 12 June 2024; on 1 January
    2025 the last change was on 18 December 2024: 3.15 %.
    """
    found = None
    for obs_day, rate in observations:
        if obs_day > day:
            break
        found = (rate, obs_day)
    return found


def half_year_rates(observations, starts):
    """``{start: (rate, since)}`` for each half-year start (1 January or
    1 July) of ``starts`` whose rate in force is known from the series."""
    result = {}
    for start in starts:
        found = rate_in_force(observations, start)
        if found:
            result[start] = found
    return result
