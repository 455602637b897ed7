from odoo import api, fields, models
from odoo.exceptions import UserError

from .debt_recovery_document import OVERRIDE_GROUP

# Context key set by the override wizard: the reason given by the user. Only
# honoured for users of the override group.
OVERRIDE_REASON_KEY = "debt_recovery_override_reason"
MAX_NAMED_USERS = 5


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
        reason = (self.env.context.get(OVERRIDE_REASON_KEY) or "").strip()
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
        users = group.users.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        )
        names = ", ".join(users[:MAX_NAMED_USERS].mapped("name"))
        return self.env._(
            "The customer %(customer)s is suspended for non-payment in %(company)s "
            "(%(reason)s). The order %(order)s cannot be confirmed.\n"
            'Only a user of the group "%(group)s" can confirm it, with the button '
            '"Confirm despite suspension" and a reason that is logged%(who)s.',
            customer=self.partner_id.commercial_partner_id.display_name,
            company=self.company_id.name,
            reason=self.recovery_suspension_reason or "",
            order=self.name,
            group=group.name,
            who=self.env._(" (%(users)s)", users=names) if names else "",
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
            "mail.mail_activity_data_todo",
            summary=self.env._("Paid quotation of a suspended customer"),
            note=message,
            user_id=(self.user_id or self.env.ref("base.user_admin")).id,
        )
