# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import content_disposition, request

from ..models.number_bounds import parse_number
from ..models.periscope_sharing_offer import MAX_TEXT
from .portal import PeriscopeMembersPortal

STATEMENT_REPORT = "periscope_members.action_report_staff_loan_statement"
LOAN_SUCCESS_KEYS = ("declare", "validate", "dispute")
LOAN_ERROR_KEYS = ("hours", "reason", "state")


class PeriscopeStaffLoanPortal(PeriscopeMembersPortal):
    """The staff loans of the member's organisation, as lender or borrower:
    the lender declares each month's hours, the borrower validates or
    disputes them, both download the month's statement."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_staff_loan_count" in counters:
            values["periscope_staff_loan_count"] = request.env["periscope.staff.loan"].search_count(
                [("state", "in", ("active", "closed"))]
            )
        return values

    def _periscope_loan_month(self, month_id):
        """The month ``month_id`` as the member sees it (its record rules
        apply), a 404 otherwise."""
        month = request.env["periscope.staff.loan.month"].browse(self._periscope_check_id(month_id)).exists()
        if not month or not month.has_access("read"):
            raise request.not_found()
        return month

    @http.route("/my/staff-loans", type="http", auth="user", website=True)
    def portal_my_staff_loans(self, **kwargs):
        organisation = self._periscope_user_organisation()
        # as the member: the loans its organisation lends or borrows
        loans = request.env["periscope.staff.loan"].search([("state", "in", ("active", "closed"))])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_staff_loans",
                "organisation": organisation,
                "lent": loans.filtered(lambda loan: loan.lender_id == organisation),
                "borrowed": loans.filtered(lambda loan: loan.borrower_id == organisation),
            }
        )
        return request.render("periscope_members.portal_my_staff_loans", values)

    @http.route("/my/staff-loans/<int:loan_id>", type="http", auth="user", website=True)
    def portal_my_staff_loan(self, loan_id, success=None, error=None, **kwargs):
        loan = request.env["periscope.staff.loan"].browse(self._periscope_check_id(loan_id)).exists()
        if not loan or not loan.has_access("read") or loan.state not in ("active", "closed"):
            raise request.not_found()
        organisation = self._periscope_user_organisation()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_staff_loan",
                "loan": loan,
                "months": loan.month_ids.sorted("month"),
                "is_lender": loan.lender_id == organisation,
                "is_borrower": loan.borrower_id == organisation,
                "max_text": MAX_TEXT,
                "success": success if success in LOAN_SUCCESS_KEYS else None,
                "error": error if error in LOAN_ERROR_KEYS else None,
            }
        )
        return request.render("periscope_members.portal_my_staff_loan", values)

    @http.route(
        "/my/staff-loans/months/<int:month_id>/<string:action>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_staff_loan_month_action(self, month_id, action, **post):
        if action not in LOAN_SUCCESS_KEYS:
            raise request.not_found()
        month = self._periscope_loan_month(month_id)
        path = f"/my/staff-loans/{month.loan_id.id}"
        if action == "declare":
            hours = parse_number(post.get("hours"))
            if hours is None:
                return request.redirect(f"{path}?{urlencode({'error': 'hours'})}")
            args = [hours]
        elif action == "dispute":
            reason = (post.get("reason") or "").strip()[:MAX_TEXT]
            if not reason:
                return request.redirect(f"{path}?{urlencode({'error': 'reason'})}")
            args = [reason]
        else:
            args = []
        try:
            with request.env.cr.savepoint():
                # as the member: the month's buttons check that the member's
                # organisation is the lender (declare) or the borrower
                getattr(month, f"action_{action}")(*args)
        except AccessError:
            raise request.not_found() from None
        except ValidationError:
            return request.redirect(f"{path}?{urlencode({'error': 'hours'})}")
        except UserError:
            return request.redirect(f"{path}?{urlencode({'error': 'state'})}")
        return request.redirect(f"{path}?{urlencode({'success': action})}")

    @http.route("/my/staff-loans/months/<int:month_id>/statement", type="http", auth="user", website=True)
    def portal_my_staff_loan_statement(self, month_id, **kwargs):
        month = self._periscope_loan_month(month_id)
        if month.state == "todo":
            raise request.not_found()
        # sudo: the month was found within the member's record rules; the
        # statement shows both organisations, which members do not read
        report = request.env["ir.actions.report"].sudo().with_company(month.company_id)
        pdf = report._render_qweb_pdf(STATEMENT_REPORT, month.ids)[0]
        filename = request.env._("Staff loan statement %s.pdf", month.month.strftime("%Y-%m"))
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
