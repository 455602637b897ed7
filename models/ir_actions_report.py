from odoo import api, fields, models, tools
from odoo.exceptions import UserError

# The kinds of recovery letter, each one printed with its template
# (reports/templates/<kind>.odt) from the data of tools/letter_data.py.
LETTER_KIND_SELECTION = [
    ("relance_amiable", "Amicable reminder"),
    ("relance_ferme", "Firm reminder"),
    ("mise_en_demeure", "Formal notice"),
    ("suspension", "Suspension notice"),
    ("reprise_service", "Service resumed notice"),
    ("echeancier", "Installment plan agreement"),
    ("reconnaissance_dette", "Acknowledgment of debt"),
    ("releve_compte", "Account statement"),
    ("dossier_contentieux", "Litigation file summary"),
    ("declaration_creance", "Declaration of claim"),
]


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    # Said by each report of the addon (reports/*.xml), kept by a copy of
    # the report: the letter its template prints, hence the data it is given
    # (``debt.recovery.letter._letter_data``).
    debt_recovery_letter_kind = fields.Selection(
        LETTER_KIND_SELECTION,
        string="Recovery letter",
        help="The recovery letter this report prints: its template receives "
        "that letter's data.",
    )

    @api.model
    def _recovery_require_pdf_converter(self, document):
        """Raise a clear error when Odoo cannot make the PDF of ``document``
        (the deposit slip, an invoice of the annexes): its own PDF reports
        need the wkhtmltopdf program, which the addon's letters (LibreOffice)
        do not. Without it Odoo's web client falls back to raw HTML with an
        English message. In tests Odoo renders HTML, whatever the program:
        nothing to check then (same condition as ``_render_qweb_pdf``)."""
        if (
            tools.config["test_enable"] or tools.config["test_file"]
        ) and not self.env.context.get("force_report_rendering"):
            return
        if self.get_wkhtmltopdf_state() in ("install", "broken"):
            raise UserError(
                self.env._(
                    "%(document)s cannot be made: the PDF converter of Odoo's "
                    "reports (wkhtmltopdf) is not installed on the server. Ask "
                    "your administrator to install it (Debian package "
                    "wkhtmltopdf; the demo command installs it).",
                    document=document,
                )
            )
