"""Demo data: invoices of the demo customers and the recovery history that
puts each of them at another step of the ladder."""

import logging
from datetime import timedelta

from odoo import Command, api, fields, models

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
]
# Days of history replayed by the daily job.
HISTORY_DAYS = 60


class DebtRecoveryAction(models.Model):
    _inherit = "debt.recovery.action"

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
        # Demo data loads before the install hook that gives companies their
        # ladder: create it now.
        self.env["debt.recovery.level"]._create_default_ladder(company)
        self.env["debt.recovery.rate"]._demo_fill_missing_rates(today)
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
            invoice.action_post()
            invoice._demo_situation(situation, today)
            invoices |= invoice
        day = today - timedelta(days=HISTORY_DAYS)
        while day < today:
            self._cron_daily_run(today=day)
            day += timedelta(days=1)
        return invoices


class AccountMove(models.Model):
    _inherit = "account.move"

    def _demo_situation(self, situation, today):
        self.ensure_one()
        if situation == "dispute":
            self.write(
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
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=self.ids
            ).create({"payment_date": today - timedelta(days=2)})._create_payments()


class DebtRecoveryRate(models.Model):
    _inherit = "debt.recovery.rate"

    @api.model
    def _demo_fill_missing_rates(self, until):
        """Demo only: half-years without a published rate get the last known
        one, marked as such, so that the demo shows penalties. A real
        database raises a clear error instead (LEGAL.md section 1)."""
        vals_list = []
        for series, starts in self._missing_half_years(until).items():
            last = self.search([("series", "=", series)], limit=1)
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
        return self.create(vals_list)
