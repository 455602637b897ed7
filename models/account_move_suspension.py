from odoo import api, fields, models

from .res_partner_suspension import SKIP_CONTEXT_KEY


class AccountMove(models.Model):
    _inherit = "account.move"

    # Shown on draft customer invoices (a warning, no block).
    recovery_partner_suspended = fields.Boolean(
        string="Customer suspended", compute="_compute_recovery_partner_suspension"
    )
    recovery_partner_suspension_reason = fields.Char(
        string="Customer suspension reason",
        compute="_compute_recovery_partner_suspension",
    )

    @api.depends("partner_id", "company_id")
    @api.depends_context("company")
    def _compute_recovery_partner_suspension(self):
        for move in self:
            partner = (
                move.partner_id.commercial_partner_id.sudo().with_company(
                    move.company_id
                )
                if move.partner_id and move.company_id and move.is_sale_document()
                else self.env["res.partner"]
            )
            suspended = bool(partner) and partner.recovery_suspended
            move.recovery_partner_suspended = suspended
            move.recovery_partner_suspension_reason = (
                suspended and partner.recovery_suspension_reason
            )

    def write(self, vals):
        res = super().write(vals)
        if "recovery_level_id" in vals:
            self._recovery_update_customers_suspension()
        elif "state" in vals:
            # cancelled / reset to draft: only invoices on the ladder matter
            self.sudo().filtered(
                "recovery_level_id"
            )._recovery_update_customers_suspension()
        return res

    def _recovery_update_customers_suspension(self):
        """Apply the suspension rule to the customers of these invoices."""
        if self.env.context.get(SKIP_CONTEXT_KEY):
            return
        invoices = self.sudo().filtered(lambda move: move.move_type == "out_invoice")
        if invoices:
            invoices.commercial_partner_id._recovery_update_suspension(
                companies=invoices.company_id
            )


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    # Every payment of an invoice (payment wizard, bank reconciliation,
    # manual matching, online payment, credit note) creates partial
    # reconciliations, and every unreconciliation deletes them: the one place
    # to lift (or restore) a suspension when an invoice gets paid (or not).

    def _recovery_invoices_on_ladder(self):
        return (
            self.sudo().debit_move_id | self.sudo().credit_move_id
        ).move_id.filtered(
            lambda move: move.move_type == "out_invoice" and move.recovery_level_id
        )

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._recovery_invoices_on_ladder()._recovery_update_customers_suspension()
        return partials

    def unlink(self):
        invoices = self._recovery_invoices_on_ladder()
        res = super().unlink()
        invoices._recovery_update_customers_suspension()
        return res
