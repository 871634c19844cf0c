# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attack through the ORM as the real users do: JSON-RPC calls to
``/web/dataset/call_kw`` over HTTP, logged in as a given user. Every addon's
security tests use it:

    from odoo.addons.periscope_members.tests.rpc import RpcCase

    class TestRights(RpcCase):
        def test_a_member_cannot_move_a_declaration(self):
            self.login(self.member)
            answer = self.call("periscope.key.figure", "write", [fid], {"year": 2020})
            self.assertRefused(answer, "AccessError")
"""

import json

from odoo.tests import HttpCase
from odoo.tools import mute_logger


class RpcAnswer:
    """What ``/web/dataset/call_kw`` answered: a ``result``, or an ``error``
    with the exception's class name (``error_name``, e.g. ``AccessError``) and
    the message the user reads (``message``)."""

    def __init__(self, body):
        self.body = body
        error = body.get("error")
        self.result = body.get("result")
        self.error = error
        data = (error or {}).get("data") or {}
        self.error_name = data.get("name", "").rsplit(".", 1)[-1] or None
        self.message = data.get("message") or (error or {}).get("message")

    def __repr__(self):
        if self.error:
            return f"<refused {self.error_name}: {self.message}>"
        return f"<result {self.result!r}>"


class RpcCase(HttpCase):
    """An HttpCase whose tests call the ORM as a logged-in user over HTTP, and
    check that what they tried changed nothing: ``watched`` names the fields
    ``assertUnchanged`` compares of the records ``watched_ids`` gives, by
    model; ``counted`` the models whose number of records it compares."""

    watched = {}
    counted = ()

    def url_open(self, *args, **kwargs):
        # the server reads what the test wrote (from the database, as in
        # production: not from the test's cache), the test what the server
        # wrote
        self.env.flush_all()
        self.env.invalidate_all()
        response = super().url_open(*args, **kwargs)
        self.env.invalidate_all()
        return response

    def _snapshot(self):
        """The watched values of the records, and how many records each
        counted model holds, read as superuser."""
        self.env.invalidate_all()
        snapshot = {
            model: self.env[model].sudo().with_context(active_test=False).browse(self.watched_ids[model]).read(fnames)
            for model, fnames in self.watched.items()
        }
        snapshot["counts"] = {
            model: self.env[model].sudo().with_context(active_test=False).search_count([]) for model in self.counted
        }
        return snapshot

    def assertUnchanged(self, before):
        """Nothing of ``before`` (a ``_snapshot``) changed."""
        after = self._snapshot()
        for model, rows in before.items():
            self.assertEqual(after[model], rows, f"{model} changed")

    def login(self, user):
        """Log ``user`` in (a ``res.users`` made by ``new_test_user``, whose
        password is its login)."""
        self.authenticate(user.login, user.login)

    def call(self, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` through
        ``/web/dataset/call_kw`` as the logged-in user: a :class:`RpcAnswer`."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        response.raise_for_status()
        return RpcAnswer(response.json())

    def assertRefused(self, answer, *error_names, message=None):
        """The call was refused, with one of ``error_names`` (e.g.
        ``"AccessError"``, ``"UserError"``, ``"ValidationError"``) and, when
        given, a message that contains ``message``."""
        self.assertTrue(answer.error, f"not refused: {answer!r}")
        if error_names:
            self.assertIn(answer.error_name, error_names, repr(answer))
        if message:
            self.assertIn(message, answer.message or "")

    def assertAllowed(self, answer):
        """The call went through; its result."""
        self.assertFalse(answer.error, f"refused: {answer!r}")
        return answer.result
