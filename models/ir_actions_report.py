from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError

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
    ("information_caution", "Information of the surety"),
    ("information_annuelle_caution", "Annual information of the surety"),
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

    # ---- The report engine: who may print the recovery documents ----
    # A report's groups only hide its Print menu, and its URL
    # (/report/<converter>/<report>/<ids>) takes any list of ids: each
    # renderer checks, before anything is read, that the user is in the
    # report's groups and may read every record asked (the model's right and
    # the record rules, the company rules among them). The letter builders
    # check it again before they read as superuser
    # (``debt.recovery.letter._letter_check_access``).

    @api.model
    def _recovery_check_render_access(self, report_ref, res_ids):
        if self.env.su:
            return
        report = self._get_report(report_ref)
        if not (
            report.debt_recovery_letter_kind
            or (report.model or "").startswith("debt.recovery.")
        ):
            return
        if report.groups_id and not (report.groups_id & self.env.user.groups_id):
            raise AccessError(
                self.env._(
                    "You are not allowed to print %(report)s: it is for the users "
                    "of %(groups)s.",
                    report=report.name,
                    groups=", ".join(report.groups_id.mapped("full_name")),
                )
            )
        ids = [res_ids] if isinstance(res_ids, int) else list(res_ids or ())
        records = self.env[report.model].browse(ids)
        records.check_access("read")

    @api.model
    def _render_py3o(self, report_ref, res_ids, data=None):
        self._recovery_check_render_access(report_ref, res_ids)
        return super()._render_py3o(report_ref, res_ids, data=data)

    @api.model
    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        self._recovery_check_render_access(report_ref, res_ids)
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    @api.model
    def _render_qweb_html(self, report_ref, docids, data=None):
        self._recovery_check_render_access(report_ref, docids)
        return super()._render_qweb_html(report_ref, docids, data=data)

    @api.model
    def _render_qweb_text(self, report_ref, docids, data=None):
        self._recovery_check_render_access(report_ref, docids)
        return super()._render_qweb_text(report_ref, docids, data=data)
