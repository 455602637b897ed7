"""Benchmark of the daily recovery job (DESIGN.md quality bars).

Generates N customers with M open invoices (a fraction of them overdue) with
plain SQL, then times the decision phase (with its SQL query count) and the
whole run, and prints the peak memory. Run it through ``bench/run.sh``:

    bash bench/run.sh bench_daily_job.py --customers 10000 --invoices 100000

Each run works in a transaction that is rolled back: the database is left as
it was (pass --keep to commit the generated data and the actions).
"""

import argparse
import os
import resource
import time
from datetime import date


def clock():
    """Wall clock that freezegun does not freeze (it patches every time.* clock)."""
    return os.times().elapsed


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--invoices", type=int, default=100000)
    parser.add_argument("--overdue-ratio", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--today", default="2026-06-20")
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args()


def ensure_accounting(env):
    company = env.company
    if not env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)]
    ):
        company.currency_id = env.ref("base.EUR")
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
    return env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )


def generate(env, customers, invoices, overdue_ratio, today):
    cr = env.cr
    company = env.company
    journal = ensure_accounting(env)
    run = int(time.time())
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active,
                                 email, street, zip, city, type, autopost_bills,
                                 company_id, create_date, write_date)
        SELECT 'Bench customer ' || g, 'Bench customer ' || g,
               TRUE, TRUE, 'bench' || g || '@example.com', '1 rue du Banc', '75001', 'Paris',
               'contact', 'ask', NULL, now(), now()
          FROM generate_series(1, %s) g
        RETURNING id
        """,
        (customers,),
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        (partner_ids,),
    )
    overdue = int(invoices * overdue_ratio)
    # Overdue invoices are due 4 to 60 days before today; the others later.
    cr.execute(
        """
        INSERT INTO account_move (name, move_type, state, payment_state, journal_id,
                                  company_id, currency_id, date, invoice_date,
                                  invoice_date_due, partner_id, commercial_partner_id,
                                  amount_untaxed, amount_tax, amount_total,
                                  amount_residual, amount_untaxed_signed,
                                  amount_tax_signed, amount_total_signed,
                                  amount_residual_signed, amount_total_in_currency_signed,
                                  auto_post, create_date, write_date)
        SELECT 'BENCH/' || %(run)s || '/' || g, 'out_invoice', 'posted', 'not_paid',
               %(journal)s, %(company)s, %(currency)s,
               due - 30, due - 30, due,
               partner, partner, amount, 0, amount, amount, amount, 0, amount, amount,
               amount, 'no', now(), now()
          FROM (
                SELECT g,
                       (%(partners)s::int[])[1 + (g %% %(n_partners)s)] AS partner,
                       CASE WHEN g <= %(overdue)s
                            THEN %(today)s::date - (4 + (g %% 57))
                            ELSE %(today)s::date + (g %% 60) END AS due,
                       (100 + (g %% 5000))::numeric AS amount
                  FROM generate_series(1, %(invoices)s) g
               ) src
        """,
        {
            "run": run,
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "partners": partner_ids,
            "n_partners": len(partner_ids),
            "overdue": overdue,
            "today": today,
            "invoices": invoices,
        },
    )
    env.invalidate_all()
    return partner_ids, overdue


def main():
    args = parse_args()
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    today = date.fromisoformat(args.today)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        t0 = clock()
        partner_ids, overdue = generate(
            env, args.customers, args.invoices, args.overdue_ratio, today
        )
        print(
            f"generated {len(partner_ids)} customers, {args.invoices} invoices "
            f"({overdue} overdue) in {clock() - t0:.1f} s"
        )
        Action = env["debt.recovery.action"]
        companies = env["res.company"].search([])

        from freezegun import freeze_time

        with freeze_time(today):
            queries = cr.sql_log_count
            t0 = clock()
            decisions, skipped = Action._recovery_decide(companies, today)
            decide_s = clock() - t0
            queries = cr.sql_log_count - queries
            print(
                f"decision phase: {decide_s:.2f} s, {queries} SQL queries, "
                f"{len(decisions)} customers to process, {len(skipped)} left for later"
            )
            t0 = clock()
            result = Action._cron_daily_run(batch_size=args.batch_size)
            run_s = clock() - t0
        actions = Action.search_count([("date", "=", today)])
        mails = env["mail.mail"].search_count([("model", "=", "debt.recovery.action")])
        print(
            f"whole run: {run_s:.1f} s ({result['done']} customers done, "
            f"{result['failed']} failed), {actions} actions, {mails} emails queued"
        )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (RSS): {peak_mb:.0f} MiB")
        if args.keep:
            cr.commit()
        else:
            cr.rollback()


if __name__ == "__main__":
    main()
