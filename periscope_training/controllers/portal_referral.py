# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression

from .portal import PeriscopeTrainingPortal

REFERRALS_PER_PAGE = 20


class PeriscopeIntakePortal(PeriscopeTrainingPortal):
    """The portal of a support structure of the hub: the referrals addressed
    to it — it accepts or declines them — and the pathways of the
    entrepreneurs it accepted. Every search is made as the user: the record
    rules (security/periscope_training_security.xml) keep a structure to its
    own referrals and to the pathways it accepted."""

    # ------------------------------------------------------------------ helpers
    def _periscope_referral_find(self, referral_id):
        """The referral addressed to the user's organisation, or a 404."""
        # as the user: the record rule keeps the structure's own referrals
        Referral = request.env["periscope.referral"]
        if not Referral.has_access("read"):
            raise request.not_found()
        referral = Referral.search(
            expression.AND([self._periscope_referral_domain(), [("id", "=", self._periscope_check_id(referral_id))]])
        )
        if not referral:
            raise request.not_found()
        return referral

    def _periscope_referral_state_labels(self):
        env = request.env
        return dict(env["periscope.referral"]._fields["state"]._description_selection(env))

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_referral_count" in counters:
            # as the user: the record rule keeps the structure's own referrals;
            # a user without the right to read referrals has none waiting
            Referral = request.env["periscope.referral"]
            values["periscope_referral_count"] = (
                Referral.search_count(self._periscope_referral_domain(pending=True))
                if Referral.has_access("read")
                else 0
            )
        return values

    def _periscope_referral_domain(self, pending=False):
        """The referrals addressed to the user's structure (the staff, who
        read them all in the backend, see on the portal only those of their
        own organisation)."""
        domain = [
            ("structure_id", "=", request.env.user.commercial_partner_id.id),
            ("state", "in", ("pending",) if pending else ("pending", "accepted")),
            ("project_holder_id.consent_date", "!=", False),
        ]
        return domain

    # ------------------------------------------------------------------ list
    @http.route(["/my/referrals", "/my/referrals/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_referrals(self, page=1, success=None, **kwargs):
        # as the user: the record rule keeps the structure's own referrals
        Referral = request.env["periscope.referral"]
        if not Referral.has_access("read"):
            raise request.not_found()
        domain = self._periscope_referral_domain()
        pager, referrals = self._periscope_paged(Referral, domain, "/my/referrals", page, REFERRALS_PER_PAGE)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_referrals",
                "default_url": "/my/referrals",
                "pager": pager,
                "rows": self._periscope_referral_rows(referrals),
                "organisation": request.env.user.partner_id.commercial_partner_id,
                "success": success,
            }
        )
        return request.render("periscope_training.portal_my_referrals", values)

    def _periscope_referral_rows(self, referrals):
        """What the list shows of each referral, read in batch: the same
        queries for one referral or a page of them."""
        labels = self._periscope_referral_state_labels()
        rows = []
        # sudo: the referrals were found as the user (their structure's own);
        # the project holder agreed that their name and project are shared
        # with the structures they are referred to, and portal users do not
        # read the partners of other people
        for referral in referrals.sudo():
            holder = referral.project_holder_id
            rows.append(
                {
                    "id": referral.id,
                    "url": f"/my/referrals/{referral.id}",
                    "holder": referral.partner_id.name,
                    "project": holder.project_name,
                    "date": referral.date,
                    "due_date": referral.due_date,
                    "is_late": referral.is_late,
                    "state": referral.state,
                    "state_label": labels.get(referral.state),
                }
            )
        return rows

    # ------------------------------------------------------------------ detail
    @http.route("/my/referrals/<int:referral_id>", type="http", auth="user", website=True)
    def portal_my_referral(self, referral_id, success=None, **kwargs):
        referral = self._periscope_referral_find(referral_id)
        return request.render(
            "periscope_training.portal_my_referral", self._periscope_referral_values(referral, success=success)
        )

    def _periscope_referral_values(self, referral, success=None, error=None, answer=""):
        env = request.env
        holder = referral.project_holder_id
        # sudo: the referral was found as the user (addressed to their
        # structure) and the project holder agreed that their contact
        # details, project and needs are shared with it; portal users read
        # neither the partners of other people nor the sectors' labels of
        # the selection fields through the rules
        holder_sudo = holder.sudo()
        holder_fields = holder_sudo._fields
        needs = [
            holder_fields[name]._description_string(env)
            for name in ("need_training", "need_coaching", "need_funding", "need_premises")
            if holder_sudo[name]
        ]
        selection = {name: dict(holder_fields[name]._description_selection(env)) for name in ("stage", "legal_form")}
        pathway = None
        if referral.state == "accepted" and holder_sudo.pathway_id:
            # as the user: the pathway rule lets a structure read the pathway
            # of an entrepreneur it accepted, and only those
            pathway = env["periscope.training.pathway"].search([("id", "=", holder_sudo.pathway_id.id)])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_referral",
                "referral": referral,
                "holder": holder_sudo,
                "holder_name": holder_sudo.partner_id.name,
                "email": holder_sudo.email,
                "phone": holder_sudo.phone,
                "stage": selection["stage"].get(holder_sudo.stage),
                "legal_form": selection["legal_form"].get(holder_sudo.legal_form),
                "sectors": ", ".join(holder_sudo.sector_ids.mapped("name")),
                "needs": needs,
                "state_label": self._periscope_referral_state_labels().get(referral.state),
                "pathway": pathway,
                "pathway_url": f"/my/referrals/pathway/{pathway.id}" if pathway else False,
                "success": success,
                "error": error,
                "answer": answer,
            }
        )
        return values

    # ------------------------------------------------------------------ answers
    @http.route("/my/referrals/<int:referral_id>/accept", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_referral_accept(self, referral_id, **post):
        referral = self._periscope_referral_find(referral_id)
        return self._periscope_referral_answer(referral, "accepted")

    @http.route("/my/referrals/<int:referral_id>/decline", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_referral_decline(self, referral_id, answer=None, **post):
        referral = self._periscope_referral_find(referral_id)
        return self._periscope_referral_answer(referral, "declined", answer or "")

    def _periscope_referral_answer(self, referral, verdict, answer=""):
        """Accept or decline the referral as the user: the model checks that
        the user's structure is the one addressed and that it is not answered
        yet; a refusal is shown on the page, with nothing changed."""
        env = request.env
        try:
            with env.cr.savepoint():
                if verdict == "accepted":
                    referral.action_accept()
                else:
                    referral.action_decline(answer)
        except (AccessError, MissingError):
            raise request.not_found() from None
        except (UserError, ValidationError) as exc:
            # the savepoint rolled the database back: read it again
            env.invalidate_all()
            return request.render(
                "periscope_training.portal_my_referral",
                self._periscope_referral_values(referral, error=exc.args[0], answer=answer),
            )
        if verdict == "declined":
            # declined, the referral is no longer the structure's to see
            return request.redirect("/my/referrals?success=declined")
        return request.redirect(f"/my/referrals/{referral.id}?success={verdict}")

    # ------------------------------------------------------------------ pathway
    @staticmethod
    def _periscope_pathway_rows(pathway_sudo):
        """``(trainings, coaching)``: the rows of the pathway's trainings (not
        cancelled) and of its coaching appointments, by time."""
        trainings = [
            {
                "session": registration.event_id.name,
                "dates": registration.event_id._training_dates_label(),
                "hours": registration._training_hours_label(registration.event_id.hours),
            }
            for registration in pathway_sudo.registration_ids.filtered(lambda r: r.state != "cancel")
        ]
        coaching = [
            {"date": event.start, "name": event.name, "hours": event.duration}
            for event in pathway_sudo.coaching_event_ids.sorted("start")
        ]
        return trainings, coaching

    @http.route("/my/referrals/pathway/<int:pathway_id>", type="http", auth="user", website=True)
    def portal_my_referral_pathway(self, pathway_id, **kwargs):
        env = request.env
        # as the user: the rule lets a structure read the pathways of the
        # entrepreneurs it accepted, whose consent stands; any other is a 404
        Pathway = env["periscope.training.pathway"]
        if not (Pathway.has_access("read") and env["periscope.referral"].has_access("read")):
            raise request.not_found()
        accepted = [
            ("project_holder_id.pathway_id", "=", self._periscope_check_id(pathway_id)),
            *self._periscope_referral_domain(),
            ("state", "=", "accepted"),
        ]
        # as the user: the structure's own referrals of this entrepreneur
        referrals = env["periscope.referral"].search(accepted)
        pathway = Pathway.search([("id", "=", pathway_id)]) if referrals else Pathway
        if not pathway:
            raise request.not_found()
        # sudo: the pathway is one the user may read (above); its
        # entrepreneur's name, trainings and coaching appointments are shown
        # to the structure that supports them, read-only
        pathway_sudo = pathway.sudo()
        trainings, coaching = self._periscope_pathway_rows(pathway_sudo)
        states = dict(env["periscope.training.pathway"]._fields["state"]._description_selection(env))
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_referral_pathway",
                "pathway": pathway,
                "entrepreneur": pathway_sudo.partner_id.name,
                "coordinator": pathway_sudo.coordinator_id.name,
                "state_label": states.get(pathway.state),
                "trainings": trainings,
                "coaching": coaching,
                "referral": referrals[:1],
            }
        )
        return request.render("periscope_training.portal_my_referral_pathway", values)
