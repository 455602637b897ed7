from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

RECOVERY_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_user"


class AccountMove(models.Model):
    _inherit = "account.move"

    recovery_plan_ids = fields.Many2many(
        "debt.recovery.plan",
        "debt_recovery_plan_invoice_rel",
        "invoice_id",
        "plan_id",
        string="Installment plans",
        copy=False,
        readonly=True,
        groups=RECOVERY_GROUP,
    )
    recovery_plan_id = fields.Many2one(
        "debt.recovery.plan",
        string="Installment plan",
        compute="_compute_recovery_plan_id",
        groups=RECOVERY_GROUP,
        help="The plan the invoice is in (the running one, else the last one).",
    )

    @api.depends("recovery_plan_ids.state")
    def _compute_recovery_plan_id(self):
        for move in self:
            plans = move.recovery_plan_ids.filtered(lambda p: p.state != "cancelled")
            running = plans.filtered(
                lambda p: p.state in ("draft", "proposed", "active")
            )
            move.recovery_plan_id = (running or plans).sorted("id", reverse=True)[:1]

    def action_view_recovery_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.recovery.plan",
            "res_id": self.recovery_plan_id.id,
            "view_mode": "form",
        }

    def _compute_recovery_next_step(self):
        """No next step while the invoice is in a running plan."""
        res = super()._compute_recovery_next_step()
        ids = [move_id for move_id in self.ids if isinstance(move_id, int)]
        if ids:
            self.env["debt.recovery.plan"].flush_model(["state", "invoice_ids"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT plan_rel.invoice_id
                      FROM debt_recovery_plan_invoice_rel plan_rel
                      JOIN debt_recovery_plan plan ON plan.id = plan_rel.plan_id
                     WHERE plan_rel.invoice_id = ANY(%s) AND plan.state = 'active'
                    """,
                    ids,
                )
            )
            paused = self.browse(row[0] for row in self.env.cr.fetchall())
            paused.recovery_next_level_id = False
            paused.recovery_next_date = False
        return res

    def _recovery_recompute_next_step(self):
        """A plan started or ended: the next step of its invoices changes."""
        for name in ("recovery_next_level_id", "recovery_next_date"):
            self.env.add_to_compute(self._fields[name], self)

    @api.model
    def _recovery_candidate_conditions(self, today):
        """Invoices of a running installment plan stay off the ladder."""
        self.env["debt.recovery.plan"].flush_model(["state", "invoice_ids"])
        return [
            *super()._recovery_candidate_conditions(today),
            SQL(
                """NOT EXISTS (
                    SELECT 1 FROM debt_recovery_plan_invoice_rel plan_rel
                      JOIN debt_recovery_plan plan ON plan.id = plan_rel.plan_id
                     WHERE plan_rel.invoice_id = move.id AND plan.state = 'active')"""
            ),
        ]

    def _recovery_prescription_interruptions(self, payment_events):
        """An installment paid interrupts prescription for the whole debt of
        the plan (LEGAL.md section 6): the payments on any invoice of an
        accepted plan count for all its invoices."""
        result = super()._recovery_prescription_interruptions(payment_events)
        ids = [move_id for move_id in self.ids if isinstance(move_id, int)]
        if not ids:
            return result
        self.env["debt.recovery.plan"].flush_model(["state", "invoice_ids"])
        self.env.cr.execute(
            SQL(
                """
                SELECT plan_rel.invoice_id, plan.id
                  FROM debt_recovery_plan_invoice_rel plan_rel
                  JOIN debt_recovery_plan plan ON plan.id = plan_rel.plan_id
                 WHERE plan_rel.invoice_id = ANY(%s)
                   AND plan.state IN ('active', 'completed', 'breached')
                """,
                ids,
            )
        )
        plans_of = defaultdict(set)
        for move_id, plan_id in self.env.cr.fetchall():
            plans_of[move_id].add(plan_id)
        if not plans_of:
            return result
        payments = self.env["debt.recovery.plan"]._recovery_plan_payments(
            {plan_id for plan_ids in plans_of.values() for plan_id in plan_ids}
        )
        for move_id, plan_ids in plans_of.items():
            result[move_id].extend(
                date
                for plan_id in plan_ids
                for date, _m, _a in payments.get(plan_id, ())
            )
        return result
