"""The worklist and its processing wizard know the installment plans, the
formal notices and the litigation files: markers in the "Situation" column,
and the "Propose a plan" / "Prepare a notice" buttons of the wizard."""

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _recovery_worklist_markers(self):
        result = super()._recovery_worklist_markers()
        if not self:
            return result
        company = self.env.company
        records = [
            (
                "debt.recovery.plan",
                [("state", "in", ("proposed", "active"))],
            ),
            (
                "debt.recovery.notice",
                [
                    (
                        "state",
                        "in",
                        ("draft", "validated", "sent", "received", "expired"),
                    )
                ],
            ),
            ("debt.recovery.case", [("state", "in", ("draft", "open"))]),
        ]
        for model, domain in records:
            found = (
                self.env[model]
                .sudo()
                .search(
                    [
                        *domain,
                        ("company_id", "=", company.id),
                        ("partner_id", "in", self.ids),
                    ],
                    order="id",
                )
            )
            states = dict(found._fields["state"]._description_selection(self.env))
            for record in found:
                label = self.env._(
                    "%(document)s %(name)s: %(state)s",
                    document=record._description_short(),
                    name=record.name,
                    state=states[record.state],
                )
                result[record.partner_id.id].append(label)
        return result


class DebtRecoveryPlan(models.Model):
    _inherit = "debt.recovery.plan"

    def _description_short(self):
        return self.env._("Plan")


class DebtRecoveryNotice(models.Model):
    _inherit = "debt.recovery.notice"

    def _description_short(self):
        return self.env._("Notice")


class DebtRecoveryCase(models.Model):
    _inherit = "debt.recovery.case"

    def _description_short(self):
        return self.env._("Litigation")
