# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PeriscopeMembersCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 09:00:00")
class TestKeyFigure(PeriscopeMembersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.KeyFigure = cls.env["periscope.key.figure"]
        cls.declaration = cls.KeyFigure.create(
            {
                "partner_id": cls.org.id,
                "year": 2025,
                "fte": 30,
                "cooperators": 120,
                "users": 60,
                "entrepreneurs_supported": 8,
                "visitors": 80,
            }
        )

    def test_staff_declares_for_an_organisation(self):
        declaration = self.KeyFigure.with_user(self.staff).create(
            {"partner_id": self.other_org.id, "year": 2026, "fte": 4.5, "volunteers": 60}
        )
        self.assertEqual(declaration.member_type_id, self.type_occasional)
        self.assertEqual(declaration.declared_by_id, self.staff)
        self.assertEqual(declaration.display_name, "Caracole (test) — 2026")

    def test_one_declaration_per_organisation_and_year(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            self.KeyFigure.create({"partner_id": self.org.id, "year": 2025, "fte": 1})
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("already declared its key figures for this year", str(error))

    def test_no_declaration_for_a_future_year(self):
        with self.assertRaises(ValidationError) as caught:
            self.KeyFigure.create({"partner_id": self.other_org.id, "year": 2027})
        self.assertIn("2027 is in the future", str(caught.exception))
        self.assertFalse(self.KeyFigure.search([("year", "=", 2027)]))

    def test_negative_figures_are_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.declaration.write({"volunteers": -3})
        self.assertIn("Volunteers must be a whole number from 0", str(caught.exception))
        self.assertEqual(self.declaration.volunteers, 0)
        # and the database, below the ORM
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            self.declaration._write({"volunteers": -3})
            self.env.flush_all()
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("Key figures cannot be negative.", str(error))

    def test_head_counts_are_whole_numbers(self):
        with self.assertRaises(ValidationError) as caught:
            self.declaration.write({"volunteers": 2.5})
        self.assertIn("is not a whole number", str(caught.exception))
        self.assertEqual(self.declaration.volunteers, 0)
        self.declaration.write({"volunteers": 3.0, "fte": 2.5})
        self.assertEqual((self.declaration.volunteers, self.declaration.fte), (3, 2.5))

    def test_hub_totals_compare_with_last_year(self):
        # years no demo data uses
        self.declaration.year = 2011
        self.KeyFigure.create({"partner_id": self.other_org.id, "year": 2011, "fte": 4, "volunteers": 60})
        self.KeyFigure.create({"partner_id": self.org.id, "year": 2010, "fte": 25})
        totals = self.KeyFigure._hub_totals(2011)
        self.assertEqual(totals["year"], 2011)
        self.assertEqual(totals["current"]["fte"], 34)
        self.assertEqual(totals["current"]["volunteers"], 60)
        self.assertEqual(totals["current"]["cooperators"], 120)
        self.assertEqual(totals["current"]["count"], 2)
        self.assertEqual(totals["previous"]["fte"], 25)
        members = self.env["res.partner"].search_count(
            [("periscope_member_type_id", "!=", False), ("is_company", "=", True)]
        )
        self.assertEqual(totals["members"], members)
        self.assertAlmostEqual(totals["declared_share"], 2 / members)
        empty = self.KeyFigure._hub_totals(2001)
        self.assertEqual(empty["current"]["fte"], 0)

    def test_hub_totals_in_constant_queries(self):
        def declare(count, year):
            partners = self.env["res.partner"].create(
                [
                    {"name": f"Org {year}-{i}", "is_company": True, "periscope_member_type_id": self.type_partner.id}
                    for i in range(count)
                ]
            )
            self.KeyFigure.create([{"partner_id": p.id, "year": year, "visitors": 10} for p in partners])
            self.env.flush_all()
            self.env.invalidate_all()

        declare(10, 2020)
        with self.assertQueryCount(__system__=2):
            small = self.KeyFigure._hub_totals(2020)
        declare(100, 2019)
        with self.assertQueryCount(__system__=2):
            large = self.KeyFigure._hub_totals(2019)
        self.assertEqual((small["current"]["visitors"], large["current"]["visitors"]), (100, 1000))

    def test_hub_totals_in_two_queries_with_a_cold_cache(self):
        """As the members' staff who print the report, and as superuser,
        every record read again from the database: the declarations' totals
        and the count of member organisations, nothing else."""
        self.declaration.year = 2012  # a year no demo data uses
        for key_figures in (self.KeyFigure.with_user(self.staff), self.KeyFigure):
            # run once (the registry's caches filled), then the record cache emptied
            queries, totals = self.queries_of(lambda kf=key_figures: kf._hub_totals(2012), warm=True, invalidate=True)
            self.assertEqual(queries, 2, f"{queries} queries as {key_figures.env.user.name}, cold")
            self.assertEqual(totals["current"]["visitors"], 80)

    def test_portal_member_sees_and_declares_for_their_organisation_only(self):
        mine = self.KeyFigure.with_user(self.portal_user)
        self.assertEqual(mine.search([]), self.declaration)
        declared = mine.create({"partner_id": self.org.id, "year": 2026, "visitors": 12})
        self.assertEqual(declared.partner_id, self.org)
        declared.write({"visitors": 14})
        theirs = self.KeyFigure.create({"partner_id": self.other_org.id, "year": 2025})
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_user).read(["visitors"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_user).write({"visitors": 1})
        with self.assertRaises(AccessError):
            mine.create({"partner_id": self.other_org.id, "year": 2026})
        with self.assertRaises(AccessError):
            declared.unlink()
