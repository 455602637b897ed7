"""The formal notice sent through a postal provider: *Send by registered
mail* submits the validated letter (a registered letter with
acknowledgment of receipt, or an electronic registered letter when the
customer may receive one), then the provider's answers fill the proofs."""

from odoo import models
from odoo.exceptions import UserError

from ..services import postal
from .debt_recovery_notice import FLOW_FIELDS
from .debt_recovery_postal import POSTAL_FIELDS

#: The notice's channels a provider can carry, and their service.
CHANNEL_SERVICES = {
    "lrar": postal.base.SERVICE_LRAR,
    "lre": postal.base.SERVICE_LRE,
}


class DebtRecoveryNotice(models.Model):
    _name = "debt.recovery.notice"
    _inherit = ["debt.recovery.notice", "debt.recovery.postal.mixin"]

    _recovery_flow_fields = FLOW_FIELDS + POSTAL_FIELDS

    def _postal_service(self):
        return CHANNEL_SERVICES.get(self.channel)

    def _postal_letter(self, service):
        self.ensure_one()
        attachment = self.letter_attachment_id.sudo()
        return postal.Letter(
            pdf=attachment.raw,
            filename=attachment.name or f"{self.name}.pdf",
            sender=self._postal_address(self.company_id.partner_id),
            recipient=self._postal_address(self._letter_recipient()),
            service=service,
            key=self._postal_key(),
            subject=self.env._("Formal notice %(ref)s", ref=self.name),
        )

    def action_send_registered(self):
        """Submit the validated notices to the postal provider. The address
        is checked first (Base Adresse Nationale); a consumer's electronic
        letter needs their consent (art. L100 Code des postes et des
        communications électroniques)."""
        self._check_state(("validated",), self.env._("send by registered mail"))
        for notice in self:
            service = notice._postal_service()
            if not service or not notice._postal_provider_code(
                notice.company_id, service
            ):
                raise UserError(
                    self.env._(
                        "No postal provider is set for this kind of letter: print "
                        "the formal notice %(notice)s and post it, then record its "
                        "tracking number.",
                        notice=notice.name,
                    )
                )
            if notice.postal_state not in (False, "failed", "cancelled"):
                raise UserError(
                    self.env._(
                        "The formal notice %(notice)s was already submitted to the "
                        "postal provider (reference %(ref)s): it is not sent twice.",
                        notice=notice.name,
                        ref=notice.postal_reference,
                    )
                )
            if not notice.letter_attachment_id:
                raise UserError(
                    self.env._(
                        "The formal notice %(notice)s has no letter yet.",
                        notice=notice.name,
                    )
                )
            if service == "lre" and notice.is_consumer and not notice.lre_consent:
                raise UserError(
                    self.env._(
                        "An electronic registered letter is valid for a consumer "
                        "only with their prior consent."
                    )
                )
        registry = self._recovery_registry_check()
        if registry.blocking:
            return registry.notification(
                self.env, self.env._("The formal notice was not sent")
            )
        sent = self.browse()
        for notice in self:
            sent |= notice.sudo()._postal_submit(notice._postal_service())
        if self - sent:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Not sent"),
                    "message": "\n".join((self - sent).mapped("postal_error")),
                    "type": "danger",
                    "sticky": True,
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def action_postal_retry(self):
        """Resubmit a letter the provider did not take (same idempotency key)."""
        failed = self.filtered(lambda n: n.postal_state == "failed")
        if failed != self:
            raise UserError(
                self.env._("Only a letter the provider did not take can be resent.")
            )
        return self.action_send_registered()

    def action_postal_refresh(self):
        """Read the status now (what the webhook and the polling job do)."""
        if self.sudo()._postal_refresh():
            raise UserError(
                self.env._(
                    "The postal provider could not be reached: the status is read "
                    "again every hour."
                )
            )
        return True

    def _postal_apply(self, provider, status):
        """Apply the provider's status to the notice; a status already
        applied changes nothing."""
        self.ensure_one()
        base = postal.base
        if status.state == base.STATE_REJECTED:
            if self.state == "validated":
                self._postal_fail(
                    base.PostalError(
                        base.ERROR_REFUSED, status.reason or "rejected by the provider"
                    )
                )
            return
        if status.state == base.STATE_CANCELLED:
            self._recovery_flow().write({"postal_state": "cancelled"})
            return
        reached = status.state in (
            base.STATE_DEPOSITED,
            base.STATE_DELIVERED,
            base.STATE_RETURNED,
        )
        # A deposit is recorded with its proof: wait for it while the letter
        # is only posted (its number is on the proof).
        waiting_proof = (
            status.state == base.STATE_DEPOSITED
            and base.PROOF_DEPOSIT not in status.proofs
        )
        if reached and self.state == "validated" and not waiting_proof:
            proof = self._postal_attach_proof(
                self._postal_proof(provider, status, base.PROOF_DEPOSIT)
            )
            self._recovery_record_deposit(
                status.tracking_number, status.deposit_date, proof
            )
            self._recovery_flow().write({"postal_state": "deposited"})
            self._postal_log_proof(proof)
        if status.state == base.STATE_DELIVERED and self.state == "sent":
            proof = self._postal_attach_proof(
                self._postal_proof(provider, status, base.PROOF_RECEIPT)
            )
            self._recovery_record_receipt(
                status.delivery_date or status.deposit_date, proof
            )
            self._recovery_flow().write({"postal_state": "delivered"})
            self._postal_log_proof(proof)
        elif status.state == base.STATE_RETURNED and self.state == "sent":
            proof = self._postal_attach_proof(
                self._postal_proof(provider, status, base.PROOF_RETURN)
            )
            self._recovery_record_return(
                status.presentation_date, status.return_date, proof
            )
            self._recovery_flow().write({"postal_state": "returned"})
            self._postal_log_proof(proof)

    def _postal_log_proof(self, proof):
        if proof:
            self.message_post(
                body=self.env._(
                    "Proof received from the postal provider: %(name)s (%(sha)s).",
                    name=proof.name,
                    sha=proof.description,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _recovery_proof_annex_labels(self):
        """The proofs received from the postal provider, as listed in the
        litigation file's annexes, each with its SHA-256 (French: the letter
        is French)."""
        self.ensure_one()
        labels = []
        for proof in self.sudo().proof_attachment_ids.sorted("id"):
            sha = (proof.description or "").removeprefix("SHA-256: ")
            if (proof.description or "").startswith("SHA-256: "):
                labels.append(f"{proof.name} (SHA-256\u00a0: {sha})")
        return labels
