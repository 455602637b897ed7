"""The payer score of customers (``tools/payer_score.py``): A (pays on time)
to D (at risk), from the last 12 months in one company.

Computed for many customers at once with a fixed number of queries
(``_grades``): the daily job stores each customer's grade per
company (``res.partner.recovery_payer_grade``, for the worklist's column, filter and
order); the customer page and the sale order compute it again on display,
with its reasons, so that they show today's figures.
"""

import datetime

from odoo import fields, models
from odoo.tools import SQL, format_list, formatLang

from ..tools import deadlines as deadline_tools
from ..tools import payer_score as score_tools

GRADE_SELECTION = [(grade, grade) for grade in score_tools.GRADES]
# The customers scored together by the daily job (one UPDATE each batch).
BATCH_SIZE = 1000


class DebtRecoveryPayerScore(models.AbstractModel):
    _name = "debt.recovery.payer.score"
    _description = "Payer score of customers"

    # ------------------------------------------------------------------
    # The history of many customers, in a fixed number of queries
    # ------------------------------------------------------------------

    def _histories(self, partners, company, today):
        """``{partner_id: PayerHistory}`` of the commercial customers ``partners`` in
        ``company`` over the 12 months to ``today``. Three queries, whatever
        the number of customers."""
        ids = [
            pid for pid in partners.commercial_partner_id.ids if isinstance(pid, int)
        ]
        if not ids:
            return {}
        start = deadline_tools.add_years(today, -1)
        start_dt = datetime.datetime.combine(start, datetime.time.min)
        for model in ("account.move", "account.move.line", "account.partial.reconcile"):
            self.env[model].flush_model()
        self.env["debt.recovery.promise"].flush_model(
            ["partner_id", "company_id", "state", "promise_date"]
        )
        # The invoices of the customers, through the index on partner_id
        # (an invoice's commercial entity has none).
        customer_invoice = SQL(
            "move.partner_id IN (SELECT contact.id FROM res_partner contact"
            " WHERE contact.commercial_partner_id = ANY(%(ids)s))"
            " AND move.commercial_partner_id = ANY(%(ids)s)"
            " AND move.company_id = %(company)s"
            " AND move.move_type = 'out_invoice' AND move.state = 'posted'",
            ids=ids,
            company=company.id,
        )
        data = {
            pid: dict.fromkeys(
                (
                    "invoices_paid",
                    "paid_on_time",
                    "total_days_late",
                    "broken_promises",
                    "disputes",
                    "oldest_open_days_late",
                ),
                0,
            )
            for pid in ids
        }
        # 1. Invoices paid in the period: paid on the date of the last
        # payment applied to them (the debtor's act; a credit note is the
        # creditor's and pays nothing, as in
        # ``account.move._recovery_settlement_events``).
        self.env.cr.execute(
            SQL(
                """
                WITH paid AS (
                    SELECT move.commercial_partner_id AS partner_id,
                           move.invoice_date_due AS due,
                           MAX(partial.max_date) AS paid_on
                      FROM account_move move
                      JOIN account_move_line line ON line.move_id = move.id
                      JOIN account_partial_reconcile partial
                        ON partial.debit_move_id = line.id
                      JOIN account_move_line credit_line
                        ON credit_line.id = partial.credit_move_id
                      JOIN account_move counterpart
                        ON counterpart.id = credit_line.move_id
                     WHERE %(customer_invoice)s
                       AND move.payment_state IN ('paid', 'in_payment')
                       AND move.invoice_date_due IS NOT NULL
                       AND counterpart.move_type != 'out_refund'
                  GROUP BY move.id
                )
                SELECT partner_id, COUNT(*),
                       COUNT(*) FILTER (WHERE paid_on <= due),
                       COALESCE(SUM(GREATEST(paid_on - due, 0)), 0)
                  FROM paid
                 WHERE paid_on > %(start)s AND paid_on <= %(today)s
              GROUP BY partner_id
                """,
                customer_invoice=customer_invoice,
                start=start,
                today=today,
            )
        )
        for partner_id, count, on_time, days_late in self.env.cr.fetchall():
            data[partner_id].update(
                invoices_paid=count,
                paid_on_time=on_time,
                total_days_late=int(days_late),
            )
        # 2. Disputes raised in the period (by the accountant's Exclude or
        # on the recovery page) and the oldest invoice unpaid today; a
        # disputed invoice counts as a dispute, not as late.
        self.env.cr.execute(
            SQL(
                """
                SELECT move.commercial_partner_id,
                       COUNT(*) FILTER (
                           WHERE (move.recovery_excluded
                                  AND move.recovery_exclusion_reason = 'dispute'
                                  AND move.recovery_excluded_on >= %(start)s)
                              OR move.recovery_portal_dispute_on >= %(start)s),
                       MIN(move.invoice_date_due) FILTER (
                           WHERE %(open_invoice)s
                             AND move.invoice_date_due < %(today)s
                             AND NOT (COALESCE(move.recovery_excluded, FALSE)
                                      AND move.recovery_exclusion_reason IS NOT DISTINCT
                                          FROM 'dispute'))
                  FROM account_move move
                 WHERE %(customer_invoice)s
              GROUP BY move.commercial_partner_id
                """,
                customer_invoice=customer_invoice,
                open_invoice=self.env["account.move"]._recovery_open_sql("move"),
                start=start_dt,
                today=today,
            )
        )
        for partner_id, disputes, oldest_due in self.env.cr.fetchall():
            data[partner_id].update(
                disputes=disputes,
                oldest_open_days_late=(today - oldest_due).days if oldest_due else 0,
            )
        # 3. Promises to pay not kept, by their promised date.
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, COUNT(*)
                  FROM debt_recovery_promise
                 WHERE partner_id = ANY(%(ids)s)
                   AND company_id = %(company)s
                   AND state = 'broken'
                   AND promise_date > %(start)s
                   AND promise_date <= %(today)s
              GROUP BY partner_id
                """,
                ids=ids,
                company=company.id,
                start=start,
                today=today,
            )
        )
        for partner_id, count in self.env.cr.fetchall():
            data[partner_id]["broken_promises"] = count
        return {pid: score_tools.PayerHistory(**values) for pid, values in data.items()}

    def _grades(self, partners, company, today=None):
        """``{partner_id: (grade, reasons)}`` for the commercial customers ``partners``
        in ``company``, from the 12 months to ``today`` (default: today):
        ``grade`` "A" to "D", ``reasons`` as ``tools.payer_score.payer_score``
        returns them (``[(code, figure), ...]``, worst first; word them with
        ``_text``). A fixed number of queries for the
        whole recordset. Reads the accounting as superuser: call it after
        checking that the user may see the result (the sale order shows only
        the grade and its reasons)."""
        today = today or fields.Date.context_today(self)
        histories = self.sudo()._histories(partners.sudo(), company, today)
        return {
            pid: score_tools.payer_score(history) for pid, history in histories.items()
        }

    def _text(self, reasons):
        """The reasons of a score in words, as one list in the user's
        language ("a, b and c"; empty for none)."""
        words = []
        for code, figure in reasons:
            if code == score_tools.DAYS_LATE:
                words.append(
                    self.env._(
                        "paid %(days)s days late on average",
                        days=formatLang(self.env, float(figure), digits=1),
                    )
                )
            elif code == score_tools.ON_TIME:
                words.append(
                    self.env._(
                        "%(share)s %% of the invoices paid by their due date",
                        share=int(figure),
                    )
                )
            elif code == score_tools.BROKEN_PROMISES:
                words.append(
                    self.env._("%(count)s promise(s) to pay not kept", count=figure)
                )
            elif code == score_tools.DISPUTES:
                words.append(self.env._("%(count)s invoice(s) disputed", count=figure))
            elif code == score_tools.OPEN_LATE:
                words.append(
                    self.env._("oldest unpaid invoice %(days)s days late", days=figure)
                )
        return format_list(self.env, words) if words else ""

    # ------------------------------------------------------------------
    # The daily job: every customer's grade stored, in batches
    # ------------------------------------------------------------------

    def _refresh(self, companies, today):
        """Store the grade of the customers of ``companies`` that have an
        invoice dated in the last two years or still open (an invoice paid in
        the last 12 months), or a grade already stored (it goes back to A as
        their history empties). A fixed number of queries per batch of
        customers."""
        start = deadline_tools.add_years(today, -2)
        self.env["account.move"].flush_model()
        Partner = self.env["res.partner"]
        Partner.flush_model(["recovery_payer_grade"])
        for company in companies:
            key = str(company.id)
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT move.commercial_partner_id
                      FROM account_move move
                     WHERE move.company_id = %(company)s
                       AND move.move_type = 'out_invoice'
                       AND move.state = 'posted'
                       AND (move.invoice_date >= %(start)s OR %(open_invoice)s)
                     UNION
                    SELECT partner.id FROM res_partner partner
                     WHERE partner.recovery_payer_grade ? %(key)s
                    """,
                    company=company.id,
                    start=start,
                    open_invoice=self.env["account.move"]._recovery_open_sql("move"),
                    key=key,
                )
            )
            ids = sorted(row[0] for row in self.env.cr.fetchall() if row[0])
            for offset in range(0, len(ids), BATCH_SIZE):
                grades = self._grades(
                    Partner.browse(ids[offset : offset + BATCH_SIZE]), company, today
                )
                pairs = sorted(grades.items())
                self.env.cr.execute(
                    SQL(
                        """
                        UPDATE res_partner partner
                           SET recovery_payer_grade =
                               COALESCE(partner.recovery_payer_grade, '{}'::jsonb)
                               || jsonb_build_object(%(key)s, grade.value)
                          FROM unnest(%(ids)s::int[], %(grades)s::varchar[])
                               AS grade(partner_id, value)
                         WHERE partner.id = grade.partner_id
                        """,
                        key=key,
                        ids=[pid for pid, _ in pairs],
                        grades=[value[0] for _, value in pairs],
                    )
                )
        Partner.invalidate_model(["recovery_payer_grade"])
        return True
