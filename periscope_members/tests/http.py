# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal as a member's browser uses it, for the HttpCase tests of the
four addons."""

import re

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class PortalHttpMixin:
    """Put it before ``HttpCase`` in the bases. The server reads what the test
    wrote and the test what the server wrote; ``_login`` a user (password
    ``<login>_pw`` by default: the portal tests create their users so),
    ``_post`` a form with the CSRF token of the page ``csrf_page``."""

    # a page of the portal whose forms carry a CSRF token
    csrf_page = "/my"

    def url_open(self, *args, **kwargs):
        self.env.flush_all()
        response = super().url_open(*args, **kwargs)
        self.env.invalidate_all()
        return response

    def _login(self, user, password=None):
        return self.authenticate(user.login, password or f"{user.login}_pw")

    def _csrf_token(self):
        response = self.url_open(self.csrf_page)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def _post(self, url, data=None):
        return self.url_open(url, data={**(data or {}), "csrf_token": self._csrf_token()})
