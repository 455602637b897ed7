"""Screenshots of the postal screens (a formal notice with its proofs, the
letters to print with *Send by post*), to look at them: only when
``POSTAL_SCREENSHOTS`` names the folder to write them to."""

import base64
import os
from pathlib import Path
from unittest import skipUnless
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from . import test_postal
from .postal_common import PostalCase

OUT = os.environ.get("POSTAL_SCREENSHOTS")
WAIT = """
await new Promise((resolve) => setTimeout(resolve, %(ms)d));
console.log("test successful");
"""


@tagged("post_install", "-at_install")
@skipUnless(OUT, "POSTAL_SCREENSHOTS is not set")
class TestPostalScreens(PostalCase, HttpCase):
    def _shoot(self, name, url, code="", login="recovery_manager"):
        """Open ``url`` as ``login``, run ``code``, capture the page once the
        code is done (before the browser leaves it)."""
        pictures = []
        original = ChromeBrowser._wait_code_ok

        def wait_then_capture(browser, *args, **kwargs):
            original(browser, *args, **kwargs)
            answer = browser._websocket_request(
                "Page.captureScreenshot", params={"format": "png"}, timeout=30
            )
            pictures.append(base64.b64decode(answer["data"]))

        self.env.flush_all()
        with patch.object(ChromeBrowser, "_wait_code_ok", wait_then_capture):
            self.browser_js(
                url,
                "(async () => {" + code + WAIT % {"ms": 3000} + "})();",
                login=login,
                timeout=60,
            )
        Path(OUT).mkdir(parents=True, exist_ok=True)
        (Path(OUT) / f"{name}.png").write_bytes(pictures[0])

    def test_notice_with_its_proofs(self):
        notice = self._validated_notice()
        self._maileva_accepts()
        with freeze_time("2026-02-20"):
            notice.with_user(self.user).action_send_registered()
        self._maileva_status("recipient_delivered")
        with freeze_time("2026-02-25"):
            self._webhook(self.maileva["event_delivered"])
        self.assertEqual(notice.state, "received")
        code = """
const tab = [...document.querySelectorAll('.o_notebook .nav-link')].find((a) => a.textContent.includes('proof') || a.textContent.includes('preuve'));
if (tab) { tab.click(); }
await new Promise((resolve) => setTimeout(resolve, 500));
document.querySelector('.o_notebook').scrollIntoView({block: "end"});
"""
        self._shoot(
            "postal_notice_proofs",
            f"/odoo/action-l10n_fr_debt_recovery.debt_recovery_notice_action/{notice.id}",
            code,
        )

    def test_letters_to_print_send_by_post(self):
        test_postal.TestOrdinaryLetters._letters(self, 3)
        code = """
await new Promise((resolve) => setTimeout(resolve, 1500));
document.querySelector('.o_list_record_selector input').click();
"""
        self._shoot(
            "postal_letters_to_print",
            "/odoo/action-l10n_fr_debt_recovery.debt_recovery_action_to_print_action",
            code,
        )
