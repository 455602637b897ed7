"""Promises to pay: kept or broken once their date has passed."""

from odoo.addons.l10n_fr_debt_recovery.tools.promises import (
    BROKEN,
    KEPT,
    invoice_part_broken,
    promise_state,
)


def test_an_invoice_paid_in_full_kept_its_part():
    assert not invoice_part_broken(1000, 1000, 0)


def test_the_share_paid_keeps_the_part_even_if_the_rest_is_owed():
    # 1 000 due, 400 promised, 600 still owed: kept.
    assert not invoice_part_broken(1000, 400, 600)


def test_less_than_the_share_paid_breaks_the_part():
    # 1 000 due, 400 promised, only 300 paid: 700 still owed.
    assert invoice_part_broken(1000, 400, 700)


def test_nothing_paid_breaks_the_part():
    assert invoice_part_broken(1000, 1000, 1000)


def test_a_cent_of_rounding_never_breaks_a_promise():
    assert not invoice_part_broken(1000, 333.333, 666.671)
    assert invoice_part_broken(1000, 333.33, 666.68)


def test_a_credit_balance_is_not_owed():
    assert not invoice_part_broken(100, 100, -5)


def test_the_promise_is_kept_when_every_invoice_kept_its_part():
    assert promise_state([(1000, 1000, 0), (500, 200, 300)]) == KEPT


def test_one_invoice_late_breaks_the_promise():
    assert promise_state([(1000, 1000, 0), (500, 500, 500)]) == BROKEN


def test_a_promise_with_no_invoice_left_is_kept():
    assert promise_state([]) == KEPT


def test_currency_without_decimals():
    # 1 000 JPY due, 400 promised, 600.4 owed rounds to 600: kept.
    assert promise_state([(1000, 400, 600.4)], digits=0) == KEPT
    assert promise_state([(1000, 400, 601)], digits=0) == BROKEN
