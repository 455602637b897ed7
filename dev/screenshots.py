#!/usr/bin/env python3
"""Screenshots of the running demo (``bash scripts/demo.sh``) in headless
Chromium, logged in as a user, to look at the screens before calling them done.

    python3 dev/screenshots.py out/ worklist=/odoo/action-l10n_fr_debt_recovery.debt_recovery_worklist_action
    python3 dev/screenshots.py --login admin --password admin --width 1600 out/ NAME=PATH ...

Each ``NAME=PATH`` is a URL path of the web client; the picture is written to
``out/NAME.png``. ``NAME=PATH|TAB`` also opens the notebook tab whose title is
TAB (e.g. ``customer=/odoo/contacts/15|Recouvrement``). Uses the Chrome DevTools protocol (``websocket-client``):
log in through ``/web/session/authenticate``, give the session cookie to the
browser, open each page, wait until the web client is idle, capture.
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket


def authenticate(base, db, login, password):
    request = urllib.request.Request(
        f"{base}/web/session/authenticate",
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "params": {"db": db, "login": login, "password": password},
            }
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.loads(response.read())
        if body.get("error"):
            raise SystemExit(f"login failed: {body['error']['data']['message']}")
        for header in response.headers.get_all("Set-Cookie") or ():
            if header.startswith("session_id="):
                return header.split(";", 1)[0].split("=", 1)[1]
    raise SystemExit("no session cookie in the login answer")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    def __init__(self, width, height):
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise SystemExit("Chromium is not installed (apt-get install chromium)")
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="dr-shots-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--window-size={width},{height}",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/json", timeout=2
                ) as response:
                    pages = [
                        p for p in json.loads(response.read()) if p["type"] == "page"
                    ]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"])
        self.ids = 0
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.ids:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("pages", nargs="+", help="NAME=PATH")
    parser.add_argument("--base", default="http://localhost:8069")
    parser.add_argument("--db", default="debt_recovery_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--wait", type=float, default=4.0, help="seconds after load")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    session = authenticate(args.base, args.db, args.login, args.password)
    browser = Browser(args.width, args.height)
    try:
        host = urllib.request.urlparse(args.base).hostname
        browser.call(
            "Network.setCookie", name="session_id", value=session, domain=host, path="/"
        )
        for spec in args.pages:
            name, _sep, path = spec.partition("=")
            path, _sep, tab = path.partition("|")
            browser.call("Page.navigate", url=args.base + path)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                ready = browser.evaluate(
                    "document.readyState === 'complete' && "
                    "!!document.querySelector('.o_action_manager .o_view_controller, "
                    ".o_action_manager .o_action')"
                )
                if ready:
                    break
                time.sleep(0.5)
            if tab:
                time.sleep(1)
                browser.evaluate(
                    "[...document.querySelectorAll('.o_notebook .nav-link')]"
                    f".filter(a => a.textContent.trim() === {json.dumps(tab)})"
                    ".forEach(a => a.click())"
                )
            time.sleep(args.wait)
            shot = browser.call("Page.captureScreenshot", format="png")
            target = out / f"{name}.png"
            target.write_bytes(base64.b64decode(shot["data"]))
            print(target)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
