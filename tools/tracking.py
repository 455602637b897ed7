"""Figures of the recovery dashboard and the tracking table (tableau de suivi).

- aging buckets of an open invoice by days past its due date;
- DSO (days sales outstanding): receivables / sales of the period * days;
- a promised payment spread over the invoices it covers, oldest first;
- the tracking table written as an XLSX workbook (xlsxwriter).
"""

import io
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter

from .decimals import round_cents, to_decimal

# (code, label, first day overdue, last day overdue or None)
AGING_BUCKETS = (
    ("not_due", "Not due", None, 0),
    ("1_30", "1-30 days", 1, 30),
    ("31_60", "31-60 days", 31, 60),
    ("61_90", "61-90 days", 61, 90),
    ("90_plus", "More than 90 days", 91, None),
)


def aging_bucket(days_overdue):
    """Code of the aging bucket of an invoice ``days_overdue`` days past due
    (0 or less: not due yet)."""
    for code, _label, first, last in AGING_BUCKETS:
        if (first is None or days_overdue >= first) and (
            last is None or days_overdue <= last
        ):
            return code
    raise AssertionError("buckets cover every integer")  # pragma: no cover


def dso(receivables, sales, days=90):
    """Days sales outstanding: ``receivables / sales * days``, rounded to one
    decimal; None when there were no sales in the period."""
    receivables, sales = to_decimal(receivables), to_decimal(sales)
    if sales <= 0:
        return None
    return (receivables / sales * days).quantize(Decimal("0.1"))


def allocate(amount, residuals):
    """Spread ``amount`` over ``residuals`` (list of amounts still due, in the
    order of payment: oldest first); returns one share per residual, each at
    most its residual, the remainder past the total being dropped."""
    left = round_cents(to_decimal(amount))
    shares = []
    for residual in residuals:
        share = min(left, round_cents(to_decimal(residual)))
        share = max(share, Decimal("0"))
        shares.append(share)
        left -= share
    return shares


def tracking_xlsx(title, headers, rows):
    """The tracking table as XLSX bytes.

    :param title: sheet title (at most 31 characters are kept)
    :param headers: list of ``(label, kind)``, kind in ``"text"``,
        ``"amount"``, ``"date"``, ``"integer"``, ``"bool"``
    :param rows: list of tuples of values in the order of ``headers``
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    formats = {
        "amount": workbook.add_format({"num_format": "#,##0.00"}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "integer": workbook.add_format({"num_format": "0"}),
        "text": None,
        "bool": None,
    }
    widths = [max(len(label), 10) for label, _kind in headers]
    for col, (label, _kind) in enumerate(headers):
        sheet.write_string(0, col, label, bold)
    for row_index, row in enumerate(rows, start=1):
        for col, ((_label, kind), value) in enumerate(zip(headers, row, strict=True)):
            fmt = formats[kind]
            if value is None or (value is False and kind != "bool"):
                sheet.write_blank(row_index, col, None, fmt)
            elif kind == "amount":
                sheet.write_number(row_index, col, float(value), fmt)
            elif kind == "integer":
                sheet.write_number(row_index, col, int(value), fmt)
            elif kind == "date":
                value = datetime.combine(value, datetime.min.time())
                sheet.write_datetime(row_index, col, value, fmt)
            elif kind == "bool":
                sheet.write_boolean(row_index, col, bool(value))
            else:
                text = str(value)
                sheet.write_string(row_index, col, text)
                widths[col] = max(widths[col], min(len(text), 50))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width + 2)
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(headers) - 1)
    workbook.close()
    return output.getvalue()


def days_between(start: date, end: date) -> int:
    return (end - start).days
