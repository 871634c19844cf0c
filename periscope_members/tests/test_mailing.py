# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import PeriscopeMembersCase


class MailingCaseMixin:
    """Coop'Action (a permanent resident, axis training) and its people
    Alice and Bernard; Caracole (an occasional resident) and Inès; Adhaf
    (an associated partner) and Carla. Lists: the residents, the axis
    training, and a list of the staff's own."""

    @classmethod
    def _mailing_setup(cls):
        Partner = cls.env["res.partner"]
        cls.axis = cls.env.ref("periscope_members.axis_training")
        cls.org.periscope_axis_ids = [(4, cls.axis.id)]
        cls.alice = Partner.create({"name": "Alice Martin", "parent_id": cls.org.id, "email": "alice@coop.example.org"})
        cls.bernard = Partner.create(
            {"name": "Bernard Roy", "parent_id": cls.org.id, "email": "bernard@coop.example.org"}
        )
        cls.other_person.email = "ines@caracole.example.org"
        cls.partner_org = Partner.create(
            {"name": "Adhaf (test)", "is_company": True, "periscope_member_type_id": cls.type_partner.id}
        )
        cls.carla = Partner.create(
            {"name": "Carla Diaz", "parent_id": cls.partner_org.id, "email": "carla@adhaf.example.org"}
        )
        List = cls.env["mailing.list"]
        cls.residents = List.create({"name": "Résidents (test)", "periscope_audience": "residents"})
        cls.training = List.create(
            {"name": "Axe formation (test)", "periscope_audience": "axis", "periscope_axis_id": cls.axis.id}
        )
        cls.own_list = List.create({"name": "Partenaires (test)", "is_public": True})

    def _subscribe(self, partner, mailing_list, env=None):
        env = env or self.env
        contact = env["mailing.contact"]._periscope_contact_of(partner)
        return env["mailing.subscription"].create({"contact_id": contact.id, "list_id": mailing_list.id})

    def _subscription(self, partner, mailing_list):
        return self.env["mailing.subscription"].search(
            [("contact_id.periscope_partner_id", "=", partner.id), ("list_id", "=", mailing_list.id)]
        )


@tagged("post_install", "-at_install")
class TestMailingLists(MailingCaseMixin, PeriscopeMembersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._mailing_setup()

    def test_an_audience_names_what_it_is_of(self):
        with self.assertRaises(ValidationError):
            self.env["mailing.list"].with_user(self.staff).create({"name": "Axe ?", "periscope_audience": "axis"})

    def test_the_lists_people_are_of_its_audience(self):
        residents = self.residents._periscope_eligible(self.alice | self.other_person | self.carla)
        self.assertEqual(residents, self.alice | self.other_person)
        self.assertEqual(self.training._periscope_eligible(self.alice | self.other_person), self.alice)
        heads = self.env["mailing.list"].create({"name": "Têtes", "periscope_audience": "network_heads"})
        head_person = self.env["res.partner"].create(
            {"name": "Paul Urscop", "parent_id": self.network.id, "email": "paul@urscop.example.org"}
        )
        self.assertEqual(heads._periscope_eligible(self.alice | head_person), head_person)
        # no e-mail, no newsletter
        no_email = self.env["res.partner"].create({"name": "Sans courriel", "parent_id": self.org.id})
        self.assertFalse(self.residents._periscope_eligible(no_email))

    def test_staff_record_a_consent_and_it_is_dated(self):
        subscription = self._subscribe(self.alice, self.residents, env=self.env(user=self.staff))
        self.assertTrue(subscription.periscope_consent_date)
        self.assertEqual(subscription.periscope_consent_source, "staff")
        self.assertEqual(subscription.contact_id.email, "alice@coop.example.org")
        self.assertEqual(subscription.contact_id.company_name, "Coop'Action (test)")

    def test_nobody_outside_the_audience_is_put_on_the_list_by_any_path(self):
        env = self.env(user=self.staff)
        carla = env["mailing.contact"]._periscope_contact_of(self.carla)
        stranger = env["mailing.contact"].create({"name": "Inconnu", "email": "inconnu@example.org"})
        for contact in (carla, stranger):
            with self.assertRaises(ValidationError):
                env["mailing.subscription"].create({"contact_id": contact.id, "list_id": self.residents.id})
            with self.assertRaises(ValidationError):
                contact.write({"list_ids": [(4, self.residents.id)]})
            with self.assertRaises(ValidationError):
                env["mailing.list"].browse(self.residents.id).write({"contact_ids": [(4, contact.id)]})
        with self.assertRaises(ValidationError):
            env["mailing.contact"].create({"name": "X", "email": "x@example.org", "list_ids": [(4, self.residents.id)]})
        # an import of subscriptions
        result = env["mailing.subscription"].load(
            ["contact_id/.id", "list_id/.id"], [[str(carla.id), str(self.residents.id)]]
        )
        self.assertTrue(result["messages"], result)
        self.assertFalse(result["ids"])
        # the contacts' "add to list"
        wizard = env["mailing.contact.to.list"].create(
            {"contact_ids": [(6, 0, stranger.ids)], "mailing_list_id": self.residents.id}
        )
        with self.assertRaises(ValidationError):
            wizard.action_add_contacts()
        # a merge into the list
        self._subscribe(self.carla, self.own_list)
        with self.assertRaises(ValidationError):
            self.residents.with_user(self.staff).action_merge(self.own_list, archive=False)
        self.assertFalse(self._subscription(self.carla, self.residents))
        # a list of its own takes anyone
        stranger.write({"list_ids": [(4, self.own_list.id)]})
        self.assertTrue(stranger.subscription_ids.periscope_consent_date)

    def test_who_leaves_the_audience_leaves_the_list(self):
        for partner in (self.alice, self.bernard, self.other_person):
            self._subscribe(partner, self.residents)
        self._subscribe(self.alice, self.training)
        # Coop'Action leaves the axis: off the axis list, still a resident
        self.org.with_user(self.staff).periscope_axis_ids = [(3, self.axis.id)]
        self.assertFalse(self._subscription(self.alice, self.training))
        self.assertTrue(self._subscription(self.alice, self.residents))
        # Bernard moves to the associated partner, Inès loses her e-mail
        self.bernard.with_user(self.staff).parent_id = self.partner_org
        self.assertFalse(self._subscription(self.bernard, self.residents))
        self.other_person.with_user(self.staff).email = False
        self.assertFalse(self._subscription(self.other_person, self.residents))
        # Coop'Action becomes an associated partner
        self.org.with_user(self.staff).periscope_member_type_id = self.type_partner
        self.assertFalse(self._subscription(self.alice, self.residents))

    def test_a_new_audience_removes_who_is_not_of_it(self):
        self._subscribe(self.alice, self.residents)
        self._subscribe(self.other_person, self.residents)
        self.residents.with_user(self.staff).write(
            {"periscope_audience": "member_type", "periscope_member_type_id": self.type_occasional.id}
        )
        self.assertFalse(self._subscription(self.alice, self.residents))
        self.assertTrue(self._subscription(self.other_person, self.residents))

    def test_the_nightly_job_and_the_button_catch_what_no_write_told(self):
        self._subscribe(self.alice, self.residents)
        self._subscribe(self.other_person, self.residents)
        # a change the partners' write did not see (SQL, a data migration)
        self.env.cr.execute(
            "UPDATE res_partner SET periscope_member_type_id = %s WHERE id = %s", (self.type_partner.id, self.org.id)
        )
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.residents.with_user(self.portal_user).action_periscope_sync()
        self.residents.with_user(self.staff).action_periscope_sync()
        self.assertFalse(self._subscription(self.alice, self.residents))
        self.assertTrue(self._subscription(self.other_person, self.residents))
        self.env.cr.execute(
            "UPDATE res_partner SET periscope_member_type_id = %s WHERE id = %s",
            (self.type_partner.id, self.other_org.id),
        )
        self.env.invalidate_all()
        self.env["mailing.list"]._cron_periscope_sync()
        self.assertFalse(self._subscription(self.other_person, self.residents))

    def test_an_unsubscribed_person_stays_unsubscribed_and_the_consent_is_kept(self):
        subscription = self._subscribe(self.alice, self.residents)
        consent = subscription.periscope_consent_date
        # what the link at the bottom of a mailing does
        self.residents._update_subscription_from_email("alice@coop.example.org", opt_out=True)
        self.assertTrue(subscription.opt_out)
        self.assertTrue(subscription.opt_out_datetime)
        self.env["mailing.list"]._cron_periscope_sync()
        self.assertTrue(subscription.exists())
        self.assertTrue(subscription.opt_out)
        self.assertEqual(subscription.periscope_consent_date, consent)
        # subscribing again on the mailing preferences page: a new consent
        self.residents.with_user(self.env.ref("base.public_user")).sudo()._update_subscription_from_email(
            "alice@coop.example.org", opt_out=False
        )
        self.assertFalse(subscription.opt_out)
        self.assertEqual(subscription.periscope_consent_source, "preferences")

    def test_the_contact_follows_the_person(self):
        subscription = self._subscribe(self.alice, self.residents)
        self.alice.write({"name": "Alice Martin-Roy", "email": "alice.martin@coop.example.org"})
        self.assertEqual(subscription.contact_id.name, "Alice Martin-Roy")
        self.assertEqual(subscription.contact_id.email, "alice.martin@coop.example.org")

    def test_staff_send_a_newsletter_to_the_residents_in_three_steps(self):
        for partner in (self.alice, self.bernard, self.other_person):
            self._subscribe(partner, self.residents)
        self._subscription(self.bernard, self.residents).opt_out = True
        # Coop'Action leaves the residents by a path the partners' write did not see
        self.env.cr.execute(
            "UPDATE res_partner SET periscope_member_type_id = %s WHERE id = %s", (self.type_partner.id, self.org.id)
        )
        self.env.invalidate_all()
        # 1. the list's "Send Mailing"
        action = self.residents.with_user(self.staff).action_send_mailing()
        # 2. the subject and the text
        form = Form(self.env["mailing.mailing"].with_user(self.staff).with_context(**action["context"]))
        form.subject = "Travaux de l'accueil"
        form.body_arch = "<p>L'accueil est en travaux.</p>"
        mailing = form.save()
        # what the editor writes beside its arch
        mailing.body_html = mailing.body_arch
        self.assertEqual(mailing.contact_list_ids, self.residents)
        # 3. "Send"
        mailing.action_send_mail()
        self.assertEqual(mailing.state, "done")
        mailed = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(mailed.email, "ines@caracole.example.org")

    def _subscribed_people(self, count):
        people = self.env["res.partner"].create(
            [
                {"name": f"Salarié {n}", "parent_id": self.org.id, "email": f"salarie{n}@coop.example.org"}
                for n in range(count)
            ]
        )
        for person in people:
            self._subscribe(person, self.residents)
        return people

    def test_keeping_in_step_takes_as_many_queries_for_many_people(self):
        self._subscribed_people(3)
        few, _ = self.queries_of(self.residents._periscope_sync)
        self._subscribed_people(30)
        many, _ = self.queries_of(self.residents._periscope_sync)
        self.assertQueriesDoNotGrow(few, many, "subscribers")
