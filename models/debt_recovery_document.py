from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_list

# The addon's groups (security/debt_recovery_security.xml), named once.
USER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_user"
MANAGER_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_manager"
OVERRIDE_GROUP = "l10n_fr_debt_recovery.group_debt_recovery_sale_override"


class DebtRecoveryDocument(models.AbstractModel):
    """What the recovery records (steps, formal notices, litigation files,
    installment plans) share: a reference from their sequence, a company, a
    customer and a responsible, followed in the chatter."""

    _name = "debt.recovery.document"
    _description = "Debt Recovery Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    #: XML id of the window action listing the records of the model.
    _recovery_window_action = None
    #: XML id of the py3o report of the record's letter, when it has one.
    _recovery_letter_report = None

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # ---- Currency ----
    # A record is in the currency of its invoices (a step, a notice, a plan
    # or a file covers invoices of one currency: the daily job makes one step
    # per currency); the company's currency when it has no invoice (or, by
    # mistake, several currencies: the plans refuse it).
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
        readonly=True,
    )
    # The fixed indemnity for recovery costs is set in euros by law (C. com.
    # D441-5): it is kept in the company's currency (the setting's), never
    # converted nor added to an amount in another currency.
    indemnity_currency_id = fields.Many2one(
        "res.currency",
        string="Indemnity currency",
        related="company_id.currency_id",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )

    @api.depends("company_id", "invoice_ids.currency_id")
    def _compute_currency_id(self):
        for record in self:
            currencies = record.invoice_ids.currency_id
            record.currency_id = (
                currencies if len(currencies) == 1 else record.company_id.currency_id
            )

    def _recovery_check_one_currency(self):
        """A step or a litigation file claims one currency (its amounts are
        in it): refuse invoices in several currencies."""
        for record in self:
            currencies = record.invoice_ids.currency_id
            if len(currencies) > 1:
                raise ValidationError(
                    self.env._(
                        "%(record)s covers invoices in %(currencies)s, while a "
                        "recovery step or litigation file claims one currency: split "
                        "the invoices by currency.",
                        record=record.display_name,
                        currencies=format_list(self.env, currencies.mapped("name")),
                    )
                )

    def _recovery_indemnity_in_total(self):
        """The indemnity is added to the record's total only when both are in
        the same currency (euros); otherwise it is claimed beside it."""
        self.ensure_one()
        return self.currency_id == self.indemnity_currency_id

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if unnamed:
            # The sequence (its code is the model's name) is looked up once
            # for the batch: next_by_code searches it again for each number.
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .search(
                    [
                        ("code", "=", self._name),
                        ("company_id", "in", [self.env.company.id, False]),
                    ],
                    order="company_id",
                    limit=1,
                )
            )
            for vals in unnamed:
                vals["name"] = sequence._next() if sequence else "/"
        return super().create(vals_list)

    # Every recovery record covers invoices (its own ``invoice_ids``) and,
    # for the notices and litigation files, a letter (``letter_attachment_id``).
    def action_view_invoices(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    def _recovery_open_action(self):
        """Window action on these records (their form when there is one)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            self._recovery_window_action
        )
        if len(self) == 1:
            action.update(
                {"res_id": self.id, "views": [(False, "form")], "view_mode": "form"}
            )
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action

    def _render_letter(self):
        """The letter of each record as a PDF attachment, converted in one
        LibreOffice batch."""
        attachments = self.env["debt.recovery.letter"]._letter_attach_pdfs(
            self, self._recovery_letter_report
        )
        for record, attachment in attachments.items():
            record.letter_attachment_id = attachment
