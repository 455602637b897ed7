"""Customers at risk of non-payment, for the prevention on the sales side:
a new quotation of such a customer asks for a prepayment
(``sale.order._recovery_apply_prepayment_rule``). The rule, what makes a
customer at risk under the company's settings, is ``tools/prepayment.py``;
here its facts are read for many customers at once and its reasons worded.
"""

from odoo import fields, models
from odoo.tools import format_date

from ..tools import prepayment


class DebtRecoveryCustomerRisk(models.AbstractModel):
    _name = "debt.recovery.customer.risk"
    _description = "Customers at risk of non-payment"

    def _risks(self, partners, company, today=None):
        """``{commercial partner id: [reason, ...]}`` of the customers among
        ``partners`` (their commercial entities) at risk in ``company`` under its
        rule (``res.company._debt_recovery_risk_settings``), each reason a
        sentence in the environment's language; customers not at risk are
        left out. A few queries for the whole set, in sudo: the sales staff
        who create quotations read no recovery record, only this outcome."""
        settings = company._debt_recovery_risk_settings()
        customers = partners.sudo().with_company(company).commercial_partner_id
        if not settings.enabled or not customers:
            return {}
        today = today or fields.Date.context_today(self)
        grades = (
            self.env["debt.recovery.payer.score"]._grades(
                customers, company, today=today
            )
            if settings.score
            else {}
        )
        notices = {}
        if settings.notice:
            groups = (
                self.env["debt.recovery.notice"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", customers.ids),
                        ("company_id", "=", company.id),
                        ("sent_date", "!=", False),
                        ("sent_date", "<=", today),
                        ("state", "!=", "cancelled"),
                    ],
                    ["partner_id"],
                    ["sent_date:max"],
                )
            )
            notices = {partner.id: sent for partner, sent in groups}
        risks = {}
        for customer in customers:
            since = customer.recovery_suspended_since
            lifted = customer.recovery_suspension_lifted_on
            facts = prepayment.CustomerFacts(
                grade=grades.get(customer.id, (None, None))[0],
                suspended=customer.recovery_suspended,
                suspended_since=since
                and fields.Datetime.context_timestamp(self, since).date(),
                suspension_lifted_on=lifted
                and fields.Datetime.context_timestamp(self, lifted).date(),
                notice_sent_on=notices.get(customer.id),
                procedure=customer.recovery_collective_procedure,
                procedure_date=customer.recovery_collective_procedure_date,
            )
            reasons = prepayment.risk_reasons(facts, settings, today)
            if reasons:
                risks[customer.id] = [
                    self._reason(customer, code, figure, grades.get(customer.id))
                    for code, figure in reasons
                ]
        return risks

    def _reason(self, customer, code, figure, grade=None):
        """One reason of ``_risks`` for ``customer``, worded."""
        day = figure and code != prepayment.SCORE and format_date(self.env, figure)
        if code == prepayment.SCORE:
            details = grade and self.env["debt.recovery.payer.score"]._text(grade[1])
            if details:
                return self.env._("Payer score D: %(reasons)s", reasons=details)
            return self.env._("Payer score D")
        if code == prepayment.SUSPENDED:
            if day:
                return self.env._("Suspended for non-payment since %(date)s", date=day)
            return self.env._("Suspended for non-payment")
        if code == prepayment.WAS_SUSPENDED:
            return self.env._("Suspended for non-payment until %(date)s", date=day)
        if code == prepayment.NOTICE:
            return self.env._("Formal notice sent on %(date)s", date=day)
        kind = dict(
            customer._fields[
                "recovery_collective_procedure_type"
            ]._description_selection(self.env)
        ).get(customer.recovery_collective_procedure_type)
        if kind and day:
            return self.env._(
                "Collective procedure (%(kind)s) opened on %(date)s",
                kind=kind,
                date=day,
            )
        if day:
            return self.env._("Collective procedure opened on %(date)s", date=day)
        return self.env._("Collective procedure in progress")
