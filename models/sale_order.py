from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime, formatLang

from ..tools import payer_score as score_tools
from .debt_recovery_document import OVERRIDE_GROUP
from .res_partner import ServerOnly, server_only

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

# The prepayment asked of customers at risk (tools/prepayment.py): written
# only by the rule (``_recovery_apply_prepayment_rule``) and the waiver
# (``_recovery_waive_prepayment``), with this context key set by server code.
PREPAYMENT_FIELDS = (
    "recovery_prepayment_required",
    "recovery_prepayment_reasons",
    "recovery_prepayment_percent",
    "recovery_prepayment_waived_by_id",
    "recovery_prepayment_waived_on",
    "recovery_prepayment_waiver_reason",
)
PREPAYMENT_KEY = "debt_recovery_prepayment_internal"


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

    # ---- Prepayment asked of customers at risk (tools/prepayment.py) ----
    recovery_prepayment_required = fields.Boolean(
        string="Prepayment required by the recovery rule",
        readonly=True,
        copy=False,
        help="The customer was at risk of non-payment when the quotation was "
        "made: it cannot be confirmed before the prepayment is paid online, "
        "unless a user allowed to confirm orders of suspended customers "
        "waives it.",
    )
    recovery_prepayment_reasons = fields.Text(
        string="Why a prepayment is required", readonly=True, copy=False
    )
    recovery_prepayment_percent = fields.Float(
        string="Prepayment required",
        readonly=True,
        copy=False,
        help="Share of the total the customer pays online before the order is "
        "confirmed, set by the company's rule when the quotation was made.",
    )
    recovery_prepayment_waived_by_id = fields.Many2one(
        "res.users", string="Prepayment waived by", readonly=True, copy=False
    )
    recovery_prepayment_waived_on = fields.Datetime(
        string="Prepayment waived on", readonly=True, copy=False
    )
    recovery_prepayment_waiver_reason = fields.Text(
        string="Why the prepayment was waived", readonly=True, copy=False
    )
    recovery_prepayment_amount = fields.Monetary(
        string="Prepayment to pay",
        compute="_compute_recovery_prepayment_due",
        currency_field="currency_id",
    )
    recovery_prepayment_due = fields.Boolean(
        string="Waiting for the prepayment",
        compute="_compute_recovery_prepayment_due",
        help="A quotation of a customer at risk whose prepayment is neither paid "
        "online nor waived: it cannot be confirmed.",
    )

    @api.depends(
        "recovery_prepayment_required",
        "recovery_prepayment_percent",
        "recovery_prepayment_waived_on",
        "state",
        "amount_total",
        "transaction_ids.state",
        "transaction_ids.amount",
    )
    def _compute_recovery_prepayment_due(self):
        for order in self:
            amount = (
                order.currency_id.round(
                    order.amount_total * order.recovery_prepayment_percent
                )
                if order.recovery_prepayment_required and order.currency_id
                else 0.0
            )
            order.recovery_prepayment_amount = amount
            order.recovery_prepayment_due = bool(
                order.recovery_prepayment_required
                and not order.recovery_prepayment_waived_on
                and order.state in ("draft", "sent")
                and not order._recovery_prepayment_paid()
            )

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

    def _recovery_confirmation_error(self):
        """Why the recovery forbids confirming this order, or False: the
        customer's suspension first, then the prepayment asked of a customer
        at risk. The one list of the recovery's confirmation guards, used by
        every path (button, import, RPC, e-commerce)."""
        self.ensure_one()
        return self._recovery_suspension_error() or self._recovery_prepayment_error()

    def _recovery_check_confirmation(self):
        for order in self:
            error = order._recovery_confirmation_error()
            if error:
                raise UserError(error)

    def _confirmation_error_message(self):
        return (
            super()._confirmation_error_message() or self._recovery_confirmation_error()
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._recovery_check_prepayment_write(vals_list)
        orders = super().create(vals_list)
        # Every new order: the rule decides, whatever a default said.
        orders._recovery_apply_prepayment_rule()
        # Orders imported or created directly as confirmed.
        confirmed = orders.filtered(lambda order: order.state == "sale")
        confirmed._recovery_check_confirmation()
        return orders

    def write(self, vals):
        self._recovery_check_prepayment_write([vals])
        if vals.get("state") == "sale":
            confirming = self.filtered(lambda order: order.state != "sale")
            confirming._recovery_check_confirmation()
        # The rule follows the commercial entity: another contact of the same
        # customer keeps the quotation's prepayment (and its waiver).
        before = (
            {
                order: (order.partner_id.commercial_partner_id, order.company_id)
                for order in self
            }
            if {"partner_id", "company_id"} & set(vals)
            else {}
        )
        result = super().write(vals)
        changed = self.browse(
            order.id
            for order, customer in before.items()
            if order.state in ("draft", "sent")
            and customer != (order.partner_id.commercial_partner_id, order.company_id)
        )
        if changed:
            changed._recovery_apply_prepayment_rule(customer_changed=True)
        if {"require_payment", "prepayment_percent"} & set(vals):
            self._recovery_check_prepayment_terms()
        return result

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

    # ------------------------------------------------------------------
    # Prepayment asked of customers at risk (prevention on the sales side)
    # ------------------------------------------------------------------

    def _recovery_check_prepayment_write(self, vals_list):
        """The prepayment's fields are the rule's and the waiver's: never
        written by a client (form, import, RPC)."""
        if server_only(self.env.context, PREPAYMENT_KEY):
            return
        if any(set(vals) & set(PREPAYMENT_FIELDS) for vals in vals_list):
            raise UserError(
                self.env._(
                    "The prepayment asked of a customer at risk is set by the "
                    "company's recovery rule and can only be waived with the "
                    'button "Waive the prepayment", which logs a reason.'
                )
            )

    def _recovery_internal(self):
        return self.with_context(**{PREPAYMENT_KEY: ServerOnly})

    def _recovery_prepayment_targets(self):
        """``{order: values}``: what the company's rule sets on these
        quotations, from their customers as they are now. A customer at
        risk: the online payment of the quotation with the company's
        percentage, and the reasons in the company's language (the sales
        team reads them); a customer in good standing: nothing, except that
        a prepayment an earlier customer required is taken back to the
        company's usual terms."""
        targets = {}
        today = fields.Date.context_today(self)
        for company, orders in self.grouped("company_id").items():
            if not company:
                continue
            lang = company.partner_id.lang or self.env.lang
            partners = orders.partner_id.commercial_partner_id
            risks = (
                self.env["debt.recovery.customer.risk"]
                .with_context(lang=lang)
                ._risks(partners, company, today=today)
            )
            for order in orders:
                reasons = risks.get(order.partner_id.commercial_partner_id.id)
                if reasons:
                    percent = company.debt_recovery_prepayment_percent
                    values = {
                        "recovery_prepayment_required": True,
                        "recovery_prepayment_reasons": "\n".join(reasons),
                        "recovery_prepayment_percent": percent,
                        "recovery_prepayment_waived_by_id": False,
                        "recovery_prepayment_waived_on": False,
                        "recovery_prepayment_waiver_reason": False,
                        "require_payment": True,
                        "prepayment_percent": percent,
                    }
                else:
                    values = dict.fromkeys(PREPAYMENT_FIELDS, False)
                    values["recovery_prepayment_percent"] = 0.0
                    if order.recovery_prepayment_required:
                        values.update(order._recovery_company_payment_terms())
                targets[order] = values
        return targets

    def _recovery_company_payment_terms(self):
        self.ensure_one()
        return {
            "require_payment": self.company_id.portal_confirmation_pay,
            "prepayment_percent": self.company_id.prepayment_percent,
        }

    def _recovery_apply_prepayment_rule(self, customer_changed=False):
        """Apply the company's rule to these new quotations, or to
        quotations whose customer changed: only the values that change are
        written, so that a customer in good standing leaves the order as
        Odoo made it. A waiver was given for the former customer: it does
        not carry over to a new one (the chatter keeps it)."""
        orders = self.filtered(lambda order: order.state in ("draft", "sent", "sale"))
        for order, values in orders._recovery_prepayment_targets().items():
            changes = {
                name: value
                for name, value in values.items()
                if order[name]
                != (
                    order.env[order._fields[name].comodel_name]
                    if order._fields[name].type == "many2one" and not value
                    else value
                )
            }
            if customer_changed and order.recovery_prepayment_waived_on:
                order.message_post(
                    body=self.env._(
                        "The customer changed: the waiver of the prepayment given "
                        "for the former customer no longer applies."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            if changes:
                order._recovery_internal().write(changes)

    @api.onchange("partner_id")
    def _onchange_recovery_prepayment(self):
        """Show the salesperson, as soon as the customer is chosen, that a
        prepayment will be asked and why (saving applies the rule again)."""
        if self.state not in ("draft", "sent") or not self.partner_id:
            return
        if self._origin and (
            self._origin.partner_id.commercial_partner_id
            == self.partner_id.commercial_partner_id
        ):
            return
        values = self._recovery_prepayment_targets().get(self)
        if values:
            self.update(values)

    def _recovery_prepayment_paid(self):
        """The prepayment the rule asks has been paid online (Odoo's
        transactions authorized or done, as ``amount_paid`` counts them)."""
        self.ensure_one()
        required = self.currency_id.round(
            self.amount_total * self.recovery_prepayment_percent
        )
        return self.currency_id.compare_amounts(self.amount_paid, required) >= 0

    def _recovery_prepayment_error(self):
        """Message explaining why this quotation cannot be confirmed before
        its prepayment is paid, or False."""
        self.ensure_one()
        if (
            not self.recovery_prepayment_required
            or self.recovery_prepayment_waived_on
            or self._recovery_prepayment_paid()
        ):
            return False
        group = self.env.ref(OVERRIDE_GROUP).sudo()
        return self.env._(
            "The customer %(customer)s is at risk of non-payment (%(reasons)s): the "
            "quotation %(order)s can only be confirmed once its prepayment of "
            "%(amount)s is paid online (%(paid)s paid so far). Send the quotation "
            "to the customer, who pays it from the customer portal: the order is "
            'then confirmed by itself. Only a user of the group "%(group)s" can '
            'waive the prepayment, with the button "Waive the prepayment" and a '
            "reason that is logged.",
            customer=self.partner_id.commercial_partner_id.display_name,
            reasons="; ".join((self.recovery_prepayment_reasons or "").splitlines()),
            order=self.name,
            amount=formatLang(
                self.env, self.recovery_prepayment_amount, currency_obj=self.currency_id
            ),
            paid=formatLang(self.env, self.amount_paid, currency_obj=self.currency_id),
            group=group.name,
        )

    def _recovery_check_prepayment_terms(self):
        """The online payment the rule asks cannot be switched off nor
        lowered on the quotation: that is the waiver's job."""
        if server_only(self.env.context, PREPAYMENT_KEY):
            return
        for order in self:
            if (
                order.recovery_prepayment_required
                and not order.recovery_prepayment_waived_on
                and order.state in ("draft", "sent")
                and (
                    not order.require_payment
                    or order.prepayment_percent
                    < order.recovery_prepayment_percent - 1e-6
                )
            ):
                percent = f"{order.recovery_prepayment_percent * 100:g}\u00a0%"
                raise UserError(
                    self.env._(
                        "The quotation %(order)s must ask for an online payment of "
                        "at least %(percent)s: its customer is at risk of "
                        "non-payment. Only a user allowed to confirm orders of "
                        "suspended customers can waive the prepayment.",
                        order=order.name,
                        percent=percent,
                    )
                )

    def action_recovery_waive_prepayment(self):
        """Open the wizard asking why the prepayment is waived."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Waive the prepayment"),
            "res_model": "debt.recovery.prepayment.waiver",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _recovery_waive_prepayment(self, reason):
        """Waive the prepayment the rule asks (the override group only):
        the quotation goes back to the company's usual payment terms, the
        reason, who and when are stored on it and logged in its chatter."""
        self.ensure_one()
        if not self.env.user.has_group(OVERRIDE_GROUP):
            raise AccessError(
                self.env._(
                    "Only users allowed to confirm orders of suspended customers "
                    "can waive the prepayment asked of a customer at risk."
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for waiving the prepayment."))
        if not self.recovery_prepayment_due:
            raise UserError(
                self.env._(
                    "The quotation %(order)s has no prepayment to waive: it is "
                    "not required, already paid or waived, or the order is no "
                    "longer a quotation.",
                    order=self.name,
                )
            )
        now = fields.Datetime.now()
        self._recovery_internal().write(
            {
                "recovery_prepayment_waived_by_id": self.env.uid,
                "recovery_prepayment_waived_on": now,
                "recovery_prepayment_waiver_reason": reason,
                **self._recovery_company_payment_terms(),
            }
        )
        self.message_post(
            body=self.env._(
                "Prepayment waived by %(user)s on %(date)s. Reason: %(reason)s",
                user=self.env.user.name,
                date=format_datetime(self.env, now),
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
