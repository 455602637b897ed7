"""The recovery status of customers in each company, stored on the
customer (company-dependent fields of ``res.partner``: overdue amount, step
reached, next step date, oldest due date) for the worklist, the lists and
the sales staff's banners, and the situation its recovery page shows.
The status is written only here, set-based, by the daily job
after its steps, by the re-examination after a payment and after a merge of
contacts; the payer grade is written beside it by
``debt.recovery.payer.score._refresh``."""

from collections import defaultdict

from markupsafe import Markup

from odoo import fields, models
from odoo.tools import SQL, format_date


class DebtRecoveryCustomerStatus(models.AbstractModel):
    _name = "debt.recovery.customer.status"
    _description = "Recovery status of customers"

    def _refresh(self, partners, companies, today=None):
        """Recompute the stored recovery status of the customers
        ``partners`` (their commercial entities) in ``companies``, set-based;
        with ``partners=None``, of every customer having (or having had) an
        open invoice. One UPDATE per company."""
        today = today or fields.Date.context_today(self)
        partner_ids = None if partners is None else partners.commercial_partner_id.ids
        self.env["account.move"].flush_model()
        self.env["res.partner"].flush_model()
        fields_sql = {
            "recovery_overdue_amount": "status.overdue",
            "recovery_level_id": "status.level_id",
            "recovery_next_date": "to_char(status.next_date, 'YYYY-MM-DD')",
            "recovery_oldest_due_date": "to_char(status.oldest_due, 'YYYY-MM-DD')",
        }
        for company in companies:
            key = str(company.id)
            assignments = SQL(", ").join(
                SQL(
                    "%s = COALESCE(partner.%s, '{}'::jsonb) || jsonb_build_object(%s, %s)",
                    SQL.identifier(column),
                    SQL.identifier(column),
                    key,
                    SQL(expression),
                )
                for column, expression in fields_sql.items()
            )
            # Refreshing some customers (a batch of the daily job): only
            # their invoices, found through the index on partner_id.
            moves_scope = (
                SQL(
                    "move.commercial_partner_id = ANY(%(ids)s) AND move.partner_id IN "
                    "(SELECT contact.id FROM res_partner contact "
                    "WHERE contact.commercial_partner_id = ANY(%(ids)s))",
                    ids=partner_ids,
                )
                if partner_ids is not None
                else SQL("TRUE")
            )
            scope = (
                SQL("partner.id = ANY(%s)", partner_ids)
                if partner_ids is not None
                else SQL(
                    "(partner.id IN (SELECT commercial_partner_id FROM open) "
                    "OR partner.recovery_overdue_amount ? %s)",
                    key,
                )
            )
            self.env.cr.execute(
                SQL(
                    """
                    WITH open AS (
                        SELECT move.commercial_partner_id, move.amount_residual_signed,
                               move.invoice_date_due, move.recovery_next_date,
                               level.id AS level_id, level.sequence
                          FROM account_move move
                     LEFT JOIN debt_recovery_level level ON level.id = move.recovery_level_id
                         WHERE move.company_id = %(company)s
                           AND %(open_invoice)s
                           AND %(moves_scope)s
                    ), status AS (
                        SELECT partner.id AS partner_id,
                               COALESCE(SUM(open.amount_residual_signed)
                                   FILTER (WHERE open.invoice_date_due < %(today)s), 0) AS overdue,
                               MIN(open.invoice_date_due)
                                   FILTER (WHERE open.invoice_date_due < %(today)s) AS oldest_due,
                               MIN(open.recovery_next_date) AS next_date,
                               (ARRAY_AGG(open.level_id ORDER BY open.sequence DESC NULLS LAST))[1]
                                   AS level_id
                          FROM res_partner partner
                     LEFT JOIN open ON open.commercial_partner_id = partner.id
                         WHERE %(scope)s
                      GROUP BY partner.id
                    )
                    UPDATE res_partner partner
                       SET %(assignments)s
                      FROM status
                     WHERE status.partner_id = partner.id
                    """,
                    company=company.id,
                    open_invoice=self.env["account.move"]._recovery_open_sql("move"),
                    today=today,
                    scope=scope,
                    moves_scope=moves_scope,
                    assignments=assignments,
                )
            )
        self.env["res.partner"].invalidate_model(list(fields_sql))
        return True

    def _situation(self, commercial, notices, today):
        """The situation of the customer ``commercial`` in the current
        company, for its recovery page, as rows "label: value" of a table: step reached, next step, dispute, promise, plan, notice with
        its deadline, litigation file, suspension."""
        company = self.env.company
        partner = commercial.with_company(company)
        rows = []
        dash = "—"
        rows.append(
            (self.env._("Step reached"), partner.recovery_level_id.name or dash)
        )
        next_level = partner._recovery_next_levels().get(partner.id)
        if next_level and partner.recovery_next_date:
            rows.append(
                (
                    self.env._("Next step"),
                    self.env._(
                        "%(step)s on %(date)s",
                        step=next_level.name,
                        date=format_date(self.env, partner.recovery_next_date),
                    ),
                )
            )
        else:
            rows.append((self.env._("Next step"), dash))
        markers = partner._recovery_exclusion_markers(defaultdict(list))
        rows.append(
            (
                self.env._("Disputes, promises, exclusions"),
                ", ".join(markers.get(partner.id, [])) or dash,
            )
        )
        plans = (
            self.env["debt.recovery.plan"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("state", "in", self.env["debt.recovery.plan"].OFFERED_STATES),
                ]
            )
        )
        plan_states = dict(plans._fields["state"]._description_selection(self.env))
        rows.append(
            (
                self.env._("Installment plan"),
                ", ".join(f"{p.name} ({plan_states[p.state]})" for p in plans) or dash,
            )
        )
        notice_states = dict(notices._fields["state"]._description_selection(self.env))
        texts = []
        for notice in notices:
            text = f"{notice.name} ({notice_states[notice.state]})"
            if notice.deadline_date:
                text += " — " + self.env._(
                    "deadline %(date)s",
                    date=format_date(self.env, notice.deadline_date),
                )
            texts.append(text)
        rows.append((self.env._("Formal notice"), ", ".join(texts) or dash))
        cases = (
            self.env["debt.recovery.case"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("state", "in", self.env["debt.recovery.case"].OPEN_STATES),
                ]
            )
        )
        case_states = dict(cases._fields["state"]._description_selection(self.env))
        rows.append(
            (
                self.env._("Litigation file"),
                ", ".join(f"{c.name} ({case_states[c.state]})" for c in cases) or dash,
            )
        )
        if partner.recovery_suspended:
            since = partner.recovery_suspended_since
            suspension = self.env._(
                "Suspended since %(date)s",
                date=format_date(
                    self.env,
                    fields.Datetime.context_timestamp(self, since).date(),
                )
                if since
                else dash,
            )
        else:
            suspension = self.env._("Not suspended")
        rows.append((self.env._("Service"), suspension))
        body = Markup().join(
            Markup("<tr><th class='pe-3 text-nowrap align-top'>%s</th><td>%s</td></tr>")
            % (label, value)
            for label, value in rows
        )
        return (
            Markup("<table class='table table-sm mb-0'><tbody>%s</tbody></table>")
            % body
        )
