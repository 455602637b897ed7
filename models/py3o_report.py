from odoo import models

from .debt_recovery_letter import KIND_CONTEXT_KEY


class Py3oReport(models.TransientModel):
    _inherit = "py3o.report"

    def _get_parser_context(self, model_instance, data):
        """Give the recovery letter templates their ``letters``: the
        records' ``_recovery_letters()``, of the kind of the report's
        template (``reports/templates/<kind>.odt``)."""
        context = super()._get_parser_context(model_instance, data)
        if hasattr(model_instance, "_recovery_letters"):
            kind = self.ir_actions_report_id._debt_recovery_letter_kind()
            records = model_instance
            if kind:
                records = records.with_context(**{KIND_CONTEXT_KEY: kind})
            context["letters"] = records._recovery_letters()
        return context
