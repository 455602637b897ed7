"""The ladder's formal-notice step prepares a mise en demeure; the daily job
follows notices (paid, expired -> litigation file) and prescription."""

import datetime

from odoo import api, fields, models

from ..tools import deadlines as deadline_tools

PRESCRIPTION_ACTIVITY = "l10n_fr_debt_recovery.mail_activity_type_prescription"


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    notice_id = fields.Many2one(
        "debt.recovery.notice",
        string="Formal notice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )

    def _recovery_request_validation(self):
        """A formal-notice step prepares its mise en demeure (draft)."""
        result = super()._recovery_request_validation()
        self.filtered(
            lambda a: a.level_id.code == "formal_notice" and not a.notice_id
        )._recovery_create_notices()
        return result

    def _recovery_create_notices(self):
        if not self:
            return self.env["debt.recovery.notice"]
        notices = (
            self.env["debt.recovery.notice"]
            .sudo()
            .create(
                [
                    {
                        "company_id": action.company_id.id,
                        "partner_id": action.partner_id.id,
                        "user_id": action.user_id.id,
                        "action_id": action.id,
                        "invoice_ids": [fields.Command.set(action.invoice_ids.ids)],
                        "deadline_days": action.company_id.debt_recovery_notice_days,
                    }
                    for action in self
                ]
            )
        )
        for action, notice in zip(self, notices, strict=True):
            action.notice_id = notice
        return notices

    def action_validate(self):
        """Validating a formal-notice step validates its mise en demeure."""
        with_notice = self.filtered(
            lambda a: (
                a.state == "to_validate"
                and a.notice_id
                and a.notice_id.state == "draft"
            )
        )
        if with_notice:
            with_notice.notice_id.action_validate()
        return super(DebtRecoveryAction, self - with_notice).action_validate()

    def action_cancel(self):
        result = super().action_cancel()
        self.notice_id.filtered(lambda n: n.state == "draft").sudo().write(
            {"state": "cancelled"}
        )
        return result

    def action_view_notice(self):
        self.ensure_one()
        return self.notice_id._get_formview_action()

    # ------------------------------------------------------------ daily job
    @api.model
    def _recovery_after_daily_run(self, companies, today):
        self.env["debt.recovery.notice"].sudo()._recovery_daily_update(companies, today)
        self._recovery_prescription_watch(companies, today)
        return super()._recovery_after_daily_run(companies, today)

    @api.model
    def _recovery_prescription_watch(self, companies, today):
        """An activity on each unpaid invoice that becomes time-barred within
        the warning period (setting), unless it is in a litigation file or
        already has that activity. One search per company."""
        activity_type = self.env.ref(PRESCRIPTION_ACTIVITY, raise_if_not_found=False)
        if not activity_type:
            return self.env["account.move"]
        Move = self.env["account.move"].sudo()
        warned = Move.browse()
        for company in companies:
            warning = datetime.timedelta(
                days=max(company.debt_recovery_prescription_warning_days, 0)
            )
            # The shortest period (consumers) bounds the candidates.
            cutoff = deadline_tools.add_years(
                today + warning, -deadline_tools.PRESCRIPTION_YEARS_B2C
            )
            candidates = Move.search(
                [
                    ("company_id", "=", company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    "|",
                    ("recovery_prescription_start", "<=", cutoff),
                    "&",
                    ("recovery_prescription_start", "=", False),
                    ("invoice_date_due", "<=", cutoff),
                    (
                        "recovery_case_ids",
                        "not any",
                        [("state", "in", ("draft", "open"))],
                    ),
                    (
                        "activity_ids",
                        "not any",
                        [("activity_type_id", "=", activity_type.id)],
                    ),
                ]
            )
            candidates = candidates.with_context(date=today)
            due = candidates.filtered(
                lambda m, w=warning: (
                    m.recovery_prescription_date
                    and m.recovery_prescription_date - w <= today
                )
            )
            for move in due:
                move.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=move.recovery_prescription_date,
                    summary=self.env._(
                        "%(invoice)s becomes time-barred on %(date)s",
                        invoice=move.name,
                        date=fields.Date.to_string(move.recovery_prescription_date),
                    ),
                    note=self.env._(
                        "After this date the claim can no longer be brought to "
                        "court. Get an acknowledgment of debt or a payment, or "
                        "start proceedings before it."
                    ),
                    user_id=move.commercial_partner_id._recovery_responsible(
                        company.id
                    ).id,
                )
            warned |= due
        return warned
