"""The one table of the evidence fields (tools/frozen_fields.py)."""

from odoo.addons.l10n_fr_debt_recovery.tools import frozen_fields as table


def test_a_received_notice_freezes_what_the_letter_and_its_proof_say():
    frozen = table.frozen_fields("debt.recovery.notice", "received")
    for name in (
        "name",
        "tracking_number",
        "sent_date",
        "receipt_date",
        "presentation_date",
        "returned_date",
        "deadline_days",
        "deadline_date",
        "invoice_ids",
        "currency_id",
    ):
        assert name in frozen, name
    assert "case_id" in table.flow_fields("debt.recovery.notice")
    assert table.append_only_states("debt.recovery.notice", "proof_attachment_ids")


def test_proof_fields_stay_open_in_the_state_that_awaits_them():
    validated = table.frozen_fields("debt.recovery.notice", "validated")
    sent = table.frozen_fields("debt.recovery.notice", "sent")
    assert "tracking_number" not in validated and "tracking_number" in sent
    assert "receipt_date" not in sent
    assert "receipt_date" in table.frozen_fields("debt.recovery.notice", "expired")
    assert table.proof_method("debt.recovery.notice", "receipt_date") == (
        "_recovery_record_receipt"
    )


def test_a_notice_cancelled_after_validation_stays_frozen_a_draft_does_not():
    assert table.frozen_fields("debt.recovery.notice", "draft") == set()
    assert table.frozen_fields("debt.recovery.notice", "cancelled") == set()
    assert "tracking_number" in table.frozen_fields(
        "debt.recovery.notice", "cancelled_issued"
    )


def test_done_step_freezes_its_reference_and_totals_posting_is_flow_only():
    frozen = table.frozen_fields("debt.recovery.action", "done")
    for name in ("name", "currency_id", "amount_total", "date", "invoice_ids"):
        assert name in frozen, name
    flow = table.flow_fields("debt.recovery.action")
    for name in ("posted", "posted_date", "posted_by_id", "mail_id", "mail_message_id"):
        assert name in flow, name
    assert table.frozen_fields("debt.recovery.action", "draft") == set()


def test_plan_signed_copy_kept_after_cancellation_watermark_flow_only():
    assert "signed_document" in table.frozen_fields(
        "debt.recovery.plan", "cancelled_signed"
    )
    assert "signed_document" not in table.frozen_fields(
        "debt.recovery.plan", "proposed"
    )
    assert "reconcile_watermark" in table.flow_fields("debt.recovery.plan")
    assert "reconcile_watermark" in table.set_at_create("debt.recovery.plan")


def test_every_model_lists_flow_and_frozen_fields_apart():
    for model in table.EVIDENCE:
        flow = set(table.flow_fields(model))
        assert not flow & table.all_frozen_fields(model), model
        assert set(table.set_at_create(model)) <= flow, model
        assert table.table_rows(model)[0][1] == tuple(table.flow_fields(model))
