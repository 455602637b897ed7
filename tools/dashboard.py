"""The recovery dashboard's figures over time (no Odoo here).

- the month ends of a DSO trend (the last twelve, the current month's being
  today);
- the same day one month earlier (the cards' comparison);
- the comparison of a figure with last month's;
- the trend drawn as a small SVG line chart (no JavaScript needed).
"""

import calendar
from datetime import date, timedelta
from html import escape


def same_day_last_month(day):
    """``date(2026, 3, 31)`` -> ``date(2026, 2, 28)``: the same day one month
    earlier, or the last day of that month when it is shorter."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_ends(today, count=12):
    """The ``count`` month ends up to ``today``, oldest first; the current
    month's is ``today`` itself.

    ``month_ends(date(2026, 11, 29), 3)`` -> 30 September, 31 October,
    29 November 2026.
    """
    ends = [today]
    first = today.replace(day=1)
    for _index in range(count - 1):
        end = first - timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return list(reversed(ends))


def comparison(current, previous):
    """How ``current`` compares with ``previous`` (last month's):
    ``{"delta", "percent", "trend"}``; ``percent`` is None when ``previous``
    is zero or unknown, ``trend`` is ``"up"``, ``"down"`` or ``"flat"``.

    ``comparison(45.0, 50.0)`` -> delta -5.0, percent -10.0, trend "down".
    """
    if current is None or previous is None:
        return {"delta": None, "percent": None, "trend": "flat"}
    delta = round(current - previous, 2)
    percent = round(delta / abs(previous) * 100, 1) if previous else None
    trend = "up" if delta > 0 else "down" if delta < 0 else "flat"
    return {"delta": delta, "percent": percent, "trend": trend}


def trend_svg(points, width=560, height=150, unit=""):
    """A line chart of ``points`` (``[(label, value or None), ...]``) as an
    SVG string: one dot per point with its value, the labels below. Points
    without a value (no sales that month) break the line."""
    left, right, top, bottom = 12, 12, 22, 24
    values = [value for _label, value in points if value is not None]
    if not points:
        return ""
    low, high = (min(values), max(values)) if values else (0, 1)
    if high == low:
        low, high = low - 1, high + 1
    step = (width - left - right) / max(len(points) - 1, 1)

    def xy(index, value):
        x = left + index * step
        y = top + (high - value) / (high - low) * (height - top - bottom)
        return round(x, 1), round(y, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" height="{height}" role="img" class="o_debt_recovery_trend">'
    ]
    segment = []
    segments = []
    for index, (_label, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(xy(index, value))
    if segment:
        segments.append(segment)
    for line in segments:
        coords = " ".join(f"{x},{y}" for x, y in line)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="#017e84" '
            'stroke-width="2"/>'
        )
    for index, (label, value) in enumerate(points):
        x = round(left + index * step, 1)
        parts.append(
            f'<text x="{x}" y="{height - 6}" font-size="10" text-anchor="middle" '
            f'fill="#6c757d">{escape(str(label))}</text>'
        )
        if value is None:
            continue
        cx, cy = xy(index, value)
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="#017e84"/>')
        text = f"{value:g}{unit}".replace(".", ",")
        parts.append(
            f'<text x="{cx}" y="{cy - 7}" font-size="10" text-anchor="middle" '
            f'fill="#212529">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
