"""The steps of the recovery ladder (``debt.recovery.action``): one step of
one customer on one day, with what was sent (email, letter to post, activity).

Sections: fields; execution (the daily job carries out the steps); letters
(py3o, rendered in batches); emails; validation, activities and chatter;
formal notice (a formal-notice step prepares its mise en demeure); buttons
(including the installment plan offered from a step); letters to print.

Steps of the ladder are made in one place, the daily job's
``debt.recovery.run._make_steps`` (models/debt_recovery_run.py), which
calls ``_recovery_execute`` here.
"""

import datetime
import logging
import re
import tempfile
from collections import defaultdict
from pathlib import Path

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date, format_list
from odoo.tools.misc import formatLang

from ..services import postal
from ..tools import formatting, letter_data, pdf_batch
from ..tools.sms import next_allowed, parse_hours, sms_text
from ..tools.visit import map_url
from .bulk_insert import fast_path, message_body_sanitizer
from .debt_recovery_document import MANAGER_GROUP, in_recovery_flow
from .debt_recovery_letter import KIND_BY_LEVEL
from .debt_recovery_postal import PARAM

_logger = logging.getLogger(__name__)

SMS_HOURS_PARAM = "l10n_fr_debt_recovery.sms_hours"

#: Automatic sendings a company makes in one day when the setting is empty:
#: a runaway configuration stops there.
DEFAULT_DAILY_CAP = 50

# What a retried step keeps of itself; the rest of what the daily job would
# write on a new step today is recomputed (``debt.recovery.run._retry_steps``).
RETRY_KEPT_FIELDS = ("company_id", "partner_id", "level_id", "user_id", "state")

CHANNEL_HEADERS = {
    "email": letter_data.CHANNEL_LABELS["email"],
    "post": letter_data.CHANNEL_LABELS["post"],
    "both": "Lettre simple et courriel",
}


# The fields of a step's email that ``mail.template.send_mail_batch`` renders.
EMAIL_RENDER_FIELDS = (
    "attachment_ids",
    "auto_delete",
    "body_html",
    "email_cc",
    "email_from",
    "email_to",
    "mail_server_id",
    "model",
    "partner_to",
    "reply_to",
    "res_id",
    "scheduled_date",
    "subject",
)


class DebtRecoveryAction(models.Model):
    _name = "debt.recovery.action"
    _description = "Debt Recovery Action"
    _inherit = ["debt.recovery.document", "debt.recovery.postal.mixin"]

    # What was sent stays sent (models/debt_recovery_document.py). A step is
    # created as a draft by hand; the daily job and the worklist create the
    # others. Carried out, skipped or cancelled, it is history: what it
    # claimed, when, how and the letter it sent are frozen and it is never
    # deleted (cancelled with a reason instead).
    _recovery_history_states = ("done", "skipped", "cancelled")
    # The states other files use, by name (models/debt_recovery_document.py):
    #: not carried out yet (nor skipped, nor cancelled): it may still be
    #: deleted;
    OPEN_STATES = ("draft", "to_validate", "failed")
    #: a step that failed holds its invoices: the ladder does not climb past
    #: a step never sent, the next one waits until it is retried and sent, or
    #: cancelled.
    HOLD_STATES = ("failed",)
    _recovery_deletable_states = OPEN_STATES
    #: the steps that count for the ladder's gap between two letters and its
    #: one step a day: sent, skipped, or waiting for validation. A draft (a
    #: hand-made step not carried out) or a failed step never silences a
    #: customer.
    GAP_STATES = ("done", "skipped", "to_validate")
    # Its frozen fields, and those only the flows write: tools/frozen_fields.py.
    level_id = fields.Many2one(
        "debt.recovery.level",
        string="Step",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    level_code = fields.Selection(related="level_id.code", store=True)
    claim_penalties = fields.Boolean(related="level_id.claim_penalties")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    invoice_ids = fields.Many2many(
        "account.move",
        "debt_recovery_action_invoice_rel",
        "action_id",
        "invoice_id",
        string="Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('partner_id', 'child_of', partner_id)]",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    # Snapshot of the amounts at the action date, in the invoices' currency
    # (``currency_id``); the indemnity in the company's (euros, D441-5).
    amount_due = fields.Monetary(string="Amount due", help="Still due on the invoices.")
    amount_penalty = fields.Monetary(string="Late-payment penalties")
    amount_indemnity = fields.Monetary(
        string="Recovery indemnities",
        currency_field="indemnity_currency_id",
        help="Fixed indemnity for recovery costs, set in euros by law (art. D441-5 "
        "Code de commerce): on a step in another currency it is claimed beside "
        "the total, not added to it.",
    )
    amount_credit = fields.Monetary(
        string="Credits deducted",
        help="Open credit notes and unreconciled payments of the customer, in the "
        "step's currency.",
    )
    amount_total = fields.Monetary(
        string="Total claimed",
        compute="_compute_amount_total",
        store=True,
        help="In the currency of the step's invoices. The fixed indemnity (in "
        "euros) is included only when the invoices are in euros too.",
    )
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("post", "Post"),
            ("both", "Email and post"),
            ("activity", "Activity"),
            ("visit", "Visit on site"),
            ("sms", "SMS"),
            ("none", "None"),
        ],
        default="email",
        required=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_validate", "To validate"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
            ("failed", "Failed"),
            # A step the accountant decided not to carry out (worklist): it
            # stands on the ladder (the invoices move on to the following
            # step) but nothing was sent.
            ("skipped", "Skipped"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    mail_id = fields.Many2one("mail.mail", string="Email", readonly=True, copy=False)
    mail_message_id = fields.Many2one(
        "mail.message", string="Email message", readonly=True, copy=False
    )
    letter_attachment_id = fields.Many2one(
        "ir.attachment", string="Letter", readonly=True, copy=False
    )
    # The letter to download from lists (the customer page, the letters to
    # print): the PDF of ``letter_attachment_id``.
    letter_pdf = fields.Binary(
        string="Letter PDF", related="letter_attachment_id.datas", readonly=True
    )
    letter_filename = fields.Char(related="letter_attachment_id.name", readonly=True)
    letter_sha256 = fields.Char(
        string="Letter SHA-256",
        compute="_compute_letter_sha256",
        store=True,
        copy=False,
        help="Fingerprint of the letter PDF sent: a copy whose SHA-256 is the same "
        "(sha256sum) is the very document sent.",
    )
    to_post = fields.Boolean(
        string="Letter to post",
        copy=False,
        help="The customer receives letters by post: print it and mark it as posted.",
    )
    posted = fields.Boolean(copy=False, tracking=True)
    # A letter to post made obsolete before it was posted: by a later step
    # of the same customer, or reissued dated the day it is printed. It
    # leaves the letters to print and stays in the history (never deleted).
    superseded = fields.Boolean(
        readonly=True,
        copy=False,
        help="This letter was not posted: a later step of the customer, or the "
        "same letter reissued on the day it was printed, replaced it.",
    )
    superseded_by_id = fields.Many2one(
        "debt.recovery.action",
        string="Superseded by",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    posted_date = fields.Date(copy=False)
    posted_by_id = fields.Many2one("res.users", string="Posted by", copy=False)
    failure_reason = fields.Text(readonly=True, copy=False)
    penalty_error = fields.Text(
        string="Penalty problem",
        readonly=True,
        help="Why the late-payment penalties could not be computed (e.g. a "
        "missing reference rate).",
    )
    recipient_id = fields.Many2one(
        "res.partner",
        compute="_compute_recipient_id",
        help="Contact that receives the letters: the invoicing contact when there "
        "is one, otherwise the customer.",
    )
    note = fields.Text()
    # The mise en demeure prepared by a formal-notice step.
    notice_id = fields.Many2one(
        "debt.recovery.notice",
        string="Formal notice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )

    @api.constrains("invoice_ids")
    def _check_one_currency(self):
        self._recovery_check_one_currency()

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for action in self:
            action.invoice_count = len(action.invoice_ids)

    @api.depends("partner_id", "invoice_ids.partner_id")
    def _compute_recipient_id(self):
        for action in self:
            contacts = action.invoice_ids.partner_id.filtered("email")
            action.recipient_id = contacts[:1] or action.partner_id

    @api.depends(
        "amount_due",
        "amount_penalty",
        "amount_indemnity",
        "amount_credit",
        "level_id.claim_penalties",
        "currency_id",
        "indemnity_currency_id",
    )
    def _compute_amount_total(self):
        for action in self:
            extra = 0.0
            if action.level_id.claim_penalties:
                extra = action.amount_penalty
                if action._recovery_indemnity_in_total():
                    extra += action.amount_indemnity
            action.amount_total = action.amount_due - action.amount_credit + extra

    def init(self):
        # The last guard against a step sent twice (re-runs, two workers):
        # one live action per customer, step, day and currency (a customer
        # owing in two currencies gets one step in each).
        self.env.cr.execute(
            """
            DROP INDEX IF EXISTS debt_recovery_action_partner_level_date_uniq;
            CREATE UNIQUE INDEX IF NOT EXISTS
                   debt_recovery_action_partner_level_date_currency_uniq
                ON debt_recovery_action (partner_id, level_id, date, currency_id)
             WHERE state != 'cancelled'
            """
        )

    # ---- Execution ----
    def _recovery_execute(self):
        """Carry out draft actions; put the others up for validation.

        In order: the steps that cannot be sent are failed with the reason
        (``_recovery_check_can_send``), before any letter is made; the
        letters of the others are made in one batch (a step whose letter
        cannot be made fails); then emails, letters to post and activities.
        """
        to_validate = self.filtered(lambda a: a.state == "to_validate")
        to_validate._recovery_request_validation()
        drafts = self.filtered(lambda a: a.state == "draft")
        problems = defaultdict(lambda: self.browse())
        for action in drafts:
            problem = action._recovery_check_can_send()
            if problem:
                problems[problem] |= action
        for problem, actions in problems.items():
            actions._recovery_fail(problem)
        drafts = drafts.filtered(lambda a: a.state == "draft")
        letters = {
            outcome.record.id: outcome.attachment
            for outcome in drafts.filtered(
                lambda a: (
                    a.level_id.report_id and a.channel in ("email", "post", "both")
                )
            )._recovery_make_letters()
        }
        to_email = done = self.browse()
        for action in drafts:
            if action.state != "draft":
                continue  # failed while its letter was made
            attachment = letters.get(action.id)
            if action.channel in ("email", "both") and action.level_id.mail_template_id:
                to_email |= action
            if action.channel in ("post", "both") and attachment:
                action.to_post = True
            if action.channel == "visit":
                action._recovery_schedule_visit()
            elif action.level_id.channel_activity:
                action._recovery_schedule_activity(
                    "mail.mail_activity_data_call",
                    self.env._(
                        "Call %(customer)s about %(amount)s overdue",
                        customer=action.partner_id.display_name,
                        amount=action._recovery_format_claim(),
                    ),
                )
            done |= action
        done._recovery_flow().write({"state": "done", "failure_reason": False})
        done._recovery_log_on_partner()
        to_email._recovery_send_email()
        done._recovery_queue_sms()
        (done | to_validate)._recovery_supersede_letters()
        return True

    def _recovery_supersede_letters(self):
        """The letters still to post of these steps' customers that an
        earlier step made (a lower step of the ladder, or the same step on an
        earlier day) are superseded by these steps: they leave the letters to
        print, marked, never deleted. One search for all the steps."""
        if not self:
            return self.browse()
        older = self.search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("to_post", "=", True),
                ("posted", "=", False),
                ("superseded", "=", False),
                ("id", "not in", self.ids),
            ]
        )
        superseded = self.browse()
        for action in older:
            newer = self.filtered(
                lambda a, o=action: (
                    a.partner_id == o.partner_id
                    and a.company_id == o.company_id
                    and a.currency_id == o.currency_id
                    and (
                        a.level_id.sequence > o.level_id.sequence
                        or (a.level_id == o.level_id and a.date > o.date)
                    )
                )
            )[:1]
            if newer:
                action._recovery_flow().write(
                    {"superseded": True, "superseded_by_id": newer.id}
                )
                action.message_post(
                    body=self.env._(
                        "Letter not posted: superseded by %(step)s (%(ref)s) of "
                        "%(date)s.",
                        step=newer.level_id.name,
                        ref=newer.name,
                        date=format_date(self.env, newer.date),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                superseded |= action
        return superseded

    def _recovery_check_can_send(self):
        """A sentence saying what to fix, or False."""
        self.ensure_one()
        if self.channel in ("email", "both") and self.level_id.mail_template_id:
            if not self.recipient_id.email:
                return self.env._(
                    "The customer %(customer)s has no email address: add one on the "
                    "customer or switch its reminder channel to post, then retry.",
                    customer=self.partner_id.display_name,
                )
        bounced = self.partner_id.commercial_partner_id.recovery_bounced_email
        if self.channel == "post" and bounced and not self.level_id.report_id:
            return self.env._(
                "The email address %(email)s of %(customer)s bounced and the step "
                "%(step)s has no letter to post: correct the address, then retry.",
                email=bounced,
                customer=self.partner_id.display_name,
                step=self.level_id.name,
            )
        if self.channel == "visit":
            customer = self.partner_id.commercial_partner_id
            if not (customer.street and customer.city):
                return self.env._(
                    "The customer %(customer)s has no address to visit (street and "
                    "city): complete it, then retry.",
                    customer=self.partner_id.display_name,
                )
        if self.channel in ("post", "both"):
            partner = self.recipient_id
            if not (partner.street and partner.zip and partner.city):
                return self.env._(
                    "The customer %(customer)s has no complete postal address (street, "
                    "zip and city): complete it, then retry.",
                    customer=self.partner_id.display_name,
                )
        if self.amount_total <= 0:
            return self.env._(
                "Nothing is owed any more by %(customer)s: cancel this action.",
                customer=self.partner_id.display_name,
            )
        if self.level_id.claim_penalties and self.penalty_error:
            return self.penalty_error
        return False

    def _recovery_fail(self, reason):
        """These steps could not be carried out: failed, with the reason in
        their chatter, once (a retry failing for the same reason does not
        repeat it)."""
        new = self.filtered(lambda a: a.failure_reason != reason)
        self._recovery_flow().write({"state": "failed", "failure_reason": reason})
        for action in new:
            action.message_post(
                body=self.env._("Not sent: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )

    # ---- Retry ----
    def _recovery_retry_conflicts(self, today):
        """The steps that cannot be retried today: their customer already has
        a step of the same level dated today in the same currency (one step
        per customer, level, day and currency), or another of these steps
        takes that place first."""
        existing = self.sudo().search(
            [
                ("id", "not in", self.ids),
                ("partner_id", "in", self.partner_id.ids),
                ("level_id", "in", self.level_id.ids),
                ("date", "=", today),
                ("state", "!=", "cancelled"),
            ]
        )
        taken = {(a.partner_id.id, a.level_id.id, a.currency_id.id) for a in existing}
        conflicts = self.browse()
        for action in self.sorted("id"):
            key = (action.partner_id.id, action.level_id.id, action.currency_id.id)
            if key in taken:
                conflicts |= action
            taken.add(key)
        return conflicts

    # ---- Letters ----
    def _recovery_letter_kind(self):
        """Kind of letter of this step when no report asks for one: the one
        of its rung (reports/templates/<kind>.odt)."""
        self.ensure_one()
        return KIND_BY_LEVEL.get(self.level_code, "relance_amiable")

    def _recovery_letters(self, kind=None):
        """One :class:`letter_data.Letter` per action, amounts at its date, of
        ``kind`` (the kind of the report printed; default: the step's own,
        ``_recovery_letter_kind``)."""
        self.env["debt.recovery.letter"]._letter_check_access(self)
        builder = self.env["debt.recovery.letter"]
        history = builder._letter_previous_actions(self.partner_id, self.company_id)
        # The figures, the open credits, the rates and the invoices' portal
        # tokens of the whole batch, read or written at once. The invoices
        # are the stored ones (``_origin``) also for a step built in memory
        # (a preview), whose invoices are in-memory copies.
        self.sudo().invoice_ids._origin._recovery_ensure_access_tokens()
        rate_table = self.env["debt.recovery.rate"].sudo()._get_rate_table()
        snapshots = {}
        for day, actions in self.sudo().grouped("date").items():
            snapshots[day] = actions.invoice_ids._origin._recovery_snapshot(day)
        credit_lines = self.env["account.move.line"]
        portal_urls = {}
        for company, actions in self.sudo().grouped("company_id").items():
            credit_lines |= builder._letter_open_credits(company, actions.partner_id)
            customers = actions.invoice_ids._origin.commercial_partner_id
            portal_urls[company] = self.env["debt.recovery.portal.link"]._urls_for(
                customers, company
            )
        letters = []
        for action in self.sudo():
            letter_kind = kind or action._recovery_letter_kind()
            company = action.company_id
            recipient = action.recipient_id
            if recipient == action.partner_id:
                # The customer's invoicing address, when it has one.
                recipient = recipient.browse(
                    recipient.address_get(["invoice"])["invoice"]
                )
            letter = builder._letter_base(
                letter_kind, company, recipient, action.date, action.name
            )
            builder._letter_fill_invoices(
                letter,
                action.invoice_ids._origin,
                action.date,
                with_penalties=action.level_id.claim_penalties,
                snapshot=snapshots[action.date],
                credit_lines=credit_lines,
                rate_table=rate_table,
                portal_urls=portal_urls[company],
            )
            earlier = [
                (day, ref, invoice_ids)
                for day, ref, invoice_ids, action_id, company_id in history.get(
                    action.partner_id.id, ()
                )
                if day < action.date
                and action_id != action.id
                and company_id == company.id
                and set(invoice_ids) & set(action.invoice_ids._origin.ids)
            ]
            if earlier:
                letter.previous_letter_date = formatting.format_date(earlier[-1][0])
            letter.channel_label = CHANNEL_HEADERS.get(action.channel, "")
            if letter_kind == "relance_ferme":
                letter.pay_by_date = formatting.format_date(
                    action.date
                    + datetime.timedelta(days=company.debt_recovery_notice_days or 8)
                )
            if letter_kind == "mise_en_demeure":
                days = company.debt_recovery_notice_days or 8
                # "X jours à compter de la réception": no calendar date
                # before the receipt is recorded on the notice.
                letter.notice = letter_data.Notice(
                    deadline_days=str(days),
                    deadline_text=f"{formatting.integer_in_words(days)} jours",
                )
            if letter.agency and earlier:
                letter.agency.first_letter_date = formatting.format_date(earlier[0][0])
                letter.agency.first_letter_reference = earlier[0][1]
            letters.append(letter)
        return letters

    def _recovery_make_letters(self):
        """The letter of each step (its step's report), made, attached and
        linked as its letter (``debt.recovery.letter._letter_produce``); a
        step whose letter cannot be made fails with the reason."""
        return self.env["debt.recovery.letter"]._letter_produce(
            [(action, action.level_id.report_id) for action in self]
        )

    def _recovery_letter_failed(self, reason):
        """A step not sent yet whose letter cannot be made fails with the
        reason (nothing is sent without its letter); a step already sent
        (its letter made again to print) is not failed: the print is
        refused with the reason."""
        sent = self._recovery_history_records()
        (self - sent)._recovery_fail(reason)
        if sent:
            return super(DebtRecoveryAction, sent)._recovery_letter_failed(reason)
        return True

    def _recovery_letter_filename(self, report=None):
        self.ensure_one()
        return pdf_batch.letter_filename(
            self.level_id.name, self.partner_id.name, self.name
        )

    # ---- Emails ----
    def _recovery_send_email(self):
        """Queue the step's email of each action, rendered in one batch per
        template, with the letter attached when there is one."""
        # The emails link each invoice's portal page: give the invoices their
        # access token in one query rather than one write per invoice.
        self.invoice_ids._recovery_ensure_access_tokens()
        for template, actions in self.grouped(
            lambda a: a.level_id.mail_template_id
        ).items():
            mails = actions._recovery_queue_emails(template)
            mail_by_action = {mail.res_id: mail for mail in mails}
            links = [
                (action, mail_by_action[action.id])
                for action in actions
                if action.id in mail_by_action
            ]
            self._recovery_link_mails(links)

    def _recovery_queue_emails(self, template):
        """The emails of these steps from ``template``, queued: the values
        ``mail.template.send_mail_batch`` gives ``mail.mail.create()``,
        stored with one INSERT per table (``mail.mail._recovery_insert``),
        the template compiled once for the batch. A template with what that
        path does not cover (a layout, or report attachments rendered per
        record), or the fast path off (models/bulk_insert.py), goes through
        ``send_mail_batch``."""
        sanitize = message_body_sanitizer(self.env)
        if (
            template.email_layout_xmlid
            or template.report_template_ids
            or not fast_path(self.env, "mail.mail", "mail.message")
        ):
            mails = template.send_mail_batch(self.ids)
            # Odoo stores the rendered body as it is: sanitized here, one
            # write per distinct body.
            for body, same in mails.grouped("body_html").items():
                clean = sanitize(body)
                if body and clean != body:
                    same.sudo().body_html = clean
            return mails
        template._send_check_access(self.ids)
        rendered = template._recovery_batch_render()._generate_template(
            self.ids, EMAIL_RENDER_FIELDS
        )
        values_list = []
        for action in self:
            values = rendered[action.id]
            values.pop("attachments", None)
            values["recipient_ids"] = values.get("partner_ids") or []
            if "email_from" in values and not values["email_from"]:
                values.pop("email_from")  # as send_mail_batch: no void sender
            # The email's body as its message's (mail.message.create).
            values["body_html"] = sanitize(values["body_html"])
            values["body"] = values["body_html"]
            values_list.append(values)
        return self.env["mail.mail"]._recovery_insert(values_list)

    @api.model
    def _recovery_link_mails(self, links):
        """Record each action's email and attach its letter to it, for a
        whole batch in two queries: ``links`` is ``[(action, mail), ...]``."""
        if not links:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE debt_recovery_action action
                   SET mail_id = link.mail_id, mail_message_id = link.message_id
                  FROM (VALUES %s) AS link(action_id, mail_id, message_id)
                 WHERE action.id = link.action_id
                """,
                SQL(", ").join(
                    SQL("(%s, %s, %s)", action.id, mail.id, mail.mail_message_id.id)
                    for action, mail in links
                ),
            )
        )
        letters = [
            SQL("(%s, %s)", mail.mail_message_id.id, action.letter_attachment_id.id)
            for action, mail in links
            if action.letter_attachment_id
        ]
        if letters:
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO message_attachment_rel (message_id, attachment_id)
                    VALUES %s ON CONFLICT DO NOTHING
                    """,
                    SQL(", ").join(letters),
                )
            )
        actions = self.browse([action.id for action, _mail in links])
        actions.invalidate_recordset(["mail_id", "mail_message_id"])
        self.env["mail.message"].browse(
            [mail.mail_message_id.id for _action, mail in links]
        ).invalidate_recordset(["attachment_ids"])

    # ---- Validation, activities and chatter ----
    def _recovery_schedule_activity(self, activity_xmlid, summary):
        self.ensure_one()
        activity_type = self.level_id.activity_type_id or self.env.ref(activity_xmlid)
        self.activity_schedule(
            activity_type_id=activity_type.id,
            summary=summary,
            user_id=(self.user_id or self.env.user).id,
            date_deadline=self.date,
        )

    def _recovery_request_validation(self):
        """Steps to validate: an activity for the responsible, a note in the
        customer's chatter, then, for a formal-notice step, its mise en
        demeure prepared (draft)."""
        for action in self:
            action._recovery_schedule_activity(
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                self.env._(
                    "Validate the %(step)s for %(customer)s",
                    step=action.level_id.name,
                    customer=action.partner_id.display_name,
                ),
            )
        self._recovery_log_on_partner()
        self.filtered(
            lambda a: a.level_id.code == "formal_notice" and not a.notice_id
        )._recovery_create_notices()

    def _recovery_format_amount(self, amount):
        self.ensure_one()
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _recovery_format_claim(self):
        """The total claimed, with the indemnity in euros beside it when the
        step is in another currency: "1 150,00 $ + 40,00 €"."""
        self.ensure_one()
        text = self._recovery_format_amount(self.amount_total)
        if (
            self.level_id.claim_penalties
            and self.amount_indemnity
            and not self._recovery_indemnity_in_total()
        ):
            text += " + " + formatLang(
                self.env, self.amount_indemnity, currency_obj=self.indemnity_currency_id
            )
        return text

    def _recovery_log_on_partner(self):
        """Write the steps in the customers' chatter, one note per customer,
        created in one batch (``mail.message._recovery_log_notes``). The
        invoices get no note of their own: their Recovery tab and their
        Recovery steps button list every step that covered them."""
        bodies = defaultdict(list)
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for action in self:
            values = {
                "step": action.level_id.name,
                "ref": action.name,
                "invoices": action._recovery_summary_list(action.invoice_ids),
                "amount": action._recovery_format_claim(),
            }
            if action.state == "to_validate":
                body = self.env._(
                    "%(step)s prepared (%(ref)s), waiting for validation: invoices "
                    "%(invoices)s, %(amount)s.",
                    **values,
                )
            else:
                body = self.env._(
                    "%(step)s done (%(ref)s, %(channel)s): invoices %(invoices)s, "
                    "%(amount)s.",
                    channel=channels[action.channel],
                    **values,
                )
            bodies[action.partner_id.id].append(body)
        self.env["mail.message"]._recovery_log_notes(
            self.env["res.partner"].sudo().browse(list(bodies)),
            {
                partner_id: Markup("<br>").join(lines)
                for partner_id, lines in bodies.items()
            },
        )

    # ---- Formal notice ----
    def _recovery_create_notices(self):
        if not self:
            return self.env["debt.recovery.notice"]
        # Created as by hand (creation log, the responsible following it),
        # not in the batch context of the steps; the system that creates it
        # does not follow it, and the responsible is told by the validation
        # activity rather than by an assignment email.
        Notice = (
            self.env["debt.recovery.run"]
            ._plain_env(self.env["debt.recovery.notice"])
            .with_context(
                mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True
            )
        )
        notices = Notice.sudo().create(
            [
                {
                    "company_id": action.company_id.id,
                    "partner_id": action.partner_id.id,
                    "user_id": action.user_id.id,
                    "action_id": action.id,
                    "invoice_ids": [fields.Command.set(action.invoice_ids.ids)],
                    "deadline_days": action.company_id.debt_recovery_notice_days,
                }
                for action in self
            ]
        )
        for action, notice in zip(self, notices, strict=True):
            action.notice_id = notice
        return notices

    def action_view_notice(self):
        self.ensure_one()
        return self.notice_id.get_formview_action()

    # ---- Buttons ----
    def action_validate(self):
        """Validate the steps waiting for it (manager only), in two parts:

        1. a formal-notice step whose mise en demeure is still a draft is
           validated through it (the notice's validation carries out the
           step);
        2. the other steps are carried out here.
        """
        with_notice = self.filtered(
            lambda a: (
                a.state == "to_validate"
                and a.notice_id
                and a.notice_id.state == "draft"
            )
        )
        result = True
        if with_notice:
            # A notice stopped by the public registries says why (action).
            result = with_notice.notice_id.action_validate()
        others = self - with_notice
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._("Only a recovery manager can validate this step.")
            )
        actions = others.filtered(lambda a: a.state == "to_validate")
        actions.activity_unlink(
            [
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                "mail.mail_activity_data_todo",
            ]
        )
        actions._recovery_flow().write({"state": "draft"})
        actions._recovery_execute()
        return result

    def action_retry(self):
        """Retry (button): the failed steps among these are recomputed as of
        today and carried out again (``debt.recovery.run._retry_steps``)."""
        actions = self.filtered(lambda a: a.state == "failed")
        if not actions:
            raise UserError(self.env._("Only a failed step can be retried."))
        today = fields.Date.context_today(self)
        conflicts = actions._recovery_retry_conflicts(today)
        if conflicts:
            raise UserError(
                self.env._(
                    "%(steps)s cannot be retried today: the customer already has "
                    "a step of the same level today. Retry it tomorrow, or cancel "
                    "it.",
                    steps=format_list(self.env, conflicts.mapped("name")),
                )
            )
        Run = self.env["debt.recovery.run"]
        locked = set(actions.partner_id.ids) - Run._lock_customers(
            actions.partner_id.ids
        )
        if locked:
            raise UserError(
                self.env._(
                    "The daily recovery job is working on %(customers)s right now: "
                    "try again in a moment.",
                    customers=format_list(
                        self.env,
                        self.env["res.partner"]
                        .browse(sorted(locked))
                        .mapped("display_name"),
                    ),
                )
            )
        Run._retry_steps(actions, today)
        return True

    def _recovery_check_create(self):
        result = super()._recovery_check_create()
        self._recovery_check_not_future()
        return result

    def _recovery_check_write(self, vals):
        result = super()._recovery_check_write(vals)
        if "date" in vals:
            # checked on the value written, before the write
            self._recovery_check_not_future(vals["date"])
        return result

    def _recovery_check_not_future(self, day=None):
        """A step made or dated by hand is not dated after today: a future
        step would count in the ladder as if it had been sent. The addon's
        flows date their steps themselves."""
        if in_recovery_flow(self.env):
            return
        today = fields.Date.context_today(self)
        for action in self:
            date = fields.Date.to_date(day) if day is not None else action.date
            if date and date > today:
                raise UserError(
                    self.env._(
                        "A recovery step cannot be dated in the future (%(date)s): "
                        "date it today or earlier, or snooze the customer instead.",
                        date=format_date(self.env, date),
                    )
                )

    def _recovery_check_cancel(self):
        skipped = self.filtered(lambda a: a.state == "skipped")
        if skipped:
            raise UserError(
                self.env._(
                    "%(steps)s was skipped: a skipped step stays in the history as "
                    "it is and cannot be cancelled.",
                    steps=format_list(self.env, skipped.mapped("display_name")),
                )
            )
        if any(a.state == "done" for a in self) and not self.env.user.has_group(
            MANAGER_GROUP
        ):
            raise UserError(
                self.env._(
                    "Only a recovery manager can cancel a step that was carried out."
                )
            )

    def _recovery_cancel_records(self):
        """Cancel the steps (a step carried out: manager only, with a reason,
        see ``action_cancel``), put their invoices back on the previous step,
        and cancel the draft mise en demeure of a formal-notice step."""
        self._recovery_flow().write({"state": "cancelled"})
        self.activity_unlink(
            [
                "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
                "mail.mail_activity_data_todo",
                "mail.mail_activity_data_call",
            ]
        )
        self.invoice_ids._recovery_reset_level()
        notices = self.notice_id.filtered(lambda n: n.state == "draft")
        notices.sudo()._recovery_flow().write({"state": "cancelled"})
        return True

    def action_run_now(self):
        """ "Run now" (list of steps): the daily job at once
        (``debt.recovery.run._run_now``). A list-header button
        (``display="always"``): the web client calls it on the selected
        records, or on none, so it is a record method whose ``self`` is
        ignored."""
        return self.env["debt.recovery.run"]._run_now()

    def action_mark_posted(self):
        superseded = self.filtered("superseded")
        if superseded:
            raise UserError(
                self.env._(
                    "%(letters)s was superseded by a later letter: post that one "
                    "instead.",
                    letters=", ".join(superseded.mapped("name")),
                )
            )
        self.filtered("to_post")._recovery_mark_posted(fields.Date.context_today(self))
        return True

    def _recovery_mark_posted(self, day):
        """Record, once, that the letters of these steps were posted on
        ``day`` by the current user: the posted flag, date and user are proof
        (tools/frozen_fields.py), written only here. A letter already posted
        keeps its first date and user."""
        self.filtered(lambda a: not a.posted)._recovery_flow().write(
            {"posted": True, "posted_date": day, "posted_by_id": self.env.uid}
        )

    def action_print_letter(self):
        """The letter of this step as it was sent (the PDF kept)."""
        self.ensure_one()
        if not self.letter_attachment_id:
            raise UserError(
                self.env._("The step %(ref)s has no letter.", ref=self.name)
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.letter_attachment_id.id}?download=true",
            "target": "new",
        }

    def action_new_recovery_plan(self):
        """Offer an installment plan for the invoices of this step."""
        self.ensure_one()
        return self.env["debt.recovery.plan.wizard"]._recovery_open(
            self.partner_id, self.invoice_ids, origin_action=self
        )

    # ---- Letters to print ----
    def _recovery_reissue_for_print(self, today):
        """The date printed on a letter is the day it is printed (README,
        "Letters"). A letter sent by post only, not posted yet and dated
        before ``today`` has left nothing yet: it is reissued as a new step of
        the same level dated ``today`` (new reference, the figures of that
        day, made by the daily job's own batch) and the first one is marked
        superseded (``_recovery_execute``). A letter also sent by email is
        printed as it was emailed: its date is the email's. Returns the steps
        to print."""
        stale = self.filtered(
            lambda a: (
                a.to_post
                and not a.posted
                and a.channel == "post"
                and a.date < today
                and a.level_id.report_id
            )
        )
        if not stale:
            return self
        Run = self.env["debt.recovery.run"]
        decisions = Run._decisions_from_steps(stale, today, open_only=True)
        new = self.browse()
        if decisions:
            new = Run._make_steps(decisions, today).with_env(self.env)
        failed = new.filtered(lambda a: a.state != "done")
        if failed:
            raise UserError(
                self.env._(
                    "The letters could not be reissued dated today: %(reasons)s",
                    reasons=" ".join(failed.mapped("failure_reason")),
                )
            )
        replaced = stale.filtered("superseded")
        return (self - replaced) | new

    def action_print_letters(self):
        """One PDF with the letters of the selected actions, to download and
        print at once (tools/pdf_batch.py merge). Letters not made yet are
        made first, in one batch."""
        today = fields.Date.context_today(self)
        actions = self.filtered(lambda a: a.state == "done" and not a.superseded)
        actions = actions._recovery_reissue_for_print(today)
        actions = actions.sorted(lambda a: (a.partner_id.name or "", a.name))
        missing = actions.filtered(
            lambda a: not a.letter_attachment_id and a.level_id.report_id
        )
        if missing:
            missing._recovery_make_letters()
        without = actions.filtered(lambda a: not a.letter_attachment_id)
        if not actions or without:
            raise UserError(
                self.env._(
                    "No letter to print for %(actions)s: only steps carried out "
                    "whose step has a letter can be printed.",
                    actions=", ".join((without or self).mapped("name")),
                )
            )
        with tempfile.TemporaryDirectory(prefix="debt-recovery-print-") as folder:
            paths = []
            for index, action in enumerate(actions):
                path = Path(folder) / f"{index:05d}.pdf"
                path.write_bytes(action.letter_attachment_id.sudo().raw)
                paths.append(path)
            merged = Path(folder) / "letters.pdf"
            pdf_batch.merge_pdfs(paths, merged)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.env._(
                        "Letters to print %(date)s (%(count)s).pdf",
                        date=format_date(self.env, today).replace("/", "-"),
                        count=len(actions),
                    ),
                    "raw": merged.read_bytes(),
                    "mimetype": "application/pdf",
                }
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    @api.model
    def _recovery_summary_list(self, invoices):
        return format_list(self.env, invoices.mapped("name"))

    # ---- The customer's recovery page (portal) ----
    recovery_portal_url = fields.Char(
        string="Recovery page link",
        compute="_compute_recovery_portal_url",
        help="The customer's own page to pay, dispute, promise or ask for a "
        "plan, as printed in this step's email and letter.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_recovery_portal_url(self):
        self.recovery_portal_url = False
        for company, actions in self.grouped("company_id").items():
            partners = actions.partner_id._origin
            if not company or not partners:
                continue
            urls = self.env["debt.recovery.portal.link"]._urls_for(partners, company)
            for action in actions:
                action.recovery_portal_url = urls.get(action.partner_id._origin.id)

    # ---- Ordinary letters posted through a postal provider ----
    # From the letters-to-print queue (*Send by post*), or by the provider
    # job for the rungs set to post their letters automatically, within a
    # daily cap.

    # An ordinary letter has nothing to wait for once it is posted.
    _postal_running = ("submitted",)

    postal_automatic = fields.Boolean(
        string="Posted automatically", readonly=True, copy=False
    )

    def _postal_service(self):
        # The formal notice's step is posted by its notice (registered).
        if self.notice_id:
            return False
        return postal.base.SERVICE_LETTER

    def _postal_letter(self, service):
        self.ensure_one()
        attachment = self.letter_attachment_id.sudo()
        return postal.Letter(
            pdf=attachment.raw,
            filename=attachment.name or f"{self.name}.pdf",
            sender=self._postal_address(self.company_id.partner_id),
            recipient=self._postal_address(self.recipient_id or self.partner_id),
            service=service,
            key=self._postal_key(),
            subject=self.name,
        )

    def _postal_sendable(self):
        """The letters of ``self`` a provider may post now."""
        return self.filtered(
            lambda a: (
                a.to_post
                and not a.posted
                and not a.superseded
                and a.state == "done"
                and a.letter_attachment_id
                and a.postal_state in (False, "failed", "cancelled")
                and a._postal_service()
            )
        )

    @api.model
    def _postal_daily_cap(self, company):
        value = self._postal_param(PARAM + "daily_cap", company, DEFAULT_DAILY_CAP)
        try:
            return max(int(value), 0)
        except ValueError:
            return DEFAULT_DAILY_CAP

    @api.model
    def _postal_sent_today(self, company):
        return self.sudo().search_count(
            [
                ("company_id", "=", company.id),
                ("postal_automatic", "=", True),
                ("postal_submitted_date", "=", fields.Date.context_today(self)),
            ]
        )

    def action_postal_send_letters(self):
        """*Send by post* on the letters to print: the price first."""
        letters = self._postal_sendable()
        if not letters:
            raise UserError(
                self.env._(
                    "None of the selected letters can be sent by post: they are "
                    "posted already, superseded, or not letters to post."
                )
            )
        companies = letters.company_id
        for company in companies:
            if not self._postal_provider_code(company, postal.base.SERVICE_LETTER):
                raise UserError(
                    self.env._(
                        "No postal provider is set for ordinary letters of "
                        "%(company)s: print the letters instead.",
                        company=company.name,
                    )
                )
        wizard = self.env["debt.recovery.postal.send"].create(
            {"action_ids": [fields.Command.set(letters.ids)]}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send by post"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _postal_send(self, automatic=False):
        """Submit the letters; those the provider took are the result."""
        sent = self.browse()
        for company in self.company_id:
            letters = self.filtered(lambda a, c=company: a.company_id == c)
            if automatic:
                room = self._postal_daily_cap(company) - self._postal_sent_today(
                    company
                )
                letters = letters[: max(room, 0)]
            for letter in letters:
                done = letter.sudo()._postal_submit(
                    postal.base.SERVICE_LETTER, automatic=automatic
                )
                if done:
                    done._recovery_flow().write({"postal_automatic": automatic})
                sent |= done
        return sent

    @api.model
    def _postal_send_automatic(self):
        """Letters of the rungs set to post automatically, within each
        company's daily cap; the rest wait for the next run (or for a print)."""
        candidates = self.sudo().search(
            [
                ("to_post", "=", True),
                ("posted", "=", False),
                ("superseded", "=", False),
                ("state", "=", "done"),
                ("postal_state", "=", False),
                ("level_id.post_automatically", "=", True),
                ("notice_id", "=", False),
            ],
            order="date, id",
        )
        candidates = candidates.filtered(
            lambda a: a._postal_provider_code(a.company_id, postal.base.SERVICE_LETTER)
        )
        return candidates._postal_sendable()._postal_send(automatic=True)

    @api.model
    def _postal_month_cost(self, company, month):
        """What the letters submitted in the month of ``month`` cost (the
        prices set when they were submitted, notices and ordinary letters)."""
        start = month.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1)
        total = 0.0
        for model in ("debt.recovery.notice", "debt.recovery.action"):
            groups = (
                self.env[model]
                .sudo()
                ._read_group(
                    [
                        ("company_id", "=", company.id),
                        ("postal_submitted_date", ">=", start),
                        ("postal_submitted_date", "<", end),
                    ],
                    aggregates=["postal_price:sum"],
                )
            )
            total += groups[0][0] or 0.0
        return round(total, 2)

    def _postal_apply(self, provider, status):
        """An ordinary letter is posted when the provider handed it to the
        post: the posted flag and date from its answer."""
        self.ensure_one()
        base = postal.base
        if status.state == base.STATE_REJECTED:
            if not self.posted:
                self._postal_fail(
                    base.PostalError(
                        base.ERROR_REFUSED, status.reason or "rejected by the provider"
                    )
                )
            return
        if status.state == base.STATE_CANCELLED:
            self._recovery_flow().write({"postal_state": "cancelled"})
            return
        if (
            status.state
            in (
                base.STATE_DEPOSITED,
                base.STATE_DELIVERED,
                base.STATE_RETURNED,
            )
            and not self.posted
        ):
            self._recovery_flow().write(
                {
                    "posted": True,
                    "posted_date": status.deposit_date
                    or fields.Date.context_today(self),
                    "postal_state": "deposited",
                }
            )
            self.message_post(
                body=self.env._(
                    "Letter posted by %(provider)s on %(date)s.",
                    provider=provider.label,
                    date=format_date(self.env, self.posted_date),
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ---- Bounced emails ----
    def _message_receive_bounce(self, email, partner):
        result = super()._message_receive_bounce(email, partner)
        self._recovery_bounced(email)
        return result

    def _recovery_bounced(self, email, refused=None):
        """The email of these steps to ``email`` bounced, or was refused by
        Odoo before it left (``refused``: the ``mail.mail`` failure type,
        an invalid or missing address, see ``mail.mail``): the customer's
        letters go by post from now on (``debt.recovery.run._step_channel``)
        and its responsible gets one activity to correct the address (not
        one more for each bounce of the same address)."""
        activity_type = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_invalid_email"
        )
        # A missing address is recorded as such: any address the user then
        # types in lifts it (res.partner._recovery_bounce_fixed).
        email = email or self.env._("(no email address)")
        for action in self.sudo():
            customer = action.partner_id.commercial_partner_id
            if customer.recovery_bounced_email == email:
                continue
            customer.recovery_bounced_email = email
            user = customer._recovery_responsible(action.company_id.id)
            if refused:
                note = self.env._(
                    "The reminder %(ref)s could not be sent: the address "
                    "%(email)s is invalid or missing. Correct the customer's "
                    "email address: until then, its reminders go by post.",
                    ref=action.name,
                    email=email,
                )
                body = self.env._(
                    "The email was not sent, the address %(email)s is invalid or "
                    "missing: the next steps go by post until the address is "
                    "corrected.",
                    email=email,
                )
            else:
                note = self.env._(
                    "The reminder %(ref)s sent to %(email)s bounced. Correct the "
                    "customer's email address: until then, its reminders go by "
                    "post.",
                    ref=action.name,
                    email=email,
                )
                body = self.env._(
                    "The email to %(email)s bounced: the next steps go by post "
                    "until the address is corrected.",
                    email=email,
                )
            customer.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Invalid email address: %(email)s", email=email),
                note=note,
                user_id=user.id,
            )
            action.message_post(body=body, subtype_xmlid="mail.mt_note")

    # ---- A visit on site as the step's channel ----
    def _recovery_schedule_visit(self):
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        activity_type = self.level_id.activity_type_id or self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_visit"
        )
        self.activity_schedule(
            activity_type_id=activity_type.id,
            summary=self.env._(
                "Visit %(customer)s about %(amount)s overdue",
                customer=customer.display_name,
                amount=self._recovery_format_claim(),
            ),
            note=self._recovery_visit_note(),
            user_id=(self.user_id or self.env.user).id,
            date_deadline=self.date,
        )

    def _recovery_visit_note(self):
        """The activity's note: the address with its map link, whom to call,
        and the figures of the step (those of the account statement, to print
        from the customer's form and bring)."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        address_parts = (
            customer.street,
            customer.street2,
            customer.zip,
            customer.city,
            customer.country_id.name,
        )
        address = ", ".join(p for p in address_parts if p)
        url = map_url(*address_parts)
        lines = [
            Markup("<p><strong>%s</strong><br/>%s</p>")
            % (
                self.env._("Address"),
                Markup('%s (<a href="%s" target="_blank">%s</a>)')
                % (address, url, self.env._("map"))
                if url
                else address,
            )
        ]
        if customer.phone or customer.mobile:
            lines.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Phone: %(phone)s", phone=customer.phone or customer.mobile
                )
            )
        rows = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(invoice)s due on %(date)s: %(amount)s still due",
                invoice=invoice.name,
                date=format_date(self.env, invoice.invoice_date_due),
                amount=self._recovery_format_amount(invoice.amount_residual),
            )
            for invoice in self.invoice_ids.sorted("invoice_date_due")
        )
        lines.append(
            Markup("<p><strong>%s</strong></p><ul>%s</ul>")
            % (self.env._("Figures to bring"), rows)
        )
        if self.amount_credit:
            lines.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Open credits deducted: %(amount)s",
                    amount=self._recovery_format_amount(self.amount_credit),
                )
            )
        if self.level_id.claim_penalties and (
            self.amount_penalty or self.amount_indemnity
        ):
            lines.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Late-payment penalties: %(penalty)s; fixed recovery "
                    "indemnity: %(indemnity)s",
                    penalty=self._recovery_format_amount(self.amount_penalty),
                    indemnity=formatLang(
                        self.env,
                        self.amount_indemnity,
                        currency_obj=self.indemnity_currency_id,
                    ),
                )
            )
        lines.append(
            Markup("<p><strong>%s</strong></p>")
            % self.env._(
                "Total claimed: %(amount)s", amount=self._recovery_format_claim()
            )
        )
        lines.append(
            Markup("<p>%s</p>")
            % escape(
                self.env._(
                    "Print the account statement from the customer's form and bring "
                    "it. Mark this activity as done with the outcome of the visit "
                    "(payment received, promise, dispute, nobody there)."
                )
            )
        )
        return Markup("").join(lines)

    # ---- SMS as a channel (Odoo's sms module, optional) ----
    sms_due = fields.Datetime(
        string="SMS to send on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The step's SMS waits for the allowed hours.",
    )

    @api.model
    def _recovery_sms_installed(self):
        return "sms.sms" in self.env

    def _recovery_queue_sms(self, now=None):
        """The SMS of these steps just done: sent now when the hours allow
        it, else kept for the first allowed moment."""
        if not self._recovery_sms_installed():
            return
        actions = self.filtered(lambda a: a.level_id.channel_sms and a.state == "done")
        if not actions:
            return
        now = now or fields.Datetime.now()
        hours = parse_hours(
            self.env["ir.config_parameter"].sudo().get_param(SMS_HOURS_PARAM, "8-20")
        )
        for action in actions:
            tz = pytz.timezone(
                action.user_id.tz or action.company_id.partner_id.tz or "Europe/Paris"
            )
            local = pytz.utc.localize(now).astimezone(tz)
            action._recovery_flow().write(
                {
                    "sms_due": next_allowed(local, hours)
                    .astimezone(pytz.utc)
                    .replace(tzinfo=None)
                }
            )
        actions._recovery_send_due_sms(now)

    def _recovery_sms_links(self):
        """``{step id: link}`` printed in the steps' SMS: the customer's
        recovery page (pay, dispute, promise or ask for a plan in one
        place), issued for all the steps of a company at once; the invoice's
        own portal page only when no page link can be issued, for a step
        about a single invoice."""
        links = {}
        for company in self.company_id:
            steps = self.filtered(lambda a, c=company: a.company_id == c)
            pages = self.env["debt.recovery.portal.link"]._urls_for(
                steps.partner_id, company
            )
            for step in steps:
                links[step.id] = pages.get(step.partner_id.id)
        for step in self.filtered(lambda a: not links.get(a.id)):
            if len(step.invoice_ids) == 1:
                invoice = step.invoice_ids
                links[step.id] = invoice.get_base_url() + invoice.get_portal_url()
        return links

    @api.model
    def _cron_recovery_sms(self):
        """Hourly: the SMS whose moment came."""
        if not self._recovery_sms_installed():
            return
        now = fields.Datetime.now()
        self.search([("sms_due", "<=", now)])._recovery_send_due_sms(now)

    def _recovery_send_due_sms(self, now):
        Blacklist = self.env["phone.blacklist"].sudo()
        due = self.filtered(lambda a: a.sms_due and a.sms_due <= now)
        links = due._recovery_sms_links()
        for action in due:
            action._recovery_flow().write({"sms_due": False})
            if action.state != "done":
                continue  # cancelled meanwhile
            recipient = action.recipient_id
            number = recipient.mobile or recipient.phone
            sanitized = number and recipient._phone_format(number=number)
            # Without the phonenumbers library Odoo keeps the number as typed:
            # compared with the blacklist without its spaces and dots.
            sanitized = sanitized and re.sub(r"[\s.()-]", "", sanitized)
            if not sanitized:
                reason = self.env._("no valid mobile number")
            elif Blacklist.with_context(active_test=True).search_count(
                [("number", "in", [sanitized, number])]
            ):
                reason = self.env._(
                    "the number %(number)s is blacklisted", number=sanitized
                )
            else:
                reason = False
            if reason:
                action.message_post(
                    body=self.env._("SMS not sent: %(reason)s.", reason=reason),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            link = links.get(action.id)
            action._message_sms(
                sms_text(action.company_id.name, action._recovery_format_claim(), link),
                partner_ids=recipient.ids,
                sms_pid_to_number={recipient.id: sanitized},
            )
