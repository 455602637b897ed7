"""Load test of the daily job: a real server, accountants working during the run.

Generates N customers with M open invoices (``bench_data.py``, as the other
benchmarks do) in a scratch copy of the benchmark database, adds a few
accountants (the recovery *User* group), then starts a real Odoo server on
127.0.0.1 (``--workers=2 --max-cron-threads=1``: two HTTP workers and the
cron worker) and, through that server only:

- wakes the scheduled action of the daily job the way an administrator
  would: its next execution date set to now over JSON-RPC (the server runs
  with ``ODOO_NOTIFY_CRON_CHANGES``, so the cron worker starts it at once);
  the script knows the job only by the cron's XML id, never by its methods;
- while it runs, U simulated accountants (threads, each its own JSON-RPC
  session and login) loop until the job ends: the worklist (its action's
  domain, list fields and order), a customer's form, the customer's
  invoices, a note in the customer's chatter, and a payment (the *Register
  Payment* wizard) of one overdue invoice of a customer the job is
  processing at that moment (the customers whose advisory locks its batch
  holds; otherwise the next ones it will process). A customer gets one
  payment at most and keeps at least one overdue invoice, so that it stays
  due a step today.

Then prints: the calls per kind, the calls that failed (with their error),
the latency of the reads (p50, p95, max), the customers due a step today
(decided before the run by the job's own decision method when the script
can find it, else by SQL) against those that got a step dated today, the
duplicates (steps per customer, level and date above 1; emails per step
above 1; recovery emails per customer today above 1), and the lines of the
server log about serialization failures and rolled-back batches.

Exits non-zero when a call failed or a duplicate exists (``--strict``:
also when a customer due today got no step, or the reads' p95 reaches 1 s),
so it can serve as a check; it is a benchmark, not a test. Run it through
``bench/run.sh``:

    bash bench/run.sh bench_load.py --customers 2000 --invoices 20000 --users 4

The scratch database (``<bench db>_load``) is dropped at the end
(``--keep`` keeps it, with the server log under ``.local/``).
"""

import argparse
import http.cookiejar
import itertools
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_data
from bench_queue_job import copy, drop, odoo_command, release, stop_server

DAILY_CRON = "l10n_fr_debt_recovery.ir_cron_debt_recovery_daily"
WORKLIST_ACTION = "l10n_fr_debt_recovery.debt_recovery_worklist_action"
USER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_user"
HOST = "127.0.0.1"  # never anything else: the users only talk to this server
PASSWORD = "bench-load-password"
READS = ("worklist", "customer form", "invoices")
WRITES = ("note", "payment")
INVOICE_FIELDS = (
    "name",
    "invoice_date",
    "invoice_date_due",
    "amount_total_signed",
    "amount_residual_signed",
    "payment_state",
    "state",
    "recovery_level_id",
    "recovery_next_level_id",
    "recovery_next_date",
)
# Server log lines counted after the run.
LOG_PATTERNS = {
    "could not serialize": re.compile(r"could not serialize", re.I),
    "rolled back": re.compile(r"rolled back", re.I),
    "batch rolled back (job)": re.compile(r"failed and was rolled back", re.I),
    # The job's own retry of a batch that met a concurrent update.
    "batch tried again at once (job)": re.compile(r"met a concurrent update"),
    # Odoo's request layer retries a request that hit one of these.
    "request retried: serialization failure": re.compile(
        r"SERIALIZATION_FAILURE, \d+ tries left"
    ),
    "request retried: deadlock": re.compile(r"DEADLOCK_DETECTED, \d+ tries left"),
    "request retried: lock not available": re.compile(
        r"LOCK_NOT_AVAILABLE, \d+ tries left"
    ),
    "request given up (5 tries)": re.compile(r"maximum number of tries reached"),
    "lock not available": re.compile(r"could not obtain lock|LockNotAvailable", re.I),
    "deadlock": re.compile(r"deadlock detected", re.I),
}


def clock():
    return time.monotonic()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True, help="the prepared bench DB")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--invoices", type=int, default=20000)
    parser.add_argument("--overdue-ratio", type=float, default=0.2)
    parser.add_argument("--users", type=int, default=4, help="simulated accountants")
    parser.add_argument("--port", type=int, default=8186, help="HTTP port (127.0.0.1)")
    parser.add_argument(
        "--think",
        type=float,
        default=0.2,
        help="mean pause of a user between two calls, in seconds (default 0.2)",
    )
    parser.add_argument(
        "--max-iterations",
        type=int,
        default=500,
        help="at most this many rounds per user (default 500)",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=900,
        help="hard limit of the run, in seconds, from the trigger (default 900)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also fail when a customer due today got no step, or when the "
        "reads' 95th percentile reaches 1 s",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--no-check", action="store_true", help="skip the check against the ORM"
    )
    return parser.parse_args()


# ------------------------------------------------------------ preparing
def today_utc():
    return datetime.now(timezone.utc).date()


def as_id(value):
    return int(getattr(value, "id", value))


def decision_keys(decisions):
    keys = set()
    for decision in decisions:
        if isinstance(decision, dict):
            keys.add((as_id(decision["company_id"]), as_id(decision["partner_id"])))
        else:
            keys.add((as_id(decision.company_id), as_id(decision.partner_id)))
    return keys


def due_by_the_job(env, today):
    """The customers the daily job will give a step today, decided by its
    own decision method (its name before and after the daily job got a
    model of its own), or None when none is found."""
    companies = env["res.company"].search([])
    for model, method in (
        ("debt.recovery.run", "_decide"),
        ("debt.recovery.action", "_recovery_decide"),
    ):
        if model in env and hasattr(env[model], method):
            result = getattr(env[model], method)(companies, today)
            decisions = result[0] if isinstance(result, tuple) else result
            env.cr.rollback()
            return decision_keys(decisions), f"{model}.{method}"
    return None, None


def due_by_sql(cr, today):
    """Customers with an open overdue invoice whose next step is dated today
    or before (not excluded): an upper bound of the job's decision, which
    also weighs the minimum amount, the credits and the last step."""
    cr.execute(
        """SELECT DISTINCT move.company_id, move.commercial_partner_id
             FROM account_move move
            WHERE move.move_type = 'out_invoice' AND move.state = 'posted'
              AND move.payment_state IN ('not_paid', 'partial')
              AND move.amount_residual > 0
              AND move.invoice_date_due < %s
              AND move.recovery_next_date <= %s
              AND NOT COALESCE(move.recovery_excluded, FALSE)""",
        [today, today],
    )
    return set(cr.fetchall())


def seed_payment_sequence(env, today):
    """One payment through the ORM before the run, as any live database has:
    the generated payments are not numbered by Odoo's sequence, and two
    accountants registering the very first payment of the bank journal at
    the same time collide on its number (account_move_unique_name), which
    is not what this benchmark measures. It pays an invoice not due yet:
    nothing changes in today's decisions."""
    invoice = env["account.move"].search(
        [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "=", "not_paid"),
            ("invoice_date_due", ">", today),
        ],
        order="id desc",
        limit=1,
    )
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({})._create_payments()


def prepare(args, name, today):
    """``name``: a copy of the bench database with the generated customers
    and invoices, the accountants, and the daily job alone among the
    scheduled actions (the others would run at the server's start: the mail
    queue, the rates service...). Returns the customers due today, how that
    was decided, the SQL upper bound, and the cron's id."""
    import odoo
    from odoo import SUPERUSER_ID, Command, api

    copy(args.database, name)
    registry = odoo.modules.registry.Registry(name)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        bench_data.prepare_and_generate(env, args, today)
        seed_payment_sequence(env, today)
        company = env.company
        group = env.ref(USER_GROUP)
        Users = env["res.users"].with_context(no_reset_password=True)
        for number in range(1, args.users + 1):
            Users.create(
                {
                    "name": f"Bench accountant {number}",
                    "login": f"bench.accountant{number}",
                    "email": f"bench.accountant{number}@example.com",
                    "password": PASSWORD,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [
                        Command.set([env.ref("base.group_user").id, group.id])
                    ],
                    "lang": "fr_FR",
                    "tz": "Europe/Paris",
                }
            )
        env.ref("base.user_admin").password = PASSWORD
        cron = env.ref(DAILY_CRON)
        # Not before the users are ready: the trigger sets it to now.
        tomorrow = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=1)
        cron.write({"active": True, "nextcall": tomorrow})
        env.flush_all()
        cr.execute("UPDATE ir_cron SET active = FALSE WHERE id != %s", [cron.id])
        cr.commit()
        cr.execute("ANALYZE")
        due, how = due_by_the_job(env, today)
        upper = due_by_sql(cr, today)
        if due is None:
            due, how = upper, "SQL (no decision method found)"
        cron_id = cron.id
        cr.rollback()
    release(name)
    return due, how, upper, cron_id


# ------------------------------------------------------------ the server
def start_server(args, name, log):
    """A real Odoo server on ``name``: two HTTP workers and one cron worker,
    on 127.0.0.1 only; ``ODOO_NOTIFY_CRON_CHANGES`` wakes the cron worker
    when a scheduled action's next execution date is written."""
    command = odoo_command(
        args.config,
        "-d",
        name,
        "--db-filter",
        f"^{name}$",
        "--workers=2",
        "--max-cron-threads=1",
        f"--http-interface={HOST}",
        f"--http-port={args.port}",
        f"--gevent-port={args.port + 1}",
        "--limit-time-cpu=600",
        "--limit-time-real=1200",
        "--limit-time-real-cron=3600",
        "--limit-memory-soft=2147483648",
        "--limit-memory-hard=2684354560",
        "--log-level=info",
        f"--logfile={log}",
    )
    Path(log).unlink(missing_ok=True)
    env = dict(os.environ, ODOO_NOTIFY_CRON_CHANGES="1")
    server = subprocess.Popen(command, start_new_session=True, env=env)
    deadline = clock() + 180
    while clock() < deadline:
        if server.poll() is not None:
            sys.exit(f"the Odoo server stopped (code {server.returncode}), see {log}")
        try:
            with urllib.request.urlopen(
                f"http://{HOST}:{args.port}/web/health", timeout=5
            ) as response:
                if response.status == 200:
                    return server
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    stop_server(server)
    sys.exit(f"the server did not answer after 180 s, see {log}")


# ------------------------------------------------------------- JSON-RPC
class RpcError(Exception):
    pass


class Session:
    """One user's JSON-RPC session (its own cookie)."""

    def __init__(self, port, database, login):
        self.base = f"http://{HOST}:{port}"
        self.database = database
        self.login = login
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.ids = itertools.count(1)
        self.context = {}

    def post(self, path, params, timeout=300):
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(self.ids)}
        ).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                reply = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise RpcError(f"HTTP {error.code} {error.reason}") from error
        except OSError as error:
            raise RpcError(f"{type(error).__name__}: {error}") from error
        if reply.get("error"):
            data = reply["error"].get("data") or {}
            raise RpcError(
                f"{data.get('name') or reply['error'].get('message')}: "
                f"{data.get('message') or reply['error'].get('message')}"
            )
        return reply.get("result")

    def authenticate(self):
        result = self.post(
            "/web/session/authenticate",
            {"db": self.database, "login": self.login, "password": PASSWORD},
        )
        self.context = result.get("user_context") or {}
        # As the web client does: the user's current company is the one the
        # actions and the calls work in (the worklist's domain reads it).
        companies = result.get("user_companies") or {}
        if companies.get("current_company"):
            self.context.setdefault(
                "allowed_company_ids", [companies["current_company"]]
            )
        return result

    def call(self, model, method, *args, context=None, **kwargs):
        kwargs["context"] = {**self.context, **(context or {})}
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


# ---------------------------------------------------------------- state
class Shared:
    """What the users and the monitor share."""

    def __init__(self, due_partners, today):
        self.lock = threading.Lock()
        self.today = today
        self.due = sorted(due_partners)
        self.due_set = set(due_partners)
        self.in_process = []  # customers whose locks the job holds now
        self.stepped = set()  # customers with a step dated today
        self.claimed = set()  # customers a user paid (or tried to pay)
        self.go = threading.Event()
        self.done = threading.Event()
        self.stop = threading.Event()
        self.calls = Counter()
        self.failures = []  # (kind, user, error)
        self.latency = defaultdict(list)
        self.payment_targets = Counter()  # "in process" / "next up"

    def record(self, kind, seconds, error=None, user=None):
        with self.lock:
            self.calls[kind] += 1
            if error is None:
                self.latency[kind].append(seconds)
            else:
                self.failures.append((kind, user, error))

    def payment_target(self, rng):
        """A customer of the batch the job processes now (else one of the
        next it will process, in its order: company, then customer), not
        paid yet by anyone."""
        with self.lock:
            free = [p for p in self.in_process if p not in self.claimed]
            origin = "in process"
            if not free:
                free = [
                    p
                    for p in self.due
                    if p not in self.stepped and p not in self.claimed
                ][:20]
                origin = "next up"
            if not free:
                return None, None
            partner = rng.choice(free)
            self.claimed.add(partner)
            self.payment_targets[origin] += 1
            return partner, origin


def monitor(name, shared, cron_id, trigger_at, timing, timeout):
    """Watch the job from the database (never through the users' sessions):
    the customers its current batch holds (advisory locks), the customers
    stepped today, when it started and when its cron was rescheduled."""
    import odoo

    with closing(odoo.sql_db.db_connect(name).cursor()) as cr:
        cr._cnx.autocommit = True
        due = list(shared.due_set)
        while not shared.stop.is_set():
            cr.execute(
                """SELECT objid::int FROM pg_locks
                    WHERE locktype = 'advisory' AND granted AND objsubid = 2
                      AND objid::int = ANY(%s)""",
                [due],
            )
            held = [row[0] for row in cr.fetchall()]
            cr.execute(
                "SELECT DISTINCT partner_id FROM debt_recovery_action WHERE date = %s",
                [shared.today],
            )
            stepped = {row[0] for row in cr.fetchall()}
            with shared.lock:
                shared.in_process = held
                shared.stepped = stepped
            if held and "first lock" not in timing:
                timing["first lock"] = clock()
            if "started" not in timing:
                cr.execute(
                    """SELECT count(*) FROM ir_cron_progress
                        WHERE cron_id = %s AND create_date >= %s""",
                    [cron_id, trigger_at],
                )
                if cr.fetchone()[0]:
                    timing["started"] = clock()
            cr.execute("SELECT nextcall FROM ir_cron WHERE id = %s", [cron_id])
            nextcall = cr.fetchone()[0]
            if "started" in timing and nextcall > trigger_at + timedelta(hours=1):
                timing["done"] = clock()
                shared.done.set()
                return
            if clock() - timing["trigger"] > timeout:
                timing["timeout"] = clock()
                shared.done.set()
                return
            time.sleep(0.1)


# ---------------------------------------------------------------- users
class Accountant(threading.Thread):
    def __init__(self, number, args, database, shared, views):
        super().__init__(name=f"accountant {number}", daemon=True)
        self.number = number
        self.args = args
        self.session = Session(args.port, database, f"bench.accountant{number}")
        self.shared = shared
        self.views = views
        self.rng = random.Random(number)
        self.rounds = 0

    def timed(self, kind, function, *args, **kwargs):
        started = clock()
        try:
            result = function(*args, **kwargs)
        except RpcError as error:
            self.shared.record(kind, clock() - started, str(error), self.name)
            return None
        self.shared.record(kind, clock() - started)
        return result

    def pause(self):
        if self.args.think > 0:
            time.sleep(self.rng.uniform(0, 2 * self.args.think))

    def run(self):
        try:
            self.session.authenticate()
        except RpcError as error:
            self.shared.record("login", 0, str(error), self.name)
            return
        self.shared.go.wait()
        while (
            not self.shared.done.is_set()
            and not self.shared.stop.is_set()
            and self.rounds < self.args.max_iterations
        ):
            self.rounds += 1
            self.one_round()

    def one_round(self):
        views, shared = self.views, self.shared
        result = self.timed(
            "worklist",
            self.session.call,
            views["model"],
            "web_search_read",
            views["domain"],
            views["list_spec"],
            limit=80,
            order=views["order"],
            count_limit=10001,
        )
        self.pause()
        rows = (result or {}).get("records", [])
        field = views["partner_field"]
        listed = [(row[field] or {}).get("id") if field else row["id"] for row in rows]
        listed = [partner for partner in listed if partner]
        with shared.lock:
            busy = list(shared.in_process)
        # The customer opened: one the job is processing now when there is
        # one (a customer being worked on by both), else one of the list.
        candidates = busy or listed or shared.due
        customer = self.rng.choice(candidates) if candidates else None
        if customer is None:
            return
        self.timed(
            "customer form",
            self.session.call,
            "res.partner",
            "read",
            [customer],
            views["form_fields"],
        )
        self.pause()
        self.timed(
            "invoices",
            self.session.call,
            "account.move",
            "search_read",
            [
                ("commercial_partner_id", "=", customer),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ],
            views["invoice_fields"],
            order="invoice_date_due, id",
        )
        self.pause()
        self.timed(
            "note",
            self.session.call,
            "res.partner",
            "message_post",
            [customer],
            body=f"Called the customer (load test, {self.name}, round {self.rounds}).",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.pause()
        self.pay_one()
        self.pause()

    def pay_one(self):
        """One overdue invoice of a customer being processed, paid in full
        with the Register Payment wizard, the customer keeping at least one
        other overdue invoice (still due a step today)."""
        partner, _origin = self.shared.payment_target(self.rng)
        if partner is None:
            return
        invoices = self.timed(
            "payment: find invoices",
            self.session.call,
            "account.move",
            "search_read",
            [
                ("commercial_partner_id", "=", partner),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", self.shared.today.isoformat()),
            ],
            ["id", "amount_residual"],
            order="invoice_date_due, id",
        )
        if not invoices or len(invoices) < 2:
            return
        invoice = invoices[0]["id"]
        context = {"active_model": "account.move", "active_ids": [invoice]}
        started = clock()
        try:
            wizard = self.session.call(
                "account.payment.register", "create", {}, context=context
            )
            self.session.call(
                "account.payment.register",
                "action_create_payments",
                [wizard],
                context=context,
            )
        except RpcError as error:
            self.shared.record("payment", clock() - started, str(error), self.name)
            return
        self.shared.record("payment", clock() - started)


def load_views(args, database):
    """What the web client loads once: the worklist action (its model,
    domain, order, list and form fields) and the invoice fields that
    exist."""
    from odoo.tools.safe_eval import datetime as safe_datetime
    from odoo.tools.safe_eval import safe_eval

    admin = Session(args.port, database, "admin")
    admin.authenticate()
    user = Session(args.port, database, "bench.accountant1")
    user.authenticate()
    action = user.post("/web/action/load", {"action_id": WORKLIST_ACTION})
    model = action["res_model"]
    domain = action.get("domain") or []
    if isinstance(domain, str):
        domain = safe_eval(
            domain,
            {
                "uid": user.context.get("uid"),
                "context_today": lambda: safe_datetime.date.today(),
                "datetime": safe_datetime,
                "allowed_company_ids": user.context.get("allowed_company_ids", []),
                "company_ids": user.context.get("allowed_company_ids", []),
            },
        )
    from lxml import etree

    def top_fields(arch, fields):
        root = etree.fromstring(arch.encode())
        names = []
        for node in root.iter("field"):
            if any(parent.tag == "field" for parent in node.iterancestors()):
                continue  # a field of a sub-view (one2many lines)
            name = node.get("name")
            if name in fields and name not in names:
                names.append(name)
        return names, root

    views = [list(view) for view in action["views"] if view[1] in ("list", "form")]
    loaded = user.call(model, "get_views", views=views, options={})
    fields = loaded["models"][model]["fields"]
    list_fields, list_root = top_fields(loaded["views"]["list"]["arch"], fields)
    spec = {}
    for name in list_fields:
        if fields[name]["type"] in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    # The worklist lists customers (res.partner), or rows of a model of its
    # own pointing to them: then the customer is its first many2one to
    # res.partner, and the customer's form is res.partner's.
    partner_field = None
    if model != "res.partner":
        partner_field = next(
            name
            for name in sorted(
                spec, key=lambda n: n not in ("partner_id", "commercial_partner_id")
            )
            if fields[name]["type"] == "many2one"
            and fields[name].get("relation") == "res.partner"
        )
    if model != "res.partner" or "form" not in loaded["views"]:
        form_view = [False, "form"]
        loaded = user.call("res.partner", "get_views", views=[form_view], options={})
    form_fields, _root = top_fields(
        loaded["views"]["form"]["arch"], loaded["models"]["res.partner"]["fields"]
    )
    invoice_fields = user.call("account.move", "fields_get", attributes=["type"])
    return admin, {
        "model": model,
        "domain": domain,
        "order": list_root.get("default_order") or "",
        "list_spec": spec,
        "partner_field": partner_field,
        "form_fields": form_fields,
        "invoice_fields": [f for f in INVOICE_FIELDS if f in invoice_fields],
    }


def trigger_cron(admin):
    """The daily job's scheduled action, due now: its next execution date
    written as an administrator would (the cron worker is notified)."""
    module, name = DAILY_CRON.split(".")
    rows = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        ["res_id"],
    )
    cron_id = rows[0]["res_id"]
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    admin.call(
        "ir.cron",
        "write",
        [cron_id],
        {"nextcall": (now - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")},
    )
    return now


# ------------------------------------------------------------- measuring
def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def measure(name, today):
    import odoo

    with closing(odoo.sql_db.db_connect(name).cursor()) as cr:
        cr.execute(
            """SELECT DISTINCT company_id, partner_id FROM debt_recovery_action
                WHERE date = %s""",
            [today],
        )
        stepped = set(cr.fetchall())
        cr.execute(
            "SELECT state, count(*) FROM debt_recovery_action WHERE date = %s "
            "GROUP BY state",
            [today],
        )
        states = dict(cr.fetchall())
        cr.execute(
            """SELECT count(*) FROM debt_recovery_action
                WHERE date != %s AND create_date >= now() - interval '1 day'""",
            [today],
        )
        other_dates = cr.fetchone()[0]
        cr.execute(
            """SELECT coalesce(sum(n - 1), 0) FROM (
                   SELECT count(*) n FROM debt_recovery_action WHERE date = %s
                    GROUP BY company_id, partner_id, level_id, date
                   HAVING count(*) > 1) dup""",
            [today],
        )
        duplicate_steps = int(cr.fetchone()[0])
        cr.execute(
            """SELECT count(*) FROM mail_mail mail
                 JOIN mail_message message ON message.id = mail.mail_message_id
                WHERE message.model = 'debt.recovery.action'"""
        )
        emails = cr.fetchone()[0]
        cr.execute(
            """SELECT coalesce(sum(n - 1), 0) FROM (
                   SELECT count(*) n FROM mail_mail mail
                     JOIN mail_message message ON message.id = mail.mail_message_id
                    WHERE message.model = 'debt.recovery.action'
                    GROUP BY message.res_id HAVING count(*) > 1) dup"""
        )
        duplicate_emails = int(cr.fetchone()[0])
        cr.execute(
            """SELECT coalesce(sum(n - 1), 0) FROM (
                   SELECT count(*) n FROM mail_mail mail
                     JOIN mail_message message ON message.id = mail.mail_message_id
                     JOIN debt_recovery_action step ON step.id = message.res_id
                    WHERE message.model = 'debt.recovery.action' AND step.date = %s
                    GROUP BY step.company_id, step.partner_id HAVING count(*) > 1) dup""",
            [today],
        )
        duplicate_customer_emails = int(cr.fetchone()[0])
    release(name)
    return {
        "stepped": stepped,
        "states": states,
        "other_dates": other_dates,
        "emails": emails,
        "duplicate_steps": duplicate_steps,
        "duplicate_emails": duplicate_emails,
        "duplicate_customer_emails": duplicate_customer_emails,
    }


ADDON_FRAME = re.compile(
    r'File ".*/l10n_fr_debt_recovery/([^"]+)", line (\d+), in (\w+)'
)


def read_log(log):
    """Counts of the lines of ``LOG_PATTERNS``, and each rolled-back batch:
    its first line and where it failed (the addon's frames of its traceback,
    innermost last, and the error)."""
    counts = Counter()
    batches = []
    try:
        lines = Path(log).read_text(errors="replace").splitlines()
    except OSError:
        return counts, batches
    for index, line in enumerate(lines):
        for label, pattern in LOG_PATTERNS.items():
            if pattern.search(line):
                counts[label] += 1
        if "failed and was rolled back" in line:
            frames, error = [], ""
            for following in lines[index + 1 : index + 200]:
                if re.match(r"\d{4}-\d\d-\d\d \d", following):
                    break  # the next log record
                frame = ADDON_FRAME.search(following)
                if frame:
                    frames.append(f"{frame[3]} ({frame[1]}:{frame[2]})")
                elif not error and re.match(
                    r"[\w.]+(Error|Failure|Detected)\b", following
                ):
                    error = following.strip()  # the exception, not its DETAIL
            batches.append((line[:160], frames[-3:], error[:200]))
    return counts, batches


# ------------------------------------------------------------------ main
def main():
    # As the server (odoo_server.py): one time zone for "today" on both sides.
    os.environ["TZ"] = "UTC"
    time.tzset()
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    import odoo

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    started = clock()
    today = today_utc()
    name = f"{args.database}_load"
    log = str(Path(args.config).with_name("bench-load-server.log"))
    print(
        f"{args.customers} customers, {args.invoices} invoices, {args.users} users, "
        f"today {today}; server on {HOST}:{args.port}, 2 HTTP workers + 1 cron worker"
    )
    due, how, upper, cron_id = prepare(args, name, today)
    due_partners = {partner for _company, partner in due}
    print(
        f"due a step today (decided before the run by {how}): {len(due)} customers; "
        f"with an overdue invoice whose next step is due (SQL): {len(upper)}"
    )
    server = start_server(args, name, log)
    shared = Shared(due_partners, today)
    timing = {}
    try:
        admin, views = load_views(args, name)
        print(
            f"worklist: {views['model']}, domain {views['domain']}, order "
            f"{views['order']!r}, {len(views['list_spec'])} list fields; customer "
            f"form: {len(views['form_fields'])} fields"
        )
        users = [
            Accountant(number, args, name, shared, views)
            for number in range(1, args.users + 1)
        ]
        for user in users:
            user.start()
        trigger_at = trigger_cron(admin)
        timing["trigger"] = clock()
        shared.go.set()
        watcher = threading.Thread(
            target=monitor,
            args=(name, shared, cron_id, trigger_at, timing, args.timeout),
            daemon=True,
        )
        watcher.start()
        last_report = clock()
        while not shared.done.wait(1):
            if server.poll() is not None:
                sys.exit(f"the Odoo server stopped, see {log}")
            if clock() - last_report >= 15:
                last_report = clock()
                with shared.lock:
                    print(
                        f"  {clock() - timing['trigger']:.0f} s: "
                        f"{len(shared.stepped)} customers stepped, "
                        f"{sum(shared.calls.values())} calls"
                    )
        for user in users:
            user.join(timeout=300)
        shared.stop.set()
        watcher.join(timeout=10)
        figures = measure(name, today)
    finally:
        shared.stop.set()
        shared.done.set()
        shared.go.set()
        stop_server(server)
        release(name)
    log_counts, batches = read_log(log)

    # ---- report
    trigger = timing["trigger"]
    if "timeout" in timing:
        print(f"HARD TIMEOUT: the job did not end within {args.timeout} s")
    if "started" in timing:
        print(f"job started {timing['started'] - trigger:.1f} s after the trigger")
    if "done" in timing:
        print(
            f"job done {timing['done'] - trigger:.1f} s after the trigger "
            f"(cron rescheduled to its next day)"
        )
    rounds = sum(user.rounds for user in users)
    print(f"user rounds: {rounds} ({', '.join(str(u.rounds) for u in users)})")
    print("calls per kind (failed):")
    failures_by_kind = Counter(kind for kind, _user, _error in shared.failures)
    for kind in (*READS, *WRITES, "payment: find invoices", "login"):
        if shared.calls[kind] or failures_by_kind[kind]:
            values = shared.latency[kind]
            print(
                f"  {kind:24} {shared.calls[kind]:6} ({failures_by_kind[kind]} failed)"
                f"  p50 {percentile(values, 0.5):.3f} s  p95 "
                f"{percentile(values, 0.95):.3f} s  max {max(values, default=0):.3f} s"
            )
    reads = [value for kind in READS for value in shared.latency[kind]]
    read_p95 = percentile(reads, 0.95)
    print(
        f"reads (all kinds): {len(reads)} calls, p50 {percentile(reads, 0.5):.3f} s, "
        f"p95 {read_p95:.3f} s, max {max(reads, default=0):.3f} s"
    )
    print(
        f"payments: {shared.calls['payment'] - failures_by_kind['payment']} made on "
        f"customers {dict(shared.payment_targets)} (a customer's batch held / next)"
    )
    if shared.failures:
        print(f"FAILED CALLS: {len(shared.failures)}")
        for (kind, error), count in Counter(
            (kind, error) for kind, _user, error in shared.failures
        ).most_common(10):
            print(f"  {count} x {kind}: {error[:400]}")
    else:
        print("failed calls: 0")
    stepped = figures["stepped"]
    missed = due - stepped
    paid_missed = {key for key in missed if key[1] in shared.claimed}
    print(
        f"customers due a step today: {len(due)}; got a step dated today: "
        f"{len(stepped & due)} (steps today by state: {figures['states']}); "
        f"MISSED: {len(missed)} ({len(paid_missed)} of them paid by a user)"
        + (
            f"; stepped without being due: {len(stepped - due)}"
            if stepped - due
            else ""
        )
    )
    if figures["other_dates"]:
        print(f"steps made today but dated another day: {figures['other_dates']}")
    print(
        f"emails queued: {figures['emails']}; DUPLICATES: {figures['duplicate_steps']} "
        f"steps (customer, level, date), {figures['duplicate_emails']} emails (per "
        f"step), {figures['duplicate_customer_emails']} emails (per customer today)"
    )
    print("server log:")
    for label in LOG_PATTERNS:
        print(f"  {label}: {log_counts[label]} lines")
    for line, frames, error in batches:
        print(f"  | {line}...")
        print(f"  |   in {' < '.join(reversed(frames))}: {error}")
    print(f"server log: {log}")
    print(f"machine load (1, 5, 15 min): {os.getloadavg()}")
    print(f"whole benchmark: {clock() - started:.0f} s")
    if not args.keep:
        drop(name)
    problems = []
    if shared.failures:
        problems.append(f"{len(shared.failures)} failed calls")
    duplicates = (
        figures["duplicate_steps"]
        + figures["duplicate_emails"]
        + figures["duplicate_customer_emails"]
    )
    if duplicates:
        problems.append(f"{duplicates} duplicates")
    if "timeout" in timing:
        problems.append("the job did not end in time")
    if args.strict and missed:
        problems.append(f"{len(missed)} customers due today got no step")
    if args.strict and read_p95 >= 1.0:
        problems.append(f"reads' p95 {read_p95:.2f} s")
    if problems:
        sys.exit("LOAD TEST FAILED: " + "; ".join(problems))


if __name__ == "__main__":
    main()
