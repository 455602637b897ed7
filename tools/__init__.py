"""Pure Python helpers of the addon.

Nothing in this package imports ``odoo``: the models call these functions,
and ``tests/test_tools_*.py`` exercise them without a database.
"""
