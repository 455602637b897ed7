def post_init_hook(env):
    """Give every existing company its recovery ladder."""
    env["debt.recovery.level"]._create_default_ladder(env["res.company"].search([]))
