#!/usr/bin/env python3
# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Merge an Odoo .pot into a French .po, keeping what is already translated.

python3 tools/po_merge.py ADDON.pot fr.po
"""

import sys

import polib


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    try:
        old = {(e.msgctxt, e.msgid): e for e in polib.pofile(po_path)}
    except OSError:
        old = {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": "Odoo Server 18.0",
        "Report-Msgid-Bugs-To": "",
        "Last-Translator": "Le Périscope",
        "Language-Team": "French",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    po.header = pot.header
    kept = 0
    for entry in pot:
        previous = old.get((entry.msgctxt, entry.msgid))
        new = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgstr=previous.msgstr if previous else "",
            occurrences=entry.occurrences,
            comment=entry.comment,
            tcomment=entry.tcomment,
            flags=[f for f in entry.flags if f != "fuzzy"],
        )
        kept += bool(previous and previous.msgstr)
        po.append(new)
    po.save(po_path)
    missing = sum(1 for e in po if not e.msgstr)
    sys.stdout.write(
        f"{po_path}: {len(po)} terms, {kept} kept, {missing} to translate\n"
    )


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
