from odoo import api, fields, models
from odoo.exceptions import UserError

from .debt_recovery_notice import OPEN_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    recovery_notice_ids = fields.One2many(
        "debt.recovery.notice",
        "partner_id",
        string="Formal notices",
        readonly=True,
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_case_ids = fields.One2many(
        "debt.recovery.case",
        "partner_id",
        string="Litigation files",
        readonly=True,
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_notice_count = fields.Integer(
        compute="_compute_recovery_notice_count",
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )
    recovery_case_count = fields.Integer(
        compute="_compute_recovery_notice_count",
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
    )

    @api.depends("recovery_notice_ids", "recovery_case_ids")
    def _compute_recovery_notice_count(self):
        notices = self.env["debt.recovery.notice"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id"],
            ["__count"],
        )
        cases = self.env["debt.recovery.case"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id"],
            ["__count"],
        )
        notice_count = {partner.id: count for partner, count in notices}
        case_count = {partner.id: count for partner, count in cases}
        for partner in self:
            commercial = partner.commercial_partner_id.id
            partner.recovery_notice_count = notice_count.get(commercial, 0)
            partner.recovery_case_count = case_count.get(commercial, 0)

    def action_view_recovery_notices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_notice_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_view_recovery_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_case_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_create_recovery_notice(self):
        """A draft formal notice with the customer's overdue unpaid invoices."""
        self.ensure_one()
        partner = self.commercial_partner_id
        today = fields.Date.context_today(self)
        invoices = self.env["account.move"].search(
            [
                ("company_id", "in", self.env.companies.ids),
                ("commercial_partner_id", "=", partner.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", today),
            ]
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "%(customer)s has no overdue unpaid invoice to claim.",
                    customer=partner.display_name,
                )
            )
        invoices = invoices.filtered(
            lambda m: not any(n.state in OPEN_STATES for n in m.recovery_notice_ids)
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "The overdue invoices of %(customer)s are already in an open "
                    "formal notice.",
                    customer=partner.display_name,
                )
            )
        current = invoices.filtered(lambda m: m.company_id == self.env.company)
        return (current or invoices).action_create_recovery_notice()
