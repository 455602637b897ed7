from odoo import models

from ..models.res_partner import MERGE_CONTEXT_KEY


class MergePartnerAutomatic(models.TransientModel):
    """Merging contacts (core wizard) does not carry the suspension of the
    merged contacts over by hand: the suspension fields are left out of the
    values the wizard copies (they refuse a write by hand), then the
    suspension rule is applied to the merged customer, whose invoices now
    include theirs."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        result = super()._update_values(
            src_partners, dst_partner.with_context(**{MERGE_CONTEXT_KEY: True})
        )
        self.env["debt.recovery.suspension"]._recovery_update(
            dst_partner.commercial_partner_id
        )
        return result
