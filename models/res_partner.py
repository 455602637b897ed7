"""What the addon adds to customers (``res.partner``).

Sections, in this order:

- recovery status and settings of the customer;
- suspension for non-payment (Code civil art. 1219 and 1220): its fields,
  who may write them and the managers' override (the automatic rule and its
  notices: models/debt_recovery_suspension.py);
- letters: account statement and suspension / service-resumed letters;
- formal notices and litigation files;
- installment plans;
- what the worklist (models/debt_recovery_worklist.py), the processing
  wizard and the customer page look up on customers.
"""

import logging

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, format_date, format_list

from ..tools import (
    pdf_batch,
    public_buyers,
    suspension_rules,
)
from .debt_recovery_document import MANAGER_GROUP, USER_GROUP
from .debt_recovery_payer_score import GRADE_SELECTION

_logger = logging.getLogger(__name__)


# ---- Company rules ----
# Who may write the recovery fields of a customer (``_recovery_check_rights``).
# The status of the customer in the current company: written only by the
# daily job and the payments (``debt.recovery.customer.status._refresh``, in SQL), never by
# hand, whatever the user's rights.
REFRESHED_FIELDS = (
    "recovery_overdue_amount",
    "recovery_level_id",
    "recovery_next_date",
    "recovery_oldest_due_date",
    # The payer score (models/debt_recovery_payer_score.py), same writers.
    "recovery_payer_grade",
)
# How the customer is followed (the responsible per company, the channel and
# the customer type shared): recovery users only.
FOLLOW_UP_FIELDS = (
    "recovery_user_id",
    "recovery_letter_channel",
    "recovery_customer_type",
    "recovery_pre_due_reminder",
)
# The collective procedure is a fact about the debtor, the same for all its
# creditors (it stops every company's claim: Code de commerce art. L622-7,
# L622-21 and L641-3): shared, recorded or lifted by a recovery manager of
# any company, and logged with that company.
PROCEDURE_FIELDS = (
    "recovery_collective_procedure",
    "recovery_collective_procedure_date",
    "recovery_collective_procedure_type",
    "recovery_collective_procedure_publication_date",
    "recovery_collective_procedure_representative_id",
)


# ---- Suspension ----
OVERRIDE_FIELDS = (
    "recovery_suspension_override",
    "recovery_allow_until",
    "recovery_override_reason",
    "recovery_proportionality_note",
)
STATUS_FIELDS = (
    "recovery_suspended",
    "recovery_suspended_since",
    "recovery_suspended_by_id",
    "recovery_suspension_reason",
    "recovery_suspension_lifted_on",
)
# Every field of the suspension: written only by the suspension rule
# (models/debt_recovery_suspension.py: the daily job, the re-examination after
# a payment) and by the managers' override wizard
# (wizards/debt_recovery_suspension_override.py), see
# ``_recovery_check_suspension_write``.
GUARDED_FIELDS = (
    *STATUS_FIELDS,
    *OVERRIDE_FIELDS,
    "recovery_override_user_id",
    "recovery_override_date",
)
# Context keys of the two writers of the suspension fields, honoured only in
# a superuser environment: the suspension rule, and the override wizard once
# it checked that its user is a recovery manager.
INTERNAL_CONTEXT_KEY = "debt_recovery_suspension_internal"
OVERRIDE_WIZARD_CONTEXT_KEY = "debt_recovery_suspension_override_wizard"
# Context key of the contact merge (wizards/base_partner_merge_automatic_wizard.py):
# the suspension fields among the values it copies are left out.
MERGE_CONTEXT_KEY = "debt_recovery_suspension_merge"


class ServerOnly:
    """The value of these context keys: a class, which a client's context
    (JSON) can never hold. A client sending the key with ``true`` reaches
    server code that switches to superuser with the client's context (a
    button writing in sudo): only ``value is ServerOnly`` is honoured."""


def server_only(context, key):
    """Whether server code set ``key`` in ``context``."""
    return context.get(key) is ServerOnly


# ---- Letters ----
PARTNER_KINDS = ("releve_compte", "suspension", "reprise_service")
REFERENCE_PREFIXES = {
    "releve_compte": "RC",
    "suspension": "SUS",
    "reprise_service": "REP",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Recovery status and settings
    # ------------------------------------------------------------------

    # Recovery status of the commercial entity, per company (refreshed by the
    # daily job and when invoices are paid).
    recovery_overdue_amount = fields.Float(
        string="Overdue amount",
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="Customer invoices past their due date and still unpaid, in the "
        "company currency, at the last refresh.",
    )
    recovery_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Highest recovery level",
        company_dependent=True,
        readonly=True,
    )
    recovery_next_date = fields.Date(
        string="Next recovery step", company_dependent=True, readonly=True
    )
    recovery_oldest_due_date = fields.Date(
        string="Oldest overdue due date", company_dependent=True, readonly=True
    )
    recovery_user_id = fields.Many2one(
        "res.users",
        string="Recovery responsible",
        company_dependent=True,
        help="Receives the phone-call and validation activities for this customer. "
        "Defaults to the salesperson.",
    )
    # Shared by all the companies (PROCEDURE_FIELDS): see the company rules.
    recovery_collective_procedure = fields.Boolean(
        string="Collective procedure",
        help="Safeguard, receivership, liquidation or professional recovery: the "
        "invoices for goods delivered or work done before the opening judgment "
        "leave the ladder and are declared to the court-appointed "
        "representative, with their penalties to the day before the opening; "
        "they can no longer suspend the customer (art. L622-13 Code de "
        "commerce). Later supplies are chased as usual. Shared by all the "
        "companies and recorded by a recovery manager.",
        copy=False,
        tracking=True,
    )
    recovery_collective_procedure_date = fields.Date(
        string="Procedure opened on",
        copy=False,
        tracking=True,
        help="Date of the opening judgment. A claim is dated by the delivery or "
        "completion date of the invoice (else its invoice date). Penalties of "
        "the claims born before it stop the day before (art. L622-28 Code de "
        "commerce); claims born that day or later are paid at their due date "
        "and stay on the ladder (art. L622-17).",
    )
    # Collective procedures: filled by hand or from the BODACC.
    recovery_collective_procedure_type = fields.Selection(
        [
            ("safeguard", "Safeguard"),
            ("receivership", "Receivership"),
            ("liquidation", "Liquidation"),
            ("professional_recovery", "Professional recovery"),
        ],
        string="Procedure type",
        copy=False,
        tracking=True,
        help="Safeguard and receivership: the claim is declared to the "
        "mandataire judiciaire; liquidation: to the liquidator; professional "
        "recovery: the amount is sent to the mandataire judiciaire on his "
        "request.",
    )
    recovery_collective_procedure_publication_date = fields.Date(
        string="Published in the BODACC on",
        copy=False,
        tracking=True,
        help="The deadlines run from this publication: declaration of claim 2 "
        "months (4 for a creditor outside the court's territory, art. R622-24 "
        "Code de commerce), claim of goods under retention of title 3 months "
        "(L624-9), relief from foreclosure 6 months (L622-26).",
    )
    recovery_collective_procedure_representative_id = fields.Many2one(
        "res.partner",
        string="Mandataire / liquidator",
        copy=False,
        tracking=True,
        help="The court-appointed representative to whom the claim is declared: "
        "the mandataire judiciaire, or the liquidator in a liquidation.",
    )
    # Public registries (models/debt_recovery_registry_check.py).
    recovery_registry_check_ids = fields.One2many(
        "debt.recovery.registry.check",
        "partner_id",
        string="Public registry checks",
        readonly=True,
    )
    recovery_letter_channel = fields.Selection(
        [("email", "Email"), ("post", "Post"), ("both", "Email and post")],
        string="Reminder channel",
        default="email",
        help="How this customer receives recovery letters.",
    )
    recovery_pre_due_reminder = fields.Boolean(
        string="Reminder before due date",
        help="This customer gets an email a few days before each invoice falls "
        "due, when the company has a reminder before the due date (a step with a "
        "negative delay).",
    )
    recovery_customer_type = fields.Selection(
        [
            ("auto", "Automatic"),
            ("b2b", "Professional"),
            ("b2c", "Consumer"),
            ("public", "Public buyer"),
        ],
        string="Customer type",
        default="auto",
        help="Professionals owe late-payment penalties and the 40 € indemnity; "
        "consumers owe only legal interest after a formal notice. Automatic: "
        "a company is a professional, an individual a consumer, a customer "
        "invoiced through Chorus Pro (when the Chorus module is installed) a "
        "public buyer. Public buyer (State, local authority, public hospital...): interest at the ECB "
        "rate of the half-year the delay started + 8 points (art. R2192-31 "
        "Code de la commande publique) and the 40 € indemnity (art. D2192-35); "
        "no forced execution.",
    )
    recovery_is_consumer = fields.Boolean(
        string="Consumer", compute="_compute_recovery_is_consumer"
    )
    # The kind of public buyer decides its regulated payment period (CCP
    # R2192-10, R2192-11), its prescription (loi n° 68-1250, déchéance
    # quadriennale, for public persons) and the route to court (a public
    # undertaking organised as a company is a private person): see
    # tools/public_buyers.py.
    recovery_public_kind = fields.Selection(
        [
            (
                public_buyers.STATE_LOCAL,
                "State, local authority or administrative public body",
            ),
            (public_buyers.HEALTH, "Public health establishment"),
            (public_buyers.EPIC, "Industrial and commercial public body (EPIC)"),
            (public_buyers.COMPANY, "Public undertaking organised as a company"),
        ],
        string="Kind of public buyer",
        help="Empty: treated as the State or a local authority, and the "
        "litigation file asks to check it (a customer recognised from Chorus Pro "
        "may be a public undertaking organised as a company). State, local authority or administrative public body: 30 days "
        "(art. R2192-10 Code de la commande publique), tribunal administratif, "
        "no enforcement. Public health establishment: 50 days (art. R2192-11). "
        "Industrial and commercial public body (EPIC): 60 days (art. R2192-11; "
        "30 days for a local one), ordinary courts for its private-law "
        "contracts, its property cannot be seized. Public undertaking organised "
        "as a company (SA, SEM, SPL): 60 days, commercial court, order for "
        "payment and enforcement as for any company.",
    )
    recovery_public_payment_days = fields.Integer(
        string="Regulated payment period (days)",
        compute="_compute_recovery_public_payment_days",
        store=True,
        readonly=False,
        help="The longest payment period the public buyer may have (art. "
        "L2192-10 Code de la commande publique), counted from the receipt of "
        "the payment request. Interest runs from the day after the earlier of "
        "the invoice's due date and this period's end. Set by the kind of "
        "public buyer; change it for a local EPIC (30 days).",
    )
    # For the litigation side (routes of a public debtor: no enforcement, a
    # claim to the public accountant, then the administrative judge).
    recovery_is_public_buyer = fields.Boolean(
        string="Public buyer", compute="_compute_recovery_is_consumer"
    )

    @api.depends(
        "recovery_customer_type", "is_company", "commercial_partner_id.is_company"
    )
    def _compute_recovery_is_consumer(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            kind = commercial.recovery_customer_type or "auto"
            if kind == "auto" and commercial._recovery_looks_public():
                kind = "public"
            if kind == "auto":
                partner.recovery_is_consumer = not commercial.is_company
            else:
                partner.recovery_is_consumer = kind == "b2c"
            partner.recovery_is_public_buyer = kind == "public"

    @api.depends("recovery_public_kind")
    def _compute_recovery_public_payment_days(self):
        for partner in self:
            partner.recovery_public_payment_days = public_buyers.regulated_days(
                partner.recovery_public_kind
            )

    @api.constrains("recovery_public_payment_days")
    def _check_recovery_public_payment_days(self):
        for partner in self:
            if partner.recovery_public_payment_days <= 0:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: the regulated payment period of a public "
                        "buyer is a number of days greater than zero (30, 50 or "
                        "60 days, art. R2192-10 and R2192-11 Code de la commande "
                        "publique).",
                        partner=partner.display_name,
                    )
                )

    def _recovery_looks_public(self):
        """The customer's Chorus Pro data (OCA l10n_fr_chorus_account, when
        installed) says it is a public buyer: see tools/public_buyers.py."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return public_buyers.looks_like_public_buyer(
            commercial["fr_chorus_required"]
            if "fr_chorus_required" in self._fields
            else None,
            commercial["fr_chorus_identifier"]
            if "fr_chorus_identifier" in self._fields
            else None,
        )

    def action_view_recovery_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_action_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _recovery_assigned_user(self):
        """The customer's recovery responsible in the current company, or else
        its salesperson; empty when neither is set (the worklist's
        "Responsible" column)."""
        self.ensure_one()
        return self.recovery_user_id or self.user_id

    def _recovery_responsible(self, company_id):
        """User who follows this customer's recovery in ``company_id``: the
        assigned user, or else the company's letter signatory, or else the
        current user."""
        self.ensure_one()
        partner = self.with_company(company_id)
        return (
            partner._recovery_assigned_user()
            or partner.env["res.company"].browse(company_id).debt_recovery_signatory_id
            or self.env.user
        )

    # ---- Company rules ----

    def _recovery_check_rights(self, vals):
        """Refuse the recovery fields of ``vals`` that the current user may
        not write on these customers (``self``; a new customer when empty):

        - the status in the company (``REFRESHED_FIELDS``): nobody but the
          daily job;
        - how the customer is followed (``FOLLOW_UP_FIELDS``): recovery
          users. The responsible is per company: a user writes the value of
          the company he works in (``env.company``, which Odoo keeps among
          his allowed companies), never another company's;
        - the collective procedure (``PROCEDURE_FIELDS``): recovery managers.

        Contacts take these fields from their company (commercial fields):
        only customers themselves are checked, and only for values that
        change. Returns the customers whose collective procedure changes.
        """
        if self.env.su:
            return self.browse()
        refreshed = [name for name in REFRESHED_FIELDS if name in vals]
        if refreshed:
            raise AccessError(
                self.env._(
                    "%(fields)s of a customer is computed by the daily recovery job "
                    "from the invoices: it cannot be written by hand.",
                    fields=format_list(
                        self.env, [self._fields[n].string for n in refreshed]
                    ),
                )
            )
        customers = self.filtered(lambda p: p == p.commercial_partner_id)

        def changes(customer, name):
            field = self._fields[name]
            value = field.convert_to_cache(vals[name], customer)
            return customer[name] != field.convert_to_record(value, customer)

        def changed(names):
            names = [name for name in names if name in vals]
            if not self:  # a new customer
                return names
            return [name for name in names if any(changes(c, name) for c in customers)]

        follow_up = changed(FOLLOW_UP_FIELDS)
        if follow_up and not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                self.env._(
                    "Only debt recovery users can change %(fields)s of a customer.",
                    fields=format_list(
                        self.env, [self._fields[n].string for n in follow_up]
                    ),
                )
            )
        if not changed(PROCEDURE_FIELDS):
            return self.browse()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a debt recovery manager can record or lift a customer's "
                    "collective procedure: it stops the recovery in every company."
                )
            )
        return customers.filtered(
            lambda c: any(changes(c, n) for n in PROCEDURE_FIELDS if n in vals)
        )

    def action_recovery_declare_claim(self):
        """Declaration of claim (Code de commerce L622-24): a draft
        litigation file of the current company per currency, with the
        customer's open invoices dated before the opening judgment, their
        penalties to the day before it and their indemnities; the deadlines
        as activities. An existing draft declaration is opened instead."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a recovery manager can declare a claim.")
            )
        partner = self.commercial_partner_id
        if not partner.recovery_collective_procedure:
            raise UserError(
                self.env._(
                    "%(customer)s is not under a collective procedure: record the "
                    "procedure (opening judgment date, type, BODACC publication) "
                    "first.",
                    customer=partner.display_name,
                )
            )
        Case = self.env["debt.recovery.case"]
        company = self.env.company
        drafts = Case.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("state", "=", "draft"),
                ("route", "=", "claim_declaration"),
            ]
        )
        if drafts:
            return drafts._recovery_open_action()
        Move = self.env["account.move"]
        invoices = Move.search(
            [
                *Move._recovery_open_domain(),
                ("company_id", "=", company.id),
                ("commercial_partner_id", "=", partner.id),
            ]
        ).filtered(lambda m: m._recovery_frozen_by_procedure())
        if not invoices:
            raise UserError(
                self.env._(
                    "%(customer)s has no unpaid invoice dated before the opening "
                    "judgment in %(company)s: there is nothing to declare.",
                    customer=partner.display_name,
                    company=company.name,
                )
            )
        today = fields.Date.context_today(self)
        cases = Case.create(
            [
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "user_id": self.env.user.id,
                    "invoice_ids": [Command.set(moves.ids)],
                    "date": today,
                }
                for moves in invoices.grouped("currency_id").values()
            ]
        )
        cases._compute_amounts(today)
        cases._suggest_route()
        return cases._recovery_open_action()

    def _recovery_log_collective_procedure(self):
        """A note on each customer: the collective procedure recorded or
        lifted, by whom and in which company, for every company."""
        company = self.env.company
        for partner in self:
            if partner.recovery_collective_procedure:
                body = self.env._(
                    "Collective procedure recorded by %(user)s (%(company)s): the "
                    "invoices dated before the opening judgment leave the ladder in "
                    "every company, their penalties stop the day before it; each "
                    "company declares them to the court-appointed representative. "
                    "Invoices dated from the opening on are chased as usual.",
                    user=self.env.user.name,
                    company=company.name,
                )
            else:
                body = self.env._(
                    "Collective procedure lifted by %(user)s (%(company)s): the "
                    "recovery resumes in every company.",
                    user=self.env.user.name,
                    company=company.name,
                )
            partner.message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            *PROCEDURE_FIELDS,
            "recovery_letter_channel",
            "recovery_customer_type",
            "recovery_pre_due_reminder",
            "recovery_bounced_email",
        ]

    # ------------------------------------------------------------------
    # Suspension for non-payment
    # ------------------------------------------------------------------

    # Suspension status of the commercial entity, per company (a customer
    # suspended in company A can still buy from company B). Stored in the
    # jsonb columns of company-dependent fields: searchable for the current
    # company, maintained by the suspension rule (``debt.recovery.suspension``,
    # models/debt_recovery_suspension.py). No ``groups`` on
    # the flag, its date and its reason: sales staff must see them; they
    # cannot write any of these fields (``_recovery_check_suspension_write``).
    recovery_suspended = fields.Boolean(
        string="Suspended for non-payment",
        company_dependent=True,
        readonly=True,
        help="No new sale order can be confirmed for this customer without a "
        "manager's override (Code civil art. 1219). Set automatically when an "
        "unpaid invoice reaches a recovery step that suspends service, lifted "
        "when it is paid, unless a manager overrides it.",
    )
    recovery_suspended_since = fields.Datetime(
        string="Suspended since", company_dependent=True, readonly=True
    )
    recovery_suspended_by_id = fields.Many2one(
        "res.users",
        string="Suspended by",
        company_dependent=True,
        readonly=True,
        groups=USER_GROUP,
        help="Manager who forced the suspension; empty when it was decided by "
        "the automatic rule (daily recovery job or payment).",
    )
    recovery_suspension_reason = fields.Text(
        string="Suspension reason", company_dependent=True, readonly=True
    )
    # Kept when the suspension is lifted: a customer suspended in the last
    # 12 months is "at risk" for the sales side (tools/prepayment.py).
    recovery_suspension_lifted_on = fields.Datetime(
        string="Last suspension lifted on",
        company_dependent=True,
        readonly=True,
        copy=False,
    )
    # A manager's decision, which wins over the automatic rule: made through
    # the override wizard only (its reason is logged), hence readonly here.
    recovery_suspension_override = fields.Selection(
        [
            ("none", "None (automatic rule)"),
            ("suspend", "Force suspension"),
            ("allow", "Allow until"),
        ],
        string="Suspension override",
        company_dependent=True,
        readonly=True,
        groups=MANAGER_GROUP,
        help="Force suspension: the customer stays suspended whatever is paid. "
        "Allow until: the customer is not suspended until this date (included), "
        "then the automatic rule applies again.",
    )
    recovery_allow_until = fields.Date(
        string="Allowed until",
        company_dependent=True,
        readonly=True,
        groups=MANAGER_GROUP,
    )
    recovery_override_reason = fields.Text(
        string="Override reason",
        company_dependent=True,
        readonly=True,
        groups=MANAGER_GROUP,
    )
    # Printed in the suspension letter only when a manager assessed it
    # (Code civil 1219: the non-performance must be "suffisamment grave";
    # the letter claims no proportionality it did not check).
    recovery_proportionality_note = fields.Text(
        string="Proportionality assessed",
        company_dependent=True,
        readonly=True,
        groups=MANAGER_GROUP,
        help="How the manager who forced the suspension checked it is "
        "proportionate to the unpaid amount: printed in the suspension notice.",
    )
    recovery_suspension_basis = fields.Selection(
        [
            ("1219", "Art. 1219 Code civil: invoices due are unpaid"),
            ("1220", "Art. 1220 Code civil: anticipated non-payment"),
        ],
        string="Suspension basis",
        compute="_compute_recovery_suspension_basis",
        help="What a suspension in the current company rests on: unpaid invoices "
        "due (exception d'inexécution, art. 1219 Code civil), or, with nothing "
        "overdue, a non-payment that is manifest before its due date (art. 1220, "
        "notified as soon as possible).",
    )
    recovery_override_user_id = fields.Many2one(
        "res.users",
        string="Override decided by",
        company_dependent=True,
        readonly=True,
        groups=MANAGER_GROUP,
    )
    recovery_override_date = fields.Datetime(
        string="Override decided on",
        company_dependent=True,
        readonly=True,
        groups=MANAGER_GROUP,
    )

    @api.depends_context("company", "date")
    def _compute_recovery_suspension_basis(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        for partner in self:
            partner.recovery_suspension_basis = suspension_rules.suspension_basis(
                partner._recovery_has_unpaid_debt(company, today)
            )

    # ---- Who writes the suspension ----

    def _recovery_check_suspension_write(self, vals):
        """Refuse a write of the suspension fields from anywhere but its two
        writers, for every user (a salesperson may edit contacts, a recovery
        user or a manager may edit customers: none of them may suspend or
        restore a customer by hand):

        1. the suspension rule (``debt.recovery.suspension``: the daily job,
           the re-examination after a payment), superuser with
           ``INTERNAL_CONTEXT_KEY``;
        2. the override wizard of the recovery managers, which logs the
           reason: superuser with ``OVERRIDE_WIZARD_CONTEXT_KEY``, the
           override fields only, for a user of the manager group.

        Fields the user may not even read (the override, managers only) are
        refused by the ORM's own check first (AccessError).
        """
        touched = [name for name in GUARDED_FIELDS if name in vals]
        if not touched:
            return
        context = self.env.context
        if self.env.su:
            if server_only(context, INTERNAL_CONTEXT_KEY):
                return
            if (
                server_only(context, OVERRIDE_WIZARD_CONTEXT_KEY)
                and set(touched) <= set(OVERRIDE_FIELDS)
                and self.env.user.has_group(MANAGER_GROUP)
            ):
                return
        self.check_field_access_rights("write", touched)
        raise UserError(
            self.env._(
                "The suspension for non-payment cannot be changed by hand (%(fields)s). "
                "It is set by the daily recovery job from the unpaid invoices and "
                "lifted when they are paid; only a recovery manager can override "
                'it, with a reason that is logged, with the button "Override the '
                'suspension rule" of the customer.',
                fields=format_list(
                    self.env,
                    [
                        self._fields[name].get_description(self.env)["string"]
                        for name in touched
                    ],
                ),
            )
        )

    # ---- Create and write: the guards of the recovery fields, in order ----
    # 1. the suspension (``_recovery_check_suspension_write``): only the rule
    #    and the managers' override wizard;
    # 2. the company rules (``_recovery_check_rights``): status, follow-up,
    #    collective procedure;
    # then the override bookkeeping and the logs, after the core write.

    @api.model_create_multi
    def create(self, vals_list):
        # A new customer's channel and type (also those of a duplicated
        # customer) are free; its status, responsible and procedure are not.
        guarded = [*REFRESHED_FIELDS, "recovery_user_id", *PROCEDURE_FIELDS]
        for vals in vals_list:
            self._recovery_check_suspension_write(
                {
                    name: value
                    for name, value in vals.items()
                    if name in GUARDED_FIELDS and value not in (False, None, "none")
                }
            )
            if not vals.get("parent_id"):
                self._recovery_check_rights(
                    {name: vals[name] for name in guarded if vals.get(name)}
                )
        partners = super().create(vals_list)
        partners.filtered(
            lambda p: not p.parent_id and p.recovery_collective_procedure
        )._recovery_log_collective_procedure()
        return partners

    def write(self, vals):
        if server_only(self.env.context, MERGE_CONTEXT_KEY):
            # The merge copies the empty fields of the contact kept from
            # the merged ones: neither the suspension nor the status the
            # daily job computes is copied (both are computed again for
            # the merged customer, from its invoices).
            vals = {
                k: v
                for k, v in vals.items()
                if k not in GUARDED_FIELDS and k not in REFRESHED_FIELDS
            }
        self._recovery_check_suspension_write(vals)
        procedure_changed = self._recovery_check_rights(vals)
        bounced = (
            self.commercial_partner_id.filtered("recovery_bounced_email")
            if "email" in vals
            else self.browse()
        )
        override_changed = not server_only(
            self.env.context, INTERNAL_CONTEXT_KEY
        ) and any(name in vals for name in OVERRIDE_FIELDS)
        if override_changed:
            if vals.get("recovery_suspension_override", "x") in ("none", False):
                vals = {**vals, "recovery_allow_until": False}
            vals = {
                **vals,
                "recovery_override_user_id": self.env.uid,
                "recovery_override_date": fields.Datetime.now(),
            }
        res = super().write(vals)
        if bounced:
            self._recovery_bounce_fixed(vals, bounced)
        procedure_changed._recovery_log_collective_procedure()
        if procedure_changed:
            # The opening lifts a suspension resting on pre-opening invoices
            # (C. com. L622-13 I, L631-14, L641-11-1 I), in every company;
            # the procedure lifted, the rule applies again.
            self.env["debt.recovery.suspension"]._recovery_update(
                procedure_changed.filtered(lambda p: not p.parent_id)
            )
        if override_changed:
            self._recovery_check_override()
            self._recovery_log_override()
            # The manager has just given the reason: nothing to ask.
            self.env["debt.recovery.suspension"]._recovery_update(
                self, companies=self.env.company, reason_given=True
            )
        return res

    # ---- Manager's override ----

    def _recovery_check_override(self):
        for partner in self.sudo():
            mode = partner.recovery_suspension_override or "none"
            if mode == "none":
                continue
            if partner.parent_id:
                raise ValidationError(
                    self.env._(
                        "A suspension is decided for the customer company, not for "
                        "its contact %(contact)s: set it on %(company)s.",
                        contact=partner.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )
            if not (partner.recovery_override_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason of the suspension override of %(partner)s: it "
                        "is recorded in the customer's history.",
                        partner=partner.display_name,
                    )
                )
            if mode == "allow" and not partner.recovery_allow_until:
                raise ValidationError(
                    self.env._(
                        "Give the date until which %(partner)s may be sold to despite "
                        "the unpaid invoices.",
                        partner=partner.display_name,
                    )
                )

    def _recovery_log_override(self):
        company = self.env.company
        for partner in self.sudo():
            mode = partner.recovery_suspension_override or "none"
            if mode == "suspend":
                body = self.env._(
                    "Suspension forced in %(company)s by %(user)s. Reason: %(reason)s",
                    company=company.name,
                    user=self.env.user.name,
                    reason=partner.recovery_override_reason,
                )
            elif mode == "allow":
                body = self.env._(
                    "Sales allowed in %(company)s until %(date)s despite unpaid "
                    "invoices, by %(user)s. Reason: %(reason)s",
                    company=company.name,
                    date=format_date(self.env, partner.recovery_allow_until),
                    user=self.env.user.name,
                    reason=partner.recovery_override_reason,
                )
            else:
                body = self.env._(
                    "Suspension override removed in %(company)s by %(user)s: the "
                    "automatic rule applies.",
                    company=company.name,
                    user=self.env.user.name,
                )
            partner.message_post(body=body, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # Letters
    # ------------------------------------------------------------------

    # ---- Account statement, suspension and service-resumed letters ----

    def _recovery_letters(self, kind=None):
        """One letter per customer, in the current company, dated today: the
        account statement (``releve_compte``, its own letter), or the
        suspension / service-resumed notice."""
        self.env["debt.recovery.letter"]._letter_check_access(self)
        # Every internal user reads the contacts; these letters print the
        # customer's accounting in the current company: only for a user who
        # reads its journal items.
        self.env["account.move.line"].browse().check_access("read")
        if kind not in PARTNER_KINDS:
            kind = "releve_compte"
        builder = self.env["debt.recovery.letter"]
        company = self.env.company
        today = fields.Date.context_today(self)
        letters = []
        for partner in self.sudo():
            commercial = partner.commercial_partner_id
            recipient = partner.browse(commercial.address_get(["invoice"])["invoice"])
            reference = "%s-%s-%s" % (
                REFERENCE_PREFIXES[kind],
                today.strftime("%Y%m%d"),
                commercial.ref or commercial.id,
            )
            letter = builder._letter_base(kind, company, recipient, today, reference)
            if kind == "releve_compte":
                builder._letter_fill_statement(letter, commercial, company, today)
            else:
                self.env["debt.recovery.suspension"]._recovery_fill_letter(
                    partner, letter, company, today
                )
            letters.append(letter)
        return letters

    @api.model
    def _recovery_unpaid_debt_domain(self, today):
        """Open invoices that make a suspension rest on an unpaid debt (Code
        civil 1219): overdue, or at a recovery step that suspends service."""
        return [
            *self.env["account.move"]._recovery_open_domain(),
            "|",
            ("invoice_date_due", "<", today),
            ("recovery_level_id.suspend_service", "=", True),
        ]

    def _recovery_has_unpaid_debt(self, company, today):
        """An unpaid debt a suspension may rest on (Code civil 1219). The
        invoices frozen by a collective procedure are not one: the current
        contracts must go on although they are unpaid (C. com. L622-13 I,
        L631-14, L641-11-1 I)."""
        self.ensure_one()
        domain = [
            *self._recovery_unpaid_debt_domain(today),
            ("company_id", "=", company.id),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
        ]
        Move = self.env["account.move"].sudo()
        if not self.commercial_partner_id.sudo().recovery_collective_procedure:
            return bool(Move.search_count(domain, limit=1))
        return any(
            not move._recovery_frozen_by_procedure() for move in Move.search(domain)
        )

    # ---- Letters of the customer ----

    def _recovery_letter_filename(self, report):
        self.ensure_one()
        return pdf_batch.letter_filename(report.name, self.name)

    def _recovery_letter_failed(self, reason):
        """A notice letter that cannot be made is said on the customer."""
        for partner in self.sudo():
            partner.message_post(
                body=self.env._(
                    "The notice letter could not be made: %(error)s", error=reason
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_recovery_send_statement(self):
        """Email the account statement (PDF) to the customer, through the
        usual mail composer so that the text can be checked first."""
        self.ensure_one()
        template = self.env.ref("l10n_fr_debt_recovery.mail_template_statement")
        partner = self.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Email the statement"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": partner.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

    # ------------------------------------------------------------------
    # Formal notices and litigation files
    # ------------------------------------------------------------------

    recovery_notice_ids = fields.One2many(
        "debt.recovery.notice",
        "partner_id",
        string="Formal notices",
        readonly=True,
        groups=USER_GROUP,
    )
    recovery_case_ids = fields.One2many(
        "debt.recovery.case",
        "partner_id",
        string="Litigation files",
        readonly=True,
        groups=USER_GROUP,
    )
    recovery_notice_count = fields.Integer(
        compute="_compute_recovery_notice_count",
        groups=USER_GROUP,
    )
    recovery_case_count = fields.Integer(
        compute="_compute_recovery_notice_count",
        groups=USER_GROUP,
    )

    @api.depends("recovery_notice_ids", "recovery_case_ids")
    def _compute_recovery_notice_count(self):
        notices = self.env["debt.recovery.notice"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id"],
            ["__count"],
        )
        cases = self.env["debt.recovery.case"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id"],
            ["__count"],
        )
        notice_count = {partner.id: count for partner, count in notices}
        case_count = {partner.id: count for partner, count in cases}
        for partner in self:
            commercial = partner.commercial_partner_id.id
            partner.recovery_notice_count = notice_count.get(commercial, 0)
            partner.recovery_case_count = case_count.get(commercial, 0)

    def action_view_recovery_notices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_notice_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_view_recovery_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_case_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    # ---- Guarantees of the customer's debts (models/debt_recovery_guarantee.py)
    recovery_guarantee_count = fields.Integer(
        string="Guarantees",
        compute="_compute_recovery_guarantee_count",
        groups=USER_GROUP,
    )

    def _compute_recovery_guarantee_count(self):
        groups = self.env["debt.recovery.guarantee"]._read_group(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("state", "in", ("draft", "active")),
            ],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.recovery_guarantee_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    def action_view_recovery_guarantees(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_guarantee_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_create_recovery_notice(self):
        """A draft formal notice with the customer's overdue unpaid invoices."""
        self.ensure_one()
        partner = self.commercial_partner_id
        today = fields.Date.context_today(self)
        invoices = self.env["account.move"].search(
            [
                *self.env["account.move"]._recovery_open_domain(),
                ("company_id", "in", self.env.companies.ids),
                ("commercial_partner_id", "=", partner.id),
                ("invoice_date_due", "<", today),
            ]
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "%(customer)s has no overdue unpaid invoice to claim.",
                    customer=partner.display_name,
                )
            )
        invoices = invoices.filtered(
            lambda m: not any(n.state in n.OPEN_STATES for n in m.recovery_notice_ids)
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "The overdue invoices of %(customer)s are already in an open "
                    "formal notice.",
                    customer=partner.display_name,
                )
            )
        current = invoices.filtered(lambda m: m.company_id == self.env.company)
        return (current or invoices).action_create_recovery_notice()

    # ------------------------------------------------------------------
    # Installment plans
    # ------------------------------------------------------------------

    recovery_plan_count = fields.Integer(
        string="Installment plans",
        compute="_compute_recovery_plan_count",
        groups=USER_GROUP,
    )

    def _compute_recovery_plan_count(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["debt.recovery.plan"]._read_group(
                [("partner_id", "in", commercial.ids), ("state", "!=", "cancelled")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.recovery_plan_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_recovery_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_plan_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_new_recovery_plan(self):
        self.ensure_one()
        return self.env["debt.recovery.plan.wizard"]._recovery_open(self)

    # ------------------------------------------------------------------
    # Worklist
    # ------------------------------------------------------------------

    # The worklist itself is models/debt_recovery_worklist.py; what it, the
    # processing wizard and the customer page look up on customers.

    def _recovery_open_invoices(self, overdue_only=True):
        """Open customer invoices of these customers in the current company."""
        domain = [
            *self.env["account.move"]._recovery_open_domain(),
            ("company_id", "=", self.env.company.id),
            ("commercial_partner_id", "in", self.commercial_partner_id.ids),
        ]
        if overdue_only:
            domain.append(
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            )
        return self.env["account.move"].search(
            domain, order="invoice_date_due, name, id"
        )

    def _recovery_next_levels(self):
        """``{partner_id: level}``: next step of the invoice that reaches one
        first. One query."""
        if not self:
            return {}
        moves = self.env["account.move"].search(
            [
                *self.env["account.move"]._recovery_open_domain(),
                ("company_id", "=", self.env.company.id),
                ("commercial_partner_id", "in", self.ids),
                ("recovery_next_level_id", "!=", False),
            ],
            order="recovery_next_date, id",
        )
        result = {}
        for move in moves:
            result.setdefault(
                move.commercial_partner_id.id, move.recovery_next_level_id
            )
        return result

    def _recovery_exclusion_markers(self, result):
        """Add to ``result`` the exclusions of the open invoices of these
        customers in the current company (one label per reason and date)."""
        today = fields.Date.context_today(self)
        moves = self.env["account.move"].search(
            [
                *self.env["account.move"]._recovery_open_domain(),
                ("company_id", "=", self.env.company.id),
                ("commercial_partner_id", "in", self.ids),
                ("recovery_excluded", "=", True),
            ],
            order="recovery_excluded_until, id",
        )
        reasons = dict(
            moves._fields["recovery_exclusion_reason"]._description_selection(self.env)
        )
        for move in moves:
            until = move.recovery_excluded_until
            if until and until < today:
                continue
            reason = reasons.get(move.recovery_exclusion_reason) or self.env._(
                "Excluded"
            )
            label = (
                self.env._(
                    "%(reason)s until %(date)s",
                    reason=reason,
                    date=format_date(self.env, until),
                )
                if until
                else reason
            )
            labels = result[move.commercial_partner_id.id]
            if label not in labels:
                labels.append(label)
        return result

    @api.model
    def _recovery_worklist_domain(self):
        """Customers with something overdue in the current company."""
        return [("recovery_overdue_amount", ">", 0)]

    # ---- Promises to pay (notes of the processing wizard) ----

    def _recovery_log_notes(self, bodies):
        """One chatter note per customer: ``{partner_id: [line, ...]}``."""
        if not bodies:
            return
        self.env["res.partner"].sudo().browse(list(bodies))._message_log_batch(
            bodies={pid: Markup("<br/>").join(lines) for pid, lines in bodies.items()}
        )

    # ------------------------------------------------------------------
    # ---- Customer page: the accountant's one page per customer ----
    # ------------------------------------------------------------------
    # A form view of the customer (views/res_partner_recovery_page_views.xml),
    # opened by the worklist's "Process" on a line and by the customer's
    # "Recovery" smart button: its open invoices with penalties and indemnity
    # to date, its situation, the history of every step, and every action
    # (the processing wizard for one customer does the sending).

    recovery_payer_grade = fields.Selection(
        GRADE_SELECTION,
        string="Payer score",
        company_dependent=True,
        readonly=True,
        help="A (pays on time) to D (at risk), from the last 12 months in this "
        "company: days late of the invoices paid, share paid on time, promises "
        "to pay not kept, disputes, and the oldest unpaid invoice. Refreshed by "
        "the daily recovery job.",
    )

    # The customer page (views/res_partner_recovery_page_views.xml): today's
    # score with its reasons, and the promises to pay in the company.
    recovery_page_payer_grade = fields.Selection(
        GRADE_SELECTION,
        string="Payer score today",
        compute="_compute_recovery_page_payer_score",
        groups=USER_GROUP,
    )
    recovery_page_payer_reasons = fields.Char(
        string="Why this score",
        compute="_compute_recovery_page_payer_score",
        groups=USER_GROUP,
    )
    recovery_page_promise_ids = fields.Many2many(
        "debt.recovery.promise",
        string="Promises to pay",
        compute="_compute_recovery_page_payer_score",
        groups=USER_GROUP,
    )

    @api.depends_context("company", "uid", "lang")
    def _compute_recovery_page_payer_score(self):
        company = self.env.company
        commercials = self._origin.commercial_partner_id
        grades = self.env["debt.recovery.payer.score"]._grades(commercials, company)
        promises = self.env["debt.recovery.promise"].search(
            [("partner_id", "in", commercials.ids), ("company_id", "=", company.id)]
        )
        for partner in self:
            commercial = partner._origin.commercial_partner_id
            grade, reasons = grades.get(commercial.id, (False, []))
            partner.recovery_page_payer_grade = grade
            partner.recovery_page_payer_reasons = (
                self.env["debt.recovery.payer.score"]._text(reasons) or False
            )
            partner.recovery_page_promise_ids = promises.filtered(
                lambda p, c=commercial: p.partner_id == c
            )

    recovery_page_invoice_ids = fields.Many2many(
        "account.move",
        string="Open invoices",
        compute="_compute_recovery_page",
    )
    recovery_page_action_ids = fields.Many2many(
        "debt.recovery.action",
        string="Recovery steps",
        compute="_compute_recovery_page",
    )
    recovery_page_action_count = fields.Integer(
        string="Recovery steps count", compute="_compute_recovery_page"
    )
    recovery_page_situation = fields.Html(
        string="Recovery situation", compute="_compute_recovery_page", sanitize=False
    )
    recovery_page_currency_id = fields.Many2one(
        "res.currency", compute="_compute_recovery_page"
    )
    recovery_page_amount_due = fields.Monetary(
        string="Overdue (tax incl.)",
        currency_field="recovery_page_currency_id",
        compute="_compute_recovery_page",
    )
    recovery_page_amount_penalty = fields.Monetary(
        string="Penalties to date",
        currency_field="recovery_page_currency_id",
        compute="_compute_recovery_page",
    )
    recovery_page_amount_indemnity = fields.Monetary(
        string="Recovery indemnities to date",
        currency_field="recovery_page_currency_id",
        compute="_compute_recovery_page",
    )
    recovery_page_amount_total = fields.Monetary(
        string="Total owed to date",
        currency_field="recovery_page_currency_id",
        compute="_compute_recovery_page",
        help="Overdue amount (tax included) + late-payment penalties + recovery "
        "indemnities, to today, in the company's currency.",
    )
    recovery_page_notice_state = fields.Selection(
        [("none", "None"), ("draft", "Draft"), ("sent", "Sent")],
        string="Formal notice",
        compute="_compute_recovery_page",
        help="Draft: a formal notice waits for validation; sent: one was "
        "validated or sent and is still running.",
    )
    recovery_page_notice_id = fields.Many2one(
        "debt.recovery.notice", compute="_compute_recovery_page"
    )

    @api.depends_context("company", "uid")
    def _compute_recovery_page(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        for partner in self:
            commercial = partner._origin.commercial_partner_id
            invoices = commercial._recovery_open_invoices(overdue_only=False)
            overdue = invoices.filtered(
                lambda m: m.invoice_date_due and m.invoice_date_due < today
            )
            actions = self.env["debt.recovery.action"].search(
                [
                    ("partner_id", "=", commercial.id),
                    ("company_id", "=", company.id),
                    ("state", "!=", "draft"),
                ],
                order="date desc, id desc",
            )
            notices = self.env["debt.recovery.notice"].search(
                [
                    ("partner_id", "=", commercial.id),
                    ("company_id", "=", company.id),
                    ("state", "in", self.env["debt.recovery.notice"].OPEN_STATES),
                ],
                order="id desc",
            )
            partner.recovery_page_invoice_ids = invoices
            partner.recovery_page_action_ids = actions
            partner.recovery_page_action_count = len(actions)
            currency = company.currency_id
            partner.recovery_page_currency_id = currency
            due = sum(overdue.mapped("amount_residual_signed"))
            penalty = sum(
                move.currency_id._convert(
                    move.recovery_penalty_amount, currency, company, today
                )
                for move in overdue
            )
            indemnity = sum(overdue.mapped("recovery_indemnity_amount"))
            partner.recovery_page_amount_due = due
            partner.recovery_page_amount_penalty = penalty
            partner.recovery_page_amount_indemnity = indemnity
            partner.recovery_page_amount_total = due + penalty + indemnity
            draft = notices.filtered(lambda n: n.state == "draft")[:1]
            partner.recovery_page_notice_id = draft or notices[:1]
            partner.recovery_page_notice_state = (
                "draft" if draft else ("sent" if notices else "none")
            )
            partner.recovery_page_situation = self.env[
                "debt.recovery.customer.status"
            ]._situation(commercial, notices, today)

    def action_recovery_open_page(self):
        """The customer page of the (one) customer: the worklist's
        "Process" on a line, the customer's "Recovery" smart button. Its own
        window action with a path, so that the page keeps its URL
        (``/odoo/recovery-customer/<id>``): a reload or a bookmark opens the
        customer page again, not the contact form."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.res_partner_recovery_page_action"
        )
        action.update(
            res_id=self.commercial_partner_id.id,
            name=self.commercial_partner_id.display_name,
        )
        return action

    def _recovery_page_wizard(self, view_xmlid=None, name=None):
        """The processing wizard for this one customer, in a dialog (all of
        it, or one of its small views: promise, exclusion)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_process_action"
        )
        if view_xmlid:
            action["views"] = [(self.env.ref(view_xmlid).id, "form")]
            action["context"] = {"dialog_size": "large"}
        else:
            action["context"] = {"dialog_size": "extra-large"}
        if name:
            action["name"] = name
        action["context"].update(
            active_model="res.partner",
            active_ids=self.commercial_partner_id.ids,
            default_partner_ids=self.commercial_partner_id.ids,
        )
        return action

    def action_recovery_page_send(self):
        return self._recovery_page_wizard(name=self.env._("Send a step now"))

    def action_recovery_page_preview(self):
        """The letter the customer would get now: the first step with a
        letter, from its next step on, that some overdue invoice has not
        reached; else the copy of the last letter sent to it; else a
        message saying why there is nothing to show."""
        self.ensure_one()
        customer = self.commercial_partner_id
        wizard = (
            self.env["debt.recovery.process"]
            .with_context(active_model=None, active_ids=None)
            .create({"partner_ids": [Command.set(customer.ids)]})
        )
        levels = self.env["debt.recovery.level"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("report_id", "!=", False),
                ("after_notice_deadline", "=", False),
            ],
            order="sequence, id",
        )
        next_step = wizard.step_level_id
        if next_step:
            levels = levels.filtered(lambda lv: lv.sequence >= next_step.sequence)
        for level in levels:
            wizard.step_level_id = level
            decisions, _gap = wizard._step_decide()
            if decisions:
                return wizard._preview(decisions[0], level)
        last = self.env["debt.recovery.action"].search(
            [
                ("partner_id", "=", customer.id),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "done"),
                ("letter_attachment_id", "!=", False),
            ],
            order="date desc, id desc",
            limit=1,
        )
        if last:
            return last.action_print_letter()
        raise UserError(
            self.env._(
                "No letter to preview for %(customer)s: no overdue invoice is "
                "waiting for a step with a letter (they are paid, not yet due, "
                "excluded, or in a plan, a formal notice or a litigation file) "
                "and no letter was sent to it yet.",
                customer=customer.display_name,
            )
        )

    def action_recovery_page_promise(self):
        return self._recovery_page_wizard(
            "l10n_fr_debt_recovery.debt_recovery_process_view_form_promise",
            self.env._("Promise to pay"),
        )

    def action_recovery_page_exclude(self):
        return self._recovery_page_wizard(
            "l10n_fr_debt_recovery.debt_recovery_process_view_form_exclude",
            self.env._("Exclude from the reminders"),
        )

    def action_recovery_print_statement(self):
        self.ensure_one()
        return self.env.ref(
            "l10n_fr_debt_recovery.report_res_partner_statement"
        ).report_action(self.commercial_partner_id)

    def action_recovery_page_notice(self):
        """Prepare a formal notice, or open the one waiting for validation."""
        self.ensure_one()
        if self.recovery_page_notice_id:
            return self.recovery_page_notice_id.get_formview_action()
        return self.action_create_recovery_notice()

    # ---- Public registries (models/debt_recovery_registry_check.py) ----

    def action_recovery_check_registries(self):
        """Button: company status, BODACC and address of these customers,
        asked again whatever the age of the last checks."""
        if not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                self.env._("Only debt recovery users can check the public registries.")
            )
        report = self.env["debt.recovery.registry.check"]._recovery_check_partners(
            self.commercial_partner_id, "button", force=True
        )
        return report.notification(
            self.env, self.env._("Public registries"), reload=True
        ) or {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("Public registries checked: nothing to report."),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ---- The customer's recovery page (portal) ----
    recovery_portal_url = fields.Char(
        string="Recovery page link",
        compute="_compute_recovery_portal_url",
        help="The customer's own page in the current company, as printed in "
        "its statement.",
    )

    @api.depends_context("company")
    def _compute_recovery_portal_url(self):
        stored = self.filtered(lambda p: p._origin.id)
        urls = self.env["debt.recovery.portal.link"]._urls_for(
            stored._origin, self.env.company
        )
        for partner in self:
            partner.recovery_portal_url = urls.get(partner._origin.id, False)

    def action_recovery_portal_revoke(self):
        """Revoke every link to this customer's recovery page in the current
        company: the printed links stop working; the next reminder carries a
        new one."""
        self.ensure_one()
        if not self.env.user.has_group(
            "l10n_fr_debt_recovery.group_debt_recovery_user"
        ):
            raise UserError(self.env._("Only debt recovery users can revoke links."))
        commercial = self.commercial_partner_id
        links = (
            self.env["debt.recovery.portal.link"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", commercial.id),
                    ("company_id", "=", self.env.company.id),
                    ("revoked_on", "=", False),
                ]
            )
        )
        links.write(
            {"revoked_on": fields.Datetime.now(), "revoked_by_id": self.env.uid}
        )
        self.env["debt.recovery.portal"]._log(
            commercial,
            self.env._(
                "Links to the recovery page revoked by %(user)s (%(count)s link(s)).",
                user=self.env.user.name,
                count=len(links),
            ),
        )
        return True

    # ---- Bounced reminder emails (debt.recovery.action._recovery_bounced) ----
    recovery_bounced_email = fields.Char(
        string="Bounced reminder address",
        readonly=True,
        copy=False,
        help="A reminder sent to this address bounced: the next steps go by post "
        "until the customer's email address is corrected.",
    )

    def _recovery_bounce_fixed(self, vals, customers):
        """The email of ``customers`` (with a bounced reminder address) was
        changed by ``vals``: the reminders go by email again."""
        fixed = customers.filtered(
            lambda c: email_normalize(vals["email"] or "") != c.recovery_bounced_email
        )
        if fixed:
            fixed.sudo().write({"recovery_bounced_email": False})
            for customer in fixed:
                customer.message_post(
                    body=self.env._(
                        "Email address corrected by %(user)s: the reminders go by "
                        "email again.",
                        user=self.env.user.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
