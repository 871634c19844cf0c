# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import BaseCase, tagged

from ..models.charge_split import largest_remainder


def cents(parts):
    return [round(part * 100) for part in parts]


@tagged("post_install", "-at_install")
class TestLargestRemainder(BaseCase):
    """The split of an amount to the cent, pure Python."""

    def test_equal_weights_the_first_gets_the_cent_left(self):
        parts = largest_remainder(1000.00, [1, 1, 1])
        self.assertEqual(cents(parts), [33334, 33333, 33333])
        self.assertEqual(sum(cents(parts)), 100000)

    def test_one_cent_over_three(self):
        self.assertEqual(cents(largest_remainder(0.01, [1, 1, 1])), [1, 0, 0])
        self.assertEqual(cents(largest_remainder(0.01, [1, 2, 1])), [0, 1, 0])

    def test_the_largest_remainders_get_the_cents(self):
        # quotas of 199.998, 299.997 and 499.995: two cents left
        self.assertEqual(cents(largest_remainder(999.99, [20, 30, 50])), [20000, 30000, 49999])
        # quotas of 33.3333, 66.6666: the second's remainder is the largest
        self.assertEqual(cents(largest_remainder(100.0, [1, 2])), [3333, 6667])

    def test_the_parts_always_add_up(self):
        weights = [0.1, 7.3, 0.0, 12.345, 1e-9, 3.0]
        for total in (0.01, 0.05, 1.0, 123.45, 9999.99, 1234567.89):
            parts = largest_remainder(total, weights)
            self.assertEqual(sum(cents(parts)), round(total * 100), total)
            self.assertEqual(parts[2], 0.0)
            self.assertTrue(all(part >= 0 for part in parts))

    def test_a_negative_amount_and_the_digits(self):
        self.assertEqual(cents(largest_remainder(-1000.0, [1, 1, 1])), [-33334, -33333, -33333])
        self.assertEqual(largest_remainder(10, [1, 1, 1], digits=0), [4.0, 3.0, 3.0])

    def test_no_weight_or_a_negative_one_is_refused(self):
        with self.assertRaises(ValueError):
            largest_remainder(10.0, [0, 0])
        with self.assertRaises(ValueError):
            largest_remainder(10.0, [])
        with self.assertRaises(ValueError):
            largest_remainder(10.0, [2, -1])
