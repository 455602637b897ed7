"""Which customers are at risk on the sales side (tools/prepayment.py)."""

from datetime import date

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.prepayment import (
    NOTICE,
    PROCEDURE,
    SCORE,
    SUSPENDED,
    WAS_SUSPENDED,
    CustomerFacts,
    RiskSettings,
    check_percent,
    lookback_start,
    procedure_open,
    risk_reasons,
)

TODAY = date(2026, 12, 7)
ALL = RiskSettings(enabled=True)


def test_rule_off_by_default_gives_nothing():
    facts = CustomerFacts(grade="D", suspended=True, procedure=True)
    assert RiskSettings().enabled is False
    assert risk_reasons(facts, RiskSettings(), TODAY) == []


def test_good_standing_customer_has_no_reason():
    assert risk_reasons(CustomerFacts(grade="C"), ALL, TODAY) == []
    assert risk_reasons(CustomerFacts(), ALL, TODAY) == []


def test_every_criterion_in_order():
    facts = CustomerFacts(
        grade="D",
        suspended=True,
        suspended_since=date(2026, 11, 2),
        suspension_lifted_on=date(2026, 5, 1),
        notice_sent_on=date(2026, 3, 10),
        procedure=True,
        procedure_date=date(2026, 10, 1),
    )
    assert risk_reasons(facts, ALL, TODAY) == [
        (SCORE, "D"),
        (SUSPENDED, date(2026, 11, 2)),  # the current one, not the past one
        (NOTICE, date(2026, 3, 10)),
        (PROCEDURE, date(2026, 10, 1)),
    ]


@pytest.mark.parametrize(
    ("criterion", "facts"),
    [
        ("score", CustomerFacts(grade="D")),
        ("suspension", CustomerFacts(suspended=True)),
        ("suspension", CustomerFacts(suspension_lifted_on=date(2026, 6, 1))),
        ("notice", CustomerFacts(notice_sent_on=date(2026, 6, 1))),
        ("procedure", CustomerFacts(procedure=True)),
    ],
)
def test_each_criterion_can_be_switched_off(criterion, facts):
    assert len(risk_reasons(facts, ALL, TODAY)) == 1
    settings = RiskSettings(enabled=True, **{criterion: False})
    assert risk_reasons(facts, settings, TODAY) == []


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        (date(2025, 12, 6), False),  # 12 months and a day ago
        (date(2025, 12, 7), True),  # 12 months ago to the day
        (date(2026, 12, 7), True),  # today
        (date(2026, 12, 8), False),  # a date in the future is a typing error
    ],
)
def test_twelve_months_back(day, counts):
    lifted = risk_reasons(CustomerFacts(suspension_lifted_on=day), ALL, TODAY)
    notice = risk_reasons(CustomerFacts(notice_sent_on=day), ALL, TODAY)
    assert lifted == ([(WAS_SUSPENDED, day)] if counts else [])
    assert notice == ([(NOTICE, day)] if counts else [])


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 12, 7), date(2025, 12, 7)),
        (date(2028, 2, 29), date(2027, 2, 28)),  # no 29 February in 2027
        (date(2026, 1, 31), date(2025, 1, 31)),
    ],
)
def test_lookback_start(today, start):
    assert lookback_start(today) == start
    assert lookback_start(date(2026, 3, 31), months=1) == date(2026, 2, 28)


def test_procedure_open_from_its_judgment():
    assert procedure_open(CustomerFacts(procedure=True), TODAY)
    assert procedure_open(CustomerFacts(procedure=True, procedure_date=TODAY), TODAY)
    assert not procedure_open(
        CustomerFacts(procedure=True, procedure_date=date(2026, 12, 8)), TODAY
    )
    assert not procedure_open(
        CustomerFacts(procedure=False, procedure_date=date(2026, 1, 8)), TODAY
    )


@pytest.mark.parametrize(
    ("ratio", "valid"),
    [(0.0, False), (-0.1, False), (0.3, True), (1.0, True), (1.01, False)],
)
def test_check_percent(ratio, valid):
    assert check_percent(ratio) is valid
