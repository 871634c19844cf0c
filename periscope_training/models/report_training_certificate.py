# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportTrainingCertificate(models.AbstractModel):
    """The certificate of completion of a registration: only for a confirmed
    trainee of a closed session, and only for who reads the registration."""

    _name = "report.periscope_training.report_training_certificate"
    _description = "Certificate of Completion"

    @api.model
    def _get_report_values(self, docids, data=None):
        registrations = self.env["event.registration"].browse(docids)
        registrations.check_access("read")
        registrations._check_certificate_available()
        return {"doc_ids": registrations.ids, "doc_model": "event.registration", "docs": registrations}
