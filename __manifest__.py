{
    "name": "France - Recouvrement de créances",
    "summary": "French recovery of unpaid customer invoices: reminder ladder, "
    "mise en demeure, installment plans, service suspension, litigation file",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/l10n-fr/l10n_fr_debt_recovery",
    "author": "l10n_fr_debt_recovery contributors",
    "license": "AGPL-3",
    "countries": ["fr"],
    "depends": ["account", "sale", "mail", "report_py3o"],
    "external_dependencies": {
        "python": ["py3o.template", "py3o.formats", "num2words"],
    },
    "data": [
        "security/debt_recovery_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/debt_recovery_level_views.xml",
        "views/res_config_settings_views.xml",
        "views/debt_recovery_menus.xml",
    ],
    "demo": [],
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": False,
}
