"""The recovery SMS: its short French text and when it may be sent.

A text message reaches the debtor's own phone: out of courtesy, and so that
the reminder is read rather than resented, never at night nor on Sundays
(the hours are a setting, 8 h to 20 h by default, in the responsible's time
zone). No legal text is relied on here: the hours are the company's choice."""

from datetime import datetime, time, timedelta

# One SMS segment in GSM 7-bit is 160 characters; accents such as "é" are
# in the GSM alphabet, the euro sign costs two: keep the text under 160.
MAX_LENGTH = 160
DEFAULT_HOURS = (8, 20)
SUNDAY = 6


def parse_hours(value):
    """``"8-20"`` -> ``(8, 20)``: the first hour an SMS may leave and the
    hour from which it may not. A missing or invalid value gives the
    default."""
    try:
        start, end = (int(part) for part in str(value).split("-"))
    except (TypeError, ValueError):
        return DEFAULT_HOURS
    if not 0 <= start < end <= 24:
        return DEFAULT_HOURS
    return start, end


def next_allowed(moment: datetime, hours=DEFAULT_HOURS) -> datetime:
    """``moment`` when an SMS may be sent then (a weekday or Saturday,
    within ``hours``), else the first allowed moment after it."""
    start, end = hours
    if moment.weekday() != SUNDAY and start <= moment.hour < end:
        return moment
    day = moment.date()
    if moment.weekday() == SUNDAY or moment.hour >= end:
        day += timedelta(days=1)
    if day.weekday() == SUNDAY:
        day += timedelta(days=1)
    return datetime.combine(day, time(start), tzinfo=moment.tzinfo)


def sms_text(company, amount, link=None):
    """The text of a recovery SMS, in French: who writes, how much is
    overdue, and the link to pay when there is one. The company's name is
    shortened so that the text fits in one SMS."""
    tail = f" reste impayé. Merci de régulariser{' : ' + link if link else '.'}"
    head = f"{{company}} : {amount}"
    room = MAX_LENGTH - len(head.format(company="")) - len(tail)
    if len(company) > room:
        company = company[: max(room - 1, 0)].rstrip() + "…"
    return head.format(company=company) + tail
