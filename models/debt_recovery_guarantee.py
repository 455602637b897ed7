"""Guarantees of a customer's debts: a bank guarantee (garantie bancaire,
garantie autonome à première demande, C. civ. art. 2321) or a personal
surety (cautionnement, C. civ. art. 2288 and following), with the signed
deed as evidence; listed in the litigation file; an individual surety is
informed of the debtor's default (C. civ. art. 2303) and every year
(C. civ. art. 2302)."""

import datetime
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, format_list

from ..tools import evidence, formatting, letter_data, pdf_batch
from ..tools import surety as surety_tools
from .debt_recovery_letter import _amount

#: The activities of the information an individual surety is owed.
DEFAULT_ACTIVITY = "l10n_fr_debt_recovery.mail_activity_type_surety_default"
ANNUAL_ACTIVITY = "l10n_fr_debt_recovery.mail_activity_type_surety_annual"


# The states in which an individual surety is owed the annual information
# (art. 2302 C. civ.): running, or ended with debts born before its end
# still due (art. 2316), until they are paid.
ANNUAL_STATES = ("active", "expired", "called")


class DebtRecoveryGuarantee(models.Model):
    _name = "debt.recovery.guarantee"
    _description = "Guarantee of a Customer's Debts"
    _inherit = ["debt.recovery.document"]
    _recovery_window_action = "l10n_fr_debt_recovery.debt_recovery_guarantee_action"
    _recovery_letter_report = (
        "l10n_fr_debt_recovery.report_debt_recovery_guarantee_surety_information"
    )
    #: The annual information letter (C. civ. art. 2302), kept apart from
    #: the information of the default (``letter_attachment_id``).
    _recovery_annual_letter_report = (
        "l10n_fr_debt_recovery.report_debt_recovery_guarantee_surety_annual_information"
    )
    _recovery_letter_fields = {
        "information_annuelle_caution": "annual_letter_attachment_id"
    }

    # What was signed stays signed (models/debt_recovery_document.py):
    # created as a draft; once active, the deed and what the files print are
    # frozen (tools/frozen_fields.py); a mistake is corrected by cancelling
    # it with a reason and recording a new one.
    _recovery_history_states = ("active", "expired", "released", "called", "cancelled")
    #: Relied on: its surety informed.
    OPEN_STATES = ("active",)
    #: Listed in the formal notice's and the litigation file dated while it
    #: ran: relied on, called (the guarantor asked to pay), or expired since.
    FILE_STATES = ("active", "expired", "called")

    partner_id = fields.Many2one(tracking=True)
    # The guarantee is in the currency of the deed (the company's by
    # default): it covers no invoice of its own.
    currency_id = fields.Many2one(readonly=False, required=True, depends=["company_id"])
    date = fields.Date(
        string="Start date",
        default=fields.Date.context_today,
        required=True,
        tracking=True,
        help="The date the guarantee was signed or takes effect.",
    )
    expiry_date = fields.Date(
        string="Expiry date",
        tracking=True,
        help="The last day the guarantee can be called; empty for an open-ended "
        "surety (which the surety may end at any time, C. civ. art. 2302).",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("released", "Released"),
            ("called", "Called"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    kind = fields.Selection(
        [
            ("bank", "Bank guarantee (garantie bancaire / à première demande)"),
            ("surety", "Personal surety (cautionnement)"),
        ],
        required=True,
        default="surety",
        tracking=True,
    )
    guarantor_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        check_company=True,
        help="The bank that gives the guarantee, or the person who stands surety.",
    )
    guarantor_is_individual = fields.Boolean(
        string="Individual surety",
        compute="_compute_guarantor_is_individual",
        store=True,
        readonly=False,
        help="The surety is a natural person (personne physique): the company, "
        "a professional creditor, must inform it of the debtor's first payment "
        "incident (C. civ. art. 2303) and every year before 31 March "
        "(C. civ. art. 2302).",
    )
    amount = fields.Monetary(
        string="Amount guaranteed",
        tracking=True,
        help="The maximum the guarantor owes (for a surety: the amount written in "
        "its own hand in the deed).",
    )
    unlimited = fields.Boolean(
        string="No maximum",
        tracking=True,
        help="The guarantee covers the whole debt with no maximum amount.",
    )
    signed_document = fields.Binary(string="Signed deed", attachment=True, copy=False)
    signed_document_name = fields.Char(string="Signed deed file name", copy=False)
    note = fields.Text()
    activation_date = fields.Date(string="Activated on", readonly=True, copy=False)
    end_date = fields.Date(
        string="Ended on",
        readonly=True,
        copy=False,
        help="The date it expired, was released or called.",
    )
    # ---- Information of an individual surety (C. civ. art. 2302, 2303) ----
    surety_incident_date = fields.Date(
        string="First payment incident",
        readonly=True,
        copy=False,
        help="The due date of the debtor's first invoice not paid within the month "
        "(C. civ. art. 2303), found by the daily job.",
    )
    surety_information_due = fields.Date(
        string="Surety to inform from",
        readonly=True,
        copy=False,
        help="From this day the surety must be informed of the debtor's default; "
        "until it is, the interest and penalties due since the incident cannot be "
        "claimed from the surety (C. civ. art. 2303).",
    )
    surety_informed_date = fields.Date(
        string="Surety informed on",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the surety was informed of the debtor's default (evidence: "
        "never changes once recorded).",
    )
    letter_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Information letter",
        readonly=True,
        copy=False,
        help="The letter informing the surety of the debtor's default.",
    )
    letter_sha256 = fields.Char(
        string="Information letter SHA-256",
        compute="_compute_letter_sha256",
        store=True,
        copy=False,
        help="Fingerprint of the letter sent to the surety: a copy whose SHA-256 "
        "is the same (sha256sum) is the very document.",
    )
    annual_informed_date = fields.Date(
        string="Annual information sent on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The last annual information of the surety (C. civ. art. 2302: before "
        "31 March, the debt on 31 December of the year before).",
    )
    annual_reminder_year = fields.Integer(
        string="Annual information reminded for",
        readonly=True,
        copy=False,
    )
    annual_letter_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Annual information letter",
        readonly=True,
        copy=False,
        help="The last annual information letter sent to the surety (the letters "
        "of the years before stay attached to the guarantee).",
    )
    annual_letter_sha256 = fields.Char(
        string="Annual information letter SHA-256",
        compute="_compute_annual_letter_sha256",
        store=True,
        copy=False,
        help="Fingerprint of the last annual information letter: a copy whose "
        "SHA-256 is the same (sha256sum) is the very document.",
    )
    annual_information_owed = fields.Boolean(
        string="Annual information owed",
        compute="_compute_annual_information_owed",
        help="This year's information of the surety (C. civ. art. 2302) is owed "
        "and not yet made.",
    )

    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(unlimited OR amount IS NULL OR amount >= 0)",
            "The amount guaranteed cannot be negative.",
        ),
    ]

    def _compute_currency_id(self):
        for guarantee in self:
            guarantee.currency_id = (
                guarantee.currency_id or guarantee.company_id.currency_id
            )

    @api.depends("annual_letter_attachment_id")
    def _compute_annual_letter_sha256(self):
        for guarantee in self:
            attachment = guarantee.annual_letter_attachment_id.sudo()
            guarantee.annual_letter_sha256 = (
                evidence.sha256_hex(attachment.raw) or False
            )

    @api.depends_context("tz")
    @api.depends(
        "state",
        "guarantor_is_individual",
        "date",
        "expiry_date",
        "annual_informed_date",
    )
    def _compute_annual_information_owed(self):
        owed = self._recovery_annual_owed(fields.Date.context_today(self))
        for guarantee in self:
            guarantee.annual_information_owed = guarantee in owed

    def _recovery_annual_owed(self, today):
        """Among these guarantees, the individual sureties owed this year's
        information (art. 2302 C. civ.): running on 31 December of the year
        before, or ended before it (expired, or called) while debts born
        before their end were still due that day (art. 2316: the surety
        still answers for them). Only for the few ended ones is the debt
        on 31 December read."""
        year_end = datetime.date(today.year - 1, 12, 31)
        owed = self.browse()
        for guarantee in self:
            if (
                guarantee.state not in ANNUAL_STATES
                or not guarantee.guarantor_is_individual
            ):
                continue
            args = (
                guarantee.date,
                guarantee.expiry_date,
                guarantee.annual_informed_date,
                today,
            )
            if surety_tools.annual_information_owed(*args) or (
                surety_tools.annual_information_owed(*args, debt_left=True)
                and guarantee._recovery_debt_on(
                    year_end, born_by=guarantee.expiry_date
                )[0]
            ):
                owed |= guarantee
        return owed

    @api.depends("guarantor_id.is_company", "kind")
    def _compute_guarantor_is_individual(self):
        for guarantee in self:
            guarantee.guarantor_is_individual = bool(
                guarantee.kind == "surety"
                and guarantee.guarantor_id
                and not guarantee.guarantor_id.is_company
            )

    @api.constrains("date", "expiry_date")
    def _check_dates(self):
        for guarantee in self:
            if guarantee.expiry_date and guarantee.expiry_date < guarantee.date:
                raise ValidationError(
                    self.env._(
                        "%(guarantee)s: the expiry date cannot be before the start "
                        "date.",
                        guarantee=guarantee.display_name,
                    )
                )

    @api.constrains("partner_id", "guarantor_id")
    def _check_guarantor(self):
        for guarantee in self:
            if (
                guarantee.guarantor_id.commercial_partner_id
                == guarantee.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(guarantee)s: the customer cannot guarantee its own "
                        "debts; the guarantor is a bank or another person.",
                        guarantee=guarantee.display_name,
                    )
                )

    def _recovery_evidence_state(self):
        """A guarantee cancelled after it was active keeps what was signed."""
        self.ensure_one()
        if self.state == "cancelled" and self.activation_date:
            return "cancelled_active"
        return self.state

    # ------------------------------------------------------------- actions
    def action_activate(self):
        """Draft -> active: the deed signed is attached, the amount set."""
        for guarantee in self:
            if guarantee.state != "draft":
                raise UserError(
                    self.env._(
                        "%(guarantee)s is not a draft: only a draft is activated.",
                        guarantee=guarantee.display_name,
                    )
                )
            if not guarantee.signed_document:
                raise UserError(
                    self.env._(
                        "%(guarantee)s: attach the signed deed before activating "
                        "it; it is the evidence of the guarantee.",
                        guarantee=guarantee.display_name,
                    )
                )
            if not guarantee.unlimited and not guarantee.amount:
                raise UserError(
                    self.env._(
                        "%(guarantee)s: set the amount guaranteed, or tick “No "
                        "maximum”.",
                        guarantee=guarantee.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        self._recovery_flow().write({"state": "active", "activation_date": today})
        return True

    def _recovery_end(self, state, message):
        active = self.filtered(lambda g: g.state == "active")
        if active != self:
            raise UserError(
                self.env._(
                    "Only an active guarantee can be released or called: "
                    "%(guarantees)s.",
                    guarantees=format_list(
                        self.env, (self - active).mapped("display_name")
                    ),
                )
            )
        today = fields.Date.context_today(self)
        self._recovery_flow().write({"state": state, "end_date": today})
        for guarantee in self:
            guarantee.message_post(body=message, subtype_xmlid="mail.mt_note")
        return True

    def action_release(self):
        """The guarantor is released (the debt paid, or by agreement)."""
        return self._recovery_end(
            "released", self.env._("The guarantor is released from the guarantee.")
        )

    def action_call(self):
        """The guarantee is called (the guarantor is asked to pay)."""
        return self._recovery_end(
            "called",
            self.env._("The guarantee is called: the guarantor is asked to pay."),
        )

    def _recovery_cancel_records(self):
        self._recovery_flow().write({"state": "cancelled"})

    def action_record_surety_informed(self):
        """Inform the surety of the debtor's default (art. 2303): its letter
        made through the letter pipeline, attached as evidence, and the day
        recorded once, for good (the letter is then sent by registered
        post, the proof of the sending being the creditor's)."""
        for guarantee in self:
            if not guarantee.guarantor_is_individual or guarantee.state != "active":
                raise UserError(
                    self.env._(
                        "%(guarantee)s: only an active individual surety is "
                        "informed of the debtor's default.",
                        guarantee=guarantee.display_name,
                    )
                )
            if guarantee.surety_informed_date:
                raise UserError(
                    self.env._(
                        "%(guarantee)s: the surety was already informed on %(date)s.",
                        guarantee=guarantee.display_name,
                        date=format_date(self.env, guarantee.surety_informed_date),
                    )
                )
        today = fields.Date.context_today(self)
        self._render_letter()
        self._recovery_flow().write({"surety_informed_date": today})
        for guarantee in self:
            guarantee.message_post(
                body=self.env._(
                    "Information letter to the surety made: %(letter)s. Send it by "
                    "registered post and keep the proof of sending.",
                    letter=guarantee.letter_attachment_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.activity_feedback(
            [DEFAULT_ACTIVITY],
            feedback=self.env._("Surety informed of the debtor's default."),
        )
        if len(self) == 1:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{self.letter_attachment_id.id}?download=true",
                "target": "self",
            }
        return True

    def _recovery_letters(self, kind=None):
        """The information letters of the surety, addressed to it: of the
        debtor's default (``information_caution``, C. civ. art. 2303: the
        debtor's invoices still due at the letter's date), or the annual
        one (``information_annuelle_caution``, art. 2302: the debt on 31
        December of the year before). Figured as in the reminders."""
        self.env["debt.recovery.letter"]._letter_check_access(self)
        builder = self.env["debt.recovery.letter"]
        annual = kind == "information_annuelle_caution"
        letters = []
        for guarantee in self.sudo():
            day = fields.Date.context_today(guarantee)
            customer = guarantee.partner_id.commercial_partner_id
            letter = builder._letter_base(
                kind or "information_caution",
                guarantee.company_id,
                guarantee.guarantor_id,
                day,
                guarantee.name,
            )
            # The figures of the debtor's invoices, as its own letters say.
            letter.b2b = not customer.recovery_is_consumer
            if annual:
                # Art. 2302: what remained due on 31 December of the year
                # before, figured at that date.
                as_of = datetime.date(day.year - 1, 12, 31)
                invoices, snapshot = guarantee._recovery_debt_on(
                    as_of, born_by=guarantee.expiry_date
                )
                credit_lines = builder._letter_open_credits(
                    guarantee.company_id, customer
                ).filtered(lambda line, as_of=as_of: line.date <= as_of)
            else:
                as_of = day
                invoices = (
                    self.env["account.move"]
                    .sudo()
                    .search(
                        [
                            ("company_id", "=", guarantee.company_id.id),
                            ("commercial_partner_id", "=", customer.id),
                            *self.env["account.move"]._recovery_open_domain(),
                            ("invoice_date_due", "<", day),
                        ],
                        order="invoice_date_due, id",
                    )
                )
                snapshot = credit_lines = None
            # No link to the debtor's own page in a letter to its surety.
            builder._letter_fill_invoices(
                letter,
                invoices,
                as_of,
                True,
                snapshot=snapshot,
                credit_lines=credit_lines,
                portal_urls={customer.id: ""},
            )
            letter.surety = letter_data.Surety(
                debtor_name=customer.name,
                guarantee_reference=guarantee.name,
                deed_date=formatting.format_date(guarantee.date),
                amount=(
                    "sans limitation de montant"
                    if guarantee.unlimited
                    else "dans la limite de "
                    + _amount(guarantee.amount, guarantee.currency_id)
                ),
                incident_date=formatting.format_date(
                    guarantee.surety_incident_date or day
                ),
                term=(
                    "jusqu'au " + formatting.format_date(guarantee.expiry_date)
                    if guarantee.expiry_date
                    else "pour une durée indéterminée"
                ),
                as_of=formatting.format_date(as_of) if annual else "",
                expiry=(
                    formatting.format_date(guarantee.expiry_date)
                    if annual and guarantee.expiry_date
                    else ""
                ),
                ended=bool(
                    annual and guarantee.expiry_date and guarantee.expiry_date < day
                ),
            )
            letters.append(letter)
        return letters

    def _recovery_debt_on(self, day, born_by=None):
        """``(invoices, snapshot)``: the debtor's invoices issued on or
        before ``day`` with an amount still due on that day, and their
        figures at ``day`` (``account.move._recovery_snapshot``), the amount
        due being what remained on that day: the payments and credit notes
        dated after it are added back. ``born_by``: only the invoices
        issued by then (the end of the surety's commitment, art. 2316)."""
        self.ensure_one()
        Move = self.env["account.move"].sudo()
        # Open today, or changed since ``day`` (a payment reconciled since
        # rewrites its payment state): the only ones that can have been due.
        candidates = Move.search(
            [
                ("company_id", "=", self.company_id.id),
                (
                    "commercial_partner_id",
                    "=",
                    self.partner_id.commercial_partner_id.id,
                ),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("invoice_date", "<=", min(day, born_by or day)),
                "|",
                ("payment_state", "in", ("not_paid", "partial")),
                ("write_date", ">", fields.Datetime.to_datetime(day)),
            ],
            order="invoice_date_due, id",
        )
        payments, credit_notes = candidates._recovery_settlement_events()
        due = {}
        for invoice in candidates:
            later = sum(
                (
                    amount
                    for date, amount in (
                        *payments.get(invoice.id, ()),
                        *credit_notes.get(invoice.id, ()),
                    )
                    if date > day
                ),
                Decimal(0),
            )
            residual = Decimal(str(invoice.amount_residual)) + later
            if invoice.currency_id.compare_amounts(float(residual), 0) > 0:
                due[invoice.id] = residual
        invoices = candidates.filtered(lambda move: move.id in due)
        snapshot = invoices._recovery_snapshot(day)
        for invoice_id, amount in due.items():
            snapshot[invoice_id]["due"] = amount
        return invoices, snapshot

    def action_inform_surety_annual(self):
        """The annual information of the surety (C. civ. art. 2302): its
        letter, with the debt on 31 December of the year before, made
        through the letter pipeline and kept as evidence
        (``annual_letter_attachment_id``, its SHA-256), the day recorded,
        once a year; the year's activity done. The letter is then sent
        (the proof of the sending being the creditor's)."""
        today = fields.Date.context_today(self)
        for guarantee in self:
            if (
                not guarantee.guarantor_is_individual
                or guarantee.state not in ANNUAL_STATES
            ):
                raise UserError(
                    self.env._(
                        "%(guarantee)s: only an individual surety, running or ended "
                        "with debts still due, gets the annual information (a bank "
                        "guarantee, a company standing surety, a draft, released or "
                        "cancelled guarantee does not).",
                        guarantee=guarantee.display_name,
                    )
                )
            informed = guarantee.annual_informed_date
            if informed and informed.year == today.year:
                raise UserError(
                    self.env._(
                        "%(guarantee)s: this year's annual information of the "
                        "surety was already made on %(date)s.",
                        guarantee=guarantee.display_name,
                        date=format_date(self.env, informed),
                    )
                )
            if not guarantee.annual_information_owed:
                raise UserError(
                    self.env._(
                        "%(guarantee)s: no annual information is owed this year: the "
                        "surety was not running on 31 December, and no debt born "
                        "before its end was still due that day.",
                        guarantee=guarantee.display_name,
                    )
                )
        report = self.env.ref(self._recovery_annual_letter_report)
        self.env["debt.recovery.letter"]._letter_produce(
            [(guarantee, report) for guarantee in self]
        )
        self._recovery_flow().write({"annual_informed_date": today})
        for guarantee in self:
            guarantee.message_post(
                body=self.env._(
                    "Annual information letter to the surety made: %(letter)s "
                    "(SHA-256 %(sha256)s). Send it before 31 March and keep the "
                    "proof of sending.",
                    letter=guarantee.annual_letter_attachment_id.name,
                    sha256=guarantee.annual_letter_sha256,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.activity_feedback(
            [ANNUAL_ACTIVITY],
            feedback=self.env._("Annual information sent to the surety."),
        )
        if len(self) == 1:
            return {
                "type": "ir.actions.act_url",
                "url": (
                    f"/web/content/{self.annual_letter_attachment_id.id}?download=true"
                ),
                "target": "self",
            }
        return True

    def _recovery_letter_filename(self, report):
        self.ensure_one()
        if report.debt_recovery_letter_kind == "information_annuelle_caution":
            year = fields.Date.context_today(self).year
            return pdf_batch.letter_filename(
                "Information annuelle %s" % year, self.name, self.guarantor_id.name
            )
        return super()._recovery_letter_filename(report)

    # ------------------------------------------------------ for the files
    @api.model
    def _recovery_active_for(self, partners, day):
        """The guarantees of ``partners`` (commercial entities) in force on
        ``day`` (active, or called), in one search."""
        return self.search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("state", "in", self.FILE_STATES),
                ("date", "<=", day),
                "|",
                "|",
                ("expiry_date", "=", False),
                ("expiry_date", ">=", day),
                # Called before its expiry: the guarantor owes it still.
                ("state", "=", "called"),
            ],
            order="date, id",
        )

    def _recovery_annex_label(self):
        """The guarantee as listed in a file (French: the files are French)."""
        self.ensure_one()
        guarantee = self.sudo()
        if guarantee.kind == "bank":
            kind = "Garantie bancaire"
        elif guarantee.guarantor_is_individual:
            kind = "Cautionnement (caution personne physique)"
        else:
            kind = "Cautionnement"
        amount = (
            "sans plafond"
            if guarantee.unlimited
            else _amount(guarantee.amount, guarantee.currency_id)
        )
        until = (
            f"jusqu'au {formatting.format_date(guarantee.expiry_date)}"
            if guarantee.expiry_date
            else "à durée indéterminée"
        )
        label = (
            f"{kind} {guarantee.name} de {guarantee.guarantor_id.name}, {amount}, "
            f"du {formatting.format_date(guarantee.date)} {until}"
        )
        if guarantee.signed_document:
            label += " (acte signé)"
        if guarantee.surety_informed_date:
            # The proof the surety was informed (C. civ. art. 2303) keeps the
            # interest and penalties claimable from it.
            label += ", caution informée de la défaillance le " + (
                formatting.format_date(guarantee.surety_informed_date)
            )
        return label

    def _recovery_annex_files(self):
        """``[(file name, bytes)]``: the signed deeds, and the letters
        informing the sureties of the debtor's default."""
        files = []
        for guarantee in self.sudo():
            if guarantee.signed_document:
                attachment = (
                    self.env["ir.attachment"]
                    .sudo()
                    .search(
                        [
                            ("res_model", "=", guarantee._name),
                            ("res_id", "=", guarantee.id),
                            ("res_field", "=", "signed_document"),
                        ],
                        limit=1,
                    )
                )
                name = guarantee.signed_document_name or "%s.pdf" % (
                    guarantee.name.replace("/", "-")
                )
                files.append((name, attachment.raw))
            letter = guarantee.letter_attachment_id
            if letter:
                files.append((letter.name, letter.raw))
        return files

    # ------------------------------------------------------------ daily job
    @api.model
    def _recovery_daily(self, companies, today):
        """The guarantees past their expiry date expire; the individual
        sureties owed an information get an activity (art. 2303, 2302).
        A fixed number of searches, whatever the number of guarantees."""
        Guarantee = self.sudo()
        expired = Guarantee.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "active"),
                ("expiry_date", "<", today),
            ]
        )
        expired._recovery_flow().write({"state": "expired", "end_date": today})
        for guarantee in expired:
            guarantee.message_post(
                body=self.env._("The guarantee expired."),
                subtype_xmlid="mail.mt_note",
            )
        sureties = Guarantee.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "in", ANNUAL_STATES),
                ("guarantor_is_individual", "=", True),
            ]
        )
        running = sureties.filtered(lambda g: g.state == "active")
        owed = running._recovery_default_information_owed(today)
        owed._recovery_schedule_default_information(today)
        sureties._recovery_schedule_annual_information(today)
        return expired, owed

    def _recovery_default_information_owed(self, today):
        """Among these active individual sureties, those that must now be
        informed of the debtor's default and were not yet (art. 2303): one
        search of the unpaid invoices of all their customers. Records the
        incident and the date the information is owed from."""
        waiting = self.filtered(lambda g: not g.surety_incident_date)
        if not waiting:
            return self.browse()
        # An invoice counts once its month of regularisation has passed.
        latest_due = today - datetime.timedelta(days=28)
        invoices = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("company_id", "in", waiting.company_id.ids),
                    ("commercial_partner_id", "in", waiting.partner_id.ids),
                    ("invoice_date_due", "<=", latest_due),
                ],
                ["company_id", "commercial_partner_id", "invoice_date_due"],
            )
        )
        due_dates = {}
        for invoice in invoices:
            key = (invoice.company_id.id, invoice.commercial_partner_id.id)
            due_dates.setdefault(key, []).append((invoice.invoice_date_due, None))
        owed = self.browse()
        for guarantee in waiting:
            info = surety_tools.default_information(
                due_dates.get((guarantee.company_id.id, guarantee.partner_id.id), []),
                start=guarantee.date,
                today=today,
            )
            if info is None:
                continue
            guarantee._recovery_flow().write(
                {
                    "surety_incident_date": info.incident_date,
                    "surety_information_due": info.owed_from,
                }
            )
            owed |= guarantee
        return owed

    def _recovery_schedule_default_information(self, today):
        for guarantee in self._recovery_company_lang():
            guarantee.activity_schedule(
                DEFAULT_ACTIVITY,
                date_deadline=max(guarantee.surety_information_due, today),
                summary=guarantee.env._("Inform the surety of the debtor's default"),
                note=guarantee.env._(
                    "%(customer)s has not paid an invoice due on %(date)s within the "
                    "month. Inform the surety %(surety)s of the default by registered "
                    "letter now: until it is informed, the interest and penalties due "
                    "since that date cannot be claimed from it (Code civil art. "
                    "2303). Then click “Inform the surety”.",
                    customer=guarantee.partner_id.name,
                    date=format_date(guarantee.env, guarantee.surety_incident_date),
                    surety=guarantee.guarantor_id.name,
                ),
                user_id=guarantee.user_id.id or self.env.uid,
            )

    def _recovery_schedule_annual_information(self, today):
        """From 1 January to 30 March, once a year, an activity for each
        individual surety owed this year's information and not yet informed
        (art. 2302; ``_recovery_annual_owed``)."""
        if today > surety_tools.annual_information_deadline(today.year):
            return self.browse()
        due = self.filtered(
            lambda g: g.annual_reminder_year != today.year
        )._recovery_annual_owed(today)
        if not due:
            return self.browse()
        due._recovery_flow().write({"annual_reminder_year": today.year})
        deadline = surety_tools.annual_information_deadline(today.year)
        for guarantee in due._recovery_company_lang():
            guarantee.activity_schedule(
                ANNUAL_ACTIVITY,
                date_deadline=deadline,
                summary=guarantee.env._("Annual information of the surety"),
                note=guarantee.env._(
                    "Before 31 March, send %(surety)s the principal, interest and "
                    "other accessories %(customer)s still owed on 31 December, and "
                    "remind it of the end of its commitment (or, open-ended, that it "
                    "may end it at any time), at the company's cost (Code civil art. "
                    "2302). Then click “Inform the surety (annual)”: it makes the "
                    "letter.",
                    surety=guarantee.guarantor_id.name,
                    customer=guarantee.partner_id.name,
                ),
                user_id=guarantee.user_id.id or self.env.uid,
            )
        return due
