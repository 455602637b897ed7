#!/usr/bin/env python3
"""Refresh the French translation of the addon after code changes or merges.

    python3 dev/i18n_merge.py                  # export from the test database
    python3 dev/i18n_merge.py --update         # update the addon in it first
    python3 dev/i18n_merge.py -d mydb -c my.conf
    python3 dev/i18n_merge.py --pot file.pot   # no export: use this template

What it does, in order:

1. exports the template of the addon's terms with Odoo's own exporter
   (``python3 -m odoo ... --i18n-export=<tmp>.pot --modules=<addon>``, the
   language unset) from a database where the addon is installed and up to
   date: by default ``$DEBT_RECOVERY_TEST_DB`` (else ``debt_recovery_test``)
   with ``.local/odoo-test.conf``, both made by ``scripts/test.sh``. Model and
   view terms come from the database: after merging a branch, pass
   ``--update`` (or run the tests without KEEP_DB) so that they are current.
   The occurrences that Odoo finds again through the ``.local/addons`` link
   (``.../.local/addons/<addon>/...``) are dropped; the template is written
   to ``i18n/l10n_fr_debt_recovery.pot``;
2. rebuilds ``i18n/fr.po`` in the template's order: translations kept for the
   msgids still exported (also when only the whitespace of a msgid changed,
   e.g. a re-indented view),
   new msgids added untranslated, msgids no longer exported dropped,
   occurrences and comments refreshed from the template, header kept;
3. merges the ``i18n/new_terms_*.po`` files (other branches' translations of
   their new strings: msgid in English, msgstr in French) into it: a term
   untranslated in fr.po takes the file's translation; when fr.po already
   has another translation, fr.po wins and the difference is printed; terms
   that the addon no longer exports are printed (not kept). The files are
   then deleted (``--keep-new-terms`` keeps them);
4. prints the entries still untranslated and the translations whose
   placeholders (``%(name)s``, ``%s``, ``{{ }}``) differ from their msgid,
   and exits with status 1 when there are any (0 when all is translated).

Only the export step runs Odoo (in a subprocess); the rest needs polib.
Then check with ``bash scripts/test.sh tests/test_i18n.py``.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import polib

ADDON = "l10n_fr_debt_recovery"
ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
PO_PATH = I18N / "fr.po"
POT_PATH = I18N / f"{ADDON}.pot"
WRAP = 78  # what Odoo's exporter writes (polib's default)
FR_METADATA = {
    "Language": "fr",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}
PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]|\{\{.*?\}\}", re.DOTALL
)


def log(message):
    print(message, file=sys.stderr)


def normalized(text):
    return " ".join(text.split())


def export_pot(database, conf, update=False):
    """Export the addon's template with Odoo's CLI; return a polib file."""
    if not conf.exists():
        sys.exit(
            f"{conf} does not exist: run 'bash scripts/test.sh tests/test_install.py'"
            " once (it writes it and creates the test database), or pass -c."
        )
    base = [sys.executable, "-m", "odoo", "-c", str(conf), "-d", database]
    quiet = ["--log-level=warn", "--stop-after-init"]
    if update:
        log(f"updating {ADDON} in {database}")
        subprocess.run([*base, "-u", ADDON, *quiet], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"{ADDON}.pot"
        log(f"exporting the terms of {ADDON} from {database}")
        subprocess.run(
            [*base, f"--i18n-export={target}", f"--modules={ADDON}", *quiet],
            check=True,
        )
        return polib.pofile(str(target), wrapwidth=WRAP)


def clean_template(pot):
    """Drop the occurrences found through the .local/addons link (Odoo follows
    it back into the addon, again and again) and duplicate occurrences."""
    for entry in pot:
        seen = []
        for occurrence in entry.occurrences:
            if "/.local/" not in occurrence[0] and occurrence not in seen:
                seen.append(occurrence)
        entry.occurrences = seen or entry.occurrences[:1]
    return pot


def translation_index(catalog):
    """msgid -> entry, and whitespace-normalized msgid -> entry."""
    exact, loose = {}, {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        exact[entry.msgid] = entry
        loose.setdefault(normalized(entry.msgid), entry)
    return exact, loose


def lookup(index, msgid):
    exact, loose = index
    return exact.get(msgid) or loose.get(normalized(msgid))


def is_translated(entry):
    return bool(entry.msgstr.strip()) and "fuzzy" not in entry.flags


def rebuild(pot, old):
    """fr.po in the template's order, with the translations of ``old``."""
    index = translation_index(old)
    po = polib.POFile(wrapwidth=WRAP)
    po.header = old.header or pot.header
    po.metadata = dict(old.metadata or pot.metadata)
    for key in ("Project-Id-Version", "POT-Creation-Date"):
        if key in pot.metadata:
            po.metadata[key] = pot.metadata[key]
    po.metadata.update(FR_METADATA)
    po.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    for template in pot:
        entry = polib.POEntry(
            msgid=template.msgid,
            msgstr="",
            occurrences=template.occurrences,
            comment=template.comment,
            flags=[flag for flag in template.flags if flag != "fuzzy"],
        )
        previous = lookup(index, template.msgid)
        if previous is not None and previous.msgstr:
            entry.msgstr = previous.msgstr
            entry.tcomment = previous.tcomment
            if "fuzzy" in previous.flags:
                entry.flags.append("fuzzy")
        po.append(entry)
    return po


def merge_new_terms(po, paths):
    """Fill ``po`` from the new_terms files; return the messages to print."""
    index = translation_index(po)
    notes = []
    for path in paths:
        terms = polib.pofile(str(path))
        used = 0
        for term in terms:
            if term.obsolete or not term.msgid or not is_translated(term):
                continue
            entry = lookup(index, term.msgid)
            if entry is None:
                notes.append(
                    f"{path.name}: not exported by the addon, dropped: "
                    f"{term.msgid!r} -> {term.msgstr!r}"
                )
                continue
            msgstr = term.msgstr
            if normalized(term.msgid) == normalized(entry.msgid) != term.msgid:
                # the file has the words, the view its own line breaks
                msgstr = normalized(msgstr)
            if not is_translated(entry):
                entry.msgstr = msgstr
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                used += 1
            elif normalized(entry.msgstr) != normalized(msgstr):
                notes.append(
                    f"{path.name}: fr.po kept {entry.msgstr!r} for {entry.msgid!r}"
                    f" (file: {msgstr!r})"
                )
        log(f"{path.name}: {used} translation(s) merged")
    return notes


def placeholder_problems(po):
    problems = []
    for entry in po:
        if entry.msgstr and sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ):
            problems.append(entry)
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-d",
        "--database",
        default=os.environ.get("DEBT_RECOVERY_TEST_DB", "debt_recovery_test"),
    )
    parser.add_argument(
        "-c", "--config", type=Path, default=ROOT / ".local" / "odoo-test.conf"
    )
    parser.add_argument(
        "--update", action="store_true", help="update the addon in the database first"
    )
    parser.add_argument(
        "--pot", type=Path, help="use this template instead of exporting one"
    )
    parser.add_argument(
        "--keep-new-terms",
        action="store_true",
        help="do not delete the i18n/new_terms_*.po files",
    )
    args = parser.parse_args(argv)

    if args.pot:
        pot = polib.pofile(str(args.pot), wrapwidth=WRAP)
    else:
        pot = export_pot(args.database, args.config, update=args.update)
    pot = clean_template(pot)
    if len(pot) == 0:
        sys.exit("the template is empty: is the addon installed in the database?")
    I18N.mkdir(exist_ok=True)
    pot.save(str(POT_PATH))

    old = polib.pofile(str(PO_PATH)) if PO_PATH.exists() else polib.POFile()
    po = rebuild(pot, old)
    new_terms = sorted(I18N.glob("new_terms_*.po"))
    notes = merge_new_terms(po, new_terms)
    po.save(str(PO_PATH))
    if not args.keep_new_terms:
        for path in new_terms:
            path.unlink()
            log(f"deleted {path.relative_to(ROOT)}")

    kept = {e.msgid for e in old if not e.obsolete and e.msgid}
    exported = {e.msgid for e in pot}
    log(
        f"{POT_PATH.relative_to(ROOT)}: {len(pot)} terms; "
        f"{PO_PATH.relative_to(ROOT)}: {len(exported - kept)} new, "
        f"{len(kept - exported)} dropped"
    )
    for note in notes:
        print(note)
    missing = [e for e in po if not is_translated(e)]
    fuzzy = [e for e in po if e.msgstr and "fuzzy" in e.flags]
    problems = placeholder_problems(po)
    for title, entries in (
        ("untranslated", missing),
        ("fuzzy (check, then remove the fuzzy flag)", fuzzy),
        ("placeholders differ from the msgid", problems),
    ):
        if entries:
            print(
                f"\n{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} {title}:"
            )
            for entry in entries:
                where = entry.occurrences[0][0] if entry.occurrences else ""
                print(f"  {entry.msgid!r}  ({where})")
    if missing or fuzzy or problems:
        return 1
    print(f"all {len(po)} entries of {PO_PATH.relative_to(ROOT)} are translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
