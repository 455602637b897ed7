from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.account_move_release import RELEASE_KEY
from ..models.debt_recovery_document import MANAGER_GROUP


class DebtRecoveryInvoiceRelease(models.TransientModel):
    """A recovery manager resets to draft, cancels, credits or deletes an
    invoice claimed by the recovery (a step carried out, a validated notice,
    a running plan, a litigation file): with a reason, kept in the chatter
    of the invoice and of each record, which then lets the invoice go
    (models/account_move_release.py)."""

    _name = "debt.recovery.invoice.release"
    _description = "Release of an invoice claimed by the recovery, with its reason"

    invoice_ids = fields.Many2many("account.move", string="Invoices", required=True)
    operation = fields.Selection(
        [
            ("draft", "Reset to draft"),
            ("cancel", "Cancel"),
            ("reverse", "Credit note"),
            ("unlink", "Delete"),
        ],
        required=True,
    )
    holder_names = fields.Char(string="Claimed by", compute="_compute_holder_names")
    reason = fields.Text(required=True)
    confirmed = fields.Boolean(readonly=True)

    @api.model
    def _recovery_open(self, invoices, operation):
        """The dialog's window action for ``invoices`` and ``operation`` (a
        new dialog: the refusal that offers it rolls its transaction back)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Reason for changing an invoice claimed by the recovery"
            ),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_invoice_ids": invoices.ids,
                "default_operation": operation,
            },
        }

    @api.depends("invoice_ids")
    def _compute_holder_names(self):
        for wizard in self:
            wizard.holder_names = ", ".join(
                wizard.invoice_ids._recovery_holder_names(with_drafts=True)
            )

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a recovery manager can change an invoice claimed by the "
                    "recovery."
                )
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason: it stays in the history."))
        invoices = self.invoice_ids
        invoices.check_access("write")
        self.confirmed = True
        granted = invoices.with_context(**{RELEASE_KEY: self.id})
        granted._recovery_release(reason, self.operation)
        if self.operation == "draft":
            granted.button_draft()
        elif self.operation == "cancel":
            granted.button_cancel()
        elif self.operation == "unlink":
            granted.unlink()
            return {"type": "ir.actions.act_window_close"}
        else:
            # The credit note: Odoo's own dialog, for these invoices only.
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_view_account_move_reversal"
            )
            action["context"] = {
                "active_model": "account.move",
                "active_ids": invoices.ids,
                RELEASE_KEY: self.id,
            }
            return action
        return {"type": "ir.actions.act_window_close"}
