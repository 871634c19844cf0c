# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from .rpc import RpcCase


@tagged("post_install", "-at_install")
class TestRpcKit(RpcCase):
    """The kit the security tests attack with tells an allowed call from a
    refused one, as the server answers them."""

    def test_allowed_and_refused_calls(self):
        member = new_test_user(self.env, login="rpc_kit_member", groups="base.group_portal")
        self.login(member)
        answer = self.call("res.partner", "read", [member.partner_id.id], ["name"])
        self.assertEqual(self.assertAllowed(answer)[0]["name"], member.partner_id.name)
        admin = self.env.ref("base.user_admin")
        answer = self.call("res.users", "write", [admin.id], {"name": "Pirate"})
        self.assertRefused(answer, "AccessError")
        self.assertNotEqual(admin.name, "Pirate")
        partner = member.partner_id
        answer = self.call("res.partner", "_compute_display_name", [partner.id])
        self.assertRefused(answer, "AccessError", message="Private methods")
