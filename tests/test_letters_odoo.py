# ruff: noqa: RUF001
"""The letters printed through Odoo: the py3o reports of the recovery
actions and customers, rendered for realistic records, read back as text.

A Paris company writes on 2 March 2026 to a Lyon customer about three
overdue invoices (one partly paid before its due date) and one open credit
note; the figures are computed by hand (C. com. L441-10 II: ECB rate + 10
points, per day over 365; D441-5: 40 € per invoice):

- INV A  4 800,00 due 14/11/2025: 108 days, 4 800,00 x 12,15 % x 108 / 365 = 172,56
- INV B  2 340,00 due 31/12/2025, 1 000,00 paid on 15/12/2025:
         1 340,00 x 12,15 % x 61 / 365 = 27,21
- INV C  1 150,80 due 11/02/2026: 19 days, 1 150,80 x 12,15 % x 19 / 365 = 7,28
- credit note 250,00
- principal 7 290,80, net 7 040,80; with penalties 207,05 and 3 x 40,00:
  7 367,85.
"""

import os
import re
import shutil
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree
from PIL import Image

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.debt_recovery_letter import DebtRecoveryLetter
from ..services import libreoffice
from ..tools import qr
from .common import (
    HAS_LIBREOFFICE,
    DebtRecoveryCase,
    NoticeCase,
    normalize,
    odt_text,
    pdf_pages,
    pdf_text,
)

LETTER_DATE = date(2026, 3, 2)

NET = ("7 040,80 €", "sept mille quarante euros et quatre-vingts centimes")
WITH_PENALTIES = (
    "7 367,85 €",
    "sept mille trois cent soixante-sept euros et quatre-vingt-cinq centimes",
)
PENALTIES = ["172,56 €", "27,21 €", "7,28 €", "207,05 €", "120,00 €", "3 × 40,00 €"]
LETTERHEAD = [
    "Créances Verdier",
    "12 rue des Artisans",
    "75011 Paris",
    "SARL au capital de 50 000 €",
    "SIRET 812 345 678 00027",
    "FR25812345678",
]
ENVELOPE = [
    "Durand Bâtiment SARL",
    "À l'attention de Mme Claire Dubois",
    "112 avenue Jean-Jaurès",
    "69007 LYON",
]
PAYMENT = ["FR76 3000 4008 2800 0123 4567 890", "BNPAFRPPXXX"]


def _qr_modules(path, size):
    """The modules of a QR code image of ``size`` modules a side plus its
    quiet zone, read at the centre of each module (the image as printed
    in a PDF, resampled by LibreOffice); ``None`` for another image."""
    with Image.open(path) as image:
        grey = image.convert("L")
    width, height = grey.size
    modules = size + 2 * qr.QUIET_ZONE
    if width != height or width < modules:
        return None
    step = width / modules
    return [
        [
            grey.getpixel(
                (
                    int((qr.QUIET_ZONE + col + 0.5) * step),
                    int((qr.QUIET_ZONE + row + 0.5) * step),
                )
            )
            < 128
            for col in range(size)
        ]
        for row in range(size)
    ]


@tagged("post_install", "-at_install")
class LettersCase(DebtRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "name": "Créances Verdier",
                "company_registry": "81234567800027",
                "vat": "FR25812345678",
                "phone": "01 42 46 57 80",
                "debt_recovery_legal_form": "SARL au capital de 50 000 €",
                "debt_recovery_signatory_id": cls.manager.id,
                "debt_recovery_signatory_function": "Responsable du recouvrement",
            }
        )
        cls.manager.name = "Sophie Marchal"
        bank = cls.env["res.bank"].create({"name": "BNP Paribas", "bic": "BNPAFRPPXXX"})
        cls.env["res.partner.bank"].create(
            {
                "acc_number": "FR7630004008280001234567890",
                "partner_id": cls.company.partner_id.id,
                "bank_id": bank.id,
            }
        )
        cls.customer.ref = "C00231"
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Claire Dubois",
                "type": "invoice",
                "parent_id": cls.customer.id,
                "title": cls.env.ref("base.res_partner_title_madam").id,
                "email": "c.dubois@durand.example",
                "street": "112 avenue Jean-Jaurès",
                "zip": "69007",
                "city": "Lyon",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.inv_a = cls._invoice(
            cls.contact, 4800.0, date(2025, 10, 15), date(2025, 11, 14)
        )
        cls.inv_b = cls._invoice(
            cls.contact, 2340.0, date(2025, 12, 1), date(2025, 12, 31)
        )
        cls._pay(cls.inv_b, 1000.0, date(2025, 12, 15))
        cls.inv_c = cls._invoice(
            cls.contact, 1150.80, date(2026, 1, 12), date(2026, 2, 11)
        )
        cls.refund = cls._refund(cls.customer, 250.0, date(2026, 1, 20))
        cls.invoices = cls.inv_a | cls.inv_b | cls.inv_c

    @classmethod
    def _refund(cls, partner, amount, refund_date):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": partner.id,
                "invoice_date": refund_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Avoir",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _action(self, code, **vals):
        level = self.level[code]
        values = {
            "partner_id": self.customer.id,
            "level_id": level.id,
            "date": LETTER_DATE,
            "invoice_ids": [Command.set(self.invoices.ids)],
            "channel": "post",
            "state": "done",
        }
        values.update(vals)
        # Steps in any state, as the daily job leaves them: the superuser's
        # maintenance path (a step is never created as done by hand).
        Action = self.env["debt.recovery.action"].sudo()
        return Action._recovery_maintenance_create(values, reason="test fixture").sudo(
            False
        )

    def _render(self, xmlid, records, user=None):
        report = self.env.ref(f"l10n_fr_debt_recovery.{xmlid}")
        content, extension = (
            self.env["ir.actions.report"]
            .with_user(user or self.user)
            ._render(report.report_name, records.ids)
        )
        return content, extension

    @staticmethod
    def _keep(name, content):
        """Keep the PDF to look at it (DEBT_RECOVERY_LETTERS_DIR)."""
        folder = os.environ.get("DEBT_RECOVERY_LETTERS_DIR")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / f"{name}.pdf").write_bytes(content)

    def assertContains(self, text, expected):
        missing = [item for item in expected if normalize(item) not in text]
        self.assertFalse(missing, f"missing in the letter: {missing}\n{text}")

    def assertNotContains(self, text, unexpected):
        present = [item for item in unexpected if normalize(item) in text]
        self.assertFalse(present, f"unexpected in the letter: {present}")


@tagged("post_install", "-at_install")
class TestLetterData(LettersCase):
    """The letter data built from the records (no LibreOffice needed)."""

    def test_letter_data_of_an_amicable_reminder(self):
        action = self._action("amicable")
        (letter,) = action._recovery_letters()
        self.assertEqual(letter.kind, "relance_amiable")
        self.assertEqual(letter.place_date, "Paris, le 2 mars 2026")
        self.assertEqual(letter.company.siret, "812 345 678 00027")
        self.assertEqual(letter.recipient.name, "Durand Bâtiment SARL")
        self.assertEqual(letter.recipient.contact, "À l'attention de Mme Claire Dubois")
        self.assertEqual(
            letter.recipient.address_lines, ["112 avenue Jean-Jaurès", "69007 LYON"]
        )
        self.assertEqual(letter.salutation, "Madame,")
        self.assertEqual(
            [line.number for line in letter.invoices], self.invoices.mapped("name")
        )
        self.assertEqual(
            normalize(letter.invoices[1].residual), "1 340,00 €", "still due on INV B"
        )
        self.assertEqual(
            [normalize(line.days_late) for line in letter.invoices],
            ["108 jours", "61 jours", "19 jours"],
        )
        self.assertEqual([c.number for c in letter.credits], [self.refund.name])
        self.assertEqual(letter.credits[0].label, "Avoir")
        self.assertEqual(normalize(letter.totals.total), NET[0])
        self.assertEqual(letter.totals.total_in_words, NET[1])
        self.assertFalse(letter.totals.has_penalties, "the amicable step claims none")
        self.assertEqual(
            normalize(letter.penalty_rate_label),
            "12,15 % l'an (taux de refinancement de la BCE majoré de 10 points)",
        )
        self.assertEqual(letter.payment.iban, "FR76 3000 4008 2800 0123 4567 890")
        self.assertIn("/recouvrement/", letter.payment.portal_url)
        self.assertEqual(letter.signatory.name, "Sophie Marchal")
        self.assertIsNone(letter.agency)
        # The totals of the letter are those of the action.
        action.sudo()._recovery_maintenance_write(
            {"amount_due": 7290.80, "amount_credit": 250.0, "amount_penalty": 207.05},
            reason="test fixture",
        )
        self.assertAlmostEqual(action.amount_total, 7040.80)

    def test_letter_data_of_a_firm_reminder_claims_penalties(self):
        self._action("amicable", date=date(2026, 2, 13))
        action = self._action("firm")
        (letter,) = action._recovery_letters()
        self.assertEqual(letter.kind, "relance_ferme")
        self.assertEqual(
            [normalize(line.penalties) for line in letter.invoices],
            ["172,56 €", "27,21 €", "7,28 €"],
        )
        self.assertEqual(normalize(letter.totals.total), WITH_PENALTIES[0])
        self.assertEqual(letter.totals.total_in_words, WITH_PENALTIES[1])
        self.assertEqual(normalize(letter.totals.indemnity_detail), "3 × 40,00 €")
        self.assertEqual(letter.previous_letter_date, "13 février 2026")
        self.assertEqual(letter.pay_by_date, "10 mars 2026")

    def test_one_invoice_gives_its_payment_reference_and_recovery_page_link(self):
        action = self._action("amicable", invoice_ids=[Command.set(self.inv_a.ids)])
        (letter,) = action._recovery_letters()
        self.assertEqual(
            letter.payment.reference,
            self.inv_a.payment_reference or self.inv_a.name,
        )
        link = self.env["debt.recovery.portal.link"].search(
            [("partner_id", "=", self.inv_a.commercial_partner_id.id)]
        )
        self.assertEqual(len(link), 1)
        self.assertTrue(letter.payment.portal_url.startswith("http"))
        self.assertTrue(
            letter.payment.portal_url.endswith(f"/recouvrement/{link.sudo().token}")
        )
        # The letter carries the QR code of that very link.
        self.assertEqual(letter.payment.portal_qr, qr.qr_png(letter.payment.portal_url))
        self.assertEqual(
            qr.png_matrix(letter.payment.portal_qr),
            qr.qr_matrix(letter.payment.portal_url),
        )

    def test_without_a_named_contact_madame_monsieur(self):
        invoice = self._invoice(self.customer_b, 500.0, date(2026, 1, 5))
        action = self._action(
            "amicable",
            partner_id=self.customer_b.id,
            invoice_ids=[Command.set(invoice.ids)],
        )
        (letter,) = action._recovery_letters()
        self.assertEqual(letter.salutation, "Madame, Monsieur,")
        self.assertEqual(letter.recipient.contact, "")
        self.assertEqual(letter.recipient.name, "Atelier Lefèvre SAS")

    def test_default_ladder_prints_the_default_letters(self):
        report = "l10n_fr_debt_recovery.report_debt_recovery_action_%s"
        self.assertEqual(
            self.level["amicable"].report_id, self.env.ref(report % "amicable")
        )
        self.assertEqual(self.level["firm"].report_id, self.env.ref(report % "firm"))
        # An install whose ladder lost its letter gets it back on update.
        self.level["amicable"].report_id = False
        self.env["debt.recovery.level"].search([])._link_default_documents()
        self.assertEqual(
            self.level["amicable"].report_id, self.env.ref(report % "amicable")
        )

    def test_agency_setting_requires_an_agency_address(self):
        with self.assertRaisesRegex(Exception, "agency's name and address"):
            self.company.debt_recovery_agency_mode = True

    def test_the_report_says_which_letter_it_prints(self):
        """The kind of letter is a field of the report, not guessed from the
        name of its template file: each report of the addon names the
        letter of its template; a copy with another template keeps it."""
        reports = self.env["ir.actions.report"].search(
            [("report_type", "=", "py3o"), ("module", "=", "l10n_fr_debt_recovery")]
        )
        self.assertTrue(reports)
        for report in reports:
            self.assertEqual(
                report.debt_recovery_letter_kind,
                Path(report.py3o_template_fallback).stem,
                report.report_name,
            )
        firm = self.env.ref("l10n_fr_debt_recovery.report_debt_recovery_action_firm")
        copy = firm.copy({"py3o_template_fallback": "reports/templates/my_letter.odt"})
        self.assertEqual(copy.debt_recovery_letter_kind, "relance_ferme")
        # The letter's data follow the report's kind, whatever the step.
        action = self._action("amicable")
        Letter = self.env["debt.recovery.letter"]
        (letter,) = Letter._letter_data(action, copy.debt_recovery_letter_kind)
        self.assertEqual(letter.kind, "relance_ferme")
        self.assertEqual(Letter._letter_data(action)[0].kind, "relance_amiable")
        with self.assertRaisesRegex(ValueError, "no letter of kind 'echeancier'"):
            Letter._letter_data(action, "echeancier")


@tagged("post_install", "-at_install")
class TestLetterReports(LettersCase):
    """Each report rendered through Odoo by a recovery user, read back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not HAS_LIBREOFFICE or not shutil.which("pdftotext"):
            cls.skipTest(cls, "LibreOffice or pdftotext is not installed")

    def _pdf(self, xmlid, records):
        content, extension = self._render(xmlid, records)
        self.assertEqual(extension, "pdf")
        self.assertTrue(content.startswith(b"%PDF-"))
        self._keep(xmlid, content)
        return pdf_text(content)

    def _odt(self, xmlid, records):
        if os.environ.get("DEBT_RECOVERY_LETTERS_DIR"):
            self._keep(f"{xmlid}-{records[:1].id}", self._render(xmlid, records)[0])
        content, extension = self._render(f"{xmlid}_odt", records)
        self.assertEqual(extension, "odt")
        self.assertTrue(content.startswith(b"PK"), "an ODT document (zip)")
        return odt_text(content)

    def test_amicable_reminder(self):
        text = self._pdf(
            "report_debt_recovery_action_amicable", self._action("amicable")
        )
        self.assertContains(
            text,
            [
                *LETTERHEAD,
                *ENVELOPE,
                *PAYMENT,
                *NET,
                "Paris, le 2 mars 2026",
                "Madame,",
                *self.invoices.mapped("name"),
                "4 800,00 €",
                "2 340,00 €",
                "1 340,00 €",
                "1 150,80 €",
                "108 jours",
                self.refund.name,
                "250,00 €",
                "7 290,80 €",
                "/recouvrement/",
                "Sophie Marchal",
                "Responsable du recouvrement",
                "article L441-10 du Code de commerce",
                "12,15 %",
            ],
        )
        self.assertNotContains(text, ["172,56 €", "mise en demeure", "py3o"])

    def test_paper_letter_prints_the_page_link_and_its_qr_code(self):
        """The letter made by the one pipeline prints the recovery page's
        short link and, beside it, a QR code of at least 2 cm that reads as
        that link (the image printed in the PDF, module by module)."""
        action = self._action("amicable")
        (letter,) = action._recovery_letters()
        url = letter.payment.portal_url
        report = self.env.ref(
            "l10n_fr_debt_recovery.report_debt_recovery_action_amicable"
        )
        (outcome,) = (
            self.env["debt.recovery.letter"]
            .with_user(self.user)
            ._letter_produce([(action.with_user(self.user), report)], store=False)
        )
        self.assertFalse(outcome.error)
        text = pdf_text(outcome.pdf)
        self.assertContains(
            text,
            [
                url,
                "scannez le code ci-contre pour régler ou répondre en ligne",
                *PAYMENT,
            ],
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "letter.pdf"
            path.write_bytes(outcome.pdf)
            listing = subprocess.run(
                ["pdfimages", "-list", path],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[2:]
            subprocess.run(
                ["pdfimages", "-png", path, Path(folder) / "img"], check=True
            )
            images = sorted(Path(folder).glob("img-*.png"))
            codes = [
                (image, row.split())
                for image, row in zip(images, listing, strict=True)
                if _qr_modules(image, len(qr.qr_matrix(url))) == qr.qr_matrix(url)
            ]
            self.assertEqual(len(codes), 1, "one QR code of the link")
            _image, columns = codes[0]
            width_px, x_ppi = int(columns[3]), int(columns[12])
            code_cm = (
                width_px / x_ppi * 2.54 * len(qr.qr_matrix(url))
                / (len(qr.qr_matrix(url)) + 2 * qr.QUIET_ZONE)
            )  # fmt: skip
            self.assertGreaterEqual(code_cm, 2.0)

    def test_firm_reminder_claims_penalties_and_indemnities(self):
        self._action("amicable", date=date(2026, 2, 13))
        text = self._pdf("report_debt_recovery_action_firm", self._action("firm"))
        self.assertContains(
            text,
            [
                *LETTERHEAD,
                *ENVELOPE,
                *PAYMENT,
                *PENALTIES,
                *WITH_PENALTIES,
                "Dernière relance avant mise en demeure",
                "Malgré notre relance du 13 février 2026",
                "au plus tard le 10 mars 2026",
                "Ce montant comprend les pénalités de retard",
                "échéancier",
            ],
        )

    def test_formal_notice(self):
        action = self._action("formal_notice")
        text = self._odt("report_debt_recovery_action_formal_notice", action)
        self.assertContains(
            text,
            [
                *LETTERHEAD,
                *ENVELOPE,
                *PENALTIES,
                *WITH_PENALTIES,
                "Mise en demeure de payer",
                "nous vous mettons en demeure",
                "huit jours à compter de la réception de ce courrier.",
                "sans autre avis",
                "par lettre recommandée avec accusé de réception",
                "D441-5",
            ],
        )
        # Not received yet: the deadline is never turned into a guessed date.
        self.assertNotContains(text, ["au plus tard"])

    @freeze_time("2026-03-02")
    def test_account_statement(self):
        text = self._pdf("report_res_partner_statement", self.customer)
        self.assertContains(
            text,
            [
                *LETTERHEAD,
                *ENVELOPE,
                "Paris, le 2 mars 2026",
                "Relevé de votre compte client",
                *self.invoices.mapped("name"),
                "Avoir",
                "250,00 €",
                "Échue (108 j)",
                "au taux de 12,15 % l'an",
                "7 040,80 €",
                "sept mille quarante euros et quatre-vingts centimes",
            ],
        )

    @freeze_time("2026-03-02")
    def test_suspension_and_resumed_notices(self):
        text = self._odt("report_res_partner_suspension", self.customer)
        self.assertContains(
            text,
            [
                *LETTERHEAD,
                *ENVELOPE,
                "Suspension de nos livraisons et prestations",
                "1219",
                *NET,
            ],
        )
        text = self._odt("report_res_partner_resumed", self.customer)
        self.assertContains(
            text, [*ENVELOPE, "Reprise de nos livraisons et prestations"]
        )

    def test_collection_agency_variant(self):
        agency = self.env["res.partner"].create(
            {
                "name": "Rhône Recouvrement",
                "is_company": True,
                "street": "5 place Bellecour",
                "zip": "69002",
                "city": "Lyon",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        self.env["res.partner"].create(
            {
                "name": "Marc Lefèvre",
                "parent_id": agency.id,
                "function": "Chargé de recouvrement",
            }
        )
        self.company.write(
            {
                "debt_recovery_agency_partner_id": agency.id,
                "debt_recovery_agency_mode": True,
            }
        )
        first = self._action("amicable", date=date(2026, 2, 13))
        text = self._odt("report_debt_recovery_action_amicable", first)
        self.assertContains(
            text,
            [
                "Rhône Recouvrement",
                "5 place Bellecour",
                "exerce une activité de recouvrement amiable de créances",
                "pour le compte de Créances Verdier",
                "Article L111-8 du Code des procédures civiles d'exécution",
                "restent à la charge du créancier",
                "débiteur de mauvaise foi",
                "Lyon, le 13 février 2026",
                "Marc Lefèvre",
                "Chargé de recouvrement",
            ],
        )
        self.assertNotContains(text, ["premier courrier du"])
        text = self._odt("report_debt_recovery_action_firm", self._action("firm"))
        self.assertContains(
            text,
            [
                "Rhône Recouvrement",
                f"premier courrier du 13 février 2026, référence {first.name}",
                "principal 7 040,80 €",
                "intérêts 207,05 €",
                "autres sommes 120,00 €",
            ],
        )

    def test_several_actions_printed_in_one_document(self):
        other = self._invoice(self.customer_b, 500.0, date(2026, 1, 5))
        actions = self._action("amicable") | self._action(
            "amicable",
            partner_id=self.customer_b.id,
            invoice_ids=[Command.set(other.ids)],
        )
        content, _ext = self._render("report_debt_recovery_action_amicable", actions)
        text = pdf_text(content)
        self.assertContains(text, ["Durand Bâtiment SARL", "Atelier Lefèvre SAS"])
        self.assertEqual(pdf_pages(content), 2, "one page per letter")


@tagged("post_install", "-at_install")
class TestLettersSent(LettersCase):
    """The daily job makes the letters in one LibreOffice process per batch,
    attaches them to the action and its email; the letters to post are
    printed as one PDF and marked as posted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not HAS_LIBREOFFICE or not shutil.which("pdftotext"):
            cls.skipTest(cls, "LibreOffice or pdftotext is not installed")

    def _draft(self, partner, invoices, code="amicable", channel="post"):
        return self._action(
            code,
            partner_id=partner.id,
            invoice_ids=[Command.set(invoices.ids)],
            channel=channel,
            state="draft",
            amount_due=sum(invoices.mapped("amount_residual")),
        )

    def test_daily_job_attaches_the_letter_to_the_action_and_its_email(self):
        self.invoices.button_draft()  # only the invoice below is overdue
        self.customer_b.recovery_letter_channel = "both"
        invoice = self._invoice(self.customer_b, 1000.0, date(2026, 1, 5))
        convert = patch.object(
            libreoffice, "convert_to_pdf", wraps=libreoffice.convert_to_pdf
        )
        letters = {}
        for day, code in (
            ("2026-01-08", "courtesy"),
            ("2026-01-20", "amicable"),
            ("2026-01-30", "phone"),
            ("2026-02-04", "firm"),
        ):
            with freeze_time(day), convert as converted:
                self._run()
            action = self._actions(self.customer_b)[-1]
            self.assertEqual((action.level_id.code, action.state), (code, "done"))
            if code in ("courtesy", "phone"):
                self.assertFalse(action.letter_attachment_id)
                self.assertFalse(converted.called)
                continue
            self.assertEqual(converted.call_count, 1, "one conversion per batch")
            letter = action.letter_attachment_id
            self.assertEqual(letter.mimetype, "application/pdf")
            self.assertEqual(
                (letter.res_model, letter.res_id), (action._name, action.id)
            )
            self.assertIn(letter, action.mail_id.attachment_ids, "sent with the email")
            self.assertTrue(action.to_post, "the customer also wants post")
            letters[code] = pdf_text(letter.raw)
        self.assertContains(
            letters["amicable"],
            [
                "Relance – factures arrivées à échéance",
                "Atelier Lefèvre SAS",
                invoice.name,
                "1 000,00 €",
                "mille euros",
                "Paris, le 20 janvier 2026",
                "Madame, Monsieur,",
            ],
        )
        # Firm step on 4 February: 30 days at 12,15 % on 1 000,00 = 9,99;
        # indemnity 40,00: 1 049,99.
        self.assertContains(
            letters["firm"],
            [
                "Dernière relance avant mise en demeure",
                "Malgré notre relance du 20 janvier 2026",
                "9,99 €",
                "40,00 €",
                "1 049,99 €",
                "mille quarante-neuf euros et quatre-vingt-dix-neuf centimes",
                "Paris, le 4 février 2026",
            ],
        )

    def test_libreoffice_missing_fails_the_actions_with_the_reason(self):
        action = self._draft(self.customer, self.invoices, channel="both")
        with patch.object(
            libreoffice,
            "find_soffice",
            side_effect=libreoffice.LibreOfficeNotFoundError(
                "LibreOffice is not installed"
            ),
        ):
            action._recovery_execute()
        self.assertEqual(action.state, "failed")
        self.assertIn("LibreOffice is not installed", action.failure_reason)
        self.assertFalse(action.mail_id, "nothing sent without its letter")
        self.assertFalse(action.to_post)

    def test_a_letter_that_fails_does_not_stop_the_others(self):
        other = self._invoice(self.customer_b, 500.0, date(2026, 1, 5))
        good = self._draft(self.customer, self.invoices)
        bad = self._draft(self.customer_b, other)
        render = DebtRecoveryLetter._letter_render_odt

        def broken_for_bad(builder, report, letters, records):
            if bad in records:
                return b"PK\x03\x04 this is not a real OpenDocument file" * 10
            return render(builder, report, letters, records)

        with patch.object(DebtRecoveryLetter, "_letter_render_odt", broken_for_bad):
            (good | bad)._recovery_execute()
        self.assertEqual(bad.state, "failed")
        self.assertIn("LibreOffice could not convert the letter", bad.failure_reason)
        self.assertEqual(good.state, "done")
        self.assertTrue(good.letter_attachment_id.raw.startswith(b"%PDF-"))
        self.assertTrue(good.to_post)
        # Retried once the problem is gone: the letter is made.
        bad.action_retry()
        self.assertEqual(bad.state, "done")
        self.assertTrue(bad.letter_attachment_id)

    def test_letters_of_a_batch_made_as_one_document_then_split(self):
        third = self._make_customer("Menuiserie Roux SARL")
        other = self._invoice(self.customer_b, 500.0, date(2026, 1, 5))
        last = self._invoice(third, 750.0, date(2026, 1, 5))
        actions = (
            self._draft(self.customer, self.invoices)
            | self._draft(self.customer_b, other)
            | self._draft(third, last)
        )
        names = ["Durand Bâtiment SARL", "Atelier Lefèvre SAS", "Menuiserie Roux SARL"]
        with patch.object(
            libreoffice, "convert_to_pdf", wraps=libreoffice.convert_to_pdf
        ) as converted:
            actions._recovery_execute()
        self.assertEqual(converted.call_count, 1)
        self.assertEqual(
            len(converted.call_args.args[0]), 1, "the three letters in one document"
        )
        self.assertEqual(set(actions.mapped("state")), {"done"})
        for action, name in zip(actions, names, strict=True):
            self._keep(f"batch-{action.id}", action.letter_attachment_id.raw)
            text = pdf_text(action.letter_attachment_id.raw)
            self.assertContains(text, [name, action.name])
            self.assertNotContains(text, [n for n in names if n != name])
            self.assertEqual(pdf_pages(action.letter_attachment_id.raw), 1)

    def test_preview_makes_the_letter_without_making_the_step(self):
        """The processing wizard's preview of a step: its letter with the
        amounts the step would claim, built from the step in memory: no
        step row (not even one rolled back: the table's id sequence does not
        move), no reference number used, nothing sent."""
        Action = self.env["debt.recovery.action"]
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", Action._name)], order="company_id", limit=1)
        )

        def counters():
            self.env.flush_all()
            self.env.invalidate_all()
            self.env.cr.execute(
                "SELECT last_value, is_called FROM debt_recovery_action_id_seq"
            )
            return (
                self.env.cr.fetchone(),
                sequence.number_next_actual,
                Action.sudo().search_count([]),
                self.env["mail.mail"].sudo().search_count([]),
            )

        self._action("amicable", date=date(2026, 2, 13))
        with freeze_time(LETTER_DATE):
            form = Form(
                self.env["debt.recovery.process"]
                .with_user(self.user)
                .with_context(active_model="res.partner", active_ids=self.customer.ids)
            )
            form.step_level_id = self.level["firm"]
            wizard = form.save()
            before = counters()
            result = wizard.action_preview_step()
            self.assertEqual(counters(), before)
        attachment_id = int(re.search(r"/web/content/(\d+)", result["url"]).group(1))
        preview = self.env["ir.attachment"].with_user(self.user).browse(attachment_id)
        self._keep("preview-firm", preview.raw)
        self.assertEqual((preview.res_model, preview.res_id), (wizard._name, wizard.id))
        # The firm step's figures on 2 March 2026 (see the module docstring).
        self.assertContains(
            pdf_text(preview.raw),
            [
                "Dernière relance avant mise en demeure",
                "PREVIEW",
                "Malgré notre relance du 13 février 2026",
                *self.invoices.mapped("name"),
                *PENALTIES,
                *WITH_PENALTIES,
                "Paris, le 2 mars 2026",
            ],
        )
        self.assertFalse(
            Action.sudo().search([("level_id", "=", self.level["firm"].id)])
        )

    def test_print_queue_gives_one_pdf_then_mark_as_posted(self):
        other = self._invoice(self.customer_b, 500.0, date(2026, 1, 5))
        actions = self._draft(self.customer, self.invoices, code="firm") | self._draft(
            self.customer_b, other
        )
        actions._recovery_execute()
        self.assertTrue(all(actions.mapped("to_post")))
        pages = sum(pdf_pages(a.letter_attachment_id.raw) for a in actions)
        queue = self.env["debt.recovery.action"].with_user(self.user)
        to_print = queue.search(
            [("to_post", "=", True), ("posted", "=", False), ("state", "=", "done")]
        )
        self.assertEqual(to_print, actions)
        # Printed the day of the steps (a later day reissues them: see
        # test_print_on_a_later_day_reissues_the_letter_dated_that_day).
        with freeze_time(LETTER_DATE):
            result = to_print.action_print_letters()
        self.assertEqual(result["type"], "ir.actions.act_url")
        attachment_id = int(re.search(r"/web/content/(\d+)", result["url"]).group(1))
        merged = self.env["ir.attachment"].with_user(self.user).browse(attachment_id)
        self.assertEqual(pdf_pages(merged.raw), pages)
        self.assertGreaterEqual(pages, 3, "the firm letter has two pages")
        text = pdf_text(merged.raw)
        self.assertContains(text, ["Atelier Lefèvre SAS", "Durand Bâtiment SARL"])
        with freeze_time("2026-03-03"):
            to_print.action_mark_posted()
        self.assertTrue(all(actions.mapped("posted")))
        self.assertEqual(set(actions.mapped("posted_date")), {date(2026, 3, 3)})
        self.assertEqual(actions.posted_by_id, self.user)
        self.assertFalse(
            queue.search([("to_post", "=", True), ("posted", "=", False)]),
            "the queue is empty",
        )

    def test_a_later_step_supersedes_the_letter_still_to_post(self):
        """An amicable letter still to post when the firm step is sent
        leaves the queue: superseded, kept, never deleted; it cannot be
        marked as posted."""
        amicable = self._draft(self.customer, self.invoices)
        amicable._recovery_execute()
        self.assertTrue(amicable.to_post)
        firm = self._draft(self.customer, self.invoices, code="firm")
        firm.date = LETTER_DATE + timedelta(days=10)
        other = self._draft(
            self.customer_b, self._invoice(self.customer_b, 500.0, date(2026, 1, 5))
        )
        other._recovery_execute()
        self.assertFalse(other.superseded, "another customer's letter")
        firm._recovery_execute()
        self.assertTrue(amicable.superseded)
        self.assertEqual(amicable.superseded_by_id, firm)
        self.assertTrue(amicable.exists() and amicable.letter_attachment_id)
        self.assertFalse(other.superseded)
        action = self.env.ref(
            "l10n_fr_debt_recovery.debt_recovery_action_to_print_action"
        )
        search = self.env.ref("l10n_fr_debt_recovery.debt_recovery_action_view_search")
        [node] = etree.fromstring(search.arch).xpath("//filter[@name='to_post']")
        queue = (
            self.env["debt.recovery.action"]
            .with_user(self.user)
            .search(safe_eval(action.domain) + safe_eval(node.get("domain")))
        )
        self.assertEqual(queue, firm | other)
        with self.assertRaisesRegex(UserError, "superseded"):
            amicable.with_user(self.user).action_mark_posted()

    def test_print_on_a_later_day_reissues_the_letter_dated_that_day(self):
        """The date printed on a letter is the day it is printed: a letter
        to post printed later than its step is reissued dated that day (new
        reference); the first one stays, superseded."""
        first = self._draft(self.customer, self.invoices)
        first._recovery_execute()
        later = LETTER_DATE + timedelta(days=5)
        with freeze_time(later):
            result = first.with_user(self.user).action_print_letters()
        reissued = first.superseded_by_id
        self.assertTrue(first.superseded)
        self.assertEqual(reissued.level_id, first.level_id)
        self.assertEqual(reissued.date, later)
        self.assertEqual(reissued.state, "done")
        self.assertNotEqual(reissued.name, first.name)
        attachment_id = int(re.search(r"/web/content/(\d+)", result["url"]).group(1))
        text = pdf_text(self.env["ir.attachment"].browse(attachment_id).raw)
        self.assertContains(text, [reissued.name, "Paris, le 7 mars 2026"])
        self.assertNotContains(text, [first.name])

    def test_print_without_letter_says_what_is_wrong(self):
        action = self._action("phone", channel="activity")
        with self.assertRaisesRegex(Exception, action.name):
            action.with_user(self.user).action_print_letters()

    @freeze_time("2026-03-02 09:00:00")
    def test_suspension_and_resumed_emails_carry_their_letter(self):
        def notice(subject):
            return self.env["mail.mail"].search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "=", self.customer.id),
                    ("subject", "ilike", subject),
                ]
            )

        self.inv_a.sudo().recovery_level_id = self.level["formal_notice"]
        self.assertTrue(self.customer.recovery_suspended)
        mail = notice("suspension")
        self.assertEqual(len(mail), 1)
        self.assertEqual(len(mail.attachment_ids), 1, "the notice letter")
        self.assertContains(
            pdf_text(mail.attachment_ids.raw),
            [
                "Suspension de nos livraisons et prestations",
                "à compter du 2 mars 2026",
                self.inv_a.name,
                "4 550,00 €",
                "quatre mille cinq cent cinquante euros",
            ],
        )
        self._pay(self.inv_a)
        # What a cron worker does right after the payment's transaction.
        self.env.ref(
            "l10n_fr_debt_recovery.ir_cron_debt_recovery_recheck"
        ).method_direct_trigger()
        self.assertFalse(self.customer.recovery_suspended)
        mail = notice("reprise")
        self.assertEqual(len(mail), 1)
        self.assertContains(
            pdf_text(mail.attachment_ids.raw),
            [
                "Reprise de nos livraisons et prestations",
                "votre règlement du 2 mars 2026",
                "notifiée le 2 mars 2026",
            ],
        )


@tagged("post_install", "-at_install")
class TestLetterFailures(NoticeCase):
    """A letter that cannot be made is handled the same way whatever its
    record (``debt.recovery.letter._letter_produce``): the record is handed
    the reason (a step fails, a validation or a print is refused, a note
    says it) and nothing of it is kept. LibreOffice is made to fail."""

    with_letters = True

    def _no_libreoffice(self):
        def convert(builder, odts):
            return {}, dict.fromkeys(odts, "LibreOffice is not installed")

        return patch.object(DebtRecoveryLetter, "_letter_convert_odts", convert)

    def _letters_of(self, records):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", records._name), ("res_id", "in", records.ids)])
        )

    def test_a_notice_whose_letter_cannot_be_made_is_not_validated(self):
        _invoice, notice = self._notice_from_job(self.customer, 500.0, date(2026, 1, 5))
        with (
            freeze_time("2026-02-20"),
            self._no_libreoffice(),
            self.assertRaises(UserError) as caught,
        ):
            notice.with_user(self.manager).action_validate()
        self.assertIn(notice.name, str(caught.exception))
        self.assertIn("LibreOffice is not installed", str(caught.exception))
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.letter_attachment_id)
        self.assertFalse(self._letters_of(notice))

    def test_a_sent_step_whose_letter_cannot_be_made_again_stays_sent(self):
        """Printing a step sent without its letter makes the letter; when it
        cannot be made, the print is refused with the reason and the step
        stays carried out (it is not failed)."""
        invoice = self._invoice(self.customer, 500.0, date(2026, 1, 5))
        step = (
            self.env["debt.recovery.action"]
            .sudo()
            ._recovery_maintenance_create(
                {
                    "partner_id": self.customer.id,
                    "level_id": self.level["amicable"].id,
                    "date": date(2026, 2, 20),
                    "invoice_ids": [Command.set(invoice.ids)],
                    "channel": "post",
                    "state": "done",
                },
                reason="test fixture",
            )
        )
        with (
            freeze_time("2026-02-20"),
            self._no_libreoffice(),
            self.assertRaisesRegex(UserError, "LibreOffice is not installed"),
        ):
            step.with_user(self.user).action_print_letters()
        self.assertEqual(step.state, "done")
        self.assertFalse(step.failure_reason)
        self.assertFalse(step.letter_attachment_id)

    def test_a_notice_letter_that_cannot_be_made_is_said_on_the_customer(self):
        partner = self.customer.with_company(self.company)
        with freeze_time("2026-02-20"), self._no_libreoffice():
            self.env["debt.recovery.suspension"]._recovery_attach_notice_letters(
                [(partner, "suspension", False)]
            )
        notes = partner.message_ids.mapped("body")
        self.assertTrue(
            any(
                "The notice letter could not be made: LibreOffice is not installed"
                in body
                for body in notes
            ),
            notes,
        )
        self.assertFalse(self._letters_of(partner))
