from odoo import models
from odoo.tools import format_list


class DebtRecoveryNotice(models.Model):
    _inherit = "debt.recovery.notice"

    def _recovery_plan_paused(self):
        """Notices whose unpaid invoices are all in a running installment
        plan: their deadline leads to no litigation while the plan is kept."""
        paused = self.browse()
        for notice in self.sudo():
            unpaid = notice.invoice_ids.filtered(lambda m: m.amount_residual > 0)
            if unpaid and all(
                any(plan.state == "active" for plan in move.recovery_plan_ids)
                for move in unpaid
            ):
                paused |= notice
        return self.browse(paused.ids)

    def _create_cases(self, today):
        paused = self._recovery_plan_paused()
        for notice in paused.sudo():
            plans = notice.invoice_ids.recovery_plan_ids.filtered(
                lambda p: p.state == "active"
            )
            notice.message_post(
                body=self.env._(
                    "No litigation file while the installment plan %(plans)s is kept; "
                    "it is prepared if the plan is broken.",
                    plans=format_list(self.env, plans.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return super(DebtRecoveryNotice, self - paused)._create_cases(today)

    def action_new_recovery_plan(self):
        """Offer an installment plan for the invoices of this notice."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_plan_wizard_action"
        )
        action["context"] = {
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_invoice_ids": self.invoice_ids.filtered(
                lambda m: m.amount_residual > 0
            ).ids,
        }
        return action


class DebtRecoveryPlan(models.Model):
    _inherit = "debt.recovery.plan"

    def _recovery_breach(self, today):
        """A broken plan resumes recovery where it stopped: the expired
        notices of its invoices get their litigation file."""
        result = super()._recovery_breach(today)
        if self:
            notices = (
                self.env["debt.recovery.notice"]
                .sudo()
                .search(
                    [
                        ("invoice_ids", "in", self.invoice_ids.ids),
                        ("state", "=", "expired"),
                        ("case_id", "=", False),
                    ]
                )
            )
            notices._create_cases(today)
        return result
