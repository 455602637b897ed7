# ruff: noqa: RUF001
# (French letter text: French typography.)
"""Letters of the formal notice (mise_en_demeure) and of the litigation file
(dossier_contentieux), built with the debt.recovery.letter helpers. The
amounts printed are those frozen on the records, not recomputed."""

import datetime
from decimal import Decimal

from odoo import models

from ..tools import formatting, letter_data
from ..tools import litigation as litigation_tools

# Days the post takes, to estimate the deadline printed in the letter (the
# real deadline runs from the receipt).
POST_DAYS = 3


def _amount(value):
    return formatting.format_amount(Decimal(str(value)))


def _short(day):
    return day.strftime("%d/%m/%Y") if day else ""


def _set_totals(letter, principal, credits, penalties, indemnity, total, count):
    """Totals of ``letter`` from frozen amounts (floats)."""
    unit = letter.indemnity_unit
    letter.totals = letter_data.Totals(
        principal=_amount(principal),
        credits=_amount(credits),
        penalties=_amount(penalties),
        indemnity=_amount(indemnity),
        total=_amount(total),
        total_in_words=formatting.amount_in_words(Decimal(str(total))),
        indemnity_detail=f"{count} × {unit}" if indemnity and count else "",
        has_credits=bool(credits),
        has_penalties=bool(penalties),
        has_indemnity=bool(indemnity),
    )


class DebtRecoveryNotice(models.Model):
    _inherit = "debt.recovery.notice"

    def _recovery_letters(self):
        """One mise en demeure per notice, with the amounts frozen at its
        validation (the notice date)."""
        builder = self.env["debt.recovery.letter"]
        letters = []
        for notice in self.sudo():
            day = notice.date or datetime.date.today()
            letter = builder._letter_base(
                "mise_en_demeure",
                notice.company_id,
                notice._letter_recipient(),
                day,
                notice.name,
            )
            builder._letter_fill_invoices(letter, notice.invoice_ids, day, True)
            lines = {line.invoice_id.name: line for line in notice.line_ids}
            for printed in letter.invoices:
                frozen = lines.get(printed.number)
                if not frozen:
                    continue
                printed.residual = _amount(frozen.amount_residual)
                printed.penalties = _amount(frozen.amount_penalty)
                printed.indemnity = (
                    _amount(frozen.amount_indemnity) if frozen.amount_indemnity else ""
                )
            if notice.line_ids:
                _set_totals(
                    letter,
                    notice.amount_principal,
                    notice.amount_credit,
                    notice.amount_penalty,
                    notice.amount_indemnity,
                    notice.amount_total,
                    len(notice.line_ids.filtered("amount_indemnity")),
                )
            days = notice.deadline_days or 0
            letter.notice = letter_data.Notice(
                deadline_days=str(days),
                deadline_text=f"{formatting.integer_in_words(days)} jours",
                deadline_date=formatting.format_date(
                    notice.deadline_date
                    or day + datetime.timedelta(days=POST_DAYS + days)
                ),
                channel_label=letter_data.CHANNEL_LABELS[notice.channel],
                channel_phrase=letter_data.CHANNEL_PHRASES[notice.channel],
                tracking_number=notice.tracking_number or "",
            )
            previous = notice.action_id.search(
                [
                    ("partner_id", "=", notice.partner_id.id),
                    ("company_id", "=", notice.company_id.id),
                    ("state", "=", "done"),
                    ("channel", "in", ("email", "post", "both")),
                    ("date", "<=", day),
                    ("invoice_ids", "in", notice.invoice_ids.ids),
                    ("id", "!=", notice.action_id.id),
                ],
                order="date desc, id desc",
                limit=1,
            )
            if previous:
                letter.previous_letter_date = formatting.format_date(previous.date)
            letters.append(letter)
        return letters


class DebtRecoveryCase(models.Model):
    _inherit = "debt.recovery.case"

    def _recovery_history(self):
        """``[(date, label)]`` of what was done before the file, oldest first."""
        self.ensure_one()
        history = []
        actions = self.env["debt.recovery.action"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("invoice_ids", "in", self.invoice_ids.ids),
            ],
            order="date, id",
        )
        channels = {
            "email": "courriel",
            "post": "courrier",
            "both": "courrier et courriel",
            "activity": "",
            "none": "",
        }
        for action in actions:
            if action.notice_id:
                continue
            how = channels.get(action.channel, "")
            label = action.level_id.name + (f" ({how})" if how else "")
            history.append((action.date, label))
        notice = self.notice_id
        if notice:
            if notice.sent_date:
                text = "Mise en demeure " + letter_data.CHANNEL_PHRASES[notice.channel]
                if notice.tracking_number:
                    text += f" n° {notice.tracking_number}"
                history.append((notice.sent_date, text))
            if notice.delivery == "received" and notice.receipt_date:
                history.append(
                    (notice.receipt_date, "Accusé de réception signé par le débiteur")
                )
            elif notice.delivery == "returned":
                if notice.presentation_date:
                    history.append(
                        (
                            notice.presentation_date,
                            "Première présentation de la lettre recommandée "
                            "(pli non réclamé)",
                        )
                    )
                if notice.returned_date:
                    history.append((notice.returned_date, "Retour du pli non réclamé"))
            if notice.deadline_date:
                history.append(
                    (
                        notice.deadline_date,
                        "Expiration du délai de "
                        f"{formatting.integer_in_words(notice.deadline_days)} jours "
                        "fixé par la mise en demeure",
                    )
                )
        history.sort(key=lambda item: item[0])
        return history

    def _recovery_annex_labels(self):
        self.ensure_one()
        annexes = []
        if self.invoice_ids:
            annexes.append(
                "Factures " + ", ".join(self.invoice_ids.sorted("name").mapped("name"))
            )
        notice = self.notice_id
        if notice:
            annexes.append(f"Mise en demeure {notice.name}")
            if notice.delivery == "received":
                annexes.append("Accusé de réception de la mise en demeure")
            elif notice.delivery == "returned":
                annexes.append("Pli recommandé retourné non réclamé")
        annexes.append("Décompte détaillé de la créance")
        annexes.extend(self.document_ids.mapped("name"))
        return annexes

    def _recovery_letters(self):
        """The file summary, addressed to the handler (or kept as an internal
        copy when there is none yet), amounts as on the file."""
        builder = self.env["debt.recovery.letter"]
        letters = []
        for case in self.sudo():
            day = case.date
            recipient = case.handler_id or case.company_id.partner_id
            letter = builder._letter_base(
                "dossier_contentieux", case.company_id, recipient, day, case.name
            )
            letter.salutation, letter.salutation_recall = "Maître,", "Maître"
            builder._letter_fill_invoices(letter, case.invoice_ids, day, True)
            extra = case.amount_extra_costs
            _set_totals(
                letter,
                case.amount_principal,
                0.0,
                case.amount_penalty,
                case.amount_indemnity,
                case.amount_total,
                len(case.invoice_ids) if case.amount_indemnity else 0,
            )
            letter.credits = []
            if case.notice_id.date:
                letter.notice_date = formatting.format_date(case.notice_id.date)
            debtor = builder._letter_recipient(case.partner_id)
            notes = [
                n.strip().removeprefix("- ").strip()
                for n in (case.route_notes or "").splitlines()
                if n.strip()
            ]
            if case.cerfa and not any(case.cerfa in n for n in notes):
                notes.insert(0, f"Formulaire Cerfa n° {case.cerfa}.")
            if extra:
                notes.append(
                    f"Frais de recouvrement supplémentaires justifiés : {_amount(extra)} "
                    "(inclus dans le total)."
                )
            route = litigation_tools.ROUTE_LABELS.get(case.route, "")
            letter.litigation = letter_data.Litigation(
                debtor_name=debtor.name,
                debtor_address_lines=debtor.address_lines,
                debtor_identity=debtor.identity,
                debtor_status="Consommateur (particulier)"
                if case.is_consumer
                else (
                    "Société commerciale : créance entre professionnels"
                    if case.debtor_merchant
                    else "Professionnel non commerçant"
                ),
                route=route,
                court=case.court or "",
                route_notes=notes,
                prior_amicable_note=case.prior_amicable_note or "",
                history=[
                    letter_data.HistoryLine(_short(d), label)
                    for d, label in case._recovery_history()
                ],
                annexes=case._recovery_annex_labels(),
                handler=case.handler_id.name or "",
            )
            letters.append(letter)
        return letters
