from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Recovery status of the commercial entity, per company (refreshed by the
    # daily job and when invoices are paid).
    recovery_overdue_amount = fields.Float(
        string="Overdue amount",
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="Customer invoices past their due date and still unpaid, in the "
        "company currency, at the last refresh.",
    )
    recovery_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Highest recovery level",
        company_dependent=True,
        readonly=True,
    )
    recovery_next_date = fields.Date(
        string="Next recovery step", company_dependent=True, readonly=True
    )
    recovery_oldest_due_date = fields.Date(
        string="Oldest overdue due date", company_dependent=True, readonly=True
    )
    recovery_user_id = fields.Many2one(
        "res.users",
        string="Recovery responsible",
        company_dependent=True,
        help="Receives the phone-call and validation activities for this customer. "
        "Defaults to the salesperson.",
    )
    recovery_collective_procedure = fields.Boolean(
        string="Collective procedure",
        help="Safeguard, receivership or liquidation: no reminder, penalty or "
        "indemnity may be claimed; the claim must be declared to the "
        "court-appointed representative instead.",
        tracking=True,
    )
    recovery_collective_procedure_date = fields.Date(string="Procedure opened on")
    recovery_letter_channel = fields.Selection(
        [("email", "Email"), ("post", "Post"), ("both", "Email and post")],
        string="Reminder channel",
        default="email",
        help="How this customer receives recovery letters.",
    )
    recovery_customer_type = fields.Selection(
        [
            ("auto", "Automatic"),
            ("b2b", "Professional"),
            ("b2c", "Consumer"),
        ],
        string="Customer type",
        default="auto",
        help="Professionals owe late-payment penalties and the 40 € indemnity; "
        "consumers owe only legal interest after a formal notice. Automatic: "
        "a company is a professional, an individual a consumer.",
    )
    recovery_is_consumer = fields.Boolean(
        string="Consumer", compute="_compute_recovery_is_consumer"
    )

    @api.depends("recovery_customer_type", "is_company", "commercial_partner_id.is_company")
    def _compute_recovery_is_consumer(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            kind = commercial.recovery_customer_type or "auto"
            if kind == "auto":
                partner.recovery_is_consumer = not commercial.is_company
            else:
                partner.recovery_is_consumer = kind == "b2c"

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "recovery_collective_procedure",
            "recovery_collective_procedure_date",
            "recovery_letter_channel",
            "recovery_customer_type",
        ]
