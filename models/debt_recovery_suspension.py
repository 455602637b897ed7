"""The suspension for non-payment (Code civil art. 1219 and 1220): the
automatic rule and its notices.

The customer's fields, the guards of who writes them and the managers'
override stay on ``res.partner`` (models/res_partner.py); this model decides,
for a set of customers at once, who is suspended or restored, writes it, and
sends the written notices (email and PDF letter). Its methods take the
customers as an argument: ``self`` is never a customer.

Called by the daily job (its batches and its daily phase), Retry, the
managers' override, an invoice moved on the ladder, the contact merge, and
the action that re-examines the customers of a payment
(models/debt_recovery_recheck.py) — never inside a payment's reconciliation.
"""

import logging

from odoo import Command, api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import clean_context

from ..tools import collective as collective_tools
from ..tools import formatting, letter_data, suspension_rules
from .res_partner import (
    INTERNAL_CONTEXT_KEY,
    MERGE_CONTEXT_KEY,
    OVERRIDE_FIELDS,
    STATUS_FIELDS,
    ServerOnly,
)

_logger = logging.getLogger(__name__)

# What a suspension stops, as the letters say it (French letter text:
# French typography).
SUSPENSION_SCOPE = (
    "la livraison de vos commandes en cours et l'enregistrement de toute "
    "nouvelle commande"
)

MAX_INVOICES_IN_REASON = 5
# Report of the written notice sent when a customer is suspended or restored
# (kinds of ``_recovery_send_notice``).
NOTICE_REPORTS = {
    "suspension": "l10n_fr_debt_recovery.report_res_partner_suspension",
    "service_resumed": "l10n_fr_debt_recovery.report_res_partner_resumed",
    # Lifted by the opening of a collective procedure (C. com. L622-13 I):
    # its own email, the same letter (which says why).
    "procedure_resumed": "l10n_fr_debt_recovery.report_res_partner_resumed",
}


class DebtRecoverySuspension(models.AbstractModel):
    _name = "debt.recovery.suspension"
    _description = "Suspension for non-payment"

    # ---- The rule, set-based ----

    @api.model
    def _recovery_suspending_invoices(self, companies, partner_ids):
        """(partner id, company id) -> invoice ids and highest level id, for the
        customers having an unpaid invoice at or above the first step of their
        company's ladder that suspends service. One query.

        The invoices frozen by the customer's collective procedure (claims
        born before the opening judgment) never count: the co-contractor must
        go on performing the current contracts although pre-opening debts
        are unpaid (C. com. L622-13 I in safeguard; L631-14 in receivership;
        L641-11-1 I in liquidation), the remedy being the declaration of
        claim. Only unpaid claims born after the opening (L622-17) can
        suspend such a customer."""
        scope = (
            SQL("TRUE")
            if partner_ids is None
            else SQL("move.commercial_partner_id = ANY(%s)", partner_ids)
        )
        self.env.cr.execute(
            SQL(
                """
                WITH threshold AS (
                    SELECT company_id, MIN(sequence) AS sequence
                      FROM debt_recovery_level
                     WHERE suspend_service AND active
                       AND company_id = ANY(%(companies)s)
                  GROUP BY company_id
                )
                SELECT move.commercial_partner_id, move.company_id,
                       ARRAY_AGG(move.id ORDER BY move.invoice_date_due, move.id),
                       (ARRAY_AGG(level.id ORDER BY level.sequence DESC, level.id))[1]
                  FROM account_move move
                  JOIN res_partner customer ON customer.id = move.commercial_partner_id
                  JOIN debt_recovery_level level ON level.id = move.recovery_level_id
                  JOIN threshold ON threshold.company_id = move.company_id
                                AND level.sequence >= threshold.sequence
                 WHERE %(open_invoice)s
                   AND NOT %(frozen)s
                   AND move.company_id = ANY(%(companies)s)
                   AND %(scope)s
              GROUP BY move.commercial_partner_id, move.company_id
                """,
                companies=companies.ids,
                open_invoice=self.env["account.move"]._recovery_open_sql("move"),
                frozen=self.env["account.move"]._recovery_procedure_sql(
                    "move", "customer"
                ),
                scope=scope,
            )
        )
        return {
            (partner_id, company_id): (move_ids, level_id)
            for partner_id, company_id, move_ids, level_id in self.env.cr.fetchall()
        }

    @api.model
    def _recovery_stored_states(self, partner_ids):
        """Raw stored suspension state of the partners (all companies), or of
        every partner having one when ``partner_ids`` is None. One query."""
        scope = (
            SQL(
                "recovery_suspended IS NOT NULL "
                "OR recovery_suspension_override IS NOT NULL"
            )
            if partner_ids is None
            else SQL("id = ANY(%s)", partner_ids)
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT id, recovery_suspended, recovery_suspension_override,
                       recovery_allow_until, recovery_override_reason,
                       recovery_override_user_id, recovery_suspension_reason
                  FROM res_partner
                 WHERE %s
                """,
                scope,
            )
        )
        return {
            row[0]: [value or {} for value in row[1:]] for row in self.env.cr.fetchall()
        }

    @api.model
    def _recovery_update(
        self, partners, companies=None, today=None, reason_given=False
    ):
        """Suspend or restore customers according to their unpaid invoices and
        the managers' overrides, and notify them.

        Set-based: for the customers ``partners`` (their commercial entities
        are used; an empty recordset: nobody), or, when ``partners`` is None,
        for every customer having an invoice at a suspending step, a
        suspension or an override.

        In order:

        1. ``_recovery_apply_rule``: decide, write the changes and send the
           notices (emails), the notices being collected;
        2. ``_recovery_attach_notice_letters``: the PDF letters of the notices
           collected, made in one LibreOffice batch.

        Not to be called inside a payment's reconciliation (it can queue
        emails and start LibreOffice, and writes the customer rows the daily
        job writes): a payment marks its customers instead
        (``debt.recovery.recheck``).

        :param partners: ``res.partner`` recordset, or None for every customer
            concerned
        :param companies: companies to consider (default: all)
        :param today: date of the decision (default: today), for the expiry of
            "allow until" overrides
        :param reason_given: a manager has just given the override's reason
            (no activity asking for it)
        :return: dict with the partners suspended and lifted
        """
        notices = []
        result = self._recovery_apply_rule(
            partners, companies, today, notices, reason_given=reason_given
        )
        if notices:
            self._recovery_attach_notice_letters(notices)
        return result

    @api.model
    def _recovery_apply_rule(
        self, partners, companies, today, notices, reason_given=False
    ):
        """Step 1 of ``_recovery_update``: two queries to decide, then writes,
        chatter messages and notices only for the customers whose status
        changes; the notices sent are appended to ``notices`` (see
        ``_recovery_send_notice``). Same parameters and result."""
        Partner = (
            self.env["res.partner"]
            .sudo()
            .with_context(
                clean_context(self.env.context),
                **{INTERNAL_CONTEXT_KEY: ServerOnly, MERGE_CONTEXT_KEY: False},
            )
        )
        none = self.env["res.partner"]
        result = {"suspended": none, "lifted": none}
        partner_ids = None
        if partners is not None:
            partner_ids = partners.sudo().commercial_partner_id.ids
            if not partner_ids:
                return result
        if companies is None:
            companies = self.env["res.company"].search([])
        companies = companies.sudo()
        today = today or fields.Date.context_today(self)
        self.env["account.move"].flush_model(
            [
                "move_type",
                "state",
                "payment_state",
                "amount_residual",
                "commercial_partner_id",
                "company_id",
                "recovery_level_id",
                "invoice_date_due",
                "invoice_date",
                "delivery_date",
                "recovery_completion_date",
            ]
        )
        self.env["debt.recovery.level"].flush_model()
        Partner.flush_model(
            [
                *STATUS_FIELDS,
                *OVERRIDE_FIELDS,
                "recovery_override_user_id",
                "recovery_collective_procedure",
                "recovery_collective_procedure_date",
            ]
        )

        candidates = self._recovery_suspending_invoices(companies, partner_ids)
        states = self._recovery_stored_states(
            partner_ids
            if partner_ids is not None
            else list({pid for pid, _cid in candidates})
        )
        if partner_ids is None:
            # every partner having a stored state, plus the candidates
            states.update(self._recovery_stored_states(None))
            missing = {pid for pid, _cid in candidates} - set(states)
            states.update(dict.fromkeys(missing, [{}] * 6))
        levels = (
            self.env["debt.recovery.level"]
            .sudo()
            .browse({level_id for _moves, level_id in candidates.values()})
        )
        invoices = (
            self.env["account.move"]
            .sudo()
            .browse(
                {
                    move_id
                    for move_ids, _lv in candidates.values()
                    for move_id in move_ids
                }
            )
        )
        invoices.fetch(["name"])
        levels.fetch(["name"])

        to_suspend, to_lift, to_update, expired = [], [], [], []
        forced_alone = []
        for company in companies:
            key = str(company.id)
            for partner_id, state in states.items():
                suspended, mode, allow_until, o_reason, o_user, reason = (
                    value.get(key) for value in state
                )
                mode = mode or "none"
                if mode == "allow" and (
                    not allow_until or fields.Date.to_date(allow_until) < today
                ):
                    expired.append((company, partner_id, allow_until))
                    mode = "none"
                auto = candidates.get((partner_id, company.id))
                if mode == "suspend" and not auto:
                    forced_alone.append((company, partner_id, o_user))
                if mode == "suspend":
                    target = True
                    new_reason = self.env._(
                        "Suspended by a manager: %(reason)s", reason=o_reason or ""
                    )
                    new_by = o_user or False
                elif mode == "allow":
                    target, new_reason, new_by = False, False, False
                elif auto:
                    target = True
                    new_reason = self._recovery_auto_reason(
                        invoices.browse(auto[0]), levels.browse(auto[1])
                    )
                    new_by = False
                else:
                    target, new_reason, new_by = False, False, False
                if target and not suspended:
                    to_suspend.append((company, partner_id, new_reason, new_by))
                elif suspended and not target:
                    to_lift.append((company, partner_id, mode, allow_until))
                elif target and new_reason != reason:
                    to_update.append((company, partner_id, new_reason, new_by))

        for company, partner_id, allow_until in expired:
            partner = Partner.with_company(company).browse(partner_id)
            partner.write(
                {
                    "recovery_suspension_override": "none",
                    "recovery_allow_until": False,
                }
            )
            partner.message_post(
                body=self.env._(
                    "The permission to sell in %(company)s until %(date)s has expired: "
                    "the automatic rule applies again.",
                    company=company.name,
                    date=allow_until or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        for company, partner_id, reason, by in to_update:
            Partner.with_company(company).browse(partner_id).write(
                {"recovery_suspension_reason": reason, "recovery_suspended_by_id": by}
            )
        now = fields.Datetime.now()
        for company, partner_id, reason, by in to_suspend:
            partner = Partner.with_company(company).browse(partner_id)
            partner.write(
                {
                    "recovery_suspended": True,
                    "recovery_suspended_since": now,
                    "recovery_suspended_by_id": by,
                    "recovery_suspension_reason": reason,
                }
            )
            partner.message_post(
                body=self.env._(
                    "Service suspended in %(company)s: %(reason)s",
                    company=company.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
            self._recovery_send_notice(partner, "suspension", notices)
            result["suspended"] |= partner
        for company, partner_id, mode, allow_until in to_lift:
            partner = Partner.with_company(company).browse(partner_id)
            partner.write(
                {
                    "recovery_suspended": False,
                    "recovery_suspended_since": False,
                    "recovery_suspended_by_id": False,
                    "recovery_suspension_reason": False,
                    # The sales side keeps asking a prepayment for 12 months
                    # (tools/prepayment.py).
                    "recovery_suspension_lifted_on": now,
                }
            )
            if mode == "allow":
                why = self.env._(
                    "a manager allowed sales until %(date)s", date=allow_until or ""
                )
            elif partner.recovery_collective_procedure:
                # Not "paid in full": the pre-opening invoices are still
                # unpaid, but they are declared and may no longer justify a
                # suspension (C. com. L622-13 I, L631-14, L641-11-1 I).
                why = self.env._(
                    "a collective procedure was opened: the current contracts "
                    "must go on being performed although the invoices born "
                    "before the opening judgment are unpaid (art. L622-13 Code "
                    "de commerce); those invoices are declared to the "
                    "court-appointed representative"
                )
            else:
                why = self.env._(
                    "no invoice at a suspending recovery step is still unpaid"
                )
            partner.message_post(
                body=self.env._(
                    "Service suspension lifted in %(company)s: %(why)s.",
                    company=company.name,
                    why=why,
                ),
                subtype_xmlid="mail.mt_note",
            )
            self._recovery_send_notice(
                partner,
                "procedure_resumed"
                if mode != "allow" and partner.recovery_collective_procedure
                else "service_resumed",
                notices,
            )
            result["lifted"] |= partner
        if not reason_given:
            self._recovery_ask_forced_reason(forced_alone, today)
        return result

    @api.model
    def _recovery_ask_forced_reason(self, forced, today):
        """A suspension forced by a manager that outlives the payment of the
        invoices that caused it no longer rests on an unpaid debt (Code civil
        1219) but on an anticipated non-payment (1220: it must be manifest
        that the customer will not pay at the due date). Its author is asked,
        once, for that reason or to remove the override: an activity on the
        customer. ``forced``: ``(company, partner id, user id)`` of the forced
        suspensions without an invoice at a suspending step; those with
        nothing overdue at all are asked. Two queries."""
        if not forced:
            return
        Move = self.env["account.move"].sudo()
        overdue = {
            (partner.id, company.id)
            for partner, company in Move._read_group(
                [
                    *self.env["res.partner"]._recovery_unpaid_debt_domain(today),
                    ("commercial_partner_id", "in", [p for _c, p, _u in forced]),
                    ("company_id", "in", [c.id for c, _p, _u in forced]),
                ],
                ["commercial_partner_id", "company_id"],
            )
        }
        # Under a collective procedure, the pre-opening invoices do not count
        # (C. com. L622-13 I): a forced suspension resting on them alone
        # needs its reason too.
        Partner = self.env["res.partner"].sudo()
        overdue = {
            (partner_id, company_id)
            for partner_id, company_id in overdue
            if not Partner.browse(partner_id).recovery_collective_procedure
            or Partner.browse(partner_id)._recovery_has_unpaid_debt(
                self.env["res.company"].browse(company_id), today
            )
        }
        forced = [f for f in forced if (f[1], f[0].id) not in overdue]
        if not forced:
            return
        todo = self.env.ref("l10n_fr_debt_recovery.mail_activity_type_recovery_todo")
        summary = self.env._("Forced suspension kept after payment: give its reason")
        asked = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", [partner_id for _c, partner_id, _u in forced]),
                    (
                        "activity_type_id",
                        "in",
                        [todo.id, self.env.ref("mail.mail_activity_data_todo").id],
                    ),
                    ("summary", "=", summary),
                ]
            )
            .mapped("res_id")
        )
        for company, partner_id, user_id in forced:
            if partner_id in asked:
                continue
            asked.add(partner_id)
            partner = (
                self.env["res.partner"].sudo().with_company(company).browse(partner_id)
            )
            user = self.env["res.users"].sudo().browse(user_id).exists()
            partner.activity_schedule(
                activity_type_id=todo.id,
                summary=summary,
                note=self.env._(
                    "%(partner)s has no unpaid invoice at a suspending step any "
                    "more, but a manager forced its suspension in %(company)s. "
                    "Without an unpaid debt, a suspension rests on art. 1220 Code "
                    "civil: it must be manifest that the customer will not pay at "
                    "the due date. Give that reason in the suspension override "
                    "(it is printed in the notice), or remove the override.",
                    partner=partner.display_name,
                    company=company.name,
                ),
                user_id=(user or partner._recovery_responsible(company.id)).id,
            )

    def _recovery_auto_reason(self, invoices, level):
        names = invoices.mapped("name")
        shown = ", ".join(names[:MAX_INVOICES_IN_REASON])
        if len(names) > MAX_INVOICES_IN_REASON:
            shown = self.env._(
                "%(invoices)s and %(count)s more",
                invoices=shown,
                count=len(names) - MAX_INVOICES_IN_REASON,
            )
        return self.env._(
            "unpaid invoice(s) at the recovery step %(level)s: %(invoices)s",
            level=level.name,
            invoices=shown,
        )

    @api.model
    def _recovery_daily(self, companies, today):
        """The daily job's phase: first the customers marked by payments that
        the re-examination action has not handled yet (it failed, or no cron
        worker runs), then the rule for every customer concerned."""
        self.env["debt.recovery.recheck"]._recovery_process(companies, today)
        return self._recovery_update(None, companies, today)

    @api.model
    def _cron_recovery_update(self):
        """Daily safety net: expire "allow until" overrides and apply the rule
        to every customer concerned, even those the daily job did not touch."""
        return self._recovery_update(None)

    # ---- Notices of the suspension ----

    @api.model
    def _recovery_send_notice(self, partner, kind, notices=None):
        """Send the written notice of art. 1220 Code civil to the customer
        ``partner``.

        In order:

        1. ``_recovery_email_notice``: the email from the company's
           template, queued and logged in the chatter;
        2. its PDF letter (``_recovery_attach_notice_letters``): made at once,
           or, when a list ``notices`` is given, appended to it for the
           caller to make the letters of all its notices together
           (``_recovery_update``).

        :param kind: ``suspension``, ``service_resumed`` or
            ``procedure_resumed`` (lifted by a collective procedure)
        :return: the message of the email (empty when none was sent)
        """
        message = self._recovery_email_notice(partner, kind)
        if notices is None:
            self._recovery_attach_notice_letters([(partner, kind, message)])
        else:
            notices.append((partner, kind, message))
        return message

    @api.model
    def _recovery_email_notice(self, partner, kind):
        """Queue the email of the notice from the company's template, logged
        in the chatter; without an email address, a note says the notice must
        be sent by post."""
        partner.ensure_one()
        template = self.env.ref(
            f"l10n_fr_debt_recovery.mail_template_{kind}", raise_if_not_found=False
        )
        if not template:
            _logger.warning("Mail template of the %s notice not found", kind)
            return self.env["mail.message"]
        recipient = partner.browse(partner.address_get(["invoice"])["invoice"])
        if not recipient.email:
            partner.message_post(
                body=self.env._(
                    "No email address for %(partner)s: the notice must be sent by "
                    "post.",
                    partner=recipient.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
            return self.env["mail.message"]
        return partner.message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            force_send=False,
        )

    # ---- Letters of the notices ----

    @api.model
    def _recovery_attach_notice_letters(self, notices):
        """Attach the PDF letter of each ``(partner, kind, message)`` notice
        to its email, or post it in the chatter to be printed when the
        customer has no email address. The letters are made together, each
        in the notice's company (the rule's partners carry it), whoever runs
        the rule (``debt.recovery.letter._letter_produce``); a letter that
        cannot be made is said on the customer
        (``res.partner._recovery_letter_failed``) and does not stop the
        others."""
        requests, messages = [], []
        for partner, kind, message in notices:
            report = kind in NOTICE_REPORTS and self.env.ref(
                NOTICE_REPORTS[kind], raise_if_not_found=False
            )
            if report:
                requests.append((partner, report))
                messages.append(message)
        outcomes = self.env["debt.recovery.letter"]._letter_produce(requests)
        for outcome, message in zip(outcomes, messages, strict=True):
            if not outcome.attachment:
                continue
            if message:
                message.sudo().attachment_ids = [Command.link(outcome.attachment.id)]
            else:
                outcome.record.sudo().message_post(
                    body=self.env._("Notice letter to print and post."),
                    attachment_ids=outcome.attachment.ids,
                    subtype_xmlid="mail.mt_note",
                )

    # ---- The letters of the notices: what they print ----

    @api.model
    def _recovery_fill_letter(self, partner, letter, company, date):
        """The suspension notice (Code civil art. 1220) or service-resumed
        letter of ``partner`` (``res.partner._recovery_letters`` builds the
        letter, this fills what is the suspension's)."""
        builder = self.env["debt.recovery.letter"]
        partner = partner.commercial_partner_id.with_company(company)
        overdue = self._recovery_overdue_invoices(partner, company, date)
        suspending = overdue.filtered(lambda m: m.recovery_level_id.suspend_service)
        if letter.kind == "suspension":
            builder._letter_fill_invoices(letter, suspending or overdue, date, False)
        since = partner.recovery_suspended_since
        if since:
            since = fields.Datetime.context_timestamp(self, since).date()
        else:
            # Lifted already (service resumed): the step that suspended it.
            since = self._recovery_last_step_date(partner, company, suspending=True)
        letter.suspension = letter_data.Suspension(
            since_date=formatting.format_date(since or date),
            scope=SUSPENSION_SCOPE,
        )
        if letter.kind == "suspension":
            self._recovery_fill_basis(partner, letter, company, date)
        notice_date = self._recovery_last_step_date(partner, company, "formal_notice")
        letter.notice_date = formatting.format_date(notice_date) if notice_date else ""
        if letter.kind == "reprise_service":
            letter.suspension.resumed_date = formatting.format_date(date)
            if partner.recovery_collective_procedure:
                # Lifted by the opening, not by a payment (C. com. L622-13 I).
                kind = (
                    partner.recovery_collective_procedure_type
                    or collective_tools.RECEIVERSHIP
                )
                letter.suspension.procedure_label = collective_tools.PROCEDURE_LABELS[
                    kind
                ]
                letter.suspension.procedure_article = (
                    collective_tools.CONTINUATION_ARTICLES[kind]
                )
                letter.suspension.representative_title = (
                    collective_tools.representative_title(kind).lower()
                )
                letter.suspension.post_opening_article = (
                    collective_tools.POST_OPENING_ARTICLES[kind]
                )
                letter.suspension.opening_date = formatting.format_date(
                    partner.recovery_collective_procedure_date
                )
                return letter
            paid = self._recovery_last_payment_date(partner, company)
            letter.suspension.payment_date = (
                formatting.format_date(paid) if paid else ""
            )
        return letter

    @api.model
    def _recovery_fill_basis(self, partner, letter, company, date):
        """The suspension letter's legal basis (Code civil 1219 with unpaid
        invoices due, 1220 otherwise, with the manager's reason), the
        proportionality only when a manager assessed it, and the utility
        safeguards it respects (CASF L115-3): tools/suspension_rules.py."""
        partner = partner.sudo()
        forced = partner.recovery_suspension_override == "suspend"
        suspension = letter.suspension
        suspension.basis = suspension_rules.suspension_basis(
            partner._recovery_has_unpaid_debt(company, date)
        )
        if suspension.anticipated and forced:
            suspension.ground = (partner.recovery_override_reason or "").strip()
        if forced:
            suspension.proportionality = (
                partner.recovery_proportionality_note or ""
            ).strip()
        suspension.safeguards = suspension_rules.utility_safeguards(
            company.debt_recovery_supplies_water,
            company.debt_recovery_supplies_energy,
            partner.recovery_is_consumer,
            date,
            formatting.format_date,
            supplies_telecom=company.debt_recovery_supplies_telecom,
        )

    @api.model
    def _recovery_overdue_invoices(self, partner, company, date):
        """The customer's invoices overdue on ``date`` in ``company``, without
        those frozen by its collective procedure (declared, never a ground
        for suspension: C. com. L622-13 I)."""
        Move = self.env["account.move"].sudo()
        return Move.search(
            [
                *Move._recovery_open_domain(),
                ("company_id", "=", company.id),
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("invoice_date_due", "<", date),
            ]
        ).filtered(lambda move: not move._recovery_frozen_by_procedure())

    @api.model
    def _recovery_last_step_date(
        self, partner, company, level_code=None, suspending=False
    ):
        """Date of the customer's last step done of ``level_code`` (or of a
        step that suspends service), or ``False``."""
        domain = [
            ("company_id", "=", company.id),
            ("partner_id", "=", partner.commercial_partner_id.id),
            ("state", "=", "done"),
        ]
        if level_code:
            domain.append(("level_code", "=", level_code))
        if suspending:
            domain.append(("level_id.suspend_service", "=", True))
        action = (
            self.env["debt.recovery.action"]
            .sudo()
            .search(domain, order="date desc", limit=1)
        )
        return action.date

    @api.model
    def _recovery_last_payment_date(self, partner, company):
        """Date of the last payment applied to the customer's invoices."""
        self.env["account.partial.reconcile"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT MAX(partial.max_date)
                  FROM account_partial_reconcile partial
                  JOIN account_move_line line ON line.id = partial.debit_move_id
                  JOIN account_move move ON move.id = line.move_id
                 WHERE move.commercial_partner_id = %s AND move.company_id = %s
                   AND move.move_type = 'out_invoice'
                """,
                partner.commercial_partner_id.id,
                company.id,
            )
        )
        return self.env.cr.fetchone()[0]
