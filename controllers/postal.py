"""The postal providers' webhook: one URL per provider and company, with the
company's secret in it (the providers call a URL; not all of them let a
header be set). The event is only a signal: the letter's status is read
back from the provider, never taken from the request."""

import json

from odoo import http
from odoo.http import request

#: Largest webhook body read (a provider's event is a few hundred bytes).
MAX_BODY = 64 * 1024


class PostalWebhook(http.Controller):
    @http.route(
        "/debt_recovery/postal/<string:provider>/<int:company_id>/<string:secret>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def postal_event(self, provider, company_id, secret, **form):
        raw = request.httprequest.get_data(cache=False)[: MAX_BODY + 1]
        if len(raw) > MAX_BODY:
            return request.make_response("too large", status=413)
        payload = dict(form)
        if raw and not payload:
            try:
                payload = json.loads(raw)
            except ValueError:
                return request.make_response("not JSON", status=400)
        # As the superuser once the company's secret is verified (in the
        # method): the provider is no user of the database.
        status, text = (
            request.env["debt.recovery.notice"]
            .sudo()
            ._postal_webhook(company_id, provider, secret, payload)
        )
        return request.make_response(text, status=status)
