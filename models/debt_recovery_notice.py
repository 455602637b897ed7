# (French letter text: French typography.)
"""Formal notices (mise en demeure): validation freezes the amounts claimed,
the letter and its proof of sending, the deadline, then the litigation file
when the deadline passes unpaid (art. 1344 Code civil)."""

import datetime
import io
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_list
from odoo.tools import pdf as pdf_tools
from odoo.tools.misc import formatLang

from ..services import postal
from ..tools import collective as collective_tools
from ..tools import deadlines as deadline_tools
from ..tools import formatting, letter_data
from .debt_recovery_document import MANAGER_GROUP

# What validation sets, and what the letter says and its proof: frozen field
# by field, in the one table tools/frozen_fields.py.


def _amount(value, currency=None):
    """``value`` in figures, in ``currency`` (default euros)."""
    code = currency.name if currency else "EUR"
    return formatting.format_currency_amount(Decimal(str(value)), code)


def _set_totals(
    letter, record, principal, credits, penalties, indemnity, count, extra=0
):
    """Totals of ``letter`` from the frozen amounts (floats) of ``record`` (a
    notice or a litigation file): in the record's currency, the indemnity in
    the company's (euros), each currency apart."""
    code = record.currency_id.name

    def amounts(value):
        return {code: Decimal(str(value))} if value else {}

    letter.totals = record.env["debt.recovery.letter"]._letter_claim_totals(
        letter,
        record.company_id,
        {code: Decimal(str(principal))},
        amounts(credits),
        amounts(penalties),
        Decimal(str(indemnity)),
        count if indemnity else 0,
        extra=amounts(extra),
    )


def _segments_data(result):
    """The segments of a :class:`tools.penalties.PenaltyResult` as frozen on
    a notice line (JSON): dates ISO, amounts as decimal strings, each amount
    rounded so that the segments add up to the line's penalties."""
    if result is None or not result.segments:
        return []
    return [
        {
            "start": segment.start.isoformat(),
            "end": segment.end.isoformat(),
            "days": segment.days,
            "base": str(segment.base),
            "rate": str(segment.rate),
            "amount": str(amount),
        }
        for segment, amount in zip(
            result.segments, result.display_amounts(), strict=True
        )
    ]


#: The notice's channels a postal provider can carry, and their service.
CHANNEL_SERVICES = {
    "lrar": postal.base.SERVICE_LRAR,
    "lre": postal.base.SERVICE_LRE,
}


class DebtRecoveryNotice(models.Model):
    _name = "debt.recovery.notice"
    _description = "Formal Notice (mise en demeure)"
    _recovery_window_action = "l10n_fr_debt_recovery.debt_recovery_notice_action"
    _recovery_letter_report = "l10n_fr_debt_recovery.report_debt_recovery_notice"
    _inherit = ["debt.recovery.document", "debt.recovery.postal.mixin"]

    # What was sent stays sent (models/debt_recovery_document.py): created as
    # a draft; validated (and every state after, including cancelled after
    # validation) it is history and is never deleted.
    _recovery_history_states = (
        "validated",
        "sent",
        "received",
        "expired",
        "paid",
        "litigation",
    )

    # The states other files use, by name (models/debt_recovery_document.py):
    #: in progress: its invoices are out of the normal ladder (the daily job
    #: leaves them, ``HOLD_STATES``) and in no other open notice;
    OPEN_STATES = ("draft", "validated", "sent", "received", "expired", "litigation")
    HOLD_STATES = OPEN_STATES
    #: sent and still waiting for the customer's payment: the daily job marks
    #: them paid once their invoices are;
    RUNNING_STATES = ("validated", "sent", "received", "expired")
    #: in progress and not handed over to a litigation file: what the
    #: worklist shows as a notice (past it, the litigation file is shown);
    PENDING_STATES = ("draft", *RUNNING_STATES)
    #: validated and not cancelled (its history states): its letter is final,
    #: and its receipt starts a consumer's legal interest;
    ISSUED_STATES = _recovery_history_states
    #: prepared, or sent and its deadline not passed: the processing wizard
    #: shows it and offers no new notice.
    BEFORE_DEADLINE_STATES = ("draft", "validated", "sent", "received")

    partner_id = fields.Many2one(tracking=True)
    recipient_id = fields.Many2one(
        "res.partner",
        string="Addressed to",
        check_company=True,
        help="Contact whose postal address receives the registered letter; "
        "empty: the customer.",
    )
    user_id = fields.Many2one(tracking=True)
    action_id = fields.Many2one(
        "debt.recovery.action",
        string="Recovery step",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="Step of the recovery ladder that prepared this notice.",
    )
    case_id = fields.Many2one(
        "debt.recovery.case",
        string="Litigation file",
        readonly=True,
        copy=False,
        check_company=True,
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "debt_recovery_notice_invoice_rel",
        "notice_id",
        "invoice_id",
        string="Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id)]",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    line_ids = fields.One2many(
        "debt.recovery.notice.line", "notice_id", string="Amounts claimed", copy=False
    )
    is_consumer = fields.Boolean(
        string="Consumer",
        compute="_compute_is_consumer",
        store=True,
        readonly=False,
        help="A consumer owes no recovery indemnity; legal interest starts at "
        "the receipt of the notice.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("validated", "Validated"),
            ("sent", "Sent"),
            ("received", "Received"),
            ("expired", "Deadline passed"),
            ("paid", "Paid"),
            ("cancelled", "Cancelled"),
            ("litigation", "Litigation"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )

    # Frozen at validation: the amounts the letter claims.
    date = fields.Date(
        string="Notice date",
        readonly=True,
        copy=False,
        tracking=True,
        help="Date of the letter: the amounts are computed to this day.",
    )
    validated_by_id = fields.Many2one(
        "res.users", string="Validated by", readonly=True, copy=False
    )
    amount_principal = fields.Monetary(
        string="Principal", readonly=True, copy=False, help="Still due on the invoices."
    )
    amount_penalty = fields.Monetary(
        string="Penalties / interest", readonly=True, copy=False
    )
    amount_indemnity = fields.Monetary(
        string="Recovery indemnities",
        readonly=True,
        copy=False,
        currency_field="indemnity_currency_id",
        help="Fixed indemnity for recovery costs, set in euros by law (art. D441-5 "
        "Code de commerce): on a notice in another currency it is claimed beside "
        "the total, not added to it.",
    )
    amount_credit = fields.Monetary(
        string="Credits deducted",
        readonly=True,
        copy=False,
        help="Open credit notes and unreconciled payments of the customer, in the "
        "notice's currency.",
    )
    amount_total = fields.Monetary(
        string="Total claimed",
        readonly=True,
        copy=False,
        tracking=True,
        help="In the currency of the notice's invoices. The fixed indemnity (in "
        "euros) is included only when the invoices are in euros too.",
    )
    # What a draft would claim if validated today (frozen at validation).
    preview_principal = fields.Monetary(
        string="Principal to date", compute="_compute_preview"
    )
    preview_credit = fields.Monetary(
        string="Credits to deduct", compute="_compute_preview"
    )
    preview_penalty = fields.Monetary(
        string="Penalties / interest to date", compute="_compute_preview"
    )
    preview_indemnity = fields.Monetary(
        string="Recovery indemnities to date",
        currency_field="indemnity_currency_id",
        compute="_compute_preview",
    )
    preview_total = fields.Monetary(
        string="Total claimed if validated today",
        compute="_compute_preview",
        help="Principal - credits + penalties + indemnities (the indemnity only "
        "when the notice is in euros), computed to today. Validating freezes "
        "these amounts.",
    )
    preview_error = fields.Text(string="Penalty problem", compute="_compute_preview")
    amount_residual = fields.Monetary(
        string="Still due",
        compute="_compute_amount_residual",
        help="What the customer still owes today on the invoices of the notice "
        "(principal only).",
    )

    # Sending and proof.
    channel = fields.Selection(
        [
            ("lrar", "Registered letter with acknowledgment of receipt"),
            ("lre", "Electronic registered letter"),
            ("bailiff", "Served by a commissaire de justice"),
            ("hand", "Hand delivery against receipt"),
        ],
        default="lrar",
        required=True,
        tracking=True,
    )
    lre_consent = fields.Boolean(
        string="Consumer agreed to electronic registered letters",
        help="An electronic registered letter is valid for a consumer only with "
        "their prior consent.",
    )
    tracking_number = fields.Char(tracking=True, copy=False)
    sent_date = fields.Date(tracking=True, copy=False)
    delivery = fields.Selection(
        [
            ("pending", "Waiting for receipt"),
            ("received", "Received"),
            ("returned", "Returned / not claimed"),
        ],
        default="pending",
        required=True,
        tracking=True,
        copy=False,
    )
    receipt_date = fields.Date(
        tracking=True,
        copy=False,
        help="Date signed on the acknowledgment of receipt.",
    )
    presentation_date = fields.Date(
        string="First presentation",
        tracking=True,
        copy=False,
        help="Day the post first presented the letter (notice left in the "
        "mailbox), for a letter returned not claimed.",
    )
    returned_date = fields.Date(string="Returned on", tracking=True, copy=False)
    proof_attachment_ids = fields.Many2many(
        "ir.attachment",
        "debt_recovery_notice_proof_rel",
        "notice_id",
        "attachment_id",
        string="Proof of sending and receipt",
        copy=False,
        help="Scans of the registered-mail slip, the signed acknowledgment of "
        "receipt or the returned envelope, or the service report.",
    )
    letter_attachment_id = fields.Many2one(
        "ir.attachment", string="Letter", readonly=True, copy=False
    )
    # The guarantees of the customer in force on the notice's date (or today
    # for a draft): the notice's file lists them (models/debt_recovery_guarantee.py).
    guarantee_ids = fields.Many2many(
        "debt.recovery.guarantee",
        string="Guarantees",
        compute="_compute_guarantee_ids",
    )
    letter_sha256 = fields.Char(
        string="Letter SHA-256",
        compute="_compute_letter_sha256",
        store=True,
        copy=False,
        help="Fingerprint of the letter PDF sent: a copy whose SHA-256 is the same "
        "(sha256sum) is the very document sent.",
    )

    # Deadline.
    deadline_days = fields.Integer(
        string="Deadline (days from receipt)",
        help="The letter gives the customer this many days from its receipt "
        "(art. 1344 Code civil); the calendar date is known, and printed, only "
        "once the receipt (or the first presentation) is recorded.",
        default=lambda self: self.env.company.debt_recovery_notice_days,
        tracking=True,
    )
    deadline_start = fields.Date(
        string="Deadline runs from",
        compute="_compute_deadline",
        store=True,
    )
    deadline_date = fields.Date(
        string="Deadline",
        compute="_compute_deadline",
        store=True,
        tracking=True,
        help="Last day for the customer to pay: the deadline counted from the "
        "receipt, or from the first presentation of a letter not claimed.",
    )
    expired_date = fields.Date(string="Expired on", readonly=True, copy=False)
    paid_date = fields.Date(string="Paid on", readonly=True, copy=False)
    note = fields.Text()
    penalty_breakdown = fields.Text(
        string="Penalty computation",
        compute="_compute_penalty_breakdown",
        help="One line per invoice and period: amount bearing interest x annual "
        "rate x days / 365, as frozen at the validation and printed in the "
        "letter.",
    )

    @api.depends("partner_id", "date")
    def _compute_guarantee_ids(self):
        Guarantee = self.env["debt.recovery.guarantee"]
        for notice in self:
            notice.guarantee_ids = Guarantee._recovery_active_for(
                notice.partner_id, notice.date or fields.Date.context_today(notice)
            )

    @api.depends("line_ids.penalty_breakdown")
    def _compute_penalty_breakdown(self):
        for notice in self:
            notice.penalty_breakdown = "\n".join(
                f"{line.invoice_id.name}\u00a0: {text}"
                for line in notice.line_ids
                for text in (line.penalty_breakdown or "").splitlines()
            )

    # ------------------------------------------------------------- computes
    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for notice in self:
            notice.invoice_count = len(notice.invoice_ids)

    @api.depends("partner_id")
    def _compute_is_consumer(self):
        for notice in self:
            notice.is_consumer = notice.partner_id.recovery_is_consumer

    @api.depends("invoice_ids.amount_residual")
    def _compute_amount_residual(self):
        # In the invoices' currency (the notice's), not the company's.
        for notice in self:
            notice.amount_residual = sum(
                notice.invoice_ids.filtered(
                    lambda m: not m._recovery_is_settled()
                ).mapped("amount_residual")
            )

    @api.depends(
        "delivery",
        "receipt_date",
        "presentation_date",
        "returned_date",
        "deadline_days",
    )
    def _compute_deadline(self):
        # The company setting is read when the delivery is recorded; changing
        # it later does not move the deadlines of notices already notified.
        for notice in self:
            start = notice._deadline_start()
            notice.deadline_start = start
            notice.deadline_date = deadline_tools.notice_deadline(
                start, max(notice.deadline_days, 0)
            )

    def _deadline_start(self):
        self.ensure_one()
        if self.delivery == "received":
            return self.receipt_date
        if self.delivery == "returned":
            if self.company_id.debt_recovery_notice_unclaimed_start == "returned":
                return self.returned_date or self.presentation_date
            return self.presentation_date or self.returned_date
        return False

    def _notified_date(self):
        """Day the notice reached (or was presented to) the customer."""
        self.ensure_one()
        if self.delivery == "received":
            return self.receipt_date
        if self.delivery == "returned":
            return self.presentation_date or self.returned_date
        return False

    # ---------------------------------------------------------------- ORM
    @api.model_create_multi
    def create(self, vals_list):
        notices = super().create(vals_list)
        notices._check_invoices()
        return notices

    def _recovery_after_write(self, vals, before):
        if "invoice_ids" in vals or "partner_id" in vals:
            self._check_invoices()

    def _recovery_evidence_state(self):
        """A notice cancelled after its validation keeps what it sent."""
        self.ensure_one()
        if self.state == "cancelled" and self.validated_by_id:
            return "cancelled_issued"
        return self.state

    def _recovery_history_records(self):
        """Validated notices, and those cancelled after their validation."""
        return self.filtered(
            lambda n: (
                n.state in self._recovery_history_states
                or (n.state == "cancelled" and n.validated_by_id)
            )
        )

    def _check_invoices(self):
        for notice in self:
            if len(notice.invoice_ids.currency_id) > 1:
                raise UserError(
                    self.env._(
                        "A formal notice claims one currency: the invoices of "
                        "%(notice)s are in %(currencies)s. Make one notice per "
                        "currency.",
                        notice=notice.name,
                        currencies=format_list(
                            self.env, notice.invoice_ids.currency_id.mapped("name")
                        ),
                    )
                )
            wrong = notice.invoice_ids.filtered(
                lambda m, n=notice: (
                    m.move_type != "out_invoice"
                    or m.state != "posted"
                    or m.commercial_partner_id != n.partner_id
                )
            )
            if wrong:
                raise UserError(
                    self.env._(
                        "The formal notice %(notice)s can only cover posted invoices "
                        "of %(customer)s; remove %(invoices)s.",
                        notice=notice.name,
                        customer=notice.partner_id.display_name,
                        invoices=", ".join(wrong.mapped("display_name")),
                    )
                )

    # ------------------------------------------------------------ helpers
    def _format_amount(self, amount):
        self.ensure_one()
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _format_claim(self):
        """The total claimed, with the indemnity in euros beside it when the
        notice is in another currency: "1 150,00 $ + 40,00 €"."""
        self.ensure_one()
        text = self._format_amount(self.amount_total)
        if self.amount_indemnity and not self._recovery_indemnity_in_total():
            text += " + " + formatLang(
                self.env, self.amount_indemnity, currency_obj=self.indemnity_currency_id
            )
        return text

    def _check_manager(self, what):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._(
                    "Only a recovery manager can %(what)s a formal notice.", what=what
                )
            )

    def _check_state(self, states, what):
        wrong = self.filtered(lambda n: n.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cannot %(what)s the formal notice %(notice)s: it is %(state)s.",
                    what=what,
                    notice=wrong[0].name,
                    state=labels[wrong[0].state].lower(),
                )
            )

    def _letter_recipient(self):
        self.ensure_one()
        return self.recipient_id or self.partner_id

    def _check_can_validate(self):
        self.ensure_one()
        partner = self.partner_id
        if not self.invoice_ids:
            raise UserError(
                self.env._(
                    "The formal notice %(notice)s has no invoice: add the unpaid "
                    "invoices it claims.",
                    notice=self.name,
                )
            )
        paid = self.invoice_ids.filtered(lambda m: m._recovery_is_settled())
        if paid:
            raise UserError(
                self.env._(
                    "Invoices %(invoices)s are already paid: remove them from the "
                    "formal notice %(notice)s.",
                    invoices=", ".join(paid.mapped("name")),
                    notice=self.name,
                )
            )
        frozen = self.invoice_ids.filtered(lambda m: m._recovery_frozen_by_procedure())
        if frozen:
            raise UserError(
                self.env._(
                    "%(customer)s is under a collective procedure: invoices "
                    "%(invoices)s, dated before the opening judgment, may not be "
                    "claimed by a formal notice; declare them to the court-appointed "
                    "representative instead (Declare the claim, on the customer).",
                    customer=partner.display_name,
                    invoices=", ".join(frozen.mapped("name")),
                )
            )
        recipient = self._letter_recipient()
        if self.channel == "lre":
            if not recipient.email:
                raise UserError(
                    self.env._(
                        "%(customer)s has no email address for an electronic "
                        "registered letter: add one or choose another channel.",
                        customer=recipient.display_name,
                    )
                )
            if self.is_consumer and not self.lre_consent:
                raise UserError(
                    self.env._(
                        "An electronic registered letter is valid for a consumer "
                        "only with their prior consent: tick the consent box if you "
                        "have it, or send a registered letter by post."
                    )
                )
        elif not (recipient.street and recipient.zip and recipient.city):
            raise UserError(
                self.env._(
                    "%(customer)s has no complete postal address (street, zip and "
                    "city): complete it before validating the formal notice.",
                    customer=recipient.display_name,
                )
            )

    # --------------------------------------------------------------- buttons
    def action_validate(self):
        """Freeze the amounts to today, render the letter (manager only)."""
        self._check_manager(self.env._("validate"))
        self._check_state(("draft",), self.env._("validate"))
        today = fields.Date.context_today(self)
        for notice in self:
            notice._check_can_validate()
        # Public registries (models/debt_recovery_registry_check.py), after
        # the local checks: a collective procedure just found in the BODACC
        # or a registered letter's address unknown to the BAN stops the
        # validation of every notice (nothing half done), WITHOUT an error so
        # that what the registries said is kept; an unreachable registry
        # only warns.
        registry = self._recovery_registry_check()
        if registry.blocking or registry.new_procedures:
            return registry.notification(
                self.env, self.env._("The formal notice was not validated")
            )
        self = self._recovery_company_lang()  # the notes below in its language
        self._freeze_amounts(today)
        self._recovery_flow().write(
            {"state": "validated", "date": today, "validated_by_id": self.env.uid}
        )
        self._render_letter()
        self.activity_unlink(
            [
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                "mail.mail_activity_data_todo",
            ]
        )
        self._done_ladder_actions()
        for notice in self:
            notice.message_post(
                body=self.env._(
                    "Formal notice validated: %(total)s claimed on %(count)s "
                    "invoice(s), amounts computed to %(date)s.",
                    total=notice._format_claim(),
                    count=len(notice.invoice_ids),
                    date=format_date(self.env, today),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if registry.warnings:
                notice.message_post(
                    body=self.env._(
                        "Validated despite these public registry warnings: %(warnings)s",
                        warnings=" ".join(registry.warnings),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return (
            registry.notification(self.env, self.env._("Formal notice validated"))
            or True
        )

    def _recovery_registry_check(self):
        """Checks before validation: the debtor of each notice, and the
        address its letter goes to (blocking for a registered letter)."""
        Check = self.env["debt.recovery.registry.check"]
        report = Check._recovery_check_partners(
            self.partner_id,
            "notice",
            address_partners={n.partner_id: n._letter_recipient() for n in self},
            registered=self.filtered(lambda n: n.channel == "lrar").partner_id,
            company=self.company_id[:1],
        )
        if report.new_procedures:
            report.blocking.insert(
                0,
                self.env._(
                    "A collective procedure was found in the BODACC and recorded "
                    "on the customer: no formal notice may be sent; declare the "
                    "claim to the court-appointed representative instead."
                ),
            )
        return report

    @api.depends(
        "state", "invoice_ids", "is_consumer", "partner_id", "company_id", "currency_id"
    )
    def _compute_preview(self):
        """The amounts of a draft as its validation today would freeze them
        (``_freeze_amounts``): the same snapshot of the invoices, credits in
        the notice's currency, the indemnity in the total only in euros."""
        drafts = self.filtered(lambda n: n.state == "draft" and n.invoice_ids)
        (self - drafts).update(
            {
                "preview_principal": 0.0,
                "preview_credit": 0.0,
                "preview_penalty": 0.0,
                "preview_indemnity": 0.0,
                "preview_total": 0.0,
                "preview_error": False,
            }
        )
        if not drafts:
            return
        today = fields.Date.context_today(self)
        invoices = drafts.invoice_ids._origin
        snapshots = invoices._recovery_snapshot(today)
        for notice in drafts:
            figures = [snapshots[inv.id] for inv in notice.invoice_ids._origin]
            principal = float(sum(f["due"] for f in figures))
            penalty = float(sum(f["penalty"] for f in figures))
            indemnity = (
                0.0
                if notice.is_consumer
                else float(sum(f["indemnity"] for f in figures))
            )
            credit = float(
                self.env["debt.recovery.run"]
                ._open_credits(notice.company_id, [notice.partner_id.id])
                .get(
                    (notice.company_id.id, notice.partner_id.id, notice.currency_id.id),
                    Decimal("0"),
                )
            )
            in_total = indemnity if notice._recovery_indemnity_in_total() else 0.0
            notice.preview_principal = principal
            notice.preview_credit = credit
            notice.preview_penalty = penalty
            notice.preview_indemnity = indemnity
            notice.preview_total = notice.currency_id.round(
                principal - credit + penalty + in_total
            )
            errors = sorted({f["error"] for f in figures if f["error"]})
            notice.preview_error = "\n".join(errors) or False

    def action_preview_letter(self):
        """The letter of a draft as its validation today would make it,
        without validating: amounts frozen and letter rendered in a savepoint
        rolled back at once (no reference, no evidence kept). The PDF is a
        private attachment of the user (no record)."""
        self.ensure_one()
        self._check_state(("draft",), self.env._("preview"))
        today = fields.Date.context_today(self)
        report = self.env.ref(self._recovery_letter_report)
        # As the superuser: the lines are made by managers' validation only;
        # all of it is rolled back.
        notice = self.sudo()
        # The preview must never pass for the letter sent: its reference
        # reads "DRAFT" and every page carries the mark.
        draft = self.env._("DRAFT")
        with self.env.cr.savepoint() as savepoint:
            notice._freeze_amounts(today)
            notice._recovery_flow().write(
                {"date": today, "name": f"{draft} - {self.name}"}
            )
            (letter,) = self.env["debt.recovery.letter"]._letter_produce(
                [(notice, report)], store=False
            )
            self.env.flush_all()
            savepoint.close(rollback=True)
        self.env.invalidate_all(flush=False)
        if letter.error:
            raise UserError(letter.error)
        marked = pdf_tools.add_banner(
            io.BytesIO(letter.pdf),
            self.env._("DRAFT - not sent - no legal effect"),
            logo=False,
        ).getvalue()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Preview - %(notice)s - %(customer)s.pdf",
                    notice=self.name,
                    customer=self.partner_id.display_name,
                ),
                "raw": marked,
                "mimetype": "application/pdf",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}",
            "target": "new",
        }

    def action_print_letter(self):
        """The letter sent (validated notices): the PDF kept as evidence."""
        self.ensure_one()
        if not self.letter_attachment_id:
            raise UserError(
                self.env._(
                    "The formal notice %(notice)s has no letter yet: validate it "
                    "first.",
                    notice=self.name,
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.letter_attachment_id.id}?download=true",
            "target": "new",
        }

    def _freeze_amounts(self, today):
        """One line per invoice with the amounts at ``today``, and the totals."""
        invoices = self.invoice_ids
        snapshots = invoices._recovery_snapshot(today)
        errors = {inv: snapshots[inv.id]["error"] for inv in invoices}
        if any(errors.values()):
            raise UserError(
                self.env._(
                    "The late-payment penalties cannot be computed: %(error)s",
                    error="\n".join(sorted({e for e in errors.values() if e})),
                )
            )
        for notice in self._recovery_flow():
            notice.line_ids.unlink()
            lines = []
            for invoice in notice.invoice_ids.sorted(
                lambda m: (m.invoice_date_due, m.name)
            ):
                figures = snapshots[invoice.id]
                lines.append(
                    {
                        "notice_id": notice.id,
                        "invoice_id": invoice.id,
                        "amount_residual": float(figures["due"]),
                        "amount_penalty": float(figures["penalty"]),
                        "amount_indemnity": 0.0
                        if notice.is_consumer
                        else float(figures["indemnity"]),
                        # From the due date interest runs from (a public
                        # buyer's is capped by CCP L2192-10).
                        "days_overdue": max(
                            (today - invoice._recovery_interest_due()).days, 0
                        ),
                        "penalty_segments": _segments_data(figures["segments"]),
                    }
                )
            notice.env["debt.recovery.notice.line"].create(lines)
            # Amounts in the notice's currency (its invoices'); the credits
            # in that currency only; the indemnity (euros) added to the total
            # only when the notice is in euros.
            credits = (
                self.env["debt.recovery.run"]
                ._open_credits(notice.company_id, [notice.partner_id.id])
                .get(
                    (notice.company_id.id, notice.partner_id.id, notice.currency_id.id),
                    Decimal("0"),
                )
            )
            principal = sum(notice.line_ids.mapped("amount_residual"))
            penalty = sum(notice.line_ids.mapped("amount_penalty"))
            indemnity = sum(notice.line_ids.mapped("amount_indemnity"))
            in_total = indemnity if notice._recovery_indemnity_in_total() else 0.0
            notice.write(
                {
                    "amount_principal": principal,
                    "amount_penalty": penalty,
                    "amount_indemnity": indemnity,
                    "amount_credit": float(credits),
                    "amount_total": notice.currency_id.round(
                        principal - float(credits) + penalty + in_total
                    ),
                }
            )

    def _done_ladder_actions(self):
        """The ladder's formal-notice step is carried out with its notice."""
        actions = self.action_id.filtered(lambda a: a.state == "to_validate")
        if not actions:
            return
        actions.activity_unlink(
            [
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                "mail.mail_activity_data_todo",
            ]
        )
        for action in actions:
            notice = self.filtered(lambda n, a=action: n.action_id == a)[:1]
            action._recovery_flow().write(
                {
                    "state": "done",
                    "letter_attachment_id": notice.letter_attachment_id.id,
                    "to_post": notice.channel in ("lrar", "hand"),
                }
            )
        actions._recovery_log_on_partner()

    def action_send(self):
        """The letter left: sent date (today if empty) and state."""
        self._check_state(("validated",), self.env._("send"))
        today = fields.Date.context_today(self)
        for notice in self:
            notice._recovery_record_sent(notice.sent_date or today)
        return True

    def action_mark_received(self):
        self._check_state(("sent",), self.env._("record the receipt of"))
        missing = self.filtered(lambda n: not n.receipt_date)
        if missing:
            raise UserError(
                self.env._(
                    "Fill in the receipt date of %(notice)s (from the signed "
                    "acknowledgment of receipt) first.",
                    notice=missing[0].name,
                )
            )
        for notice in self:
            notice._recovery_record_receipt(notice.receipt_date)
        return True

    def action_mark_returned(self):
        self._check_state(("sent",), self.env._("record the return of"))
        missing = self.filtered(lambda n: not n.presentation_date)
        if missing:
            raise UserError(
                self.env._(
                    "Fill in the first presentation date of %(notice)s (printed on "
                    "the returned envelope) first.",
                    notice=missing[0].name,
                )
            )
        today = fields.Date.context_today(self)
        for notice in self:
            notice._recovery_record_return(
                notice.presentation_date, notice.returned_date or today
            )
        return True

    # ---- Proofs: written once, by their action (tools/frozen_fields.py) ----
    # Each event of the letter's journey has one private method, called by
    # the notice's buttons and by any other flow that learns of it (a postal
    # provider's tracking events): it checks the state, writes the proof
    # fields once (the same value again is accepted, another one refused) and
    # moves the notice on. From the next state on, the fields are frozen for
    # everyone.
    def _recovery_write_proof(self, vals, proofs=None):
        """Write the proof fields ``vals`` of this notice for good, and link
        the scans ``proofs`` (ir.attachment, added to the others)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        for name, value in vals.items():
            if self._fields[name].type == "date":
                value = fields.Date.to_date(value)
                if value and value > today:
                    raise UserError(
                        self.env._(
                            "%(notice)s: %(field)s cannot be in the future (%(date)s).",
                            notice=self.name,
                            field=self._fields[name]._description_string(self.env),
                            date=format_date(self.env, value),
                        )
                    )
            current = self[name]
            if current and value and current != value:
                raise UserError(
                    self.env._(
                        "%(notice)s: %(field)s was already recorded (%(value)s); "
                        "it is proof and is written once.",
                        notice=self.name,
                        field=self._fields[name]._description_string(self.env),
                        value=(
                            format_date(self.env, current)
                            if self._fields[name].type == "date"
                            else current
                        ),
                    )
                )
        if proofs:
            vals = {**vals, "proof_attachment_ids": [(4, a.id) for a in proofs]}
        self._recovery_flow().write(vals)

    def _recovery_record_sent(self, sent_date, tracking_number=None):
        """The letter left on ``sent_date`` (with ``tracking_number`` when
        given): the notice is sent, the ladder's step posted. A registered
        letter is not sent without its tracking number: it is what proves
        the sending and lets the receipt be followed."""
        self.ensure_one()
        self._check_state(("validated",), self.env._("send"))
        tracking = (tracking_number or self.tracking_number or "").strip()
        if self.channel in ("lrar", "lre") and not tracking:
            raise UserError(
                self.env._(
                    "Enter the tracking number of the registered letter "
                    "%(notice)s (on the slip) before marking it as sent: it is "
                    "the proof of sending.",
                    notice=self.name,
                )
            )
        vals = {"sent_date": sent_date}
        if tracking != (self.tracking_number or ""):
            vals["tracking_number"] = tracking
        self._recovery_write_proof(vals)
        self._recovery_flow().write({"state": "sent"})
        self.action_id.filtered("to_post")._recovery_mark_posted(
            fields.Date.to_date(sent_date)
        )

    def _recovery_record_presentation(self, presentation_date):
        """The post first presented the letter on ``presentation_date``
        (notice left in the mailbox); the notice stays sent."""
        self.ensure_one()
        self._check_state(("sent",), self.env._("record the presentation of"))
        self._recovery_write_proof({"presentation_date": presentation_date})

    def _recovery_record_receipt(self, receipt_date, proofs=None):
        """The customer signed the acknowledgment of receipt on
        ``receipt_date``: the notice is received, its deadline runs."""
        self.ensure_one()
        self._check_state(("sent",), self.env._("record the receipt of"))
        self._recovery_write_proof({"receipt_date": receipt_date}, proofs)
        self._recovery_flow().write({"state": "received", "delivery": "received"})

    def _recovery_record_return(
        self, presentation_date, returned_date=None, proofs=None
    ):
        """The letter came back not claimed (first presented on
        ``presentation_date``, returned on ``returned_date``): the deadline
        runs from the presentation."""
        self.ensure_one()
        self._check_state(("sent",), self.env._("record the return of"))
        vals = {"presentation_date": presentation_date}
        if returned_date:
            vals["returned_date"] = returned_date
        self._recovery_write_proof(vals, proofs)
        self._recovery_flow().write(
            {"state": "received", "delivery": "returned", "receipt_date": False}
        )

    def _recovery_record_deposit(self, tracking_number, sent_date, proof=None):
        """A postal provider handed the letter to the post (or sent the
        electronic letter): its number, the day and the deposit proof, through
        :meth:`_recovery_record_sent` like the user's button."""
        self.ensure_one()
        self._recovery_record_sent(
            sent_date or fields.Date.context_today(self), tracking_number
        )
        if proof:
            self._recovery_write_proof({}, proof)

    def _recovery_check_cancel(self):
        self._check_state(
            ("draft", "validated", "sent", "received"), self.env._("cancel")
        )
        if self.filtered(lambda n: n.state != "draft"):
            self._check_manager(self.env._("cancel"))

    def _recovery_cancel_records(self):
        """Cancel (a validated notice: manager only, with a reason, see
        ``action_cancel``), with the ladder's step waiting for it."""
        self._recovery_flow().write({"state": "cancelled"})
        self.activity_unlink(
            [
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                "mail.mail_activity_data_todo",
            ]
        )
        # The ladder's formal-notice step waiting for this notice goes too.
        self.action_id.filtered(lambda a: a.state == "to_validate")._recovery_cancel()
        return True

    def action_reset_draft(self):
        """A notice cancelled before its validation goes back to draft; one
        that was validated stays as it was sent: make a new one."""
        self._check_manager(self.env._("reset"))
        self._check_state(("cancelled",), self.env._("reset"))
        validated = self.filtered("validated_by_id")
        if validated:
            raise UserError(
                self.env._(
                    "The formal notice %(notice)s was validated: it stays in the "
                    "history as it was. Make a new formal notice for its invoices "
                    "instead.",
                    notice=validated[0].name,
                )
            )
        self._recovery_flow().write({"state": "draft", "date": False})
        return True

    def action_open_case(self):
        """Open (or show) the litigation file of an expired notice."""
        self.ensure_one()
        self._check_state(("expired", "litigation"), self.env._("go to court with"))
        if not self.case_id:
            if not self.env.user.has_group(MANAGER_GROUP):
                raise UserError(
                    self.env._("Only a recovery manager can open a litigation file.")
                )
            self.sudo()._create_cases(fields.Date.context_today(self))
        return self.case_id.get_formview_action()

    def action_print_deposit_slip(self):
        not_ready = self.filtered(
            lambda n: n.state not in ("validated", "sent") or n.channel != "lrar"
        )
        if not_ready:
            raise UserError(
                self.env._(
                    "The deposit slip lists validated formal notices sent by "
                    "registered letter; %(notices)s cannot be on it.",
                    notices=", ".join(not_ready.mapped("name")),
                )
            )
        self.env["ir.actions.report"]._recovery_require_pdf_converter(
            self.env._("The deposit slip")
        )
        # Printed without the company's document layout (web.basic_layout):
        # no layout dialog before it.
        return self.env.ref(
            "l10n_fr_debt_recovery.report_debt_recovery_notice_deposit_slip"
        ).report_action(
            self.sorted(lambda n: (n.partner_id.name or "", n.id)), config=False
        )

    # ------------------------------------------------------ installment plans
    def _recovery_plan_paused(self):
        """Notices whose unpaid invoices are all in a running installment
        plan: their deadline leads to no litigation while the plan is kept."""
        paused = self.browse()
        running = self.env["debt.recovery.plan"].RUNNING_STATES
        for notice in self.sudo():
            unpaid = notice.invoice_ids.filtered(lambda m: m.amount_residual > 0)
            if unpaid and all(
                any(plan.state in running for plan in move.recovery_plan_ids)
                for move in unpaid
            ):
                paused |= notice
        return self.browse(paused.ids)

    def action_new_recovery_plan(self):
        """Offer an installment plan for the invoices of this notice."""
        self.ensure_one()
        return self.env["debt.recovery.plan.wizard"]._recovery_open(
            self.partner_id, self.invoice_ids
        )

    # ---------------------------------------------------------------- letter
    def _letter_procedure_note(self):
        """Under a collective procedure of the customer, the notice claims
        only supplies made on or after the opening judgment, paid at their
        due date (C. com. L622-17; L641-13 in liquidation): the letter says so, and names the
        invoices dated by their invoice date for want of a delivery or
        completion date (Cass. com. 27 Sept 2011 dates a claim by its
        performance)."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        opening = partner.recovery_collective_procedure_date
        if not (partner.recovery_collective_procedure and opening):
            return ""
        kind = partner.recovery_collective_procedure_type or "receivership"
        note = (
            f"Par jugement du {formatting.format_date(opening)}, une procédure de "
            f"{collective_tools.PROCEDURE_LABELS[kind]} a été ouverte à votre "
            "égard. Les factures ci-dessous portent sur des livraisons ou "
            "prestations faites depuis ce jugement\u00a0: elles sont payables à "
            "leur échéance (article "
            f"{collective_tools.POST_OPENING_ARTICLES[kind]} du Code de commerce) "
            "et ne relèvent pas de la déclaration de créance."
        )
        by_invoice = [
            move.name
            for move in self.invoice_ids
            if move._recovery_claim_date()[1] == collective_tools.INVOICE
        ]
        if by_invoice:
            note += (
                " Faute de date de livraison ou d'exécution enregistrée, la date "
                f"de la facture a été retenue pour\u00a0: {', '.join(by_invoice)}."
            )
        return note

    def _recovery_letters(self, kind=None):
        """One mise en demeure per notice (its one kind of letter), with the
        amounts frozen at its validation (the notice date)."""
        self.env["debt.recovery.letter"]._letter_check_access(self)
        builder = self.env["debt.recovery.letter"]
        letters = []
        for notice in self.sudo():
            day = notice.date or datetime.date.today()
            letter = builder._letter_base(
                "mise_en_demeure",
                notice.company_id,
                notice._letter_recipient(),
                day,
                notice.name,
            )
            builder._letter_fill_invoices(letter, notice.invoice_ids, day, True)
            letter.procedure_note = notice._letter_procedure_note()
            lines = {line.invoice_id.name: line for line in notice.line_ids}
            if notice.line_ids:
                # The computation as frozen at the validation (the evidence).
                letter.penalty_segments = [
                    segment
                    for line in notice.line_ids
                    for segment in line._letter_segments()
                ]
            for printed in letter.invoices:
                frozen = lines.get(printed.number)
                if not frozen:
                    continue
                printed.residual = _amount(frozen.amount_residual, notice.currency_id)
                printed.penalties = _amount(frozen.amount_penalty, notice.currency_id)
                printed.indemnity = (
                    _amount(frozen.amount_indemnity, notice.indemnity_currency_id)
                    if frozen.amount_indemnity
                    else ""
                )
            if notice.line_ids:
                _set_totals(
                    letter,
                    notice,
                    notice.amount_principal,
                    notice.amount_credit,
                    notice.amount_penalty,
                    notice.amount_indemnity,
                    len(notice.line_ids.filtered("amount_indemnity")),
                )
            days = notice.deadline_days or 0
            letter.notice = letter_data.Notice(
                deadline_days=str(days),
                deadline_text=f"{formatting.integer_in_words(days)} jours",
                # A date only once the receipt is recorded: never guessed.
                deadline_date=(
                    formatting.format_date(notice.deadline_date)
                    if notice.deadline_date
                    else ""
                ),
                channel_label=letter_data.CHANNEL_LABELS[notice.channel],
                channel_phrase=letter_data.CHANNEL_PHRASES[notice.channel],
                tracking_number=notice.tracking_number or "",
            )
            previous = notice.action_id.search(
                [
                    ("partner_id", "=", notice.partner_id.id),
                    ("company_id", "=", notice.company_id.id),
                    ("state", "=", "done"),
                    ("channel", "in", ("email", "post", "both")),
                    ("date", "<=", day),
                    ("invoice_ids", "in", notice.invoice_ids.ids),
                    ("id", "!=", notice.action_id.id),
                ],
                order="date desc, id desc",
                limit=1,
            )
            if previous:
                letter.previous_letter_date = formatting.format_date(previous.date)
            letters.append(letter)
        return letters

    # -------------------------------------------------------------- worklist
    def _description_short(self):
        return self.env._("Notice")

    # ------------------------------------------------------------ daily job
    @api.model
    def _recovery_daily_update(self, companies, today):
        """Paid and expired notices; litigation files of the expired ones."""
        running = self.search(
            [("company_id", "in", companies.ids), ("state", "in", self.RUNNING_STATES)]
        )
        paid = running.filtered(
            lambda n: (
                n.invoice_ids and all(m._recovery_is_settled() for m in n.invoice_ids)
            )
        )
        paid._recovery_flow().write({"state": "paid", "paid_date": today})
        # A notice still in draft whose invoices were all paid is pointless.
        drafts = self.search(
            [("company_id", "in", companies.ids), ("state", "=", "draft")]
        ).filtered(
            lambda n: (
                n.invoice_ids and all(m._recovery_is_settled() for m in n.invoice_ids)
            )
        )
        if drafts:
            drafts._recovery_flow().write({"state": "cancelled"})
            drafts.action_id.filtered(
                lambda a: a.state == "to_validate"
            )._recovery_cancel()
            for notice in drafts:
                notice.message_post(
                    body=self.env._(
                        "Cancelled: the invoices were paid before the notice was "
                        "validated."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        for notice in paid:
            notice.message_post(
                body=self.env._("All the invoices of the formal notice are paid."),
                subtype_xmlid="mail.mt_note",
            )
        to_expire = (running - paid).filtered(
            lambda n: (
                n.state == "received" and n.deadline_date and n.deadline_date < today
            )
        )
        to_expire._recovery_flow().write({"state": "expired", "expired_date": today})
        for notice in to_expire:
            notice.message_post(
                body=self.env._(
                    "The deadline of the formal notice passed on %(date)s without "
                    "full payment (still due: %(due)s). A litigation file is "
                    "prepared.",
                    date=format_date(self.env, notice.deadline_date),
                    due=notice._format_amount(notice.amount_residual),
                ),
                subtype_xmlid="mail.mt_note",
            )
        to_expire._create_cases(today)
        return paid, to_expire

    def _create_cases(self, today):
        """A draft litigation file for each notice, with a manager activity.

        In this order:

        1. the notices whose unpaid invoices are all in a running installment
           plan get no file while the plan is kept (a note says so; breaking
           the plan prepares the file);
        2. a file for each other notice that has none yet.
        """
        paused = self._recovery_plan_paused()
        paused._recovery_note_plan_paused()
        return (self - paused)._create_case_files(today)

    def _recovery_note_plan_paused(self):
        """Why these notices get no litigation file: a note naming the plan."""
        for notice in self.sudo():
            plans = notice.invoice_ids.recovery_plan_ids.filtered(
                lambda p: p.state in p.RUNNING_STATES
            )
            notice.message_post(
                body=self.env._(
                    "No litigation file while the installment plan %(plans)s is kept; "
                    "it is prepared if the plan is broken.",
                    plans=format_list(self.env, plans.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _create_case_files(self, today):
        """A draft litigation file for each notice that has none, with a
        manager activity."""
        Case = self.env["debt.recovery.case"]
        notices = self.filtered(lambda n: not n.case_id)
        if not notices:
            return Case
        cases = Case.create(
            [
                {
                    "company_id": notice.company_id.id,
                    "partner_id": notice.partner_id.id,
                    "notice_id": notice.id,
                    "user_id": notice.user_id.id,
                    "invoice_ids": [
                        fields.Command.set(
                            notice.invoice_ids.filtered(
                                lambda m: not m._recovery_is_settled()
                            ).ids
                        )
                    ],
                    "date": today,
                }
                for notice in notices
            ]
        )
        for notice, case in zip(notices, cases, strict=True):
            notice._recovery_flow().case_id = case
        cases._compute_amounts(today)
        cases._suggest_route()
        cases._request_decision()
        return cases

    # ---- Sent through a postal provider (services/postal) ----

    def _postal_service(self):
        return CHANNEL_SERVICES.get(self.channel)

    def _postal_letter(self, service):
        self.ensure_one()
        attachment = self.letter_attachment_id.sudo()
        return postal.Letter(
            pdf=attachment.raw,
            filename=attachment.name or f"{self.name}.pdf",
            sender=self._postal_address(self.company_id.partner_id),
            recipient=self._postal_address(self._letter_recipient()),
            service=service,
            key=self._postal_key(),
            subject=self.env._("Formal notice %(ref)s", ref=self.name),
        )

    def action_send_registered(self):
        """Submit the validated notices to the postal provider. The address
        is checked first (Base Adresse Nationale); a consumer's electronic
        letter needs their consent (art. L100 Code des postes et des
        communications électroniques)."""
        self._check_state(("validated",), self.env._("send by registered mail"))
        for notice in self:
            service = notice._postal_service()
            if not service or not notice._postal_provider_code(
                notice.company_id, service
            ):
                raise UserError(
                    self.env._(
                        "No postal provider is set for this kind of letter: print "
                        "the formal notice %(notice)s and post it, then record its "
                        "tracking number.",
                        notice=notice.name,
                    )
                )
            if notice.postal_state not in (False, "failed", "cancelled"):
                raise UserError(
                    self.env._(
                        "The formal notice %(notice)s was already submitted to the "
                        "postal provider (reference %(ref)s): it is not sent twice.",
                        notice=notice.name,
                        ref=notice.postal_reference,
                    )
                )
            if not notice.letter_attachment_id:
                raise UserError(
                    self.env._(
                        "The formal notice %(notice)s has no letter yet.",
                        notice=notice.name,
                    )
                )
            if service == "lre" and notice.is_consumer and not notice.lre_consent:
                raise UserError(
                    self.env._(
                        "An electronic registered letter is valid for a consumer "
                        "only with their prior consent."
                    )
                )
        registry = self._recovery_registry_check()
        if registry.blocking:
            return registry.notification(
                self.env, self.env._("The formal notice was not sent")
            )
        sent = self.browse()
        for notice in self:
            sent |= notice.sudo()._postal_submit(notice._postal_service())
        if self - sent:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Not sent"),
                    "message": "\n".join((self - sent).mapped("postal_error")),
                    "type": "danger",
                    "sticky": True,
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def action_postal_retry(self):
        """Resubmit a letter the provider did not take (same idempotency key)."""
        failed = self.filtered(lambda n: n.postal_state == "failed")
        if failed != self:
            raise UserError(
                self.env._("Only a letter the provider did not take can be resent.")
            )
        return self.action_send_registered()

    def action_postal_refresh(self):
        """Read the status now (what the webhook and the polling job do)."""
        if self.sudo()._postal_refresh():
            raise UserError(
                self.env._(
                    "The postal provider could not be reached: the status is read "
                    "again every hour."
                )
            )
        return True

    def _postal_apply(self, provider, status):
        """Apply the provider's status to the notice; a status already
        applied changes nothing."""
        self.ensure_one()
        base = postal.base
        if status.state == base.STATE_REJECTED:
            if self.state == "validated":
                self._postal_fail(
                    base.PostalError(
                        base.ERROR_REFUSED, status.reason or "rejected by the provider"
                    )
                )
            return
        if status.state == base.STATE_CANCELLED:
            self._recovery_flow().write({"postal_state": "cancelled"})
            return
        reached = status.state in (
            base.STATE_DEPOSITED,
            base.STATE_DELIVERED,
            base.STATE_RETURNED,
        )
        # A deposit is recorded with its proof: wait for it while the letter
        # is only posted (its number is on the proof).
        waiting_proof = (
            status.state == base.STATE_DEPOSITED
            and base.PROOF_DEPOSIT not in status.proofs
        )
        if reached and self.state == "validated" and not waiting_proof:
            proof = self._postal_attach_proof(
                self._postal_proof(provider, status, base.PROOF_DEPOSIT)
            )
            self._recovery_record_deposit(
                status.tracking_number, status.deposit_date, proof
            )
            self._recovery_flow().write({"postal_state": "deposited"})
            self._postal_log_proof(proof)
        if status.state == base.STATE_DELIVERED and self.state == "sent":
            proof = self._postal_attach_proof(
                self._postal_proof(provider, status, base.PROOF_RECEIPT)
            )
            self._recovery_record_receipt(
                status.delivery_date or status.deposit_date, proofs=proof
            )
            self._recovery_flow().write({"postal_state": "delivered"})
            self._postal_log_proof(proof)
        elif status.state == base.STATE_RETURNED and self.state == "sent":
            proof = self._postal_attach_proof(
                self._postal_proof(provider, status, base.PROOF_RETURN)
            )
            self._recovery_record_return(
                status.presentation_date or status.return_date,
                status.return_date,
                proofs=proof,
            )
            self._recovery_flow().write({"postal_state": "returned"})
            self._postal_log_proof(proof)

    def _postal_log_proof(self, proof):
        if proof:
            self.message_post(
                body=self.env._(
                    "Proof received from the postal provider: %(name)s (%(sha)s).",
                    name=proof.name,
                    sha=proof.description,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _recovery_proof_annex_labels(self):
        """The proofs received from the postal provider, as listed in the
        litigation file's annexes, each with its SHA-256 (French: the letter
        is French)."""
        self.ensure_one()
        labels = []
        for proof in self.sudo().proof_attachment_ids.sorted("id"):
            sha = (proof.description or "").removeprefix("SHA-256: ")
            if (proof.description or "").startswith("SHA-256: "):
                labels.append(f"{proof.name} (SHA-256\u00a0: {sha})")
        return labels
