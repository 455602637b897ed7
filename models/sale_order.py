from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from ..tools import payer_score as score_tools
from .debt_recovery_document import OVERRIDE_GROUP

# Context key set by the override wizard: the reason given by the user. Only
# honoured for users of the override group.
OVERRIDE_REASON_KEY = "debt_recovery_override_reason"


class OverrideReason(str):
    """The reason given in the override wizard, as it travels with the
    order's confirmation (``action_confirm`` takes no argument): a ``str``
    subclass that a client's JSON context can never hold, so a reason sent
    by RPC in the context confirms nothing; only the wizard passes one."""


# Activity type of a salesperson's request for an exception.
EXCEPTION_ACTIVITY = "l10n_fr_debt_recovery.mail_activity_type_suspension_exception"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # The customer's suspension, read with sudo for sales staff (they may not
    # read the recovery records, only this status).
    recovery_suspended = fields.Boolean(
        string="Customer suspended",
        compute="_compute_recovery_suspension",
        help="The customer is suspended for non-payment in this company: the "
        "order cannot be confirmed without a manager's override.",
    )
    recovery_suspension_reason = fields.Char(
        string="Suspension reason", compute="_compute_recovery_suspension"
    )
    recovery_suspended_since = fields.Date(
        string="Customer suspended since", compute="_compute_recovery_suspension"
    )
    recovery_overdue_amount = fields.Monetary(
        string="Customer overdue amount",
        compute="_compute_recovery_suspension",
        currency_field="recovery_currency_id",
    )
    recovery_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    recovery_can_override = fields.Boolean(
        string="May confirm despite the suspension",
        compute="_compute_recovery_can_override",
    )
    recovery_exception_requested = fields.Boolean(
        string="Exception requested",
        compute="_compute_recovery_can_override",
        help="A salesperson asked the users allowed to override the suspension to "
        "confirm this order; their activity is still open.",
    )

    # The customer's payer score (models/debt_recovery_payer_score.py), read
    # with sudo as the suspension is: a salesperson sees the grade D and its
    # reasons, never the recovery records. A warning, not a block.
    recovery_payer_grade = fields.Char(
        string="Customer payer score", compute="_compute_recovery_payer_score"
    )
    recovery_payer_warning = fields.Char(
        string="Payer score reasons", compute="_compute_recovery_payer_score"
    )

    @api.depends("partner_id", "company_id")
    @api.depends_context("company", "lang")
    def _compute_recovery_payer_score(self):
        self.recovery_payer_grade = False
        self.recovery_payer_warning = False
        scores = self.env["debt.recovery.payer.score"]
        orders = self.filtered(lambda o: o.partner_id and o.company_id)
        for company, company_orders in orders.grouped("company_id").items():
            customers = company_orders.partner_id.commercial_partner_id.sudo()
            grades = scores._grades(customers, company)
            for order in company_orders:
                grade, reasons = grades[order.partner_id.commercial_partner_id.id]
                order.recovery_payer_grade = grade
                if grade == score_tools.GRADES[-1]:
                    order.recovery_payer_warning = scores._text(reasons)

    @api.depends_context("uid")
    def _compute_recovery_can_override(self):
        can = self.env.user.has_group(OVERRIDE_GROUP)
        requested = self._recovery_open_exception_requests()
        for order in self:
            order.recovery_can_override = can
            order.recovery_exception_requested = bool(
                requested.filtered(lambda a, o=order: a.res_id == o._origin.id)
            )

    @api.depends("partner_id", "company_id")
    @api.depends_context("company")
    def _compute_recovery_suspension(self):
        for order in self:
            partner = (
                order.partner_id.commercial_partner_id.sudo().with_company(
                    order.company_id
                )
                if order.partner_id and order.company_id
                else self.env["res.partner"]
            )
            suspended = bool(partner) and partner.recovery_suspended
            order.recovery_suspended = suspended
            order.recovery_suspension_reason = (
                suspended and partner.recovery_suspension_reason
            )
            order.recovery_suspended_since = (
                suspended and partner.recovery_suspended_since
            )
            order.recovery_overdue_amount = (
                partner.recovery_overdue_amount if suspended else 0.0
            )

    # ------------------------------------------------------------------
    # Confirmation guard (every path: form, import, RPC, e-commerce)
    # ------------------------------------------------------------------

    def _recovery_override_reason(self):
        """The override reason given through the wizard, if the user may
        override; else False."""
        given = self.env.context.get(OVERRIDE_REASON_KEY)
        reason = given.strip() if isinstance(given, OverrideReason) else ""
        if reason and self.env.user.has_group(OVERRIDE_GROUP):
            return reason
        return False

    def _recovery_suspension_error(self):
        """Message explaining why this order cannot be confirmed because its
        customer is suspended, or False."""
        self.ensure_one()
        if not self.recovery_suspended or self._recovery_override_reason():
            return False
        group = self.env.ref(OVERRIDE_GROUP).sudo()
        # No user named: the salesperson asks with the button, which notifies
        # the whole override group (``action_recovery_request_exception``).
        return self.env._(
            "The customer %(customer)s is suspended for non-payment in %(company)s "
            "(%(reason)s). The order %(order)s cannot be confirmed.\n"
            'Only a user of the group "%(group)s" can confirm it, with the button '
            '"Confirm despite suspension" and a reason that is logged. To ask them, '
            'use the button "Customer suspended — ask for an exception".',
            customer=self.partner_id.commercial_partner_id.display_name,
            company=self.company_id.name,
            reason=self.recovery_suspension_reason or "",
            order=self.name,
            group=group.name,
        )

    def _recovery_check_suspension(self):
        for order in self:
            error = order._recovery_suspension_error()
            if error:
                raise UserError(error)

    def _confirmation_error_message(self):
        return (
            super()._confirmation_error_message() or self._recovery_suspension_error()
        )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # Orders imported or created directly as confirmed.
        orders.filtered(
            lambda order: order.state == "sale"
        )._recovery_check_suspension()
        return orders

    def write(self, vals):
        if vals.get("state") == "sale":
            self.filtered(
                lambda order: order.state != "sale"
            )._recovery_check_suspension()
        return super().write(vals)

    def _action_confirm(self):
        reason = self._recovery_override_reason()
        if reason:
            for order in self.filtered("recovery_suspended"):
                order._recovery_log_override(reason)
        # The requests for an exception are answered once the order is confirmed.
        self._recovery_open_exception_requests().action_feedback(
            feedback=self.env._("Order confirmed.")
        )
        return super()._action_confirm()

    def _recovery_log_override(self, reason):
        self.ensure_one()
        self.message_post(
            body=self.env._(
                "Confirmed despite the customer's suspension for non-payment, by "
                "%(user)s. Reason: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.partner_id.commercial_partner_id.sudo().message_post(
            body=self.env._(
                "Order %(order)s confirmed in %(company)s despite the suspension, by "
                "%(user)s. Reason: %(reason)s",
                order=self.name,
                company=self.company_id.name,
                user=self.env.user.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def action_recovery_override_confirm(self):
        """Open the wizard asking the reason of the override."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm despite suspension"),
            "res_model": "debt.recovery.sale.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    # ---- Asking for an exception (salespeople) ----

    def _recovery_override_users(self):
        """Users who may confirm this order despite the suspension: internal
        members of the override group working in its company and able to
        read it."""
        self.ensure_one()
        users = (
            self.env.ref(OVERRIDE_GROUP)
            .sudo()
            .users.filtered(
                lambda user: not user.share and self.company_id in user.company_ids
            )
        )
        return users.filtered(lambda user: self.with_user(user).has_access("read"))

    def _recovery_open_exception_requests(self):
        """The open "exception requested" activities of these orders (the
        saved ones: a new order has none)."""
        ids = [record_id for record_id in self.ids if isinstance(record_id, int)]
        if not ids:
            return self.env["mail.activity"]
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", ids),
                    ("activity_type_id", "=", self.env.ref(EXCEPTION_ACTIVITY).id),
                ]
            )
        )

    def action_recovery_request_exception(self):
        """ "Customer suspended — ask for an exception": the salesperson asks
        the override group to confirm the order. Each of its users gets an
        activity on the order (in the company's language), the order's
        chatter says who asked; asking twice while the activities are open
        does nothing more."""
        self.ensure_one()
        if not self.recovery_suspended or self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "The order %(order)s needs no exception: its customer is not "
                    "suspended, or it is no longer a quotation.",
                    order=self.name,
                )
            )
        if self._recovery_open_exception_requests():
            return self._recovery_notification(
                self.env._(
                    "An exception was already asked for %(order)s: the users "
                    "allowed to confirm it have it in their activities.",
                    order=self.name,
                ),
                "info",
            )
        users = self._recovery_override_users()
        if not users:
            raise UserError(
                self.env._(
                    "Nobody may confirm orders of suspended customers in "
                    "%(company)s: ask your recovery manager.",
                    company=self.company_id.name,
                )
            )
        lang = self.company_id.partner_id.lang or self.env.lang
        order = self.with_context(lang=lang)
        customer = self.partner_id.commercial_partner_id.display_name
        summary = order.env._("Exception asked: suspended customer")
        note = order.env._(
            "%(user)s asks to confirm the order %(order)s (%(amount)s) of "
            "%(customer)s, suspended for non-payment: %(reason)s",
            user=self.env.user.name,
            order=self.name,
            amount=self._recovery_format_amount(),
            customer=customer,
            reason=self.recovery_suspension_reason or "",
        )
        Activity = self.env["mail.activity"].sudo()
        Activity.create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                    "activity_type_id": self.env.ref(EXCEPTION_ACTIVITY).id,
                    "summary": summary,
                    "note": Markup("<p>%s</p>") % note,
                    "user_id": user.id,
                }
                for user in users
            ]
        )
        self.message_post(
            body=order.env._(
                "Exception asked by %(user)s: the users allowed to confirm orders of "
                "suspended customers have an activity on this order.",
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return self._recovery_notification(
            self.env._(
                "Your request was sent to the users allowed to confirm orders of "
                "suspended customers. You will see their decision in the order's "
                "chatter."
            ),
            "success",
        )

    def _recovery_format_amount(self):
        return formatLang(self.env, self.amount_total, currency_obj=self.currency_id)

    def _recovery_notification(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Customer suspended"),
                "message": message,
                "type": kind,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _recovery_warn_paid_while_suspended(self, transaction):
        """A suspended customer paid this quotation online: keep it for a
        manager to decide, and tell the salesperson."""
        self.ensure_one()
        message = self.env._(
            "Payment %(reference)s received online, but the order was not confirmed: "
            "the customer is suspended for non-payment (%(reason)s). A user allowed "
            "to override the suspension must confirm it or refund the payment.",
            reference=transaction.reference,
            reason=self.recovery_suspension_reason or "",
        )
        self.message_post(body=message, subtype_xmlid="mail.mt_note")
        self.activity_schedule(
            "l10n_fr_debt_recovery.mail_activity_type_recovery_todo",
            summary=self.env._("Paid quotation of a suspended customer"),
            note=message,
            user_id=(self.user_id or self.env.ref("base.user_admin")).id,
        )
