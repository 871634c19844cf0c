# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the cross-addon tests read of the books."""

from collections import defaultdict


def vat_boxes(env, company, domain=()):
    """The VAT return's boxes, ``{box: amount}``, as Odoo's tax report
    computes them from the tax tags of the company's posted, exigible lines
    (``balance``, negated for a ``-`` tag and for an inverted line), over the
    lines of ``domain`` too. Amounts are not rounded."""
    Line = env["account.move.line"]
    lines = Line.search(
        [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("tax_tag_ids", "!=", False),
            *Line._get_tax_exigible_domain(),
            *domain,
        ]
    )
    boxes = defaultdict(float)
    for line in lines:
        for tag in line.tax_tag_ids:
            sign = (-1 if tag.tax_negate else 1) * (-1 if line.tax_tag_invert else 1)
            boxes[tag.name.lstrip("+-")] += sign * line.balance
    return boxes
