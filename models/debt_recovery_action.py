from odoo import api, fields, models
from odoo.exceptions import UserError


class DebtRecoveryAction(models.Model):
    _name = "debt.recovery.action"
    _description = "Debt Recovery Action"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    level_id = fields.Many2one(
        "debt.recovery.level",
        string="Step",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    level_code = fields.Selection(related="level_id.code", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )
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
    # Snapshot of the amounts at the action date.
    amount_due = fields.Monetary(string="Amount due", help="Still due on the invoices.")
    amount_penalty = fields.Monetary(string="Late-payment penalties")
    amount_indemnity = fields.Monetary(string="Recovery indemnities")
    amount_credit = fields.Monetary(
        string="Credits deducted",
        help="Open credit notes and unreconciled payments of the customer.",
    )
    amount_total = fields.Monetary(
        string="Total claimed",
        compute="_compute_amount_total",
        store=True,
    )
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("post", "Post"),
            ("both", "Email and post"),
            ("activity", "Activity"),
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
    to_post = fields.Boolean(
        string="Letter to post",
        copy=False,
        help="The customer receives letters by post: print it and mark it as posted.",
    )
    posted = fields.Boolean(copy=False, tracking=True)
    posted_date = fields.Date(copy=False)
    posted_by_id = fields.Many2one("res.users", string="Posted by", copy=False)
    failure_reason = fields.Text(readonly=True, copy=False)
    note = fields.Text()

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for action in self:
            action.invoice_count = len(action.invoice_ids)

    @api.depends("amount_due", "amount_penalty", "amount_indemnity", "amount_credit")
    def _compute_amount_total(self):
        for action in self:
            action.amount_total = (
                action.amount_due
                + action.amount_penalty
                + action.amount_indemnity
                - action.amount_credit
            )

    def init(self):
        # The last guard against a step sent twice (re-runs, two workers):
        # one live action per customer, step and day.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS debt_recovery_action_partner_level_date_uniq
                ON debt_recovery_action (partner_id, level_id, date)
             WHERE state != 'cancelled'
            """
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("debt.recovery.action") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(action.state == "done" for action in self):
            raise UserError(
                self.env._(
                    "A recovery action that was carried out cannot be deleted: it is "
                    "the record of what was sent. Cancel it instead if it was a mistake."
                )
            )
