"""Render the letter templates with py3o, outside Odoo.

The Odoo side renders through ``report_py3o`` (``objects`` = the records, plus
the ``letters`` variable); the tests, the benchmark and the maintainers'
preview script use :func:`render_odt`, which gives the templates the same
two variables.

Nothing here imports ``odoo``.
"""

import os
import warnings
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "reports" / "templates"


def template_path(kind):
    """Path of the ODT template of a letter kind (``"mise_en_demeure"``...)."""
    path = TEMPLATE_DIR / f"{kind}.odt"
    if not path.is_file():
        raise FileNotFoundError(f"no letter template {path}")
    return path


def render_odt(template, letters, output, objects=None):
    """Render ``template`` (a kind or an ODT path) for ``letters`` into ``output``.

    As ``report_py3o`` does: ``escape_false`` (empty or false values print
    nothing), ``objects`` defaults to ``letters``.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        from py3o.template import Template  # noqa: PLC0415 (warning filter)

    path = (
        Path(template)
        if os.sep in str(template) or str(template).endswith(".odt")
        else None
    )
    path = path or template_path(template)
    letters = list(letters)
    with open(path, "rb") as source, open(output, "wb") as target:
        document = Template(source, target, escape_false=True)
        document.render(
            {"objects": objects if objects is not None else letters, "letters": letters}
        )
    return output
