from pathlib import Path

from odoo import models

from ..tools import letter_data


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _debt_recovery_letter_kind(self):
        """Kind of recovery letter the report prints (the file name of its
        default template), or ``False``."""
        self.ensure_one()
        stem = Path(self.py3o_template_fallback or "").stem
        return stem if stem in letter_data.KINDS else False
