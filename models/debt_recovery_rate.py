import logging
import math
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import services
from ..tools import formatting
from ..tools import rates as rate_tools
from ..tools.registries import ecb as ecb_tools
from .debt_recovery_document import MANAGER_GROUP
from .debt_recovery_registry_check import registry_settings

_logger = logging.getLogger(__name__)

#: Context key of the ECB updater's own writes, whose value is the class
#: below: a client's JSON context cannot hold it, so a user's correction of
#: a rate is always marked as his own.
ECB_UPDATE_KEY = "debt_recovery_ecb_update"


class _EcbUpdate:
    """The value of ``ECB_UPDATE_KEY`` (server code only)."""


class DebtRecoveryRate(models.Model):
    """National figures, shared by all the companies: only the settings
    administrators (``base.group_system``, ir.model.access.csv) create or
    change them, and every change is tracked in the rate's chatter; a rate in
    force is never deleted (the penalties of sent letters were computed with
    it)."""

    _name = "debt.recovery.rate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    origin = fields.Selection(
        [("manual", "Entered by a user"), ("ecb_api", "ECB Data Portal")],
        default="manual",
        required=True,
        readonly=True,
        tracking=True,
        help="ECB Data Portal: stored by the ECB rate updater. A rate entered "
        "or corrected by a user is never overwritten by the updater.",
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

    # ------------------------------------------------------------------
    # ECB rate updater and the legal rates' reminder
    # ------------------------------------------------------------------
    # The monthly scheduled action (data/ir_cron_data.xml) and the button
    # of the rates screen call ``_recovery_update_ecb_rates``; the scheduled
    # action then calls ``_recovery_legal_rates_activity``, in this order.

    def _check_rate_value(self, vals):
        """A rate is a number: "NaN" or an infinity (which a float field
        takes by RPC, and a registry may answer) would be printed on the
        letters and make every penalty of the half-year NaN. Checked on the
        values: the ORM cannot even round them to store them."""
        rate = vals.get("rate")
        if rate is not None and rate is not False:
            try:
                finite = math.isfinite(float(rate))
            except (TypeError, ValueError):
                finite = False
            if not finite:
                raise ValidationError(
                    self.env._(
                        "A reference rate must be a number (%(rate)s is not one).",
                        rate=rate,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_rate_value(vals)
        rates = super().create(vals_list)
        rates._recovery_close_legal_rates_activities()
        return rates

    def write(self, vals):
        self._check_rate_value(vals)
        # A user correcting an imported ECB rate makes it his own: the
        # updater will never write it (it only creates missing half-years).
        if "rate" in vals and self.env.context.get(ECB_UPDATE_KEY) is not _EcbUpdate:
            vals = {**vals, "origin": "manual"}
        return super().write(vals)

    @api.model
    def _cron_recovery_rates(self):
        """Monthly: the ECB rates of the missing half-years, then the
        reminder to enter the legal rates. Never raises: an unreachable
        service is logged and retried next month."""
        self._recovery_update_ecb_rates()
        self._recovery_legal_rates_activity()

    def action_update_ecb_rates(self):
        """Button of the rates screen (settings administrators)."""
        self.check_access("create")
        created, error = self._recovery_update_ecb_rates()
        if error:
            message = self.env._(
                "The ECB Data Portal could not be read (%(error)s): no rate was "
                "stored. Try again later or enter the rate by hand.",
                error=error,
            )
            kind = "warning"
        elif created:
            message = self.env._(
                "ECB rate stored for %(half_years)s.",
                half_years=", ".join(created.mapped("half_year")),
            )
            kind = "success"
        else:
            message = self.env._("No ECB rate was missing.")
            kind = "info"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": kind,
                "sticky": bool(error),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _recovery_update_ecb_rates(self, today=None):
        """Store the ECB rate of each half-year missing up to today's, read
        from the ECB Data Portal (tools/registries/ecb.py). An existing rate
        is never written, whoever entered it. Returns ``(created rates,
        error message or "")``."""
        today = today or fields.Date.context_today(self)
        missing = self._missing_half_years(today).get(rate_tools.ECB, [])
        if not missing:
            return self.browse(), ""
        settings = registry_settings(self.env, "ecb")
        if not settings.enabled:
            return self.browse(), self.env._("the ECB service is switched off")
        try:
            observations, source = services.ecb.fetch_series(
                settings.url, settings.timeout
            )
        except services.RegistryUnavailable as exc:
            _logger.warning("ECB rate updater: %s", exc)
            return self.browse(), self.env[
                "debt.recovery.registry.check"
            ]._recovery_unavailable_text(exc)
        found = ecb_tools.half_year_rates(observations, missing)
        vals_list = [
            {
                "series": rate_tools.ECB,
                "date_start": start,
                "rate": float(rate),
                "origin": "ecb_api",
                # Stored text shown to everybody, like a letter: French.
                "note": (
                    f"BCE, ECB Data Portal, série {ecb_tools.SERIES_KEY} : taux en "
                    f"vigueur depuis le {formatting.format_date(since)}, relevé le "
                    f"{formatting.format_date(today)}"
                ),
            }
            for start, (rate, since) in sorted(found.items())
        ]
        _logger.info("ECB rate updater: %s from %s", vals_list, source)
        created = (
            self.sudo().with_context(**{ECB_UPDATE_KEY: _EcbUpdate}).create(vals_list)
        )
        return created.with_env(self.env), ""

    @api.model
    def _recovery_legal_rates_activity(self, today=None):
        """From 1 January and 1 July, until both legal rates of the current
        half-year are entered (arrêté published late December / late June,
        C. mon. fin. L313-2): one activity "enter the legal rates" for a
        recovery manager who administers the settings."""
        today = today or fields.Date.context_today(self)
        start = rate_tools.half_year_start(today)
        missing = self._recovery_missing_legal_series(start)
        if not missing:
            return self.env["mail.activity"]
        activity_type = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_legal_rates"
        )
        Activity = self.env["mail.activity"].sudo()
        if Activity.search_count(
            [
                ("res_model", "=", self._name),
                ("activity_type_id", "=", activity_type.id),
                ("date_deadline", "=", start),
            ]
        ):
            return self.env["mail.activity"]
        user = self._recovery_rates_manager()
        # The activity sits on the latest legal rate, in the rates screen.
        anchor = self.sudo().search(
            [("series", "=", rate_tools.LEGAL_OTHER)], order="date_start desc", limit=1
        ) or self.sudo().search([], order="date_start desc", limit=1)
        if not user or not anchor:
            return self.env["mail.activity"]
        return anchor.activity_schedule(
            "l10n_fr_debt_recovery.mail_activity_type_legal_rates",
            date_deadline=start,
            summary=self.env._(
                "Enter the legal rates of the %(half_year)s",
                half_year=rate_tools.half_year_label_fr(start),
            ),
            note=self.env._(
                "The legal interest rates of the %(half_year)s (creditor is a "
                "private person, other creditors) are published by an arrêté "
                "at the end of the previous half-year. Enter both in Reference "
                "Rates; this activity is marked done when they are there.",
                half_year=rate_tools.half_year_label_fr(start),
            ),
            user_id=user.id,
        )

    @api.model
    def _recovery_missing_legal_series(self, start):
        present = set(
            self.sudo()
            .search(
                [
                    ("date_start", "=", start),
                    (
                        "series",
                        "in",
                        (rate_tools.LEGAL_OTHER, rate_tools.LEGAL_PRIVATE),
                    ),
                ]
            )
            .mapped("series")
        )
        return {rate_tools.LEGAL_OTHER, rate_tools.LEGAL_PRIVATE} - present

    @api.model
    def _recovery_rates_manager(self):
        """A recovery manager who may enter rates (settings administrator),
        else any settings administrator."""
        admins = (
            self.env.ref("base.group_system")
            .sudo()
            .users.filtered(lambda u: u.active and not u.share)
        )
        managers = admins.filtered(lambda u: u.has_group(MANAGER_GROUP))
        return (managers or admins).sorted("id")[:1]

    def _recovery_close_legal_rates_activities(self):
        """Both legal rates of a half-year entered: its activity is done."""
        starts = {
            r.date_start
            for r in self
            if r.series in (rate_tools.LEGAL_OTHER, rate_tools.LEGAL_PRIVATE)
        }
        starts = [d for d in starts if not self._recovery_missing_legal_series(d)]
        if not starts:
            return
        activity_type = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_legal_rates",
            raise_if_not_found=False,
        )
        if not activity_type:
            return
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("activity_type_id", "=", activity_type.id),
                ("date_deadline", "in", starts),
            ]
        ).action_feedback(feedback=self.env._("Legal rates entered."))

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
