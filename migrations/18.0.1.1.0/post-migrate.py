"""The daily job moved from ``debt.recovery.action`` to its own model,
``debt.recovery.run``. Its scheduled action is ``noupdate`` data (a
company may have changed its time): only its model is pointed at the new
one, the rest is kept."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref(
        "l10n_fr_debt_recovery.ir_cron_debt_recovery_daily", raise_if_not_found=False
    )
    if cron:
        cron.model_id = env["ir.model"]._get("debt.recovery.run")
