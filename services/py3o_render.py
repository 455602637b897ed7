"""Render the letter templates (ODT) with py3o.

The addon's models render their letters through :func:`render` (the
template's content and the variables ``letters`` and ``objects``, see
``debt.recovery.letter._letter_render_odt``); the tests, the benchmark and
the maintainers' preview script use :func:`render_odt`, which gives the
templates the same two variables, from a file.

Nothing here imports ``odoo``.
"""

import io
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


def _template_class():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        from py3o.template import Template  # noqa: PLC0415 (warning filter)
    return Template


def render(template, variables):
    """The ODT document of ``template`` (its content, bytes) rendered with
    ``variables``, as ``report_py3o`` renders: ``escape_false`` (empty or
    false values print nothing)."""
    target = io.BytesIO()
    document = _template_class()(io.BytesIO(template), target, escape_false=True)
    document.render(variables)
    return target.getvalue()


def render_odt(template, letters, output, objects=None):
    """Render ``template`` (a kind or an ODT path) for ``letters`` into ``output``.

    As ``report_py3o`` does: ``escape_false`` (empty or false values print
    nothing), ``objects`` defaults to ``letters``.
    """
    path = (
        Path(template)
        if os.sep in str(template) or str(template).endswith(".odt")
        else None
    )
    path = path or template_path(template)
    letters = list(letters)
    content = render(
        path.read_bytes(),
        {"objects": objects if objects is not None else letters, "letters": letters},
    )
    Path(output).write_bytes(content)
    return output
