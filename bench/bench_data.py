"""Realistic benchmark data for the daily recovery job, made by set-based SQL.

The invoices look as Odoo posts them (``account.move`` ``action_post``): a
product line on the income account with the sale tax (20 % for the French
chart), the tax line, the receivable line (``payment_term``) due on the due
date; some invoices are partly paid (a payment entry whose receivable line is
reconciled with the invoice's, ``account.partial.reconcile``), some customers
have an open credit note, and some overdue invoices are disputed (excluded
from the ladder with no end date).

Everything is inserted with a handful of ``INSERT ... SELECT`` statements from
``generate_series`` (100,000 invoices in a few seconds). ``check_against_orm``
then creates a few invoices, payments and credit notes through the ORM with
the same figures, and compares them with generated ones: same residuals,
payment states and totals, same journal items (account, debit, credit,
residual, maturity, taxes). The benchmark runs it before each measurement
(``bench_daily_job.py``), and ``tests/test_bench_data.py`` runs it on a small
data set.

Used by ``bench_daily_job.py``; importable without Odoo (``env`` is passed in).
"""

import os
import sys
import time
from datetime import timedelta

# Shares of the generated data (of the invoices, or of the customers).
PAID_SHARE = 10  # one invoice in 10 is partly paid (30 % of its total)
DISPUTE_SHARE = 50  # one overdue invoice in 50 is disputed
CREDIT_SHARE = 20  # one customer in 20 has an open credit note
PAID_RATIO = "0.3"
CREDIT_AMOUNT = 60.0  # tax included


def ensure_accounting(env):
    """The company's chart (French when l10n_fr is installed), French as
    its language, its sale journal and a journal of its own for the
    generated invoices (their numbers never collide with the ones the ORM
    gives). Made once: the caller commits it."""
    company = env.company
    lang = (
        env["res.lang"].with_context(active_test=False).search([("code", "=", "fr_FR")])
    )
    if not lang.active:
        env["base.language.install"].create(
            {"lang_ids": [(6, 0, lang.ids)], "overwrite": False}
        ).lang_install()
        company.partner_id.lang = "fr_FR"
    french = env["ir.module.module"].search_count(
        [("name", "=", "l10n_fr"), ("state", "=", "installed")]
    )
    template = "fr" if french else "generic_coa"
    if company.chart_template != template and not company._existing_accounting():
        company.currency_id = env.ref("base.EUR")
        if french:
            company.country_id = env.ref("base.fr")
        env["account.chart.template"].try_loading(template, company, install_demo=False)
    Journal = env["account.journal"]
    journal = Journal.search(
        [("code", "=", "BNCH"), ("company_id", "=", company.id)], limit=1
    )
    if not journal:
        sale = Journal.search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        journal = sale.copy(
            {
                "name": "Bench invoices",
                "code": "BNCH",
                "default_account_id": sale.default_account_id.id,
            }
        )
    bank = Journal.search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    return journal, bank


def _accounts(env, journal, bank):
    company = env.company
    tax = company.account_sale_tax_id
    repartition = tax.invoice_repartition_line_ids.filtered(
        lambda line: line.repartition_type == "tax"
    )[:1]
    return {
        "company": company.id,
        "currency": company.currency_id.id,
        "journal": journal.id,
        "bank": bank.id,
        "income": journal.default_account_id.id,
        "outstanding": (
            bank.inbound_payment_method_line_ids[:1].payment_account_id.id
            or bank.default_account_id.id
        ),
        "tax": tax.id,
        "tax_rate": tax.amount / 100.0,
        "tax_group": tax.tax_group_id.id,
        "tax_account": repartition.account_id.id,
        "tax_repartition": repartition.id,
        "user": env.uid,
    }


def generate(env, customers, invoices, overdue_ratio, today, letter_customers=0):
    """Insert ``customers`` customers and ``invoices`` open invoices (the
    first ``overdue_ratio`` of them overdue, due 4 to 60 days before
    ``today``; the others due later), with their journal items, partial
    payments, credit notes and disputes. Returns ``(partner_ids, overdue)``."""
    cr = env.cr
    journal, bank = ensure_accounting(env)
    env.flush_all()
    run = int(time.time()) % 100000
    overdue = int(invoices * overdue_ratio)
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active,
                                 email, street, zip, city, type, autopost_bills,
                                 lang, create_date, write_date)
        SELECT 'Bench customer ' || g, 'Bench customer ' || g,
               TRUE, TRUE, 'bench' || g || '@example.com', '1 rue du Banc', '75001',
               'Paris', 'contact', 'ask', 'fr_FR', now(), now()
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
    acc = _accounts(env, journal, bank)
    # The receivable account the customers get (the company's default).
    acc["receivable"] = (
        env["res.partner"]
        .with_company(env.company)
        .browse(partner_ids[0])
        .property_account_receivable_id.id
    )
    params = dict(
        acc,
        run=run,
        partners=partner_ids,
        n_partners=len(partner_ids),
        overdue=overdue,
        today=today,
        invoices=invoices,
        paid_share=PAID_SHARE,
        dispute_share=DISPUTE_SHARE,
        credit_share=CREDIT_SHARE,
        paid_ratio=PAID_RATIO,
        credit_amount=CREDIT_AMOUNT,
        year=today.year,
    )
    # One row per invoice with every figure and the ids of its records,
    # then each table filled from it in one statement.
    cr.execute(
        """
        CREATE TEMP TABLE bench_invoice ON COMMIT DROP AS
        SELECT g, move_id, partner, due, untaxed, tax, untaxed + tax AS total,
               paid, disputed,
               nextval('account_move_line_id_seq') AS product_line,
               nextval('account_move_line_id_seq') AS tax_line,
               nextval('account_move_line_id_seq') AS term_line,
               CASE WHEN paid > 0 THEN nextval('account_move_id_seq') END AS pay_move,
               CASE WHEN paid > 0 THEN nextval('account_move_line_id_seq') END AS pay_line,
               CASE WHEN paid > 0 THEN nextval('account_move_line_id_seq') END AS pay_cash
          FROM (
                SELECT g, nextval('account_move_id_seq') AS move_id, partner, due,
                       untaxed, ROUND(untaxed * %(tax_rate)s, 2) AS tax,
                       CASE WHEN g %% %(paid_share)s = 3
                            THEN ROUND((untaxed + ROUND(untaxed * %(tax_rate)s, 2))
                                       * %(paid_ratio)s::numeric, 2)
                            ELSE 0 END AS paid,
                       (g <= %(overdue)s AND g %% %(dispute_share)s = 7) AS disputed
                  FROM (
                        SELECT g,
                               (%(partners)s::int[])[1 + (g %% %(n_partners)s)] AS partner,
                               CASE WHEN g <= %(overdue)s
                                    THEN %(today)s::date - (4 + (g %% 57))
                                    ELSE %(today)s::date + (g %% 60) END AS due,
                               (80 + (g %% 4000) + (g %% 100) / 100.0)::numeric AS untaxed
                          FROM generate_series(1, %(invoices)s) g
                       ) raw
               ) figures
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO account_move (id, name, sequence_prefix, sequence_number,
               move_type, state, payment_state, journal_id, company_id, currency_id,
               date, invoice_date, invoice_date_due, partner_id, commercial_partner_id,
               partner_shipping_id, invoice_partner_display_name, payment_reference,
               invoice_currency_rate, amount_untaxed, amount_tax, amount_total,
               amount_residual, amount_untaxed_signed, amount_untaxed_in_currency_signed,
               amount_tax_signed, amount_total_signed, amount_total_in_currency_signed,
               amount_residual_signed, auto_post, posted_before, is_storno,
               always_tax_exigible, made_sequence_gap, is_move_sent, checked,
               invoice_user_id, recovery_excluded, recovery_exclusion_reason,
               recovery_excluded_by_id, recovery_excluded_on,
               create_uid, write_uid, create_date, write_date)
        SELECT inv.move_id, 'BNCH/' || %(run)s || '/' || LPAD(inv.g::text, 6, '0'),
               'BNCH/' || %(run)s || '/', inv.g,
               'out_invoice', 'posted',
               CASE WHEN inv.paid > 0 THEN 'partial' ELSE 'not_paid' END,
               %(journal)s, %(company)s, %(currency)s,
               inv.due - 30, inv.due - 30, inv.due, inv.partner, inv.partner,
               inv.partner, 'Bench customer ' || inv.partner,
               'BNCH/' || %(run)s || '/' || LPAD(inv.g::text, 6, '0'),
               1.0, inv.untaxed, inv.tax, inv.total, inv.total - inv.paid,
               inv.untaxed, inv.untaxed, inv.tax, inv.total, inv.total,
               inv.total - inv.paid, 'no', TRUE, FALSE, FALSE, FALSE, FALSE, FALSE,
               %(user)s, inv.disputed, CASE WHEN inv.disputed THEN 'dispute' END,
               CASE WHEN inv.disputed THEN %(user)s END,
               CASE WHEN inv.disputed THEN now() AT TIME ZONE 'UTC' END,
               %(user)s, %(user)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM bench_invoice inv
        """,
        params,
    )
    # The three journal items of each invoice, as action_post leaves them.
    cr.execute(
        """
        INSERT INTO account_move_line (id, move_id, move_name, journal_id, company_id,
               company_currency_id, currency_id, account_id, partner_id, display_type,
               sequence, name, date, invoice_date, date_maturity, parent_state,
               debit, credit, balance, amount_currency, amount_residual,
               amount_residual_currency, reconciled, quantity, price_unit, discount,
               price_subtotal, price_total, tax_base_amount, tax_line_id, tax_group_id,
               tax_repartition_line_id, tax_tag_invert, discount_amount_currency,
               discount_balance, is_downpayment, create_uid, write_uid, create_date,
               write_date)
        SELECT line.id, inv.move_id, 'BNCH/' || %(run)s || '/' || LPAD(inv.g::text, 6, '0'),
               %(journal)s, %(company)s, %(currency)s, %(currency)s, line.account,
               inv.partner, line.kind, line.seq, line.label, inv.due - 30, inv.due - 30,
               line.maturity, 'posted', line.debit, line.credit, line.debit - line.credit,
               line.debit - line.credit, line.residual, line.residual,
               line.kind = 'payment_term' AND line.residual = 0,
               line.qty, line.price, 0, line.subtotal, line.ptotal, line.base,
               line.tax_line, line.tax_group, line.repartition, line.kind = 'tax',
               0, 0, FALSE, %(user)s, %(user)s, now() AT TIME ZONE 'UTC',
               now() AT TIME ZONE 'UTC'
          FROM bench_invoice inv
         CROSS JOIN LATERAL (VALUES
               (inv.product_line, 'product', 10, 'Prestation'::varchar, %(income)s,
                NULL::date, 0::numeric, inv.untaxed, NULL::numeric, 1::numeric,
                inv.untaxed, inv.untaxed, inv.total, 0::numeric, NULL::int,
                NULL::int, NULL::int),
               (inv.tax_line, 'tax', 11, NULL, %(tax_account)s, NULL, 0, inv.tax,
                0, 0, 0, 0, 0, inv.untaxed, %(tax)s, %(tax_group)s,
                %(tax_repartition)s),
               (inv.term_line, 'payment_term', 12,
                'BNCH/' || %(run)s || '/' || LPAD(inv.g::text, 6, '0'),
                %(receivable)s, inv.due, inv.total, 0, inv.total - inv.paid, 0, 0, 0,
                0, 0, NULL, NULL, NULL)
               ) AS line(id, kind, seq, label, account, maturity, debit, credit,
                         residual, qty, price, subtotal, ptotal, base, tax_line,
                         tax_group, repartition)
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id)
        SELECT product_line, %(tax)s FROM bench_invoice
        """,
        params,
    )
    # Partial payments: a payment entry (outstanding receipts / receivable)
    # reconciled with the invoice's receivable line.
    cr.execute(
        """
        INSERT INTO account_move (id, name, sequence_prefix, sequence_number, move_type,
               state, journal_id, company_id, currency_id, date, partner_id,
               commercial_partner_id, ref, amount_untaxed, amount_tax, amount_total,
               amount_residual, amount_untaxed_signed, amount_untaxed_in_currency_signed,
               amount_tax_signed, amount_total_signed, amount_total_in_currency_signed,
               amount_residual_signed, invoice_currency_rate, auto_post, posted_before,
               is_storno, always_tax_exigible, made_sequence_gap, is_move_sent, checked,
               create_uid, write_uid, create_date, write_date)
        SELECT pay_move, 'BPAY/' || %(run)s || '/' || LPAD(g::text, 6, '0'),
               'BPAY/' || %(run)s || '/', g, 'entry', 'posted', %(bank)s, %(company)s,
               %(currency)s, LEAST(due, %(today)s::date - 1), partner, partner,
               'Acompte', 0, 0, paid, 0, 0, 0, 0, paid, paid, 0, 1.0, 'no', TRUE,
               FALSE, FALSE, FALSE, FALSE, TRUE, %(user)s, %(user)s,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM bench_invoice WHERE paid > 0
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO account_move_line (id, move_id, move_name, journal_id, company_id,
               company_currency_id, currency_id, account_id, partner_id, display_type,
               sequence, name, date, parent_state, debit, credit, balance,
               amount_currency, amount_residual, amount_residual_currency, reconciled,
               quantity, price_unit, discount, price_subtotal, price_total,
               tax_base_amount, tax_tag_invert, discount_amount_currency,
               discount_balance, is_downpayment, create_uid, write_uid, create_date,
               write_date)
        SELECT line.id, inv.pay_move, 'BPAY/' || %(run)s || '/' || LPAD(inv.g::text, 6, '0'),
               %(bank)s, %(company)s, %(currency)s, %(currency)s, line.account,
               inv.partner, 'product', line.seq, 'Acompte',
               LEAST(inv.due, %(today)s::date - 1), 'posted', line.debit, line.credit,
               line.debit - line.credit, line.debit - line.credit, line.residual,
               line.residual, line.reconciled, 1, 0, 0, 0, 0, 0, FALSE, 0, 0, FALSE,
               %(user)s, %(user)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM bench_invoice inv
         CROSS JOIN LATERAL (VALUES
               (inv.pay_cash, 10, %(outstanding)s, inv.paid, 0::numeric, inv.paid, FALSE),
               (inv.pay_line, 11, %(receivable)s, 0, inv.paid, 0, TRUE)
               ) AS line(id, seq, account, debit, credit, residual, reconciled)
         WHERE inv.paid > 0
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id,
               debit_currency_id, credit_currency_id, company_id, max_date, amount,
               debit_amount_currency, credit_amount_currency, create_uid, write_uid,
               create_date, write_date)
        SELECT term_line, pay_line, %(currency)s, %(currency)s, %(company)s,
               GREATEST(due - 30, LEAST(due, %(today)s::date - 1)), paid, paid, paid,
               %(user)s, %(user)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM bench_invoice WHERE paid > 0
        """,
        params,
    )
    # Open credit notes (not reconciled): deducted from what is claimed.
    cr.execute(
        """
        CREATE TEMP TABLE bench_refund ON COMMIT DROP AS
        SELECT n, partner, nextval('account_move_id_seq') AS move_id,
               ROUND(%(credit_amount)s / (1 + %(tax_rate)s), 2) AS untaxed,
               %(credit_amount)s - ROUND(%(credit_amount)s / (1 + %(tax_rate)s), 2) AS tax,
               %(credit_amount)s::numeric AS total,
               nextval('account_move_line_id_seq') AS product_line,
               nextval('account_move_line_id_seq') AS tax_line,
               nextval('account_move_line_id_seq') AS term_line
          FROM (SELECT row_number() OVER () AS n, partner
                  FROM unnest(%(partners)s::int[]) WITH ORDINALITY p(partner, i)
                 WHERE i %% %(credit_share)s = 5) picked
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO account_move (id, name, sequence_prefix, sequence_number,
               move_type, state, payment_state, journal_id, company_id, currency_id,
               date, invoice_date, invoice_date_due, partner_id, commercial_partner_id,
               partner_shipping_id, invoice_partner_display_name, invoice_currency_rate,
               amount_untaxed, amount_tax, amount_total, amount_residual,
               amount_untaxed_signed, amount_untaxed_in_currency_signed,
               amount_tax_signed, amount_total_signed, amount_total_in_currency_signed,
               amount_residual_signed, auto_post, posted_before, is_storno,
               always_tax_exigible, made_sequence_gap, is_move_sent, checked,
               invoice_user_id, create_uid, write_uid, create_date, write_date)
        SELECT move_id, 'BRINV/' || %(run)s || '/' || LPAD(n::text, 6, '0'),
               'BRINV/' || %(run)s || '/', n, 'out_refund', 'posted', 'not_paid',
               %(journal)s, %(company)s, %(currency)s,
               %(today)s::date - 10, %(today)s::date - 10, %(today)s::date - 10,
               partner, partner, partner, 'Bench customer ' || partner, 1.0,
               untaxed, tax, total, total, -untaxed, -untaxed, -tax, -total, -total,
               -total, 'no', TRUE, FALSE, FALSE, FALSE, FALSE, FALSE, %(user)s,
               %(user)s, %(user)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM bench_refund
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO account_move_line (id, move_id, move_name, journal_id, company_id,
               company_currency_id, currency_id, account_id, partner_id, display_type,
               sequence, name, date, invoice_date, date_maturity, parent_state,
               debit, credit, balance, amount_currency, amount_residual,
               amount_residual_currency, reconciled, quantity, price_unit, discount,
               price_subtotal, price_total, tax_base_amount, tax_line_id, tax_group_id,
               tax_repartition_line_id, tax_tag_invert, discount_amount_currency,
               discount_balance, is_downpayment, create_uid, write_uid, create_date,
               write_date)
        SELECT line.id, ref.move_id, 'BRINV/' || %(run)s || '/' || LPAD(ref.n::text, 6, '0'),
               %(journal)s, %(company)s, %(currency)s, %(currency)s, line.account,
               ref.partner, line.kind, line.seq, line.label, %(today)s::date - 10,
               %(today)s::date - 10, line.maturity, 'posted', line.debit, line.credit,
               line.debit - line.credit, line.debit - line.credit, line.residual,
               line.residual, FALSE, line.qty, line.price, 0, line.subtotal,
               line.ptotal, line.base, line.tax_line, line.tax_group,
               line.repartition, FALSE, 0, 0, FALSE, %(user)s, %(user)s,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM bench_refund ref
         CROSS JOIN LATERAL (VALUES
               (ref.product_line, 'product', 10, 'Avoir'::varchar, %(income)s,
                NULL::date, ref.untaxed, 0::numeric, NULL::numeric, 1::numeric,
                ref.untaxed, ref.untaxed, ref.total, 0::numeric, NULL::int,
                NULL::int, NULL::int),
               (ref.tax_line, 'tax', 11, NULL, %(tax_account)s, NULL, ref.tax, 0, 0,
                0, 0, 0, 0, ref.untaxed, %(tax)s, %(tax_group)s, %(refund_repartition)s),
               (ref.term_line, 'payment_term', 12, '', %(receivable)s,
                %(today)s::date - 10, 0, ref.total, -ref.total, 0, 0, 0, 0, 0, NULL,
                NULL, NULL)
               ) AS line(id, kind, seq, label, account, maturity, debit, credit,
                         residual, qty, price, subtotal, ptotal, base, tax_line,
                         tax_group, repartition)
        """,
        dict(
            params,
            refund_repartition=env["account.tax"]
            .browse(acc["tax"])
            .refund_repartition_line_ids.filtered(
                lambda line: line.repartition_type == "tax"
            )[:1]
            .id,
        ),
    )
    cr.execute(
        """
        INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id)
        SELECT product_line, %(tax)s FROM bench_refund
        """,
        params,
    )
    # The stored next step of each invoice, as its compute leaves it: the
    # first step of the ladder, due ``delay_days`` after the due date; none
    # for a disputed invoice.
    cr.execute(
        """
        UPDATE account_move move
           SET recovery_next_level_id = first.id,
               recovery_next_date = move.invoice_date_due + first.delay_days
          FROM bench_invoice inv,
               LATERAL (SELECT level.id, level.delay_days
                          FROM debt_recovery_level level
                         WHERE level.company_id = %(company)s AND level.active
                      ORDER BY level.sequence, level.id LIMIT 1) first
         WHERE move.id = inv.move_id AND NOT inv.disputed
        """,
        params,
    )
    if letter_customers:
        # A letter day: the overdue invoices of the first customers reached
        # the courtesy step 20 days ago and are 16 to 45 days late, so that
        # their amicable letter (PDF attached to the email) is due today.
        cr.execute(
            """
            WITH picked AS (
                SELECT inv.move_id, inv.term_line,
                       %(today)s::date - 16 - (inv.g %% 30) AS due
                  FROM bench_invoice inv
                 WHERE inv.g <= %(overdue)s AND NOT inv.disputed
                   AND inv.partner = ANY(%(letter_partners)s)
            ), moved AS (
                UPDATE account_move move
                   SET invoice_date_due = picked.due,
                       recovery_level_id = courtesy.id,
                       recovery_last_date = %(today)s::date - 20,
                       recovery_next_level_id = amicable.id,
                       recovery_next_date = picked.due + amicable.delay_days
                  FROM picked,
                       debt_recovery_level courtesy, debt_recovery_level amicable
                 WHERE move.id = picked.move_id
                   AND courtesy.company_id = %(company)s AND courtesy.code = 'courtesy'
                   AND amicable.company_id = %(company)s AND amicable.code = 'amicable'
             RETURNING move.id
            )
            UPDATE account_move_line line
               SET date_maturity = picked.due
              FROM picked
             WHERE line.id = picked.term_line
            """,
            dict(params, letter_partners=partner_ids[:letter_customers]),
        )
    cr.execute("SELECT count(*) FROM bench_refund")
    refunds = cr.fetchone()[0]
    cr.execute("DROP TABLE bench_invoice, bench_refund")
    env.invalidate_all()
    return partner_ids, overdue, refunds


# ------------------------------------------------------------------ check
LINE_FIELDS = (
    "display_type",
    "account_id",
    "debit",
    "credit",
    "amount_residual",
    "date_maturity",
    "tax_line_id",
    "reconciled",
)
MOVE_FIELDS = (
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_residual",
    "amount_residual_signed",
    "payment_state",
    "invoice_date_due",
    "recovery_next_level_id",
    "recovery_next_date",
)


def _signature(move):
    def value(record, name):
        val = record[name]
        if hasattr(val, "_name"):
            return val.id or False
        if isinstance(val, float):
            return round(val, 2)
        return val

    lines = sorted(
        (
            (
                *(value(line, name) for name in LINE_FIELDS),
                tuple(line.tax_ids.ids),
            )
            for line in move.line_ids
        ),
        key=lambda row: (row[0], row[2], row[3]),
    )
    return {
        "move": {name: value(move, name) for name in MOVE_FIELDS},
        "lines": lines,
        "receivable": [row for row in lines if row[0] == "payment_term"],
    }


def check_against_orm(env, today, sample=3):
    """Create through the ORM invoices with the figures of a few generated
    ones (a plain one, a partly paid one, a credit note), post them, pay
    them, and compare. Returns a list of differences (empty: same)."""
    from odoo import Command

    Move = env["account.move"]
    problems = []
    picked = []
    for domain in (
        [("payment_state", "=", "not_paid"), ("move_type", "=", "out_invoice")],
        [("payment_state", "=", "partial"), ("move_type", "=", "out_invoice")],
        [("move_type", "=", "out_refund")],
    ):
        picked += Move.search(
            [("name", "=like", "BNCH/%"), ("state", "=", "posted"), *domain]
            if domain[0][0] != "move_type"
            else [("name", "=like", "BRINV/%"), *domain],
            limit=sample,
            order="id desc",
        )
    journal = env["account.journal"].search(
        [("code", "=", "BNCH"), ("company_id", "=", env.company.id)], limit=1
    )
    for generated in picked:
        product = generated.invoice_line_ids
        orm = Move.create(
            {
                "move_type": generated.move_type,
                "journal_id": journal.id,
                "partner_id": generated.partner_id.id,
                "invoice_date": generated.invoice_date,
                "date": generated.date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "quantity": 1,
                            "price_unit": product.price_unit,
                            "account_id": product.account_id.id,
                            "tax_ids": [Command.set(product.tax_ids.ids)],
                        }
                    )
                ],
            }
        )
        orm.invoice_payment_term_id = False
        orm.invoice_date_due = generated.invoice_date_due
        orm.action_post()
        paid = generated.amount_total - generated.amount_residual
        if paid and generated.move_type == "out_invoice":
            bank = env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", env.company.id)],
                limit=1,
            )
            payment = (
                env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=orm.ids)
                .create(
                    {
                        "amount": paid,
                        "journal_id": bank.id,
                        "payment_date": min(
                            generated.invoice_date_due, today - timedelta(days=1)
                        ),
                    }
                )
            )
            payment._create_payments()
        got, want = _signature(orm), _signature(generated)
        for key in ("move", "receivable", "lines"):
            if got[key] != want[key]:
                problems.append(
                    f"{generated.name} ({key}): ORM {got[key]!r} != generated {want[key]!r}"
                )
        # The payment events the penalties run on: same dates and amounts.
        got_events = orm._recovery_payment_events().get(orm.id, [])
        want_events = generated._recovery_payment_events().get(generated.id, [])
        if got_events != want_events:
            problems.append(
                f"{generated.name}: payments ORM {got_events!r} != "
                f"generated {want_events!r}"
            )
    return problems


def generate_checked(
    env, customers, invoices, overdue_ratio, today, letter_customers=0, check=True
):
    """``generate``, its figures printed, then (``check``) the comparison
    with invoices made through the ORM, rolled back; stops the benchmark
    when they differ. Returns what ``generate`` returns."""
    cr = env.cr
    started = os.times().elapsed
    partner_ids, overdue, refunds = generate(
        env,
        customers,
        invoices,
        overdue_ratio,
        today,
        letter_customers=letter_customers,
    )
    print(
        f"generated {len(partner_ids)} customers, {invoices} invoices "
        f"({overdue} overdue), {refunds} credit notes in "
        f"{os.times().elapsed - started:.1f} s"
    )
    if check:
        cr.execute("SAVEPOINT bench_check")
        problems = check_against_orm(env, today)
        env.flush_all()
        cr.execute("ROLLBACK TO SAVEPOINT bench_check")
        cr.precommit.clear()
        env.transaction.clear()
        if problems:
            print("CHECK FAILED: generated invoices differ from the ORM's:")
            print("\n".join(problems))
            cr.rollback()
            sys.exit(1)
        print("check: generated invoices = ORM invoices (residuals, journal items)")
    return partner_ids, overdue, refunds


def prepare_and_generate(env, args, today):
    """The accounting set up, then the benchmark data of the command line
    (``--customers``, ``--invoices``, ``--overdue-ratio``, ``--no-check``)
    generated and checked: what every benchmark run on a fresh copy does."""
    ensure_accounting(env)
    return generate_checked(
        env,
        args.customers,
        args.invoices,
        args.overdue_ratio,
        today,
        check=not args.no_check,
    )
