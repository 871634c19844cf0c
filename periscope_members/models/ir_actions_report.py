# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import functools
import logging
import subprocess

from odoo import models
from odoo.tools.pdf import merge_pdf

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

# the addons' reports: each prints whatever the number of records
REPORT_PREFIX = "periscope_"


@functools.cache
def wkhtmltopdf_patched():
    """Whether the wkhtmltopdf found is built on its patched Qt (the builds
    of wkhtmltopdf.org), which prints several HTML documents into one PDF,
    headers and footers included. Debian's build is not: it prints one
    document per call and ignores headers and footers."""
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # not found: Odoo tells so itself
    return "patched qt" in version.lower()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        """A report of the addons printed for several records on an
        unpatched wkhtmltopdf (Debian's), which fails on more than one
        document: each record's document printed alone, the PDFs merged."""
        if len(bodies) < 2 or wkhtmltopdf_patched() or not self._periscope_report(report_ref):
            return super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)
        _logger.debug("unpatched wkhtmltopdf: %s documents printed one by one", len(bodies))
        return merge_pdf(
            [super(IrActionsReport, self)._run_wkhtmltopdf([body], report_ref=report_ref, **kwargs) for body in bodies]
        )

    def _periscope_report(self, report_ref):
        if not report_ref:
            return False
        report = self._get_report(report_ref)
        return (report.report_name or "").startswith(REPORT_PREFIX)
