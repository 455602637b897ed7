"""Bring a new wording to mail templates that databases keep as installed.

The addon's mail templates are ``noupdate`` data: updating the module never
touches them, so that a company's own wording survives. A migration may
still replace a body that is exactly one the addon shipped before (in each
language the database holds): nobody rewrote it, the new wording is the
addon's own. Any other body is kept and the migration says so.

Nothing here imports ``odoo``.
"""

import re

import polib
from lxml import etree

SOURCE_LANG = "en_US"


def normalize(html):
    """``html`` with its white space collapsed (the indentation of the data
    file, the line breaks of the translation file), none between tags."""
    text = re.sub(r"\s+", " ", html or "").strip()
    return re.sub(r">\s+<", "><", text)


def xml_bodies(content, names, field="body_html"):
    """``{record id: value}`` of the ``html`` field ``field`` of the records
    ``names`` (ids without the module) in an XML data file's ``content``,
    serialized as Odoo loads it (``odoo/tools/convert.py``)."""
    tree = etree.fromstring(content)
    found = {}
    for record in tree.iter("record"):
        name = record.get("id", "").rsplit(".", 1)[-1]
        if name not in names:
            continue
        for node in record.iter("field"):
            if node.get("name") == field:
                found[name] = "".join(
                    etree.tostring(child, method="html", encoding="unicode")
                    for child in node
                )
    return found


def po_entries(text):
    """``(occurrences, msgstr)`` of each entry of a translation file's
    ``text``, an occurrence as written on its ``#:`` line."""
    return [
        (
            [f"{name}:{line}" if line else name for name, line in entry.occurrences],
            entry.msgstr,
        )
        for entry in polib.pofile(text)
    ]


def po_bodies(entries, module, names, field="body_html", model="mail.template"):
    """``{record id: translation}`` of the field ``field`` of the records
    ``names`` in a translation file's ``entries`` (``(occurrences,
    msgstr)`` pairs, an occurrence being the ``#:`` line's
    ``model:mail.template,body_html:module.record``)."""
    found = {}
    for occurrences, msgstr in entries:
        if not msgstr:
            continue
        for occurrence in occurrences:
            prefix = f"model:{model},{field}:{module}."
            if occurrence.startswith(prefix):
                name = occurrence[len(prefix) :]
                if name in names:
                    found[name] = msgstr
    return found


def body_decision(current, shipped, new):
    """Whether to replace a template's body, and why.

    :param current: ``{lang: body}`` held by the database
    :param shipped: ``{lang: [body, ...]}`` the bodies shipped before (the
        data file's in ``en_US``, the translation files' in the others)
    :param new: ``{lang: body}`` the new wording (``en_US`` at least)
    :returns: ``(update, reason)``; ``update`` only when every language's
        body is one shipped before (or the new one already), a language
        without a translation holding the source text
    """
    if not current.get(SOURCE_LANG):
        return False, "no body"
    source_new = normalize(new[SOURCE_LANG])
    source_old = {normalize(body) for body in shipped.get(SOURCE_LANG, ())}
    up_to_date = True
    for lang, body in sorted(current.items()):
        if not body:
            continue
        value = normalize(body)
        target = normalize(new.get(lang) or new[SOURCE_LANG])
        if value == target:
            continue
        up_to_date = False
        allowed = source_old | {normalize(b) for b in shipped.get(lang, ())}
        allowed |= {source_new}
        if value not in allowed:
            return False, f"the {lang} body was edited in the database"
    if up_to_date:
        return False, "already the new wording"
    return True, "a body shipped before, never edited"
