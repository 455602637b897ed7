"""Litigation files (dossier contentieux): what is claimed after an expired
formal notice, the suggested judicial route, the hand-off to a lawyer,
commissaire de justice or collection agency, the file summary and its
annexes."""

import datetime
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang

from ..tools import collective as collective_tools
from ..tools import formatting, letter_data, public_buyers
from ..tools import litigation as litigation_tools
from .debt_recovery_document import MANAGER_GROUP
from .debt_recovery_letter import _amount, _short
from .debt_recovery_notice import _set_totals
from .debt_recovery_recheck import defer_suspension

#: The debtor's status printed in the litigation file, by kind of public buyer.
PUBLIC_STATUS = {
    public_buyers.STATE_LOCAL: "Acheteur public (personne publique)",
    public_buyers.HEALTH: "Établissement public de santé (personne publique)",
    public_buyers.EPIC: "Établissement public industriel et commercial (personne "
    "publique ; contrat de droit privé, biens insaisissables)",
    public_buyers.COMPANY: "Entreprise publique constituée en société : créance "
    "entre professionnels",
}

ROUTES = [
    (litigation_tools.INJUNCTION, "Order for payment (injonction de payer)"),
    (litigation_tools.SMALL_CLAIMS, "Small-claims procedure (petites créances)"),
    (litigation_tools.SUMMARY, "Summary proceedings for an advance (référé-provision)"),
    (litigation_tools.SUMMONS, "Lawsuit for payment (assignation)"),
    (litigation_tools.AGENCY, "Collection agency"),
    (
        litigation_tools.CLAIM_DECLARATION,
        "Declaration of claim (collective procedure)",
    ),
    (
        litigation_tools.UNCONTESTED,
        "Uncontested commercial claims procedure (L126-1)",
    ),
    (
        litigation_tools.PUBLIC_CLAIM,
        "Public debtor: claim, then administrative judge",
    ),
]


class DebtRecoveryCase(models.Model):
    _name = "debt.recovery.case"
    _description = "Litigation File"
    _recovery_window_action = "l10n_fr_debt_recovery.debt_recovery_case_action"
    _recovery_letter_report = "l10n_fr_debt_recovery.report_debt_recovery_case"
    _inherit = ["debt.recovery.document"]

    # What was sent stays sent (models/debt_recovery_document.py): created as
    # a draft; handed over, what it claims and its summary are frozen and it
    # is never deleted (cancelled with a reason instead).
    _recovery_history_states = ("open", "closed", "cancelled")
    # The states other files use, by name (models/debt_recovery_document.py):
    #: in progress, prepared or handed over: its invoices are out of the
    #: ladder (the daily job leaves them, ``HOLD_STATES``) and the customer's
    #: page and worklist show it.
    OPEN_STATES = ("draft", "open")
    HOLD_STATES = OPEN_STATES
    # Its frozen fields, and those only the flows write: tools/frozen_fields.py.

    partner_id = fields.Many2one(tracking=True)
    notice_id = fields.Many2one(
        "debt.recovery.notice",
        string="Formal notice",
        index="btree_not_null",
        check_company=True,
        copy=False,
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "debt_recovery_case_invoice_rel",
        "case_id",
        "invoice_id",
        string="Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id)]",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    date = fields.Date(
        string="Amounts computed to",
        default=fields.Date.context_today,
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Handed over"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    is_consumer = fields.Boolean(
        string="Consumer", compute="_compute_parties", store=True, readonly=False
    )
    debtor_merchant = fields.Boolean(
        string="Debtor is a merchant",
        compute="_compute_parties",
        store=True,
        readonly=False,
        help="Both parties are merchants: the order for payment is asked from the "
        "commercial court (Cerfa 12946); otherwise from the tribunal judiciaire "
        "(Cerfa 12948).",
    )
    collective_procedure = fields.Boolean(
        related="partner_id.recovery_collective_procedure"
    )
    # Collective procedure: the declaration of claim to the mandataire (art.
    # L622-24 Code de commerce).
    procedure_type = fields.Selection(
        related="partner_id.recovery_collective_procedure_type"
    )
    procedure_opening_date = fields.Date(
        related="partner_id.recovery_collective_procedure_date"
    )
    procedure_publication_date = fields.Date(
        related="partner_id.recovery_collective_procedure_publication_date"
    )
    representative_id = fields.Many2one(
        "res.partner",
        string="Mandataire / liquidator",
        compute="_compute_representative_id",
        store=True,
        readonly=False,
        help="Addressee of the declaration of claim; taken from the customer's "
        "collective procedure.",
    )
    retention_of_title = fields.Boolean(
        string="Retention of title",
        help="Goods were sold under a retention-of-title clause and are still "
        "unpaid: they are claimed with the declaration (art. L624-9 and L624-16 "
        "Code de commerce), within 3 months of the BODACC publication.",
    )
    retention_goods = fields.Text(
        string="Goods under retention of title",
        help="The goods claimed: description, invoice, quantity.",
    )
    # Routes and their texts: the court and the form of the claim depend on
    # the debtor (public debtor, consumer, protection judge).
    public_debtor = fields.Boolean(
        string="Public debtor",
        compute="_compute_parties",
        store=True,
        readonly=False,
        help="State, local authority, administrative public body, public "
        "hospital: no forced execution; claim to the public accountant, then "
        "référé-provision before the tribunal administratif. Not for an EPIC "
        "(ordinary courts, property not seizable) nor a public undertaking "
        "organised as a company (a company like any other): set by the kind of "
        "public buyer on the customer.",
    )
    protection_judge = fields.Boolean(
        string="Juge des contentieux de la protection",
        help="The claim is one the juge des contentieux de la protection hears "
        "(consumer credit, residential lease): order for payment on Cerfa 16040.",
    )
    injunction_order_date = fields.Date(
        string="Order for payment issued on",
        tracking=True,
        help="Served within 6 months for an order issued before 1 September "
        "2026, within 3 months from then on (décret n° 2026-96).",
    )
    injunction_service_deadline = fields.Date(
        string="Serve the order by", compute="_compute_route_dates"
    )
    injunction_service_date = fields.Date(string="Order served on", tracking=True)
    injunction_enforcement_date = fields.Date(
        string="Enforceable without opposition notice from",
        compute="_compute_route_dates",
        help="For an order issued from 1 September 2026: without an opposition "
        "notice from the registry within two months of service, the creditor may "
        "enforce it from the day after those two months (décret n° 2026-96; "
        "a period ends at the end of its last day, art. 641 and 642 Code de "
        "procédure civile).",
    )
    judgment_enforceable_date = fields.Date(
        string="Judgment enforceable on",
        tracking=True,
        help="The legal rate is increased by 5 points from the day after the two "
        "months following this date if the judgment is not executed (art. L313-3 "
        "Code monétaire et financier; art. 641 and 642 Code de procédure civile).",
    )
    legal_rate_increase_date = fields.Date(
        string="Legal rate +5 points from", compute="_compute_route_dates"
    )
    disputed = fields.Boolean(
        string="Claim disputed",
        help="The customer seriously disputes the claim: an ordinary lawsuit is "
        "needed.",
    )

    # Breakdown.
    amount_principal = fields.Monetary(string="Principal")
    amount_penalty = fields.Monetary(string="Penalties / interest")
    amount_indemnity = fields.Monetary(
        string="Recovery indemnities",
        currency_field="indemnity_currency_id",
        help="Fixed indemnity for recovery costs, set in euros by law (art. D441-5 "
        "Code de commerce): on a file in another currency it is claimed beside "
        "the total, not added to it.",
    )
    amount_extra_costs = fields.Monetary(
        string="Complementary indemnity on proof",
        tracking=True,
        help="Recovery costs above the fixed 40 € indemnity, claimed on proof "
        "(art. L441-10 II Code de commerce), in the file's currency: printed "
        "as its own line with its justification. Never from a consumer.",
    )
    extra_costs_justification = fields.Text(
        string="Justification of the complementary indemnity",
        tracking=True,
        help="What the costs are and the proof attached (e.g. fees of the "
        "commissaire de justice, invoice n° ...): printed under the line.",
    )
    amount_total = fields.Monetary(
        string="Total claimed",
        compute="_compute_amount_total",
        store=True,
        help="In the currency of the file's invoices. The fixed indemnity (in "
        "euros) is included only when the invoices are in euros too.",
    )
    amount_residual = fields.Monetary(
        string="Still due", compute="_compute_amount_residual"
    )

    # Route.
    route = fields.Selection(ROUTES, tracking=True)
    route_suggested = fields.Selection(ROUTES, string="Suggested route", readonly=True)
    court = fields.Text(string="Court / competent authority")
    cerfa = fields.Char(string="Cerfa form")
    route_notes = fields.Text(string="Route notes")
    prior_amicable_note = fields.Text(
        string="Prior amicable attempt",
        readonly=True,
        help="For claims of 5,000 € or less, going to court requires a prior "
        "amicable resolution attempt (art. 750-1 Code de procédure civile).",
    )

    # Hand-off and outcome.
    handler_id = fields.Many2one(
        "res.partner",
        tracking=True,
        help="Lawyer, commissaire de justice or collection agency handling the file.",
    )
    handoff_date = fields.Date(string="Handed over on", tracking=True, copy=False)
    handoff_reference = fields.Char(
        string="Handler's reference", tracking=True, copy=False
    )
    outcome = fields.Selection(
        [
            ("recovered", "Recovered"),
            ("partial", "Partly recovered"),
            ("written_off", "Written off"),
        ],
        tracking=True,
        copy=False,
    )
    outcome_date = fields.Date(copy=False)
    amount_recovered = fields.Monetary(string="Amount recovered", copy=False)
    document_ids = fields.Many2many(
        "ir.attachment",
        "debt_recovery_case_document_rel",
        "case_id",
        "attachment_id",
        string="Documents",
        copy=False,
    )
    annex_zip_id = fields.Many2one(
        "ir.attachment", string="Annexes (ZIP)", readonly=True, copy=False
    )
    # The guarantees of the customer in force on the file's date
    # (models/debt_recovery_guarantee.py): listed with the annexes, their
    # signed deeds in the ZIP.
    guarantee_ids = fields.Many2many(
        "debt.recovery.guarantee",
        string="Guarantees",
        compute="_compute_guarantee_ids",
    )
    letter_attachment_id = fields.Many2one(
        "ir.attachment", string="File summary", readonly=True, copy=False
    )
    letter_sha256 = fields.Char(
        string="File summary SHA-256",
        compute="_compute_letter_sha256",
        store=True,
        copy=False,
        help="Fingerprint of the file summary PDF handed over: a copy whose "
        "SHA-256 is the same (sha256sum) is the very document.",
    )
    note = fields.Text()
    # The claim in court interrupts the prescription of the file's invoices
    # until the end of the instance (Code civil art. 2241, 2242); shown on
    # each invoice (``recovery_prescription_note``).
    court_claim_date = fields.Date(
        string="Claim filed in court on",
        tracking=True,
        copy=False,
        help="Day the claim was brought to court (summons served, petition for an "
        "order for payment filed, even in référé): it interrupts prescription "
        "(art. 2241 Code civil).",
    )
    instance_end_date = fields.Date(
        string="Instance ended on",
        tracking=True,
        copy=False,
        help="Day the instance ended (final decision): a new prescription period "
        "of the same length runs from that day (art. 2242 Code civil). Empty "
        "while the instance is pending.",
    )
    claim_void = fields.Boolean(
        string="Claim withdrawn, lapsed or dismissed",
        tracking=True,
        copy=False,
        help="The claim was withdrawn, the instance lapsed or the claim was finally "
        "dismissed: the interruption is void (art. 2243 Code civil).",
    )

    @api.depends("partner_id", "date")
    def _compute_guarantee_ids(self):
        Guarantee = self.env["debt.recovery.guarantee"]
        for case in self:
            case.guarantee_ids = Guarantee._recovery_active_for(
                case.partner_id, case.date or fields.Date.context_today(case)
            )

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for case in self:
            case.invoice_count = len(case.invoice_ids)

    @api.depends("partner_id")
    def _compute_parties(self):
        # The route depends on the kind of public buyer, not on Chorus Pro
        # (tools/public_buyers.py, tools/litigation.py): the State, a local
        # authority or a public hospital goes to the administrative judge; an
        # EPIC's private-law contracts to the ordinary courts (not a merchant:
        # the tribunal judiciaire, the user may tick "merchant" for a
        # commercial act); a public undertaking organised as a company is a
        # company like any other.
        for case in self:
            commercial = case.partner_id.commercial_partner_id
            consumer = case.partner_id.recovery_is_consumer
            # A public buyer of unknown kind (recognised from Chorus Pro
            # only) keeps the administrative route, with a note to check it.
            kind = (
                commercial.recovery_public_kind or public_buyers.STATE_LOCAL
                if case.partner_id.recovery_is_public_buyer
                else False
            )
            case.is_consumer = consumer
            case.debtor_merchant = not consumer and kind in (
                False,
                public_buyers.COMPANY,
            )
            case.public_debtor = kind in public_buyers.ADMINISTRATIVE_COURT_KINDS

    @api.depends("partner_id.recovery_collective_procedure_representative_id")
    def _compute_representative_id(self):
        for case in self:
            case.representative_id = case.partner_id.commercial_partner_id.recovery_collective_procedure_representative_id

    @api.depends(
        "injunction_order_date", "injunction_service_date", "judgment_enforceable_date"
    )
    def _compute_route_dates(self):
        for case in self:
            order = case.injunction_order_date
            case.injunction_service_deadline = (
                order and litigation_tools.injunction_service_deadline(order)
            )
            case.injunction_enforcement_date = (
                order
                and litigation_tools.injunction_enforcement_date(
                    order, case.injunction_service_date
                )
            )
            case.legal_rate_increase_date = litigation_tools.legal_rate_increase_date(
                case.judgment_enforceable_date
            )

    def _procedure_claim(self):
        """The file claims invoices frozen by the customer's collective
        procedure (dated before the opening): a declaration of claim."""
        self.ensure_one()
        return any(m._recovery_frozen_by_procedure() for m in self.invoice_ids)

    @api.depends(
        "amount_principal",
        "amount_penalty",
        "amount_indemnity",
        "amount_extra_costs",
        "currency_id",
        "indemnity_currency_id",
    )
    def _compute_amount_total(self):
        for case in self:
            indemnity = (
                case.amount_indemnity if case._recovery_indemnity_in_total() else 0.0
            )
            case.amount_total = (
                case.amount_principal
                + case.amount_penalty
                + indemnity
                + case.amount_extra_costs
            )

    @api.depends("invoice_ids.amount_residual")
    def _compute_amount_residual(self):
        # In the invoices' currency (the file's), not the company's.
        for case in self:
            case.amount_residual = sum(
                case.invoice_ids.filtered(
                    lambda m: not m._recovery_is_settled()
                ).mapped("amount_residual")
            )

    @api.constrains("invoice_ids")
    def _check_one_currency(self):
        self._recovery_check_one_currency()

    @api.constrains(
        "amount_extra_costs",
        "extra_costs_justification",
        "is_consumer",
        "amount_indemnity",
    )
    def _check_consumer_costs(self):
        for case in self:
            if case.is_consumer and (case.amount_extra_costs or case.amount_indemnity):
                raise ValidationError(
                    self.env._(
                        "No recovery cost may be charged to a consumer without an "
                        "enforceable title (art. L111-8 Code des procédures civiles "
                        "d'exécution): remove the indemnity and additional costs of "
                        "%(case)s.",
                        case=case.name,
                    )
                )
            if case.amount_extra_costs < 0:
                raise ValidationError(
                    self.env._("The additional costs cannot be negative.")
                )
            if (
                case.amount_extra_costs
                and not (case.extra_costs_justification or "").strip()
            ):
                # L441-10 II: a complementary indemnity is owed "sur
                # justification" only.
                raise ValidationError(
                    self.env._(
                        "%(case)s: a complementary indemnity is claimed on proof "
                        "only (art. L441-10 II Code de commerce). Describe the "
                        "costs and the proof in its justification.",
                        case=case.name,
                    )
                )

    @api.constrains("court_claim_date", "instance_end_date")
    def _check_court_claim_dates(self):
        for case in self:
            if case.instance_end_date and not case.court_claim_date:
                raise ValidationError(
                    self.env._(
                        "%(case)s: give the day the claim was filed in court "
                        "before the day the instance ended.",
                        case=case.name,
                    )
                )
            if (
                case.instance_end_date
                and case.instance_end_date < case.court_claim_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(case)s: the instance cannot end before the claim was "
                        "filed in court.",
                        case=case.name,
                    )
                )

    # --------------------------------------------------------------- logic
    def _compute_amounts(self, today):
        """Breakdown of what is claimed, to ``today``."""
        invoices = self.invoice_ids
        snapshots = invoices._recovery_snapshot(today)
        for case in self:
            figures = [snapshots[inv.id] for inv in case.invoice_ids]
            consumer = case.is_consumer
            case.write(
                {
                    "date": today,
                    "amount_principal": float(
                        sum((f["due"] for f in figures), Decimal("0"))
                    ),
                    # Under a collective procedure the invoices' own figures
                    # already stop at the opening (account.move).
                    "amount_penalty": float(
                        sum((f["penalty"] for f in figures), Decimal("0"))
                    ),
                    "amount_indemnity": 0.0
                    if consumer
                    else float(sum((f["indemnity"] for f in figures), Decimal("0"))),
                }
            )

    def _suggestion(self):
        """The route for the amounts of the file. The thresholds of the law
        are in euros (5 000 €: CPCE L125-1, CPC 750-1): a file in another
        currency is compared in the company's currency, at the file date."""
        self.ensure_one()
        principal, penalty = self.amount_principal, self.amount_penalty
        home = self.company_id.currency_id
        if self.currency_id and self.currency_id != home:
            day = self.date or fields.Date.context_today(self)
            principal, penalty = (
                self.currency_id._convert(amount, home, self.company_id, day)
                for amount in (principal, penalty)
            )
        return litigation_tools.suggest_route(
            Decimal(str(principal)),
            Decimal(str(penalty)),
            both_merchants=self.debtor_merchant and not self.is_consumer,
            collective_procedure=self._procedure_claim(),
            disputed=self.disputed,
            city=self.partner_id.city or "",
            on_date=self.date or fields.Date.context_today(self),
            public_debtor=self.public_debtor,
            protection_judge=self.protection_judge,
            procedure_type=self.procedure_type,
            unseizable=not self.public_debtor and self._recovery_public_person(),
        )

    def _recovery_public_person(self):
        """The debtor is a public person (its property cannot be seized,
        CG3P L2311-1), whatever the court: not a public undertaking organised
        as a company."""
        self.ensure_one()
        commercial = self.partner_id.commercial_partner_id
        return bool(
            self.partner_id.recovery_is_public_buyer
            and (commercial.recovery_public_kind or public_buyers.STATE_LOCAL)
            in public_buyers.PUBLIC_PERSONS
        )

    def _suggest_route(self):
        for case in self:
            if case.amount_principal <= 0:
                continue
            suggestion = case._suggestion()
            notes = list(suggestion.notes)
            commercial = case.partner_id.commercial_partner_id
            if case.partner_id.recovery_is_public_buyer and not (
                commercial.recovery_public_kind
            ):
                # Recognised from Chorus Pro only: a public undertaking
                # organised as a company uses it too (tools/public_buyers.py).
                notes.append(litigation_tools.PUBLIC_KIND_UNKNOWN_NOTE)
            if suggestion.alternatives:
                # French, like the rest of the notes (printed in the file).
                notes.append("Autres voies possibles :")
                notes.extend("- " + alt for alt in suggestion.alternatives)
            case.write(
                {
                    "route_suggested": suggestion.route,
                    "route": suggestion.route,
                    "court": suggestion.court,
                    "cerfa": suggestion.cerfa,
                    "route_notes": "\n".join(notes),
                    "prior_amicable_note": suggestion.prior_amicable_note,
                }
            )
        self.filtered(
            lambda c: c.route == litigation_tools.CLAIM_DECLARATION
        )._schedule_procedure_deadlines()

    def _procedure_deadlines(self):
        """The dated deadlines of the customer's collective procedure for
        this creditor (tools/collective.py): the creditor's territory from
        the company's address, the court's from the debtor's (the competent
        court is the one of the debtor's seat)."""
        self.ensure_one()
        company = self.company_id.partner_id
        debtor = self.partner_id.commercial_partner_id
        return collective_tools.deadlines(
            self.procedure_type,
            self.procedure_publication_date,
            collective_tools.territory(company.country_id.code, company.zip),
            collective_tools.territory(debtor.country_id.code, debtor.zip),
            retention_of_title=self.retention_of_title,
        )

    def _procedure_deadline_summary(self, deadline, representative):
        date = formatting.format_date(deadline.date)
        if deadline.code == collective_tools.DECLARATION:
            return self.env._(
                "Declare the claim to %(representative)s by %(date)s (%(article)s)",
                representative=representative,
                date=date,
                article=deadline.article,
            )
        if deadline.code == collective_tools.RETENTION:
            return self.env._(
                "Claim the goods sold under retention of title by %(date)s "
                "(%(article)s)",
                date=date,
                article=deadline.article,
            )
        return self.env._(
            "Last day to ask for relief from foreclosure: %(date)s (%(article)s)",
            date=date,
            article=deadline.article,
        )

    def _schedule_procedure_deadlines(self):
        """One activity per deadline of the declaration (declaration, relief
        from foreclosure, retention of title), dated the last day; never
        twice for the same deadline."""
        todo = self.env.ref("l10n_fr_debt_recovery.mail_activity_type_recovery_todo")
        # Activities made before the addon had its own type were core's To-Do.
        types = todo | self.env.ref("mail.mail_activity_data_todo")
        for case in self:
            title = collective_tools.representative_title(case.procedure_type)
            representative = case.representative_id.name or (
                "le liquidateur judiciaire"
                if title.startswith("Liquidateur")
                else "le mandataire judiciaire"
            )
            existing = {
                (a.summary, a.date_deadline)
                for a in case.activity_ids.filtered(
                    lambda a, t=types: a.activity_type_id in t
                )
            }
            user = case.user_id or self.env.user
            for deadline in case._procedure_deadlines():
                summary = case._procedure_deadline_summary(deadline, representative)
                if (summary, deadline.date) in existing:
                    continue
                case.activity_schedule(
                    "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                    date_deadline=deadline.date,
                    summary=summary,
                    user_id=user.id,
                )

    def _request_decision(self):
        for case in self:
            candidates = case.user_id | case.company_id.debt_recovery_signatory_id
            manager = candidates.filtered(lambda u: u.has_group(MANAGER_GROUP))[:1]
            if not manager:
                manager = (
                    self.env.ref(MANAGER_GROUP)
                    .sudo()
                    .users.filtered(
                        lambda u, c=case.company_id: c in u.company_ids and u.active
                    )
                    .sorted("id")[:1]
                )
            case.activity_schedule(
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                summary=self.env._(
                    "Decide the litigation of %(customer)s (%(amount)s)",
                    customer=case.partner_id.display_name,
                    amount=case._recovery_format_claim(),
                ),
                user_id=(manager or case.user_id or self.env.user).id,
            )

    def _recovery_format_claim(self):
        """The total claimed, with the indemnity in euros beside it when the
        file is in another currency: "1 150,00 $ + 40,00 €"."""
        self.ensure_one()
        text = formatLang(self.env, self.amount_total, currency_obj=self.currency_id)
        if self.amount_indemnity and not self._recovery_indemnity_in_total():
            text += " + " + formatLang(
                self.env, self.amount_indemnity, currency_obj=self.indemnity_currency_id
            )
        return text

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._("Only a recovery manager can open a litigation file.")
            )

    # ------------------------------------------------------------- buttons
    def action_refresh(self):
        drafts = self.filtered(lambda c: c.state == "draft")
        drafts._compute_amounts(fields.Date.context_today(self))
        drafts._suggest_route()
        return True

    def action_open(self):
        """The manager decides to go on: the file is handed over."""
        self._check_manager()
        wrong = self.filtered(lambda c: c.state != "draft")
        if wrong:
            raise UserError(
                self.env._(
                    "The litigation file %(case)s is not a draft.", case=wrong[0].name
                )
            )
        missing = self.filtered(lambda c: not c.route)
        if missing:
            raise UserError(
                self.env._(
                    "Choose the route of the litigation file %(case)s first.",
                    case=missing[0].name,
                )
            )
        # Handed over to whom: the file's summary and the customer's
        # history name the lawyer, commissaire de justice or agency.
        missing = self.filtered(lambda c: not c.handler_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose who handles the litigation file %(case)s (lawyer, "
                    "commissaire de justice or collection agency) before handing "
                    "it over.",
                    case=missing[0].name,
                )
            )
        # Public registries (models/debt_recovery_registry_check.py): a
        # collective procedure just found in the BODACC changes the route
        # (declaration of claim): the files are not handed over, their route
        # is suggested again; an alert or an unreachable registry only warns.
        registry = self.env["debt.recovery.registry.check"]._recovery_check_partners(
            self.partner_id, "case", company=self.company_id[:1]
        )
        if registry.new_procedures:
            self.action_refresh()
            registry.blocking.insert(
                0,
                self.env._(
                    "A collective procedure was found in the BODACC and recorded "
                    "on the customer: the route of the litigation file was "
                    "suggested again (declaration of claim). Check it, then hand "
                    "the file over."
                ),
            )
            return registry.notification(
                self.env, self.env._("The litigation file was not handed over")
            )
        today = fields.Date.context_today(self)
        for case in self._recovery_flow():
            case.write({"state": "open", "handoff_date": case.handoff_date or today})
        self.notice_id.filtered(lambda n: n.state == "expired")._recovery_flow().write(
            {"state": "litigation"}
        )
        self.activity_unlink(
            [
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                "mail.mail_activity_data_todo",
            ]
        )
        self._mark_invoices_litigation(today)
        self._render_letter()
        if registry.warnings:
            for case in self:
                case.message_post(
                    body=self.env._(
                        "Handed over despite these public registry warnings: "
                        "%(warnings)s",
                        warnings=" ".join(registry.warnings),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return (
            registry.notification(self.env, self.env._("Litigation file handed over"))
            or True
        )

    def _mark_invoices_litigation(self, today):
        """The invoices reached the ladder's litigation step. Their customers'
        suspension follows after the hand-over's transaction (re-examination
        action, models/debt_recovery_recheck.py): handing a file over sends
        no notice itself."""
        Level = self.env["debt.recovery.level"].sudo()
        for case in self:
            level = Level.search(
                [("company_id", "=", case.company_id.id), ("code", "=", "litigation")],
                limit=1,
            )
            if level:
                defer_suspension(case.invoice_ids.sudo()).write(
                    {"recovery_level_id": level.id, "recovery_last_date": today}
                )

    def action_close(self):
        self._check_manager()
        missing = self.filtered(lambda c: not c.outcome)
        if missing:
            raise UserError(
                self.env._(
                    "Set the outcome of the litigation file %(case)s (recovered, "
                    "partly recovered or written off) before closing it.",
                    case=missing[0].name,
                )
            )
        today = fields.Date.context_today(self)
        for case in self._recovery_flow():
            case.write({"state": "closed", "outcome_date": case.outcome_date or today})
        return True

    def _recovery_check_cancel(self):
        self._check_manager()

    def _recovery_cancel_records(self):
        """Cancel (manager only; a file handed over with a reason, see
        ``action_cancel``): its notice goes back to "deadline passed"."""
        self._recovery_flow().write({"state": "cancelled"})
        self.notice_id.filtered(
            lambda n: n.state == "litigation"
        )._recovery_flow().write({"state": "expired"})
        self.activity_unlink(
            [
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                "mail.mail_activity_data_todo",
            ]
        )
        return True

    # ------------------------------------------------------------- annexes
    def _annex_files(self):
        """``[(file name, bytes)]``: invoices, the notice letter and its proof,
        the earlier letters, the documents of the file."""
        self.ensure_one()
        files = []
        Report = self.env["ir.actions.report"].sudo()
        for invoice in self.invoice_ids.sorted("name"):
            attachment = invoice.invoice_pdf_report_id
            if attachment:
                files.append((attachment.name, attachment.raw))
            else:
                Report._recovery_require_pdf_converter(
                    self.env._("The PDF of invoice %(invoice)s", invoice=invoice.name)
                )
                content, ext = Report._render("account.account_invoices", invoice.ids)
                files.append(
                    (
                        "%s.%s" % (invoice.name, "html" if ext == "html" else "pdf"),
                        content,
                    )
                )
        notice = self.notice_id
        if notice.letter_attachment_id:
            files.append(
                (notice.letter_attachment_id.name, notice.letter_attachment_id.raw)
            )
        for proof in notice.proof_attachment_ids:
            files.append((proof.name, proof.raw))
        actions = self.env["debt.recovery.action"].search(
            [
                ("invoice_ids", "in", self.invoice_ids.ids),
                ("letter_attachment_id", "!=", False),
                ("state", "=", "done"),
            ],
            order="date, id",
        )
        seen = notice.letter_attachment_id
        for action in actions:
            if action.letter_attachment_id not in seen:
                seen |= action.letter_attachment_id
                files.append(
                    (action.letter_attachment_id.name, action.letter_attachment_id.raw)
                )
        if self.letter_attachment_id:
            files.append(
                (self.letter_attachment_id.name, self.letter_attachment_id.raw)
            )
        for document in self.document_ids:
            files.append((document.name, document.raw))
        # The deeds of the guarantees in force: the handler may call them.
        files.extend(self.guarantee_ids._recovery_annex_files())
        return files

    def action_build_annexes(self):
        """A ZIP of the annexes, attached to the file."""
        for case in self:
            content = litigation_tools.build_zip(case.sudo()._annex_files())
            name = "%s - %s - annexes.zip" % (
                case.name.replace("/", "-"),
                case.partner_id.name,
            )
            vals = {"name": name, "raw": content, "mimetype": "application/zip"}
            if case.annex_zip_id:
                case.annex_zip_id.write(vals)
            else:
                case._recovery_flow().annex_zip_id = self.env["ir.attachment"].create(
                    dict(vals, res_model=case._name, res_id=case.id)
                )
            case.message_post(
                body=self.env._("Annexes gathered in %(name)s.", name=name),
                subtype_xmlid="mail.mt_note",
            )
        if len(self) == 1:
            return {
                "type": "ir.actions.act_url",
                "url": "/web/content/%s?download=true" % self.annex_zip_id.id,
                "target": "self",
            }
        return True

    # ---------------------------------------------------------------- letter
    def _recovery_history(self):
        """``[(date, label)]`` of what was done before the file, oldest first."""
        self.ensure_one()
        history = []
        actions = self.env["debt.recovery.action"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("invoice_ids", "in", self.invoice_ids.ids),
            ],
            order="date, id",
        )
        channels = {
            "email": "courriel",
            "post": "courrier",
            "both": "courrier et courriel",
            "activity": "",
            "none": "",
        }
        for action in actions:
            if action.notice_id:
                continue
            how = channels.get(action.channel, "")
            label = action.level_id.name + (f" ({how})" if how else "")
            history.append((action.date, label))
        notice = self.notice_id
        if notice:
            if notice.sent_date:
                text = "Mise en demeure " + letter_data.CHANNEL_PHRASES[notice.channel]
                if notice.tracking_number:
                    text += f" n° {notice.tracking_number}"
                history.append((notice.sent_date, text))
            if notice.delivery == "received" and notice.receipt_date:
                history.append(
                    (notice.receipt_date, "Accusé de réception signé par le débiteur")
                )
            elif notice.delivery == "returned":
                if notice.presentation_date:
                    history.append(
                        (
                            notice.presentation_date,
                            "Première présentation de la lettre recommandée "
                            "(pli non réclamé)",
                        )
                    )
                if notice.returned_date:
                    history.append((notice.returned_date, "Retour du pli non réclamé"))
            if notice.deadline_date:
                history.append(
                    (
                        notice.deadline_date,
                        "Expiration du délai de "
                        f"{formatting.integer_in_words(notice.deadline_days)} jours "
                        "fixé par la mise en demeure",
                    )
                )
        history.sort(key=lambda item: item[0])
        return history

    def _recovery_annex_labels(self):
        self.ensure_one()
        annexes = []
        if self.invoice_ids:
            annexes.append(
                "Factures " + ", ".join(self.invoice_ids.sorted("name").mapped("name"))
            )
        notice = self.notice_id
        if notice:
            annexes.append(f"Mise en demeure {notice.name}")
            if notice.delivery == "received":
                annexes.append("Accusé de réception de la mise en demeure")
            elif notice.delivery == "returned":
                annexes.append("Pli recommandé retourné non réclamé")
            annexes.extend(notice._recovery_proof_annex_labels())
        annexes.append("Décompte détaillé de la créance")
        annexes.extend(self.document_ids.mapped("name"))
        annexes.extend(g._recovery_annex_label() for g in self.sudo().guarantee_ids)
        return annexes

    def _recovery_letters(self, kind=None):
        """The file summary (``dossier_contentieux``, its own letter),
        addressed to the handler (or kept as an internal copy when there is
        none yet), amounts as on the file; or the declarations of claim
        (``declaration_creance``)."""
        self.env["debt.recovery.letter"]._letter_check_access(self)
        if kind == "declaration_creance":
            return self._recovery_declaration_letters()
        builder = self.env["debt.recovery.letter"]
        letters = []
        for case in self.sudo():
            day = case.date
            recipient = case.handler_id or case.company_id.partner_id
            letter = builder._letter_base(
                "dossier_contentieux", case.company_id, recipient, day, case.name
            )
            letter.salutation, letter.salutation_recall = "Maître,", "Maître"
            builder._letter_fill_invoices(letter, case.invoice_ids, day, True)
            extra = case.amount_extra_costs
            _set_totals(
                letter,
                case,
                case.amount_principal,
                0.0,
                case.amount_penalty,
                case.amount_indemnity,
                len(case.invoice_ids) if case.amount_indemnity else 0,
                extra=extra,
            )
            letter.credits = []
            if case.notice_id.date:
                letter.notice_date = formatting.format_date(case.notice_id.date)
            debtor = builder._letter_recipient(case.partner_id)
            notes = [
                n.strip().removeprefix("- ").strip()
                for n in (case.route_notes or "").splitlines()
                if n.strip()
            ]
            if case.cerfa and not any(case.cerfa in n for n in notes):
                notes.insert(0, f"Formulaire Cerfa n° {case.cerfa}.")
            court_notes = case._recovery_court_notes()
            if case.judgment_enforceable_date:
                notes = [
                    n for n in notes if n != litigation_tools.LEGAL_RATE_INCREASE_NOTE
                ]
            # The decisions recorded come before the other possible routes.
            at = next(
                (i for i, n in enumerate(notes) if n.startswith("Autres voies")),
                len(notes),
            )
            notes[at:at] = court_notes
            # The complementary indemnity is its own line of the totals
            # (Totals.extra), with its justification under it.
            letter.extra_justification = (
                (case.extra_costs_justification or "").strip() if extra else ""
            )
            route = litigation_tools.ROUTE_LABELS.get(case.route, "")
            letter.litigation = letter_data.Litigation(
                debtor_name=debtor.name,
                debtor_address_lines=debtor.address_lines,
                debtor_identity=debtor.identity,
                debtor_status="Consommateur (particulier)"
                if case.is_consumer
                else PUBLIC_STATUS[
                    case.partner_id.commercial_partner_id.recovery_public_kind
                    or public_buyers.STATE_LOCAL
                ]
                if case.partner_id.recovery_is_public_buyer
                else (
                    "Société commerciale : créance entre professionnels"
                    if case.debtor_merchant
                    else "Professionnel non commerçant"
                ),
                route=route,
                court=case.court or "",
                route_notes=notes,
                prior_amicable_note=case.prior_amicable_note or "",
                history=[
                    letter_data.HistoryLine(_short(d), label)
                    for d, label in case._recovery_history()
                ],
                annexes=case._recovery_annex_labels(),
                handler=case.handler_id.name or "",
            )
            letters.append(letter)
        return letters

    def _recovery_court_notes(self):
        """Notes of the decisions recorded on the file: the order for
        payment's service period and enforcement (décret n° 2026-96), the
        legal rate increased two months after an enforceable judgment (CMF
        L313-3)."""
        self.ensure_one()
        notes = []
        order = self.injunction_order_date
        if order and self.route == litigation_tools.INJUNCTION:
            notes.append(litigation_tools.injunction_service_note(order, order))
            if self.injunction_enforcement_date:
                notes.append(
                    "Ordonnance signifiée le "
                    f"{formatting.format_date(self.injunction_service_date)}\u00a0: sans "
                    "avis d'opposition du greffe, exécution possible à compter du "
                    f"{formatting.format_date(self.injunction_enforcement_date)}."
                )
        if self.judgment_enforceable_date:
            notes.append(
                litigation_tools.legal_rate_increase_note(
                    self.judgment_enforceable_date
                )
            )
        return notes

    def _recovery_declaration_letters(self):
        """The declaration of claim of each file, addressed to the mandataire
        judiciaire or the liquidator (Code de commerce L622-24, L622-25,
        R622-23): per invoice the principal, the penalties to the day before
        the opening and the indemnity; the goods claimed under retention of
        title; the deadline."""
        builder = self.env["debt.recovery.letter"]
        letters = []
        for case in self.sudo():
            partner = case.partner_id.commercial_partner_id
            opening = case.procedure_opening_date
            if not opening:
                raise UserError(
                    self.env._(
                        "Record the date of the opening judgment of %(customer)s "
                        "before printing the declaration of claim.",
                        customer=partner.display_name,
                    )
                )
            kind = case.procedure_type or collective_tools.RECEIVERSHIP
            title = collective_tools.representative_title(kind)
            recipient = case.representative_id or partner
            until = min(case.date, opening - datetime.timedelta(days=1))
            letter = builder._letter_base(
                "declaration_creance", case.company_id, recipient, case.date, case.name
            )
            letter.salutation, letter.salutation_recall = "Maître,", "Maître"
            if not case.representative_id:
                letter.recipient.name = title
                letter.recipient.address_lines = []
            builder._letter_fill_invoices(letter, case.invoice_ids, until, True)
            label = collective_tools.PROCEDURE_LABELS[kind]
            debtor = builder._letter_recipient(partner)
            letter.subject = f"Déclaration de créance – {partner.name} – {label}"  # noqa: RUF001
            deadline = next(
                (
                    d
                    for d in case._procedure_deadlines()
                    if d.code == collective_tools.DECLARATION
                ),
                None,
            )
            retention = next(
                (
                    d
                    for d in case._procedure_deadlines()
                    if d.code == collective_tools.RETENTION
                ),
                None,
            )
            letter.declaration = letter_data.ClaimDeclaration(
                representative_title=title,
                procedure_label=label,
                debtor_name=partner.name or "",
                debtor_identity=debtor.identity,
                debtor_address=debtor.address_inline,
                opening_date=formatting.format_date(opening),
                publication_date=formatting.format_date(
                    case.procedure_publication_date
                ),
                penalties_until=formatting.format_date(until),
                penalty_basis=(
                    f"taux de {letter.penalty_rate_label} (article L441-10 du Code de "
                    "commerce), du lendemain de l'échéance de chaque facture jusqu'à "
                    "la veille du jugement d'ouverture (article L622-28)"
                ),
                deadline_date=formatting.format_date(deadline.date) if deadline else "",
                retention_goods=[
                    line.strip()
                    for line in (case.retention_goods or "").splitlines()
                    if line.strip()
                ]
                if case.retention_of_title
                else [],
                retention_deadline=formatting.format_date(retention.date)
                if retention
                else "",
                professional_recovery=kind == collective_tools.PROFESSIONAL_RECOVERY,
                liquidation=kind == collective_tools.LIQUIDATION,
                creditor_lines=letter_data.company_identity_lines(letter.company),
                indemnity_basis=letter.indemnity_basis,
                indemnity_count=sum(1 for line in letter.invoices if line.indemnity),
                **case._declaration_due_split(opening),
            )
            letters.append(letter)
        return letters

    def _declaration_due_split(self, opening):
        """The amounts due at the opening and those to fall due with their
        dates (C. com. L622-25, R622-23), and the invoices dated by their
        invoice date for want of a performance date, for the declaration
        letter."""
        self.ensure_one()
        due, to_fall = Decimal(0), Decimal(0)
        to_fall_lines, by_invoice = [], []
        currency = self.invoice_ids.currency_id[:1]
        for invoice in self.invoice_ids.sorted(
            lambda m: (m.invoice_date_due, m.name or "")
        ):
            residual = Decimal(str(invoice.amount_residual))
            if invoice.invoice_date_due and invoice.invoice_date_due >= opening:
                to_fall += residual
                to_fall_lines.append(
                    f"{invoice.name}\u00a0: {_amount(residual, currency)}, "
                    f"échéance du {formatting.format_date(invoice.invoice_date_due)}"
                )
            else:
                due += residual
            if invoice._recovery_claim_date()[1] == collective_tools.INVOICE:
                by_invoice.append(invoice.name or "")
        return {
            "due_amount": _amount(due, currency) if due else "",
            "to_fall_due_amount": _amount(to_fall, currency) if to_fall else "",
            "to_fall_due": to_fall_lines,
            "dated_by_invoice": by_invoice,
        }

    # -------------------------------------------------------------- worklist
    def _description_short(self):
        return self.env._("Litigation")
