"""Which mail template bodies a migration may bring to the new wording
(tools/template_upgrade.py): only those shipped before, never edited."""

import json
from pathlib import Path

from odoo.addons.l10n_fr_debt_recovery.tools import template_upgrade as tu

ROOT = Path(__file__).resolve().parent.parent
OLD = '<div style="margin: 0;">\n    <p>Dear Sir or Madam,</p>\n    <p>Total: <strong t-out="x">1</strong>.</p>\n</div>'
NEW = (
    '<div style="margin: 0;"><p>Dear Sir or Madam,</p><p>Total: <strong t-out="x">1'
    '</strong>.</p><p t-if="object.recovery_portal_url">Your account page.</p></div>'
)
OLD_FR = "<div><p>Madame, Monsieur,</p><p>Total : 1.</p></div>"
NEW_FR = "<div><p>Madame, Monsieur,</p><p>Total : 1.</p><p>Votre espace.</p></div>"
SHIPPED = {"en_US": [OLD], "fr_FR": [OLD_FR]}


def decide(current):
    return tu.body_decision(current, SHIPPED, {"en_US": NEW, "fr_FR": NEW_FR})


def test_white_space_does_not_count():
    assert tu.normalize(OLD) == (
        '<div style="margin: 0;"><p>Dear Sir or Madam,</p><p>Total: '
        '<strong t-out="x">1</strong>.</p></div>'
    )
    assert tu.normalize("  a \n\t b ") == "a b"
    assert tu.normalize(None) == ""


def test_a_body_shipped_before_is_updated_in_every_language():
    assert decide({"en_US": OLD, "fr_FR": OLD_FR}) == (
        True,
        "a body shipped before, never edited",
    )
    # Re-indented by an export or an editor: still the shipped body.
    assert decide({"en_US": tu.normalize(OLD).replace("><", ">\n  <")})[0]
    # A language without a translation holds the source text.
    assert decide({"en_US": OLD, "de_DE": OLD})[0]
    # One language already updated, the other still shipped.
    assert decide({"en_US": NEW, "fr_FR": OLD_FR})[0]


def test_an_edited_body_is_kept():
    edited = OLD.replace("Dear Sir or Madam", "Hello")
    assert decide({"en_US": edited, "fr_FR": OLD_FR}) == (
        False,
        "the en_US body was edited in the database",
    )
    assert decide({"en_US": OLD, "fr_FR": OLD_FR.replace("Total", "Montant")}) == (
        False,
        "the fr_FR body was edited in the database",
    )


def test_nothing_to_do():
    assert decide({"en_US": NEW, "fr_FR": NEW_FR}) == (False, "already the new wording")
    assert decide({"en_US": NEW}) == (False, "already the new wording")
    assert decide({}) == (False, "no body")
    assert decide({"en_US": ""}) == (False, "no body")


def test_bodies_read_from_the_data_and_translation_files():
    xml = (
        b'<odoo><record id="t1" model="mail.template"><field name="subject">S</field>'
        b'<field name="body_html" type="html"><div><p>A<br/>B</p></div></field></record>'
        b'<record id="t2" model="mail.template"><field name="body_html" type="html">'
        b"<p>other</p></field></record></odoo>"
    )
    assert tu.xml_bodies(xml, ["t1"]) == {"t1": "<div><p>A<br>B</p></div>"}
    entries = [
        (["model:mail.template,body_html:mod.t1"], "<p>un</p>"),
        (["model:mail.template,subject:mod.t1"], "sujet"),
        (["model:mail.template,body_html:mod.t2"], ""),
        (["model:mail.template,body_html:other.t1"], "<p>autre</p>"),
    ]
    assert tu.po_bodies(entries, "mod", ["t1", "t2"]) == {"t1": "<p>un</p>"}


def test_the_shipped_bodies_of_the_migration_lack_the_page_link():
    """The English bodies the 18.0.1.2.0 migration replaces are the ones
    without the recovery page's paragraph, which the data file's bodies
    have (the French ones also count the earlier translations of the
    current wording)."""
    previous = json.loads(
        (ROOT / "migrations" / "18.0.1.2.0" / "previous_bodies.json").read_text()
    )
    current = tu.xml_bodies(
        (ROOT / "data" / "mail_template_data.xml").read_bytes(), list(previous)
    )
    assert set(previous) == {
        "mail_template_courtesy",
        "mail_template_amicable",
        "mail_template_firm",
        "mail_template_statement",
    }
    for name, bodies in previous.items():
        assert "recovery_portal_url" in current[name]
        assert bodies["en_US"] and bodies["fr_FR"]
        for body in bodies["en_US"]:
            assert "recovery_portal_url" not in body, name
            assert tu.normalize(body) != tu.normalize(current[name])
