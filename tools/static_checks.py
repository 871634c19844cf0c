#!/usr/bin/env python3
# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checks of the addons that need no Odoo.

    python3 tools/static_checks.py [REPO_ROOT]

Prints one line per problem and exits 1 when there is any:

- every XML file is well-formed;
- every file a manifest lists (data, demo, assets) exists;
- every addon has the files of an OCA addon: manifest with version 18.0.x.y.z and
  an allowed license, pyproject.toml with the whool backend, an icon,
  readme/DESCRIPTION.md, i18n/fr.po;
- every model an addon defines (``_name`` of a Model or TransientModel that is not
  only an ``_inherit``) has a line in ``security/ir.model.access.csv`` with a group;
- every ``fr.po`` parses, has no empty or fuzzy ``msgstr`` and translates every
  ``msgid`` of the addon's ``.pot`` — and nothing else;
- no function or method of an addon's code, its tests included, is longer
  than 60 lines: each is cut along its rules (see ARCHITECTURE.md).
"""

import ast
import csv
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

import polib

MANIFEST_FILE_KEYS = ("data", "demo")
ALLOWED_LICENSES = {"AGPL-3", "LGPL-3", "GPL-3", "GPL-3 or any later version"}
VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
MODEL_BASES = {"Model", "TransientModel"}
MAX_FUNCTION_LINES = 60
# .odoo/ holds the logs and, on a fresh machine, the Odoo source that
# scripts/_setup.sh unpacks; .venv/ the project's virtualenv
SKIP_DIRS = {".git", "node_modules", "__pycache__", ".ruff_cache", ".pytest_cache", ".odoo", ".venv", "backups"}


def find_addons(root):
    return sorted(p.parent for p in Path(root).glob("*/__manifest__.py"))


def read_manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def _walk(root, suffix):
    for path in sorted(Path(root).rglob(f"*{suffix}")):
        if not SKIP_DIRS.intersection(path.relative_to(root).parts):
            yield path


def check_xml(root):
    problems = []
    for path in _walk(root, ".xml"):
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as exc:
            problems.append(f"{path.relative_to(root)}: XML is not well-formed: {exc}")
    return problems


def _manifest_files(manifest):
    for key in MANIFEST_FILE_KEYS:
        yield from manifest.get(key, [])
    for files in manifest.get("assets", {}).values():
        for entry in files:
            if isinstance(entry, list | tuple):  # ("include", bundle), ("remove", f)…
                entry = entry[-1]
            if "/" in entry and "*" not in entry and not entry.startswith("web."):
                yield entry


def check_manifest(addon):
    problems = []
    name = addon.name
    try:
        manifest = read_manifest(addon)
    except (SyntaxError, ValueError) as exc:
        return [f"{name}/__manifest__.py: cannot be read: {exc}"]
    if not VERSION_RE.match(str(manifest.get("version", ""))):
        problems.append(f"{name}: version {manifest.get('version')!r} is not 18.0.x.y.z")
    if manifest.get("license") not in ALLOWED_LICENSES:
        problems.append(f"{name}: license {manifest.get('license')!r} is not allowed")
    for entry in _manifest_files(manifest):
        # data and demo paths are relative to the addon; assets name the addon first
        relative = entry.split("/", 1)[1] if entry.startswith(f"{name}/") else entry
        if not (addon / relative).is_file():
            problems.append(f"{name}/__manifest__.py: lists {entry}, which does not exist")
    for required in ("pyproject.toml", "static/description/icon.png", "readme/DESCRIPTION.md", "i18n/fr.po"):
        if not (addon / required).is_file():
            problems.append(f"{name}: {required} is missing")
    pyproject = addon / "pyproject.toml"
    if pyproject.is_file() and "whool.buildapi" not in pyproject.read_text():
        problems.append(f"{name}/pyproject.toml: does not use the whool build backend")
    return problems


def _const(node):
    return node.value if isinstance(node, ast.Constant) else None


def defined_models(addon):
    """The models an addon creates (not those it only extends)."""
    models = {}
    for path in _walk(addon, ".py"):
        if "tests" in path.relative_to(addon).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            bases = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", None) for b in cls.bases}
            if not bases & MODEL_BASES:
                continue
            attrs = {}
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target = stmt.targets[0]
                    if isinstance(target, ast.Name):
                        attrs[target.id] = stmt.value
            name = _const(attrs.get("_name"))
            if not name:
                continue
            inherit = attrs.get("_inherit")
            inherited = set()
            if inherit is not None:
                if isinstance(inherit, ast.List | ast.Tuple):
                    inherited = {_const(e) for e in inherit.elts}
                else:
                    inherited = {_const(inherit)}
            if name in inherited:
                continue
            models[name] = path.relative_to(addon)
    return models


def check_access(addon):
    problems = []
    models = defined_models(addon)
    if not models:
        return problems
    csv_path = addon / "security" / "ir.model.access.csv"
    if not csv_path.is_file():
        defined = ", ".join(sorted(models))
        return [f"{addon.name}: defines {defined} but has no security/ir.model.access.csv"]
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with_group = set()
    for row in rows:
        model_ref = (row.get("model_id:id") or "").split(".")[-1]
        if (row.get("group_id:id") or "").strip():
            with_group.add(model_ref)
        else:
            problems.append(
                f"{addon.name}/security/ir.model.access.csv: {row.get('id')} gives access to everyone (no group)"
            )
    for model, path in sorted(models.items()):
        if "model_" + model.replace(".", "_") not in with_group:
            problems.append(
                f"{addon.name}: model {model} ({path}) has no line with a group in security/ir.model.access.csv"
            )
    return problems


def check_po(addon):
    problems = []
    po_path = addon / "i18n" / "fr.po"
    if not po_path.is_file():
        return problems  # reported by check_manifest
    try:
        po = polib.pofile(str(po_path))
    except (OSError, ValueError) as exc:
        return [f"{addon.name}/i18n/fr.po: does not parse: {exc}"]
    name = f"{addon.name}/i18n/fr.po"
    for entry in po:
        if entry.obsolete:
            continue
        label = entry.msgid.splitlines()[0][:60] if entry.msgid else "(header)"
        if "fuzzy" in entry.flags:
            problems.append(f"{name}: fuzzy translation of {label!r}")
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                problems.append(f"{name}: no French plural for {label!r}")
        elif not entry.msgstr.strip():
            problems.append(f"{name}: no French for {label!r}")
        if entry.msgid and not entry.comment.startswith("module"):
            # Odoo's loader reads the module from this comment, and fails
            # on the whole file without it
            problems.append(f"{name}: {label!r} has no '#. module:' comment")
    pot_path = addon / "i18n" / f"{addon.name}.pot"
    if pot_path.is_file():
        pot_ids = {e.msgid for e in polib.pofile(str(pot_path)) if not e.obsolete}
        po_ids = {e.msgid for e in po if not e.obsolete}
        for missing in sorted(pot_ids - po_ids):
            problems.append(f"{name}: misses {missing.splitlines()[0][:60]!r} of the .pot")
        for stale in sorted(po_ids - pot_ids):
            problems.append(f"{name}: {stale.splitlines()[0][:60]!r} is not in the .pot")
    else:
        problems.append(f"{addon.name}: i18n/{addon.name}.pot is missing")
    return problems


def check_function_length(addon):
    problems = []
    for path in sorted(addon.rglob("*.py")):
        if SKIP_DIRS & set(path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(
                        f"{path.relative_to(addon.parent)}:{node.lineno}: "
                        f"{node.name} is {length} lines long (at most "
                        f"{MAX_FUNCTION_LINES}): cut it along its rules"
                    )
    return problems


def run(root):
    root = Path(root)
    problems = check_xml(root)
    addons = find_addons(root)
    if not addons:
        problems.append(f"{root}: no addon found")
    for addon in addons:
        problems += check_manifest(addon)
        problems += check_access(addon)
        problems += check_po(addon)
        problems += check_function_length(addon)
    return problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0] if argv else Path(__file__).resolve().parent.parent)
    problems = run(root)
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    addons = len(find_addons(root))
    sys.stdout.write(f"static checks: {addons} addons, {len(problems)} problem(s)\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
