"""The letters sent are evidence: once their step is carried out, their
formal notice validated or their litigation file handed over, the PDF
attachments of the letters (and the signed copy of a running installment
plan) are read-only and never deleted, by anyone. Their SHA-256 is kept on
the record that sent them (``letter_sha256``)."""

import base64

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_list

#: Models whose records point to their letter with ``letter_attachment_id``.
LETTER_MODELS = ("debt.recovery.action", "debt.recovery.notice", "debt.recovery.case")
#: The record a plan's signed copy belongs to, and its field.
PLAN_MODEL = "debt.recovery.plan"
SIGNED_FIELD = "signed_document"
#: Fields of an evidence attachment that may still be written: the access
#: token of a portal or email link.
WRITABLE_FIELDS = {"access_token"}
#: Fields a storage migration writes back unchanged (``force_storage``).
CONTENT_FIELDS = {"raw", "datas", "mimetype"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def write(self, vals):
        if set(vals) - WRITABLE_FIELDS and not self._recovery_same_content(vals):
            self._recovery_check_evidence()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recovery_evidence(self):
        self._recovery_check_evidence()

    def _recovery_check_evidence(self):
        evidence = self._recovery_evidence()
        if evidence:
            raise UserError(
                self.env._(
                    "%(files)s is the letter or signed copy of a recovery record "
                    "that was sent or agreed: it is kept as it is, for evidence, "
                    "and cannot be changed, replaced or deleted. To correct a "
                    "mistake, cancel the record with a reason and make a new one.",
                    files=format_list(self.env, evidence.mapped("name")),
                )
            )

    def _recovery_evidence(self):
        """The attachments of ``self`` that are evidence: one query per model
        of recovery records, and none when no attachment belongs to one."""
        attachments = self.sudo()
        # The proof scans of an issued formal notice (slip, signed
        # acknowledgment, returned envelope), whatever record they were
        # uploaded on.
        proofs = self._recovery_notice_proofs()
        candidates = attachments.filtered(
            lambda a: a.res_model in LETTER_MODELS or a.res_model == PLAN_MODEL
        )
        if not candidates:
            return self.browse(proofs.ids)
        evidence = proofs
        for model in LETTER_MODELS:
            records = (
                self.env[model]
                .sudo()
                .search([("letter_attachment_id", "in", candidates.ids)])
            )
            evidence |= records._recovery_history_records().letter_attachment_id
        # The proofs of a formal notice sent (deposit proof, acknowledgment
        # of receipt, returned envelope) are evidence too.
        notices = (
            self.env["debt.recovery.notice"]
            .sudo()
            .search([("proof_attachment_ids", "in", candidates.ids)])
        )
        evidence |= notices._recovery_history_records().proof_attachment_ids
        signed = candidates.filtered(
            lambda a: a.res_model == PLAN_MODEL and a.res_field == SIGNED_FIELD
        )
        if signed:
            plans = self.env[PLAN_MODEL].sudo().browse(set(signed.mapped("res_id")))
            running = plans.exists()._recovery_frozen([SIGNED_FIELD])
            evidence |= signed.filtered(lambda a: a.res_id in running.ids)
        return self.browse((evidence & (candidates | proofs)).ids)

    def _recovery_notice_proofs(self):
        """The attachments of ``self`` that are proof scans of a formal
        notice that was validated: one query."""
        ids = [i for i in self.ids if isinstance(i, int)]
        if not ids:
            return self.browse()
        Notice = self.env["debt.recovery.notice"].sudo()
        Notice.flush_model(["proof_attachment_ids", "state"])
        self.env.cr.execute(
            SQL(
                """SELECT rel.attachment_id, rel.notice_id
                     FROM debt_recovery_notice_proof_rel rel
                    WHERE rel.attachment_id = ANY(%s)""",
                ids,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return self.browse()
        issued = Notice.browse({row[1] for row in rows})._recovery_history_records()
        return self.browse({row[0] for row in rows if row[1] in issued.ids})

    def _recovery_same_content(self, vals):
        """A write that puts back the same content (storage migration)."""
        if not vals or set(vals) - CONTENT_FIELDS:
            return False
        for attachment in self.sudo():
            raw = vals.get("raw")
            if raw is None and "datas" in vals:
                raw = base64.b64decode(vals["datas"] or b"")
            if isinstance(raw, str):
                raw = raw.encode()
            if raw is not None and (
                attachment._compute_checksum(raw) != attachment.checksum
            ):
                return False
            if vals.get("mimetype", attachment.mimetype) != attachment.mimetype:
                return False
        return True
