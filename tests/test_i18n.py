"""French translation of the addon.

- every term that Odoo's own exporter finds in the addon (fields, selections,
  help texts, views, menus, groups, mail templates, Python messages) has a
  French translation in i18n/fr.po;
- the translations keep the placeholders (%(name)s, %s), the QWeb / inline
  template expressions and the HTML tags of their source;
- once French is active and the file loaded, a French user sees French.

When a test of the first kind fails after new strings were added, run
``python3 dev/i18n_merge.py`` and translate what it lists.
"""

import re
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import polib
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import html2plaintext
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationImporter, TranslationModuleReader

from ..models.debt_recovery_level import DEFAULT_LADDER
from .common import NoticeCase, normalize

MODULE = "l10n_fr_debt_recovery"
PO_FILE = f"{MODULE}/i18n/fr.po"

# printf-style placeholders: %s, %d, %(name)s, %%; "(%)" in "Rate (%)" is text.
PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
INLINE_TEMPLATE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
QWEB_ATTRIBUTE = re.compile(r"""\bt-[\w-]+=(?:"[^"]*"|'[^']*')""")
TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)")


def export_terms(cr, module=MODULE):
    """The source terms of ``module``, as Odoo's exporter (the one behind
    ``--i18n-export``) finds them in the database and the code."""
    reader = TranslationModuleReader(cr, modules=[module])
    return {row[4] for row in reader if row[0] == module}


def load_catalog(path=None):
    return polib.pofile(path or file_path(PO_FILE))


def pending_catalogs():
    """The ``i18n/new_terms_*.po`` files of a branch not merged yet: the
    translations of its new terms, which dev/i18n_merge.py moves into fr.po
    (and then deletes) when the branch is merged."""
    folder = Path(file_path(PO_FILE)).parent
    return [polib.pofile(str(path)) for path in sorted(folder.glob("new_terms_*.po"))]


def load_pending_catalogs(env, lang="fr_FR"):
    """Load the ``i18n/new_terms_*.po`` files into the database as Odoo loads
    fr.po, so that a branch's new menus, fields and view terms read in French
    before its terms are merged into fr.po (no file: nothing to do)."""
    folder = Path(file_path(PO_FILE)).parent
    importer = TranslationImporter(env.cr, verbose=False)
    paths = sorted(folder.glob("new_terms_*.po"))
    for path in paths:
        # Read from a copy away from i18n/: Odoo's reader merges a PO file
        # with the .pot beside it, which drops the terms not in it yet.
        with tempfile.NamedTemporaryFile(suffix=".po") as copy:
            copy.write(path.read_bytes())
            copy.flush()
            copy.seek(0)
            importer.load(copy, "po", lang)
    if paths:
        importer.save(overwrite=True)
        env.invalidate_all()


def untranslated(terms, catalog):
    """Terms without a usable translation in ``catalog`` (absent, empty or
    fuzzy: Odoo ignores fuzzy entries)."""
    translated = {
        entry.msgid
        for entry in catalog
        if not entry.obsolete and entry.msgstr.strip() and "fuzzy" not in entry.flags
    }
    return sorted(term for term in terms if term not in translated)


def markup(text):
    """What a translation must keep from its source, as a comparable value."""
    return {
        "placeholders": Counter(PRINTF.findall(text)),
        "template expressions": Counter(INLINE_TEMPLATE.findall(text)),
        "QWeb attributes": Counter(QWEB_ATTRIBUTE.findall(text)),
        "tags": Counter("".join(tag) for tag in TAG.findall(text)),
    }


def markup_mismatches(catalog):
    """(msgid, what differs) for the translations that lost or changed a
    placeholder, a template expression, a QWeb attribute or an HTML tag."""
    problems = []
    for entry in catalog:
        if entry.obsolete or not entry.msgstr:
            continue
        source, translation = markup(entry.msgid), markup(entry.msgstr)
        for kind, expected in source.items():
            if translation[kind] != expected:
                problems.append(
                    (
                        entry.msgid,
                        f"{kind}: expected {sorted(expected.elements())}, "
                        f"got {sorted(translation[kind].elements())}",
                    )
                )
    return problems


def _shorten(text, width=100):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@tagged("post_install", "-at_install")
class TestFrenchCatalog(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms = export_terms(cls.env.cr)
        cls.catalog = load_catalog()

    def test_exporter_finds_the_addon_terms(self):
        # Guards the other tests against an exporter that finds nothing.
        self.assertGreater(len(self.terms), 300)
        for term in ("Debt Recovery", "To validate", "Firm reminder"):
            self.assertIn(term, self.terms)

    def test_every_term_is_translated(self):
        missing = untranslated(self.terms, self.catalog)
        for pending in pending_catalogs():
            missing = untranslated(missing, pending)
        self.assertFalse(
            missing,
            "%d term(s) of the addon have no French translation in i18n/fr.po "
            "(run dev/i18n_merge.py, then translate them):\n%s"
            % (len(missing), "\n".join(f"  - {_shorten(t)!r}" for t in missing)),
        )

    def test_a_missing_translation_is_reported(self):
        # The check above really fails when an entry is removed or emptied.
        catalog = load_catalog()
        removed = catalog.find("To validate")
        catalog.remove(removed)
        catalog.find("Debt Recovery").msgstr = ""
        newly_missing = set(untranslated(self.terms, catalog)) - set(
            untranslated(self.terms, self.catalog)
        )
        self.assertEqual(newly_missing, {"Debt Recovery", "To validate"})

    def test_translations_keep_placeholders_and_markup(self):
        problems = markup_mismatches(self.catalog)
        for pending in pending_catalogs():
            problems += markup_mismatches(pending)
        self.assertFalse(
            problems,
            "Translations that changed their placeholders or markup:\n%s"
            % "\n".join(f"  - {_shorten(msgid)!r}: {what}" for msgid, what in problems),
        )
        # ... and the check sees a lost placeholder or tag.
        broken = polib.POFile()
        broken.append(
            polib.POEntry(msgid="Call %(customer)s", msgstr="Appeler %(client)s")
        )
        broken.append(polib.POEntry(msgid="<strong>Late</strong>", msgstr="En retard"))
        self.assertEqual(len(markup_mismatches(broken)), 2)

    def test_header(self):
        self.assertEqual(self.catalog.metadata.get("Language"), "fr")
        self.assertEqual(
            self.catalog.metadata.get("Plural-Forms"), "nplurals=2; plural=(n > 1);"
        )

    def test_default_ladder_names_match_the_catalog(self):
        # The ladder is created by code with French names stored at once:
        # they must be the translations of the step codes' labels.
        for step in DEFAULT_LADDER:
            entry = self.catalog.find(step["name"])
            self.assertTrue(entry, step["name"])
            self.assertEqual(entry.msgstr, step["name_fr"], step["code"])


@tagged("post_install", "-at_install")
class TestFrenchUser(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            [MODULE], ["fr_FR"], overwrite=True
        )
        load_pending_catalogs(cls.env)
        cls.manager = new_test_user(
            cls.env,
            login="dr_i18n_manager",
            groups="l10n_fr_debt_recovery.group_debt_recovery_manager",
            lang="fr_FR",
        )
        # What a web request of this user gets: the user's language.
        context = cls.manager.with_user(cls.manager).context_get()
        cls.fr_env = cls.env(user=cls.manager, context=context)

    def test_menus_and_actions(self):
        self.assertEqual(self.manager.lang, "fr_FR")
        menu = self.fr_env.ref(f"{MODULE}.menu_debt_recovery_root")
        self.assertEqual(menu.name, "Recouvrement")
        self.assertEqual(
            self.fr_env.ref(f"{MODULE}.menu_debt_recovery_action").name,
            "Actions de recouvrement",
        )
        self.assertEqual(
            self.fr_env.ref(f"{MODULE}.debt_recovery_level_action").sudo().name,
            "Échelle de relance",
        )

    def test_fields_and_selections(self):
        fields = self.fr_env["debt.recovery.action"].fields_get(
            ["state", "amount_total", "channel"], ["string", "selection"]
        )
        self.assertEqual(fields["amount_total"]["string"], "Total réclamé")
        states = dict(fields["state"]["selection"])
        self.assertEqual(states["to_validate"], "À valider")
        self.assertEqual(states["done"], "Effectuée")
        self.assertEqual(dict(fields["channel"]["selection"])["post"], "Courrier")
        codes = dict(
            self.fr_env["debt.recovery.level"].fields_get(["code"])["code"]["selection"]
        )
        self.assertEqual(codes["formal_notice"], "Mise en demeure")
        self.assertEqual(codes["litigation"], "Contentieux")

    def test_views(self):
        arch = self.fr_env["debt.recovery.action"].get_view(view_type="form")["arch"]
        self.assertIn("Valider et envoyer", arch)
        self.assertNotIn("Validate and send", arch)

    def test_every_view_of_the_addon_reads_in_french(self):
        """The catalog gives the French of a view's terms by the view's XML
        id: a view merged into another or renamed without refreshing the
        catalog shows English. Each term of each view of the addon that the
        catalog translates must come out in French."""
        catalog = {
            entry.msgid: entry.msgstr
            for entry in load_catalog()
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
        }
        View = self.env["ir.ui.view"]
        field = View._fields["arch_db"]
        view_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", MODULE), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        for pending in pending_catalogs():
            catalog.update(
                (entry.msgid, entry.msgstr)
                for entry in pending
                if entry.msgstr and not entry.obsolete
            )
        english_left = []
        for view in View.browse(view_ids):
            english = view.with_context(lang="en_US").arch_db
            french = set(field.get_trans_terms(view.with_context(lang="fr_FR").arch_db))
            for term in field.get_trans_terms(english):
                wanted = catalog.get(term)
                if wanted and wanted != term and wanted not in french:
                    english_left.append(f"{view.xml_id}: {_shorten(term)}")
        self.assertFalse(
            english_left,
            "terms of the addon's views shown in English to a French user "
            "(run dev/i18n_merge.py --update):\n" + "\n".join(english_left),
        )

    def test_default_ladder_in_french(self):
        company = self.env["res.company"].create({"name": "Société Test i18n"})
        levels = (
            self.fr_env["debt.recovery.level"]
            .sudo()
            .search([("company_id", "=", company.id)], order="sequence")
        )
        self.assertEqual(
            levels.mapped("name"), [step["name_fr"] for step in DEFAULT_LADDER]
        )

    def test_error_message(self):
        # The rates are entered by the settings administrators only.
        admin = new_test_user(
            self.env,
            login="dr_i18n_settings_admin",
            groups="base.group_user,base.group_system",
            lang="fr_FR",
        )
        with self.assertRaisesRegex(
            ValidationError, "Un semestre commence le 1er janvier ou le 1er juillet"
        ):
            self.fr_env(user=admin)["debt.recovery.rate"].create(
                {"series": "ecb", "date_start": "2026-02-01", "rate": 2.15}
            )

    def test_mail_template(self):
        template = self.fr_env.ref(f"{MODULE}.mail_template_firm").sudo()
        self.assertEqual(
            template.subject,
            "{{ object.company_id.name }}\u00a0: dernière relance avant mise en demeure",
        )
        # A customer speaking French gets the whole email in French.
        customer = self.env["res.partner"].create(
            {
                "name": "Client Français SARL",
                "email": "c@client.example",
                "lang": "fr_FR",
            }
        )
        action = self.env["debt.recovery.action"].create(
            {
                "partner_id": customer.id,
                "level_id": self.env["debt.recovery.level"]
                .search([("code", "=", "firm")], limit=1)
                .id,
            }
        )
        subject = template._render_field("subject", action.ids, compute_lang=True)
        body = template._render_field("body_html", action.ids, compute_lang=True)
        company = action.company_id.name
        self.assertEqual(
            subject[action.id],
            f"{company}\u00a0: dernière relance avant mise en demeure",
        )
        self.assertIn("<p>Madame, Monsieur,</p>", body[action.id])
        self.assertIn("Total réclamé\u00a0: <strong>", body[action.id])
        self.assertIn("nos salutations distinguées", body[action.id])
        self.assertNotIn("Dear Sir", body[action.id])


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@tagged("post_install", "-at_install")
class TestFrenchDailyRun(NoticeCase):
    """What the daily job writes in the chatter is in the company's language
    (the scheduled job runs as the superuser, in English), dates included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            [MODULE], ["fr_FR"], overwrite=True
        )
        cls.company.partner_id.lang = "fr_FR"
        cls.fr_manager = cls._make_user(
            "dr_i18n_run_manager",
            "l10n_fr_debt_recovery.group_debt_recovery_manager",
            lang="fr_FR",
        )

    def _run_as_cron(self):
        # What ir.cron gives the job: the superuser, an English context.
        return (
            self.env["debt.recovery.run"]
            .sudo()
            .with_context(lang="en_US")
            ._cron_daily_run()
        )

    def _notes(self, record):
        return [
            normalize(html2plaintext(body))
            for body in record.message_ids.sorted("id").mapped("body")
            if body
        ]

    def test_chatter_of_a_daily_run_in_french(self):
        self._invoice(self.customer, 1000.0, date(2026, 1, 5))
        with freeze_time(date(2026, 1, 8)):
            self._run_as_cron()
        notes = self._notes(self.customer)
        self.assertTrue(notes, "the run writes in the customer's chatter")
        last = notes[-1]
        self.assertIn("Étape « Relance de courtoisie » effectuée", last)
        self.assertIn("1 000,00 €", last)
        self.assertNotIn("done", last)
        self.assertFalse(ISO_DATE.search(last), last)

    def test_notice_notes_in_french_with_french_dates(self):
        _invoice, notice = self._notice_from_job(
            self.customer, 1200.0, date(2026, 1, 5)
        )
        with freeze_time(date(2026, 2, 20)):
            notice.with_user(self.fr_manager).action_validate()
        validated = [n for n in self._notes(notice) if "Mise en demeure validée" in n]
        self.assertEqual(len(validated), 1, self._notes(notice))
        self.assertIn("montants calculés au 20/02/2026", validated[0])
        self.assertFalse(ISO_DATE.search(validated[0]), validated[0])
        # The deadline passes: the job's note is French too, no ISO date.
        self._send_and_receive(notice, date(2026, 2, 21), date(2026, 2, 23))
        with freeze_time(notice.deadline_date + timedelta(days=1)):
            self._run_as_cron()
        expired = [n for n in self._notes(notice) if "délai" in n.lower()]
        self.assertTrue(expired, self._notes(notice))
        self.assertFalse(any(ISO_DATE.search(n) for n in self._notes(notice)))
        self.assertFalse(
            any("The deadline" in n or "validated" in n for n in self._notes(notice))
        )
