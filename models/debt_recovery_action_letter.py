# (French letter text: French typography.)
import datetime
import logging
import tempfile
from pathlib import Path

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import formatting, letter_data, pdf_batch
from .debt_recovery_letter import KIND_BY_LEVEL, KIND_CONTEXT_KEY

_logger = logging.getLogger(__name__)

# Days the post takes, to estimate when a registered letter is received
# (the formal notice's deadline runs from its receipt).
POST_DAYS = 3
CHANNEL_HEADERS = {
    "email": letter_data.CHANNEL_LABELS["email"],
    "post": letter_data.CHANNEL_LABELS["post"],
    "both": "Lettre simple et courriel",
}


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

    def _recovery_letter_kind(self):
        """Kind of letter of this step (reports/templates/<kind>.odt)."""
        self.ensure_one()
        return self.env.context.get(KIND_CONTEXT_KEY) or KIND_BY_LEVEL.get(
            self.level_code, "relance_amiable"
        )

    def _recovery_letters(self):
        """One :class:`letter_data.Letter` per action, amounts at its date."""
        builder = self.env["debt.recovery.letter"]
        history = builder._letter_previous_actions(self.partner_id, self.company_id)
        letters = []
        for action in self.sudo():
            kind = action._recovery_letter_kind()
            company = action.company_id
            recipient = action.recipient_id
            if recipient == action.partner_id:
                # The customer's invoicing address, when it has one.
                recipient = recipient.browse(
                    recipient.address_get(["invoice"])["invoice"]
                )
            letter = builder._letter_base(
                kind, company, recipient, action.date, action.name
            )
            builder._letter_fill_invoices(
                letter,
                action.invoice_ids,
                action.date,
                with_penalties=action.level_id.claim_penalties,
            )
            earlier = [
                (day, ref, invoice_ids)
                for day, ref, invoice_ids, action_id, company_id in history.get(
                    action.partner_id.id, ()
                )
                if day < action.date
                and action_id != action.id
                and company_id == company.id
                and set(invoice_ids) & set(action.invoice_ids.ids)
            ]
            if earlier:
                letter.previous_letter_date = formatting.format_date(earlier[-1][0])
            letter.channel_label = CHANNEL_HEADERS.get(action.channel, "")
            if kind == "relance_ferme":
                letter.pay_by_date = formatting.format_date(
                    action.date
                    + datetime.timedelta(days=company.debt_recovery_notice_days or 8)
                )
            if kind == "mise_en_demeure":
                days = company.debt_recovery_notice_days or 8
                letter.notice = letter_data.Notice(
                    deadline_days=str(days),
                    deadline_text=f"{formatting.integer_in_words(days)} jours",
                    deadline_date=formatting.format_date(
                        action.date + datetime.timedelta(days=POST_DAYS + days)
                    ),
                )
            if letter.agency and earlier:
                letter.agency.first_letter_date = formatting.format_date(earlier[0][0])
                letter.agency.first_letter_reference = earlier[0][1]
            letters.append(letter)
        return letters

    # ------------------------------------------------------- letters in batch
    def _recovery_render_letters(self):
        """Letter PDF of each action, as attachments: ``{action_id: attachment}``.

        py3o letters, in batches: the letters of up to
        ``l10n_fr_debt_recovery.pdf_batch_size`` actions of the same report
        are rendered by py3o as one ODT document, all the documents of the
        call are converted by one LibreOffice process (tools/pdf_batch.py),
        and each PDF is split into the actions' letters at the pages showing
        their reference. A document that cannot be rendered, converted or
        split falls back to one ODT per action (still converted together),
        so that an action whose letter cannot be made is failed with the
        reason (LibreOffice missing, a document it cannot convert, a template
        error) while the others keep their letters. Other report types
        render as usual.
        """
        result = {}
        py3o = self.filtered(lambda a: a.level_id.report_id.report_type == "py3o")
        if self - py3o:
            result.update(
                super(DebtRecoveryAction, self - py3o)._recovery_render_letters()
            )
        if not py3o:
            return result
        builder = self.env["debt.recovery.letter"]
        size = builder._letter_pdf_batch_size()
        chunks = []
        for _report, actions in py3o.grouped(lambda a: a.level_id.report_id).items():
            chunks.extend(actions[i : i + size] for i in range(0, len(actions), size))
        documents = {}
        for index, chunk in enumerate(chunks):
            if len(chunk) == 1:
                continue
            try:
                with self.env.cr.savepoint():
                    documents[index] = builder._letter_render_odt(
                        chunk.level_id.report_id, chunk
                    )
            except Exception:
                _logger.info("Letters rendered one by one", exc_info=True)
        pdfs, _errors = builder._letter_convert_odts(documents)
        letters = {}
        with tempfile.TemporaryDirectory(prefix="debt-recovery-split-") as folder:
            for index, content in pdfs.items():
                chunk = chunks[index]
                path = Path(folder) / f"chunk-{index:05d}.pdf"
                path.write_bytes(content)
                parts = pdf_batch.split_pdf(
                    path, chunk.mapped("name"), Path(folder) / f"chunk-{index:05d}"
                )
                if parts:
                    for action, part in zip(chunk, parts, strict=True):
                        letters[action] = Path(part).read_bytes()
        alone = py3o.filtered(lambda a: a not in letters)
        if alone:
            letters.update(alone._recovery_render_letters_one_by_one())
        actions = [action for action in py3o if action in letters]
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": action._recovery_letter_filename(),
                    "raw": letters[action],
                    "res_model": self._name,
                    "res_id": action.id,
                    "mimetype": "application/pdf",
                }
                for action in actions
            ]
        )
        for action, attachment in zip(actions, attachments, strict=True):
            result[action.id] = attachment
        return result

    def _recovery_render_letters_one_by_one(self):
        """``{action: PDF content}``: one ODT per action, converted together;
        the actions whose letter cannot be made are failed with the reason."""
        odts = {}
        for action in self:
            try:
                with self.env.cr.savepoint():
                    odts[action] = action._recovery_render_odt()
            except Exception as err:
                _logger.exception("Letter of %s could not be rendered", action.name)
                action._recovery_fail(
                    self.env._(
                        "The letter could not be rendered from its template: %(error)s",
                        error=err,
                    )
                )
        pdfs, errors = self.env["debt.recovery.letter"]._letter_convert_odts(odts)
        for action, message in errors.items():
            action._recovery_fail(message)
        return pdfs

    def _recovery_render_odt(self):
        """The action's letter as an ODT document (py3o, no conversion)."""
        self.ensure_one()
        return self.env["debt.recovery.letter"]._letter_render_odt(
            self.level_id.report_id, self
        )

    # ------------------------------------------------------ letters to print
    def action_print_letters(self):
        """One PDF with the letters of the selected actions, to download and
        print at once (tools/pdf_batch.py merge). Letters not made yet are
        made first, in one batch."""
        actions = self.filtered(lambda a: a.state == "done").sorted(
            lambda a: (a.partner_id.name or "", a.name)
        )
        missing = actions.filtered(
            lambda a: not a.letter_attachment_id and a.level_id.report_id
        )
        if missing:
            for action_id, attachment in missing._recovery_render_letters().items():
                self.browse(action_id).letter_attachment_id = attachment
        without = actions.filtered(lambda a: not a.letter_attachment_id)
        if not actions or without:
            raise UserError(
                self.env._(
                    "No letter to print for %(actions)s: only steps carried out "
                    "whose step has a letter can be printed.",
                    actions=", ".join((without or self).mapped("name")),
                )
            )
        with tempfile.TemporaryDirectory(prefix="debt-recovery-print-") as folder:
            paths = []
            for index, action in enumerate(actions):
                path = Path(folder) / f"{index:05d}.pdf"
                path.write_bytes(action.letter_attachment_id.sudo().raw)
                paths.append(path)
            merged = Path(folder) / "letters.pdf"
            pdf_batch.merge_pdfs(paths, merged)
            today = fields.Date.context_today(self)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.env._(
                        "Letters to print %(date)s (%(count)s).pdf",
                        date=today.isoformat(),
                        count=len(actions),
                    ),
                    "raw": merged.read_bytes(),
                    "mimetype": "application/pdf",
                }
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
