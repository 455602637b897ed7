"""Invoices seen from the worklist: promises to pay, snoozes, and the daily
job restricted to a few customers (processing wizard)."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, format_date, formatLang

from ..tools import tracking

# Context key: restrict the daily job's candidates to these customers
# (commercial partner ids). Set by the processing wizard.
PARTNERS_CONTEXT_KEY = "debt_recovery_partner_ids"


class AccountMove(models.Model):
    _inherit = "account.move"

    recovery_promise_amount = fields.Monetary(
        string="Promised amount",
        copy=False,
        currency_field="company_currency_id",
        help="Part of the customer's promise to pay that covers this invoice "
        "(the promise is spread over its invoices, oldest first).",
    )
    recovery_promise_residual = fields.Monetary(
        string="Due when promised",
        copy=False,
        currency_field="company_currency_id",
        help="Amount still due on this invoice when the promise to pay was recorded.",
    )

    @api.model
    def _recovery_candidate_conditions(self, today):
        conditions = super()._recovery_candidate_conditions(today)
        partner_ids = self.env.context.get(PARTNERS_CONTEXT_KEY)
        if partner_ids is not None:
            conditions.append(
                SQL("move.commercial_partner_id = ANY(%s)", list(partner_ids))
            )
        return conditions

    # ------------------------------------------------------------ promises
    def _recovery_exclude(self, reason, until, note, promise_amount=0.0):
        """Take these invoices off the ladder until ``until`` (included); a
        promise to pay is spread over them, oldest first."""
        vals_common = {
            "recovery_excluded": True,
            "recovery_exclusion_reason": reason,
            "recovery_excluded_until": until,
            "recovery_exclusion_note": note,
            "recovery_excluded_by_id": self.env.uid,
            "recovery_excluded_on": fields.Datetime.now(),
            "recovery_promise_amount": 0.0,
            "recovery_promise_residual": 0.0,
        }
        if reason != "promise":
            self.write(vals_common)
            return True
        moves = self.sorted(lambda m: (m.invoice_date_due, m.name or "", m.id))
        shares = tracking.allocate(
            promise_amount, [m.amount_residual_signed for m in moves]
        )
        for move, share in zip(moves, shares, strict=True):
            move.write(
                {
                    **vals_common,
                    "recovery_promise_amount": float(share),
                    "recovery_promise_residual": move.amount_residual_signed,
                }
            )
        return True

    @api.model
    def _recovery_check_promises(self, companies, today):
        """Promises to pay whose date has passed: an invoice still owing more
        than was due when promised minus its share of the promise broke it.
        Each customer gets one note "promise not kept" and the invoices leave
        the exclusion (the ladder resumes); a kept promise is closed quietly
        with a note. Returns the customers whose promise was not kept."""
        moves = self.sudo().search(
            [
                ("company_id", "in", companies.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("recovery_excluded", "=", True),
                ("recovery_exclusion_reason", "=", "promise"),
                ("recovery_excluded_until", "<", today),
            ]
        )
        if not moves:
            return self.env["res.partner"]
        broken_lines = defaultdict(list)
        kept_lines = defaultdict(list)
        for move in moves:
            target = move.recovery_promise_residual - move.recovery_promise_amount
            still_owed = move.amount_residual_signed if move.amount_residual > 0 else 0
            partner_id = move.commercial_partner_id.id
            values = {
                "invoice": move.name,
                "date": format_date(self.env, move.recovery_excluded_until),
                "promised": formatLang(
                    self.env,
                    move.recovery_promise_amount,
                    currency_obj=move.company_currency_id,
                ),
                "due": formatLang(
                    self.env, still_owed, currency_obj=move.company_currency_id
                ),
            }
            if (
                still_owed > 0
                and move.company_currency_id.compare_amounts(still_owed, target) > 0
            ):
                broken_lines[partner_id].append(
                    self.env._(
                        "Promise to pay not kept: %(promised)s promised on invoice "
                        "%(invoice)s by %(date)s, %(due)s still due. The reminders "
                        "resume.",
                        **values,
                    )
                )
            else:
                kept_lines[partner_id].append(
                    self.env._(
                        "Promise to pay kept on invoice %(invoice)s (%(promised)s by "
                        "%(date)s).",
                        **values,
                    )
                )
        partners = self.env["res.partner"]
        partners._recovery_log_notes(broken_lines)
        partners._recovery_log_notes(kept_lines)
        moves.write({"recovery_excluded": False})
        return partners.browse(list(broken_lines))

    def write(self, vals):
        if "recovery_excluded" in vals and not vals["recovery_excluded"]:
            vals = {
                **vals,
                "recovery_promise_amount": 0.0,
                "recovery_promise_residual": 0.0,
            }
        return super().write(vals)
