import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.misc import clean_context

_logger = logging.getLogger(__name__)

MANAGER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_manager"
OVERRIDE_FIELDS = (
    "recovery_suspension_override",
    "recovery_allow_until",
    "recovery_override_reason",
)
STATUS_FIELDS = (
    "recovery_suspended",
    "recovery_suspended_since",
    "recovery_suspended_by_id",
    "recovery_suspension_reason",
)
# Context key set by the daily job to call the update once per batch
# rather than on every write of ``recovery_level_id``.
SKIP_CONTEXT_KEY = "debt_recovery_skip_suspension_update"
INTERNAL_CONTEXT_KEY = "debt_recovery_suspension_internal"
MAX_INVOICES_IN_REASON = 5


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Suspension status of the commercial entity, per company (a customer
    # suspended in company A can still buy from company B). Stored in the
    # jsonb columns of company-dependent fields: searchable for the current
    # company, maintained by ``_recovery_update_suspension``. No ``groups``:
    # sales staff must see the flag and the reason.
    recovery_suspended = fields.Boolean(
        string="Suspended for non-payment",
        company_dependent=True,
        readonly=True,
        help="No new sale order can be confirmed for this customer without a "
        "manager's override (Code civil art. 1219). Set automatically when an "
        "unpaid invoice reaches a recovery step that suspends service, lifted "
        "when it is paid, unless a manager overrides it.",
    )
    recovery_suspended_since = fields.Datetime(
        string="Suspended since", company_dependent=True, readonly=True
    )
    recovery_suspended_by_id = fields.Many2one(
        "res.users",
        string="Suspended by",
        company_dependent=True,
        readonly=True,
        help="Manager who forced the suspension; empty when it was decided by "
        "the automatic rule (daily recovery job or payment).",
    )
    recovery_suspension_reason = fields.Text(
        string="Suspension reason", company_dependent=True, readonly=True
    )
    # A manager's decision, which wins over the automatic rule.
    recovery_suspension_override = fields.Selection(
        [
            ("none", "None (automatic rule)"),
            ("suspend", "Force suspension"),
            ("allow", "Allow until"),
        ],
        string="Suspension override",
        company_dependent=True,
        groups=MANAGER_GROUP,
        help="Force suspension: the customer stays suspended whatever is paid. "
        "Allow until: the customer is not suspended until this date (included), "
        "then the automatic rule applies again.",
    )
    recovery_allow_until = fields.Date(
        string="Allowed until", company_dependent=True, groups=MANAGER_GROUP
    )
    recovery_override_reason = fields.Text(
        string="Override reason", company_dependent=True, groups=MANAGER_GROUP
    )
    recovery_override_user_id = fields.Many2one(
        "res.users",
        string="Override decided by",
        company_dependent=True,
        readonly=True,
        groups=MANAGER_GROUP,
    )
    recovery_override_date = fields.Datetime(
        string="Override decided on",
        company_dependent=True,
        readonly=True,
        groups=MANAGER_GROUP,
    )

    # ------------------------------------------------------------------
    # Manager's override
    # ------------------------------------------------------------------

    def write(self, vals):
        override_changed = not self.env.context.get(INTERNAL_CONTEXT_KEY) and any(
            name in vals for name in OVERRIDE_FIELDS
        )
        if override_changed:
            if vals.get("recovery_suspension_override", "x") in ("none", False):
                vals = {**vals, "recovery_allow_until": False}
            vals = {
                **vals,
                "recovery_override_user_id": self.env.uid,
                "recovery_override_date": fields.Datetime.now(),
            }
        res = super().write(vals)
        if override_changed:
            self._recovery_check_override()
            self._recovery_log_override()
            self._recovery_update_suspension(companies=self.env.company)
        return res

    def _recovery_check_override(self):
        for partner in self.sudo():
            mode = partner.recovery_suspension_override or "none"
            if mode == "none":
                continue
            if partner.parent_id:
                raise ValidationError(
                    self.env._(
                        "A suspension is decided for the customer company, not for "
                        "its contact %(contact)s: set it on %(company)s.",
                        contact=partner.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )
            if not (partner.recovery_override_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason of the suspension override of %(partner)s: it "
                        "is recorded in the customer's history.",
                        partner=partner.display_name,
                    )
                )
            if mode == "allow" and not partner.recovery_allow_until:
                raise ValidationError(
                    self.env._(
                        "Give the date until which %(partner)s may be sold to despite "
                        "the unpaid invoices.",
                        partner=partner.display_name,
                    )
                )

    def _recovery_log_override(self):
        company = self.env.company
        for partner in self.sudo():
            mode = partner.recovery_suspension_override or "none"
            if mode == "suspend":
                body = self.env._(
                    "Suspension forced in %(company)s by %(user)s. Reason: %(reason)s",
                    company=company.name,
                    user=self.env.user.name,
                    reason=partner.recovery_override_reason,
                )
            elif mode == "allow":
                body = self.env._(
                    "Sales allowed in %(company)s until %(date)s despite unpaid "
                    "invoices, by %(user)s. Reason: %(reason)s",
                    company=company.name,
                    date=fields.Date.to_string(partner.recovery_allow_until),
                    user=self.env.user.name,
                    reason=partner.recovery_override_reason,
                )
            else:
                body = self.env._(
                    "Suspension override removed in %(company)s by %(user)s: the "
                    "automatic rule applies.",
                    company=company.name,
                    user=self.env.user.name,
                )
            partner.message_post(body=body, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # Automatic rule, set-based
    # ------------------------------------------------------------------

    @api.model
    def _recovery_suspension_candidates(self, companies, partner_ids):
        """(partner id, company id) -> invoice ids and highest level id, for the
        customers having an unpaid invoice at or above the first step of their
        company's ladder that suspends service. One query."""
        scope = (
            SQL("TRUE")
            if partner_ids is None
            else SQL("move.commercial_partner_id = ANY(%s)", partner_ids)
        )
        self.env.cr.execute(
            SQL(
                """
                WITH threshold AS (
                    SELECT company_id, MIN(sequence) AS sequence
                      FROM debt_recovery_level
                     WHERE suspend_service AND active
                       AND company_id = ANY(%(companies)s)
                  GROUP BY company_id
                )
                SELECT move.commercial_partner_id, move.company_id,
                       ARRAY_AGG(move.id ORDER BY move.invoice_date_due, move.id),
                       (ARRAY_AGG(level.id ORDER BY level.sequence DESC, level.id))[1]
                  FROM account_move move
                  JOIN debt_recovery_level level ON level.id = move.recovery_level_id
                  JOIN threshold ON threshold.company_id = move.company_id
                                AND level.sequence >= threshold.sequence
                 WHERE move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND move.payment_state IN ('not_paid', 'partial')
                   AND move.amount_residual > 0
                   AND move.company_id = ANY(%(companies)s)
                   AND %(scope)s
              GROUP BY move.commercial_partner_id, move.company_id
                """,
                companies=companies.ids,
                scope=scope,
            )
        )
        return {
            (partner_id, company_id): (move_ids, level_id)
            for partner_id, company_id, move_ids, level_id in self.env.cr.fetchall()
        }

    @api.model
    def _recovery_suspension_states(self, partner_ids):
        """Raw stored suspension state of the partners (all companies), or of
        every partner having one when ``partner_ids`` is None. One query."""
        scope = (
            SQL(
                "recovery_suspended IS NOT NULL "
                "OR recovery_suspension_override IS NOT NULL"
            )
            if partner_ids is None
            else SQL("id = ANY(%s)", partner_ids)
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT id, recovery_suspended, recovery_suspension_override,
                       recovery_allow_until, recovery_override_reason,
                       recovery_override_user_id, recovery_suspension_reason
                  FROM res_partner
                 WHERE %s
                """,
                scope,
            )
        )
        return {
            row[0]: [value or {} for value in row[1:]] for row in self.env.cr.fetchall()
        }

    def _recovery_update_suspension(self, companies=None, today=None):
        """Suspend or restore customers according to their unpaid invoices and
        the managers' overrides, and notify them.

        Set-based: called on the customers of a batch (their commercial
        entities are used), or on an empty recordset for every customer having
        an invoice at a suspending step, a suspension or an override. Two
        queries to decide, then writes, chatter messages and emails only for
        the customers whose status changes.

        :param companies: companies to consider (default: all)
        :param today: date of the decision (default: today), for the expiry of
            "allow until" overrides
        :return: dict with the partners suspended and lifted
        """
        result = {"suspended": self.browse(), "lifted": self.browse()}
        if self.env.context.get(SKIP_CONTEXT_KEY):
            return result
        Partner = (
            self.env["res.partner"]
            .sudo()
            .with_context(
                clean_context(self.env.context), **{INTERNAL_CONTEXT_KEY: True}
            )
        )
        partner_ids = self.sudo().commercial_partner_id.ids if self else None
        if partner_ids == []:
            return result
        companies = (companies or self.env["res.company"].search([])).sudo()
        today = today or fields.Date.context_today(self)
        self.env["account.move"].flush_model(
            [
                "move_type",
                "state",
                "payment_state",
                "amount_residual",
                "commercial_partner_id",
                "company_id",
                "recovery_level_id",
                "invoice_date_due",
            ]
        )
        self.env["debt.recovery.level"].flush_model()
        Partner.flush_model(
            [*STATUS_FIELDS, *OVERRIDE_FIELDS, "recovery_override_user_id"]
        )

        candidates = self._recovery_suspension_candidates(companies, partner_ids)
        states = self._recovery_suspension_states(
            partner_ids
            if partner_ids is not None
            else list({pid for pid, _cid in candidates})
        )
        if partner_ids is None:
            # every partner having a stored state, plus the candidates
            states.update(self._recovery_suspension_states(None))
            missing = {pid for pid, _cid in candidates} - set(states)
            states.update(dict.fromkeys(missing, [{}] * 6))
        levels = (
            self.env["debt.recovery.level"]
            .sudo()
            .browse({level_id for _moves, level_id in candidates.values()})
        )
        invoices = (
            self.env["account.move"]
            .sudo()
            .browse(
                {
                    move_id
                    for move_ids, _lv in candidates.values()
                    for move_id in move_ids
                }
            )
        )
        invoices.fetch(["name"])
        levels.fetch(["name"])

        to_suspend, to_lift, to_update, expired = [], [], [], []
        for company in companies:
            key = str(company.id)
            for partner_id, state in states.items():
                suspended, mode, allow_until, o_reason, o_user, reason = (
                    value.get(key) for value in state
                )
                mode = mode or "none"
                if mode == "allow" and (
                    not allow_until or fields.Date.to_date(allow_until) < today
                ):
                    expired.append((company, partner_id, allow_until))
                    mode = "none"
                auto = candidates.get((partner_id, company.id))
                if mode == "suspend":
                    target = True
                    new_reason = self.env._(
                        "Suspended by a manager: %(reason)s", reason=o_reason or ""
                    )
                    new_by = o_user or False
                elif mode == "allow":
                    target, new_reason, new_by = False, False, False
                elif auto:
                    target = True
                    new_reason = self._recovery_auto_reason(
                        invoices.browse(auto[0]), levels.browse(auto[1])
                    )
                    new_by = False
                else:
                    target, new_reason, new_by = False, False, False
                if target and not suspended:
                    to_suspend.append((company, partner_id, new_reason, new_by))
                elif suspended and not target:
                    to_lift.append((company, partner_id, mode, allow_until))
                elif target and new_reason != reason:
                    to_update.append((company, partner_id, new_reason, new_by))

        for company, partner_id, allow_until in expired:
            partner = Partner.with_company(company).browse(partner_id)
            partner.write(
                {
                    "recovery_suspension_override": "none",
                    "recovery_allow_until": False,
                }
            )
            partner.message_post(
                body=self.env._(
                    "The permission to sell in %(company)s until %(date)s has expired: "
                    "the automatic rule applies again.",
                    company=company.name,
                    date=allow_until or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        for company, partner_id, reason, by in to_update:
            Partner.with_company(company).browse(partner_id).write(
                {"recovery_suspension_reason": reason, "recovery_suspended_by_id": by}
            )
        now = fields.Datetime.now()
        for company, partner_id, reason, by in to_suspend:
            partner = Partner.with_company(company).browse(partner_id)
            partner.write(
                {
                    "recovery_suspended": True,
                    "recovery_suspended_since": now,
                    "recovery_suspended_by_id": by,
                    "recovery_suspension_reason": reason,
                }
            )
            partner.message_post(
                body=self.env._(
                    "Service suspended in %(company)s: %(reason)s",
                    company=company.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
            partner._recovery_send_suspension_notice("suspension")
            result["suspended"] |= partner
        for company, partner_id, mode, allow_until in to_lift:
            partner = Partner.with_company(company).browse(partner_id)
            partner.write(
                {
                    "recovery_suspended": False,
                    "recovery_suspended_since": False,
                    "recovery_suspended_by_id": False,
                    "recovery_suspension_reason": False,
                }
            )
            if mode == "allow":
                why = self.env._(
                    "a manager allowed sales until %(date)s", date=allow_until or ""
                )
            else:
                why = self.env._(
                    "no invoice at a suspending recovery step is still unpaid"
                )
            partner.message_post(
                body=self.env._(
                    "Service suspension lifted in %(company)s: %(why)s.",
                    company=company.name,
                    why=why,
                ),
                subtype_xmlid="mail.mt_note",
            )
            partner._recovery_send_suspension_notice("service_resumed")
            result["lifted"] |= partner
        return result

    def _recovery_auto_reason(self, invoices, level):
        names = invoices.mapped("name")
        shown = ", ".join(names[:MAX_INVOICES_IN_REASON])
        if len(names) > MAX_INVOICES_IN_REASON:
            shown = self.env._(
                "%(invoices)s and %(count)s more",
                invoices=shown,
                count=len(names) - MAX_INVOICES_IN_REASON,
            )
        return self.env._(
            "unpaid invoice(s) at the recovery step %(level)s: %(invoices)s",
            level=level.name,
            invoices=shown,
        )

    def _recovery_send_suspension_notice(self, kind):
        """Queue the written notice of art. 1220 Code civil to the customer:
        an email from the company's template, logged in the chatter. The
        printed letter is added by the letters work."""
        self.ensure_one()
        template = self.env.ref(
            f"l10n_fr_debt_recovery.mail_template_{kind}", raise_if_not_found=False
        )
        if not template:
            _logger.warning("Mail template of the %s notice not found", kind)
            return self.env["mail.message"]
        recipient = self.browse(self.address_get(["invoice"])["invoice"])
        if not recipient.email:
            self.message_post(
                body=self.env._(
                    "No email address for %(partner)s: the notice must be sent by "
                    "post.",
                    partner=recipient.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
            return self.env["mail.message"]
        return self.message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            force_send=False,
        )

    @api.model
    def _cron_recovery_update_suspension(self):
        """Daily safety net: expire "allow until" overrides and apply the rule
        to every customer concerned, even those the daily job did not touch."""
        return self._recovery_update_suspension()
