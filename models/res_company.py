"""What the addon adds to companies (``res.company``): the recovery
settings (ladder, letters, penalties, deadlines, formal notices) and the
managers' key figures."""

from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, html2plaintext

from ..tools import penalties as penalty_tools
from ..tools import prepayment as prepayment_tools
from ..tools import rates as rate_tools
from ..tools import tracking
from ..tools.schedule import CONSUMER_NOTICE_MIN_DAYS

DSO_DAYS = 90


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    # ---- Ladder and scope ----

    debt_recovery_level_ids = fields.One2many(
        "debt.recovery.level", "company_id", string="Reminder ladder"
    )
    debt_recovery_min_amount = fields.Monetary(
        string="Minimum amount to recover",
        default=15.0,
        currency_field="currency_id",
        help="Customers whose overdue balance is below this amount get no reminder.",
    )
    debt_recovery_excluded_journal_ids = fields.Many2many(
        "account.journal",
        "res_company_debt_recovery_journal_rel",
        "company_id",
        "journal_id",
        string="Journals excluded from recovery",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
    )

    # ---- Letters ----

    debt_recovery_signatory_id = fields.Many2one(
        "res.users",
        string="Letter signatory",
        help="Person whose name and function sign the recovery letters.",
    )
    debt_recovery_signatory_function = fields.Char(string="Signatory function")
    debt_recovery_legal_form = fields.Char(
        string="Legal form and capital",
        help="Printed on the letterhead of the recovery letters, e.g. "
        '"SARL au capital de 50 000 €".',
    )
    # C. com. R123-237: a registered company's letters mention "RCS" with the
    # town of its registry and its SIREN.
    debt_recovery_rcs = fields.Char(
        string="RCS registration",
        help="Printed on the letterhead of the recovery letters, e.g. "
        '"RCS Paris 812 345 678".',
    )
    debt_recovery_agency_mode = fields.Boolean(
        string="Letters sent by a collection agency",
        help="The reminders and the formal notice are written in the name of "
        "the collection agency below, with the mentions of art. R124-4 of the "
        "Code des procédures civiles d'exécution.",
    )
    debt_recovery_agency_partner_id = fields.Many2one(
        "res.partner",
        string="Collection agency",
        help="Name, address and identifiers printed as the letterhead of the "
        "letters sent by the agency.",
    )
    debt_recovery_agency_claim_basis = fields.Char(
        string="Basis of the claim",
        help="Printed in the agency letters (art. R124-4 CPCE). Default: unpaid "
        "invoices issued under the creditor's general terms of sale.",
    )

    # ---- Penalties and deadlines ----

    # C. com. L441-10 II: each half-year bears the ECB rate in force on its
    # 1 January or 1 July (default, "ecb_daily"). The start-of-delay rate for
    # the whole delay is the public-procurement rule (CCP R2192-31), kept as
    # an explicit option. Public buyers always get CCP R2192-31 (ECB + 8
    # points), whatever this setting. Existing companies keep the mode they
    # have: no migration, so that the penalties a company already claims do
    # not change without its choice.
    debt_recovery_rate_mode = fields.Selection(
        [
            ("ecb_daily", "ECB rate + 10 points, rate of each half-year (legal rule)"),
            (
                "ecb_start",
                "ECB rate + 10 points, rate of the half-year the delay started",
            ),
            ("contractual", "Contractual rate (general terms of sale)"),
        ],
        string="Late-payment penalty rate",
        default="ecb_daily",
        required=True,
        help="Rate of each half-year (default, art. L441-10 II Code de "
        "commerce): each day of delay bears the ECB rate in force on 1 January "
        "or 1 July of its half-year, plus 10 points; letters print one line "
        "per half-year. Rate of the half-year the delay started: the rate of "
        "the first day of delay for the whole delay, the rule of public "
        "contracts (art. R2192-31 Code de la commande publique); on a delay "
        "over several half-years it can differ from the legal figure. "
        "Contractual rate: the rate of your general terms of sale, never below "
        "three times the legal interest rate of each half-year.",
    )
    debt_recovery_contractual_rate = fields.Float(
        string="Contractual penalty rate (%)",
        digits=(6, 4),
        help="Annual rate set by your general terms of sale. It cannot be lower "
        "than three times the legal interest rate (art. L441-10 Code de commerce); "
        "it is checked on every half-year of each delay.",
    )
    # Fixed by decree (C. com. D441-5, CCP D2192-35): not a setting. Kept as a
    # field (public contract of the addon), always 40.
    debt_recovery_indemnity_amount = fields.Monetary(
        string="Fixed recovery indemnity",
        compute="_compute_debt_recovery_indemnity_amount",
        help="40 € per invoice paid late by a professional or a public buyer, "
        "fixed by law (art. D441-5 Code de commerce, art. D2192-35 Code de la "
        "commande publique): it cannot be changed. Higher recovery costs are "
        "claimed on proof, as a complementary indemnity on the litigation file "
        "(art. L441-10 II). Never charged to consumers.",
    )
    debt_recovery_notice_days = fields.Integer(
        string="Formal notice deadline (days)",
        default=8,
        help="Days the customer has to pay after receiving the mise en demeure.",
    )
    debt_recovery_plan_grace_days = fields.Integer(
        string="Installment grace days",
        default=8,
        help="Days after an installment's date before it counts as late; then the "
        "acceleration clause of the plan applies.",
    )
    # ---- Consumers ----
    # Acceleration of a consumer's installment plan only after a formal
    # notice giving a stated period (Cass. 1re civ., 22 March 2023,
    # n° 21-16.044: a clause accelerating without a notice and a reasonable
    # period is abusive, C. conso. L212-1). Cass. 1re civ., 29 May 2024,
    # n° 23-12.904 held a 15-day period abusive too: the addon refuses 15
    # days or less (plan_tools.CONSUMER_NOTICE_MIN_DAYS); default 30.
    debt_recovery_plan_consumer_notice_days = fields.Integer(
        string="Consumer plans: notice period before acceleration (days)",
        default=30,
        help="A consumer's installment plan is broken only after a formal notice "
        "to pay the late installment within this period, counted from its "
        "receipt (more than 15 days: 15 days were held abusive).",
    )
    # Utility safeguards of consumers (Code de l'action sociale et des
    # familles art. L115-3), listed in the suspension letter.
    debt_recovery_supplies_water = fields.Boolean(
        string="Supplies water to households",
        help="The water supply of a consumer's main residence is never cut nor "
        "reduced for non-payment, all year (art. L115-3 CASF): the suspension "
        "letter says it is maintained.",
    )
    debt_recovery_supplies_energy = fields.Boolean(
        string="Supplies electricity, gas or heat to households",
        help="No cut of a consumer's main residence from 1 November to 31 March "
        "(winter truce, art. L115-3 CASF); at other times only after the prior "
        "notices of décret n° 2008-780. The suspension letter says so.",
    )
    debt_recovery_supplies_telecom = fields.Boolean(
        string="Supplies telephone or internet to households",
        help="A consumer who asks the fonds de solidarité pour le logement for "
        "aid keeps a telephone service and an internet access, which may be "
        "restricted, until the request is decided (art. L115-3 CASF): the "
        "suspension letter says so.",
    )
    debt_recovery_prescription_warning_days = fields.Integer(
        string="Prescription warning (days)",
        default=90,
        help="An activity is created this many days before an unpaid invoice "
        "becomes time-barred.",
    )

    # ---- Formal notices ----

    debt_recovery_notice_unclaimed_start = fields.Selection(
        [
            ("presentation", "First presentation by the post"),
            ("returned", "Return of the letter to the sender"),
        ],
        string="Deadline of an unclaimed notice runs from",
        default="presentation",
        required=True,
        help="A registered letter the customer did not claim still counts: its "
        "deadline runs from the first presentation (default) or from the day "
        "the letter came back.",
    )

    # ---- Checks and helpers ----

    @api.constrains("debt_recovery_agency_mode", "debt_recovery_agency_partner_id")
    def _check_debt_recovery_agency(self):
        for company in self:
            agency = company.debt_recovery_agency_partner_id
            if company.debt_recovery_agency_mode and not (
                agency and agency.street and agency.city
            ):
                raise ValidationError(
                    self.env._(
                        "Letters sent by a collection agency must carry the "
                        "agency's name and address: choose the agency of "
                        "%(company)s and complete its address.",
                        company=company.name,
                    )
                )

    def _compute_debt_recovery_indemnity_amount(self):
        self.debt_recovery_indemnity_amount = float(penalty_tools.LEGAL_INDEMNITY)

    @api.constrains("debt_recovery_plan_consumer_notice_days")
    def _check_debt_recovery_consumer_notice_days(self):
        # Cass. 1re civ., 22 March 2023, n° 21-16.044 (8 days: abusive) and
        # 29 May 2024, n° 23-12.904 (15 days: abusive).
        for company in self:
            if (
                company.debt_recovery_plan_consumer_notice_days
                < CONSUMER_NOTICE_MIN_DAYS
            ):
                raise ValidationError(
                    self.env._(
                        "A consumer's installment plan cannot be broken 15 days "
                        "or less after the formal notice (15 days were held "
                        "abusive, Cass. 1re civ., 29 May 2024, n° 23-12.904): "
                        "set at least %(days)s days for %(company)s.",
                        days=CONSUMER_NOTICE_MIN_DAYS,
                        company=company.name,
                    )
                )

    @api.constrains("debt_recovery_rate_mode", "debt_recovery_contractual_rate")
    def _check_debt_recovery_contractual_rate(self):
        rates = self.env["debt.recovery.rate"]
        for company in self.filtered(
            lambda c: c.debt_recovery_rate_mode == "contractual"
        ):
            today = fields.Date.context_today(self)
            try:
                # A legal rate not entered yet must not forbid the setting:
                # the floor is checked again when the penalties are computed.
                penalty_tools.check_contractual_rate(
                    Decimal(str(company.debt_recovery_contractual_rate)),
                    today,
                    rates._get_rate_table(),
                    unchecked=[],
                )
            except (
                penalty_tools.RateBelowFloorError,
                rate_tools.MissingRateError,
            ) as err:
                raise ValidationError(str(err)) from err

    def _debt_recovery_missing_invoice_mentions(self):
        """Text listing the late-payment mentions (art. L441-9 Code de commerce)
        missing from the invoice terms and footer, or an empty string."""
        self.ensure_one()
        text = " ".join(
            html2plaintext(value or "")
            for value in (self.invoice_terms, self.report_footer)
        ).lower()
        missing = []
        if not any(
            word in text for word in ("pénalit", "penalit", "penalty", "penalties")
        ):
            missing.append(self.env._("the late-payment penalty rate"))
        if "40" not in text or not any(
            word in text for word in ("indemnit", "indemnity")
        ):
            missing.append(
                self.env._(
                    "the fixed indemnity for recovery costs of 40 € (professionals)"
                )
            )
        if not missing:
            return ""
        return self.env._(
            "Your invoices do not mention %(mentions)s. French law requires it on "
            "invoices to professionals: add it to the default terms and conditions "
            "or to the document footer.",
            mentions=self.env._(" and ").join(missing),
        )

    def _debt_recovery_penalty_settings(self):
        """Keyword arguments for :func:`tools.penalties.b2b_penalties`."""
        self.ensure_one()
        if self.debt_recovery_rate_mode == "contractual":
            return {
                "mode": "start",
                "contractual_rate": Decimal(str(self.debt_recovery_contractual_rate)),
            }
        return {
            "mode": "daily" if self.debt_recovery_rate_mode == "ecb_daily" else "start",
            "contractual_rate": None,
        }

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["debt.recovery.level"].sudo()._create_default_ladder(companies)
        return companies

    # ------------------------------------------------------------------
    # Key figures (recovery dashboard)
    # ------------------------------------------------------------------

    def _debt_recovery_dso(self, today, days=DSO_DAYS):
        """``{"receivables", "sales", "dso"}`` of this company at ``today``:
        customer receivables (open invoices less credits and unreconciled
        payments) over the sales (invoices less credit notes, tax included)
        of the last ``days`` days, times ``days``; ``dso`` is None without
        sales."""
        self.ensure_one()
        lines = self.env["account.move.line"].sudo()
        [[receivables]] = lines._read_group(
            [
                ("company_id", "=", self.id),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
            ],
            aggregates=["amount_residual:sum"],
        )
        [[sales]] = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.id),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("invoice_date", ">", today - timedelta(days=days)),
                    ("invoice_date", "<=", today),
                ],
                aggregates=["amount_total_signed:sum"],
            )
        )
        receivables, sales = receivables or 0.0, sales or 0.0
        value = tracking.dso(receivables, sales, days)
        return {
            "receivables": receivables,
            "sales": sales,
            "dso": float(value) if value is not None else None,
        }

    def _debt_recovery_dso_series(self, dates, days=DSO_DAYS):
        """``{date: {"receivables", "sales", "dso"}}`` of this company at the
        end of each of ``dates`` (the dashboard's cards and its 12-month
        trend): the receivable balance of the posted entries dated up to
        that day (payments counted on their date, so that a past month reads
        as it stood then) over the sales, tax included, of the ``days`` days
        up to it, times ``days``. One query for all the dates."""
        self.ensure_one()
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT day.d,
                       (SELECT COALESCE(SUM(line.balance), 0)
                          FROM account_move_line line
                          JOIN account_account account ON account.id = line.account_id
                         WHERE line.company_id = %(company)s
                           AND line.parent_state = 'posted'
                           AND account.account_type = 'asset_receivable'
                           AND line.date <= day.d),
                       (SELECT COALESCE(SUM(move.amount_total_signed), 0)
                          FROM account_move move
                         WHERE move.company_id = %(company)s
                           AND move.state = 'posted'
                           AND move.move_type IN ('out_invoice', 'out_refund')
                           AND move.invoice_date > day.d - %(days)s
                           AND move.invoice_date <= day.d)
                  FROM unnest(%(dates)s::date[]) AS day(d)
                """,
                company=self.id,
                dates=list(dates),
                days=days,
            )
        )
        result = {}
        for day, receivables, sales in rows:
            value = tracking.dso(receivables, sales, days)
            result[day] = {
                "receivables": float(receivables),
                "sales": float(sales),
                "dso": float(value) if value is not None else None,
            }
        return result

    # ---- The customer's recovery page (portal) ----
    debt_recovery_portal_link_days = fields.Integer(
        string="Recovery page links valid for (days)",
        default=90,
        help="A link to the customer's recovery page, printed in a reminder, "
        "a letter or a statement, works for this many days after it was "
        "issued; a new one is issued when it is half used.",
    )
    debt_recovery_portal_promise_days = fields.Integer(
        string="Promise to pay online: at most (days)",
        default=30,
        help="On its recovery page a customer may promise to pay by a date at "
        "most this many days ahead.",
    )
    debt_recovery_portal_plan_max_months = fields.Integer(
        string="Plans asked online: at most (months)",
        default=6,
        help="An installment plan asked for on the recovery page within these "
        "rules is proposed for signature at once; otherwise a recovery "
        "manager approves it first.",
    )
    debt_recovery_portal_plan_min_amount = fields.Monetary(
        string="Plans asked online: smallest installment",
        currency_field="currency_id",
        default=100.0,
    )
    debt_recovery_portal_plan_first_days = fields.Integer(
        string="Plans asked online: first installment within (days)",
        default=30,
    )

    @api.constrains(
        "debt_recovery_portal_link_days",
        "debt_recovery_portal_promise_days",
        "debt_recovery_portal_plan_max_months",
        "debt_recovery_portal_plan_first_days",
    )
    def _check_debt_recovery_portal_days(self):
        for company in self:
            if (
                min(
                    company.debt_recovery_portal_link_days,
                    company.debt_recovery_portal_promise_days,
                    company.debt_recovery_portal_plan_max_months,
                    company.debt_recovery_portal_plan_first_days,
                )
                < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The recovery page's periods (link, promise, plan) must be "
                        "at least 1."
                    )
                )

    # ---- Prevention on the sales side (tools/prepayment.py) ----
    debt_recovery_prepayment_rule = fields.Boolean(
        string="Prepayment for customers at risk",
        help="New quotations of a customer at risk (the criteria below) ask "
        "for a prepayment through the online payment of quotations, and "
        "cannot be confirmed before it is paid unless a user allowed to "
        "confirm orders of suspended customers waives it with a reason.",
    )
    debt_recovery_prepayment_score = fields.Boolean(
        string="At risk: payer score D", default=True
    )
    debt_recovery_prepayment_suspension = fields.Boolean(
        string="At risk: suspended for non-payment now or in the last 12 months",
        default=True,
    )
    debt_recovery_prepayment_notice = fields.Boolean(
        string="At risk: formal notice sent in the last 12 months", default=True
    )
    debt_recovery_prepayment_procedure = fields.Boolean(
        string="At risk: open collective procedure", default=True
    )
    debt_recovery_prepayment_percent = fields.Float(
        string="Prepayment asked",
        default=0.3,
        help="Share of the quotation's total the customer at risk pays online "
        "before the order is confirmed: a deposit (e.g. 30 %), or 100 % to be "
        "paid in full in advance.",
    )

    @api.constrains("debt_recovery_prepayment_percent")
    def _check_debt_recovery_prepayment_percent(self):
        for company in self:
            if not prepayment_tools.check_percent(
                company.debt_recovery_prepayment_percent
            ):
                raise ValidationError(
                    self.env._(
                        "The prepayment asked of customers at risk must be a share "
                        "of the quotation above zero and at most its whole total."
                    )
                )

    def _debt_recovery_risk_settings(self):
        """The company's rule of customers at risk, for tools/prepayment.py."""
        self.ensure_one()
        return prepayment_tools.RiskSettings(
            enabled=self.debt_recovery_prepayment_rule,
            score=self.debt_recovery_prepayment_score,
            suspension=self.debt_recovery_prepayment_suspension,
            notice=self.debt_recovery_prepayment_notice,
            procedure=self.debt_recovery_prepayment_procedure,
        )
