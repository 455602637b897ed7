"""The reminder and statement emails link the customer's recovery page (a
paragraph added to their bodies). The mail templates are ``noupdate``: the
new wording is written only into the databases whose body is, in every
language, one the addon shipped before (``previous_bodies.json``, made by
dev/template_history.py); a body a user rewrote is kept. Each decision is
logged."""

import json
import logging
from pathlib import Path

from psycopg2.extras import Json

from odoo import SUPERUSER_ID, api
from odoo.addons.l10n_fr_debt_recovery.tools import template_upgrade
from odoo.tools.misc import file_path

# Named: Odoo loads a migration file under a name of its own.
_logger = logging.getLogger("odoo.addons.l10n_fr_debt_recovery.migrations")

MODULE = "l10n_fr_debt_recovery"
PREVIOUS = Path(__file__).resolve().parent / "previous_bodies.json"


def migrate(cr, version):
    update_template_bodies(api.Environment(cr, SUPERUSER_ID, {}))


def update_template_bodies(env, previous=None):
    """Write the data file's body (and its French translation) into the
    templates still holding a body shipped before; ``previous``:
    ``{record id: {lang: [body, ...]}}`` (default: ``previous_bodies.json``).
    Returns ``{record id: (updated, reason)}``."""
    if previous is None:
        previous = json.loads(PREVIOUS.read_text())
    Template = env["mail.template"]
    field = Template._fields["body_html"]
    names = list(previous)
    sources = template_upgrade.xml_bodies(
        Path(file_path(f"{MODULE}/data/mail_template_data.xml")).read_bytes(), names
    )
    french = _po_bodies(env, names)
    outcome = {}
    for name in names:
        template = env.ref(f"{MODULE}.{name}", raise_if_not_found=False)
        if not template or name not in sources:
            continue
        cr = env.cr
        template.flush_recordset(["body_html"])
        cr.execute("SELECT body_html FROM mail_template WHERE id = %s", [template.id])
        current = cr.fetchone()[0] or {}
        # As the database may hold them: loaded from the data file
        # (sanitized) or from a translation file (as written).
        shipped = {
            lang: [v for body in bodies for v in (body, field.convert_to_cache(body, template))]
            for lang, bodies in previous[name].items()
        }  # fmt: skip
        new = {
            template_upgrade.SOURCE_LANG: field.convert_to_cache(
                sources[name], template
            )
        }
        if name in french:
            new["fr_FR"] = french[name]
        update, reason = template_upgrade.body_decision(current, shipped, new)
        outcome[name] = (update, reason)
        if not update:
            _logger.info("Mail template %s kept: %s.", name, reason)
            continue
        # Every language the database holds, in the new wording: French
        # from the translation file, the others untranslated (the source).
        source = template_upgrade.SOURCE_LANG
        values = {lang: new.get(lang) or new[source] for lang in {*current, source}}
        cr.execute(
            "UPDATE mail_template SET body_html = %s WHERE id = %s",
            [Json(values), template.id],
        )
        template.invalidate_recordset(["body_html"])
        _logger.info(
            "Mail template %s: the new wording written (%s; languages %s).",
            name,
            reason,
            ", ".join(sorted(values)),
        )
    return outcome


def _po_bodies(env, names):
    """The French bodies of ``names`` in the addon's translation file (read
    as a file: French need not be active in the database)."""
    try:
        text = Path(file_path(f"{MODULE}/i18n/fr.po")).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return template_upgrade.po_bodies(template_upgrade.po_entries(text), MODULE, names)
