"""The customer's recovery page (models/debt_recovery_portal.py).

Two ways in: ``/recouvrement/<token>`` with the signed link printed in a
reminder (any visitor holding a valid link) and ``/my/recouvrement`` for a
portal user (its own commercial entity, in its current company). Both end in
the same handlers, which only ever act for that one commercial entity: every
id the browser sends back is checked against its invoices and steps. POSTs
are forms with Odoo's CSRF token (``type="http"`` checks it).
"""

from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.addons.account_payment.controllers.portal import PortalAccount
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.http import request
from odoo.tools import format_date

MAX_ATTACHMENT = 10 * 1024 * 1024


class DebtRecoveryPortal(PortalAccount):
    # ---- Who asks ----

    def _recovery_context(self, token=None):
        """``(customer, company, author, base)`` for the visitor, in sudo; a
        404 for a missing, expired or revoked link (all alike)."""
        if token is not None:
            link = request.env["debt.recovery.portal.link"]._recovery_find(token)
            if not link:
                raise NotFound()
            customer = link.partner_id.commercial_partner_id
            company = link.company_id
            user = request.env.user
            if user._is_public():
                author = request.env._(
                    "%(customer)s, with the link sent to it", customer=customer.name
                )
            else:
                author = user.name
            base = f"/recouvrement/{token}"
        else:
            user = request.env.user
            if user._is_public():
                raise NotFound()
            customer = user.partner_id.commercial_partner_id.sudo()
            company = request.env.company
            author = user.name
            base = "/my/recouvrement"
        lang = customer.lang if user._is_public() else (user.lang or customer.lang)
        if lang:
            # The page, its messages and the payment form in the customer's
            # language (French for a French customer), not the browser's.
            request.update_context(lang=lang)
        customer = customer.with_company(company).with_context(lang=lang)
        return customer, company, author, base

    def _recovery_render(self, token, message=None, error=None):
        customer, company, _author, base = self._recovery_context(token)
        values = customer.env["debt.recovery.portal"]._values(customer, company)
        values.update(
            {
                "page_name": "debt_recovery",
                "base": base,
                "message": message,
                "error": error,
                "dispute_state": lambda move: move._recovery_portal_dispute_state(),
                "format_date": lambda date: format_date(customer.env, date),
            }
        )
        return request.render("l10n_fr_debt_recovery.portal_recovery_page", values)

    def _recovery_redirect(self, base, message=None, error=None):
        query = ""
        if message:
            query = "?" + urlencode({"message": message})
        elif error:
            query = "?" + urlencode({"error": error})
        return request.redirect(base + query, local=True)

    # ---- The page ----

    @http.route(
        ["/recouvrement/<string:token>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def recovery_page_token(self, token, message=None, error=None, **kw):
        return self._recovery_render(token, message=message, error=error)

    @http.route(
        ["/my/recouvrement"], type="http", auth="user", methods=["GET"], website=True
    )
    def recovery_page_my(self, message=None, error=None, **kw):
        return self._recovery_render(None, message=message, error=error)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "debt_recovery_overdue_count" in counters:
            customer = request.env.user.partner_id.commercial_partner_id.sudo()
            today = fields.Date.context_today(customer)
            values["debt_recovery_overdue_count"] = len(
                customer.env["debt.recovery.portal"]
                ._invoices(customer, request.env.company)
                .filtered(lambda m: m.invoice_date_due and m.invoice_date_due < today)
            )
        return values

    # ---- A letter sent (only the customer's own steps' letters) ----

    def _recovery_letter(self, token, action_id):
        customer, company, _author, _base = self._recovery_context(token)
        step = (
            request.env["debt.recovery.action"]
            .sudo()
            .search(
                [
                    ("id", "=", int(action_id)),
                    ("partner_id", "=", customer.id),
                    ("company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("letter_attachment_id", "!=", False),
                ],
                limit=1,
            )
        )
        if not step:
            raise NotFound()
        attachment = step.letter_attachment_id
        return request.make_response(
            attachment.raw,
            headers=[
                ("Content-Type", "application/pdf"),
                (
                    "Content-Disposition",
                    http.content_disposition(attachment.name or "lettre.pdf"),
                ),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

    @http.route(
        ["/recouvrement/<string:token>/lettre/<int:action_id>"],
        type="http",
        auth="public",
        methods=["GET"],
    )
    def recovery_letter_token(self, token, action_id, **kw):
        return self._recovery_letter(token, action_id)

    @http.route(
        ["/my/recouvrement/lettre/<int:action_id>"],
        type="http",
        auth="user",
        methods=["GET"],
    )
    def recovery_letter_my(self, action_id, **kw):
        return self._recovery_letter(None, action_id)

    # ---- Dispute, promise, plan (forms, CSRF checked) ----

    def _recovery_do(self, token, do):
        customer, company, author, base = self._recovery_context(token)
        try:
            with request.env.cr.savepoint():
                message = do(customer, company, author)
        except (UserError, ValidationError) as err:
            return self._recovery_redirect(base, error=err.args[0])
        return self._recovery_redirect(base, message=message)

    def _recovery_dispute(self, token, invoice_id=None, reason=None, attachment=None):
        def do(customer, company, author):
            ids = [invoice_id] if invoice_id and str(invoice_id).isdigit() else []
            invoice = customer.env["debt.recovery.portal"]._pick(
                customer, company, ids, overdue_only=False
            )
            upload = None
            if attachment and getattr(attachment, "filename", None):
                content = attachment.read(MAX_ATTACHMENT + 1)
                if len(content) > MAX_ATTACHMENT:
                    raise UserError(
                        customer.env._("The document is too large (10 MB at most).")
                    )
                upload = (attachment.filename, content)
            customer.env["debt.recovery.portal"]._dispute(
                customer, company, invoice, reason, author, upload
            )
            return customer.env._(
                "Your dispute of invoice %(invoice)s is recorded: we will answer you.",
                invoice=invoice.name,
            )

        return self._recovery_do(token, do)

    @http.route(
        ["/recouvrement/<string:token>/contester"],
        type="http",
        auth="public",
        methods=["POST"],
    )
    def recovery_dispute_token(
        self, token, invoice_id=None, reason=None, attachment=None, **kw
    ):
        return self._recovery_dispute(token, invoice_id, reason, attachment)

    @http.route(
        ["/my/recouvrement/contester"], type="http", auth="user", methods=["POST"]
    )
    def recovery_dispute_my(self, invoice_id=None, reason=None, attachment=None, **kw):
        return self._recovery_dispute(None, invoice_id, reason, attachment)

    @staticmethod
    def _recovery_date(value, env):
        try:
            return fields.Date.to_date(value)
        except ValueError:
            raise UserError(env._("Give a valid date.")) from None

    def _recovery_promise(self, token, promise_date=None):
        def do(customer, company, author):
            date = self._recovery_date(promise_date, customer.env)
            if not date:
                raise UserError(customer.env._("Give the date you will pay by."))
            customer.env["debt.recovery.portal"]._promise(
                customer, company, date, author
            )
            return customer.env._(
                "Your promise to pay by %(date)s is recorded.",
                date=format_date(customer.env, date),
            )

        return self._recovery_do(token, do)

    @http.route(
        ["/recouvrement/<string:token>/promesse"],
        type="http",
        auth="public",
        methods=["POST"],
    )
    def recovery_promise_token(self, token, promise_date=None, **kw):
        return self._recovery_promise(token, promise_date)

    @http.route(
        ["/my/recouvrement/promesse"], type="http", auth="user", methods=["POST"]
    )
    def recovery_promise_my(self, promise_date=None, **kw):
        return self._recovery_promise(None, promise_date)

    def _recovery_plan(self, token, invoice_ids, count=None, first_date=None):
        def do(customer, company, author):
            invoices = customer.env["debt.recovery.portal"]._pick(
                customer, company, [i for i in invoice_ids if str(i).isdigit()]
            )
            if not str(count or "").isdigit():
                raise UserError(customer.env._("Choose the number of installments."))
            date = self._recovery_date(first_date, customer.env)
            if not date:
                raise UserError(
                    customer.env._("Give the date of the first installment.")
                )
            plan, breaches = customer.env["debt.recovery.portal"]._plan(
                customer, company, invoices, int(count), date, author
            )
            if breaches:
                return customer.env._(
                    "Your request for plan %(plan)s is outside our usual terms: a "
                    "manager will study it and answer you.",
                    plan=plan.name,
                )
            return customer.env._(
                "Plan %(plan)s is proposed: the agreement and the acknowledgment of "
                "debt are sent to you to sign.",
                plan=plan.name,
            )

        return self._recovery_do(token, do)

    @http.route(
        ["/recouvrement/<string:token>/echeancier"],
        type="http",
        auth="public",
        methods=["POST"],
    )
    def recovery_plan_token(self, token, count=None, first_date=None, **kw):
        ids = request.httprequest.form.getlist("invoice_ids")
        return self._recovery_plan(token, ids, count, first_date)

    @http.route(
        ["/my/recouvrement/echeancier"], type="http", auth="user", methods=["POST"]
    )
    def recovery_plan_my(self, count=None, first_date=None, **kw):
        ids = request.httprequest.form.getlist("invoice_ids")
        return self._recovery_plan(None, ids, count, first_date)

    # ---- Pay all or some: Odoo's payment form for the invoices chosen ----

    def _recovery_pay(self, token, invoice_ids):
        customer, company, _author, base = self._recovery_context(token)
        try:
            invoices = customer.env["debt.recovery.portal"]._pick(
                customer, company, [i for i in invoice_ids if str(i).isdigit()]
            )
            if len(invoices.currency_id) != 1:
                raise UserError(
                    customer.env._("Choose invoices of one currency to pay together.")
                )
        except UserError as err:
            return self._recovery_redirect(base, error=err.args[0])
        ids = "-".join(str(i) for i in invoices.ids)
        amount = sum(invoices.mapped("amount_residual"))
        currency = invoices.currency_id
        reference = ", ".join(invoices.mapped("name"))
        values = {
            "page_name": "debt_recovery",
            "base": base,
            "invoices": invoices,
            "payment": {
                "date": fields.Date.context_today(customer),
                "reference": reference,
                "amount": amount,
                "currency": currency,
            },
            "amount": amount,
        }
        common = self._get_common_page_view_values(
            invoices_data={
                "partner": customer,
                "company": company,
                "total_amount": amount,
                "currency": currency,
                "amount_residual": amount,
                "payment_reference": False,
                "landing_route": base,
                "transaction_route": f"{base}/transaction/{ids}",
            },
            access_token=ids,
        )
        values |= common
        return request.render("l10n_fr_debt_recovery.portal_recovery_pay", values)

    @http.route(
        ["/recouvrement/<string:token>/payer"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def recovery_pay_token(self, token, **kw):
        ids = request.httprequest.args.getlist("invoice_ids")
        return self._recovery_pay(token, ids)

    @http.route(
        ["/my/recouvrement/payer"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def recovery_pay_my(self, **kw):
        ids = request.httprequest.args.getlist("invoice_ids")
        return self._recovery_pay(None, ids)

    def _recovery_transaction(self, token, ids, kwargs):
        """A draft transaction for the invoices ``ids`` (checked again: the
        customer's own open overdue invoices), for their whole amount due
        whatever amount the browser sent; the payment reconciles with them."""
        customer, company, _author, _base = self._recovery_context(token)
        try:
            invoices = customer.env["debt.recovery.portal"]._pick(
                customer, company, [i for i in ids.split("-") if i.isdigit()]
            )
        except UserError as err:
            raise ValidationError(err.args[0]) from err
        if len(invoices.currency_id) != 1:
            raise ValidationError(
                customer.env._("Choose invoices of one currency to pay together.")
            )
        kwargs.pop("access_token", None)
        self._validate_transaction_kwargs(kwargs)
        user = request.env.user
        partner = customer if user._is_public() else user.partner_id
        kwargs.update(
            {
                "amount": sum(invoices.mapped("amount_residual")),
                "currency_id": invoices.currency_id.id,
                "partner_id": partner.id,
            }
        )
        tx_sudo = self._create_transaction(
            custom_create_values={"invoice_ids": [Command.set(invoices.ids)]},
            **kwargs,
        )
        return tx_sudo._get_processing_values()

    @http.route(
        ["/recouvrement/<string:token>/transaction/<string:ids>"],
        type="json",
        auth="public",
    )
    def recovery_transaction_token(self, token, ids, **kwargs):
        return self._recovery_transaction(token, ids, kwargs)

    @http.route(["/my/recouvrement/transaction/<string:ids>"], type="json", auth="user")
    def recovery_transaction_my(self, ids, **kwargs):
        return self._recovery_transaction(None, ids, kwargs)
