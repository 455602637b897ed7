"""Customers to re-examine after a payment (``debt.recovery.recheck``).

A payment (or its cancellation) happens inside the bank reconciliation's
transaction, the hottest path of accounting. Applying the suspension rule
there could queue an email and start LibreOffice (the service-resumed notice),
and would write the customer's row that the daily job writes at the same
time: under load the two collided ("could not serialize access due to
concurrent update") and the job lost a whole batch for the day.

So a payment only inserts a row here (customer, company) and wakes a small
scheduled action; in its own transaction, right after the payment's commit,
that action refreshes the status of those customers, lifts or restores their
suspension, sends the notices and deletes the rows it handled. The daily job
handles the rows left over (the action failed, or no cron worker runs).
Several rows for one customer are fine (no unique constraint: two payments
of one customer in parallel must not wait for each other).

Only the server writes these rows (as the superuser): no access for users.
"""

import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: Context key under which a write of the invoices' recovery step marks their
#: customers for re-examination instead of applying the suspension rule at
#: once (see ``defer_suspension``).
DEFER_CONTEXT_KEY = "debt_recovery_suspension_deferred"

RECHECK_CRON = "l10n_fr_debt_recovery.ir_cron_debt_recovery_recheck"


class _Deferred:
    """The value of ``DEFER_CONTEXT_KEY``. A class, not a boolean: a context
    sent by a client is JSON and can never hold it, so only the addon's
    server code defers the rule."""


def defer_suspension(records):
    """``records`` in an environment where writing the invoices' recovery
    step leaves the suspension rule to the re-examination action."""
    return records.with_context(**{DEFER_CONTEXT_KEY: _Deferred})


def suspension_deferred(env):
    """Whether ``env`` defers the suspension rule (``defer_suspension``)."""
    return env.context.get(DEFER_CONTEXT_KEY) is _Deferred


class DebtRecoveryRecheck(models.Model):
    _name = "debt.recovery.recheck"
    _description = "Customer to re-examine after a payment"
    _order = "id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        check_company=True,
        index=True,
    )
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")

    @api.model
    def _recovery_mark(self, invoices):
        """Mark the customers of ``invoices`` (their commercial entity, in the
        invoice's company) to re-examine, and wake the action that does it.

        Inserts rows only: nothing here updates a customer, queues an email
        or renders a letter, so that it may run inside a reconciliation.
        """
        pairs = {
            (move.commercial_partner_id.id, move.company_id.id)
            for move in invoices.sudo()
            if move.move_type == "out_invoice" and move.commercial_partner_id
        }
        if not pairs:
            return self.browse()
        rows = self.sudo().create(
            [
                {"partner_id": partner_id, "company_id": company_id}
                for partner_id, company_id in sorted(pairs)
            ]
        )
        cron = self.env.ref(RECHECK_CRON, raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()
        return rows

    @api.model
    def _recovery_process(self, companies=None, today=None):
        """Re-examine the customers marked (of ``companies``, default all):
        their status refreshed, their suspension lifted or restored and its
        notices sent, per company; the rows handled are deleted.

        The rows are taken with ``SKIP LOCKED``: the action and the daily job
        may run at once without waiting for each other; what one of them
        holds, the other leaves. Each company is done in a savepoint: when it
        fails, its rows stay for the next run and the other companies go on
        (a scheduled action that keeps failing would be deactivated by Odoo).

        :return: the customers re-examined
        """
        self.flush_model()
        scope = (
            SQL("company_id = ANY(%s)", companies.ids)
            if companies is not None
            else SQL("TRUE")
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT id, partner_id, company_id
                  FROM debt_recovery_recheck
                 WHERE %s
              ORDER BY id
                   FOR UPDATE SKIP LOCKED
                """,
                scope,
            )
        )
        rows = defaultdict(list)
        for row_id, partner_id, company_id in self.env.cr.fetchall():
            rows[company_id].append((row_id, partner_id))
        Partner = self.env["res.partner"].sudo()
        Suspension = self.env["debt.recovery.suspension"].sudo()
        done = Partner.browse()
        for company_id, company_rows in sorted(rows.items()):
            company = self.env["res.company"].sudo().browse(company_id)
            # Written in the company's language (chatter notes, reasons), as
            # the daily job writes them.
            lang = company.partner_id.lang or self.env.context.get("lang")
            partners = (
                Partner.with_company(company)
                .with_context(lang=lang)
                .browse(sorted({partner_id for _row, partner_id in company_rows}))
                .exists()
            )
            try:
                with self.env.cr.savepoint():
                    if partners:
                        self.env["debt.recovery.customer.status"]._refresh(
                            partners, company, today
                        )
                        Suspension.with_company(company).with_context(
                            lang=lang
                        )._recovery_update(partners, companies=company, today=today)
                    self.env.cr.execute(
                        SQL(
                            "DELETE FROM debt_recovery_recheck WHERE id = ANY(%s)",
                            [row_id for row_id, _partner in company_rows],
                        )
                    )
            except Exception:
                _logger.exception(
                    "Debt recovery: re-examining the customers %s in company %s "
                    "failed; they are left for the next run.",
                    partners.ids,
                    company_id,
                )
                self.env.invalidate_all()
                continue
            done |= partners
        self.invalidate_model()
        return done

    @api.model
    def _cron_recovery_recheck(self):
        """The scheduled action woken by payments (and daily, as a safety
        net)."""
        return self._recovery_process()
