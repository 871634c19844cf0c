#!/usr/bin/env python3
# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fill the untranslated entries of .po files from a glossary.

    python3 tools/po_fill.py GLOSSARY.py FILE.po [FILE.po ...]

GLOSSARY.py defines a dict ``FR`` mapping an English msgid to its French text;
entries already translated are left as they are.
"""

import runpy
import sys

import polib


def main(glossary_path, po_paths):
    glossary = runpy.run_path(glossary_path)["FR"]
    for po_path in po_paths:
        po = polib.pofile(po_path, wrapwidth=78)
        filled = 0
        for entry in po:
            if not entry.msgstr and entry.msgid in glossary:
                entry.msgstr = glossary[entry.msgid]
                filled += 1
        po.save(po_path)
        left = [e.msgid for e in po if not e.msgstr]
        sys.stdout.write(f"{po_path}: {filled} filled, {len(left)} left\n")
        for msgid in left:
            sys.stdout.write(f"    {msgid!r}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
