"""Temporary alias: ``res.partner`` is in ``res_partner.py``.

Kept only for ``models/account_move_suspension.py``, which imports this
constant from here; delete this file once that import reads
``from .res_partner import SKIP_CONTEXT_KEY``.
"""

from .res_partner import SKIP_CONTEXT_KEY

__all__ = ["SKIP_CONTEXT_KEY"]
