"""Odoo's server (as ``odoo-bin``) for ``bench_queue_job.py``, without the
gevent process of the multi-worker server (websockets: the benchmark does not
use them). On a machine where gevent cannot start (the development machine:
its ``pkg_resources`` does not find ``zope.interface``), the prefork server
would start it again every second, and those start-ups would be measured.
The queue_job job runner and the HTTP workers are Odoo's own."""

import os

os.environ["TZ"] = "UTC"  # as odoo-bin: the server's time zone, before time is used

import odoo
from odoo.service import server

server.PreforkServer.long_polling_spawn = lambda self: None

if __name__ == "__main__":
    odoo.cli.main()
