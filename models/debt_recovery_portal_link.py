"""Signed links to a customer's recovery page (``/recouvrement/<token>``):
one random token per customer and company, expiring after the company's
number of days, revocable. Issued in batch by ``_urls_for``."""

import datetime
import secrets

from odoo import api, fields, models
from odoo.tools import consteq

#: Route of the page reached with a token (short, printed on paper letters).
LINK_ROUTE = "/recouvrement"


class DebtRecoveryPortalLink(models.Model):
    _name = "debt.recovery.portal.link"
    _description = "Signed link to a customer's recovery page"
    _order = "id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    token = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        groups="l10n_fr_debt_recovery.group_debt_recovery_user",
        # 96 random bits in hexadecimal: no "-" or "_", where a printed
        # letter could break the link over two lines.
        default=lambda self: secrets.token_hex(12),
    )
    expires_on = fields.Date(string="Valid until", required=True, readonly=True)
    revoked_on = fields.Datetime(string="Revoked on", readonly=True, copy=False)
    revoked_by_id = fields.Many2one(
        "res.users", string="Revoked by", readonly=True, copy=False
    )

    _sql_constraints = [
        ("token_unique", "unique(token)", "A recovery page link must be unique.")
    ]

    def _recovery_is_valid(self, today=None):
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        return not self.revoked_on and self.expires_on >= today

    @api.model
    def _recovery_find(self, token):
        """The valid link of ``token`` (sudo), or an empty recordset: unknown,
        expired and revoked links are alike to the visitor."""
        if not token or not isinstance(token, str) or len(token) > 64:
            return self.sudo().browse()
        link = self.sudo().search([("token", "=", token)], limit=1)
        if not link or not consteq(link.token, token):
            return self.sudo().browse()
        if not link._recovery_is_valid():
            return self.sudo().browse()
        return link

    def _recovery_url(self):
        self.ensure_one()
        base = self.partner_id.sudo().with_company(self.company_id).get_base_url()
        return f"{base}{LINK_ROUTE}/{self.sudo().token}"

    @api.model
    def _urls_for(self, partners, company):
        """``{partner id: signed link}`` to the recovery page of the
        commercial entity of each of ``partners`` in ``company``: the current link while it
        has at least half of its life left, else a new one. One read and one
        insert for the whole batch (letters and emails of a day ask for
        thousands)."""
        if not partners:
            return {}
        today = fields.Date.context_today(self)
        days = company.debt_recovery_portal_link_days
        commercials = partners.commercial_partner_id
        Link = self.sudo()
        links = Link.search(
            [
                ("partner_id", "in", commercials.ids),
                ("company_id", "=", company.id),
                ("revoked_on", "=", False),
                ("expires_on", ">=", today + datetime.timedelta(days=days // 2)),
            ],
            order="expires_on desc",
        )
        by_partner = {}
        for link in links:
            by_partner.setdefault(link.partner_id.id, link)
        missing = commercials.filtered(lambda p: p.id not in by_partner)
        if missing:
            created = Link.create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "expires_on": today + datetime.timedelta(days=days),
                    }
                    for partner in missing
                ]
            )
            by_partner.update({link.partner_id.id: link for link in created})
        return {
            partner.id: by_partner[partner.commercial_partner_id.id]._recovery_url()
            for partner in partners
        }
