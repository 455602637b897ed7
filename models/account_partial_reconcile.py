"""Payments of invoices (``account.partial.reconcile``).

Every payment of an invoice (payment wizard, bank reconciliation, manual
matching, online payment, credit note) creates partial reconciliations, and
every unreconciliation deletes them: the one place where the recovery learns
that an invoice got paid (or not any more). Two things follow, in this order:

1. its customer is marked for re-examination (``debt.recovery.recheck``): a
   scheduled action woken for right after this transaction refreshes the
   customer's status and lifts (or restores) its suspension, with its notice.
   Nothing here updates the customer, queues an email or starts LibreOffice:
   this runs inside the bank reconciliation, and the customer's row is the
   one the daily job writes;
2. the installment plans of the invoice are updated (installments filled,
   prescription interrupted for the whole debt of an accepted plan).
"""

from odoo import api, fields, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        self.env["debt.recovery.recheck"]._recovery_mark(
            partials._recovery_invoices_on_ladder()
        )
        partials._recovery_plan_payment_received()
        return partials

    def unlink(self):
        plans = self._recovery_plans()
        invoices = self._recovery_invoices_on_ladder()
        res = super().unlink()
        self.env["debt.recovery.recheck"]._recovery_mark(invoices)
        plans._recovery_refresh_payments()
        return res

    # ---- Suspension ----
    def _recovery_invoices_on_ladder(self):
        return (
            self.sudo().debit_move_id | self.sudo().credit_move_id
        ).move_id.filtered(
            lambda move: move.move_type == "out_invoice" and move.recovery_level_id
        )

    # ---- Installment plans ----
    def _recovery_plans(self):
        """Open plans of the invoices these reconciliations pay."""
        invoices = self.debit_move_id.move_id.filtered(
            lambda m: m.move_type == "out_invoice"
        )
        if not invoices:
            return self.env["debt.recovery.plan"].sudo()
        return (
            self.env["debt.recovery.plan"]
            .sudo()
            .search(
                [
                    ("invoice_ids", "in", invoices.ids),
                    ("state", "in", self.env["debt.recovery.plan"].OPEN_STATES),
                ]
            )
        )

    def _recovery_plan_payment_received(self):
        """Installments filled; prescription interrupted for the whole debt of
        an accepted plan, written in the invoices' chatter."""
        plans = self._recovery_plans()
        if not plans:
            return
        active = plans.filtered(lambda p: p.state in p.RUNNING_STATES)
        for plan in active._recovery_company_lang():
            paid = self.filtered(
                lambda p, pl=plan: p.debit_move_id.move_id in pl.invoice_ids
            )
            # In the invoices' currency, the plan's.
            amount = sum(paid.mapped("debit_amount_currency"))
            date = max(paid.mapped("max_date"))
            plan._recovery_log(
                plan.env._(
                    "Payment of %(amount)s of %(date)s received under the installment "
                    "plan %(plan)s: prescription interrupted on that date for all the "
                    "invoices of the plan.",
                    amount=plan._recovery_format_amount(amount),
                    date=plan._recovery_format_date(date),
                    plan=plan.name,
                ),
                invoices=True,
            )
        plans._recovery_refresh_payments(fields.Date.context_today(self))
