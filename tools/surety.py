"""What a professional creditor owes an individual surety (caution personne
physique), and what it loses when it is late.

Code civil, as reformed by ordonnance n° 2021-1192 of 15 September 2021
(in force on 1 January 2022, also for the sureties given before it), text
unchanged since:

- art. 2303: the professional creditor informs every individual surety of
  the principal debtor's default as soon as the first payment incident is
  not regularised within the month of its due date, "à peine de déchéance
  de la garantie des intérêts et pénalités échus entre la date de cet
  incident et celle à laquelle elle en a été informée"; the debtor's
  payments of that period are applied first to the principal, between the
  creditor and the surety.
- art. 2302: before 31 March of each year, at its own cost, it tells every
  individual surety the principal, interest and other accessories still
  due on 31 December of the year before, and reminds it of the end of its
  commitment (or, for an open-ended one, that it may end it at any time),
  under the same kind of sanction (interest and penalties from the previous
  information to the new one).

Pure functions: no ``import odoo`` (tests/test_tools_surety.py).
"""

import datetime
from dataclasses import dataclass

from .deadlines import add_months


@dataclass(frozen=True)
class DefaultInformation:
    """The information of art. 2303 C. civ. for one surety.

    - ``incident_date``: the first payment incident (the due date of the
      first invoice not paid within the month after it, or the surety's
      start when that invoice fell due before it);
    - ``owed_from``: the first day the information is owed (the day after
      the month of regularisation);
    - ``informed_date``: when the surety was informed (``None``: not yet);
    - ``late``: informed after ``owed_from`` (or not yet informed on the
      day looked at, past it);
    - ``lost_from`` / ``lost_until``: while late, the interest and
      penalties that fell due between these dates cannot be claimed from
      the surety (the debtor still owes them).
    """

    incident_date: datetime.date
    owed_from: datetime.date
    informed_date: datetime.date | None
    late: bool
    lost_from: datetime.date | None
    lost_until: datetime.date | None


def regularisation_end(due_date):
    """The last day of the month in which an incident may be regularised
    (art. 2303: "dans le mois de l'exigibilité"): the same day a month
    later (the month's last day when it has no such day)."""
    return add_months(due_date, 1)


def first_incident(invoices, start=None, today=None):
    """The first payment incident not regularised within the month, or
    ``None``.

    :param invoices: ``(due date, date settled or None)`` pairs of the
        guaranteed customer's invoices; settled means fully paid (a partial
        payment does not regularise)
    :param start: the guarantee's start: an invoice due before it counts
        from that date
    :param today: the day looked at: an invoice still unpaid is an incident
        only once its month has passed on that day
    """
    incidents = []
    for due, settled in invoices:
        if not due:
            continue
        counted = max(due, start) if start else due
        end = regularisation_end(counted)
        if settled and settled <= end:
            continue
        if not settled and today is not None and today <= end:
            continue
        incidents.append(counted)
    return min(incidents) if incidents else None


def default_information(invoices, start=None, informed_date=None, today=None):
    """The :class:`DefaultInformation` of an individual surety, or ``None``
    when no incident requires it (see :func:`first_incident`).

    The information is owed "dès le premier incident" (art. 2303 C. civ.):
    from the day after the month of regularisation. Informed that day, the
    creditor keeps everything; informed later (or not yet on ``today``), it
    cannot claim from the surety the interest and penalties that fell due
    from the incident to the information (the text's own bounds)."""
    incident = first_incident(invoices, start=start, today=today)
    if incident is None:
        return None
    owed_from = regularisation_end(incident) + datetime.timedelta(days=1)
    until = informed_date or today
    late = bool(until and until > owed_from)
    return DefaultInformation(
        incident_date=incident,
        owed_from=owed_from,
        informed_date=informed_date,
        late=late,
        lost_from=incident if late else None,
        lost_until=until if late else None,
    )


def annual_information_deadline(year):
    """The last day of the annual information of art. 2302 C. civ. for
    ``year``: "avant le 31 mars", so 30 March at the latest."""
    return datetime.date(year, 3, 30)


def annual_information_owed(start, end, last_informed, today, debt_left=False):
    """The deadline of the annual information (art. 2302 C. civ.) owed on
    ``today``, or ``None``.

    It is owed in a year for a surety that was running on 31 December of
    the year before (``start`` on or before it, no ``end`` before it), and
    not yet given since 1 January of that year (``last_informed``). A
    surety whose commitment ended before that day still answers for the
    debts born before its end (art. 2316 C. civ.): while some of them were
    still due on 31 December (``debt_left``), the information is owed too,
    until the debt is extinguished (the courts hold it owed even after the
    surety is sued or condemned)."""
    year_end = datetime.date(today.year - 1, 12, 31)
    if not start or start > year_end or (end and end < year_end and not debt_left):
        return None
    if last_informed and last_informed >= datetime.date(today.year, 1, 1):
        return None
    return annual_information_deadline(today.year)
