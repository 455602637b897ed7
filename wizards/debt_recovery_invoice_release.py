"""Invoices under the recovery evidence.

An invoice claimed by a step carried out, a formal notice validated, a plan
running or a litigation file is part of what was sent to the customer or a
court. Resetting it to draft, cancelling it, crediting it (reversal) or
deleting it would move it under that evidence: it is refused to everyone but
a recovery manager, who gives a reason (``debt.recovery.invoice.release``);
the reason is kept in the chatter of the invoice and of each record, and the
records then let the invoice go visibly (a draft file drops it, a notice,
plan or handed-over file is cancelled; a step carried out keeps it as it was
sent). An invoice in the history of the steps is never deleted: deleting it
would silently remove it from the letters sent.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tools import format_list

from ..models.debt_recovery_document import MANAGER_GROUP

#: The context key the release dialog sets (the id of the confirmed dialog):
#: it opens nothing by itself, the dialog is checked (see
#: ``_recovery_release_granted``).
RELEASE_KEY = "debt_recovery_release_id"
#: The operations a confirmed release allows, by the operation asked for
#: (cancelling a posted invoice resets it to draft first).
ALLOWED = {
    "draft": ("draft",),
    "cancel": ("cancel", "draft"),
    "reverse": ("reverse",),
    "unlink": ("unlink",),
}


class DebtRecoveryInvoiceRelease(models.TransientModel):
    """A recovery manager resets to draft, cancels, credits or deletes an
    invoice claimed by the recovery (a step carried out, a validated notice,
    a running plan, a litigation file): with a reason, kept in the chatter
    of the invoice and of each record, which then lets the invoice go
    (the guards: account.move's button_draft, button_cancel,
    _reverse_moves and unlink call :meth:`_check`)."""

    _name = "debt.recovery.invoice.release"
    _description = "Release of an invoice claimed by the recovery, with its reason"

    invoice_ids = fields.Many2many("account.move", string="Invoices", required=True)
    operation = fields.Selection(
        [
            ("draft", "Reset to draft"),
            ("cancel", "Cancel"),
            ("reverse", "Credit note"),
            ("unlink", "Delete"),
        ],
        required=True,
    )
    holder_names = fields.Char(string="Claimed by", compute="_compute_holder_names")
    reason = fields.Text(required=True)
    confirmed = fields.Boolean(readonly=True)

    @api.model
    def _recovery_open(self, invoices, operation):
        """The dialog's window action for ``invoices`` and ``operation`` (a
        new dialog: the refusal that offers it rolls its transaction back)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Reason for changing an invoice claimed by the recovery"
            ),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_invoice_ids": invoices.ids,
                "default_operation": operation,
            },
        }

    @api.depends("invoice_ids")
    def _compute_holder_names(self):
        for wizard in self:
            wizard.holder_names = ", ".join(
                wizard._holder_names(wizard.invoice_ids, with_drafts=True)
            )

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a recovery manager can change an invoice claimed by the "
                    "recovery."
                )
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason: it stays in the history."))
        invoices = self.invoice_ids
        invoices.check_access("write")
        self.confirmed = True
        granted = invoices.with_context(**{RELEASE_KEY: self.id})
        self.with_context(**{RELEASE_KEY: self.id})._release(
            granted, reason, self.operation
        )
        if self.operation == "draft":
            granted.button_draft()
        elif self.operation == "cancel":
            granted.button_cancel()
        elif self.operation == "unlink":
            granted.unlink()
            return {"type": "ir.actions.act_window_close"}
        else:
            # The credit note: Odoo's own dialog, for these invoices only.
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_view_account_move_reversal"
            )
            action["context"] = {
                "active_model": "account.move",
                "active_ids": invoices.ids,
                RELEASE_KEY: self.id,
            }
            return action
        return {"type": "ir.actions.act_window_close"}

    # ---- Who holds the invoices (account.move's guards call _check) ----
    @api.model
    def _holders(self, invoices):
        """The recovery records holding these customer invoices as evidence,
        read as the superuser (the guard must see them all):
        ``{"steps", "notices", "plans", "cases", "draft_notices"}``."""
        invoices = invoices.filtered(
            lambda m: m.move_type == "out_invoice" and isinstance(m.id, int)
        )
        env = self.env
        Action = env["debt.recovery.action"].sudo()
        Notice = env["debt.recovery.notice"].sudo()
        Plan = env["debt.recovery.plan"].sudo()
        Case = env["debt.recovery.case"].sudo()
        if not invoices:
            return {
                "steps": Action,
                "notices": Notice,
                "plans": Plan,
                "cases": Case,
                "draft_notices": Notice,
            }
        domain = [("invoice_ids", "in", invoices.ids)]
        return {
            "steps": Action.search([*domain, ("state", "=", "done")]),
            "notices": Notice.search(
                [*domain, ("state", "in", (*Notice.RUNNING_STATES, "litigation"))]
            ),
            "plans": Plan.search([*domain, ("state", "in", Plan.RUNNING_STATES)]),
            "cases": Case.search([*domain, ("state", "in", Case.OPEN_STATES)]),
            "draft_notices": Notice.search([*domain, ("state", "=", "draft")]),
        }

    @api.model
    def _operation_label(self, operation):
        return {
            "draft": self.env._("reset to draft"),
            "cancel": self.env._("cancel"),
            "reverse": self.env._("credit"),
            "unlink": self.env._("delete"),
        }[operation]

    @api.model
    def _check(self, invoices, operation):
        """Refuse ``operation`` (draft, cancel, reverse, unlink) on the
        invoices held by recovery evidence, unless a recovery manager
        confirmed the release dialog for them; a manager is sent to it."""
        if self.env.su or not invoices:
            return
        held = self._holder_names(invoices)
        held_history = self._history_steps(invoices) if operation == "unlink" else None
        if held_history:
            raise UserError(
                self.env._(
                    "%(invoices)s appear in recovery steps sent to the customer "
                    "(%(steps)s): an invoice in the recovery history is never "
                    "deleted. Cancel it instead.",
                    invoices=format_list(self.env, invoices.mapped("display_name")),
                    steps=format_list(self.env, held_history.mapped("name")),
                )
            )
        if not held or self._granted(invoices, operation):
            return
        records = format_list(self.env, held)
        what = self._operation_label(operation)
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._(
                    "You cannot %(what)s %(invoices)s: it is claimed by %(records)s, "
                    "sent to the customer or to court. Ask a recovery manager: "
                    "they give the reason, kept in the history.",
                    what=what,
                    invoices=format_list(self.env, invoices.mapped("display_name")),
                    records=records,
                )
            )
        action = self._recovery_open(invoices, operation)
        raise RedirectWarning(
            self.env._(
                "%(invoices)s is claimed by %(records)s. To %(what)s it, give the "
                "reason: the records let it go, and the reason stays in their "
                "history.",
                invoices=format_list(self.env, invoices.mapped("display_name")),
                records=records,
                what=what,
            ),
            action,
            self.env._("Give the reason"),
        )

    @api.model
    def _holder_names(self, invoices, with_drafts=False):
        """The names of the records holding these invoices as evidence."""
        holders = self._holders(invoices)
        keys = ["steps", "notices", "plans", "cases"]
        if with_drafts:
            keys.append("draft_notices")
        return [name for key in keys for name in holders[key].mapped("display_name")]

    @api.model
    def _history_steps(self, invoices):
        """The steps in the history (carried out, skipped, cancelled) that
        cover these invoices."""
        Action = self.env["debt.recovery.action"].sudo()
        ids = [i for i in invoices.ids if isinstance(i, int)]
        if not ids:
            return Action
        return Action.search(
            [
                ("invoice_ids", "in", ids),
                ("state", "in", Action._recovery_history_states),
            ]
        )

    @api.model
    def _granted(self, invoices, operation):
        """Whether a release dialog confirmed by this user (a recovery
        manager) covers these invoices for ``operation``. The context only
        names the dialog: the dialog itself is checked."""
        release_id = self.env.context.get(RELEASE_KEY)
        if not isinstance(release_id, int) or not self.env.user.has_group(
            MANAGER_GROUP
        ):
            return False
        release = self.env["debt.recovery.invoice.release"].browse(release_id).exists()
        return bool(
            release
            and release.confirmed
            and release.create_uid == self.env.user
            and operation in ALLOWED.get(release.operation, ())
            and not (invoices - release.invoice_ids)
        )

    # ---- The release: the records let the invoices go, visibly ----
    @api.model
    def _release(self, invoices, reason, operation):
        """The recovery records holding these invoices let them go, each with
        ``reason`` in its chatter: a draft notice or a draft file with other
        invoices drops them; a running notice, a running plan or a file
        (handed over, or left with no invoice) is cancelled; a step carried
        out keeps them as they were sent."""
        what = self._operation_label(operation)
        holders = self._holders(invoices)
        user = self.env.user.name
        for invoice in invoices:
            invoice.message_post(
                body=self.env._(
                    "%(user)s chose to %(what)s this invoice, claimed by the "
                    "recovery. Reason: %(reason)s",
                    user=user,
                    what=what,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

        def note(records, text):
            for record in records:
                record.message_post(
                    body=self.env._(
                        "%(text)s (%(invoices)s: %(what)s by %(user)s). Reason: "
                        "%(reason)s",
                        text=text,
                        invoices=format_list(
                            self.env,
                            (record.invoice_ids & invoices).mapped("display_name"),
                        ),
                        what=what,
                        user=user,
                        reason=reason,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

        note(
            holders["steps"],
            self.env._("The step keeps the invoice as it was sent"),
        )
        for notice in holders["draft_notices"]:
            notice._recovery_flow().write(
                {"invoice_ids": [(3, invoice.id) for invoice in invoices]}
            )
            note(notice, self.env._("Invoice dropped from the draft formal notice"))
        notices = holders["notices"]
        if notices:
            notices._recovery_flow().write({"state": "cancelled"})
            note(notices, self.env._("Formal notice cancelled"))
        plans = holders["plans"]
        if plans:
            plans._recovery_cancel_records()
            note(plans, self.env._("Installment plan cancelled"))
        for case in holders["cases"]:
            if case.state == "draft" and case.invoice_ids - invoices:
                case._recovery_flow().write(
                    {"invoice_ids": [(3, invoice.id) for invoice in invoices]}
                )
                note(case, self.env._("Invoice dropped from the draft litigation file"))
            else:
                case._recovery_flow().write({"state": "cancelled"})
                note(case, self.env._("Litigation file cancelled"))
