"""The accountant's worklist: one row per customer and company with something
overdue, most urgent first (README, *The daily routine*).

Read from the SQL view ``debt_recovery_worklist`` (``init``), which holds
everything that does not depend on the date: the customer's status in the
company (written by the daily job and the payments, see
``debt.recovery.customer.status._refresh``), its next step, its responsible and
what its situation is made of. The model reads the view through
``_table_query``, which adds the columns counted to the user's today: days
late, the promises still running, whether the installment plan is kept, and
the urgency (``tools/worklist.py``). They cannot live in the view: the
database's ``CURRENT_DATE`` is the server's date in UTC, not the date of a
French accountant between midnight and 2 a.m., and the tests, which freeze
the date in Python, could not reach it. Passing the date as a parameter
keeps every column a real column: the list filters, groups and sorts in SQL
(``_order``).
"""

from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ..tools import tracking, worklist
from .debt_recovery_document import MANAGER_GROUP
from .debt_recovery_payer_score import GRADE_SELECTION

# The states in which each record weighs on the customer are the records'
# own (``OPEN_STATES`` and the like on each model): a notice in progress, or
# escalated to litigation, puts the customer at the formal notice; the
# "Situation" column names the pending notices (one escalated is named
# through its litigation file), the plans offered or running and the open
# litigation files.
# The steps that put a customer at the formal notice when reached or waiting
# for validation.
NOTICE_LEVEL_CODES = ("formal_notice", "litigation")
# A promise to pay without an end date, in the view's ``promise_until``.
NO_END = "9999-12-31"
# The id of a row: the customer's id, then the company's on six digits (a
# number the web client holds exactly for customer ids up to 10**9).
COMPANY_SLOTS = 10**6


class DebtRecoveryWorklist(models.Model):
    _name = "debt.recovery.worklist"
    _description = "Recovery worklist"
    _auto = False
    _rec_name = "partner_id"
    _order = "urgency_group desc, urgency_score desc, id"
    # What the view reads: flushed before each query on it.
    _depends = {
        "res.partner": [
            "active",
            "user_id",
            "recovery_overdue_amount",
            "recovery_oldest_due_date",
            "recovery_level_id",
            "recovery_next_date",
            "recovery_user_id",
            "recovery_suspended",
            "recovery_payer_grade",
        ],
        "res.company": ["currency_id"],
        "account.move": [
            "move_type",
            "state",
            "payment_state",
            "amount_residual",
            "commercial_partner_id",
            "company_id",
            "invoice_date_due",
            "recovery_next_level_id",
            "recovery_next_date",
            "recovery_excluded",
            "recovery_exclusion_reason",
            "recovery_excluded_until",
        ],
        "debt.recovery.level": ["code"],
        "debt.recovery.action": ["partner_id", "company_id", "state", "level_code"],
        "debt.recovery.notice": ["partner_id", "company_id", "state"],
        "debt.recovery.case": ["partner_id", "company_id", "state"],
        "debt.recovery.plan": ["partner_id", "company_id", "state", "invoice_ids"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    overdue_amount = fields.Monetary(
        string="Overdue",
        readonly=True,
        help="Customer invoices past their due date and still unpaid, in the "
        "company currency, at the last refresh.",
    )
    oldest_due_date = fields.Date(string="Due since", readonly=True)
    days_late = fields.Integer(
        string="Days late",
        readonly=True,
        aggregator="max",
        help="Days since the due date of the oldest overdue invoice.",
    )
    level_id = fields.Many2one(
        "debt.recovery.level", string="Step reached", readonly=True
    )
    next_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Next step",
        readonly=True,
        help="Next step of the ladder for the invoice that reaches one first.",
    )
    next_date = fields.Date(string="Next step date", readonly=True)
    board_column = fields.Selection(
        selection="_selection_board_column",
        string="Column",
        readonly=True,
        help="The kanban's column: disputed customers in their own, the others "
        "by the step reached, the most advanced first.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        readonly=True,
        help="Recovery responsible of the customer, or else its salesperson.",
    )
    suspended = fields.Boolean(readonly=True)
    payer_grade = fields.Selection(
        GRADE_SELECTION,
        string="Score",
        readonly=True,
        help="Payer score, A (pays on time) to D (at risk), from the last 12 "
        "months (refreshed by the daily job); the customer page gives its "
        "reasons.",
    )
    disputed = fields.Boolean(string="Disputed invoice", readonly=True)
    promised = fields.Boolean(
        string="Promise to pay",
        readonly=True,
        help="An open invoice is excluded from the ladder by a promise to pay "
        "that has not ended.",
    )
    in_plan = fields.Boolean(
        string="In an installment plan",
        readonly=True,
        help="The customer has an installment plan proposed or running in the company.",
    )
    plan_kept = fields.Boolean(
        string="Installment plan kept",
        readonly=True,
        help="Every overdue invoice of the customer is in an installment plan "
        "that is kept: the customer is not late, the plan says when it pays.",
    )
    to_validate = fields.Boolean(string="Step to validate", readonly=True)
    notice_in_progress = fields.Boolean(
        string="Formal notice in progress", readonly=True
    )
    at_notice = fields.Boolean(
        string="At the formal notice",
        readonly=True,
        help="A formal notice in progress, a formal-notice or litigation step "
        "waiting for validation, or one of these steps reached.",
    )
    litigation = fields.Boolean(string="Litigation file in progress", readonly=True)
    urgency_group = fields.Integer(
        string="Urgency group",
        readonly=True,
        help="2: suspended or at the formal notice; 1: the other late "
        "customers; 0: installment plan kept.",
    )
    urgency_score = fields.Float(
        string="Urgency",
        readonly=True,
        help="Overdue amount times days late: the order within a group.",
    )
    markers = fields.Char(
        string="Situation",
        compute="_compute_markers",
        help="Disputes, promises to pay and other exclusions, installment plans, "
        "formal notices and litigation files of the customer.",
    )

    # ------------------------------------------------------------------
    # The view, and the columns counted to today
    # ------------------------------------------------------------------

    def init(self):
        Plan = self.env["debt.recovery.plan"]
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT partner.id::bigint * %(slots)s + company.id AS id,
                           partner.id AS partner_id,
                           company.id AS company_id,
                           company.currency_id,
                           overdue.amount::float8 AS overdue_amount,
                           (partner.recovery_oldest_due_date ->> overdue.company_key)::date
                               AS oldest_due_date,
                           (partner.recovery_level_id ->> overdue.company_key)::int4 AS level_id,
                           (SELECT move.recovery_next_level_id
                              FROM account_move move
                             WHERE %(customer_invoice)s
                               AND %(open_invoice)s
                               AND move.recovery_next_level_id IS NOT NULL
                          ORDER BY move.recovery_next_date, move.id
                             LIMIT 1) AS next_level_id,
                           (partner.recovery_next_date ->> overdue.company_key)::date AS next_date,
                           COALESCE((partner.recovery_user_id ->> overdue.company_key)::int4,
                                    partner.user_id) AS user_id,
                           COALESCE((partner.recovery_suspended ->> overdue.company_key)::boolean,
                                    FALSE) AS suspended,
                           partner.recovery_payer_grade ->> overdue.company_key AS payer_grade,
                           EXISTS (SELECT 1 FROM account_move move
                                    WHERE %(customer_invoice)s
                                      AND %(open_invoice)s
                                      AND move.recovery_excluded
                                      AND move.recovery_exclusion_reason = 'dispute')
                               AS disputed,
                           (SELECT MAX(COALESCE(move.recovery_excluded_until, %(no_end)s::date))
                              FROM account_move move
                             WHERE %(customer_invoice)s
                               AND %(open_invoice)s
                               AND move.recovery_excluded
                               AND move.recovery_exclusion_reason = 'promise')
                               AS promise_until,
                           EXISTS (SELECT 1 FROM debt_recovery_plan plan
                                    WHERE plan.partner_id = partner.id
                                      AND plan.company_id = company.id
                                      AND plan.state IN %(plan_states)s) AS in_plan,
                           EXISTS (SELECT 1 FROM debt_recovery_plan plan
                                    WHERE plan.partner_id = partner.id
                                      AND plan.company_id = company.id
                                      AND plan.state IN %(plan_running)s) AS plan_active,
                           (SELECT MIN(move.invoice_date_due)
                              FROM account_move move
                             WHERE %(customer_invoice)s
                               AND %(open_invoice)s
                               AND NOT %(plan_hold)s)
                               AS oldest_unplanned_due_date,
                           status.to_validate,
                           status.notice_in_progress,
                           status.notice_in_progress
                               OR status.notice_to_validate
                               OR COALESCE(level.code IN %(notice_codes)s, FALSE) AS at_notice,
                           EXISTS (SELECT 1 FROM debt_recovery_case file
                                    WHERE file.partner_id = partner.id
                                      AND file.company_id = company.id
                                      AND file.state IN %(case_states)s) AS litigation
                      FROM res_partner partner
                     CROSS JOIN LATERAL jsonb_each_text(partner.recovery_overdue_amount)
                           AS overdue(company_key, amount)
                      JOIN res_company company ON company.id::text = overdue.company_key
                 LEFT JOIN debt_recovery_level level
                        ON level.id = (partner.recovery_level_id ->> overdue.company_key)::int4
                     CROSS JOIN LATERAL (
                         SELECT EXISTS (SELECT 1 FROM debt_recovery_action step
                                         WHERE step.partner_id = partner.id
                                           AND step.company_id = company.id
                                           AND step.state = 'to_validate') AS to_validate,
                                EXISTS (SELECT 1 FROM debt_recovery_action step
                                         WHERE step.partner_id = partner.id
                                           AND step.company_id = company.id
                                           AND step.state = 'to_validate'
                                           AND step.level_code IN %(notice_codes)s)
                                    AS notice_to_validate,
                                EXISTS (SELECT 1 FROM debt_recovery_notice notice
                                         WHERE notice.partner_id = partner.id
                                           AND notice.company_id = company.id
                                           AND notice.state IN %(notice_states)s)
                                    AS notice_in_progress
                     ) status
                     WHERE partner.active
                       AND overdue.amount::float8 > 0
                )
                """,
                table=SQL.identifier(self._table),
                slots=COMPANY_SLOTS,
                open_invoice=self.env["account.move"]._recovery_open_sql("move"),
                # The customer's invoices in the company, found through the
                # index on the invoice's partner (the commercial entity of an
                # invoice has none).
                customer_invoice=SQL(
                    "move.partner_id IN (SELECT contact.id FROM res_partner contact"
                    " WHERE contact.commercial_partner_id = partner.id)"
                    " AND move.commercial_partner_id = partner.id"
                    " AND move.company_id = company.id"
                ),
                no_end=NO_END,
                plan_states=Plan.OFFERED_STATES,
                plan_running=Plan.RUNNING_STATES,
                plan_hold=Plan._recovery_invoice_hold_sql("move"),
                case_states=self.env["debt.recovery.case"].OPEN_STATES,
                notice_states=self.env["debt.recovery.notice"].OPEN_STATES,
                notice_codes=NOTICE_LEVEL_CODES,
            )
        )

    @property
    def _table_query(self):
        """The view with the columns counted to the user's today (see the
        module's docstring), in the order of ``tools/worklist.py``: the
        group (suspended or at the formal notice, late, plan kept), then the
        overdue amount times days late."""
        return SQL(
            """
            SELECT line.id, line.partner_id, line.company_id, line.currency_id,
                   line.overdue_amount, line.oldest_due_date, today.days_late,
                   line.level_id, line.next_level_id, line.next_date, line.user_id,
                   CASE WHEN line.disputed THEN 'dispute'
                        WHEN line.level_id IS NULL THEN 'none'
                        ELSE 'level_' || line.level_id END AS board_column,
                   line.suspended, line.payer_grade, line.disputed,
                   COALESCE(line.promise_until >= %(today)s, FALSE) AS promised,
                   line.in_plan,
                   today.urgency = %(kept)s AS plan_kept,
                   line.to_validate, line.notice_in_progress, line.at_notice,
                   line.litigation,
                   today.urgency AS urgency_group,
                   GREATEST(line.overdue_amount, 0) * today.days_late AS urgency_score
              FROM debt_recovery_worklist line
             CROSS JOIN LATERAL (
                 SELECT GREATEST(COALESCE(%(today)s - line.oldest_due_date, 0), 0)
                            AS days_late,
                        CASE WHEN line.suspended OR line.at_notice THEN %(urgent)s
                             WHEN line.plan_active
                                  AND (line.oldest_unplanned_due_date IS NULL
                                       OR line.oldest_unplanned_due_date >= %(today)s)
                             THEN %(kept)s
                             ELSE %(late)s END AS urgency
             ) today
            """,
            today=fields.Date.context_today(self),
            urgent=worklist.TIER_URGENT,
            kept=worklist.TIER_PLAN_KEPT,
            late=worklist.TIER_LATE,
        )

    @api.model
    def _selection_board_column(self):
        """Disputed customers first (a dispute stops the reminders: it needs
        a decision), then the steps of the ladder, the most advanced first,
        then the customers with no step yet."""
        levels = (
            self.env["debt.recovery.level"]
            .sudo()
            .with_context(active_test=False)
            .search(
                # The worklist shows the current company's customers only.
                [("company_id", "=", self.env.company.id)],
                order="sequence desc, id desc",
            )
        )
        return [
            ("dispute", self.env._("Disputed")),
            *((f"level_{level.id}", level.name) for level in levels),
            ("none", self.env._("No step reached yet")),
        ]

    # ------------------------------------------------------------------
    # Situation
    # ------------------------------------------------------------------

    @api.depends_context("lang")
    def _compute_markers(self):
        by_company = defaultdict(lambda: self.browse())
        for line in self:
            by_company[line.company_id] |= line
        for company, lines in by_company.items():
            partners = lines.partner_id.with_company(company)
            result = defaultdict(list)
            # Plans, notices and litigation files with their state first (the
            # column is narrow at 1366 px: the notice's state must show), then
            # disputes, promises to pay and other exclusions.
            lines.with_company(company)._document_markers(partners, result)
            partners._recovery_exclusion_markers(result)
            for line in lines:
                line.markers = ", ".join(result.get(line.partner_id.id, [])) or False

    def _document_markers(self, partners, result):
        """Add to ``result`` the installment plans, formal notices and
        litigation files in progress of ``partners`` in the current
        company."""
        records = [
            ("debt.recovery.plan", self.env["debt.recovery.plan"].OFFERED_STATES),
            ("debt.recovery.notice", self.env["debt.recovery.notice"].PENDING_STATES),
            ("debt.recovery.case", self.env["debt.recovery.case"].OPEN_STATES),
        ]
        for model, states in records:
            found = (
                self.env[model]
                .sudo()
                .search(
                    [
                        ("state", "in", states),
                        ("company_id", "=", self.env.company.id),
                        ("partner_id", "in", partners.ids),
                    ],
                    order="id",
                )
            )
            labels = dict(found._fields["state"]._description_selection(self.env))
            for record in found:
                result[record.partner_id.id].append(
                    # The state before the reference: the column is narrow.
                    self.env._(
                        "%(document)s: %(state)s (%(name)s)",
                        document=record._description_short(),
                        name=record.name,
                        state=labels[record.state],
                    )
                )
        return result

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_recovery_open_page(self):
        """The customer page of the line's customer (a click on the line,
        its "Process" button)."""
        self.ensure_one()
        return self.partner_id.action_recovery_open_page()

    def action_recovery_process(self):
        """Open the processing wizard on the customers of these lines."""
        partners = self.partner_id.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_debt_recovery.debt_recovery_process_action"
        )
        action["context"] = {
            "dialog_size": "extra-large",
            "active_model": "res.partner",
            "active_ids": partners.ids,
            "default_partner_ids": partners.ids,
        }
        return action

    def action_recovery_run_now(self):
        """ "Run now" from the worklist: the daily job, for managers. A
        list-header button: called on the selected lines or on none
        (``self`` is ignored, see ``debt.recovery.run._run_now``)."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._("Only a recovery manager can run the daily job by hand.")
            )
        return self.env["debt.recovery.run"]._run_now()

    # ------------------------------------------------------------------
    # Tracking table
    # ------------------------------------------------------------------

    def _tracking_headers(self):
        return [
            (self.env._("Customer"), "text"),
            (self.env._("VAT number"), "text"),
            (self.env._("Overdue amount"), "amount"),
            (self.env._("Oldest due date"), "date"),
            (self.env._("Days late"), "integer"),
            (self.env._("Level reached"), "text"),
            (self.env._("Next step"), "text"),
            (self.env._("Next step date"), "date"),
            (self.env._("Responsible"), "text"),
            (self.env._("Suspended"), "text"),
            (self.env._("Situation"), "text"),
        ]

    def _tracking_rows(self):
        """Rows of the tracking table, in the order of ``self``."""
        yes, no = self.env._("Yes"), self.env._("No")
        return [
            (
                line.partner_id.display_name,
                line.partner_id.vat or "",
                line.overdue_amount,
                line.oldest_due_date or None,
                line.days_late,
                line.level_id.name or "",
                line.next_level_id.name or "",
                line.next_date or None,
                line.user_id.name or "",
                yes if line.suspended else no,
                line.markers or "",
            )
            for line in self
        ]

    def action_recovery_export_xlsx(self):
        """The tracking table (tableau de suivi) of the selected lines, or of
        the whole worklist of the current company when none is selected, as
        an XLSX download."""
        today = fields.Date.context_today(self)
        # In the worklist's order (the model's ``_order``: most urgent first),
        # the order the accountant sees on the screen.
        domain = [("company_id", "=", self.env.company.id)]
        if self:
            domain.append(("id", "in", self.ids))
        lines = self.search(domain)
        content = tracking.tracking_xlsx(
            self.env._("Tracking table"),
            lines._tracking_headers(),
            lines._tracking_rows(),
        )
        # Not linked to a record: only its creator (and administrators) can
        # download it.
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Recovery tracking table %(company)s %(date)s.xlsx",
                    company=self.env.company.name,
                    # A date in words: no ISO date, no "/" in a file name.
                    date=format_date(self.env, today, date_format="d MMMM y"),
                ),
                "raw": content,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
