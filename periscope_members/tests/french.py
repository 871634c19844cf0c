# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""French everywhere, checked: the English sentences of the addons' own texts
and a test case that opens portal pages in French and fails on any of them.

An "English sentence of ours" is a fragment of four words or more of a msgid
of an addon's ``i18n/fr.po`` whose French differs: if it shows in a French
page, a text escaped its translation."""

import re
from pathlib import Path

import polib
from lxml import html as lxml_html

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, new_test_user

ADDONS = ("periscope_members", "periscope_coworking", "periscope_concierge", "periscope_training")
# a msgid's placeholders: %s, %(name)s, {{ expr }}, tags, line breaks
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\{.*?\}\}|<[^>]+>|\n")
MIN_WORDS = 4


def english_sentences(addons=ADDONS):
    """The addons' English fragments of MIN_WORDS words or more that French
    writes otherwise, longest first."""
    sentences = set()
    for addon in addons:
        path = get_module_path(addon, display_warning=False)
        if not path:
            continue
        for entry in polib.pofile(str(Path(path) / "i18n" / "fr.po")):
            if not entry.msgstr or entry.msgstr == entry.msgid:
                continue
            for fragment in PLACEHOLDER.split(entry.msgid):
                fragment = " ".join(fragment.split()).strip(" .,:;—-()")
                if len(fragment.split()) >= MIN_WORDS and fragment not in entry.msgstr:
                    sentences.add(fragment)
    return sorted(sentences, key=len, reverse=True)


def english_in(sentences, text):
    """The English ``sentences`` (see :func:`english_sentences`) in ``text``."""
    return [sentence for sentence in sentences if sentence in text]


def text_of(markup):
    """The text a reader sees in ``markup`` (html), scripts and styles left
    out, white space collapsed."""
    if not markup:
        return ""
    if isinstance(markup, bytes):
        markup = markup.decode()
    tree = lxml_html.fromstring(f"<div>{markup}</div>")
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    return " ".join(tree.text_content().split())


class FrenchPortalCase(HttpCase):
    """Portal pages opened in French by a member: none shows an English
    sentence of ours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["web", "portal", "mail", "account", *ADDONS], ["fr_FR"], overwrite=True
        )
        cls.sentences = english_sentences()
        # a person of a resident organisation, reading French
        Partner = cls.env["res.partner"]
        org = Partner.create(
            {
                "name": "Caracole (français)",
                "is_company": True,
                "periscope_member_type_id": cls.env.ref("periscope_members.member_type_permanent_resident").id,
            }
        )
        cls.french_member = new_test_user(
            cls.env,
            login="french_member",
            groups="base.group_portal",
            partner_id=Partner.create({"name": "Léa Roux", "parent_id": org.id, "lang": "fr_FR"}).id,
        )

    def english_in(self, text):
        return english_in(self.sentences, text)

    def assert_french_pages(self, urls):
        """Open ``urls`` as the French member: each a French page without an
        English sentence of ours."""
        login = self.french_member.login
        self.authenticate(login, login)
        for url in urls:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            # the page is in French (the portal's own menu), and nothing of ours
            # in English
            self.assertIn("Se déconnecter", response.text, url)
            english = self.english_in(text_of(response.text))
            self.assertFalse(english, f"English on {url}")
