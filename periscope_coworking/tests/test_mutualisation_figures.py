# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ChargeAllocationCase


@tagged("post_install", "-at_install")
@freeze_time("2026-04-02 08:00:00")
class TestCoworkingMutualisationFigures(ChargeAllocationCase):
    """The coworking's figures in the year's mutualisation of the hub's
    key-figure report: the equipment lent and the shared costs pooled."""

    def _figures(self, year=2026):
        report = self.env["periscope.key.figure.report"].with_user(self.staff_members).create({"year": year})
        return {figure["name"]: figure for figure in report._mutualisation_figures()}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_members = cls._make_user("coworking_figures_staff", "periscope_members.group_periscope_members_user")
        cls.projectors = cls._make_space("Vidéoprojecteurs (figures, test)", "equipment", 1, seats=3)

    def test_the_shared_costs_invoiced_by_resident(self):
        self._bill(1000.0)
        allocation = self._allocation()
        allocation.action_compute()
        self.assertEqual(self._figures()["costs_pooled"]["total"], 0, "a split not invoiced is not pooled yet")
        allocation.with_user(self.accountant).action_create_invoices()
        pooled = self._figures()["costs_pooled"]
        self.assertEqual(pooled["by_partner"], {self.org.id: 200.0, self.other_org.id: 300.0, self.third_org.id: 500.0})
        self.assertEqual(pooled["total"], 1000.0)
        self.assertEqual(self._figures(2025)["costs_pooled"]["total"], 0)

    def test_the_equipment_lent_by_organisation(self):
        with freeze_time("2026-03-02 07:00:00"):
            self._book("2026-03-02 08:00:00", "2026-03-02 12:00:00", space=self.projectors)
            self._book("2026-03-03 08:00:00", "2026-03-03 12:00:00", space=self.projectors, partner=self.person)
            self._book("2026-03-04 08:00:00", "2026-03-04 12:00:00", space=self.projectors, confirm=False)
            self._book("2026-03-05 08:00:00", "2026-03-05 12:00:00")
        loans = self._figures()["equipment_loans"]
        # a person's booking counts for their organisation; drafts and rooms do not count
        self.assertEqual(loans["by_partner"], {self.org.id: 2})
        self.assertEqual(loans["total"], 2)
