from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    debt_recovery_notice_unclaimed_start = fields.Selection(
        [
            ("presentation", "First presentation by the post"),
            ("returned", "Return of the letter to the sender"),
        ],
        string="Deadline of an unclaimed notice runs from",
        default="presentation",
        required=True,
        help="A registered letter the customer did not claim still counts: its "
        "deadline runs from the first presentation (default) or from the day "
        "the letter came back.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debt_recovery_notice_unclaimed_start = fields.Selection(
        related="company_id.debt_recovery_notice_unclaimed_start", readonly=False
    )
