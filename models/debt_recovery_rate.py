import logging
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import rates as rate_tools

_logger = logging.getLogger(__name__)


class DebtRecoveryRate(models.Model):
    """National figures, shared by all the companies: only the settings
    administrators (``base.group_system``, ir.model.access.csv) create or
    change them, and every change is tracked in the rate's chatter; a rate in
    force is never deleted (the penalties of sent letters were computed with
    it)."""

    _name = "debt.recovery.rate"
    _inherit = ["mail.thread"]
    _description = "Reference rate by half-year"
    _order = "date_start desc, series"
    _rec_name = "date_start"

    series = fields.Selection(
        [
            (rate_tools.ECB, "ECB main refinancing rate"),
            (rate_tools.LEGAL_PRIVATE, "Legal rate (creditor is a private person)"),
            (rate_tools.LEGAL_OTHER, "Legal rate (other creditors)"),
        ],
        required=True,
        tracking=True,
    )
    date_start = fields.Date(
        string="Start date",
        required=True,
        tracking=True,
        help="First day of the half-year: 1 January or 1 July.",
    )
    half_year = fields.Char(string="Half-year", compute="_compute_half_year")
    # A rate is never added up (no sum in the list's group headers).
    rate = fields.Float(
        string="Rate (%)", digits=(6, 4), required=True, tracking=True, aggregator=None
    )
    note = fields.Char(
        help="Source, e.g. the arrêté publishing the legal rate.", tracking=True
    )

    _sql_constraints = [
        (
            "series_half_year_uniq",
            "UNIQUE (series, date_start)",
            "There is already a rate of this series for this half-year.",
        ),
        ("rate_positive", "CHECK (rate >= 0)", "A rate cannot be negative."),
    ]

    @api.depends("date_start")
    def _compute_half_year(self):
        for rec in self:
            rec.half_year = (
                rate_tools.half_year_label_fr(rec.date_start)
                if rec.date_start
                else False
            )

    @api.constrains("date_start")
    def _check_half_year_start(self):
        for rec in self:
            if (rec.date_start.month, rec.date_start.day) not in ((1, 1), (7, 1)):
                raise ValidationError(
                    self.env._(
                        "A half-year starts on 1 January or 1 July; %(date)s is neither.",
                        date=rec.date_start,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_force(self):
        today = fields.Date.context_today(self)
        in_force = self.filtered(lambda r: r.date_start <= today)
        if not in_force:
            return
        if self.env.su:
            # Maintenance only (scripts, data fixes): written in the server log.
            _logger.warning(
                "Reference rates in force deleted by the superuser: %s",
                ", ".join(f"{r.series} {r.date_start} {r.rate}%" for r in in_force),
            )
            return
        rate = in_force[0]
        series = dict(self._fields["series"]._description_selection(self.env))
        raise UserError(
            self.env._(
                "%(series)s, %(half_year)s: this rate is in force; penalties and "
                "letters were computed with it, it cannot be deleted. Correct "
                "its value instead: the change is kept in its history.",
                series=series[rate.series],
                half_year=rate.half_year,
            )
        )

    @api.model
    def _get_rate_table(self):
        """All reference rates as a :class:`tools.rates.RateTable`."""
        self.env.cr.execute("SELECT series, date_start, rate FROM debt_recovery_rate")
        return rate_tools.RateTable(
            (series, date_start, Decimal(str(rate)))
            for series, date_start, rate in self.env.cr.fetchall()
        )

    @api.model
    def _missing_half_years(self, until=None):
        """Half-years without a rate, from the oldest known one up to ``until``.

        Returns ``{series: [date_start, ...]}`` for the series the
        computations need (ECB rate and legal rate for other creditors).
        """
        until = until or fields.Date.context_today(self)
        table = self._get_rate_table()
        self.env.cr.execute(
            "SELECT series, MIN(date_start) FROM debt_recovery_rate GROUP BY series"
        )
        first = dict(self.env.cr.fetchall())
        missing = {}
        for series in (rate_tools.ECB, rate_tools.LEGAL_OTHER):
            start = first.get(series) or rate_tools.half_year_start(until)
            gaps = table.missing_half_years(series, start, until)
            if gaps:
                missing[series] = gaps
        return missing
