"""Benchmark: recovery letters made through Odoo, batched vs one per letter.

    bash bench/run.sh bench_letters_odoo.py [--count 500] [--batch-size 50]
        [--per-letter-sample 10]

Creates ``--count`` customers, each with one overdue invoice and a draft
amicable-reminder action, then makes their letters as PDF attachments:

(a) as the daily job does (``debt.recovery.letter._letter_produce``):
    the letters' data built together, rendered with their report's
    template as one ODT document per ``--batch-size`` letters (spread over
    the cores), the documents converted by one LibreOffice process a core,
    each PDF split into the actions' letters;
(b) one ``ir.actions.report._render`` per action: report_py3o renders and
    converts each letter in its own LibreOffice process. Only
    ``--per-letter-sample`` actions are rendered that way; the time is
    extrapolated to ``--count`` letters (the output says so).

DESIGN.md target: (a) at least 10 times faster than (b). Works in a
transaction that is rolled back.
"""

import argparse
import os
import sys
from datetime import date, timedelta

TARGET = 10.0
TODAY = date(2026, 3, 2)


def clock():
    """Wall clock that freezegun does not freeze."""
    return os.times().elapsed


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--per-letter-sample", type=int, default=10)
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


def generate(env, count):
    ensure_accounting(env)
    company = env.company
    company.write(
        {
            "street": "18 rue des Petites-Écuries",
            "zip": "75010",
            "city": "Paris",
            "country_id": env.ref("base.fr").id,
            "company_registry": "81234567800027",
        }
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Client {index:04d} SARL",
                "is_company": True,
                "email": f"client{index}@example.com",
                "street": f"{index} avenue Jean-Jaurès",
                "zip": "69007",
                "city": "Lyon",
                "country_id": env.ref("base.fr").id,
                "recovery_letter_channel": "post",
            }
            for index in range(count)
        ]
    )
    due = TODAY - timedelta(days=20)
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due,
                "invoice_date_due": due,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Prestation",
                            "quantity": 1,
                            "price_unit": 100.0 + index,
                            "tax_ids": [(5, 0, 0)],
                        },
                    )
                ],
            }
            for index, partner in enumerate(partners)
        ]
    )
    moves.action_post()
    level = env["debt.recovery.level"].search(
        [("company_id", "=", company.id), ("code", "=", "amicable")]
    )
    return env["debt.recovery.action"].create(
        [
            {
                "partner_id": move.partner_id.id,
                "level_id": level.id,
                "date": TODAY,
                "invoice_ids": [(6, 0, move.ids)],
                "channel": "post",
                "amount_due": move.amount_residual,
            }
            for move in moves
        ]
    )


def main():
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param(
            "l10n_fr_debt_recovery.pdf_batch_size", str(args.batch_size)
        )
        t0 = clock()
        actions = generate(env, args.count)
        print(
            f"generated {len(actions)} customers, invoices and actions in {clock() - t0:.1f} s"
        )
        report = actions[:1].level_id.report_id

        t0 = clock()
        letters = [o for o in actions._recovery_make_letters() if o.attachment]
        batched = clock() - t0
        failed = actions.filtered(lambda a: a.state == "failed")
        documents = -(-len(actions) // args.batch_size)
        processes = -(-documents // args.batch_size)
        print(
            f"(a) batched: {len(letters)} letters in {batched:.1f} s "
            f"({documents} ODT documents of up to {args.batch_size} letters, "
            f"{processes} LibreOffice process(es), "
            f"{batched / max(len(letters), 1):.3f} s per letter, {len(failed)} failed)"
        )

        sample = actions[: args.per_letter_sample]
        t0 = clock()
        for action in sample:
            content, _ext = env["ir.actions.report"]._render(
                report.report_name, action.ids
            )
            assert content.startswith(b"%PDF-")
        per_letter = clock() - t0
        extrapolated = per_letter / len(sample) * len(actions)
        print(
            f"(b) one LibreOffice process per letter: {len(sample)} letters in "
            f"{per_letter:.1f} s ({per_letter / len(sample):.2f} s per letter), "
            f"extrapolated to {len(actions)} letters: {extrapolated:.1f} s"
        )
        ratio = extrapolated / batched if batched else 0.0
        verdict = "OK" if ratio >= TARGET else "BELOW TARGET"
        print(f"speed-up (b)/(a): {ratio:.1f}x (target {TARGET:.0f}x): {verdict}")
        cr.rollback()


if __name__ == "__main__":
    main()
