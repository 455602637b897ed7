"""Benchmark of the daily recovery job (DESIGN.md quality bars).

Generates N customers with M open invoices (a fraction of them overdue) as
Odoo posts them (journal items, taxes, partial payments, credit notes,
disputes: ``bench_data.py``, set-based SQL), checks a few of them against the
same invoices made through the ORM, then times the decision phase and the
whole run with their SQL query counts, and prints the peak memory (RSS) of
the run, the emails queued and the actions made. ``--profile`` adds the
top costs of the run (cProfile). Run it through ``bench/run.sh``:

    bash bench/run.sh bench_daily_job.py --customers 10000 --invoices 100000

``run.sh`` runs it on a scratch copy of the benchmark database, dropped
afterwards: the daily job commits each batch as the scheduled action does
(each batch's customer locks are released with its transaction).
"""

import argparse
import cProfile
import os
import pstats
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_data


def clock():
    """Wall clock that freezegun does not freeze (it patches every time.* clock)."""
    return os.times().elapsed


def cpu_clock():
    """CPU time of this process (user + system): what the run costs, less
    dependent than the wall clock on the other processes of a shared
    machine (PostgreSQL's own time is not in it)."""
    times = os.times()
    return times.user + times.system


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--invoices", type=int, default=100000)
    parser.add_argument("--overdue-ratio", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--today", default="2026-06-20")
    parser.add_argument(
        "--letter-customers",
        type=int,
        default=0,
        metavar="N",
        help="a letter day: N customers get the amicable letter (PDF attached)",
    )
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="set the database up (chart, French, journal), commit, and stop",
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print the N top costs"
    )
    parser.add_argument(
        "--profile-out", metavar="FILE", help="save the cProfile stats (pstats)"
    )
    parser.add_argument(
        "--no-check", action="store_true", help="skip the check against the ORM"
    )
    parser.add_argument(
        "--odoo-path",
        action="store_true",
        help="the whole run through Odoo's own path (system parameter "
        "l10n_fr_debt_recovery.fast_path set to 0): create, send_mail_batch, "
        "_message_log_batch",
    )
    return parser.parse_args()


def peak_rss_reset():
    """Reset the peak RSS of this process (Linux: clear_refs 5), so that the
    figure printed is the run's, not the data generation's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    args = parse_args()
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    today = date.fromisoformat(args.today)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        bench_data.ensure_accounting(env)
        cr.commit()  # the chart, the language and the journal are kept
        if args.prepare_only:
            return
        bench_data.generate_checked(
            env,
            args.customers,
            args.invoices,
            args.overdue_ratio,
            today,
            letter_customers=args.letter_customers,
            check=not args.no_check,
        )
        env["ir.config_parameter"].set_param(
            "l10n_fr_debt_recovery.fast_path", "0" if args.odoo_path else "1"
        )
        print(
            "path:",
            "Odoo's own (create, send_mail_batch)" if args.odoo_path else "fast",
        )
        env.flush_all()
        cr.commit()  # a scratch database: the job commits its batches
        cr.execute("ANALYZE")
        Action = env["debt.recovery.action"]
        Run = env["debt.recovery.run"]
        # As the scheduled action runs it: a progress record, one commit per
        # batch (``debt.recovery.run._daily_run``).
        cron = env.ref("l10n_fr_debt_recovery.ir_cron_debt_recovery_daily")
        progress = env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        cr.commit()
        companies = env["res.company"].search([])

        from freezegun import freeze_time

        with freeze_time(today):
            env.invalidate_all()
            queries = cr.sql_log_count
            t0 = clock()
            decisions, skipped = Run._decide(companies, today)
            decide_s = clock() - t0
            queries = cr.sql_log_count - queries
            print(
                f"decision phase: {decide_s:.2f} s, {queries} SQL queries, "
                f"{len(decisions)} customers to process, {len(skipped)} left for later"
            )
            env.invalidate_all()
            reset = peak_rss_reset()
            profiler = cProfile.Profile() if args.profile else None
            letters = {"seconds": 0.0}
            Letter = type(env["debt.recovery.letter"])
            render = Letter._letter_produce

            def timed_render(self_, *args, **kwargs):
                started = clock()
                try:
                    return render(self_, *args, **kwargs)
                finally:
                    letters["seconds"] += clock() - started

            Letter._letter_produce = timed_render
            queries = cr.sql_log_count
            cpu0 = cpu_clock()
            t0 = clock()
            if profiler:
                profiler.enable()
            result = Run.with_context(ir_cron_progress_id=progress.id)._cron_daily_run(
                batch_size=args.batch_size
            )
            env.flush_all()
            if profiler:
                profiler.disable()
            run_s = clock() - t0
            run_cpu = cpu_clock() - cpu0
            queries = cr.sql_log_count - queries
        peak = peak_rss_mib()
        actions = Action.search_count([("date", "=", today)])
        mails = env["mail.mail"].search_count([("model", "=", "debt.recovery.action")])
        print(
            f"whole run: {run_s:.1f} s (CPU of this process: {run_cpu:.1f} s), "
            f"{queries} SQL queries "
            f"({result['done']} customers done, {result['failed']} failed), "
            f"{actions} actions, {mails} emails queued"
        )
        made = Action.search_count(
            [("date", "=", today), ("letter_attachment_id", "!=", False)]
        )
        if made:
            print(
                f"letters: {made} PDF letters made in {letters['seconds']:.1f} s, "
                f"{1000 * letters['seconds'] / made:.0f} ms per letter"
            )
        print(
            f"peak memory (RSS) of the run: {peak:.0f} MiB"
            + ("" if reset else " (whole process: peak RSS could not be reset)")
        )
        print(f"machine load (1, 5, 15 min): {os.getloadavg()}")
        if profiler:
            if args.profile_out:
                profiler.dump_stats(args.profile_out)
            stats = pstats.Stats(profiler)
            stats.sort_stats("tottime").print_stats(args.profile)
            stats.sort_stats("cumulative").print_stats(args.profile * 3)
        cr.commit()


if __name__ == "__main__":
    main()
