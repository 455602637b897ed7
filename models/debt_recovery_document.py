from odoo import api, fields, models


class DebtRecoveryDocument(models.AbstractModel):
    """What the recovery records (steps, formal notices, litigation files,
    installment plans) share: a reference from their sequence, a company, a
    customer and a responsible, followed in the chatter."""

    _name = "debt.recovery.document"
    _description = "Debt Recovery Document"
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
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if unnamed:
            # The sequence (its code is the model's name) is looked up once
            # for the batch: next_by_code searches it again for each number.
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .search(
                    [
                        ("code", "=", self._name),
                        ("company_id", "in", [self.env.company.id, False]),
                    ],
                    order="company_id",
                    limit=1,
                )
            )
            for vals in unnamed:
                vals["name"] = sequence._next() if sequence else "/"
        return super().create(vals_list)
