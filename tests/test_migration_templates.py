"""The 18.0.1.2.0 migration on the test database: a reminder template still
holding a body shipped before gets the new wording (the recovery page's
paragraph), in English and French; a body a user rewrote is kept."""

import importlib.util
import json
from pathlib import Path
from unittest.mock import patch

from psycopg2.extras import Json

from odoo.tests import TransactionCase, tagged

FOLDER = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.2.0"
MODULE = "l10n_fr_debt_recovery"


def _migration():
    spec = importlib.util.spec_from_file_location(
        "l10n_fr_debt_recovery_migration_18_0_1_2_0", FOLDER / "post-migrate.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestTemplateMigration(TransactionCase):
    def _set_body(self, template, values):
        template.flush_recordset()
        self.env.cr.execute(
            "UPDATE mail_template SET body_html = %s WHERE id = %s",
            [Json(values), template.id],
        )
        template.invalidate_recordset(["body_html"])

    def _body(self, template):
        template.flush_recordset()
        self.env.cr.execute(
            "SELECT body_html FROM mail_template WHERE id = %s", [template.id]
        )
        return self.env.cr.fetchone()[0]

    def test_shipped_bodies_updated_edited_ones_kept(self):
        previous = json.loads((FOLDER / "previous_bodies.json").read_text())
        courtesy = self.env.ref(f"{MODULE}.mail_template_courtesy")
        amicable = self.env.ref(f"{MODULE}.mail_template_amicable")
        firm = self.env.ref(f"{MODULE}.mail_template_firm")
        old = previous["mail_template_courtesy"]
        # As an older install holds it: the English body shipped then,
        # re-indented, and its French translation of the time.
        self._set_body(
            courtesy,
            {
                "en_US": old["en_US"][-1].replace("\n", "\n  "),
                "fr_FR": old["fr_FR"][-1],
            },
        )
        custom = "<div><p>Bonjour, voici nos factures : merci.</p></div>"
        self._set_body(
            amicable,
            {"en_US": previous["mail_template_amicable"]["en_US"][0], "fr_FR": custom},
        )
        up_to_date = self._body(firm)

        migration = _migration()
        with patch.object(migration, "_logger") as logger:
            outcome = migration.update_template_bodies(self.env)
        logs = [call.args[0] % call.args[1:] for call in logger.info.call_args_list]

        body = self._body(courtesy)
        self.assertEqual(set(body), {"en_US", "fr_FR"})
        self.assertIn("object.recovery_portal_url", body["en_US"])
        self.assertIn("your account page", body["en_US"])
        self.assertIn("object.recovery_portal_url", body["fr_FR"])
        self.assertIn("espace de règlement", body["fr_FR"])
        self.assertNotIn("your account page", body["fr_FR"])
        # What the customer reads, rendered in French.
        self.env["res.lang"]._activate_lang("fr_FR")
        self.assertIn(
            "espace de règlement", courtesy.with_context(lang="fr_FR").body_html
        )
        self.assertEqual(outcome["mail_template_courtesy"][0], True)

        self.assertEqual(self._body(amicable)["fr_FR"], custom, "a user's own wording")
        self.assertEqual(
            outcome["mail_template_amicable"],
            (False, "the fr_FR body was edited in the database"),
        )
        self.assertEqual(self._body(firm), up_to_date)
        self.assertEqual(
            outcome["mail_template_firm"], (False, "already the new wording")
        )
        text = "\n".join(logs)
        self.assertIn("mail_template_courtesy: the new wording written", text)
        self.assertIn("mail_template_amicable kept: the fr_FR body was edited", text)
