# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The static checks find what they promise to find, and pass on the real repo."""

import shutil
import textwrap
from pathlib import Path

import pytest

from tools import static_checks

REPO_ROOT = Path(__file__).resolve().parent.parent

MANIFEST = """{
    "name": "Demo",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "author": "Le Périscope",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv", "views/demo_views.xml"],
}
"""
MODEL = """
from odoo import fields, models


class DemoThing(models.Model):
    _name = "demo.thing"
    _description = "Thing"

    name = fields.Char()


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = "res.partner"


class DemoWizard(models.TransientModel):
    _name = "demo.wizard"
    _description = "Wizard"


class DemoMixin(models.AbstractModel):
    _name = "demo.mixin"
    _description = "Mixin"
"""
ACCESS = """id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink
access_demo_thing,demo.thing,model_demo_thing,base.group_user,1,1,1,1
access_demo_wizard,demo.wizard,model_demo_wizard,base.group_user,1,1,1,1
"""
POT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. module: demo
#: model:ir.model.fields,field_description:demo.field_demo_thing__name
msgid "Name"
msgstr ""
"""
PO = POT.replace('msgid "Name"\nmsgstr ""', 'msgid "Name"\nmsgstr "Nom"')


@pytest.fixture
def addon(tmp_path):
    root = tmp_path / "repo"
    path = root / "demo"
    for folder in ("models", "security", "views", "i18n", "readme", "static/description"):
        (path / folder).mkdir(parents=True)
    (path / "__manifest__.py").write_text(MANIFEST)
    (path / "models" / "demo.py").write_text(MODEL)
    (path / "security" / "ir.model.access.csv").write_text(ACCESS)
    (path / "views" / "demo_views.xml").write_text("<odoo><data/></odoo>\n")
    (path / "i18n" / "demo.pot").write_text(POT)
    (path / "i18n" / "fr.po").write_text(PO)
    (path / "readme" / "DESCRIPTION.md").write_text("Demo.\n")
    (path / "pyproject.toml").write_text('[build-system]\nrequires = ["whool"]\nbuild-backend = "whool.buildapi"\n')
    shutil.copy(
        REPO_ROOT / "periscope_members" / "static" / "description" / "icon.png",
        path / "static" / "description" / "icon.png",
    )
    return path


def test_a_complete_addon_passes(addon):
    assert static_checks.run(addon.parent) == []


def test_the_repository_passes():
    assert static_checks.run(REPO_ROOT) == []


def test_malformed_xml(addon):
    (addon / "views" / "demo_views.xml").write_text("<odoo><record></odoo>\n")
    problems = static_checks.run(addon.parent)
    assert any("demo_views.xml: XML is not well-formed" in p for p in problems)


def test_manifest_lists_a_missing_file(addon):
    (addon / "views" / "demo_views.xml").unlink()
    problems = static_checks.run(addon.parent)
    assert "demo/__manifest__.py: lists views/demo_views.xml, which does not exist" in (problems)


def test_manifest_version_and_license(addon):
    manifest = (addon / "__manifest__.py").read_text()
    manifest = manifest.replace("18.0.1.0.0", "17.0.1.0.0").replace("AGPL-3", "OPL-1")
    (addon / "__manifest__.py").write_text(manifest)
    problems = static_checks.run(addon.parent)
    assert "demo: version '17.0.1.0.0' is not 18.0.x.y.z" in problems
    assert "demo: license 'OPL-1' is not allowed" in problems


def test_missing_packaging_files(addon):
    (addon / "pyproject.toml").unlink()
    (addon / "static" / "description" / "icon.png").unlink()
    problems = static_checks.run(addon.parent)
    assert "demo: pyproject.toml is missing" in problems
    assert "demo: static/description/icon.png is missing" in problems


def test_model_without_access_line(addon):
    csv_path = addon / "security" / "ir.model.access.csv"
    csv_path.write_text(ACCESS.splitlines()[0] + "\n" + ACCESS.splitlines()[1] + "\n")
    problems = static_checks.run(addon.parent)
    assert any("model demo.wizard" in p for p in problems)
    # extensions and abstract models need no line
    assert not any("res.partner" in p or "demo.mixin" in p for p in problems)


def test_access_line_without_group(addon):
    csv_path = addon / "security" / "ir.model.access.csv"
    csv_path.write_text(ACCESS.replace("base.group_user", "", 1))
    problems = static_checks.run(addon.parent)
    assert any("access_demo_thing gives access to everyone" in p for p in problems)
    assert any("model demo.thing" in p for p in problems)


def test_defined_models(addon):
    assert set(static_checks.defined_models(addon)) == {"demo.thing", "demo.wizard"}


def test_untranslated_and_fuzzy_entries(addon):
    (addon / "i18n" / "fr.po").write_text(POT)
    problems = static_checks.run(addon.parent)
    assert "demo/i18n/fr.po: no French for 'Name'" in problems
    fuzzy = PO.replace("#: model:ir", "#, fuzzy\n#: model:ir")
    (addon / "i18n" / "fr.po").write_text(fuzzy)
    problems = static_checks.run(addon.parent)
    assert "demo/i18n/fr.po: fuzzy translation of 'Name'" in problems


def test_po_must_match_the_pot(addon):
    stale = PO + textwrap.dedent(
        """
        #. module: demo
        msgid "Gone"
        msgstr "Parti"
        """
    )
    (addon / "i18n" / "fr.po").write_text(stale)
    pot = POT + textwrap.dedent(
        """
        #. module: demo
        msgid "New"
        msgstr ""
        """
    )
    (addon / "i18n" / "demo.pot").write_text(pot)
    problems = static_checks.run(addon.parent)
    assert "demo/i18n/fr.po: misses 'New' of the .pot" in problems
    assert "demo/i18n/fr.po: 'Gone' is not in the .pot" in problems


def test_po_that_does_not_parse(addon):
    (addon / "i18n" / "fr.po").write_text('msgid "Name"\nmsgstr "Nom"\nmsgid\n')
    problems = static_checks.run(addon.parent)
    assert any(p.startswith("demo/i18n/fr.po: does not parse") for p in problems)


def test_an_entry_without_its_module_comment(addon):
    # Odoo's loader reads the module of each entry from "#. module:" and
    # fails on the whole file without it
    (addon / "i18n" / "fr.po").write_text(PO.replace("#. module: demo\n", ""))
    problems = static_checks.run(addon.parent)
    assert "demo/i18n/fr.po: 'Name' has no '#. module:' comment" in problems


def test_a_method_longer_than_sixty_lines(addon):
    body = "".join(f"        total += {n}\n" for n in range(60))
    long_method = (
        "\n\nclass DemoLong(models.Model):\n"
        '    _inherit = "demo.thing"\n\n'
        "    def _long(self):\n        total = 0\n" + body + "        return total\n"
    )
    (addon / "models" / "demo.py").write_text(MODEL + long_method)
    problems = static_checks.run(addon.parent)
    assert any(p.startswith("demo/models/demo.py:") and "_long is 63 lines long" in p for p in problems), problems
    # tests too: each test proves one rule
    (addon / "tests").mkdir()
    (addon / "tests" / "test_demo.py").write_text(long_method)
    (addon / "models" / "demo.py").write_text(MODEL)
    problems = static_checks.run(addon.parent)
    assert any(p.startswith("demo/tests/test_demo.py:") and "_long is 63 lines long" in p for p in problems), problems
