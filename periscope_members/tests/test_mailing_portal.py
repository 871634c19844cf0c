# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import PeriscopeFactoryMixin
from .http import PortalHttpMixin
from .rpc import RpcCase


class MailingPortalMixin(PeriscopeFactoryMixin):
    """Alice, of Coop'Action (a permanent resident, axis training), and
    Carla, of Adhaf (an associated partner), have a portal login; the
    lists: the residents, the axis training, the network heads, and the
    hub's public letter (a list of its own)."""

    @classmethod
    def _mailing_portal_setup(cls):
        axis = cls.env.ref("periscope_members.axis_training")
        cls.org = cls._make_organisation(
            "Coop'Action (test)", cls.PERMANENT_RESIDENT, periscope_axis_ids=[(4, axis.id)]
        )
        cls.alice, cls.alice_user = cls._make_portal_person(cls.org, "Alice Martin", "mail_alice")
        cls.alice_user.password = "mail_alice_pw"
        cls.alice.email = "alice@coop.example.org"
        partner_type = "periscope_members.member_type_associated_partner"
        cls.adhaf = cls._make_organisation("Adhaf (test)", partner_type)
        cls.carla, cls.carla_user = cls._make_portal_person(cls.adhaf, "Carla Diaz", "mail_carla")
        cls.carla_user.password = "mail_carla_pw"
        cls.carla.email = "carla@adhaf.example.org"
        List = cls.env["mailing.list"]
        cls.residents = List.create({"name": "Résidents (test)", "periscope_audience": "residents"})
        cls.training = List.create(
            {"name": "Axe formation (test)", "periscope_audience": "axis", "periscope_axis_id": axis.id}
        )
        cls.heads = List.create({"name": "Têtes de réseau (test)", "periscope_audience": "network_heads"})
        cls.letter = List.create(
            {"name": "La lettre (test)", "is_public": True, "periscope_description": "Chaque mois."}
        )
        cls.hidden = List.create({"name": "Liste interne (test)"})

    def _subscription(self, partner, mailing_list):
        return self.env["mailing.subscription"].search(
            [("contact_id.periscope_partner_id", "=", partner.id), ("list_id", "=", mailing_list.id)]
        )


@tagged("post_install", "-at_install")
class TestMailingPortal(PortalHttpMixin, MailingPortalMixin, HttpCase):
    csrf_page = "/my/mailings"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._mailing_portal_setup()

    def test_a_member_sees_the_lists_of_their_audience(self):
        self._login(self.alice_user)
        home = self.url_open("/my/home")
        self.assertIn("/my/mailings", home.text)
        page = self.url_open("/my/mailings")
        self.assertEqual(page.status_code, 200)
        for name in ("Résidents (test)", "Axe formation (test)", "La lettre (test)", "Chaque mois."):
            self.assertIn(name, page.text)
        for name in ("Têtes de réseau (test)", "Liste interne (test)"):
            self.assertNotIn(name, page.text)
        self._login(self.carla_user)
        page = self.url_open("/my/mailings")
        self.assertNotIn("Résidents (test)", page.text)
        self.assertIn("La lettre (test)", page.text)

    def test_a_member_subscribes_and_unsubscribes_on_the_portal(self):
        self._login(self.alice_user)
        response = self._post("/my/mailings", {"list_ids": [self.residents.id, self.letter.id]})
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/mailings?success=1", response.url)
        residents = self._subscription(self.alice, self.residents)
        self.assertFalse(residents.opt_out)
        self.assertEqual(residents.periscope_consent_source, "portal")
        self.assertTrue(residents.periscope_consent_date)
        self.assertEqual(residents.contact_id.email, "alice@coop.example.org")
        self.assertFalse(self._subscription(self.alice, self.training))
        self.assertIn(f'value="{self.residents.id}" checked', self.url_open("/my/mailings").text)
        # unticked: unsubscribed, the consent kept for the record
        self._post("/my/mailings", {"list_ids": [self.letter.id]})
        self.assertTrue(residents.opt_out)
        self.assertTrue(residents.periscope_consent_date)
        self.assertFalse(self._subscription(self.alice, self.letter).opt_out)

    def test_a_member_cannot_subscribe_to_a_list_not_offered(self):
        self._login(self.carla_user)
        self._post("/my/mailings", {"list_ids": [self.residents.id, self.heads.id, self.hidden.id, "x", -1]})
        for mailing_list in (self.residents, self.heads, self.hidden):
            self.assertFalse(self._subscription(self.carla, mailing_list))

    def test_the_form_needs_its_token(self):
        self._login(self.alice_user)
        response = self.url_open("/my/mailings", data={"list_ids": [self.residents.id]})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._subscription(self.alice, self.residents))

    def test_the_link_of_a_mailing_unsubscribes_and_the_portal_shows_it(self):
        self._login(self.alice_user)
        self._post("/my/mailings", {"list_ids": [self.residents.id]})
        contact = self._subscription(self.alice, self.residents).contact_id
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Travaux",
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [(4, self.residents.id)],
                "body_html": "<p>Travaux</p>",
            }
        )
        self.logout()
        token = mailing._generate_mailing_recipient_token(contact.id, "alice@coop.example.org")
        response = self.url_open(
            f"/mailing/{mailing.id}/unsubscribe_oneclick",
            data={"document_id": contact.id, "email": "alice@coop.example.org", "hash_token": token},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self._subscription(self.alice, self.residents).opt_out)
        self.env["mailing.list"]._cron_periscope_sync()
        self.assertTrue(self._subscription(self.alice, self.residents).opt_out)
        self._login(self.alice_user)
        page = self.url_open("/my/mailings").text
        self.assertIn(f'value="{self.residents.id}"', page)
        self.assertNotIn(f'value="{self.residents.id}" checked', page)

    def test_a_member_without_email_is_told(self):
        self.alice.email = False
        self._login(self.alice_user)
        page = self.url_open("/my/mailings")
        self.assertIn("no e-mail address", page.text)
        self._post("/my/mailings", {"list_ids": [self.letter.id]})
        self.assertFalse(self._subscription(self.alice, self.letter))


@tagged("post_install", "-at_install")
class TestMailingRights(MailingPortalMixin, RpcCase):
    """A portal member reaches no list, contact nor subscription through
    the ORM: not theirs, not a colleague's."""

    counted = ("mailing.subscription", "mailing.contact", "mailing.list")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._mailing_portal_setup()
        cls.alice_user.password = cls.alice_user.login
        contact = cls.env["mailing.contact"]._periscope_contact_of(cls.alice)
        cls.subscription = cls.env["mailing.subscription"].create(
            {"contact_id": contact.id, "list_id": cls.residents.id}
        )
        cls.staff = cls._make_user("mail_staff", "periscope_members.group_periscope_members_user")

    def test_a_portal_member_cannot_touch_the_lists_through_rpc(self):
        self.login(self.alice_user)
        before = self._snapshot()
        contact = self.subscription.contact_id
        attempts = [
            ("mailing.list", "search_read", [[]], {"fields": ["name"]}),
            ("mailing.list", "action_periscope_sync", [self.residents.ids], {}),
            ("mailing.list", "write", [self.heads.ids, {"periscope_audience": False}], {}),
            ("mailing.contact", "read", [contact.ids, ["email"]], {}),
            ("mailing.contact", "write", [contact.ids, {"email": "pirate@example.org"}], {}),
            (
                "mailing.contact",
                "create",
                [{"name": "X", "email": "x@example.org", "list_ids": [(4, self.heads.id)]}],
                {},
            ),
            ("mailing.subscription", "write", [self.subscription.ids, {"list_id": self.heads.id}], {}),
            ("mailing.subscription", "create", [{"contact_id": contact.id, "list_id": self.heads.id}], {}),
            ("mailing.subscription", "unlink", [self.subscription.ids], {}),
        ]
        for model, method, args, kwargs in attempts:
            with self.subTest(model=model, method=method):
                self.assertRefused(self.call(model, method, *args, **kwargs), "AccessError")
        self.assertUnchanged(before)

    def test_staff_keep_a_list_in_step_through_rpc(self):
        self.login(self.staff)
        self.assertAllowed(self.call("mailing.list", "action_periscope_sync", self.residents.ids))
        answer = self.call(
            "mailing.subscription", "create", {"contact_id": self.subscription.contact_id.id, "list_id": self.heads.id}
        )
        self.assertRefused(answer, "ValidationError")
