"""The accountant's worklist: customers with something overdue in the
current company, what is due to happen to each, and the tracking table."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools import tracking

OPEN_INVOICE_DOMAIN = [
    ("move_type", "=", "out_invoice"),
    ("state", "=", "posted"),
    ("payment_state", "in", ("not_paid", "partial")),
    ("amount_residual", ">", 0),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    recovery_days_late = fields.Integer(
        string="Days late",
        compute="_compute_recovery_days_late",
        help="Days since the due date of the oldest overdue invoice.",
    )
    recovery_next_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Next step",
        compute="_compute_recovery_worklist",
        help="Next step of the ladder for the invoice that reaches one first.",
    )
    recovery_responsible_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_recovery_worklist",
        help="Recovery responsible of the customer, or else its salesperson.",
    )
    recovery_markers = fields.Char(
        string="Situation",
        compute="_compute_recovery_worklist",
        help="Disputes, promises to pay and other exclusions, installment plans, "
        "formal notices and litigation files of the customer.",
    )
    recovery_to_validate = fields.Boolean(
        string="Step to validate",
        compute="_compute_recovery_worklist",
        search="_search_recovery_to_validate",
    )
    recovery_disputed = fields.Boolean(
        string="Disputed invoice",
        compute="_compute_recovery_worklist",
        search="_search_recovery_disputed",
    )

    @api.depends_context("company", "tz")
    @api.depends("recovery_oldest_due_date")
    def _compute_recovery_days_late(self):
        today = fields.Date.context_today(self)
        for partner in self:
            oldest = partner.recovery_oldest_due_date
            partner.recovery_days_late = (
                max(tracking.days_between(oldest, today), 0) if oldest else 0
            )

    @api.depends_context("company")
    @api.depends("recovery_user_id", "user_id")
    def _compute_recovery_worklist(self):
        customers = self.filtered("id")
        next_levels = customers._recovery_next_levels()
        to_validate = set(customers._recovery_partners_to_validate())
        disputed = set(customers._recovery_disputed_partners())
        markers = customers._recovery_worklist_markers()
        for partner in self:
            key = partner.id
            partner.recovery_next_level_id = next_levels.get(key, False)
            partner.recovery_responsible_id = (
                partner.recovery_user_id or partner.user_id
            )
            partner.recovery_to_validate = key in to_validate
            partner.recovery_disputed = key in disputed
            partner.recovery_markers = ", ".join(markers.get(key, [])) or False

    # ------------------------------------------------------------ look-ups
    def _recovery_open_invoices(self, overdue_only=True):
        """Open customer invoices of these customers in the current company."""
        domain = [
            *OPEN_INVOICE_DOMAIN,
            ("company_id", "=", self.env.company.id),
            ("commercial_partner_id", "in", self.commercial_partner_id.ids),
        ]
        if overdue_only:
            domain.append(
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            )
        return self.env["account.move"].search(
            domain, order="invoice_date_due, name, id"
        )

    def _recovery_next_levels(self):
        """``{partner_id: level}``: next step of the invoice that reaches one
        first. One query."""
        if not self:
            return {}
        moves = self.env["account.move"].search(
            [
                *OPEN_INVOICE_DOMAIN,
                ("company_id", "=", self.env.company.id),
                ("commercial_partner_id", "in", self.ids),
                ("recovery_next_level_id", "!=", False),
            ],
            order="recovery_next_date, id",
        )
        result = {}
        for move in moves:
            result.setdefault(
                move.commercial_partner_id.id, move.recovery_next_level_id
            )
        return result

    def _recovery_partners_to_validate(self):
        """Customers (among ``self``, or all when empty) with a step waiting
        for a manager's validation in the current company."""
        domain = [
            ("state", "=", "to_validate"),
            ("company_id", "=", self.env.company.id),
        ]
        if self:
            domain.append(("partner_id", "in", self.ids))
        groups = self.env["debt.recovery.action"]._read_group(domain, ["partner_id"])
        return [partner.id for (partner,) in groups]

    def _recovery_disputed_partners(self):
        domain = [
            *OPEN_INVOICE_DOMAIN,
            ("company_id", "=", self.env.company.id),
            ("recovery_excluded", "=", True),
            ("recovery_exclusion_reason", "=", "dispute"),
        ]
        if self:
            domain.append(("commercial_partner_id", "in", self.ids))
        groups = self.env["account.move"]._read_group(domain, ["commercial_partner_id"])
        return [partner.id for (partner,) in groups]

    def _search_recovery_to_validate(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        ids = self.browse()._recovery_partners_to_validate()
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def _search_recovery_disputed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        ids = self.browse()._recovery_disputed_partners()
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def _recovery_worklist_markers(self):
        """``{partner_id: [label, ...]}``: what the worklist shows in its
        "Situation" column. Installment plans, formal notices and litigation
        files add their labels by extending this method."""
        result = defaultdict(list)
        if not self:
            return result
        today = fields.Date.context_today(self)
        moves = self.env["account.move"].search(
            [
                *OPEN_INVOICE_DOMAIN,
                ("company_id", "=", self.env.company.id),
                ("commercial_partner_id", "in", self.ids),
                ("recovery_excluded", "=", True),
            ],
            order="recovery_excluded_until, id",
        )
        reasons = dict(
            moves._fields["recovery_exclusion_reason"]._description_selection(self.env)
        )
        for move in moves:
            until = move.recovery_excluded_until
            if until and until < today:
                continue
            reason = reasons.get(move.recovery_exclusion_reason) or self.env._(
                "Excluded"
            )
            label = (
                self.env._(
                    "%(reason)s until %(date)s",
                    reason=reason,
                    date=format_date(self.env, until),
                )
                if until
                else reason
            )
            labels = result[move.commercial_partner_id.id]
            if label not in labels:
                labels.append(label)
        return result

    # ------------------------------------------------------------ worklist
    @api.model
    def _recovery_worklist_domain(self):
        """Customers with something overdue in the current company."""
        return [("recovery_overdue_amount", ">", 0)]

    def action_recovery_process(self):
        """Open the processing wizard on these customers."""
        partners = self.commercial_partner_id
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

    @api.model
    def action_recovery_run_now(self):
        """ "Run now" from the worklist: the daily job, for managers."""
        if not self.env.user.has_group(
            "l10n_fr_debt_recovery.group_debt_recovery_manager"
        ):
            raise UserError(
                self.env._("Only a recovery manager can run the daily job by hand.")
            )
        return self.env["debt.recovery.action"].action_run_now()

    # ------------------------------------------------------ tracking table
    def _recovery_tracking_rows(self):
        """Rows of the tracking table, in the order of ``self``."""
        yes, no = self.env._("Yes"), self.env._("No")
        rows = []
        for partner in self:
            next_step = partner.recovery_next_level_id.name or ""
            rows.append(
                (
                    partner.display_name,
                    partner.vat or "",
                    partner.recovery_overdue_amount,
                    partner.recovery_oldest_due_date or None,
                    partner.recovery_days_late,
                    partner.recovery_level_id.name or "",
                    next_step,
                    partner.recovery_next_date or None,
                    partner.recovery_responsible_id.name or "",
                    yes if partner.recovery_suspended else no,
                    partner.recovery_markers or "",
                )
            )
        return rows

    def _recovery_tracking_headers(self):
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

    def action_recovery_export_xlsx(self):
        """The tracking table (tableau de suivi) of the selected customers, or
        of the whole worklist when none is selected, as an XLSX download."""
        partners = self.commercial_partner_id or self.search(
            self._recovery_worklist_domain()
        )
        partners = partners.sorted(
            lambda p: (
                p.recovery_next_date or fields.Date.context_today(self),
                -p.recovery_overdue_amount,
            )
        )
        today = fields.Date.context_today(self)
        content = tracking.tracking_xlsx(
            self.env._("Tracking table"),
            partners._recovery_tracking_headers(),
            partners._recovery_tracking_rows(),
        )
        # Not linked to a record: only its creator (and administrators) can
        # download it.
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Recovery tracking table %(company)s %(date)s.xlsx",
                    company=self.env.company.name,
                    date=fields.Date.to_string(today),
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

    # ---------------------------------------------------------- promises
    def _recovery_log_notes(self, bodies):
        """One chatter note per customer: ``{partner_id: [line, ...]}``."""
        if not bodies:
            return
        self.env["res.partner"].sudo().browse(list(bodies))._message_log_batch(
            bodies={pid: Markup("<br/>").join(lines) for pid, lines in bodies.items()}
        )
