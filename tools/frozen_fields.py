"""The evidence fields of the recovery records, field by field, in one table.

What a recovery record prints on a letter, sends to a court or keeps as proof
must not change once it left, for anyone, managers included: a genuine
mistake is corrected by a new record or a cancellation with a reason (kept in
the chatter), never by rewriting the record. This module is the one place
that lists those fields, per model and per state; the models read it
(``debt.recovery.document._recovery_check_write``).

Per model, four kinds of field:

- ``flow``: written only by the addon's own flows (validation, sending, the
  daily job, the letter pipeline), in every state; a client's write (form or
  RPC, "readonly" in the view or not) is refused.
- ``set_at_create``: among the ``flow`` fields, those the model's own
  ``create()`` fills (a client's value is replaced, never kept).
- ``frozen``: ``(states, fields)`` pairs: in these states, these fields never
  change again outside the flows. A state may be a pseudo-state the model
  names (``_recovery_evidence_state()``), e.g. a notice cancelled after its
  validation ("cancelled_issued") or a plan cancelled after it was signed
  ("cancelled_signed").
- ``proofs``: the fields filled when a proof arrives (tracking number, dates
  of sending, first presentation, receipt, return), with the state that
  awaits each: entered on the form while awaited, then written for good by
  their action method (named here: another flow, such as a postal provider's
  events, calls the same method), and frozen from the next state on.
- ``append_only``: proof scans: added in the states listed, never removed
  nor replaced.

No ``import odoo`` here: the table and its reading are pure and tested on
their own (tests/test_tools_frozen_fields.py).
"""

#: The states of a formal notice from its validation on (and cancelled after
#: it): the letter exists and may have left.
_NOTICE_ISSUED = (
    "validated",
    "sent",
    "received",
    "expired",
    "paid",
    "litigation",
    "cancelled_issued",
)
_NOTICE_SENT = ("sent", "received", "expired", "paid", "litigation", "cancelled_issued")
_NOTICE_ANSWERED = ("received", "expired", "paid", "litigation", "cancelled_issued")

#: A step carried out, skipped or cancelled: it is history.
_STEP_HISTORY = ("done", "skipped", "cancelled")

#: A plan put to the customer (its terms left), and signed (what was signed).
_PLAN_PROPOSED = ("proposed", "active", "completed", "breached", "cancelled_signed")
_PLAN_SIGNED = ("active", "completed", "breached", "cancelled_signed")

#: A litigation file handed over (sent to the handler, then the court).
_CASE_HANDED = ("open", "closed", "cancelled")

#: A guarantee relied on (activated), and cancelled after it: what was
#: signed and what the files print.
_GUARANTEE_ACTIVE = ("active", "expired", "released", "called", "cancelled_active")

#: What a postal provider's answers write on a notice or a step sent through
#: it (models/debt_recovery_postal.py): only that flow writes them.
POSTAL_FIELDS = (
    "postal_provider",
    "postal_reference",
    "postal_event_key",
    "postal_state",
    "postal_error",
    "postal_submitted_date",
    "postal_price",
)

EVIDENCE = {
    "debt.recovery.notice": {
        "flow": (
            "date",
            "validated_by_id",
            "amount_principal",
            "amount_penalty",
            "amount_indemnity",
            "amount_credit",
            "amount_total",
            "line_ids",
            "letter_attachment_id",
            "letter_sha256",
            "case_id",
            "expired_date",
            "paid_date",
            *POSTAL_FIELDS,
        ),
        "set_at_create": (),
        "frozen": (
            # What the letter says: reference, to whom, for which invoices,
            # by which channel, with which deadline, in which currency.
            (
                _NOTICE_ISSUED,
                (
                    "name",
                    "partner_id",
                    "company_id",
                    "currency_id",
                    "recipient_id",
                    "invoice_ids",
                    "is_consumer",
                    "channel",
                    "lre_consent",
                    "deadline_days",
                    "action_id",
                ),
            ),
            # How it left.
            (_NOTICE_SENT, ("tracking_number", "sent_date")),
            # How it arrived (or came back), and the deadline it started.
            (
                _NOTICE_ANSWERED,
                (
                    "delivery",
                    "receipt_date",
                    "presentation_date",
                    "returned_date",
                    "deadline_start",
                    "deadline_date",
                ),
            ),
        ),
        "proofs": {
            "tracking_number": ("validated", "_recovery_record_sent"),
            "sent_date": ("validated", "_recovery_record_sent"),
            "presentation_date": ("sent", "_recovery_record_presentation"),
            "receipt_date": ("sent", "_recovery_record_receipt"),
            "returned_date": ("sent", "_recovery_record_return"),
        },
        "append_only": {"proof_attachment_ids": _NOTICE_ISSUED},
    },
    "debt.recovery.action": {
        "flow": (
            "letter_attachment_id",
            "letter_sha256",
            "superseded",
            "superseded_by_id",
            "mail_id",
            "mail_message_id",
            "failure_reason",
            # Posted: written once, by "Mark as posted" (or the notice's
            # sending), for everyone.
            "posted",
            "posted_date",
            "posted_by_id",
            *POSTAL_FIELDS,
            "postal_automatic",
            # The SMS waiting for the allowed hours (Odoo's sms module).
            "sms_due",
        ),
        "set_at_create": (),
        "frozen": (
            (
                _STEP_HISTORY,
                (
                    "name",
                    "partner_id",
                    "company_id",
                    "currency_id",
                    "level_id",
                    "date",
                    "invoice_ids",
                    "amount_due",
                    "amount_penalty",
                    "amount_indemnity",
                    "amount_credit",
                    "amount_total",
                    "channel",
                    "recipient_id",
                    "to_post",
                    "notice_id",
                ),
            ),
        ),
        "proofs": {},
        "append_only": {},
    },
    "debt.recovery.plan": {
        "flow": (
            # Only the reconciliations after it pay installments: a watermark
            # set high would make a plan paid into look unpaid (and deletable).
            "reconcile_watermark",
            "proposed_date",
            "breach_date",
            "completion_date",
            "amount_paid",
            "amount_late",
            "next_date",
            "next_amount",
        ),
        "set_at_create": ("reconcile_watermark",),
        "frozen": (
            # What the customer was sent to sign.
            (
                _PLAN_PROPOSED,
                (
                    "name",
                    "partner_id",
                    "company_id",
                    "currency_id",
                    "invoice_ids",
                    "date",
                    "frequency",
                    "acceleration_clause",
                    "grace_days",
                    "acceleration_notice_days",
                    "origin_action_id",
                ),
            ),
            # What the customer signed, kept after a cancellation too.
            (
                _PLAN_SIGNED,
                (
                    "acceptance_date",
                    "signed_document",
                    "signed_document_name",
                    "acknowledgment_signed",
                ),
            ),
        ),
        "proofs": {},
        "append_only": {},
    },
    "debt.recovery.case": {
        "flow": ("letter_attachment_id", "letter_sha256", "annex_zip_id"),
        "set_at_create": (),
        "frozen": (
            (
                _CASE_HANDED,
                (
                    "name",
                    "partner_id",
                    "company_id",
                    "currency_id",
                    "notice_id",
                    "invoice_ids",
                    "date",
                    "is_consumer",
                    "amount_principal",
                    "amount_penalty",
                    "amount_indemnity",
                    "amount_extra_costs",
                    "extra_costs_justification",
                    "handoff_date",
                ),
            ),
        ),
        "proofs": {},
        # The documents handed over with the file: more may follow, none
        # is taken back.
        "append_only": {"document_ids": _CASE_HANDED},
    },
    "debt.recovery.guarantee": {
        "flow": (
            "activation_date",
            "end_date",
            # When the incident was found and the surety informed (C. civ.
            # art. 2303, 2302): the daily job and the buttons only.
            "surety_incident_date",
            "surety_information_due",
            "surety_informed_date",
            "annual_informed_date",
            "annual_reminder_year",
            # The information letter sent to the surety (the evidence).
            "letter_attachment_id",
            "letter_sha256",
            # The annual information letter (art. 2302), the last one made.
            "annual_letter_attachment_id",
            "annual_letter_sha256",
        ),
        "set_at_create": (),
        "frozen": (
            # The deed signed, and what the files print of it.
            (
                _GUARANTEE_ACTIVE,
                (
                    "name",
                    "partner_id",
                    "company_id",
                    "currency_id",
                    "kind",
                    "guarantor_id",
                    "guarantor_is_individual",
                    "amount",
                    "unlimited",
                    "date",
                    "expiry_date",
                    "signed_document",
                    "signed_document_name",
                ),
            ),
        ),
        "proofs": {},
        "append_only": {},
    },
}


def flow_fields(model):
    """The fields of ``model`` only the addon's flows write."""
    return EVIDENCE.get(model, {}).get("flow", ())


def set_at_create(model):
    """The flow fields of ``model`` its own ``create()`` fills."""
    return EVIDENCE.get(model, {}).get("set_at_create", ())


def frozen_fields(model, state):
    """The fields of ``model`` frozen in ``state`` (a set)."""
    frozen = set()
    for states, names in EVIDENCE.get(model, {}).get("frozen", ()):
        if state in states:
            frozen.update(names)
    return frozen


def all_frozen_fields(model):
    """Every field of ``model`` frozen in some state (a set)."""
    return {
        name
        for _states, names in EVIDENCE.get(model, {}).get("frozen", ())
        for name in names
    }


def append_only_states(model, field):
    """The states in which ``field`` of ``model`` may only grow (empty: it
    is not append-only)."""
    return EVIDENCE.get(model, {}).get("append_only", {}).get(field, ())


def proof_method(model, field):
    """The action method that writes the proof field ``field`` of ``model``
    for good, or ``None``."""
    entry = EVIDENCE.get(model, {}).get("proofs", {}).get(field)
    return entry[1] if entry else None


def table_rows(model):
    """``(states, fields)`` rows of ``model`` for the documentation (README):
    the flow fields first (every state), then each frozen group."""
    entry = EVIDENCE.get(model, {})
    rows = [(("every state",), tuple(entry.get("flow", ())))]
    rows.extend(entry.get("frozen", ()))
    for field, states in entry.get("append_only", {}).items():
        rows.append((states, (f"{field} (add only)",)))
    return rows
