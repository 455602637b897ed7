"""The recovery settings of the current company, in Settings > Accounting."""

from odoo import api, fields, models

from .. import services
from ..services import postal
from ..tools import rates as rate_tools
from ..tools.registries import address as address_tools
from .debt_recovery_postal import PARAM, PROVIDER_KEYS, _provider_selection
from .debt_recovery_registry_check import DEFAULT_MAX_AGE_DAYS, PARAM_PREFIX


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debt_recovery_min_amount = fields.Monetary(
        related="company_id.debt_recovery_min_amount", readonly=False
    )
    debt_recovery_excluded_journal_ids = fields.Many2many(
        related="company_id.debt_recovery_excluded_journal_ids", readonly=False
    )
    debt_recovery_signatory_id = fields.Many2one(
        related="company_id.debt_recovery_signatory_id", readonly=False
    )
    debt_recovery_signatory_function = fields.Char(
        related="company_id.debt_recovery_signatory_function", readonly=False
    )
    debt_recovery_legal_form = fields.Char(
        related="company_id.debt_recovery_legal_form", readonly=False
    )
    debt_recovery_rcs = fields.Char(
        related="company_id.debt_recovery_rcs", readonly=False
    )
    debt_recovery_agency_mode = fields.Boolean(
        related="company_id.debt_recovery_agency_mode", readonly=False
    )
    debt_recovery_agency_partner_id = fields.Many2one(
        related="company_id.debt_recovery_agency_partner_id", readonly=False
    )
    debt_recovery_agency_claim_basis = fields.Char(
        related="company_id.debt_recovery_agency_claim_basis", readonly=False
    )

    debt_recovery_rate_mode = fields.Selection(
        related="company_id.debt_recovery_rate_mode", readonly=False
    )
    debt_recovery_contractual_rate = fields.Float(
        related="company_id.debt_recovery_contractual_rate", readonly=False
    )
    debt_recovery_indemnity_amount = fields.Monetary(
        related="company_id.debt_recovery_indemnity_amount"
    )
    debt_recovery_notice_days = fields.Integer(
        related="company_id.debt_recovery_notice_days", readonly=False
    )
    debt_recovery_prescription_warning_days = fields.Integer(
        related="company_id.debt_recovery_prescription_warning_days", readonly=False
    )
    debt_recovery_plan_grace_days = fields.Integer(
        related="company_id.debt_recovery_plan_grace_days", readonly=False
    )
    debt_recovery_plan_consumer_notice_days = fields.Integer(
        related="company_id.debt_recovery_plan_consumer_notice_days", readonly=False
    )
    debt_recovery_supplies_water = fields.Boolean(
        related="company_id.debt_recovery_supplies_water", readonly=False
    )
    debt_recovery_supplies_energy = fields.Boolean(
        related="company_id.debt_recovery_supplies_energy", readonly=False
    )
    debt_recovery_supplies_telecom = fields.Boolean(
        related="company_id.debt_recovery_supplies_telecom", readonly=False
    )
    debt_recovery_notice_unclaimed_start = fields.Selection(
        related="company_id.debt_recovery_notice_unclaimed_start", readonly=False
    )
    debt_recovery_missing_rates = fields.Text(compute="_compute_debt_recovery_warnings")
    debt_recovery_missing_mentions = fields.Text(
        compute="_compute_debt_recovery_warnings"
    )

    # ---- Public registries (models/debt_recovery_registry_check.py) ----
    # Shared by the companies: ir.config_parameter. Each service: on/off,
    # endpoint, timeout in seconds (short: a registry never stalls a step).
    debt_recovery_registry_ecb_enabled = fields.Boolean(
        string="ECB rate updater", config_parameter=f"{PARAM_PREFIX}ecb_enabled"
    )
    debt_recovery_registry_ecb_url = fields.Char(
        string="ECB endpoint",
        config_parameter=f"{PARAM_PREFIX}ecb_url",
        default=services.ecb.DEFAULT_URL,
    )
    debt_recovery_registry_ecb_timeout = fields.Integer(
        string="ECB timeout (s)",
        config_parameter=f"{PARAM_PREFIX}ecb_timeout",
        default=10,
    )
    debt_recovery_registry_sirene_enabled = fields.Boolean(
        string="Company status (SIRENE)",
        config_parameter=f"{PARAM_PREFIX}sirene_enabled",
    )
    debt_recovery_registry_sirene_url = fields.Char(
        string="Company directory endpoint",
        config_parameter=f"{PARAM_PREFIX}sirene_url",
        default=services.sirene.DEFAULT_URL,
    )
    debt_recovery_registry_sirene_timeout = fields.Integer(
        string="Company directory timeout (s)",
        config_parameter=f"{PARAM_PREFIX}sirene_timeout",
        default=5,
    )
    debt_recovery_registry_bodacc_enabled = fields.Boolean(
        string="Collective procedures (BODACC)",
        config_parameter=f"{PARAM_PREFIX}bodacc_enabled",
    )
    debt_recovery_registry_bodacc_url = fields.Char(
        string="BODACC endpoint",
        config_parameter=f"{PARAM_PREFIX}bodacc_url",
        default=services.bodacc.DEFAULT_URL,
    )
    debt_recovery_registry_bodacc_timeout = fields.Integer(
        string="BODACC timeout (s)",
        config_parameter=f"{PARAM_PREFIX}bodacc_timeout",
        default=5,
    )
    debt_recovery_registry_address_enabled = fields.Boolean(
        string="Letter address (Base Adresse Nationale)",
        config_parameter=f"{PARAM_PREFIX}address_enabled",
    )
    debt_recovery_registry_address_url = fields.Char(
        string="Address endpoint",
        config_parameter=f"{PARAM_PREFIX}address_url",
        default=services.address.DEFAULT_URL,
    )
    debt_recovery_registry_address_timeout = fields.Integer(
        string="Address timeout (s)",
        config_parameter=f"{PARAM_PREFIX}address_timeout",
        default=5,
    )
    debt_recovery_registry_address_min_score = fields.Float(
        string="Minimum address score",
        config_parameter=f"{PARAM_PREFIX}address_min_score",
        default=address_tools.DEFAULT_MIN_SCORE,
        help="Under this score (0 to 1) of the Base Adresse Nationale, the "
        "address of a registered letter is deemed unknown and the formal "
        "notice is not validated.",
    )
    debt_recovery_registry_max_age_days = fields.Integer(
        string="Checks valid for (days)",
        config_parameter=f"{PARAM_PREFIX}max_age_days",
        default=DEFAULT_MAX_AGE_DAYS,
        help="A registry check younger than this is not repeated before a "
        "formal notice or a litigation hand-over (the customer's button "
        "always checks again).",
    )

    @api.depends("company_id")
    def _compute_debt_recovery_warnings(self):
        missing = self.env["debt.recovery.rate"].sudo()._missing_half_years()
        labels = dict(
            self.env["debt.recovery.rate"]
            ._fields["series"]
            ._description_selection(self.env)
        )
        rates_text = "\n".join(
            self.env._(
                "%(series)s: %(half_years)s",
                series=labels[series],
                half_years=", ".join(rate_tools.half_year_label_fr(d) for d in dates),
            )
            for series, dates in missing.items()
        )
        for settings in self:
            settings.debt_recovery_missing_rates = rates_text or False
            settings.debt_recovery_missing_mentions = (
                settings.company_id._debt_recovery_missing_invoice_mentions() or False
            )

    def action_open_debt_recovery_rates(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_rate_action"
        )

    def action_open_debt_recovery_levels(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_level_action"
        )

    # ---- The customer's recovery page (portal) ----
    debt_recovery_portal_link_days = fields.Integer(
        related="company_id.debt_recovery_portal_link_days", readonly=False
    )
    debt_recovery_portal_promise_days = fields.Integer(
        related="company_id.debt_recovery_portal_promise_days", readonly=False
    )
    debt_recovery_portal_plan_max_months = fields.Integer(
        related="company_id.debt_recovery_portal_plan_max_months", readonly=False
    )
    debt_recovery_portal_plan_min_amount = fields.Monetary(
        related="company_id.debt_recovery_portal_plan_min_amount", readonly=False
    )
    debt_recovery_portal_plan_first_days = fields.Integer(
        related="company_id.debt_recovery_portal_plan_first_days", readonly=False
    )

    # ---- Prevention on the sales side ----
    debt_recovery_prepayment_rule = fields.Boolean(
        related="company_id.debt_recovery_prepayment_rule", readonly=False
    )
    debt_recovery_prepayment_score = fields.Boolean(
        related="company_id.debt_recovery_prepayment_score", readonly=False
    )
    debt_recovery_prepayment_suspension = fields.Boolean(
        related="company_id.debt_recovery_prepayment_suspension", readonly=False
    )
    debt_recovery_prepayment_notice = fields.Boolean(
        related="company_id.debt_recovery_prepayment_notice", readonly=False
    )
    debt_recovery_prepayment_procedure = fields.Boolean(
        related="company_id.debt_recovery_prepayment_procedure", readonly=False
    )
    debt_recovery_prepayment_percent = fields.Float(
        related="company_id.debt_recovery_prepayment_percent", readonly=False
    )

    # ---- Postal providers (system settings) ----
    """The postal providers' settings: system parameters, shown to the
    Settings group only (the credentials never leave it)."""

    debt_recovery_postal_provider_lrar = fields.Selection(
        _provider_selection(postal.base.SERVICE_LRAR),
        string="Registered letters by post",
        config_parameter=PROVIDER_KEYS[postal.base.SERVICE_LRAR],
        groups="base.group_system",
    )
    debt_recovery_postal_provider_lre = fields.Selection(
        _provider_selection(postal.base.SERVICE_LRE),
        string="Electronic registered letters",
        config_parameter=PROVIDER_KEYS[postal.base.SERVICE_LRE],
        groups="base.group_system",
    )
    debt_recovery_postal_provider_letter = fields.Selection(
        _provider_selection(postal.base.SERVICE_LETTER),
        string="Ordinary letters",
        config_parameter=PROVIDER_KEYS[postal.base.SERVICE_LETTER],
        groups="base.group_system",
    )
    debt_recovery_postal_production = fields.Boolean(
        string="Production (real letters, charged)",
        config_parameter=PARAM + "production",
        groups="base.group_system",
        help="Off: the providers' sandboxes, nothing is posted or charged.",
    )
    debt_recovery_postal_maileva_client_id = fields.Char(
        string="Maileva client id",
        config_parameter=PARAM + "maileva.client_id",
        groups="base.group_system",
    )
    debt_recovery_postal_maileva_client_secret = fields.Char(
        string="Maileva client secret",
        config_parameter=PARAM + "maileva.client_secret",
        groups="base.group_system",
    )
    debt_recovery_postal_maileva_login = fields.Char(
        string="Maileva login",
        config_parameter=PARAM + "maileva.login",
        groups="base.group_system",
    )
    debt_recovery_postal_maileva_password = fields.Char(
        string="Maileva password",
        config_parameter=PARAM + "maileva.password",
        groups="base.group_system",
    )
    debt_recovery_postal_ar24_token = fields.Char(
        string="AR24 token",
        config_parameter=PARAM + "ar24.token",
        groups="base.group_system",
    )
    debt_recovery_postal_ar24_private_key = fields.Char(
        string="AR24 private key",
        config_parameter=PARAM + "ar24.private_key",
        groups="base.group_system",
    )
    debt_recovery_postal_ar24_user_id = fields.Char(
        string="AR24 sender user id",
        config_parameter=PARAM + "ar24.user_id",
        groups="base.group_system",
    )
    debt_recovery_postal_price_lrar = fields.Float(
        string="Price of a registered letter (EUR)",
        config_parameter=PARAM + "price_lrar",
        groups="base.group_system",
    )
    debt_recovery_postal_price_lre = fields.Float(
        string="Price of an electronic registered letter (EUR)",
        config_parameter=PARAM + "price_lre",
        groups="base.group_system",
    )
    debt_recovery_postal_price_letter = fields.Float(
        string="Price of an ordinary letter (EUR)",
        config_parameter=PARAM + "price_letter",
        groups="base.group_system",
    )
    debt_recovery_postal_daily_cap = fields.Integer(
        string="Automatic sendings per day",
        config_parameter=PARAM + "daily_cap",
        default=50,
        groups="base.group_system",
        help="Most letters the rungs set to post automatically send in one day, "
        "per company: a runaway configuration stops there.",
    )
    debt_recovery_postal_webhook_url = fields.Char(
        string="Webhook address",
        compute="_compute_debt_recovery_postal_webhook_url",
        groups="base.group_system",
        help="Give this address to the provider (replace {provider} by maileva "
        "or ar24): it carries the company's secret.",
    )

    @api.depends("company_id")
    def _compute_debt_recovery_postal_webhook_url(self):
        Mixin = self.env["debt.recovery.notice"]
        for settings in self:
            settings.debt_recovery_postal_webhook_url = Mixin._postal_webhook_url(
                settings.company_id, "{provider}"
            )
