from odoo import models


class Py3oReport(models.TransientModel):
    _inherit = "py3o.report"

    def _get_parser_context(self, model_instance, data):
        """Give the recovery letter templates their ``letters``: the data of
        the letter the report prints (its ``debt_recovery_letter_kind``)."""
        context = super()._get_parser_context(model_instance, data)
        kind = self.ir_actions_report_id.debt_recovery_letter_kind
        if kind:
            context["letters"] = self.env["debt.recovery.letter"]._letter_data(
                model_instance, kind
            )
        return context
