"""Demo data: invoices of the demo customers and the recovery history that
puts each of them at another step of the ladder."""

import base64
import logging
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from unittest.mock import patch

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..models.debt_recovery_registry_check import skip_registries

_logger = logging.getLogger(__name__)

# (customer xml id, days past due today, amount incl. VAT, label, situation)
DEMO_INVOICES = [
    ("demo_partner_boulangerie", 5, 480.00, "Entretien annuel du four", None),
    ("demo_partner_garage", 20, 2340.00, "Pont élévateur : révision", None),
    ("demo_partner_garage", 17, 1150.80, "Pièces détachées", None),
    ("demo_partner_architectes", 27, 3600.00, "Relevés et plans d'exécution", None),
    ("demo_partner_hotel", 34, 7800.00, "Rénovation de la réception", None),
    ("demo_partner_transports", 52, 12400.00, "Maintenance de la flotte", None),
    ("demo_partner_transports", 47, 3200.00, "Pneumatiques", None),
    ("demo_partner_garnier", 19, 890.00, "Pose d'une cuisine", None),
    ("demo_partner_imprimerie", 40, 1500.00, "Massicot : réparation", "dispute"),
    ("demo_partner_cafe", 12, 300.00, "Machine à café : dépannage", "paid"),
    ("demo_partner_cafe", -10, 620.00, "Contrat d'entretien", None),
    ("demo_partner_faure", 62, 5400.00, "Agencement de boutique", None),
    ("demo_partner_morel", 85, 3200.00, "Mise aux normes du tableau", None),
    ("demo_partner_vieuxport", 50, 4800.00, "Chambre froide", None),
    ("demo_partner_elea", 80, 2400.00, "Vitrines réfrigérées", None),
]
# What the accountant did during the replayed months, by days before today:
# (day, customer xml id, what).
DEMO_EVENTS = [
    (70, "demo_partner_elea", "plan_3_from_60"),
    (59, "demo_partner_elea", "pay_installment"),
    (40, "demo_partner_vieuxport", "plan_4_from_35"),
    (38, "demo_partner_morel", "notice_sent_and_received"),
    (34, "demo_partner_vieuxport", "pay_installment"),
    (15, "demo_partner_faure", "notice_sent"),
    (4, "demo_partner_vieuxport", "pay_installment"),
]
# Days of history replayed by the daily job.
HISTORY_DAYS = 60
# The hour of the replayed day at which its messages are dated (local time
# of the demo: the daily job runs early in the morning).
REPLAY_HOUR = 7


@contextmanager
def replay_clock(day):
    """Demo only: while a past ``day`` is replayed, "today" and "now" are
    that day, so that every date the addon and Odoo write (documents, sent
    and received dates, acceptances, payments, activities) tells the same
    story. Never used outside the demo data."""
    moment = datetime.combine(day, time(REPLAY_HOUR))
    with (
        patch.object(fields.Date, "today", staticmethod(lambda *args: day)),
        patch.object(
            fields.Date, "context_today", staticmethod(lambda *args, **kw: day)
        ),
        patch.object(fields.Datetime, "now", staticmethod(lambda *args: moment)),
    ):
        yield


class DebtRecoveryDemo(models.AbstractModel):
    """The demo data's history: invoices of the demo customers and what the
    accountant did during the replayed months. Called once, by the demo data
    file; it adds nothing to the addon's real models."""

    _name = "debt.recovery.demo"
    _description = "Debt recovery demo data"

    @api.model
    def _demo_replay_history(self):
        """Create the demo invoices and replay the daily job over the last
        days, as if the addon had been running for two months."""
        company = self.env.ref("base.main_company")
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            _logger.warning(
                "Debt recovery demo: the main company has no sales journal "
                "(no chart of accounts); demo invoices not created."
            )
            return False
        today = fields.Date.context_today(self)
        # The history is written in the company's language (French in the
        # demo), whatever the language of the installing process.
        self = self.with_context(lang=company.partner_id.lang or self.env.lang)
        # The addon's translations load after its data: load them now, so that
        # the history replayed below is written in the users' language.
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        self.env["ir.module.module"]._load_module_terms(
            ["l10n_fr_debt_recovery"], [lang for lang in langs if lang != "en_US"]
        )
        # Demo data loads before the install hook that gives companies their
        # ladder: create it now.
        self.env["debt.recovery.level"]._create_default_ladder(company)
        self._demo_fill_missing_rates(today)
        moves = self.env["account.move"].with_company(company)
        tax = company.account_sale_tax_id
        invoices = moves.browse()
        for xmlid, days_late, amount, label, situation in DEMO_INVOICES:
            partner = self.env.ref(f"l10n_fr_debt_recovery.{xmlid}")
            due = today - timedelta(days=days_late)
            price = (
                amount / (1 + tax.amount / 100)
                if tax.amount_type == "percent"
                else amount
            )
            invoice = moves.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "journal_id": journal.id,
                    "invoice_date": due - timedelta(days=30),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1,
                                "price_unit": round(price, 2),
                                "tax_ids": [Command.set(tax.ids)],
                            }
                        )
                    ],
                }
            )
            invoice.invoice_payment_term_id = False
            invoice.invoice_date_due = due
            with replay_clock(invoice.invoice_date):
                invoice.action_post()
            self._demo_situation(invoice, situation, today)
            invoices |= invoice
        for invoice in invoices:
            self._demo_date_messages("account.move", invoice.ids, invoice.invoice_date)
        # The customers were created before their first invoice.
        self._demo_date_messages(
            "res.partner",
            invoices.commercial_partner_id.ids,
            min(invoices.mapped("invoice_date")) - timedelta(days=1),
        )
        events = defaultdict(list)
        for days_before, xmlid, what in DEMO_EVENTS:
            events[today - timedelta(days=days_before)].append((xmlid, what))
        day = today - timedelta(days=HISTORY_DAYS + 30)
        while day < today:
            first_message = self._demo_last_message_id() + 1
            with replay_clock(day):
                self.env["debt.recovery.run"]._cron_daily_run(today=day)
                for xmlid, what in events.get(day, ()):
                    partner = self.env.ref(f"l10n_fr_debt_recovery.{xmlid}")
                    getattr(self, f"_demo_{what}")(partner, invoices, day)
            self._demo_date_messages(None, None, day, first_message)
            day += timedelta(days=1)
        self._demo_quotation(
            self.env.ref("l10n_fr_debt_recovery.demo_partner_transports")
        )
        # Today's check of the customers in the public registries (their
        # recorded answers), as the accountant's button does.
        self.env["debt.recovery.registry.check"]._recovery_check_partners(
            invoices.commercial_partner_id, "button", force=True
        )
        return invoices

    # The chatter's own dates: a message is dated when it is written; those
    # of a replayed day are dated that day, in the order they were written.
    def _demo_last_message_id(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
        return self.env.cr.fetchone()[0]

    def _demo_date_messages(self, model, res_ids, day, first_id=None):
        """Date the messages of ``model``/``res_ids`` (or every message from
        ``first_id`` on) on ``day`` at the replay hour, one second apart."""
        self.env.flush_all()
        moment = datetime.combine(day, time(REPLAY_HOUR))
        where = (
            SQL("id >= %s", first_id)
            if first_id
            else SQL("model = %s AND res_id = ANY(%s)", model, res_ids)
        )
        self.env.cr.execute(
            SQL(
                """UPDATE mail_message
                      SET date = %(moment)s::timestamp
                                 + (id - (SELECT MIN(id) FROM mail_message
                                           WHERE %(where)s)) * interval '1 second'
                    WHERE %(where)s""",
                moment=moment,
                where=where,
            )
        )
        self.env["mail.message"].invalidate_model(["date"])

    # What the accountant did, replayed on its day.
    def _demo_plan(self, partner, invoices, day, count, first_days):
        wizard = self.env["debt.recovery.plan.wizard"].create(
            {
                "partner_id": partner.id,
                "invoice_ids": [
                    Command.set(
                        invoices.filtered(lambda m: m.partner_id == partner).ids
                    )
                ],
                "installment_count": count,
                "frequency": "monthly",
                "first_date": day + timedelta(days=first_days),
                # Ahead of the replayed day, but already past today.
                "confirm_past_start": True,
            }
        )
        plan = self.env["debt.recovery.plan"].browse(
            wizard.action_create_plan()["res_id"]
        )
        # Its default date was bound when the field was defined: the real
        # today, not the replayed day. The replay runs as OdooBot: the plan
        # is followed by the demo's accountant.
        plan.write(
            {
                "date": day,
                "user_id": self.env.ref("l10n_fr_debt_recovery.demo_user_recovery").id,
            }
        )
        plan.action_propose()
        plan.write(
            {
                "acceptance_date": day,
                "signed_document": base64.b64encode(b"%PDF-1.4 demo signed copy"),
                "signed_document_name": "echeancier-signe.pdf",
                # The demo's signed copy includes the acknowledgment of debt
                # (not ticked by default: it interrupts prescription).
                "acknowledgment_signed": True,
            }
        )
        plan.action_activate()
        return plan

    def _demo_plan_3_from_60(self, partner, invoices, day):
        return self._demo_plan(partner, invoices, day, 3, 10)

    def _demo_plan_4_from_35(self, partner, invoices, day):
        return self._demo_plan(partner, invoices, day, 4, 5)

    def _demo_pay_installment(self, partner, invoices, day):
        line = (
            self.env["debt.recovery.plan.line"]
            .search([("plan_id.partner_id", "=", partner.id)], order="date")
            .filtered(lambda line: line.amount_paid < line.amount)[:1]
        )
        invoice = invoices.filtered(lambda m: m.partner_id == partner)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": line.amount, "payment_date": day})._create_payments()
        self._demo_after_payment(day)

    def _demo_after_payment(self, day):
        """What a cron worker does right after a payment: the customers it
        marked are re-examined (status, suspension and its notices)."""
        self.env["debt.recovery.recheck"]._recovery_process(today=day)

    def _demo_notice(self, partner, day):
        notice = self.env["debt.recovery.notice"].search(
            [("partner_id", "=", partner.id), ("state", "=", "draft")], limit=1
        )
        # The channel is printed in the letter: chosen before the validation.
        notice.channel = "lrar"
        # A replay of past days: the public registries are not asked.
        skip_registries(notice).action_validate()
        notice.write({"tracking_number": "1A 012 345 6789 0", "sent_date": day})
        notice.action_send()
        return notice

    def _demo_notice_sent(self, partner, invoices, day):
        return self._demo_notice(partner, day)

    def _demo_notice_sent_and_received(self, partner, invoices, day):
        notice = self._demo_notice(partner, day)
        # Recorded on the day the receipt came back: a proof date is never
        # in the future.
        received = day + timedelta(days=3)
        with replay_clock(received):
            notice.receipt_date = received
            notice.action_mark_received()
        return notice

    def _demo_quotation(self, partner):
        """A quotation of a suspended customer: the sales team sees the banner."""
        product = self.env.ref("l10n_fr_debt_recovery.demo_product_maintenance")
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                # The customer's salesperson (demo / demo), who may open it.
                "user_id": partner.user_id.id or self.env.ref("base.user_demo").id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )

    def _demo_situation(self, invoice, situation, today):
        invoice.ensure_one()
        if situation == "dispute":
            invoice.write(
                {
                    "recovery_excluded": True,
                    "recovery_exclusion_reason": "dispute",
                    "recovery_exclusion_note": (
                        "Le client conteste la facture : pièce remplacée sous garantie "
                        "selon lui. Expertise en cours."
                    ),
                }
            )
        elif situation == "paid":
            paid_on = today - timedelta(days=2)
            first_message = self._demo_last_message_id() + 1
            with replay_clock(paid_on):
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({"payment_date": paid_on})._create_payments()
                self._demo_after_payment(paid_on)
            self._demo_date_messages(None, None, paid_on, first_message)

    @api.model
    def _demo_fill_missing_rates(self, until):
        """Demo only: half-years without a published rate get the last known
        one, marked as such, so that the demo shows penalties. A real
        database raises a clear error instead: a missing half-year is never
        taken as 0 % (C. com. L441-10 II)."""
        Rate = self.env["debt.recovery.rate"]
        vals_list = []
        for series, starts in Rate._missing_half_years(until).items():
            last = Rate.search([("series", "=", series)], limit=1)
            for start in starts:
                vals_list.append(
                    {
                        "series": series,
                        "date_start": start,
                        "rate": last.rate,
                        "note": self.env._(
                            "Demo figure (copy of the previous half-year): replace it "
                            "with the official rate."
                        ),
                    }
                )
        return Rate.create(vals_list)
