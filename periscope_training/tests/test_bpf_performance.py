# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.periscope_members.tests.common import PeriscopeCase

from .bpf_data import PER_SESSION, build_training_year

# at most this many queries to compute a BPF, whatever the number of
# trainees: the figures, the checks, and writing its lines
MAX_COMPUTE_QUERIES = 40


@tagged("post_install", "-at_install")
@freeze_time("2035-12-28 09:00:00")
class TestBpfPerformance(PeriscopeCase):
    """The BPF of a year of 2,000 registrations takes as many queries as that
    of a year of 20 (bench/training.py times it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="bpf_performance_manager", groups="periscope_training.group_periscope_training_manager"
        )

    def _compute(self, bpf):
        """The queries of computing ``bpf`` (again) as the training
        administrator."""
        return self.queries_of(bpf.action_compute, warm=False)[0]

    def _check_figures(self, bpf, sessions):
        registrations = sessions.registration_ids
        count = len(registrations)
        # every trainee counted once, with their hours present: 7 hours, but
        # 3.5 for those absent in the afternoon
        absent = len(registrations.filtered(lambda r: r.id % 7 == 0))
        self.assertEqual(bpf.trainee_count, count)
        self.assertAlmostEqual(bpf.trainee_hours, 7.0 * count - 3.5 * absent)
        self.assertAlmostEqual(bpf.revenue, 350.0 * count)
        self.assertFalse(bpf.inconsistency_count)
        figures = {line.line: line for line in bpf.line_ids if line.line != "F-4"}
        self.assertEqual(figures["F-3 total"].trainee_count, count)
        self.assertEqual(figures["F-4 total"].trainee_count, count)
        self.assertEqual(figures["E-total"].trainee_count, 2)
        self.assertEqual(figures["E-total"].hours, 7.0 * -(-count // PER_SESSION))

    def test_as_many_queries_for_2000_registrations_as_for_20(self):
        small = build_training_year(self.env, 20, 2034, prefix="Petit")
        large = build_training_year(self.env, 2000, 2035, prefix="Grand")
        Bpf = self.env["periscope.training.bpf"].with_user(self.manager)
        small_bpf = Bpf.create({"year": 2034})
        large_bpf = Bpf.create({"year": 2035})
        # computed, then computed again (which deletes the lines first): the
        # caches of the access rules are warm; then measured computing again
        for __ in range(2):
            self._compute(small_bpf)
            self._compute(large_bpf)
        small_queries = self._compute(small_bpf)
        large_queries = self._compute(large_bpf)
        self._check_figures(small_bpf, small)
        self._check_figures(large_bpf, large)
        self.assertEqual(large_queries, small_queries)
        self.assertLessEqual(large_queries, MAX_COMPUTE_QUERIES)
