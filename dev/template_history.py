#!/usr/bin/env python3
"""Collect the bodies of mail templates as shipped by every earlier commit.

    python3 dev/template_history.py XMLID... > migrations/<version>/previous_bodies.json

The mail templates are ``noupdate``: a database keeps the body it was
installed with. A migration that brings a new wording to the databases still
holding a shipped one (never a body a user rewrote) needs every body the
addon ever shipped: this script reads them from the git history of
``data/mail_template*.xml``, serialized as Odoo loads an ``html`` field
(``odoo/tools/convert.py``), without the current one.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from template_upgrade import SOURCE_LANG, po_bodies, po_entries, xml_bodies  # noqa: E402

MODULE = "l10n_fr_debt_recovery"


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True
    ).stdout


def history(names):
    """``{record id: {lang: [body, ...]}}``: the bodies of ``names`` in
    every earlier commit, in English (the data files) and in French (the
    translation file), without the current ones."""
    commits = git(
        "log", "--format=%H", "--", "data/mail_template_data.xml",
        "data/mail_template_statement_data.xml", "data/mail_template_plan_data.xml",
        "data/mail_template_suspension_data.xml", "i18n/fr.po",
    ).decode().split()  # fmt: skip
    current = {
        SOURCE_LANG: xml_bodies(
            (ROOT / "data" / "mail_template_data.xml").read_bytes(), names
        ),
        "fr_FR": po_bodies(
            po_entries((ROOT / "i18n" / "fr.po").read_text()), MODULE, names
        ),
    }
    result = {name: {lang: [] for lang in current} for name in names}

    def add(lang, found):
        for name, body in found.items():
            if body != current[lang].get(name) and body not in result[name][lang]:
                result[name][lang].append(body)

    for commit in commits:
        files = (
            git("ls-tree", "-r", "--name-only", commit, "data/", "i18n/")
            .decode()
            .split()
        )
        for path in files:
            content = git("show", f"{commit}:{path}")
            if path.startswith("data/mail_template") and path.endswith(".xml"):
                add(SOURCE_LANG, xml_bodies(content, names))
            elif path == "i18n/fr.po":
                add("fr_FR", po_bodies(po_entries(content.decode()), MODULE, names))
    return result


if __name__ == "__main__":
    names = [arg.rsplit(".", 1)[-1] for arg in sys.argv[1:]]
    json.dump(history(names), sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")
