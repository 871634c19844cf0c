# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An amount split by weights to the cent, the parts adding up to the amount
exactly: the largest-remainder method (Hamilton's). Pure Python, no Odoo."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def largest_remainder(total, weights, digits=2):
    """``total`` split in proportion to ``weights`` (numbers ≥ 0, not all
    zero), each part a whole number of ``10 ** -digits`` (cents), the parts
    adding up to ``total`` rounded to ``digits``. Each part first gets its
    exact quota rounded down; the units left go one each to the largest
    remainders, the first weight first among equal remainders. A negative
    ``total`` is split as its opposite, each part negated. Returns a list of
    floats, in the order of ``weights``; raises ``ValueError`` when a weight
    is negative or all are zero."""
    weights = [Fraction(weight) for weight in weights]
    if any(weight < 0 for weight in weights):
        raise ValueError("weights cannot be negative")
    whole = sum(weights)
    if not whole:
        raise ValueError("at least one weight must be positive")
    unit = 10**digits
    units = int((Decimal(str(total)) * unit).to_integral_value(rounding=ROUND_HALF_UP))
    sign = -1 if units < 0 else 1
    units = abs(units)
    quotas = [units * weight / whole for weight in weights]
    parts = [quota.numerator // quota.denominator for quota in quotas]
    left = units - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda index: (parts[index] - quotas[index], index))
    for index in by_remainder[:left]:
        parts[index] += 1
    return [sign * part / unit for part in parts]
