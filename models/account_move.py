from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # Where the invoice stands on the recovery ladder (set by the daily job).
    recovery_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Recovery level reached",
        copy=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    recovery_last_date = fields.Date(string="Last recovery step", copy=False)
    recovery_next_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Next recovery step",
        compute="_compute_recovery_next_step",
        store=True,
        check_company=True,
    )
    recovery_next_date = fields.Date(
        string="Next recovery step date",
        compute="_compute_recovery_next_step",
        store=True,
    )
    recovery_action_ids = fields.Many2many(
        "debt.recovery.action",
        "debt_recovery_action_invoice_rel",
        "invoice_id",
        "action_id",
        string="Recovery actions",
        copy=False,
        readonly=True,
    )
    # Exclusion from the ladder: dispute, promise to pay, other.
    recovery_excluded = fields.Boolean(
        string="Excluded from recovery", copy=False, tracking=True
    )
    recovery_exclusion_reason = fields.Selection(
        [
            ("dispute", "Dispute"),
            ("promise", "Promise to pay"),
            ("other", "Other"),
        ],
        string="Exclusion reason",
        copy=False,
    )
    recovery_excluded_until = fields.Date(
        string="Excluded until",
        copy=False,
        help="The invoice comes back on the ladder the day after this date "
        "(for a promise to pay: the promised date).",
    )
    recovery_exclusion_note = fields.Text(string="Exclusion note", copy=False)
    recovery_excluded_by_id = fields.Many2one(
        "res.users", string="Excluded by", copy=False, readonly=True
    )
    recovery_excluded_on = fields.Datetime(string="Excluded on", copy=False, readonly=True)

    @api.depends(
        "recovery_level_id",
        "recovery_last_date",
        "invoice_date_due",
        "payment_state",
        "state",
        "move_type",
    )
    def _compute_recovery_next_step(self):
        ladders = {}
        for move in self:
            if (
                move.move_type != "out_invoice"
                or move.state != "posted"
                or move.payment_state in ("paid", "in_payment", "reversed")
                or not move.invoice_date_due
            ):
                move.recovery_next_level_id = False
                move.recovery_next_date = False
                continue
            company = move.company_id
            if company not in ladders:
                ladders[company] = (
                    self.env["debt.recovery.level"]
                    .sudo()
                    .search([("company_id", "=", company.id)])
                )
            current = move.recovery_level_id
            following = ladders[company].filtered(
                lambda lv, cur=current: not cur or lv.sequence > cur.sequence
            )[:1]
            move.recovery_next_level_id = following
            move.recovery_next_date = following._recovery_due_date(move)
