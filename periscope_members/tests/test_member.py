# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PeriscopeMembersCase


@tagged("post_install", "-at_install")
class TestMemberType(PeriscopeMembersCase):
    def test_the_three_kinds_of_involvement_are_in_data(self):
        types = self.env["periscope.member.type"].search([])
        self.assertLessEqual(
            {"permanent_resident", "occasional_resident", "associated_partner"}, set(types.mapped("code"))
        )
        for member_type in (self.type_permanent, self.type_occasional, self.type_partner):
            self.assertTrue(member_type.membership_product_id.membership)
            self.assertTrue(member_type.pricelist_id)
        self.assertEqual(self.type_permanent.included_booking_hours, 8)

    def test_manager_adds_a_type_staff_cannot(self):
        product = self.env["product.product"].create(
            {
                "name": "Adhésion fondateur",
                "membership": True,
                "membership_date_from": "2026-01-01",
                "membership_date_to": "2026-12-31",
                "list_price": 100.0,
            }
        )
        with Form(self.env["periscope.member.type"].with_user(self.manager)) as form:
            form.name = "Founder"
            form.code = "founder"
            form.membership_product_id = product
            form.included_booking_hours = 2
        founder = form.save()
        self.assertEqual(founder.membership_fee, 100.0)
        with self.assertRaises(AccessError):
            self.env["periscope.member.type"].with_user(self.staff).create({"name": "Sneaky", "code": "sneaky"})
        with self.assertRaises(AccessError):
            founder.with_user(self.staff).write({"included_booking_hours": 99})
        self.assertEqual(founder.with_user(self.staff).name, "Founder")

    def test_code_is_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["periscope.member.type"].create({"name": "Copy", "code": "permanent_resident"})

    def test_fee_product_must_be_a_membership_product(self):
        coffee = self.env["product.product"].create({"name": "Café"})
        with self.assertRaises(ValidationError) as caught:
            self.type_partner.membership_product_id = coffee
        self.assertIn("is not a membership product", str(caught.exception))

    def test_negative_included_hours_are_refused(self):
        for hours in (-1, 745, float("nan"), float("inf")):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                self.type_partner.write({"included_booking_hours": hours})
        self.assertEqual(self.type_partner.included_booking_hours, 0)
        # and the database, below the ORM
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.type_partner._write({"included_booking_hours": -1})
            self.env.flush_all()

    def test_partner_count_and_action(self):
        self.assertEqual(
            self.type_occasional.partner_count,
            len(self.env["res.partner"].search([("periscope_member_type_id", "=", self.type_occasional.id)])),
        )
        action = self.type_occasional.action_view_partners()
        self.assertIn(self.other_org, self.env["res.partner"].search(action["domain"]))


@tagged("post_install", "-at_install")
class TestMemberOrganisation(PeriscopeMembersCase):
    def test_staff_describes_an_organisation(self):
        axis = self.env.ref("periscope_members.axis_concierge")
        sector = self.env.ref("periscope_members.sector_short_circuits")
        org = self.env["res.partner"].with_user(self.staff)
        with Form(org.with_context(default_is_company=True)) as form:
            form.name = "Issoughan (test)"
            form.periscope_member_type_id = self.type_occasional
            form.periscope_legal_form = "sarl"
            form.periscope_axis_ids.add(axis)
            form.periscope_sector_ids.add(sector)
            form.charter_signed_date = "2025-01-15"
            form.charter_version = "2015"
        issoughan = form.save()
        self.assertTrue(issoughan.is_periscope_member)
        self.assertEqual(issoughan.periscope_axis_ids, axis)
        self.assertIn(issoughan, self.env["res.partner"].search([("is_periscope_member", "=", True)]))
        self.assertNotIn(issoughan, self.env["res.partner"].search([("is_periscope_member", "=", False)]))

    @freeze_time("2026-03-02 09:00:00")
    def test_charter_cannot_be_signed_in_the_future(self):
        with self.assertRaises(ValidationError) as caught:
            self.org.with_user(self.staff).charter_signed_date = "2026-03-03"
        self.assertIn("the date is in the future", str(caught.exception))
        self.org.with_user(self.staff).charter_signed_date = "2026-03-02"
        self.assertEqual(str(self.org.charter_signed_date), "2026-03-02")

    def test_network_must_be_a_network_head(self):
        with self.assertRaises(ValidationError) as caught:
            self.org.periscope_network_head_id = self.other_org
        self.assertIn("is not a network head", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.network.periscope_network_head_id = self.network
        self.assertEqual(self.network.periscope_network_member_ids, self.org)

    def test_people_share_the_membership_of_their_organisation(self):
        self.assertEqual(self.person.associate_member, self.org)
        newcomer = self.env["res.partner"].create({"name": "Nouvelle salariée", "parent_id": self.org.id})
        self.assertEqual(newcomer.associate_member, self.org)
        outsider = self.env["res.partner"].create({"name": "Sans structure"})
        self.assertFalse(outsider.associate_member)
        # joining: the people already there follow their organisation
        joining = self.env["res.partner"].create({"name": "ARCEC (test)", "is_company": True})
        volunteer = self.env["res.partner"].create({"name": "Bénévole", "parent_id": joining.id})
        self.assertFalse(volunteer.associate_member)
        joining.periscope_member_type_id = self.type_partner
        self.assertEqual(volunteer.associate_member, joining)

    @freeze_time("2026-03-02 09:00:00")
    def test_directory_consent_is_dated_and_withdrawn(self):
        self.org.with_user(self.staff).write({"directory_consent": True, "directory_consent_version": "2024-01"})
        self.assertEqual(str(self.org.directory_consent_date), "2026-03-02 09:00:00")
        self.org.with_user(self.staff).directory_consent = False
        self.assertFalse(self.org.directory_consent_date)


class TestRatesPricelist(PeriscopeMembersCase):
    """One rule prices what the hub sells (bookings, concierge orders):
    ``res.partner._periscope_rates_pricelist``."""

    def test_a_member_and_its_people_pay_the_rates_of_its_membership_type(self):
        rates = self.type_permanent.pricelist_id
        self.assertTrue(rates)
        self.assertEqual(self.org._periscope_rates_pricelist(), rates)
        self.assertEqual(self.person._periscope_rates_pricelist(), rates)
        self.assertEqual(self.other_person._periscope_rates_pricelist(), self.type_occasional.pricelist_id)

    def test_a_portal_member_gets_the_rates_it_cannot_read_itself(self):
        pricelist = self.person.with_user(self.portal_user)._periscope_rates_pricelist()
        self.assertEqual(pricelist, self.type_permanent.pricelist_id)

    def test_others_keep_their_own_pricelist_but_never_a_member_one(self):
        own = self.env["product.pricelist"].create({"name": "Tarif partenaire"})
        outsider = self.env["res.partner"].create({"name": "Mairie (test)", "is_company": True})
        outsider.property_product_pricelist = own
        self.assertEqual(outsider._periscope_rates_pricelist(), own)
        outsider.property_product_pricelist = self.type_partner.pricelist_id
        self.assertFalse(outsider._periscope_rates_pricelist())

    def test_no_partner_pays_the_public_price(self):
        self.assertFalse(self.env["res.partner"]._periscope_rates_pricelist())
