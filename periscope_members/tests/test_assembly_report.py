# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html as lxml_html

from odoo import Command
from odoo.tests import tagged

from .assembly_common import AssemblyCase

REPORT = "periscope_members.report_assembly_minutes"
NONE, ONE_OF_ONE = "0 (0.00 %)", "1 (100.00 %)"
# the results of the run assembly, college by college, as the minutes show
# them: the accounts' for, against and abstain, then the statutes'
RESULTS = [
    ("Résidents (test)", "50.00", "2 (66.67 %)", "1 (33.33 %)", NONE, "2 (66.67 %)", NONE, "1 (33.33 %)"),
    ("Têtes de réseau (test)", "30.00", ONE_OF_ONE, NONE, NONE, NONE, ONE_OF_ONE, NONE),
    ("Partenaires (test)", "20.00", NONE, ONE_OF_ONE, NONE, ONE_OF_ONE, NONE, NONE),
    ("Weighted total", "", "3 (63.33 %)", "2 (36.67 %)", NONE, "3 (53.33 %)", "1 (30.00 %)", "1 (16.67 %)"),
]


def _text(node):
    return " ".join(node.text_content().split())


@tagged("post_install", "-at_install")
class TestAssemblyReport(AssemblyCase):
    """The minutes of an assembly (procès-verbal): the attendance by college,
    the quorum, each resolution's result by college and weighted in total;
    and the backend views of the governance."""

    def _run_assembly(self):
        """Convene, record the attendance, vote two resolutions, close.

        Attendance: ADEPES, Caracole, URSCOP and the Sicoval present, the
        Francas represented by ADEPES, IES absent: 5 out of 6.
        Accounts (simple majority): residents 2 for, 1 against; network heads
        1 for; partners 1 against: weighted 63.33 % for, adopted.
        Statutes (two thirds): residents 2 for, 1 abstention; network heads 1
        against; partners 1 for: weighted 64 % for of the votes expressed,
        rejected."""
        assembly = self._convened()
        staff_members = assembly.member_ids.with_user(self.staff)
        staff_members.filtered(
            lambda m: m.partner_id in (self.adepes + self.caracole + self.urscop + self.sicoval)
        ).action_mark_present()
        self._member(self.francas).with_user(self.staff).action_give_proxy(self._member(self.adepes))
        assembly.action_open_session()
        assembly.write(
            {
                "resolution_ids": [
                    Command.create({"name": "Approval of the accounts", "sequence": 1}),
                    Command.create({"name": "Amendment of the statutes", "majority": "two_thirds", "sequence": 2}),
                ]
            }
        )
        accounts, statutes = assembly.resolution_ids
        (accounts + statutes).action_open()

        # each organisation's vote on the accounts, then on the statutes
        votes = [
            (self.adepes, "for", "for"),
            (self.caracole, "for", "abstain"),
            (self.francas, "against", "for"),
            (self.urscop, "for", "against"),
            (self.sicoval, "against", "for"),
        ]
        for index, resolution in enumerate((accounts, statutes)):
            options = {o.kind: o for o in resolution.option_ids}
            for organisation, *kinds in votes:
                resolution.with_user(self.staff).action_vote(options[kinds[index]], self._member(organisation))
        accounts.action_close()
        # the assembly closes and counts the vote still open
        assembly.action_close()
        return assembly, accounts, statutes

    def _render(self, assembly, user=None):
        report = self.env["ir.actions.report"].with_user(user or self.staff)
        content = report._render_qweb_html(REPORT, assembly.ids)[0]
        return lxml_html.fromstring(content)

    @staticmethod
    def _rows(table):
        return [[_text(cell) for cell in row.xpath("./td|./th")] for row in table.xpath(".//tbody/tr")]

    def _minutes(self):
        """The assembly run (see ``_run_assembly``) and its minutes:
        ``(assembly, accounts, statutes, page, text)``."""
        assembly, accounts, statutes = self._run_assembly()
        page = self._render(assembly)
        return assembly, accounts, statutes, page, _text(page)

    def test_minutes_of_a_closed_assembly(self):
        """The minutes of the closed assembly: what, when, where, final (not
        provisional), signed by the chair and the secretary."""
        assembly, accounts, statutes, page, text = self._minutes()
        self.assertEqual(assembly.state, "closed")
        self.assertEqual((accounts + statutes).mapped("state"), ["closed", "closed"])
        self.assertTrue(accounts.adopted)
        self.assertFalse(statutes.adopted)
        self.assertIn("Minutes", text)
        self.assertIn(assembly.name, text)
        self.assertIn("Ordinary general assembly", text)
        self.assertIn("Le Périscope, Ramonville", text)
        # 16:00 UTC is 18:00 in Toulouse in June
        date = _text(page.xpath("//td[hasclass('o_periscope_assembly_date')]")[0])
        self.assertIn("June 12, 2026", date)
        self.assertIn("6:00", date)
        self.assertNotIn("provisional", text)
        # signed by the chair and the secretary
        self.assertIn("The chair", text)
        self.assertIn("The secretary", text)

    def test_minutes_attendance_by_college(self):
        """The attendance, organisation by organisation, under its college:
        the organisations convened only."""
        __, __, __, page, text = self._minutes()
        (attendance,) = page.xpath("//table[hasclass('o_periscope_assembly_attendance')]")
        rows = self._rows(attendance)
        colleges = [row[0] for row in rows if len(row) == 1]
        self.assertEqual(len(colleges), 3)
        self.assertTrue(colleges[0].startswith("Résidents (test)"))
        self.assertIn("convened organisations: 3", colleges[0])
        self.assertTrue(colleges[1].startswith("Têtes de réseau (test)"))
        self.assertTrue(colleges[2].startswith("Partenaires (test)"))
        self.assertEqual(
            {row[0]: row[1] for row in rows if len(row) == 2},
            {
                "ADEPES (test)": "Present",
                "Caracole (test)": "Present",
                "Francas (test)": "Represented by ADEPES (test)",
                "URSCOP (test)": "Present",
                "IES (test)": "Absent",
                "Sicoval (test)": "Present",
            },
        )
        self.assertNotIn("Tremplin (test)", text, "not up to date: not convened")
        self.assertNotIn("Hors collège (test)", text)
        self.assertIn("6 organisations convened: 4 present, 1 represented, 1 absent", text)

    def test_minutes_quorum(self):
        """The quorum: its rule, who counts, reached."""
        assembly, __, __, page, __ = self._minutes()
        (quorum,) = page.xpath("//p[hasclass('o_periscope_assembly_quorum')]")
        self.assertTrue(assembly.quorum_reached)
        self.assertIn(assembly._quorum_label(), _text(quorum))
        self.assertIn("5 organisations present or represented out of 6", _text(quorum))
        self.assertIn("the quorum is reached", _text(quorum))

    def test_minutes_result_of_each_resolution(self):
        """Each resolution: its majority, its result by college and in total,
        its verdict."""
        __, accounts, statutes, page, __ = self._minutes()
        blocks = page.xpath("//div[hasclass('o_periscope_assembly_resolution')]")
        self.assertEqual(len(blocks), 2)
        expected = [
            (accounts, "Simple majority", "The resolution is adopted."),
            (statutes, "Two-thirds majority", "The resolution is rejected."),
        ]
        for index, (resolution, majority, verdict) in enumerate(expected):
            block = blocks[index]
            block_text = _text(block)
            self.assertIn(f"Resolution {index + 1}: {resolution.name}", block_text)
            self.assertIn(f"Majority required: {majority}", block_text)
            (results,) = block.xpath(".//table")
            header = [_text(th) for th in results.xpath(".//thead/tr/th")]
            self.assertEqual(header, ["College", "Weight (%)", "For", "Against", "Abstain"])
            table = [[college, weight, *cells[3 * index : 3 * index + 3]] for college, weight, *cells in RESULTS]
            self.assertEqual(self._rows(results), table)
            self.assertIn(verdict, block_text)
            self.assertIn(resolution.result_summary, block_text)
        self.assertIn("Adopted: 63.33 % for, 36.67 % against", accounts.result_summary)
        self.assertIn("Rejected: 64.0 % for, 36.0 % against", statutes.result_summary)

    def test_minutes_before_the_vote(self):
        """Printed before the end, the minutes say they are provisional and
        which resolutions are not voted yet."""
        assembly = self._convened()
        assembly.write({"resolution_ids": [Command.create({"name": "Budget 2027"})]})
        page = self._render(assembly, user=self.manager)
        text = _text(page)
        self.assertIn("provisional", text)
        self.assertIn("Not put to the vote.", text)
        self.assertIn("the quorum is not reached", text)
        self.assertIn("0 organisations present or represented out of 6", text)

    def test_minutes_in_french(self):
        """The minutes follow the language of the hub's company."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.company.partner_id.lang = "fr_FR"
        assembly, __, __ = self._run_assembly()
        date = _text(self._render(assembly).xpath("//td[hasclass('o_periscope_assembly_date')]")[0])
        self.assertIn("12 juin 2026", date)
        self.assertIn("18:00", date)

    def test_report_binding(self):
        action = self.env.ref("periscope_members.action_report_assembly_minutes")
        self.assertEqual(action.model, "periscope.assembly")
        self.assertEqual(action.binding_model_id.model, "periscope.assembly")
        self.assertEqual(action.report_type, "qweb-pdf")

    def test_views_load(self):
        """The governance views load for the administrator and the staff; the
        staff see no button that runs the assembly."""
        Assembly = self.env["periscope.assembly"]
        modes = [(False, "form"), (False, "list"), (False, "calendar"), (False, "kanban"), (False, "search")]
        manager_views = Assembly.with_user(self.manager).get_views(modes)["views"]
        self.assertIn("action_convene", manager_views["form"]["arch"])
        self.assertIn("action_mark_present", manager_views["form"]["arch"])
        staff_views = Assembly.with_user(self.staff).get_views(modes)["views"]
        self.assertNotIn("action_convene", staff_views["form"]["arch"])
        self.assertIn("action_mark_present", staff_views["form"]["arch"])
        resolution = (
            self.env["periscope.assembly.resolution"]
            .with_user(self.manager)
            .get_views([(False, "form"), (False, "list")])["views"]
        )
        self.assertIn("action_open", resolution["form"]["arch"])
        self.env["periscope.assembly.member"].with_user(self.staff).get_views([(False, "list"), (False, "search")])
        self.env["periscope.college"].with_user(self.manager).get_views(
            [(False, "list"), (False, "form"), (False, "search")]
        )
        partner_form = (
            self.env["res.partner"].with_user(self.manager).get_view(self.env.ref("base.view_partner_form").id, "form")
        )
        self.assertIn("periscope_college_id", partner_form["arch"])
        settings = self.env["res.config.settings"].get_view(
            self.env.ref("base.res_config_settings_view_form").id, "form"
        )
        self.assertIn("periscope_assembly_max_proxies", settings["arch"])
