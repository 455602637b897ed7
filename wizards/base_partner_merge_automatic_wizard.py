from odoo import models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import format_list

from ..models.res_partner import MERGE_CONTEXT_KEY, ServerOnly

#: The recovery records that are a customer's history: merging moves their
#: customer by SQL (the frozen customer of a notice, a plan or a file would
#: change under them) and, on a unique violation (two steps of the same rung
#: the same day), deletes the merged contact's rows, their invoice links and
#: with them the protection of their letters.
HISTORY_MODELS = (
    "debt.recovery.action",
    "debt.recovery.notice",
    "debt.recovery.plan",
    "debt.recovery.case",
)


class MergePartnerAutomatic(models.TransientModel):
    """Merging contacts (core wizard).

    A contact merged into another is deleted after its rows were moved by
    SQL: the merge is refused while a contact to be merged away has recovery
    history (a step, a formal notice, an installment plan or a litigation
    file that is not cancelled, or any of them holding a letter): nothing
    is lost or moved under the evidence. The user keeps the contact with the
    history as the destination, or archives the duplicate instead.

    The suspension of the merged contacts is not carried over by hand: the
    suspension fields are left out of the values the wizard copies (they
    refuse a write by hand), then the suspension rule is applied to the
    merged customer, whose invoices now include theirs."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(partners) >= 2:
            # The destination as the core wizard chooses it.
            if dst_partner and dst_partner in partners:
                sources = partners - dst_partner
            else:
                ordered = self._get_ordered_partner(partners.ids)
                dst_partner, sources = ordered[-1], ordered[:-1]
            self._recovery_check_merge(sources, dst_partner)
        return super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )

    def _recovery_check_merge(self, sources, destination):
        """Refuse to merge away ``sources`` when one of them has recovery
        history (see the class docstring); every company is looked at: the
        merge moves the rows of every company."""
        with_history = self.env["res.partner"]
        for model_name in HISTORY_MODELS:
            Model = self.env[model_name].sudo().with_context(active_test=False)
            fields_ = [
                name
                for name, field in Model._fields.items()
                if field.type == "many2one"
                and field.comodel_name == "res.partner"
                and field.store
            ]
            domain = expression.OR([[(name, "in", sources.ids)] for name in fields_])
            keep = ["|", ("state", "!=", "cancelled")]
            keep += (
                [("letter_attachment_id", "!=", False)]
                if "letter_attachment_id" in Model._fields
                else [("id", "=", 0)]
            )
            records = Model.search(expression.AND([domain, keep]))
            for name in fields_:
                with_history |= records[name] & sources
        if with_history:
            raise UserError(
                self.env._(
                    "%(contacts)s cannot be merged into %(destination)s: recovery "
                    "history (reminder steps, formal notices, installment plans or "
                    "litigation files) is recorded on them, and a merge would move "
                    "it to another customer or delete it. Choose the contact that "
                    "holds the history as the destination contact, or keep both "
                    "contacts and archive the duplicate.",
                    contacts=format_list(
                        self.env, with_history.sudo().mapped("display_name")
                    ),
                    destination=destination.sudo().display_name,
                )
            )

    def _update_values(self, src_partners, dst_partner):
        result = super()._update_values(
            src_partners, dst_partner.with_context(**{MERGE_CONTEXT_KEY: ServerOnly})
        )
        customer = dst_partner.commercial_partner_id
        self.env["debt.recovery.customer.status"]._refresh(
            customer, self.env["res.company"].sudo().search([])
        )
        self.env["debt.recovery.suspension"]._recovery_update(customer)
        return result
