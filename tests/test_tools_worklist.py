"""The order of the worklist (tools/worklist.py)."""

from odoo.addons.l10n_fr_debt_recovery.tools.worklist import (
    TIER_LATE,
    TIER_PLAN_KEPT,
    TIER_URGENT,
    urgency_key,
    urgency_tier,
)


def test_tiers():
    assert urgency_tier(suspended=True) == TIER_URGENT
    assert urgency_tier(at_notice=True) == TIER_URGENT
    # Suspension wins over a plan (a suspended customer is never "kept").
    assert urgency_tier(suspended=True, plan_kept=True) == TIER_URGENT
    assert urgency_tier(plan_kept=True) == TIER_PLAN_KEPT
    assert urgency_tier() == TIER_LATE


def test_worked_example():
    # 12 400 x 52 = 644 800; 3 200 x 85 = 272 000.
    assert urgency_key(12400, 52) == 10**15 + 644800
    assert urgency_key(3200, 85, suspended=True) == 2 * 10**15 + 272000


def test_order_of_a_worklist():
    customers = {
        "big, recent": urgency_key(12000, 5),  # 60 000
        "small, old": urgency_key(1000, 85),  # 85 000
        "notice": urgency_key(300, 10, at_notice=True),
        "suspended": urgency_key(3200, 85, suspended=True),
        "plan kept": urgency_key(50000, 200, plan_kept=True),
    }
    order = sorted(customers, key=customers.get, reverse=True)
    assert order == ["suspended", "notice", "small, old", "big, recent", "plan kept"]


def test_nothing_late_weighs_nothing():
    assert urgency_key(0, 30) == 10**15
    assert urgency_key(500, -3) == 10**15
    assert urgency_key(None, None) == 10**15
