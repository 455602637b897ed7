"""The company of a wizard is one the user works in."""

from odoo.exceptions import ValidationError
from odoo.tools import format_list


def check_allowed_companies(wizards):
    """Refuse a wizard whose ``company_id`` is not one of its user's allowed
    companies: a client may send any company id, and the wizards compute,
    read and create in their company (some of it as superuser)."""
    env = wizards.env
    if env.su:
        return
    foreign = wizards.company_id - env.user.company_ids
    if foreign:
        raise ValidationError(
            env._(
                "You do not work in %(companies)s: choose one of your companies.",
                companies=format_list(env, foreign.sudo().mapped("name")),
            )
        )
