"""Whether a promise to pay was kept, once its date has passed.

A promise covers invoices; its amount is spread over them, oldest first
(the share of each). An invoice keeps its part of the promise when what is
still owed on it is no more than what was due when the promise was made,
minus its share (a payment of the share, or more, or the invoice paid in
full). The promise is kept when every one of its invoices kept its part:
the customer is told invoice by invoice which one still waits, and the
reminders resume on those invoices only.

Amounts are compared at the currency's precision (``digits`` decimals), as
the accounting does, so that a cent of rounding never breaks a promise.
"""

from decimal import ROUND_HALF_UP, Decimal

KEPT = "kept"
BROKEN = "broken"


def _quantize(value, digits):
    return Decimal(str(value)).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP
    )


def invoice_part_broken(due_when_promised, share, still_owed, digits=2):
    """Whether an invoice broke its part of a promise: something is still
    owed on it and more than ``due_when_promised - share``."""
    owed = _quantize(still_owed, digits)
    if owed <= 0:
        return False
    target = _quantize(due_when_promised, digits) - _quantize(share, digits)
    return owed > target


def promise_state(parts, digits=2):
    """``"kept"`` or ``"broken"`` for a promise whose invoices are ``parts``:
    ``[(due_when_promised, share, still_owed), ...]``. A promise with no
    invoice left to judge (all cancelled) is kept: nothing is owed under
    it."""
    broken = any(
        invoice_part_broken(due, share, owed, digits) for due, share, owed in parts
    )
    return BROKEN if broken else KEPT
