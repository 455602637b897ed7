"""Processing one or several customers from the worklist: send the step due
today, skip it, snooze, record a promise to pay, print the statement; for one
customer, propose an installment plan, prepare a formal notice, send the
statement."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

from ..models.debt_recovery_document import MANAGER_GROUP
from ..tools import ladder
from ._companies import check_allowed_companies

STATEMENT_REPORT = "l10n_fr_debt_recovery.report_res_partner_statement"


class DebtRecoveryProcess(models.TransientModel):
    _name = "debt.recovery.process"
    _description = "Process customers of the recovery worklist"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(default=fields.Date.context_today, readonly=True)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        domain="[('is_company', '=', True)]",
    )
    partner_count = fields.Integer(compute="_compute_partner_count")
    invoice_ids = fields.Many2many(
        "account.move",
        string="Overdue invoices",
        compute="_compute_invoices",
    )
    amount_due = fields.Monetary(string="Still due", compute="_compute_invoices")
    amount_penalty = fields.Monetary(
        string="Late-payment penalties", compute="_compute_invoices"
    )
    amount_indemnity = fields.Monetary(
        string="Recovery indemnities", compute="_compute_invoices"
    )
    amount_total = fields.Monetary(
        string="Total with penalties", compute="_compute_invoices"
    )
    penalty_error = fields.Text(string="Penalty problem", compute="_compute_invoices")
    next_step_summary = fields.Html(
        string="Next step", compute="_compute_next_step", sanitize=False
    )
    can_send = fields.Boolean(compute="_compute_next_step")
    preview_available = fields.Boolean(compute="_compute_next_step")
    snooze_until = fields.Date(string="Snooze until")
    snooze_note = fields.Text(string="Why")
    promise_date = fields.Date(string="Promised payment date")
    promise_amount = fields.Monetary(
        string="Promised amount",
        compute="_compute_promise_amount",
        store=True,
        readonly=False,
        help="By default what is overdue today; change it when the customer "
        "promised part of it.",
    )
    promise_note = fields.Text(string="Promise details")
    # ---- A step of the ladder chosen by hand ("Send a step now") ----
    step_level_id = fields.Many2one(
        "debt.recovery.level",
        string="Step to send",
        compute="_compute_step_level_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id), ('after_notice_deadline', '=', False)]",
        help="Any step of the ladder, sent now to this customer on every overdue "
        "invoice that has not reached it yet. By default the customer's next step.",
    )
    step_summary = fields.Html(compute="_compute_step", sanitize=False)
    step_gap = fields.Boolean(
        string="Against the gap rule", compute="_compute_step", store=False
    )
    step_possible = fields.Boolean(compute="_compute_step")
    step_has_letter = fields.Boolean(compute="_compute_step")
    step_override = fields.Boolean(
        string="Send anyway",
        help="Recovery managers only: send the step despite the gap rule, with a "
        "reason kept in the customer's chatter.",
    )
    step_override_reason = fields.Text(string="Reason for sending anyway")
    is_manager = fields.Boolean(compute="_compute_is_manager")
    notice_draft_id = fields.Many2one(
        "debt.recovery.notice",
        string="Formal notice to validate",
        compute="_compute_documents",
    )
    notice_in_progress = fields.Boolean(compute="_compute_documents")
    history_ids = fields.Many2many(
        "debt.recovery.action",
        string="Steps sent",
        compute="_compute_documents",
    )
    statement_available = fields.Boolean(compute="_compute_extensions")
    plan_available = fields.Boolean(compute="_compute_extensions")
    notice_available = fields.Boolean(compute="_compute_extensions")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "partner_ids" in fields_list
            and not values.get("partner_ids")
            and context.get("active_model") == "res.partner"
            and context.get("active_ids")
        ):
            partners = self.env["res.partner"].browse(context["active_ids"])
            values["partner_ids"] = [
                fields.Command.set(partners.commercial_partner_id.ids)
            ]
        return values

    @api.constrains("company_id")
    def _check_company_allowed(self):
        check_allowed_companies(self)

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)

    @api.depends("partner_ids", "company_id", "date")
    def _compute_invoices(self):
        for wizard in self:
            invoices = wizard._invoices()
            wizard.invoice_ids = invoices
            wizard.amount_due = sum(invoices.mapped("amount_residual_signed"))
            penalty = sum(
                move.currency_id._convert(
                    move.recovery_penalty_amount,
                    wizard.currency_id,
                    wizard.company_id,
                    wizard.date,
                )
                for move in invoices
            )
            wizard.amount_penalty = penalty
            wizard.amount_indemnity = sum(invoices.mapped("recovery_indemnity_amount"))
            wizard.amount_total = (
                wizard.amount_due + wizard.amount_penalty + wizard.amount_indemnity
            )
            errors = sorted(set(invoices.mapped("recovery_penalty_error")) - {False})
            wizard.penalty_error = "\n".join(errors) or False

    @api.depends("partner_ids", "company_id", "date")
    def _compute_next_step(self):
        for wizard in self:
            decisions, skipped = wizard._decide()
            wizard.can_send = bool(decisions)
            wizard.preview_available = len(wizard.partner_ids) == 1 and any(
                level.report_id
                for level in self.env["debt.recovery.level"].browse(
                    {d.level_id for d in decisions}
                )
            )
            wizard.next_step_summary = wizard._summary(decisions, skipped)

    @api.depends("partner_ids", "company_id", "date")
    def _compute_promise_amount(self):
        for wizard in self:
            wizard.promise_amount = wizard.amount_due

    @api.depends("partner_ids", "company_id")
    def _compute_step_level_id(self):
        for wizard in self:
            level = self.env["debt.recovery.level"]
            if len(wizard.partner_ids) == 1:
                partner = wizard.partner_ids._origin.with_company(
                    wizard.company_id._origin
                )
                level = partner._recovery_next_levels().get(partner.id) or level
            wizard.step_level_id = level

    @api.depends("company_id")
    @api.depends_context("uid")
    def _compute_is_manager(self):
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for wizard in self:
            wizard.is_manager = is_manager

    @api.depends("partner_ids", "company_id", "date", "step_level_id")
    def _compute_step(self):
        for wizard in self:
            level = wizard.step_level_id._origin
            wizard.step_has_letter = bool(level.report_id)
            if len(wizard.partner_ids) != 1 or not level:
                wizard.step_summary = False
                wizard.step_gap = wizard.step_possible = False
                continue
            decisions, gap = wizard._step_decide()
            wizard.step_possible = bool(decisions)
            wizard.step_gap = bool(gap)
            wizard.step_summary = wizard._step_text(level, decisions, gap)

    @api.depends("partner_ids", "company_id")
    def _compute_documents(self):
        Notice = self.env["debt.recovery.notice"]
        Action = self.env["debt.recovery.action"]
        for wizard in self:
            partners = wizard.partner_ids._origin
            company = wizard.company_id._origin
            in_progress = Notice.search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("state", "in", Notice.BEFORE_DEADLINE_STATES),
                ]
            )
            wizard.notice_in_progress = bool(in_progress)
            wizard.notice_draft_id = in_progress.filtered(lambda n: n.state == "draft")[
                :1
            ]
            wizard.history_ids = Action.search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("state", "in", ("done", "skipped", "to_validate", "failed")),
                ],
                order="date desc, id desc",
            )

    @api.depends("company_id", "partner_ids")
    def _compute_extensions(self):
        statement = bool(self.env.ref(STATEMENT_REPORT, raise_if_not_found=False))
        for wizard in self:
            wizard.statement_available = statement
            wizard.plan_available = wizard._recovery_plan_available()
            wizard.notice_available = wizard._recovery_notice_available()

    # ------------------------------------------------------------ helpers
    def _env_company(self):
        return self.with_company(self.company_id)

    def _invoices(self):
        self.ensure_one()
        return (
            self.partner_ids._origin.with_company(self.company_id._origin)
            .with_context(tz=self.env.context.get("tz"))
            ._recovery_open_invoices()
        )

    def _decide(self):
        """The daily job's own decision for these customers today:
        ``(decisions, skipped)`` as ``tools.ladder.decide`` returns them."""
        self.ensure_one()
        if not self.partner_ids:
            return [], {}
        return self.env["debt.recovery.run"]._decide(
            self.company_id._origin,
            self.date,
            partner_ids=self.partner_ids._origin.commercial_partner_id.ids,
        )

    def _decision_figures(self, decision, level, currencies):
        """The values the sentences about a decided step print: step,
        number of invoices, amount claimed in its currency, and whether a
        manager must validate it."""
        return {
            "step": level.name,
            "count": len(decision.invoice_ids),
            "amount": formatLang(
                self.env,
                float(decision.amount_claimed),
                currency_obj=currencies.browse(decision.currency_id)
                or self.currency_id,
            ),
            "validation": self.env._(" (waits for a manager's validation)")
            if level.requires_validation
            else "",
        }

    def _step_decide(self):
        """The chosen step for the one customer today: ``(decisions, gap)``
        as ``tools.ladder.decide_level`` returns them, from the daily job's
        own look-ups (candidates, last letters, open credits)."""
        self.ensure_one()
        return self.env["debt.recovery.run"]._decide_level(
            self.company_id._origin,
            self.date,
            self.partner_ids._origin.commercial_partner_id.ids,
            self.step_level_id._origin,
        )

    def _step_text(self, level, decisions, gap):
        """What "Send this step now" does, and the gap rule when it applies."""
        lines = []
        currencies = self.env["res.currency"].browse({d.currency_id for d in decisions})
        for decision in decisions:
            lines.append(
                self.env._(
                    "%(step)s on %(count)s overdue invoice(s) that have not reached "
                    "it: %(amount)s%(validation)s.",
                    **self._decision_figures(decision, level, currencies),
                )
            )
        if not decisions:
            lines.append(
                self.env._(
                    "No overdue invoice of this customer can get %(step)s: they "
                    "reached it already, are excluded, or are in a plan, a formal "
                    "notice or a litigation file.",
                    step=level.name,
                )
            )
        if gap and gap.kind == "same_day":
            lines.append(
                self.env._(
                    "Rule of the ladder: one step a day per customer, and this "
                    "customer already had one today. A recovery manager can send "
                    "it anyway, giving a reason."
                )
            )
        elif gap:
            lines.append(
                self.env._(
                    "Rule of the ladder: at least %(days)s days between two letters. "
                    "The last letter was sent on %(last)s: the next one may leave "
                    "from %(until)s. A recovery manager can send it anyway, giving "
                    "a reason.",
                    days=level.min_gap_days,
                    last=format_date(self.env, gap.last),
                    until=format_date(self.env, gap.until),
                )
            )
        return Markup("<br/>").join(lines)

    def _summary(self, decisions, skipped):
        """What happens to each customer today, as HTML lines."""
        self.ensure_one()
        levels = self.env["debt.recovery.level"].browse({d.level_id for d in decisions})
        # A customer owing in several currencies gets one step per currency.
        by_partner = defaultdict(list)
        for decision in decisions:
            by_partner[decision.partner_id].append(decision)
        currencies = self.env["res.currency"].browse({d.currency_id for d in decisions})
        next_levels = self.partner_ids._origin.with_company(
            self.company_id._origin
        )._recovery_next_levels()
        reasons = {
            ladder.GAP: self.env._(
                "nothing today: a letter or a step was sent too recently"
            ),
            ladder.BELOW_MINIMUM: self.env._(
                "nothing today: the amount is below the company's minimum"
            ),
            ladder.NOTHING_OWED: self.env._(
                "nothing today: the open credits cover what is due"
            ),
        }
        lines = []
        company_id = self.company_id._origin.id
        waiting = {
            notice.partner_id.id: notice.name
            for notice in self.env["debt.recovery.notice"].search(
                [
                    ("partner_id", "in", self.partner_ids._origin.ids),
                    ("company_id", "=", company_id),
                    ("state", "=", "draft"),
                ]
            )
        }
        for partner in self.partner_ids._origin.with_company(company_id):
            if by_partner.get(partner.id):
                texts = []
                for decision in by_partner[partner.id]:
                    level = levels.browse(decision.level_id)
                    texts.append(
                        self.env._(
                            "%(step)s due today on %(count)s invoice(s), "
                            "%(amount)s%(validation)s",
                            **self._decision_figures(decision, level, currencies),
                        )
                    )
                text = "; ".join(texts)
            elif partner.id in waiting:
                text = self.env._(
                    "the formal notice %(notice)s is waiting for a manager's "
                    "validation: open it to check and validate it",
                    notice=waiting[partner.id],
                )
            elif (company_id, partner.id) in skipped:
                text = reasons[skipped[company_id, partner.id]]
            elif next_levels.get(partner.id) and partner.recovery_next_date:
                text = self.env._(
                    "nothing due today; next step: %(step)s on %(date)s",
                    step=next_levels[partner.id].name,
                    date=format_date(self.env, partner.recovery_next_date),
                )
            else:
                text = self.env._(
                    "nothing due today (invoices excluded, in progress or at the "
                    "last step)"
                )
            lines.append(
                Markup("<li><strong>%s</strong>: %s</li>")
                % (partner.display_name, text)
            )
        return Markup("<ul class='mb-0'>%s</ul>") % Markup().join(lines)

    def _notify(self, message, kind="success"):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Debt recovery"),
                "message": message,
                "type": kind,
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------ buttons
    def action_send(self):
        """Carry out the step due today for these customers, through the daily
        job's own machinery (decision, batch, emails, letters, activities)."""
        self.ensure_one()
        decisions, _skipped = self._decide()
        if not decisions:
            raise UserError(
                self.env._(
                    "No step is due today for the selected customers: their next "
                    "steps are later, a letter was sent too recently, or their "
                    "invoices are excluded (see the next step shown for each)."
                )
            )
        actions = self.env["debt.recovery.run"]._make_steps(decisions, self.date)
        done = actions.filtered(lambda a: a.state == "done")
        waiting = actions.filtered(lambda a: a.state == "to_validate")
        failed = actions.filtered(lambda a: a.state == "failed")
        message = self.env._(
            "%(done)s step(s) sent, %(waiting)s waiting for validation, "
            "%(failed)s failed.",
            done=len(done),
            waiting=len(waiting),
            failed=len(failed),
        )
        if failed:
            message += " " + " ".join(failed.mapped("failure_reason"))
        return self._notify(message, "warning" if failed or not actions else "success")

    def action_send_step(self):
        """Send the chosen step of the ladder now to the one customer, through
        the daily job's machinery (the same step, letter, email and chatter
        note as if the job had decided it). Against the gap rule only for a
        recovery manager who ticks "Send anyway" and gives a reason, kept in
        the customer's chatter."""
        self.ensure_one()
        if len(self.partner_ids) != 1:
            raise UserError(
                self.env._("A step chosen by hand is sent to one customer at a time.")
            )
        level = self.step_level_id
        if not level:
            raise UserError(self.env._("Choose the step of the ladder to send."))
        decisions, gap = self._step_decide()
        if not decisions:
            raise UserError(
                self.env._(
                    "No overdue invoice of %(customer)s can get %(step)s: they "
                    "reached it already, are excluded, or are in a plan, a formal "
                    "notice or a litigation file.",
                    customer=self.partner_ids.display_name,
                    step=level.name,
                )
            )
        reason = (self.step_override_reason or "").strip()
        if gap:
            if not self.env.user.has_group(MANAGER_GROUP):
                raise UserError(
                    self.env._(
                        "%(step)s cannot be sent today: the rule of the ladder "
                        "leaves at least %(days)s days between two letters and one "
                        "step a day (last step on %(last)s). Only a recovery "
                        "manager can send it anyway.",
                        step=level.name,
                        days=level.min_gap_days,
                        last=format_date(self.env, gap.last),
                    )
                )
            if not self.step_override or not reason:
                raise UserError(
                    self.env._(
                        'To send %(step)s despite the gap rule, tick "Send anyway" '
                        "and give the reason: it is kept in the customer's chatter.",
                        step=level.name,
                    )
                )
        if gap:
            self.env["res.partner"]._recovery_log_notes(
                {
                    self.partner_ids.id: [
                        self.env._(
                            "%(step)s sent by %(user)s despite the gap rule (last "
                            "step on %(last)s): %(reason)s",
                            step=level.name,
                            user=self.env.user.name,
                            last=format_date(self.env, gap.last),
                            reason=reason,
                        )
                    ]
                }
            )
        actions = self.env["debt.recovery.run"]._make_steps(decisions, self.date)
        if not actions:
            raise UserError(
                self.env._(
                    "%(customer)s already has this step today, or the daily job "
                    "is processing it right now: reload the page to see it.",
                    customer=self.partner_ids.display_name,
                )
            )
        failed = actions.filtered(lambda a: a.state == "failed")
        if failed:
            return self._notify(" ".join(failed.mapped("failure_reason")), "warning")
        if actions.filtered(lambda a: a.state == "to_validate"):
            message = self.env._(
                "%(step)s prepared: it waits for a manager's validation.",
                step=level.name,
            )
        else:
            message = self.env._(
                "%(step)s sent (%(refs)s).",
                step=level.name,
                refs=", ".join(actions.mapped("name")),
            )
        return self._notify(message)

    def action_preview_step(self):
        """The letter of the chosen step, as it would be sent now."""
        self.ensure_one()
        decisions, _gap = self._step_decide()
        level = self.step_level_id
        if not level.report_id:
            raise UserError(
                self.env._("The step %(step)s has no letter.", step=level.name)
            )
        if not decisions:
            raise UserError(
                self.env._(
                    "No overdue invoice of this customer can get %(step)s.",
                    step=level.name,
                )
            )
        return self._preview(decisions[0], level)

    def action_open_notice(self):
        self.ensure_one()
        return self.notice_draft_id.get_formview_action()

    def action_skip(self):
        """Skip the step due today: a "skipped" action records the decision
        and stands on the ladder, so the invoices go on to the following
        step; nothing is sent."""
        self.ensure_one()
        decisions, _skipped = self._decide()
        if not decisions:
            raise UserError(
                self.env._("No step is due today for the selected customers.")
            )
        levels = self.env["debt.recovery.level"].browse({d.level_id for d in decisions})
        blocked = levels.filtered("suspend_service")
        if blocked:
            raise UserError(
                self.env._(
                    "The step %(step)s cannot be skipped: it suspends the customer's "
                    "service. Snooze the invoices or record a promise to pay instead.",
                    step=blocked[0].name,
                )
            )
        actions = self.env["debt.recovery.run"]._make_steps(
            decisions,
            self.date,
            mode="skip",
            note=self.env._("Skipped by %(user)s.", user=self.env.user.name),
        )
        return self._notify(
            self.env._("%(count)s step(s) skipped.", count=len(actions))
        )

    def _exclusion_targets(self):
        """Overdue invoices to take off the ladder: not those already in dispute."""
        invoices = self._invoices().filtered(
            lambda m: (
                not (m.recovery_excluded and m.recovery_exclusion_reason == "dispute")
            )
        )
        if not invoices:
            raise UserError(
                self.env._("The selected customers have no overdue invoice to exclude.")
            )
        return invoices

    def action_snooze(self):
        self.ensure_one()
        if not self.snooze_until or self.snooze_until <= self.date:
            raise UserError(
                self.env._(
                    "Give a snooze date after today (%(today)s).",
                    today=format_date(self.env, self.date),
                )
            )
        if not (self.snooze_note or "").strip():
            raise UserError(
                self.env._("Say why the reminders wait: it is kept on the invoices.")
            )
        invoices = self._exclusion_targets()
        invoices._recovery_exclude("other", self.snooze_until, self.snooze_note)
        bodies = {}
        for partner, moves in invoices.grouped("commercial_partner_id").items():
            bodies[partner.id] = [
                self.env._(
                    "Reminders snoozed until %(date)s by %(user)s on invoices "
                    "%(invoices)s: %(note)s",
                    date=format_date(self.env, self.snooze_until),
                    user=self.env.user.name,
                    invoices=", ".join(moves.mapped("name")),
                    note=self.snooze_note,
                )
            ]
        self.env["res.partner"]._recovery_log_notes(bodies)
        return self._notify(
            self.env._(
                "%(count)s invoice(s) snoozed until %(date)s.",
                count=len(invoices),
                date=format_date(self.env, self.snooze_until),
            )
        )

    def action_promise(self):
        self.ensure_one()
        if len(self.partner_ids) != 1:
            raise UserError(
                self.env._("A promise to pay is recorded for one customer at a time.")
            )
        if not self.promise_date or self.promise_date < self.date:
            raise UserError(
                self.env._(
                    "Give the date the customer promised to pay (today or later)."
                )
            )
        if self.currency_id.compare_amounts(self.promise_amount, 0) <= 0:
            raise UserError(self.env._("Give the amount the customer promised to pay."))
        invoices = self._exclusion_targets()
        note = self.env._(
            "Promise to pay %(amount)s by %(date)s.",
            amount=formatLang(
                self.env, self.promise_amount, currency_obj=self.currency_id
            ),
            date=format_date(self.env, self.promise_date),
        )
        if (self.promise_note or "").strip():
            note = f"{note} {self.promise_note.strip()}"
        invoices._recovery_exclude(
            "promise", self.promise_date, note, promise_amount=self.promise_amount
        )
        self.env["res.partner"]._recovery_log_notes(
            {
                self.partner_ids.id: [
                    self.env._(
                        "%(note)s Recorded by %(user)s on invoices %(invoices)s; the "
                        "reminders wait until then.",
                        note=note,
                        user=self.env.user.name,
                        invoices=", ".join(invoices.mapped("name")),
                    )
                ]
            }
        )
        return self._notify(self.env._("Promise to pay recorded."))

    def action_preview_letter(self):
        """The letter of the step due today, as it would be sent, without
        sending anything nor creating the step (``_preview``)."""
        self.ensure_one()
        decisions, _skipped = self._decide()
        levels = self.env["debt.recovery.level"].browse({d.level_id for d in decisions})
        decision = next(
            (d for d in decisions if levels.browse(d.level_id).report_id), None
        )
        if not decision:
            raise UserError(
                self.env._("The step due today for this customer has no letter.")
            )
        return self._preview(decision, levels.browse(decision.level_id))

    def _preview(self, decision, level):
        """The letter of ``decision`` at ``level`` as it would be sent, without
        sending or storing anything: the step is built in memory
        (``Model.new``) from the values the daily job would give it, and its
        letter made by the one letter pipeline without storing it
        (``_letter_produce(store=False)``): no step, no reference number, no
        letter kept. The PDF is an attachment of the wizard."""
        Action = self.env["debt.recovery.action"]
        invoices = self.env["account.move"].browse(decision.invoice_ids)
        vals = self.env["debt.recovery.run"]._step_vals(
            decision, level, invoices._recovery_snapshot(self.date), self.date
        )
        vals.update(name=self.env._("PREVIEW"), state="draft")
        step = Action.new(vals)
        (letter,) = self.env["debt.recovery.letter"]._letter_produce(
            [(step, level.report_id)], store=False
        )
        if letter.error:
            raise UserError(letter.error)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Preview - %(step)s - %(customer)s.pdf",
                    step=level.name,
                    customer=self.partner_ids.display_name,
                ),
                "raw": letter.pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}",
            "target": "new",
        }

    def action_print_statement(self):
        self.ensure_one()
        report = self.env.ref(STATEMENT_REPORT, raise_if_not_found=False)
        if not report:
            raise UserError(
                self.env._("The customer statement is not available in this version.")
            )
        return report.report_action(self.partner_ids)

    # --------------------------------------- one customer: plan, notice, statement
    # ``*_available`` shows the buttons "Propose a plan" / "Prepare a notice".
    def _recovery_plan_available(self):
        return len(self.partner_ids) == 1

    def _recovery_notice_available(self):
        return len(self.partner_ids) == 1 and not self.notice_in_progress

    def _recovery_single_customer(self):
        self.ensure_one()
        if len(self.partner_ids) != 1:
            raise UserError(
                self.env._(
                    "Select one customer: a plan or a formal notice is made with one "
                    "customer at a time."
                )
            )
        return self.partner_ids.with_company(self.company_id)

    def action_propose_plan(self):
        return self._recovery_single_customer().action_new_recovery_plan()

    def action_prepare_notice(self):
        return self._recovery_single_customer().action_create_recovery_notice()

    def action_send_statement(self):
        return self._recovery_single_customer().action_recovery_send_statement()
