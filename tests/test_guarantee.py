"""Guarantees of a customer's debts (models/debt_recovery_guarantee.py): a
recovery user records and activates them with the signed deed; once active
what was signed is frozen for everyone; they are listed in the formal
notice's and the litigation file; an individual surety is informed of the
debtor's default (C. civ. art. 2303) and every year (art. 2302)."""

import base64
from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import NoticeCase, normalize, pdf_text
from .test_history import _refusal

DEED = base64.b64encode(b"%PDF-1.4 acte de cautionnement signe")
FROZEN = "can no longer change"
FLOW = "set by the recovery process"


@tagged("post_install", "-at_install")
class TestGuarantee(NoticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Guarantee = cls.env["debt.recovery.guarantee"]
        cls.surety = cls.env["res.partner"].create(
            {
                "name": "Paul Durand",
                "is_company": False,
                "street": "3 rue des Lilas",
                "zip": "69003",
                "city": "Lyon",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.bank = cls._make_customer("Banque Rhône-Alpes")

    def _refused(self, pattern):
        return _refusal(self, pattern)

    def _record(self, user, guarantor, kind="surety", amount=10000.0, **values):
        """A guarantee entered on its form by ``user`` and activated."""
        form = Form(self.Guarantee.with_user(user))
        form.partner_id = self.customer
        form.kind = kind
        form.guarantor_id = guarantor
        form.amount = amount
        form.date = values.get("start", date(2025, 12, 1))
        form.expiry_date = values.get("expiry", date(2027, 12, 31))
        form.signed_document = DEED
        guarantee = form.save()
        # The file name the upload widget sets beside the file.
        guarantee.signed_document_name = "acte_caution_durand.pdf"
        guarantee.action_activate()
        return guarantee

    # ----------------------------------------------------------- recording
    @freeze_time("2026-01-10")
    def test_a_recovery_user_records_and_activates_a_surety_with_its_deed(self):
        form = Form(self.Guarantee.with_user(self.user))
        form.partner_id = self.customer
        form.guarantor_id = self.surety
        form.amount = 15000.0
        form.expiry_date = date(2028, 1, 9)
        # Derived from the partner: a person, not a company.
        self.assertTrue(form.guarantor_is_individual)
        guarantee = form.save()
        self.assertEqual(guarantee.state, "draft")
        self.assertTrue(guarantee.name.startswith("GAR/2026/"), guarantee.name)
        self.assertEqual(guarantee.currency_id, self.company.currency_id)
        with self._refused("attach the signed deed"):
            guarantee.action_activate()
        guarantee.signed_document = DEED
        guarantee.action_activate()
        self.assertEqual(guarantee.state, "active")
        self.assertEqual(guarantee.activation_date, date(2026, 1, 10))
        self.assertEqual(self.customer.with_user(self.user).recovery_guarantee_count, 1)
        action = self.customer.with_user(self.user).action_view_recovery_guarantees()
        self.assertEqual(action["domain"], [("partner_id", "=", self.customer.id)])
        bank = self._record(self.user, self.bank, kind="bank")
        self.assertFalse(bank.guarantor_is_individual)

    def test_bad_input_is_refused_with_a_clear_message(self):
        form = Form(self.Guarantee.with_user(self.user))
        form.partner_id = self.customer
        form.guarantor_id = self.surety
        form.amount = 0.0
        form.signed_document = DEED
        guarantee = form.save()
        with self._refused("set the amount guaranteed"):
            guarantee.action_activate()
        self.assertEqual(guarantee.state, "draft")
        with self.assertRaisesRegex(Exception, "expiry date cannot be before"):
            guarantee.write({"date": date(2026, 5, 1), "expiry_date": date(2026, 4, 1)})
        with self.assertRaisesRegex(Exception, "cannot guarantee its own debts"):
            guarantee.guarantor_id = self.customer

    # ----------------------------------------------------------- frozen
    def test_what_was_signed_is_frozen_once_active_for_user_and_manager(self):
        guarantee = self._record(self.user, self.surety)
        for who in (self.user, self.manager):
            record = guarantee.with_user(who)
            with self._refused(FROZEN):
                record.amount = 20000.0
            with self._refused(FROZEN):
                record.signed_document = base64.b64encode(b"%PDF-1.4 autre")
            with self._refused(FROZEN):
                record.expiry_date = date(2030, 1, 1)
            with self._refused(FROZEN):
                record.guarantor_id = self.bank
            with self._refused(FLOW):
                record.surety_informed_date = date(2026, 2, 1)
            with self._refused("changes only through its buttons"):
                record.state = "draft"
            with self._refused("cannot be deleted"):
                record.unlink()
        self.assertEqual(guarantee.amount, 10000.0)
        self.assertEqual(base64.b64decode(guarantee.signed_document)[:8], b"%PDF-1.4")
        # The responsible and the notes stay open.
        guarantee.with_user(self.user).note = "Caution du gérant"
        # A mistake: cancelled with a reason, logged; what was signed stays.
        self._cancel_with_reason(guarantee, self.user, "Montant mal saisi")
        self.assertEqual(guarantee.state, "cancelled")
        self.assertIn(
            "Montant mal saisi", " ".join(guarantee.message_ids.mapped("body"))
        )
        with self._refused(FROZEN):
            guarantee.with_user(self.manager).amount = 12000.0

    # ------------------------------------------------------------- files
    def test_listed_in_the_formal_notice_and_the_litigation_file(self):
        surety = self._record(self.user, self.surety, amount=8000.0)
        bank = self._record(
            self.user, self.bank, kind="bank", amount=5000.0, expiry=date(2026, 1, 31)
        )
        draft = Form(self.Guarantee.with_user(self.user))
        draft.partner_id = self.customer
        draft.guarantor_id = self.bank
        draft.amount = 1.0
        draft = draft.save()
        _invoice, notice = self._notice_from_job(
            self.customer, 3200.0, date(2026, 1, 5)
        )
        # On the notice's day (19 February) the bank guarantee has expired
        # and the draft is not relied on.
        with freeze_time("2026-02-19"):
            self.assertEqual(notice.with_user(self.user).guarantee_ids, surety)
        case = (
            self.env["debt.recovery.case"]
            .with_user(self.manager)
            .create({"partner_id": self.customer.id, "date": date(2026, 1, 20)})
        )
        self.assertEqual(case.guarantee_ids, surety | bank)
        self.assertNotIn(draft, case.guarantee_ids)
        labels = case._recovery_annex_labels()
        self.assertIn(
            "Cautionnement (caution personne physique) %s de Paul Durand, "
            "8\u202f000,00\u00a0€, du 1er décembre 2025 jusqu'au 31 décembre 2027 "
            "(acte signé)" % surety.name,
            labels,
        )
        self.assertTrue(
            any(
                label.startswith("Garantie bancaire %s" % bank.name) for label in labels
            ),
            labels,
        )
        # What the file summary prints, and the deeds in the annexes.
        (letter,) = case._recovery_letters()
        self.assertEqual(letter.litigation.annexes, labels)
        files = dict(case._annex_files())
        self.assertEqual(files["acte_caution_durand.pdf"][:8], b"%PDF-1.4")

    # ------------------------------------------ information of the surety
    def test_individual_surety_informed_after_a_month_once(self):
        guarantee = self._record(self.user, self.surety)
        bank = self._record(self.user, self.bank, kind="bank")
        self._invoice(self.customer, 1500.0, date(2025, 12, 5), date(2026, 1, 5))
        default = self.env.ref(
            "l10n_fr_debt_recovery.mail_activity_type_surety_default"
        )

        def activities():
            return guarantee.activity_ids.filtered(
                lambda a: a.activity_type_id == default
            )

        with freeze_time("2026-02-05"):
            self._run()
        self.assertFalse(guarantee.surety_incident_date, "still within its month")
        self.assertFalse(activities())
        with freeze_time("2026-02-06"):
            self._run()
        self.assertEqual(guarantee.surety_incident_date, date(2026, 1, 5))
        self.assertEqual(guarantee.surety_information_due, date(2026, 2, 6))
        activity = activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user)
        self.assertIn("2303", activity.note)
        self.assertIn("Paul Durand", activity.note)
        self.assertFalse(bank.activity_ids, "a bank is no individual surety")
        with freeze_time("2026-02-09"):
            self._run()
        self.assertEqual(len(activities()), 1, "produced once")
        with freeze_time("2026-02-09"):
            guarantee.with_user(self.user).action_record_surety_informed()
        self.assertEqual(guarantee.surety_informed_date, date(2026, 2, 9))
        self.assertFalse(activities())
        # The letter, made through the letter pipeline, kept as evidence.
        letter = guarantee.letter_attachment_id
        self.assertTrue(guarantee.letter_sha256)
        text = pdf_text(letter.raw)
        for expected in (
            "Paul Durand",
            "Information de la caution",
            "article 2303 du Code civil",
            "la facture échue le 5 janvier 2026",
            "Par acte du 1er décembre 2025 (notre référence %s)" % guarantee.name,
            "dans la limite de 10 000,00 €",
            "Durand Bâtiment SARL",
            "1 500,00 €",
        ):
            self.assertIn(normalize(expected), text)
        self.assertNotIn("/my/recovery", text)
        with self._refused("already informed on"):
            guarantee.with_user(self.user).action_record_surety_informed()
        with self._refused(FLOW):
            guarantee.with_user(self.manager).surety_informed_date = date(2026, 2, 6)
        with self._refused(FLOW):
            guarantee.with_user(self.manager).letter_attachment_id = False
        # The litigation file lists the information and hands its letter over.
        case = (
            self.env["debt.recovery.case"]
            .with_user(self.manager)
            .create({"partner_id": self.customer.id, "date": date(2026, 3, 1)})
        )
        self.assertIn(
            "caution informée de la défaillance le 9 février 2026",
            " ".join(case._recovery_annex_labels()),
        )
        self.assertIn(letter.name, dict(case._annex_files()))

    def test_paid_within_its_month_no_information(self):
        guarantee = self._record(self.user, self.surety)
        invoice = self._invoice(
            self.customer, 900.0, date(2025, 12, 5), date(2026, 1, 5)
        )
        self._pay(invoice, pay_date=date(2026, 2, 1))
        with freeze_time("2026-02-20"):
            self._run()
        self.assertFalse(guarantee.surety_incident_date)
        # Only the annual information (the surety ran on 31 December).
        self.assertEqual(
            guarantee.activity_ids.activity_type_id,
            self.env.ref("l10n_fr_debt_recovery.mail_activity_type_surety_annual"),
        )

    def test_annual_information_reminded_once_and_expiry(self):
        guarantee = self._record(
            self.user, self.surety, start=date(2026, 3, 1), expiry=date(2027, 6, 30)
        )
        annual = self.env.ref("l10n_fr_debt_recovery.mail_activity_type_surety_annual")
        with freeze_time("2026-12-30"):
            self._run()
        self.assertFalse(guarantee.activity_ids, "not before the new year")
        with freeze_time("2027-01-02"):
            self._run()
        activity = guarantee.activity_ids.filtered(
            lambda a: a.activity_type_id == annual
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2027, 3, 30))
        self.assertIn("2302", activity.note)
        with freeze_time("2027-01-03"):
            self._run()
            self.assertEqual(len(guarantee.activity_ids), 1, "once a year")
            guarantee.with_user(self.user).action_inform_surety_annual()
        self.assertEqual(guarantee.annual_informed_date, date(2027, 1, 3))
        self.assertFalse(guarantee.activity_ids)
        with freeze_time("2027-07-01"):
            self._run()
        self.assertEqual(guarantee.state, "expired")
        self.assertEqual(guarantee.end_date, date(2027, 7, 1))

    def _ecb_rate_2026_h2(self):
        """The ECB rate of the second half-year 2026, 2,00 %: 12,00 % with
        the 10 points of C. com. L441-10 II."""
        self.env["debt.recovery.rate"].search(
            [("series", "=", "ecb"), ("date_start", ">=", date(2026, 7, 1))]
        ).unlink()
        self.env["debt.recovery.rate"].create(
            {"series": "ecb", "date_start": date(2026, 7, 1), "rate": 2.0}
        )

    @freeze_time("2027-01-15")
    def test_annual_information_letter_with_the_debt_on_31_december(self):
        """Art. 2302 C. civ.: the figures as of 31 December 2026, figured as
        the reminders figure them (12,00 %, 40 € an invoice):
        FA 2 000,00 due 15/11/2026: 2 000,00 x 12 % x 46 / 365 = 30,25
        FA 1 000,00 due 01/12/2026: 1 000,00 x 12 % x 30 / 365 =  9,86
        (600,00 paid on 10 January 2027: still due on 31 December)
        principal 3 000,00 + penalties 40,11 + indemnities 80,00 = 3 120,11."""
        self._ecb_rate_2026_h2()
        guarantee = self._record(
            self.user, self.surety, start=date(2026, 6, 1), expiry=None
        )
        self._invoice(self.customer, 2000.0, date(2026, 10, 15), date(2026, 11, 15))
        paid_later = self._invoice(
            self.customer, 1000.0, date(2026, 11, 1), date(2026, 12, 1)
        )
        self._pay(paid_later, amount=600.0, pay_date=date(2027, 1, 10))
        # Issued after 31 December: not in the letter.
        self._invoice(self.customer, 777.0, date(2027, 1, 5), date(2027, 2, 5))
        annual = self.env.ref("l10n_fr_debt_recovery.mail_activity_type_surety_annual")
        self._run()
        self.assertEqual(
            len(
                guarantee.activity_ids.filtered(lambda a: a.activity_type_id == annual)
            ),
            1,
        )
        surety = guarantee.with_user(self.user)
        self.assertTrue(surety.annual_information_owed, "the button shows")
        action = surety.action_inform_surety_annual()
        self.assertEqual(guarantee.annual_informed_date, date(2027, 1, 15))
        self.assertFalse(surety.annual_information_owed, "the button hides")
        self.assertFalse(
            guarantee.activity_ids.filtered(lambda a: a.activity_type_id == annual)
        )
        letter = guarantee.annual_letter_attachment_id
        self.assertIn(str(letter.id), action["url"])
        self.assertIn("Information annuelle 2027", letter.name)
        self.assertEqual(len(guarantee.annual_letter_sha256 or ""), 64)
        # Kept apart from the information of the default.
        self.assertFalse(guarantee.letter_attachment_id)
        text = pdf_text(letter.raw)
        for expected in (
            "Paul Durand",
            "3 rue des Lilas",
            "Information annuelle de la caution",
            "article 2302 du Code civil",
            "restant dus par le débiteur principal au 31 décembre 2026",
            "Durand Bâtiment SARL",
            "dans la limite de 10 000,00 €",
            "Par acte du 1er juin 2026",
            "pour une durée indéterminée",
            "résilier à tout moment",
            "2 000,00 €",
            "1 000,00 €",
            "30,25 €",
            "9,86 €",
            "40,11 €",
            "80,00 €",
            "3 120,11 €",
            "46 jours",
            "15 janvier 2027",
        ):
            self.assertIn(normalize(expected), text)
        for absent in ("400,00 €", "777,00 €", "/my/recovery"):
            self.assertNotIn(normalize(absent), text)
        # The chatter keeps each year's fingerprint.
        self.assertTrue(
            any(
                guarantee.annual_letter_sha256 in (message.body or "")
                for message in guarantee.message_ids
            )
        )
        # Once a year; the evidence frozen.
        with self._refused("already made on"):
            surety.action_inform_surety_annual()
        with self._refused(FLOW):
            guarantee.with_user(self.manager).annual_letter_attachment_id = False
        with self._refused(FLOW):
            guarantee.with_user(self.manager).annual_informed_date = date(2027, 1, 2)
        self.assertEqual(guarantee.annual_letter_attachment_id, letter)

    @freeze_time("2027-01-15")
    def test_annual_letter_to_an_ended_surety_while_its_debts_are_due(self):
        """Art. 2302 and 2316 C. civ.: a commitment that ended on 31
        December still covers the invoices born before; while they are due,
        the surety gets the annual information, told its commitment ended."""
        self._ecb_rate_2026_h2()
        ended = self._record(
            self.user, self.surety, start=date(2026, 6, 1), expiry=date(2026, 12, 31)
        )
        self._invoice(self.customer, 1500.0, date(2026, 11, 2), date(2026, 12, 2))
        # Born after the end of the commitment: not the surety's.
        self._invoice(self.customer, 333.0, date(2027, 1, 5), date(2027, 2, 5))
        self._run()
        self.assertEqual(ended.state, "expired")
        surety = ended.with_user(self.user)
        self.assertTrue(surety.annual_information_owed)
        surety.action_inform_surety_annual()
        self.assertEqual(ended.annual_informed_date, date(2027, 1, 15))
        text = pdf_text(ended.annual_letter_attachment_id.raw)
        self.assertIn(normalize("a pris fin le 31 décembre 2026"), text)
        self.assertIn(normalize("1 500,00 €"), text)
        self.assertNotIn(normalize("333,00 €"), text)

    @freeze_time("2027-01-15")
    def test_annual_letter_refused_to_a_bank_and_an_ended_surety_paid(self):
        self._ecb_rate_2026_h2()
        bank = self._record(self.user, self.bank, kind="bank", start=date(2026, 6, 1))
        expired = self._record(
            self.user, self.surety, start=date(2026, 1, 5), expiry=date(2026, 6, 30)
        )
        self._run()
        self.assertEqual(expired.state, "expired")
        # Ended on 30 June with nothing due on 31 December: nothing owed.
        for guarantee, refusal in (
            (bank, "only an individual surety, running or ended"),
            (expired, "no debt born before its end was still due"),
        ):
            self.assertFalse(guarantee.annual_information_owed)
            with self._refused(refusal):
                guarantee.with_user(self.user).action_inform_surety_annual()
            self.assertFalse(guarantee.annual_informed_date)
            self.assertFalse(guarantee.annual_letter_attachment_id)

    def test_another_company_neither_sees_nor_uses_the_guarantee(self):
        guarantee = self._record(self.user, self.surety)
        other = self._create_company(name="Menuiserie Bis SARL")
        user_b = self._make_user(
            "recovery_user_b",
            "l10n_fr_debt_recovery.group_debt_recovery_user",
            company=other,
        )
        self.assertFalse(
            self.Guarantee.with_user(user_b).search([("id", "=", guarantee.id)])
        )
        # A guarantor kept for another company only cannot be chosen.
        outsider = self.env["res.partner"].create(
            {"name": "Caution Ailleurs", "company_id": other.id}
        )
        with self.assertRaisesRegex(Exception, "[Ii]ncompatible compan"):
            self.Guarantee.with_user(self.user).create(
                {
                    "partner_id": self.customer.id,
                    "guarantor_id": outsider.id,
                    "amount": 1000.0,
                }
            )
