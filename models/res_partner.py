from odoo import api, fields, models
from odoo.tools import SQL


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

    @api.depends(
        "recovery_customer_type", "is_company", "commercial_partner_id.is_company"
    )
    def _compute_recovery_is_consumer(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            kind = commercial.recovery_customer_type or "auto"
            if kind == "auto":
                partner.recovery_is_consumer = not commercial.is_company
            else:
                partner.recovery_is_consumer = kind == "b2c"

    def action_view_recovery_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_action_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _recovery_responsible(self, company_id):
        """User who follows this customer's recovery in ``company_id``."""
        self.ensure_one()
        partner = self.with_company(company_id)
        return (
            partner.recovery_user_id
            or partner.user_id
            or partner.env["res.company"].browse(company_id).debt_recovery_signatory_id
            or self.env.user
        )

    @api.model
    def _recovery_refresh_status(self, companies, today=None):
        """Recompute the stored recovery status of customers, set-based.

        Called on a recordset, refreshes those customers; on an empty
        recordset, every customer having (or having had) an open invoice.
        One UPDATE per company.
        """
        today = today or fields.Date.context_today(self)
        partner_ids = self.commercial_partner_id.ids if self else None
        self.env["account.move"].flush_model()
        self.env["res.partner"].flush_model()
        fields_sql = {
            "recovery_overdue_amount": "status.overdue",
            "recovery_level_id": "status.level_id",
            "recovery_next_date": "to_char(status.next_date, 'YYYY-MM-DD')",
            "recovery_oldest_due_date": "to_char(status.oldest_due, 'YYYY-MM-DD')",
        }
        for company in companies:
            key = str(company.id)
            assignments = SQL(", ").join(
                SQL(
                    "%s = COALESCE(partner.%s, '{}'::jsonb) || jsonb_build_object(%s, %s)",
                    SQL.identifier(column),
                    SQL.identifier(column),
                    key,
                    SQL(expression),
                )
                for column, expression in fields_sql.items()
            )
            scope = (
                SQL("partner.id = ANY(%s)", partner_ids)
                if partner_ids is not None
                else SQL(
                    "(partner.id IN (SELECT commercial_partner_id FROM open) "
                    "OR partner.recovery_overdue_amount ? %s)",
                    key,
                )
            )
            self.env.cr.execute(
                SQL(
                    """
                    WITH open AS (
                        SELECT move.commercial_partner_id, move.amount_residual_signed,
                               move.invoice_date_due, move.recovery_next_date,
                               level.id AS level_id, level.sequence
                          FROM account_move move
                     LEFT JOIN debt_recovery_level level ON level.id = move.recovery_level_id
                         WHERE move.company_id = %(company)s
                           AND move.move_type = 'out_invoice'
                           AND move.state = 'posted'
                           AND move.payment_state IN ('not_paid', 'partial')
                           AND move.amount_residual > 0
                    ), status AS (
                        SELECT partner.id AS partner_id,
                               COALESCE(SUM(open.amount_residual_signed)
                                   FILTER (WHERE open.invoice_date_due < %(today)s), 0) AS overdue,
                               MIN(open.invoice_date_due)
                                   FILTER (WHERE open.invoice_date_due < %(today)s) AS oldest_due,
                               MIN(open.recovery_next_date) AS next_date,
                               (ARRAY_AGG(open.level_id ORDER BY open.sequence DESC NULLS LAST))[1]
                                   AS level_id
                          FROM res_partner partner
                     LEFT JOIN open ON open.commercial_partner_id = partner.id
                         WHERE %(scope)s
                      GROUP BY partner.id
                    )
                    UPDATE res_partner partner
                       SET %(assignments)s
                      FROM status
                     WHERE status.partner_id = partner.id
                    """,
                    company=company.id,
                    today=today,
                    scope=scope,
                    assignments=assignments,
                )
            )
        self.env["res.partner"].invalidate_model(list(fields_sql))
        return True

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "recovery_collective_procedure",
            "recovery_collective_procedure_date",
            "recovery_letter_channel",
            "recovery_customer_type",
        ]
