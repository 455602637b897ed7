"""Benchmark of the daily job on OCA queue_job, with 1 then 2 workers.

Generates N customers with M open invoices (``bench_data.py``, as
``bench_daily_job.py`` does) in a copy of the benchmark database with
queue_job installed; then, for each worker count W, on a fresh copy of that
data: starts a real Odoo server (``--workers=W --load=web,queue_job``, the
job runner on, ``[queue_job] channels = root:W,root.debt_recovery:W``, port
8090 + W), calls the scheduled action's method as the cron does (it decides
and enqueues), waits until every job of the day on ``root.debt_recovery``
is done, stops the server and prints: the decision time, the jobs enqueued,
the time until all are done, the steps made, the emails queued, the
DUPLICATES (steps per customer, level and day above 1; emails per step above
1: both must be 0), the failed jobs, and the speed-up of 2 workers over 1.
Run it through ``bench/run.sh``:

    bash bench/run.sh bench_queue_job.py --customers 10000 --invoices 100000 --workers 1 2

The databases it makes (``<bench db>_qjdata``, ``<bench db>_qjw<W>``) are
dropped at the end (``--keep`` keeps them).
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_data

CHANNEL = "root.debt_recovery"
BUSY_STATES = ("wait_dependencies", "pending", "enqueued", "started")


def clock():
    return os.times().elapsed


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True, help="the prepared bench DB")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--invoices", type=int, default=20000)
    parser.add_argument("--overdue-ratio", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, 2],
        help="the worker counts to run, one after the other (default: 1 2)",
    )
    parser.add_argument(
        "--overlap",
        action="store_true",
        help="enqueue every batch job twice, each copy next to its original "
        "(the cron run on two servers): with 2 workers they run at the same "
        "time, and the DUPLICATES must stay 0",
    )
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per run")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--no-check", action="store_true", help="skip the check against the ORM"
    )
    return parser.parse_args()


# ------------------------------------------------------------- databases
def admin_execute(query):
    """A statement on the ``postgres`` database, outside a transaction
    (CREATE / DROP DATABASE)."""
    import odoo

    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(query)


def release(name):
    """Close this process's connections to ``name`` (a template must have
    none)."""
    import odoo

    odoo.modules.registry.Registry.delete(name)
    odoo.sql_db.close_db(name)


def drop(name):
    import odoo

    release(name)
    admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


def copy(source, name):
    import odoo

    drop(name)
    release(source)
    admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    if os.path.isdir(odoo.tools.config.filestore(source)):
        shutil.copytree(
            odoo.tools.config.filestore(source), odoo.tools.config.filestore(name)
        )


def odoo_command(config, *options):
    """The Odoo command line, through ``odoo_server.py`` (``odoo-bin``
    without the gevent process). Not ``python -m odoo``: the multi-worker
    server starts processes again with ``sys.argv[0]``, which must be a
    script."""
    script = Path(__file__).resolve().with_name("odoo_server.py")
    return [sys.executable, str(script), "-c", config, *options]


def prepare_data(args, name, today):
    """``name``: a copy of the bench database with queue_job installed and
    the generated customers and invoices."""
    import odoo
    from odoo import SUPERUSER_ID, api

    copy(args.database, name)
    t0 = clock()
    subprocess.run(
        odoo_command(args.config, "-d", name, "-i", "queue_job", "--stop-after-init"),
        check=True,
    )
    print(f"queue_job installed in {clock() - t0:.1f} s")
    registry = odoo.modules.registry.Registry(name)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        bench_data.prepare_and_generate(env, args, today)
        env.flush_all()
        cr.commit()
        cr.execute("ANALYZE")
    release(name)


# ------------------------------------------------------------ the server
def start_server(args, name, workers, log):
    """A real Odoo server on ``name``: ``workers`` HTTP workers, the job
    runner (queue_job starts it in its own process in multi-worker mode)
    and the channel capacity ``workers``. Returns the process once the job
    runner is ready."""
    port = 8090 + workers
    config = Path(args.config).with_name(f"odoo-bench-queue-w{workers}.conf")
    config.write_text(
        Path(args.config).read_text()
        + f"\n[queue_job]\nchannels = root:{workers},{CHANNEL}:{workers}\n"
    )
    command = odoo_command(
        str(config),
        "-d",
        name,
        "--db-filter",
        f"^{name}$",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--load=web,queue_job",
        f"--http-port={port}",
        f"--gevent-port={port + 5}",
        # A batch job is one HTTP request of the job runner: the request
        # limits must cover a batch.
        "--limit-time-cpu=3600",
        "--limit-time-real=7200",
        "--limit-memory-soft=2147483648",
        "--limit-memory-hard=2684354560",
        "--log-handler=odoo.addons.queue_job.jobrunner.runner:INFO",
        f"--logfile={log}",
    )
    Path(log).unlink(missing_ok=True)
    server = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the Odoo server stopped (code {server.returncode}), see {log}")
        try:
            text = Path(log).read_text()
        except OSError:
            text = ""
        if f"queue job runner ready for db {name}" in text:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=30)
            return server
        time.sleep(0.5)
    stop_server(server)
    sys.exit(f"the job runner was not ready after 180 s, see {log}")


def stop_server(server):
    """Stop the server this script started (its process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# ------------------------------------------------------------------ a run
def job_states(cr):
    cr.execute(
        "SELECT state, count(*) FROM queue_job WHERE channel = %s GROUP BY state",
        [CHANNEL],
    )
    return dict(cr.fetchall())


def run(args, data, workers, today):
    import odoo
    from odoo import SUPERUSER_ID, api

    name = f"{args.database}_qjw{workers}"
    copy(data, name)
    log = str(Path(args.config).with_name(f"bench-queue-w{workers}.log"))
    server = start_server(args, name, workers, log)
    try:
        registry = odoo.modules.registry.Registry(name)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Action = env["debt.recovery.run"]
            companies = env["res.company"].search([])
            queries = cr.sql_log_count
            t0 = clock()
            decisions, skipped = Action._decide(companies, today)
            decide_s = clock() - t0
            queries = cr.sql_log_count - queries
            print(
                f"[{workers} worker(s)] decision phase: {decide_s:.2f} s, {queries} "
                f"SQL queries, {len(decisions)} customers to process, "
                f"{len(skipped)} left for later"
            )
            env.invalidate_all()
            # As the scheduled action runs it: a progress record, and the
            # cron context makes it enqueue (queue_job is installed).
            cron = env.ref("l10n_fr_debt_recovery.ir_cron_debt_recovery_daily")
            progress = env["ir.cron.progress"].create(
                {"cron_id": cron.id, "remaining": 0, "done": 0}
            )
            cr.commit()
            t0 = clock()
            result = Action.with_context(
                ir_cron_progress_id=progress.id
            )._cron_daily_run(batch_size=args.batch_size, today=today)
            if args.overlap:
                enqueue_copies(env)
            cr.commit()  # the job runner is notified of the new jobs
            enqueue_s = clock() - t0
            started = clock()
            print(
                f"[{workers} worker(s)] cron: decided and enqueued "
                f"{result['enqueued']} batch jobs (+1 for the daily phases) "
                f"in {enqueue_s:.2f} s"
            )
            last_report = started
            while True:
                cr.rollback()  # a new snapshot
                states = job_states(cr)
                busy = sum(states.get(state, 0) for state in BUSY_STATES)
                if not busy:
                    break
                if server.poll() is not None:
                    sys.exit(f"the Odoo server stopped, see {log}")
                if clock() - started > args.timeout:
                    sys.exit(f"not done after {args.timeout} s: {states}, see {log}")
                if clock() - last_report > 30:
                    last_report = clock()
                    env.invalidate_all()
                    progress_now = Action._queue_progress(today)
                    print(
                        f"[{workers} worker(s)] {clock() - started:.0f} s: "
                        f"batches {progress_now}"
                    )
                time.sleep(0.2)
            done_s = clock() - started
            cr.execute(
                """SELECT EXTRACT(EPOCH FROM max(date_done) - min(date_started))
                     FROM queue_job WHERE channel = %s""",
                [CHANNEL],
            )
            span = cr.fetchone()[0] or 0
            cr.execute(
                """SELECT method_name, count(*), sum(exec_time), max(exec_time)
                     FROM queue_job WHERE channel = %s GROUP BY method_name""",
                [CHANNEL],
            )
            exec_times = {row[0]: row[1:] for row in cr.fetchall()}
            # Batch jobs on the same customers that ran at the same time.
            cr.execute(
                """SELECT count(*) FROM (
                       SELECT args FROM queue_job
                        WHERE channel = %s AND method_name = '_job_batch'
                        GROUP BY args
                       HAVING count(*) > 1 AND max(date_started) < min(date_done)
                   ) overlapping""",
                [CHANNEL],
            )
            overlapping = cr.fetchone()[0]
            figures = measure(cr, today)
            states = job_states(cr)
    finally:
        release(name)
        stop_server(server)
    print(
        f"[{workers} worker(s)] all jobs done in {done_s:.1f} s after the enqueue "
        f"(first start to last end: {float(span):.1f} s); jobs by state: {states}"
    )
    count, total, longest = exec_times.get("_job_batch", (0, 0, 0))
    phases = exec_times.get("_job_phases", (0, 0, 0))[1]
    print(
        f"[{workers} worker(s)] job run times: {count} batches {total:.1f} s in all "
        f"(longest {longest:.1f} s), daily phases {phases:.1f} s"
    )
    if args.overlap:
        print(
            f"[{workers} worker(s)] overlap: {overlapping} batches ran twice at "
            "the same time"
        )
    print(
        f"[{workers} worker(s)] {figures['steps']} steps made, {figures['emails']} "
        f"emails queued; DUPLICATES: {figures['duplicate_steps']} steps, "
        f"{figures['duplicate_emails']} emails"
    )
    print(f"machine load (1, 5, 15 min): {os.getloadavg()}")
    if not args.keep:
        drop(name)
    return done_s, figures, states


def enqueue_copies(env):
    """A second job for every batch job, run just after it (the job
    runner takes the jobs by date of creation, then id): the original and
    its copy run at the same time on two workers."""
    cr = env.cr
    originals = env["queue.job"].search(
        [("channel", "=", CHANNEL), ("method_name", "=", "_job_batch")],
        order="id",
    )
    Action = env["debt.recovery.run"]
    for job in originals:
        Action.with_delay(channel=CHANNEL, description=f"{job.name} (copy)")._job_batch(
            *job.args
        )
    env.flush_all()
    cr.execute(
        """WITH batch AS (
               SELECT id, min(id) OVER (PARTITION BY args) AS original
                 FROM queue_job
                WHERE channel = %s AND method_name = '_job_batch'
           ), ranked AS (
               SELECT id, dense_rank() OVER (ORDER BY original) AS position
                 FROM batch
           )
           UPDATE queue_job job
              SET date_created = (now() AT TIME ZONE 'UTC')
                                 + ranked.position * interval '1 second'
             FROM ranked WHERE ranked.id = job.id""",
        [CHANNEL],
    )
    print(f"overlap: {len(originals)} batch jobs enqueued a second time")


def measure(cr, today):
    """Steps and emails of the day, and their duplicates."""
    cr.execute("SELECT count(*) FROM debt_recovery_action WHERE date = %s", [today])
    steps = cr.fetchone()[0]
    cr.execute(
        """SELECT count(*) FROM mail_mail mail
             JOIN mail_message message ON message.id = mail.mail_message_id
            WHERE message.model = 'debt.recovery.action'"""
    )
    emails = cr.fetchone()[0]
    cr.execute(
        """SELECT coalesce(sum(n - 1), 0) FROM (
               SELECT count(*) n FROM debt_recovery_action WHERE date = %s
                GROUP BY company_id, partner_id, level_id, date HAVING count(*) > 1
           ) dup""",
        [today],
    )
    duplicate_steps = int(cr.fetchone()[0])
    cr.execute(
        """SELECT coalesce(sum(n - 1), 0) FROM (
               SELECT count(*) n FROM mail_mail mail
                 JOIN mail_message message ON message.id = mail.mail_message_id
                WHERE message.model = 'debt.recovery.action'
                GROUP BY message.res_id HAVING count(*) > 1
           ) dup"""
    )
    duplicate_emails = int(cr.fetchone()[0])
    return {
        "steps": steps,
        "emails": emails,
        "duplicate_steps": duplicate_steps,
        "duplicate_emails": duplicate_emails,
    }


def main():
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    import odoo

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    odoo.modules.module.initialize_sys_path()
    try:
        import odoo.addons.queue_job
    except Exception as error:
        sys.exit(f"OCA queue_job cannot be loaded ({error}): see scripts/lib.sh")
    # No freezegun here: the server's workers run on the real date.
    today = date.today()
    data = f"{args.database}_qjdata"
    print(
        f"{args.customers} customers, {args.invoices} invoices, today {today}, "
        f"batches of {args.batch_size} customers"
    )
    prepare_data(args, data, today)
    times = {}
    failed = False
    try:
        for workers in args.workers:
            done_s, figures, states = run(args, data, workers, today)
            times[workers] = done_s
            failed |= bool(
                figures["duplicate_steps"]
                or figures["duplicate_emails"]
                or states.get("failed")
            )
    finally:
        if not args.keep:
            drop(data)
    if 1 in times and 2 in times:
        print(f"speed-up of 2 workers over 1: {times[1] / times[2]:.2f}x")
    if failed:
        sys.exit("DUPLICATES or failed jobs: see above")


if __name__ == "__main__":
    main()
