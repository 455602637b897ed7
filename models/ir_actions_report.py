from odoo import fields, models

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
