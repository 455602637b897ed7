from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """An online payment (e-commerce, portal) of a quotation of a suspended
        customer does not confirm it: the payment is kept, the quotation waits
        for a manager's override, and the salesperson is told. Without this,
        the refusal of ``action_confirm`` would break the processing of the
        payment."""
        blocked = self.browse()
        for tx in self:
            quotation = tx.sale_order_ids.filtered(
                lambda so: so.state in ("draft", "sent")
            )
            if len(tx.sale_order_ids) == 1 and quotation.recovery_suspended:
                blocked |= tx
                quotation._recovery_warn_paid_while_suspended(tx)
        return super(
            PaymentTransaction, self - blocked
        )._check_amount_and_confirm_order()
