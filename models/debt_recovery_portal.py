"""The customer's recovery page on the portal (controllers/portal.py).

A customer reaches it from a signed link (``debt.recovery.portal.link``)
printed in every reminder, letter and statement, or from ``/my`` when it has
a portal account. What the page shows and does is here, for one customer (its
commercial entity, given as ``partner``): the controller only checks who asks
and hands over. Every action does what the accountant's own button does (the
exclusion as disputed, the promise to pay, the installment plan) and is
logged in the customer's chatter with who did it.
"""

import datetime
from decimal import Decimal

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_list
from odoo.tools.misc import formatLang

from ..tools import portal_rules
from ..tools import schedule as schedule_tools


class DebtRecoveryPortal(models.AbstractModel):
    _name = "debt.recovery.portal"
    _description = "Customer's recovery page"

    # ---- What the page shows (in sudo, for one commercial entity) ----

    def _log(self, partner, body):
        partner.ensure_one()
        partner.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    def _invoices(self, partner, company):
        """Open customer invoices of this commercial entity in ``company``."""
        partner.ensure_one()
        return (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    *self.env["account.move"]._recovery_open_domain(),
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ],
                order="invoice_date_due, name, id",
            )
        )

    def _values(self, partner, company, today=None):
        """What the page shows: the overdue invoices with their penalties and
        indemnity to date, computed as the letters compute them
        (``account.move._recovery_snapshot``), the invoices not yet due, the
        disputes, the steps sent with a letter, the plans and the limits of
        the actions."""
        partner.ensure_one()
        commercial = partner.commercial_partner_id.sudo()
        today = today or fields.Date.context_today(partner)
        invoices = self._invoices(commercial, company)
        overdue = invoices.filtered(
            lambda m: m.invoice_date_due and m.invoice_date_due < today
        )
        snapshot = overdue._recovery_snapshot(today)
        rows = []
        for move in overdue:
            figures = snapshot[move.id]
            disputed = (
                move.recovery_excluded and move.recovery_exclusion_reason == "dispute"
            )
            rows.append(
                {
                    "move": move,
                    "days_late": (today - move.invoice_date_due).days,
                    "due": float(figures["due"]),
                    "penalty": float(figures["penalty"]),
                    "indemnity": float(figures["indemnity"]),
                    "disputed": disputed,
                    "promised": move.recovery_excluded
                    and move.recovery_exclusion_reason == "promise"
                    and move.recovery_excluded_until,
                    "in_plan": bool(
                        move.recovery_plan_ids.filtered(
                            lambda p: p.state in p.OPEN_STATES
                        )
                    ),
                }
            )
        totals = {}
        for row in rows:
            currency = row["move"].currency_id
            total = totals.setdefault(
                currency, {"due": 0.0, "penalty": 0.0, "indemnity": 0.0}
            )
            total["due"] += row["due"]
            total["penalty"] += row["penalty"]
            total["indemnity"] += row["indemnity"]
        steps = (
            self.env["debt.recovery.action"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", commercial.id),
                    ("company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("letter_attachment_id", "!=", False),
                ],
                order="date desc, id desc",
            )
        )
        plans = (
            self.env["debt.recovery.plan"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", commercial.id),
                    ("company_id", "=", company.id),
                    ("state", "in", ("draft", "proposed", "active")),
                ],
                order="id desc",
            )
        )
        disputes = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "=", commercial.id),
                    ("move_type", "=", "out_invoice"),
                    ("recovery_portal_dispute_on", "!=", False),
                ],
                order="recovery_portal_dispute_on desc",
            )
        )
        return {
            "customer": commercial,
            "company": company,
            "today": today,
            "overdue_rows": rows,
            "totals": totals,
            "indemnity_currency": company.currency_id,
            "not_due": invoices - overdue,
            "steps": steps,
            "plans": plans,
            "disputes": disputes,
            "promise_max_date": today
            + datetime.timedelta(days=company.debt_recovery_portal_promise_days),
            "plan_first_max_date": today
            + datetime.timedelta(days=company.debt_recovery_portal_plan_first_days),
        }

    def _pick(self, partner, company, invoice_ids, overdue_only=True):
        """The invoices ``invoice_ids`` of this commercial entity in
        ``company`` (open, overdue when asked); any other id is refused."""
        partner.ensure_one()
        invoices = self._invoices(partner, company)
        if overdue_only:
            today = fields.Date.context_today(partner)
            invoices = invoices.filtered(
                lambda m: m.invoice_date_due and m.invoice_date_due < today
            )
        ids = {int(i) for i in invoice_ids}
        if not ids or not ids <= set(invoices.ids):
            raise UserError(
                self.env._("Choose among your own invoices listed on this page.")
            )
        return invoices.browse(sorted(ids)).sorted(
            lambda m: (m.invoice_date_due, m.name or "", m.id)
        )

    # ---- The four actions (called by the controller, in sudo) ----

    def _dispute(self, partner, company, invoice, reason, author, attachment=None):
        """Dispute ``invoice``: it leaves the ladder as disputed, exactly as
        the accountant's exclusion does, its responsible gets an activity and
        the reason (and document) is kept on the invoice and the customer."""
        partner.ensure_one()
        invoice = self._pick(partner, company, [invoice.id], overdue_only=False)
        reason = (reason or "").strip()
        if len(reason) < 5:
            raise UserError(self.env._("Say why you dispute this invoice."))
        if invoice.recovery_excluded and invoice.recovery_exclusion_reason == "dispute":
            raise UserError(
                self.env._(
                    "The invoice %(invoice)s is already disputed.", invoice=invoice.name
                )
            )
        note = self.env._(
            "Disputed by the customer on its recovery page (%(author)s): %(reason)s",
            author=author,
            reason=reason,
        )
        invoice._recovery_exclude("dispute", False, note)
        invoice.write(
            {
                "recovery_portal_dispute_on": fields.Datetime.now(),
                "recovery_portal_dispute_reason": reason,
            }
        )
        attachments = []
        if attachment:
            name, content = attachment
            attachments = [(name, content)]
        invoice.message_post(
            body=note, attachments=attachments, subtype_xmlid="mail.mt_note"
        )
        responsible = partner._recovery_responsible(company.id)
        invoice.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Invoice disputed by the customer"),
            note=note,
            user_id=responsible.id,
        )
        self._log(
            partner.commercial_partner_id,
            self.env._(
                "Invoice %(invoice)s disputed on the recovery page by %(author)s: "
                "%(reason)s",
                invoice=invoice.name,
                author=author,
                reason=reason,
            ),
        )
        return invoice

    def _promise(self, partner, company, promise_date, author):
        """Promise to pay every overdue invoice not disputed by
        ``promise_date``: recorded as the accountant's promise is (the
        invoices wait on the ladder until then; the daily job checks it)."""
        partner.ensure_one()
        today = fields.Date.context_today(partner)
        error = portal_rules.promise_date_error(
            today, promise_date, company.debt_recovery_portal_promise_days
        )
        if error:
            raise UserError(
                self.env._(
                    "Choose a date from today to %(date)s.",
                    date=format_date(
                        self.env,
                        today
                        + datetime.timedelta(
                            days=company.debt_recovery_portal_promise_days
                        ),
                    ),
                )
            )
        invoices = self._invoices(partner, company).filtered(
            lambda m: (
                m.invoice_date_due
                and m.invoice_date_due < today
                and not (
                    m.recovery_excluded and m.recovery_exclusion_reason == "dispute"
                )
                and not m.recovery_plan_ids.filtered(lambda p: p.state in p.OPEN_STATES)
            )
        )
        if not invoices:
            raise UserError(
                self.env._("You have no overdue invoice to promise to pay.")
            )
        if len(invoices.currency_id) > 1:
            raise UserError(
                self.env._(
                    "Your invoices are in several currencies: contact us to promise "
                    "to pay them."
                )
            )
        amount = sum(invoices.mapped("amount_residual_signed"))
        note = self.env._(
            "Promise to pay %(amount)s by %(date)s.",
            amount=formatLang(self.env, amount, currency_obj=company.currency_id),
            date=format_date(self.env, promise_date),
        )
        invoices._recovery_exclude(
            "promise",
            promise_date,
            note,
            promise_amount=amount,
            promise_source="portal",
        )
        self._log(
            partner.commercial_partner_id,
            self.env._(
                "%(note)s Made by %(author)s on the recovery page, invoices "
                "%(invoices)s; the reminders wait until then.",
                note=note,
                author=author,
                invoices=", ".join(invoices.mapped("name")),
            ),
        )
        return invoices

    def _plan(self, partner, company, invoices, count, first_date, author):
        """Ask for an installment plan of ``count`` monthly installments from
        ``first_date`` over ``invoices``: within the company's rules it is
        proposed at once (the agreement and the acknowledgment of debt to
        sign, as the accountant's *Propose*), otherwise it stays a draft and
        a recovery manager gets an activity to approve it."""
        partner.ensure_one()
        commercial = partner.commercial_partner_id
        if len(invoices.currency_id) != 1:
            raise UserError(
                self.env._("Choose invoices of one currency for an installment plan.")
            )
        busy = invoices.filtered(
            lambda m: m.recovery_plan_ids.filtered(lambda p: p.state in p.OPEN_STATES)
        )
        if busy:
            raise UserError(
                self.env._(
                    "The invoices %(invoices)s are already in a plan.",
                    invoices=", ".join(busy.mapped("name")),
                )
            )
        if not 1 <= count <= 60:
            raise UserError(self.env._("Choose between 1 and 60 installments."))
        total = Decimal(str(sum(invoices.mapped("amount_residual"))))
        try:
            schedule = schedule_tools.installment_schedule(
                total, first_date, count=count
            )
        except ValueError as err:
            raise UserError(str(err)) from err
        today = fields.Date.context_today(partner)
        breaches = portal_rules.plan_breaches(
            schedule,
            today,
            company.debt_recovery_portal_plan_max_months,
            company.debt_recovery_portal_plan_min_amount,
            company.debt_recovery_portal_plan_first_days,
        )
        if any(code == portal_rules.FIRST_PAST for code, _limit in breaches):
            raise UserError(self.env._("The first installment cannot be in the past."))
        Plan = self.env["debt.recovery.plan"].sudo().with_company(company)
        plan = Plan.create(
            {
                "company_id": company.id,
                "partner_id": commercial.id,
                "invoice_ids": [fields.Command.set(invoices.ids)],
                "frequency": "monthly",
                "grace_days": company.debt_recovery_plan_grace_days,
                "line_ids": [
                    fields.Command.create(
                        {"sequence": index, "date": date, "amount": float(amount)}
                    )
                    for index, (date, amount) in enumerate(schedule, start=1)
                ],
            }
        )
        asked = self.env._(
            "Installment plan %(plan)s asked for on the recovery page by %(author)s: "
            "%(count)s monthly installments from %(date)s, %(amount)s, invoices "
            "%(invoices)s.",
            plan=plan.name,
            author=author,
            count=count,
            date=format_date(self.env, first_date),
            amount=formatLang(
                self.env, float(total), currency_obj=invoices.currency_id
            ),
            invoices=format_list(self.env, invoices.mapped("name")),
        )
        plan._recovery_log(asked, partner=True)
        if breaches:
            reasons = self._breach_texts(breaches, invoices.currency_id)
            manager = self._manager(company)
            plan.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Approve an installment plan asked online"),
                note=Markup("<br/>").join(reasons),
                user_id=manager.id,
            )
            plan._recovery_log(
                self.env._(
                    "Outside the company's rules (%(reasons)s): waits for a "
                    "manager's approval.",
                    reasons="; ".join(reasons),
                ),
                partner=True,
            )
        else:
            plan.action_propose()
        return plan, breaches

    def _breach_texts(self, breaches, currency):
        texts = []
        for code, limit in breaches:
            if code == portal_rules.TOO_LONG:
                texts.append(self.env._("longer than %(months)s months", months=limit))
            elif code == portal_rules.TOO_SMALL:
                texts.append(
                    self.env._(
                        "installments below %(amount)s",
                        amount=formatLang(
                            self.env, float(limit), currency_obj=currency
                        ),
                    )
                )
            elif code == portal_rules.FIRST_TOO_LATE:
                texts.append(
                    self.env._(
                        "first installment more than %(days)s days ahead", days=limit
                    )
                )
        return texts

    def _manager(self, company):
        """A recovery manager of ``company`` to approve a plan (the letter
        signatory when a manager, else the first manager)."""
        group = self.env.ref("l10n_fr_debt_recovery.group_debt_recovery_manager")
        managers = group.sudo().users.filtered(
            lambda u: company in u.company_ids and not u.share
        )
        signatory = company.debt_recovery_signatory_id
        if signatory in managers:
            return signatory
        return managers[:1] or self.env.ref("base.user_admin")
