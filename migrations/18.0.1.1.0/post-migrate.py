"""The daily job moved from ``debt.recovery.action`` to its own model,
``debt.recovery.run``, and the suspension rule from ``res.partner`` to
``debt.recovery.suspension``. Their scheduled actions are ``noupdate`` data
(a company may have changed their time): only their model and code are
pointed at the new ones, the rest is kept."""

from odoo import SUPERUSER_ID, api

MOVED_CRONS = {
    "l10n_fr_debt_recovery.ir_cron_debt_recovery_daily": (
        "debt.recovery.run",
        "model._cron_daily_run(time_budget=240)",
    ),
    "l10n_fr_debt_recovery.ir_cron_debt_recovery_suspension": (
        "debt.recovery.suspension",
        "model._cron_recovery_update()",
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (model, code) in MOVED_CRONS.items():
        cron = env.ref(xmlid, raise_if_not_found=False)
        if cron:
            cron.write({"model_id": env["ir.model"]._get(model).id, "code": code})
