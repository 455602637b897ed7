"""Ordinary letters of the ladder (amicable, firm) posted through a postal
provider: from the letters-to-print queue (*Send by post*), or by the
provider job for the rungs set to post their letters automatically, within
a daily cap."""

import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..services import postal
from .debt_recovery_action import DebtRecoveryAction as BaseAction
from .debt_recovery_postal import PARAM, POSTAL_FIELDS

#: Automatic sendings a company makes in one day when the setting is empty:
#: a runaway configuration stops there.
DEFAULT_DAILY_CAP = 50


class DebtRecoveryLevel(models.Model):
    _inherit = "debt.recovery.level"

    post_automatically = fields.Boolean(
        string="Post the letters automatically",
        help="The letters of this step are sent by the postal provider without "
        "anyone printing them (within the daily cap of automatic sendings). "
        "Without a provider for ordinary letters, they wait to be printed.",
    )


class DebtRecoveryAction(models.Model):
    _name = "debt.recovery.action"
    _inherit = ["debt.recovery.action", "debt.recovery.postal.mixin"]

    # An ordinary letter has nothing to wait for once it is posted.
    _postal_running = ("submitted",)

    postal_automatic = fields.Boolean(
        string="Posted automatically", readonly=True, copy=False
    )

    _recovery_flow_fields = (
        *BaseAction._recovery_flow_fields,
        *POSTAL_FIELDS,
        "postal_automatic",
    )

    def _postal_service(self):
        # The formal notice's step is posted by its notice (registered).
        if self.notice_id:
            return False
        return postal.base.SERVICE_LETTER

    def _postal_letter(self, service):
        self.ensure_one()
        attachment = self.letter_attachment_id.sudo()
        return postal.Letter(
            pdf=attachment.raw,
            filename=attachment.name or f"{self.name}.pdf",
            sender=self._postal_address(self.company_id.partner_id),
            recipient=self._postal_address(self.recipient_id or self.partner_id),
            service=service,
            key=self._postal_key(),
            subject=self.name,
        )

    def _postal_sendable(self):
        """The letters of ``self`` a provider may post now."""
        return self.filtered(
            lambda a: (
                a.to_post
                and not a.posted
                and not a.superseded
                and a.state == "done"
                and a.letter_attachment_id
                and a.postal_state in (False, "failed", "cancelled")
                and a._postal_service()
            )
        )

    @api.model
    def _postal_daily_cap(self, company):
        value = self._postal_param(PARAM + "daily_cap", company, DEFAULT_DAILY_CAP)
        try:
            return max(int(value), 0)
        except ValueError:
            return DEFAULT_DAILY_CAP

    @api.model
    def _postal_sent_today(self, company):
        return self.sudo().search_count(
            [
                ("company_id", "=", company.id),
                ("postal_automatic", "=", True),
                ("postal_submitted_date", "=", fields.Date.context_today(self)),
            ]
        )

    def action_postal_send_letters(self):
        """*Send by post* on the letters to print: the price first."""
        letters = self._postal_sendable()
        if not letters:
            raise UserError(
                self.env._(
                    "None of the selected letters can be sent by post: they are "
                    "posted already, superseded, or not letters to post."
                )
            )
        companies = letters.company_id
        for company in companies:
            if not self._postal_provider_code(company, postal.base.SERVICE_LETTER):
                raise UserError(
                    self.env._(
                        "No postal provider is set for ordinary letters of "
                        "%(company)s: print the letters instead.",
                        company=company.name,
                    )
                )
        wizard = self.env["debt.recovery.postal.send"].create(
            {"action_ids": [fields.Command.set(letters.ids)]}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send by post"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _postal_send(self, automatic=False):
        """Submit the letters; those the provider took are the result."""
        sent = self.browse()
        for company in self.company_id:
            letters = self.filtered(lambda a, c=company: a.company_id == c)
            if automatic:
                room = self._postal_daily_cap(company) - self._postal_sent_today(
                    company
                )
                letters = letters[: max(room, 0)]
            for letter in letters:
                done = letter.sudo()._postal_submit(
                    postal.base.SERVICE_LETTER, automatic=automatic
                )
                if done:
                    done._recovery_flow().write({"postal_automatic": automatic})
                sent |= done
        return sent

    @api.model
    def _postal_send_automatic(self):
        """Letters of the rungs set to post automatically, within each
        company's daily cap; the rest wait for the next run (or for a print)."""
        candidates = self.sudo().search(
            [
                ("to_post", "=", True),
                ("posted", "=", False),
                ("superseded", "=", False),
                ("state", "=", "done"),
                ("postal_state", "=", False),
                ("level_id.post_automatically", "=", True),
                ("notice_id", "=", False),
            ],
            order="date, id",
        )
        candidates = candidates.filtered(
            lambda a: a._postal_provider_code(a.company_id, postal.base.SERVICE_LETTER)
        )
        return candidates._postal_sendable()._postal_send(automatic=True)

    @api.model
    def _postal_month_cost(self, company, month):
        """What the letters submitted in the month of ``month`` cost (the
        prices set when they were submitted, notices and ordinary letters)."""
        start = month.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1)
        total = 0.0
        for model in ("debt.recovery.notice", "debt.recovery.action"):
            groups = (
                self.env[model]
                .sudo()
                ._read_group(
                    [
                        ("company_id", "=", company.id),
                        ("postal_submitted_date", ">=", start),
                        ("postal_submitted_date", "<", end),
                    ],
                    aggregates=["postal_price:sum"],
                )
            )
            total += groups[0][0] or 0.0
        return round(total, 2)

    def _postal_apply(self, provider, status):
        """An ordinary letter is posted when the provider handed it to the
        post: the posted flag and date from its answer."""
        self.ensure_one()
        base = postal.base
        if status.state == base.STATE_REJECTED:
            if not self.posted:
                self._postal_fail(
                    base.PostalError(
                        base.ERROR_REFUSED, status.reason or "rejected by the provider"
                    )
                )
            return
        if status.state == base.STATE_CANCELLED:
            self._recovery_flow().write({"postal_state": "cancelled"})
            return
        if (
            status.state
            in (
                base.STATE_DEPOSITED,
                base.STATE_DELIVERED,
                base.STATE_RETURNED,
            )
            and not self.posted
        ):
            self._recovery_flow().write(
                {
                    "posted": True,
                    "posted_date": status.deposit_date
                    or fields.Date.context_today(self),
                    "postal_state": "deposited",
                }
            )
            self.message_post(
                body=self.env._(
                    "Letter posted by %(provider)s on %(date)s.",
                    provider=provider.label,
                    date=format_date(self.env, self.posted_date),
                ),
                subtype_xmlid="mail.mt_note",
            )


class DebtRecoveryPostalSend(models.TransientModel):
    """The price of a batch of letters, shown before it is sent."""

    _name = "debt.recovery.postal.send"
    _description = "Send letters by post"

    action_ids = fields.Many2many("debt.recovery.action", string="Letters")
    count = fields.Integer(string="Number of letters", compute="_compute_price")
    unit_price = fields.Float(string="Price per letter (EUR)", compute="_compute_price")
    total_price = fields.Float(string="Total (EUR)", compute="_compute_price")

    @api.depends("action_ids")
    def _compute_price(self):
        Action = self.env["debt.recovery.action"]
        for wizard in self:
            prices = [
                Action._postal_price_of(a.company_id, postal.base.SERVICE_LETTER)
                for a in wizard.action_ids
            ]
            wizard.count = len(prices)
            wizard.unit_price = prices[0] if prices else 0.0
            wizard.total_price = sum(prices)

    def action_confirm(self):
        self.ensure_one()
        letters = self.action_ids._postal_sendable()
        sent = letters._postal_send()
        failed = letters - sent
        message = self.env._(
            "%(sent)s letter(s) submitted to the postal provider.", sent=len(sent)
        )
        if failed:
            message += " " + self.env._(
                "%(failed)s not sent: %(reasons)s",
                failed=len(failed),
                reasons="; ".join(failed.mapped("postal_error")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Send by post"),
                "message": message,
                "type": "danger" if failed else "success",
                "sticky": bool(failed),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
