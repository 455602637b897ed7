from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Default ladder of DESIGN.md: (code, sequence, name, delay, channels, flags)
DEFAULT_LADDER = [
    {
        "code": "courtesy",
        "sequence": 10,
        "name": "Courtesy reminder",
        "name_fr": "Relance de courtoisie",
        "delay_days": 3,
        "channel_email": True,
        "channel_letter": False,
        "channel_activity": False,
    },
    {
        "code": "amicable",
        "sequence": 20,
        "name": "Amicable reminder",
        "name_fr": "Relance amiable",
        "delay_days": 15,
        "channel_email": True,
        "channel_letter": True,
        "channel_activity": False,
    },
    {
        "code": "phone",
        "sequence": 30,
        "name": "Phone call",
        "name_fr": "Appel téléphonique",
        "delay_days": 25,
        "channel_email": False,
        "channel_letter": False,
        "channel_activity": True,
    },
    {
        "code": "firm",
        "sequence": 40,
        "claim_penalties": True,
        "name": "Firm reminder",
        "name_fr": "Relance ferme",
        "delay_days": 30,
        "channel_email": True,
        "channel_letter": True,
        "channel_activity": False,
    },
    {
        "code": "formal_notice",
        "sequence": 50,
        "claim_penalties": True,
        "name": "Formal notice",
        "name_fr": "Mise en demeure",
        "delay_days": 45,
        "channel_email": False,
        "channel_letter": True,
        "channel_activity": False,
        "requires_validation": True,
        "suspend_service": True,
    },
    {
        "code": "litigation",
        "sequence": 60,
        "claim_penalties": True,
        "name": "Litigation",
        "name_fr": "Contentieux",
        "delay_days": 0,
        "after_notice_deadline": True,
        "channel_email": False,
        "channel_letter": False,
        "channel_activity": True,
        "requires_validation": True,
    },
]


# Documents of the default ladder, by step code (xml ids of this addon).
DEFAULT_MAIL_TEMPLATES = {
    "pre_due": "mail_template_pre_due",
    "courtesy": "mail_template_courtesy",
    "amicable": "mail_template_amicable",
    "firm": "mail_template_firm",
}
DEFAULT_REPORTS = {
    "amicable": "report_debt_recovery_action_amicable",
    "firm": "report_debt_recovery_action_firm",
}


class DebtRecoveryLevel(models.Model):
    _name = "debt.recovery.level"
    _description = "Debt Recovery Level"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [
            ("pre_due", "Reminder before the due date"),
            ("courtesy", "Courtesy reminder"),
            ("amicable", "Amicable reminder"),
            ("phone", "Phone call"),
            ("firm", "Firm reminder"),
            ("formal_notice", "Formal notice"),
            ("litigation", "Litigation"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        help="What this step means for the rest of the process: the formal notice "
        "step creates a mise en demeure, the litigation step a litigation file.",
    )
    sequence = fields.Integer(required=True, default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    delay_days = fields.Integer(
        string="Delay (days after due date)",
        required=True,
        default=0,
        help="The step is due this many days after the invoice due date. A "
        "negative delay makes a reminder before the due date (e.g. -5: five days "
        "before), sent by email only to the customers who asked for it; it is "
        "not a step of the recovery itself: it never counts for the gap between "
        "letters and the invoice is not late.",
    )
    after_notice_deadline = fields.Boolean(
        string="After the notice deadline",
        help="The step is due when the deadline of the mise en demeure has passed, "
        "instead of a number of days after the due date.",
    )
    min_gap_days = fields.Integer(
        string="Minimum gap (days)",
        default=7,
        help="No letter is sent to the same customer less than this many days "
        "after the previous one.",
    )
    channel_email = fields.Boolean(string="Email")
    channel_letter = fields.Boolean(string="Letter")
    channel_activity = fields.Boolean(string="Activity")
    channel_visit = fields.Boolean(
        string="Visit on site",
        help='The customer\'s responsible gets a "Visit on site" activity with the '
        "customer's address, a map link and the figures to bring; the outcome is "
        "written when the activity is marked as done, as for a phone call.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email template",
        domain="[('model', '=', 'debt.recovery.action')]",
    )
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Letter document",
        domain="[('model', '=', 'debt.recovery.action')]",
        help="Letter rendered for this step and attached to the email or printed.",
    )
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity type")
    requires_validation = fields.Boolean(
        help="The action waits for a recovery manager's validation before anything "
        "is sent.",
    )
    claim_penalties = fields.Boolean(
        string="Claim penalties and indemnity",
        help="Late-payment penalties and the fixed recovery indemnity are added to "
        "the amount claimed (they are always shown).",
    )
    suspend_service = fields.Boolean(
        help="Customers reaching this step are suspended: no new sale order can be "
        "confirmed without a manager's override.",
    )
    note = fields.Html(translate=True)

    _sql_constraints = [
        (
            "delay_positive",
            "CHECK ((delay_days >= 0 OR NOT COALESCE(after_notice_deadline, FALSE))"
            " AND min_gap_days >= 0)",
            "Gaps cannot be negative, nor the delay of a step after the notice "
            "deadline.",
        ),
    ]

    def _recovery_is_pre_due(self):
        """A reminder before the due date (a negative delay): outside the
        ladder of late invoices."""
        return bool(self) and self.delay_days < 0

    @api.constrains(
        "delay_days", "channel_letter", "channel_activity", "channel_visit",
        "channel_sms",
        "requires_validation",
        "claim_penalties", "suspend_service", "after_notice_deadline", "code",
    )  # fmt: skip
    def _check_pre_due(self):
        """Before the due date nothing is owed yet: no penalty, no letter by
        post, no suspension; only a friendly email (C. com. L441-10 II: the
        penalties and the indemnity are due from the day after the payment
        date on the invoice)."""
        for level in self.filtered(lambda lvl: lvl.delay_days < 0):
            if (
                level.code not in ("pre_due", "other")
                or level.channel_letter
                or level.channel_activity
                or level.channel_visit
                or level.channel_sms
                or not level.channel_email
                or level.requires_validation
                or level.claim_penalties
                or level.suspend_service
                or level.after_notice_deadline
            ):
                raise ValidationError(
                    self.env._(
                        "The step %(step)s has a negative delay: it is a reminder "
                        "before the due date, sent by email only, without "
                        "penalties, validation nor suspension.",
                        step=level.name,
                    )
                )
        for level in self.filtered(lambda lvl: lvl.code == "pre_due"):
            if level.delay_days >= 0:
                raise ValidationError(
                    self.env._(
                        "The reminder before the due date needs a negative delay "
                        "(e.g. -5 for five days before the due date)."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        levels = super().create(vals_list)
        levels.filtered(lambda lvl: lvl.code == "pre_due")._link_default_documents()
        return levels

    def init(self):
        # One step per code and company (the "other" code may repeat).
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS debt_recovery_level_code_company_uniq
                ON debt_recovery_level (company_id, code)
             WHERE code != 'other'
            """
        )

    @api.constrains("sequence", "active", "company_id")
    def _check_sequence_unique(self):
        """Two active steps of a company with the same sequence: the ladder
        would only ever use one of them. One query for the whole batch."""
        levels = self.filtered("active")
        if not levels:
            return
        same_sequence = (
            self.sudo()
            .with_context(active_test=True)
            .search(
                [
                    ("company_id", "in", levels.company_id.ids),
                    ("sequence", "in", levels.mapped("sequence")),
                ]
            )
            .grouped(lambda level: (level.company_id, level.sequence))
        )
        for level in levels:
            others = same_sequence.get((level.company_id, level.sequence))
            others = others and others - level.sudo()
            if others:
                raise ValidationError(
                    self.env._(
                        "The steps %(step)s and %(other)s of %(company)s have the "
                        "same sequence %(sequence)s: the reminder ladder would never "
                        "use one of them. Give each active step its own sequence.",
                        step=level.name,
                        other=others[0].name,
                        company=level.company_id.name,
                        sequence=level.sequence,
                    )
                )

    @api.constrains("report_id", "mail_template_id")
    def _check_step_documents(self):
        """A step renders its letter and its email from the step itself
        (``debt.recovery.action``): a report or a template of another model
        would render, in the daily job's superuser environment, the records
        of that model whose ids are the steps' ids, and send them to the
        step's customer. The report must also be one of the recovery letters
        (``debt_recovery_letter_kind``, kept by a copy of the addon's
        reports), whose template only receives the step's own letter. A
        constraint of the model, not a domain of the form: every way of
        writing a step is held by it."""
        step_model = "debt.recovery.action"
        for level in self.sudo():
            report = level.report_id
            if report and (
                report.model != step_model or not report.debt_recovery_letter_kind
            ):
                raise ValidationError(
                    self.env._(
                        "The letter document %(report)s cannot be used by the step "
                        "%(step)s: a step prints only a recovery letter of the "
                        "reminder steps (the documents of the model Debt Recovery "
                        "Action printing a recovery letter). Choose one of them, "
                        "or a copy of one.",
                        report=report.name,
                        step=level.name,
                    )
                )
            template = level.mail_template_id
            if template and template.model != step_model:
                raise ValidationError(
                    self.env._(
                        "The email template %(template)s cannot be used by the step "
                        "%(step)s: it is a template of %(model)s, and a step's "
                        "email is written from the step itself. Choose a template "
                        "of the model Debt Recovery Action.",
                        template=template.name,
                        step=level.name,
                        model=template.model or "?",
                    )
                )

    @api.model
    def _create_default_ladder(self, companies):
        """Create the default ladder for companies that have none."""
        existing = self.with_context(active_test=False).search(
            [("company_id", "in", companies.ids)]
        )
        with_ladder = existing.company_id
        vals_list = []
        french_names = []
        for company in companies - with_ladder:
            for step in DEFAULT_LADDER:
                vals = {k: v for k, v in step.items() if k != "name_fr"}
                vals["company_id"] = company.id
                vals_list.append(vals)
                french_names.append(step["name_fr"])
        levels = self.with_context(lang="en_US").create(vals_list)
        if levels:
            # French names are stored even when French is not active yet, so
            # that activating it later shows "Relance amiable" at once.
            levels.flush_recordset(["name"])
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE debt_recovery_level AS level
                       SET name = level.name || jsonb_build_object('fr_FR', fr.name)
                      FROM (VALUES %s) AS fr(id, name)
                     WHERE level.id = fr.id
                    """,
                    SQL(", ").join(
                        SQL("(%s, %s)", level.id, name)
                        for level, name in zip(levels, french_names, strict=True)
                    ),
                )
            )
            levels.invalidate_recordset(["name"])
        levels._link_default_documents()
        return levels

    def _recovery_due_date(self, invoice):
        """Date on which this step becomes due for ``invoice`` (False when
        it does not depend on the due date, e.g. after a notice deadline)."""
        if not self:
            return False
        self.ensure_one()
        if self.after_notice_deadline or not invoice.invoice_date_due:
            return False
        if invoice.recovery_level_id._recovery_is_pre_due():
            # The reminder before the due date does not count for the gap.
            return invoice.invoice_date_due + timedelta(days=self.delay_days)
        # timedelta rather than fields.Date.add (a relativedelta): the same
        # dates, computed for every open invoice after each step.
        due = invoice.invoice_date_due + timedelta(days=self.delay_days)
        if invoice.recovery_last_date and self.min_gap_days:
            due = max(
                due, invoice.recovery_last_date + timedelta(days=self.min_gap_days)
            )
        return due

    def _link_default_documents(self):
        """Link the default email templates and letters to the default steps."""

        def ref(names, code):
            name = names.get(code)
            if not name:
                return None
            return self.env.ref(
                f"l10n_fr_debt_recovery.{name}", raise_if_not_found=False
            )

        for level in self:
            vals = {}
            template = ref(DEFAULT_MAIL_TEMPLATES, level.code)
            report = ref(DEFAULT_REPORTS, level.code)
            if template and not level.mail_template_id:
                vals["mail_template_id"] = template.id
            if report and not level.report_id:
                vals["report_id"] = report.id
            if vals:
                level.write(vals)
        return True

    # ---- Posted by a postal provider ----
    post_automatically = fields.Boolean(
        string="Post the letters automatically",
        help="The letters of this step are sent by the postal provider without "
        "anyone printing them (within the daily cap of automatic sendings). "
        "Without a provider for ordinary letters, they wait to be printed.",
    )

    # ---- SMS (Odoo's sms module, optional) ----
    channel_sms = fields.Boolean(
        string="SMS",
        help="A short text message is also sent to the customer's mobile, when "
        "Odoo's SMS module is installed: never at night nor on Sundays, never to "
        "a blacklisted number.",
    )
