"""What the other recovery records say about a batch of invoices, read in
one query each: the formal notices that reached a consumer, the debtor's
acts that interrupted prescription, the written demands sent, the claims in
court. ``account.move._compute_recovery_legal_figures`` and the daily job's
snapshot give the invoices and turn these dates into figures
(tools/penalties.py, tools/deadlines.py, tools/public_buyers.py)."""

from collections import defaultdict

from odoo import models
from odoo.tools import SQL, format_date


class DebtRecoveryInvoiceEvents(models.AbstractModel):
    _name = "debt.recovery.invoice.events"
    _description = "Recovery events of invoices"

    def _consumer_interest_start(self, moves):
        """Date legal interest starts for a consumer, ``{move_id: date}``:
        consumers owe legal interest from the day after the formal notice
        reached them, its receipt or the first presentation of a letter not
        claimed (Code civil art. 1231-6 and 1344-1). The earliest notice
        counts."""
        result = {}
        ids = [move_id for move_id in moves.ids if isinstance(move_id, int)]
        if not ids:
            return result
        self.env["debt.recovery.notice"].flush_model(
            ["state", "delivery", "receipt_date", "presentation_date", "returned_date"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.invoice_id,
                       MIN(CASE WHEN notice.delivery = 'received' THEN notice.receipt_date
                                ELSE COALESCE(notice.presentation_date,
                                              notice.returned_date) END)
                  FROM debt_recovery_notice_invoice_rel rel
                  JOIN debt_recovery_notice notice ON notice.id = rel.notice_id
                 WHERE rel.invoice_id = ANY(%s)
                   AND notice.state IN %s
                   AND notice.delivery IN ('received', 'returned')
                 GROUP BY rel.invoice_id
                """,
                ids,
                self.env["debt.recovery.notice"].ISSUED_STATES,
            )
        )
        for move_id, start in self.env.cr.fetchall():
            if start and (move_id not in result or start < result[move_id]):
                result[move_id] = start
        return result

    def _prescription_interruptions(self, moves, payment_events):
        """Dates that restarted prescription, ``{move_id: [date, ...]}``: the
        debtor's acts only (Code civil 2240): the payments (``payment_events``
        hold no credit note: a credit note is the creditor's own act and
        interrupts nothing) and the acknowledgment of debt of each invoice, then the
        installments paid under an accepted plan, which interrupt prescription
        for the whole debt of the plan (Code civil art. 2240): the payments on
        any invoice of the plan count for all its invoices."""
        result = defaultdict(list)
        for move in moves:
            result[move.id].extend(
                date for date, _amount in payment_events.get(move.id, ())
            )
            if move.recovery_acknowledgment_date:
                result[move.id].append(move.recovery_acknowledgment_date)
        ids = [move_id for move_id in moves.ids if isinstance(move_id, int)]
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
                   AND plan.state IN %s
                """,
                ids,
                self.env["debt.recovery.plan"].SIGNED_STATES,
            )
        )
        plans_of = defaultdict(set)
        for move_id, plan_id in self.env.cr.fetchall():
            plans_of[move_id].add(plan_id)
        if not plans_of:
            return result
        payments = self.env["debt.recovery.plan"]._recovery_plan_payments(
            {plan_id for plan_ids in plans_of.values() for plan_id in plan_ids},
            debtor_only=True,
        )
        for move_id, plan_ids in plans_of.items():
            result[move_id].extend(
                date
                for plan_id in plan_ids
                for date, _m, _a in payments.get(plan_id, ())
            )
        return result

    def _written_demands(self, moves):
        """Written payment requests sent to the customer for these invoices,
        ``{move_id: [date, ...]}``: the reminders sent by email or post and
        the formal notices sent. Against a public person they interrupt the
        déchéance quadriennale (loi n° 68-1250 of 31 December 1968, art. 2:
        "toute demande de paiement ou toute réclamation écrite adressée par
        un créancier à l'autorité administrative"); against anyone else they
        interrupt nothing (C. civ. 2240 needs the debtor's own act)."""
        result = defaultdict(list)
        ids = [move_id for move_id in moves.ids if isinstance(move_id, int)]
        if not ids:
            return result
        self.env["debt.recovery.action"].flush_model(["state", "channel", "date"])
        self.env["debt.recovery.notice"].flush_model(["state", "sent_date"])
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.invoice_id, action.date
                  FROM debt_recovery_action_invoice_rel rel
                  JOIN debt_recovery_action action ON action.id = rel.action_id
                 WHERE rel.invoice_id = ANY(%s)
                   AND action.state = 'done'
                   AND action.channel IN ('email', 'post', 'both')
                 UNION ALL
                SELECT rel.invoice_id, notice.sent_date
                  FROM debt_recovery_notice_invoice_rel rel
                  JOIN debt_recovery_notice notice ON notice.id = rel.notice_id
                 WHERE rel.invoice_id = ANY(%s)
                   AND notice.state IN %s
                   AND notice.sent_date IS NOT NULL
                """,
                ids,
                ids,
                self.env["debt.recovery.notice"].ISSUED_STATES,
            )
        )
        for move_id, day in self.env.cr.fetchall():
            result[move_id].append(day)
        return result

    def _court_claims(self, moves):
        """Claims in court recorded on the litigation files of these invoices
        (Code civil 2241, 2242): ``{move_id: [(claim_date, instance_end)]}``.
        Cancelled files and claims withdrawn, lapsed or finally dismissed
        (2243: the interruption is then "non avenue") do not count."""
        result = defaultdict(list)
        ids = [move_id for move_id in moves.ids if isinstance(move_id, int)]
        if not ids:
            return result
        self.env["debt.recovery.case"].flush_model(
            ["state", "court_claim_date", "instance_end_date", "claim_void"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.invoice_id, case_.court_claim_date,
                       case_.instance_end_date
                  FROM debt_recovery_case_invoice_rel rel
                  JOIN debt_recovery_case case_ ON case_.id = rel.case_id
                 WHERE rel.invoice_id = ANY(%s)
                   AND case_.state != 'cancelled'
                   AND case_.court_claim_date IS NOT NULL
                   AND NOT COALESCE(case_.claim_void, FALSE)
                 ORDER BY case_.court_claim_date
                """,
                ids,
            )
        )
        for move_id, claim, end in self.env.cr.fetchall():
            result[move_id].append((claim, end))
        return result

    def _prescription_note(self, move, court_claims):
        """What suspended or interrupted the prescription, in words."""
        move.ensure_one()
        parts = []
        if move.recovery_mediation_start:
            if move.recovery_mediation_end:
                parts.append(
                    self.env._(
                        "suspended by mediation from %(start)s to %(end)s "
                        "(art. 2238 Code civil)",
                        start=format_date(self.env, move.recovery_mediation_start),
                        end=format_date(self.env, move.recovery_mediation_end),
                    )
                )
            else:
                parts.append(
                    self.env._(
                        "suspended by the mediation under way since %(start)s "
                        "(art. 2238 Code civil)",
                        start=format_date(self.env, move.recovery_mediation_start),
                    )
                )
        for claim, end in court_claims:
            if end:
                parts.append(
                    self.env._(
                        "interrupted by the claim in court of %(claim)s, a new "
                        "period from the end of the instance on %(end)s "
                        "(art. 2241, 2242 Code civil)",
                        claim=format_date(self.env, claim),
                        end=format_date(self.env, end),
                    )
                )
            else:
                parts.append(
                    self.env._(
                        "interrupted by the claim in court of %(claim)s until the "
                        "end of the instance (art. 2241, 2242 Code civil)",
                        claim=format_date(self.env, claim),
                    )
                )
        return "; ".join(parts) or False
