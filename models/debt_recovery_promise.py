"""Promises to pay, kept as records: the accountant's (processing wizard)
and the customer's (recovery page), both recorded by
``account.move._recovery_exclude(reason="promise")``.

A promise is open until its date has passed; the daily job then decides it
kept or broken (``account.move._recovery_check_promises``, rule in
``tools/promises.py``). It is cancelled when its invoices leave it before
that: put back on the ladder by hand, or excluded again (a new promise, a
dispute). The broken promises of the last 12 months count in the payer score
(models/debt_recovery_payer_score.py).

Nobody edits a promise: recovery users read them; only these methods write
(with sudo), so that the history a score is built on cannot be rewritten.
"""

from odoo import api, fields, models
from odoo.tools import format_date, formatLang

#: The states, in order.
STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("broken", "Not kept"),
    ("cancelled", "Cancelled"),
]


class DebtRecoveryPromise(models.Model):
    _name = "debt.recovery.promise"
    _description = "Promise to pay"
    _order = "promise_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    promise_date = fields.Date(string="Promised date", required=True, readonly=True)
    amount = fields.Monetary(string="Promised amount", readonly=True)
    due_amount = fields.Monetary(
        string="Due when promised",
        readonly=True,
        help="What was still due on the invoices when the promise was recorded.",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "debt_recovery_promise_invoice_rel",
        "promise_id",
        "invoice_id",
        string="Invoices",
        readonly=True,
        check_company=True,
    )
    state = fields.Selection(
        STATES, default="open", required=True, readonly=True, index=True
    )
    decided_on = fields.Date(
        string="Decided on",
        readonly=True,
        help="Day the daily job found the promise kept or not kept, or the day "
        "it was cancelled.",
    )
    source = fields.Selection(
        [("accountant", "Accountant"), ("portal", "Recovery page")],
        string="Recorded from",
        required=True,
        readonly=True,
        default="accountant",
    )
    user_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    note = fields.Text(readonly=True)

    @api.depends("amount", "promise_date", "currency_id")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(amount)s by %(date)s",
                amount=formatLang(
                    self.env, promise.amount, currency_obj=promise.currency_id
                ),
                date=format_date(self.env, promise.promise_date),
            )

    @api.model
    def _recovery_record(self, invoices, promise_date, note, source):
        """One promise per customer of ``invoices`` (one customer in practice:
        the wizard and the page promise for one), with what was due on them
        and the promised amount spread as on the invoices."""
        vals_list = []
        for (partner, company), moves in invoices.grouped(
            lambda m: (m.commercial_partner_id, m.company_id)
        ).items():
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "promise_date": promise_date,
                    "amount": sum(moves.mapped("recovery_promise_amount")),
                    "due_amount": sum(moves.mapped("recovery_promise_residual")),
                    "invoice_ids": [fields.Command.set(moves.ids)],
                    "source": source,
                    "user_id": self.env.uid,
                    "note": note,
                }
            )
        return self.sudo().create(vals_list)

    @api.model
    def _recovery_cancel_for(self, invoices, today=None):
        """Cancel the open promises covering ``invoices``: the invoices left
        the promise before its date (back on the ladder by hand, or excluded
        again). One search, one write."""
        ids = [move_id for move_id in invoices.ids if isinstance(move_id, int)]
        if not ids:
            return self.browse()
        promises = self.sudo().search(
            [("state", "=", "open"), ("invoice_ids", "in", ids)]
        )
        if promises:
            promises.write(
                {
                    "state": "cancelled",
                    "decided_on": today or fields.Date.context_today(self),
                }
            )
        return promises
