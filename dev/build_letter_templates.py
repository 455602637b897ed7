#!/usr/bin/env python3
# ruff: noqa: RUF001
# (French letter text: one phrase per line, French typography: en dashes,
# no-break spaces, minus sign.)
"""Regenerate reports/templates/*.odt, the py3o templates of the letters.

    python3 dev/build_letter_templates.py            # all templates
    python3 dev/build_letter_templates.py mise_en_demeure

The ODT files are the source users edit in LibreOffice; this script is how
maintainers rebuild them from scratch after changing the layout or the
wording. Each template loops over the ``letters`` variable (a list of
``tools.letter_data.Letter``, see that module for every field; sample data:
``tools.letter_samples``):

    py3o://for="d in letters"   one letter per record, each on a new page
    py3o.d.company.name         a field (user field named py3o.<expression>)
    py3o://if="d.b2b"           a section printed only when the test is true
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from letter_styles import styles_xml
from odt_writer import FONT_FACES, NAMESPACES, NBSP, Document, Raw, write_odt

TEMPLATES = Path(__file__).resolve().parent.parent / "reports" / "templates"
NNBSP = "\u202f"  # narrow no-break space: before ";", "!" and "?"
COLON = f"{NBSP}:"  # French typography: no-break space before a colon
ACCENT = "#1f3a5f"
RULE = "#b8c0ca"
# The QR code of the recovery page's link, next to the printed link: 2.5 cm
# with its blank margin, the code itself 2 cm or more (up to 90 characters),
# which a phone reads at arm's length.
QR_SIZE = "2.5cm"
QR_CAPTION = "Ou scannez le code ci-contre pour régler ou répondre en ligne."


class Letter(Document):
    """Blocks shared by the letters."""

    def __init__(self):
        super().__init__()
        self.cell_style("Cell", fo_padding="0cm", fo_border="none")
        self.cell_style(
            "CellAddr", fo_padding="0cm", fo_padding_left="0.1cm", fo_border="none"
        )
        self.cell_style("TH", fo_padding="0.07cm", fo_background_color="#e9edf2",
                        fo_border_top="none", fo_border_left="none", fo_border_right="none",
                        fo_border_bottom=f"0.75pt solid {ACCENT}")  # fmt: skip
        self.cell_style("TD", fo_padding="0.07cm", fo_border_top="none", fo_border_left="none",
                        fo_border_right="none", fo_border_bottom=f"0.4pt solid {RULE}")  # fmt: skip
        self.cell_style("TT", fo_padding="0.06cm", fo_border="none")
        self.cell_style("TG", fo_padding="0.08cm", fo_background_color="#e9edf2",
                        fo_border_top=f"0.75pt solid {ACCENT}", fo_border_bottom="none",
                        fo_border_left="none", fo_border_right="none")  # fmt: skip
        self.cell_style("Box", fo_padding="0.25cm", fo_border=f"0.6pt solid {ACCENT}",
                        fo_background_color="#f5f7fa")  # fmt: skip
        self.cell_style("Sign", fo_padding="0.2cm", fo_border=f"0.5pt solid {RULE}")
        self.cell_style(
            "QrCell", fo_padding="0cm", fo_border="none", style_vertical_align="middle"
        )
        self.row_style("HeadRow1", height="3.6cm")
        self.row_style("HeadRow2", height="3.3cm")
        self.row_style("Keep")

    def image(self, expr, size, style):
        """A square image, in the line, of the PNG bytes ``expr`` (py3o's
        image frame: ``py3o.image(...)``); nothing printed when empty."""
        call = f"py3o.image({expr}, 'image/png', width='{size}', height='{size}', keep_ratio=False)"
        return _raw(
            f'<draw:frame draw:style-name="{style}" draw:name="{call}" text:anchor-type="as-char" '
            f'svg:width="{size}" svg:height="{size}" draw:z-index="1">'
            '<draw:image xlink:href="" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
            "</draw:frame>"
        )

    # ---------------------------------------------------------- letterhead
    def start(self):
        """First paragraph of a letter: new page, page number 1, footer."""
        frame = (
            '<draw:frame draw:style-name="DR_FooterFrame" text:anchor-type="paragraph" '
            'svg:x="2cm" svg:y="28.4cm" svg:width="17cm" draw:z-index="0">'
            '<draw:text-box fo:min-height="0.4cm">'
            f"{self.p('DR_Legal', self.f('d.sender.legal_line'))}"
            "</draw:text-box></draw:frame>"
        )
        return self.p("DR_Start", _raw(frame))

    def head(self):
        """Letterhead, references and the address in the envelope window.

        Fixed row heights put the address at 5 cm from the top and 11 cm
        from the left edge of the page: the window of a DL envelope
        (110 x 220 mm, window on the right) once the letter is folded in three.
        """
        left1 = [
            self.p("DR_CompanyName", self.f("d.sender.name")),
            self.for_(
                "line in d.sender.address_lines",
                self.p("DR_Letterhead", self.f("line")),
            ),
            self.if_(
                "d.sender.contact_line",
                self.p("DR_Letterhead", self.f("d.sender.contact_line")),
            ),
            self.if_(
                "d.sender.website", self.p("DR_Letterhead", self.f("d.sender.website"))
            ),
        ]
        left2 = [
            self.if_("d.header_channel", self.p("DR_Channel", self.f("d.header_channel"))),
            self.p("DR_Ref", f"Nos réf.{COLON} ", self.f("d.reference")),
            self.if_("d.recipient.customer_code",
                     self.p("DR_Ref", f"Code client{COLON} ", self.f("d.recipient.customer_code"))),
            self.if_("d.signatory",
                     self.p("DR_Ref", f"Dossier suivi par{COLON} ", self.f("d.signatory.name")),
                     self.if_("d.signatory.phone", self.p("DR_Ref", f"Tél.{COLON} ", self.f("d.signatory.phone"))),
                     self.if_("d.signatory.email", self.p("DR_Ref", f"Courriel{COLON} ", self.f("d.signatory.email")))),
        ]  # fmt: skip
        right2 = [
            self.p("DR_AddressName", self.f("d.recipient.name")),
            self.if_(
                "d.recipient.contact",
                self.p("DR_Address", self.f("d.recipient.contact")),
            ),
            self.for_(
                "line in d.recipient.address_lines",
                self.p("DR_Address", self.f("line")),
            ),
        ]
        rows = [
            self.row(
                [("Cell", left1), ("CellAddr", self.p("DR_Letterhead"))],
                style="HeadRow1",
            ),
            self.row([("Cell", left2), ("CellAddr", right2)], style="HeadRow2"),
        ]
        return [
            self.start(),
            self.table("Head", [9.0, 8.0], rows, margin_top="0cm", margin_bottom="0cm"),
            self.p("DR_Date", self.f("d.place_date")),
            self.p("DR_Subject", f"Objet{COLON} ", self.f("d.subject")),
        ]

    def salutation(self):
        return self.p("DR_Salutation", self.f("d.salutation"))

    # ---------------------------------------------------------- amounts
    def invoice_table(self, penalties=False):
        if penalties:
            cols = [("Facture", 2.75, "l"), ("Date", 1.85, "l"), ("Échéance", 1.85, "l"),
                    ("Montant TTC", 2.2, "r"), ("Reste dû", 2.2, "r"), ("Retard", 1.55, "r"),
                    ("Pénalités", 2.3, "r"), ("Indemnité", 2.3, "r")]  # fmt: skip
            fields = ["number", "date", "due_date", "amount", "residual", "days_late",
                      "penalties", "indemnity"]  # fmt: skip
        else:
            cols = [("Facture", 3.4, "l"), ("Date", 2.5, "l"), ("Échéance", 2.5, "l"),
                    ("Montant TTC", 3.0, "r"), ("Reste dû", 3.0, "r"), ("Retard", 2.6, "r")]  # fmt: skip
            fields = ["number", "date", "due_date", "amount", "residual", "days_late"]
        name = "Invoices8" if penalties else "Invoices6"
        return self._table_with_loop(name, cols, fields, "inv in d.invoices", "inv")

    def invoice_tables(self):
        """The invoice table, with the penalty columns when the step claims
        the penalties (``d.totals.has_penalties``)."""
        return [
            self.if_("d.totals.has_penalties", self.invoice_table(penalties=True)),
            self.if_("not d.totals.has_penalties", self.invoice_table()),
        ]

    def _table_with_loop(self, name, cols, fields, loop, var):
        head = self.row(
            [
                ("TH", self.p("DR_THR" if a == "r" else "DR_TH", title))
                for title, _w, a in cols
            ],
            style="Keep",
        )
        body = self.row(
            [("TD", self.p("DR_TDR" if a == "r" else "DR_TD", self.f(f"{var}.{fld}")))
             for (_t, _w, a), fld in zip(cols, fields, strict=True)]
        )  # fmt: skip
        rows = [
            _raw(f"<table:table-header-rows>{head}</table:table-header-rows>"),
            self.ctl_row(f'for="{loop}"', len(cols), "TD"),
            body,
            self.ctl_row("/for", len(cols), "TD"),
        ]
        return self.table(name, [w for _t, w, _a in cols], rows)

    def credits_block(self):
        cols = [
            ("À déduire", 4.0, "l"),
            ("Pièce", 4.5, "l"),
            ("Date", 3.5, "l"),
            ("Montant déduit", 5.0, "r"),
        ]
        return self.if_(
            "d.totals.has_credits",
            self._table_with_loop(
                "Credits",
                cols,
                ["label", "number", "date", "amount"],
                "cr in d.credits",
                "cr",
            ),
        )

    def totals_block(
        self,
        grand_label="Total restant dû",
        penalties=False,
        words_intro="Soit, en toutes lettres",
        principal_label="Factures échues, reste dû",
    ):
        def line(label, expr, minus=False):
            amount = [f"−{NBSP}" if minus else "", self.f(expr)]
            return self.row(
                [
                    ("TT", self.p("DR_TotalLabel", label)),
                    ("TT", self.p("DR_TotalAmount", amount)),
                ],
                style="Keep",
            )

        rows = [line(principal_label, "d.totals.principal")]
        rows += [self.ctl_row('if="d.totals.has_credits"', 2, "TT"),
                 line("Avoirs et règlements déduits", "d.totals.credits", minus=True),
                 self.ctl_row("/if", 2, "TT")]  # fmt: skip
        if penalties:
            rows += [self.ctl_row('if="d.totals.has_penalties"', 2, "TT"),
                     line("Pénalités de retard", "d.totals.penalties"),
                     self.ctl_row("/if", 2, "TT"),
                     self.ctl_row('if="d.totals.has_indemnity"', 2, "TT"),
                     self.row([("TT", self.p("DR_TotalLabel", "Indemnités forfaitaires pour frais de recouvrement (",
                                             self.f("d.totals.indemnity_detail"), ")")),
                               ("TT", self.p("DR_TotalAmount", self.f("d.totals.indemnity")))], style="Keep"),
                     self.ctl_row("/if", 2, "TT"),
                     # L441-10 II: costs above the 40 EUR, on proof, a line of their own.
                     self.ctl_row('if="d.totals.has_extra"', 2, "TT"),
                     line("Indemnité complémentaire sur justificatifs (article L441-10 II du Code de commerce)",
                          "d.totals.extra"),
                     self.ctl_row("/if", 2, "TT")]  # fmt: skip
        rows.append(
            self.row([("TG", self.p("DR_GrandLabel", grand_label)),
                      ("TG", self.p("DR_GrandAmount", self.f("d.totals.total")))], style="Keep")
        )  # fmt: skip
        extra = []
        if penalties:
            extra = [self.if_("d.extra_justification", self.p(
                "DR_Small", f"Justification de l'indemnité complémentaire{COLON} ",
                self.f("d.extra_justification")))]  # fmt: skip
        return [
            self.table(
                "Totals",
                [7.2, 3.3],
                rows,
                align="right",
                margin_top="0.05cm",
                margin_bottom="0.1cm",
            ),
            self.p(
                "DR_Words",
                f"{words_intro}{COLON} ",
                self.f("d.totals.total_in_words"),
                ".",
            ),
            *extra,
        ]

    def penalty_breakdown(self):
        """The computation of the penalties, one line per invoice and period
        (half-year, or days between two payments), so that a reader can
        recompute every figure (C. com. L441-10 II)."""
        cols = [("Facture", 3.2, "l"), ("Du", 2.2, "l"), ("Au", 2.2, "l"), ("Jours", 1.5, "r"),
                ("Montant dû", 3.0, "r"), ("Taux annuel", 2.3, "r"), ("Pénalités", 2.6, "r")]  # fmt: skip
        return self.if_(
            "d.b2b and d.penalty_segments",
            self.p("DR_SmallTitle", self.b("Détail du calcul des pénalités de retard"), COLON),
            self._table_with_loop(
                "PenaltySegments", cols,
                ["invoice", "start", "end", "days", "base", "rate", "amount"],
                "seg in d.penalty_segments", "seg",
            ),
            self.p("DR_Small", "Pour chaque période", COLON, " montant dû × taux annuel × nombre de jours / 365 "
                   "(365 jours, même en année bissextile, convention retenue par le créancier, les textes fixant un taux "
                   "annuel sans préciser le décompte des jours). Le premier jour compté est le lendemain de "
                   "l'échéance ; un paiement réduit le montant dû à compter du lendemain de sa date. Les "
                   "pénalités de chaque facture sont arrondies une seule fois, au centime."),
        )  # fmt: skip

    def b2b_reminder(self):
        """The L441-10 / D441-5 reminder of reminder letters (B2B only)."""
        return self.if_(
            "d.b2b",
            self.p("DR_SmallKeep",
                   "Nous vous rappelons que, conformément ", self.f("d.penalty_basis_a"), ", "
                   "tout retard de paiement fait courir de plein droit, dès le lendemain de la date "
                   "d'échéance, des pénalités de retard au taux de ", self.f("d.penalty_rate_label"),
                   ", ainsi qu'une indemnité forfaitaire pour frais de recouvrement de ",
                   self.f("d.indemnity_unit"), " par facture (", self.f("d.indemnity_basis"), ")."),
            self.if_("d.public_term_note", self.p("DR_SmallKeep", self.f("d.public_term_note"))),
        )  # fmt: skip

    # ---------------------------------------------------------- payment, signature
    def payment_block(self, title="Modalités de règlement"):
        # Kept with the closing that follows (keep-with-next on every line):
        # the closing and the signature never fall alone on a page.
        pay = "d.payment"
        return self.if_(
            pay,
            self.p("DR_Heading", title),
            self.if_(f"not {pay}.portal_url", *self.payment_items(pay)),
            self.if_(f"{pay}.portal_url", self.payment_items_with_qr(pay)),
            self.p("DR_SpacerKeep"),
        )

    def payment_items(self, pay):
        return [
            self.if_(f"{pay}.iban", self.p(
                "DR_ItemKeep", "– ", self.b("Par virement"), " sur le compte de ", self.f(f"{pay}.account_holder"),
                f"{NBSP}: IBAN ", self.f(f"{pay}.iban"), ", BIC ", self.f(f"{pay}.bic"),
                ", en indiquant la référence ", self.b(self.f(f"{pay}.reference")), f"{NNBSP};")),
            self.if_(f"{pay}.cheque_payee", self.p(
                "DR_ItemKeep", "– ", self.b("Par chèque"), " à l'ordre de ", self.f(f"{pay}.cheque_payee"),
                ", adressé à ", self.f(f"{pay}.cheque_address"), f"{NNBSP};")),
        ]  # fmt: skip

    def payment_items_with_qr(self, pay):
        """The ways to pay, the recovery page's link last with the caption of
        its QR code, the code beside them on the right: the block stays about
        as high as the text alone."""
        items = [
            *self.payment_items(pay),
            self.p("DR_ItemLinkKeep", "– ", self.b("En ligne"), COLON, " ", self.f(f"{pay}.portal_url")),
            self.p("DR_QrCaption", QR_CAPTION),
        ]  # fmt: skip
        code = self.p(
            "DR_QrKeep", self.image(f"{pay}.portal_qr", QR_SIZE, "DR_QrFrame")
        )
        table = self.table(
            "PortalQr", [14.3, 2.7],
            [self.row([("Cell", items), ("QrCell", code)], style="Keep")],
            margin_top="0cm", margin_bottom="0cm",
        )  # fmt: skip
        self.auto_styles["PortalQr"] = self.auto_styles["PortalQr"].replace(
            "<style:table-properties ",
            '<style:table-properties fo:keep-with-next="always" ',
        )
        return table

    def closing(self, formula="l'expression de nos salutations distinguées"):
        return self.p(
            "DR_Closing",
            "Nous vous prions d'agréer, ",
            self.f("d.salutation_recall"),
            f", {formula}.",
        )

    def signature(self):
        return self.if_(
            "d.signatory",
            self.p("DR_SignName", self.f("d.signatory.name")),
            self.if_(
                "d.signatory.function",
                self.p("DR_SignFunction", self.f("d.signatory.function")),
            ),
        )

    # ---------------------------------------------------------- collection agency
    def agency_box(self):
        a = "d.agency"
        box = [
            self.p("DR_BoxText", self.b(self.f(f"{a}.sender.name")), ", ", self.f(f"{a}.sender.address_inline"),
                   ", ", self.f(f"{a}.activity_mention"), ". Elle intervient pour le compte de ",
                   self.b(self.f(f"{a}.creditor_name")), ", ", self.f(f"{a}.creditor_address_inline"),
                   ", créancier des sommes détaillées ci-dessous."),
            self.if_(f"{a}.is_later_letter", self.p(
                "DR_BoxText", "Ce courrier fait suite à notre premier courrier du ", self.f(f"{a}.first_letter_date"),
                ", référence ", self.f(f"{a}.first_letter_reference"), ".")),
            self.p("DR_BoxText", f"Fondement de la créance{COLON} ", self.f(f"{a}.claim_basis"), "."),
            self.p("DR_BoxText", f"Montant de la créance{COLON} principal ", self.b(self.f(f"{a}.principal")),
                   f" ; intérêts{NBSP}", self.b(self.f(f"{a}.interest")), f" ; autres sommes{NBSP}",
                   self.b(self.f(f"{a}.other_sums")),
                   f" ; total réclamé{NBSP}", self.b(self.f(f"{a}.total")), "."),
            self.if_(f"{a}.other_sums_label", self.p("DR_BoxText", f"Autres sommes{COLON} ",
                                                     self.f(f"{a}.other_sums_label"), ".")),
            # CPCE L111-8 al. 2: the costs of a recovery without an enforceable
            # title stay with the creditor; the only exception claimed is the
            # legal indemnity a professional owes per invoice (D441-5).
            self.if_("d.totals.has_indemnity", self.p(
                "DR_BoxText", "Hormis l'indemnité forfaitaire légale de ", self.f("d.indemnity_unit"),
                " par facture payée en retard, ", self.f("d.indemnity_debtor"), " (",
                self.f("d.indemnity_law"), f"), aucun frais de recouvrement ne vous est réclamé{COLON} les frais "
                "de recouvrement entrepris sans titre exécutoire restent à la charge du créancier (article "
                "L111-8 du Code des procédures civiles d'exécution).")),
            self.if_("not d.totals.has_indemnity", self.p(
                "DR_BoxText", f"Aucun frais de recouvrement ne vous est réclamé{COLON} les frais de "
                "recouvrement entrepris sans titre exécutoire restent à la charge du créancier (article "
                "L111-8 du Code des procédures civiles d'exécution).")),
        ]  # fmt: skip
        return self.if_(
            a,
            self.table("Agency", [17.0], [self.row([("Box", box)], style="Keep")], margin_top="0cm",
                       margin_bottom="0.4cm"),
        )  # fmt: skip

    def agency_statute(self):
        a = "d.agency"
        return self.if_(
            a,
            self.p(
                "DR_QuoteTitle",
                "Article L111-8 du Code des procédures civiles d'exécution, alinéas 2 et 3",
                COLON,
            ),
            self.for_(
                f"para in {a}.l111_8_paragraphs",
                self.p("DR_Quote", "« ", self.f("para"), " »"),
            ),
        )

    # ---------------------------------------------------------- assembly
    def document(self, body):
        return [self.for_("d in letters", self.head(), body)]


def _raw(xml):
    return Raw(xml)


# ====================================================================== letters
def relance_amiable(t):
    return [
        t.agency_box(),
        t.salutation(),
        t.p("DR_BodyKeep", "Sauf erreur ou omission de notre part, les factures ci-dessous, arrivées à "
            "échéance, restent à ce jour impayées", COLON),
        *t.invoice_tables(),
        t.credits_block(),
        *t.totals_block("Solde restant dû", penalties=True),
        t.penalty_breakdown(),
        t.p("DR_BodyKeep", "Il s'agit sans doute d'un simple oubli. Nous vous remercions de bien vouloir "
            "procéder à ce règlement dans les meilleurs délais, selon les modalités rappelées ci-dessous, "
            "ou de nous signaler toute difficulté ou remarque concernant ces factures : nous examinerons "
            "volontiers la situation avec vous. Si votre paiement a été effectué entre-temps, nous vous "
            "prions de ne pas tenir compte de ce courrier."),
        t.b2b_reminder(),
        t.payment_block(),
        t.closing(),
        t.signature(),
        t.agency_statute(),
    ]  # fmt: skip


def relance_ferme(t):
    return [
        t.agency_box(),
        t.salutation(),
        t.if_("d.previous_letter_date", t.p(
            "DR_BodyKeep", "Malgré notre relance du ", t.f("d.previous_letter_date"), ", nous constatons que "
            "les factures ci-dessous restent impayées à ce jour", COLON)),
        t.if_("not d.previous_letter_date", t.p(
            "DR_BodyKeep", "Malgré nos précédentes relances, nous constatons que les factures ci-dessous "
            "restent impayées à ce jour", COLON)),
        *t.invoice_tables(),
        t.credits_block(),
        *t.totals_block("Solde restant dû", penalties=True),
        t.penalty_breakdown(),
        t.p("DR_Demand", "Nous vous demandons de bien vouloir nous régler la somme de ", t.f("d.totals.total"),
            " au plus tard le ", t.f("d.pay_by_date"), "."),
        t.if_("d.b2b and d.totals.has_penalties", t.p(
            "DR_Body", "Ce montant comprend les pénalités de retard, calculées au taux de ",
            t.f("d.penalty_rate_label"), " jusqu'au ", t.f("d.date"), " inclus, et l'indemnité forfaitaire "
            "pour frais de recouvrement de ", t.f("d.indemnity_unit"), " par facture, dues de plein droit en "
            "application ", t.f("d.penalty_basis_de"), " et de l'", t.f("d.indemnity_basis"), ". À défaut de "
            "règlement ou de "
            "réponse de votre part à cette date, nous serons contraints de vous adresser une mise en demeure "
            "de payer.")),
        t.if_("d.b2b and not d.totals.has_penalties", t.p(
            "DR_Body", "À défaut de règlement ou de réponse de votre part à cette date, nous serons "
            "contraints de vous adresser une mise en demeure de payer, assortie des pénalités de retard "
            "au taux de ", t.f("d.penalty_rate_label"), " et de l'indemnité forfaitaire pour frais de "
            "recouvrement de ", t.f("d.indemnity_unit"), " par facture, dues de plein droit en application ",
            t.f("d.penalty_basis_de"), " et de l'", t.f("d.indemnity_basis"), ".")),
        t.if_("not d.b2b", t.p(
            "DR_Body", "À défaut de règlement ou de réponse de votre part à cette date, nous serons "
            "contraints de vous adresser une mise en demeure de payer, à compter de laquelle les sommes "
            "dues porteront intérêts au taux légal (article 1231-6 du Code civil).")),
        t.p("DR_BodyKeep", "Si vous rencontrez des difficultés de trésorerie, nous sommes prêts à étudier avec "
            "vous un échéancier de paiement : il vous suffit de prendre contact avec nous avant cette date. "
            "Si votre règlement nous est parvenu entre-temps, nous vous prions de ne pas tenir compte de "
            "ce courrier."),
        t.payment_block(),
        t.closing(),
        t.signature(),
        t.agency_statute(),
    ]  # fmt: skip


def mise_en_demeure(t):
    return [
        t.p("DR_Title", "Mise en demeure de payer"),
        t.agency_box(),
        t.salutation(),
        t.if_("d.previous_letter_date", t.p(
            "DR_BodyKeep", "Malgré notre relance du ", t.f("d.previous_letter_date"), ", les factures "
            "ci-dessous, dont les dates d'échéance sont dépassées, demeurent impayées", COLON)),
        t.if_("not d.previous_letter_date", t.p(
            "DR_BodyKeep", "Malgré nos relances, les factures ci-dessous, dont les dates d'échéance sont "
            "dépassées, demeurent impayées", COLON)),
        t.if_("d.b2b", t.invoice_table(penalties=True)),
        t.if_("not d.b2b", t.invoice_table()),
        # Customer under a collective procedure: post-opening supplies only.
        t.if_("d.procedure_note", t.p("DR_Small", t.f("d.procedure_note"))),
        t.credits_block(),
        *t.totals_block("Total dû", penalties=True),
        t.penalty_breakdown(),
        t.if_("d.b2b", t.p(
            "DR_Body", "Les pénalités de retard sont dues de plein droit en application ",
            t.f("d.penalty_basis_de"), ". Elles sont calculées au taux de ", t.f("d.penalty_rate_label"),
            " sur le montant restant dû de chaque facture, du lendemain de sa date d'échéance jusqu'au ",
            t.f("d.date"), " inclus, selon le détail ci-dessus. L'indemnité forfaitaire pour frais de "
            "recouvrement de ", t.f("d.indemnity_unit"), " est due pour chaque facture payée en retard (",
            t.f("d.indemnity_basis"), ").")),
        t.if_("d.public_term_note", t.p("DR_Small", t.f("d.public_term_note"))),
        t.if_("not d.b2b", t.p(
            "DR_Body", "À compter de la réception de la présente mise en demeure, les sommes dues porteront "
            "intérêts au taux légal, en application des articles 1231-6 et 1344-1 du Code civil.")),
        t.p("DR_Demand", "En conséquence, par la présente, nous vous mettons en demeure de nous régler la "
            "somme totale de ", t.f("d.totals.total"), " (", t.f("d.totals.total_in_words"), ") dans un délai "
            "de ", t.f("d.notice.deadline_text"), " à compter de la réception de ce courrier",
            t.f("d.notice.deadline_until"), "."),
        t.p("DR_Body", "À défaut de règlement intégral dans ce délai, nous saisirons la juridiction compétente, "
            "sans autre avis, afin d'obtenir le paiement des sommes dues, augmentées des intérêts et des "
            "frais de procédure."),
        # The last paragraph goes with the payment block, the closing and
        # the signature (keep-with-next): no orphan closing on page 2.
        t.p("DR_BodyKeep", "Cette mise en demeure vous est adressée ", t.f("d.notice.channel_phrase"),
            ". Si votre règlement a croisé ce courrier, nous vous prions de ne pas en tenir compte. Nous "
            "restons à votre disposition pour tout échange sur ce dossier."),
        t.payment_block(),
        t.closing(),
        t.signature(),
        t.agency_statute(),
    ]  # fmt: skip


def suspension(t):
    sus = "d.suspension"
    return [
        t.salutation(),
        # Code civil 1219 (exception d'inexécution): invoices due and unpaid.
        t.if_(f"not {sus}.anticipated",
              t.if_("d.notice_date", t.p(
                  "DR_BodyKeep", "Malgré nos relances et notre mise en demeure du ", t.f("d.notice_date"),
                  ", les factures ci-dessous restent impayées à ce jour", COLON)),
              t.if_("not d.notice_date", t.p(
                  "DR_BodyKeep", "Malgré nos relances, les factures ci-dessous restent impayées à ce jour", COLON)),
              t.invoice_table(),
              t.credits_block(),
              *t.totals_block("Solde restant dû"),
              t.p("DR_Demand", "En raison de ce défaut de paiement, nous vous informons que nous suspendons, à "
                  "compter du ", t.f(f"{sus}.since_date"), ", ", t.f(f"{sus}.scope"), "."),
              t.p("DR_Body", "Cette mesure est prise en application de l'article 1219 du Code civil (exception "
                  "d'inexécution), qui permet à une partie de refuser d'exécuter son obligation, alors même que "
                  "celle-ci est exigible, si l'autre n'exécute pas la sienne et si cette inexécution est "
                  "suffisamment grave.")),
        # Code civil 1220: anticipated suspension, notified as soon as possible.
        t.if_(f"{sus}.anticipated",
              t.p("DR_Demand", "Nous vous informons que nous suspendons, à compter du ", t.f(f"{sus}.since_date"),
                  ", ", t.f(f"{sus}.scope"), "."),
              t.p("DR_Body", "Cette mesure est prise en application de l'article 1220 du Code civil, qui permet à "
                  "une partie de suspendre l'exécution de son obligation dès lors qu'il est manifeste que son "
                  "cocontractant ne s'exécutera pas à l'échéance et que les conséquences de cette inexécution "
                  "sont suffisamment graves pour elle. Comme l'exige ce texte, nous vous la notifions dans les "
                  "meilleurs délais."),
              t.if_(f"{sus}.ground", t.p("DR_Body", f"Motif{COLON} ", t.f(f"{sus}.ground"), "."))),
        t.if_(f"{sus}.proportionality", t.p(
            "DR_Body", f"Nous avons vérifié que cette mesure est proportionnée au manquement constaté{COLON} ",
            t.f(f"{sus}.proportionality"), ".")),
        # CASF L115-3: the supplies that the suspension does not touch.
        t.if_(f"{sus}.safeguards",
              t.p("DR_Heading", "Fournitures maintenues"),
              t.for_(f"line in {sus}.safeguards", t.p("DR_Item", "– ", t.f("line")))),
        t.if_(f"not {sus}.anticipated", t.p(
            "DR_BodyKeep", f"La suspension sera levée dès réception du règlement intégral des sommes dues{COLON} nous "
            "reprendrons alors sans délai l'exécution de nos engagements et vous en informerons par écrit. Nous "
            "restons disposés à examiner avec vous toute proposition de règlement, y compris sous la forme d'un "
            "échéancier.")),
        t.if_(f"{sus}.anticipated", t.p(
            "DR_BodyKeep", "La suspension sera levée dès que vous nous aurez apporté une garantie de paiement, telle qu'un "
            f"règlement d'avance{COLON} nous reprendrons alors sans délai l'exécution de nos engagements et vous "
            "en informerons par écrit.")),
        t.payment_block(),
        t.closing(),
        t.signature(),
    ]  # fmt: skip


def reprise_service(t):
    sus = "d.suspension"
    return [
        t.salutation(),
        # Lifted by the opening of a collective procedure, not by a payment:
        # C. com. L622-13 I (L631-14 in receivership, L641-11-1 I in
        # liquidation).
        t.if_(f"{sus}.lifted_by_procedure",
              t.p("DR_Body", "Par jugement du ", t.f(f"{sus}.opening_date"), ", le tribunal a ouvert à "
                  "votre égard une procédure de ", t.f(f"{sus}.procedure_label"), ". Conformément à "
                  "l'article ", t.f(f"{sus}.procedure_article"), " du Code de commerce, nous poursuivons "
                  "l'exécution de nos contrats en cours malgré le défaut de paiement des factures "
                  "antérieures à ce jugement", COLON, " la suspension de nos livraisons et prestations, "
                  "qui vous avait été notifiée le ", t.f(f"{sus}.since_date"), ", est levée."),
              t.p("DR_Body", "Ces factures ne vous sont plus réclamées", COLON, " nous les déclarons au ",
                  t.f(f"{sus}.representative_title"), ". Les livraisons et prestations postérieures au "
                  "jugement d'ouverture restent payables à leur échéance (article ",
                  t.f(f"{sus}.post_opening_article"), " du Code de commerce).")),
        t.if_(f"not {sus}.lifted_by_procedure",
              t.if_(f"{sus}.payment_date", t.p(
                  "DR_Body", "Nous avons bien reçu votre règlement du ", t.f(f"{sus}.payment_date"),
                  " et vous en remercions.")),
              t.p("DR_Body", "Votre compte ne présentant plus d'échéance impayée, nous avons le plaisir de "
                  "vous informer que la suspension de nos livraisons et prestations, qui vous avait été "
                  "notifiée le ", t.f(f"{sus}.since_date"), ", est levée.")),
        t.p("DR_Demand", "Nos livraisons et prestations reprennent à compter du ", t.f("d.suspension.resumed_date"),
            " : vos commandes en cours seront honorées et vous pouvez de nouveau nous passer commande "
            "normalement."),
        t.p("DR_Body", "Nous vous remercions de votre confiance et restons à votre disposition pour toute "
            "question relative à votre compte."),
        t.closing("l'expression de nos sincères salutations"),
        t.signature(),
    ]  # fmt: skip


def echeancier(t):
    plan = "d.plan"
    cols = [
        ("Échéance", 4.0, "l"),
        ("Date limite de paiement", 6.5, "l"),
        ("Montant", 6.5, "r"),
    ]
    return [
        t.salutation(),
        t.if_(f"{plan}.agreement_date", t.p(
            "DR_BodyKeep", "Comme suite à notre échange du ", t.f(f"{plan}.agreement_date"),
            ", nous vous confirmons notre accord pour un règlement échelonné des sommes dues au titre des "
            "factures ci-dessous", COLON)),
        t.if_(f"not {plan}.agreement_date", t.p(
            "DR_BodyKeep", "Nous vous confirmons notre accord pour un règlement échelonné des sommes dues au "
            "titre des factures ci-dessous", COLON)),
        t.invoice_table(),
        t.credits_block(),
        *t.totals_block("Montant total de l'échéancier"),
        t.p("DR_BodyKeep", "Cette somme de ", t.f(f"{plan}.total"), " sera réglée en ",
            t.f(f"{plan}.count_text"), ", selon le calendrier suivant", COLON),
        t._table_with_loop("Installments", cols, ["number", "date", "amount"],
                           f"inst in {plan}.installments", "inst"),
        t.p("DR_Heading", "Conditions de l'échéancier"),
        t.p("DR_Item", "1. Chaque échéance doit nous parvenir au plus tard à la date indiquée, selon les "
            "modalités de règlement rappelées ci-dessous."),
        t.p("DR_Item", "2. Tant que les échéances sont honorées, nous suspendons toute démarche de "
            "recouvrement concernant les factures visées par cet accord."),
        t.if_(f"{plan}.acceleration and not {plan}.consumer_notice_days", t.p(
            "DR_Item", "3. À défaut de paiement d'une échéance ", t.f(f"{plan}.grace_days"), " jours après sa "
            "date, la totalité du solde restant dû deviendra immédiatement exigible, sans autre formalité, "
            "et la procédure de recouvrement reprendra au stade où elle avait été suspendue.")),
        # Consumers: a formal notice and a stated period first (C. conso. L212-1;
        # Cass. 1re civ., 22 March 2023, n° 21-16.044).
        t.if_(f"{plan}.acceleration and {plan}.consumer_notice_days", t.p(
            "DR_Item", "3. Si une échéance n'est pas réglée ", t.f(f"{plan}.grace_days"), " jours après sa date, "
            "nous vous adresserons, par lettre recommandée avec accusé de réception, une mise en demeure de la "
            "régler dans un délai de ", t.f(f"{plan}.consumer_notice_days"), " jours à compter de sa réception. "
            "Ce n'est qu'à défaut de règlement dans ce délai que la totalité du solde restant dû deviendra "
            "exigible et que la procédure de recouvrement reprendra au stade où elle avait été suspendue.")),
        t.if_(f"not {plan}.acceleration", t.p(
            "DR_Item", "3. En cas de retard de plus de ", t.f(f"{plan}.grace_days"), " jours dans le paiement "
            "d'une échéance, nous pourrons reprendre la procédure de recouvrement au stade où elle avait été "
            "suspendue.")),
        t.p("DR_Item", "4. Chaque règlement effectué au titre de cet échéancier vaut reconnaissance de la "
            "dette et interrompt le délai de prescription (article 2240 du Code civil)."),
        t.payment_block(),
        t.p("DR_Body", "Nous vous remercions de bien vouloir nous retourner un exemplaire de ce courrier, "
            "daté et signé et précédé de la mention manuscrite « Bon pour accord », avant le ",
            t.f(f"{plan}.reply_by"), "."),
        t.closing(),
        t.table("PlanSign", [8.3, 0.4, 8.3], [t.row([
            ("Sign", [t.p("DR_Small", t.b("Pour "), t.b(t.f("d.company.name"))),
                      t.p("DR_Small", t.f("d.signatory.name"), ", ", t.f("d.signatory.function")),
                      t.p("DR_Small", "Le ", t.f("d.date")),
                      t.p("DR_Small", "Signature", COLON), t.p("DR_Small"), t.p("DR_Small")]),
            ("Cell", t.p("DR_Small")),
            ("Sign", [t.p("DR_Small", t.b("Pour "), t.b(t.f("d.recipient.name"))),
                      t.p("DR_Small", "Nom et qualité du signataire", COLON),
                      t.p("DR_Small", "Date", COLON),
                      t.p("DR_Small", "« Bon pour accord » et signature", COLON), t.p("DR_Small"), t.p("DR_Small")]),
        ], style="Keep")], margin_top="0.3cm"),
    ]  # fmt: skip


def reconnaissance_dette(t):
    ack = "d.acknowledgment"
    return [
        t.salutation(),
        t.p("DR_Body", "Comme convenu, vous trouverez ci-dessous une reconnaissance de dette relative aux "
            "factures suivantes, restées impayées", COLON),
        t.invoice_table(),
        t.credits_block(),
        *t.totals_block("Solde restant dû"),
        t.p("DR_Body", "Nous vous remercions de bien vouloir la compléter de votre main, la dater, la signer "
            "et nous la retourner avant le ",
            t.f(f"{ack}.reply_by"), ". La somme doit être écrite par le signataire lui-même, en toutes lettres "
            "et en chiffres ; en cas de différence, la somme écrite en toutes lettres prévaut (article 1376 "
            "du Code civil)."),
        t.closing(),
        t.signature(),
        t.p("DR_TitlePage", "Reconnaissance de dette"),
        t.table("Ack", [17.0], [t.row([("Box", [
            # A company acknowledges through its representative...
            t.if_(f"not {ack}.individual",
                  t.p("DR_Fill", "Je soussigné(e)", COLON, " ", t.tab()),
                  t.p("DR_Fill", "agissant en qualité de", COLON, " ", t.tab()),
                  t.p("DR_BoxText", " "),
                  t.p("DR_BoxText", "de la société ", t.b(t.f(f"{ack}.debtor_identity")), ", reconnais que "
                      "cette société doit à ", t.b(t.f("d.company.name")), ", ", t.f("d.company.address_inline"),
                      ", SIRET ", t.f("d.company.siret"), ", au titre ", t.f(f"{ack}.cause"), ", la somme de",
                      COLON)),
            # ... an individual in person.
            t.if_(f"{ack}.individual",
                  t.p("DR_Fill", "Je soussigné(e) (nom et prénom)", COLON, " ", t.tab()),
                  t.p("DR_Fill", "demeurant", COLON, " ", t.tab()),
                  t.p("DR_BoxText", " "),
                  t.p("DR_BoxText", "reconnais devoir personnellement à ", t.b(t.f("d.company.name")), ", ",
                      t.f("d.company.address_inline"), ", SIRET ", t.f("d.company.siret"), ", au titre ",
                      t.f(f"{ack}.cause"), ", la somme de", COLON)),
            t.p("DR_Fill", "en chiffres", COLON, " ", t.tab()),
            t.p("DR_Fill", "en toutes lettres", COLON, " ", t.tab()),
            t.p("DR_Fill", " ", t.tab()),
            t.p("DR_BoxText", " "),
            t.if_(f"not {ack}.individual", t.p("DR_BoxText", "et m'engage, au nom de cette société, à la lui payer.")),
            t.if_(f"{ack}.individual", t.p("DR_BoxText", "et m'engage à la lui payer.")),
            t.p("DR_BoxText", " "),
            t.p("DR_BoxText", "Mention à recopier de votre main", COLON, " ",
                t.b("« Bon pour reconnaissance de la somme de … »"), ", suivie du montant en toutes lettres "
                "et en chiffres", COLON),
            t.p("DR_Fill", " ", t.tab()),
            t.p("DR_Fill", " ", t.tab()),
            t.p("DR_Fill", "Fait à", COLON, " ", t.tab()),
            t.p("DR_Fill", "le", COLON, " ", t.tab()),
            t.p("DR_BoxText", " "),
            t.p("DR_BoxText", "Signature", COLON),
            t.p("DR_BoxText", " "), t.p("DR_BoxText", " "), t.p("DR_BoxText", " "),
        ])], style="Keep")]),
        t.p("DR_Small", t.i("Pour information, le montant restant dû au ", t.f("d.date"), " s'élève à ",
                            t.f(f"{ack}.amount"), " (", t.f(f"{ack}.amount_in_words"), "). Ce montant est "
                            "donné à titre indicatif : il appartient au signataire de l'écrire lui-même.")),
    ]  # fmt: skip


def releve_compte(t):
    st = "d.statement"
    cols = [("Date", 1.8, "l"), ("Pièce", 3.0, "l"), ("Libellé", 2.5, "l"), ("Échéance", 1.8, "l"),
            ("Débit", 1.9, "r"), ("Crédit", 1.9, "r"), ("Solde", 2.0, "r"), ("État", 2.1, "l")]  # fmt: skip
    return [
        t.salutation(),
        t.p("DR_BodyKeep", "Veuillez trouver ci-dessous le relevé de votre compte client, arrêté au ",
            t.f(f"{st}.as_of"), ", qui reprend l'ensemble des écritures non soldées", COLON),
        t._table_with_loop("Statement", cols, ["date", "number", "label", "due_date", "debit", "credit",
                                               "balance", "status"], f"line in {st}.lines", "line"),
        t.table("StatementTotals", [7.2, 3.3], [
            t.row([("TT", t.p("DR_TotalLabel", "Total des débits")), ("TT", t.p("DR_TotalAmount", t.f(f"{st}.total_debit")))], style="Keep"),
            t.row([("TT", t.p("DR_TotalLabel", "Total des crédits")), ("TT", t.p("DR_TotalAmount", t.f(f"{st}.total_credit")))], style="Keep"),
            t.row([("TG", t.p("DR_GrandLabel", "Solde de votre compte")), ("TG", t.p("DR_GrandAmount", t.f(f"{st}.balance")))], style="Keep"),
            t.row([("TT", t.p("DR_TotalLabel", "dont échu à ce jour")), ("TT", t.p("DR_TotalAmount", t.b(t.f(f"{st}.overdue"))))], style="Keep"),
        ], align="right", margin_top="0.05cm", margin_bottom="0.1cm"),
        t.p("DR_Words", f"Solde, en toutes lettres{COLON} ", t.f(f"{st}.balance_in_words"), "."),
        t.p("DR_BodyKeep", "Nous vous remercions de bien vouloir vérifier ce relevé et nous régler, si ce n'est "
            "déjà fait, la part échue du solde, soit ", t.b(t.f(f"{st}.overdue")), ". Si vous constatez une "
            "différence avec votre propre comptabilité, n'hésitez pas à nous en faire part : nous la "
            "rapprocherons avec vous."),
        t.b2b_reminder(),
        t.payment_block(),
        t.closing(),
        t.signature(),
    ]  # fmt: skip


def dossier_contentieux(t):
    lit = "d.litigation"
    return [
        t.salutation(),
        t.p("DR_Body", "Nous vous prions de bien vouloir trouver ci-dessous la synthèse du dossier de "
            "recouvrement que nous vous confions, ainsi que la liste des pièces jointes. Nos démarches "
            "amiables et notre mise en demeure étant restées sans effet, nous vous remercions d'engager "
            "la procédure qui vous paraîtra la plus appropriée."),
        t.p("DR_Title", "Dossier de recouvrement contentieux"),
        t.p("DR_Heading", "1. Créancier"),
        t.p("DR_Small", t.b(t.f("d.company.name")), ", ", t.f("d.company.legal_form"), ", ",
            t.f("d.company.address_inline"), "."),
        t.p("DR_Small", t.f("d.company.rcs"), f" – SIRET{NBSP}", t.f("d.company.siret"), " – ",
            t.f("d.company.contact_line"), "."),
        t.if_("d.signatory", t.p("DR_Small", f"Interlocuteur{COLON} ", t.f("d.signatory.name"), ", ",
                                 t.f("d.signatory.function"), ", ", t.f("d.signatory.phone"), ", ",
                                 t.f("d.signatory.email"), ".")),
        t.p("DR_Heading", "2. Débiteur"),
        t.p("DR_Small", t.b(t.f(f"{lit}.debtor_name"))),
        t.for_(f"line in {lit}.debtor_address_lines", t.p("DR_Small", t.f("line"))),
        t.if_(f"{lit}.debtor_identity", t.p("DR_Small", t.f(f"{lit}.debtor_identity"))),
        t.if_(f"{lit}.debtor_status", t.p("DR_Small", f"Qualité{COLON} ", t.f(f"{lit}.debtor_status"), ".")),
        t.if_("d.recipient.customer_code", t.p("DR_Small", f"Code client{COLON} ", t.f("d.recipient.customer_code"))),
        t.p("DR_Heading", "3. Décompte de la créance au ", t.f("d.date")),
        t.if_("d.b2b", t.invoice_table(penalties=True)),
        t.if_("not d.b2b", t.invoice_table()),
        t.credits_block(),
        *t.totals_block("Total de la créance", penalties=True),
        t.if_("d.b2b", t.p("DR_Small", "Pénalités de retard dues en application ", t.f("d.penalty_basis_de"),
                           ", calculées au taux de ", t.f("d.penalty_rate_label"), " ; indemnité forfaitaire pour frais de "
                           "recouvrement de ", t.f("d.indemnity_unit"), " par facture (", t.f("d.indemnity_basis"),
                           "), fixée par la loi. Des frais supérieurs peuvent être demandés sur justificatifs "
                           "(indemnité complémentaire, article L441-10 II du Code de commerce).")),
        t.penalty_breakdown(),
        t.p("DR_Heading", "4. Démarches amiables"),
        t._table_with_loop("History", [("Date", 2.6, "l"), ("Démarche", 14.4, "l")], ["date", "label"],
                           f"h in {lit}.history", "h"),
        t.p("DR_Heading", "5. Voie de recouvrement proposée"),
        t.p("DR_Small", t.b(t.f(f"{lit}.route")), " – ", t.f(f"{lit}.court"), "."),
        t.for_(f"note in {lit}.route_notes", t.p("DR_Item", "– ", t.f("note"))),
        t.if_(f"{lit}.prior_amicable_note", t.p("DR_Small", t.b("Tentative préalable de résolution amiable : "),
                                                t.f(f"{lit}.prior_amicable_note"))),
        t.p("DR_Heading", "6. Pièces jointes"),
        t.for_(f"annex in {lit}.annexes", t.p("DR_Item", "– ", t.f("annex"))),
        t.p("DR_Body", " "),
        t.p("DR_Body", "Nous restons à votre disposition pour tout document complémentaire et vous remercions "
            "de nous tenir informés des suites données à ce dossier."),
        t.p("DR_Closing", "Nous vous prions d'agréer, ", t.f("d.salutation_recall"),
            ", l'expression de nos salutations distinguées."),
        t.signature(),
    ]  # fmt: skip


def declaration_creance(t):
    dec = "d.declaration"
    return [
        t.salutation(),
        t.if_(f"not {dec}.professional_recovery", t.p(
            "DR_Body", t.f(f"{dec}.judgment_phrase"), ", le tribunal a ouvert une procédure de ",
            t.f(f"{dec}.procedure_label"), " à l'égard de ", t.b(t.f(f"{dec}.debtor_name")),
            ". Conformément aux articles L622-24 et suivants du Code de commerce, nous vous "
            "déclarons notre créance, dont le détail suit, et vous remercions de bien vouloir "
            "nous en accuser réception.")),
        t.if_(f"{dec}.professional_recovery", t.p(
            "DR_Body", "Par jugement du ", t.f(f"{dec}.opening_date"),
            ", le tribunal a ouvert une procédure de rétablissement professionnel à l'égard de ",
            t.b(t.f(f"{dec}.debtor_name")), ". En réponse à votre avis, nous vous communiquons le "
            "montant de notre créance (article L645-8 du Code de commerce).")),
        t.p("DR_Title", "Déclaration de créance"),
        t.p("DR_Heading", "1. Créancier"),
        t.for_(f"line in {dec}.creditor_lines", t.p("DR_Small", t.f("line"))),
        t.if_("d.signatory", t.p("DR_Small", f"Interlocuteur{COLON} ", t.f("d.signatory.name"), ", ",
                                 t.f("d.signatory.function"), ", ", t.f("d.signatory.phone"), ", ",
                                 t.f("d.signatory.email"), ".")),
        t.p("DR_Heading", "2. Débiteur et procédure"),
        t.p("DR_Small", t.b(t.f(f"{dec}.debtor_name")), " – ", t.f(f"{dec}.debtor_identity")),
        t.if_(f"{dec}.debtor_address", t.p("DR_Small", t.f(f"{dec}.debtor_address"))),
        t.p("DR_Small", "Procédure de ", t.f(f"{dec}.procedure_label"), " ouverte par jugement du ",
            t.f(f"{dec}.opening_date"), "."),
        t.if_(f"{dec}.publication_date", t.p("DR_Small", "Jugement publié au BODACC le ",
                                              t.f(f"{dec}.publication_date"), ".")),
        t.p("DR_Heading", "3. Montant de la créance déclarée"),
        # L622-25, R622-23: every invoice with its due date, those due at the
        # opening and those to fall due alike.
        t.invoice_table(penalties=True),
        t.credits_block(),
        *t.totals_block("Total de la créance déclarée", penalties=True,
                        principal_label="Principal restant dû (échu et à échoir)"),
        t.if_(f"{dec}.to_fall_due",
              t.p("DR_Small", t.f(f"{dec}.to_fall_due_phrase"), COLON),
              t.for_(f"line in {dec}.to_fall_due", t.p("DR_Item", "– ", t.f("line")))),
        t.p("DR_Small", "Pénalités de retard calculées au ", t.f(f"{dec}.penalty_basis"),
            f"{NBSP}; elles sont arrêtées au ", t.f(f"{dec}.penalties_until"),
            ", le jugement d'ouverture arrêtant le cours des intérêts et majorations. ",
            t.f(f"{dec}.indemnity_phrase")),
        t.if_(f"{dec}.dated_by_invoice", t.p(
            "DR_Small", "Faute de date de livraison ou d'exécution enregistrée, la date de naissance "
            "des créances suivantes est celle de leur facture", COLON, " ",
            t.f(f"{dec}.dated_by_invoice_text"), ".")),
        t.p("DR_Small", f"Nature de la créance{COLON} ", t.f(f"{dec}.nature_phrase"), "."),
        t.if_(f"{dec}.retention_goods",
              t.p("DR_Heading", "4. Revendication de biens vendus avec réserve de propriété"),
              t.p("DR_Small", "Nous revendiquons les biens suivants, vendus avec une clause de réserve "
                  "de propriété et non payés, qui doivent se retrouver en nature dans les locaux du "
                  "débiteur (articles L624-9 et L624-16 du Code de commerce)", COLON),
              t.for_(f"good in {dec}.retention_goods", t.p("DR_Item", "– ", t.f("good"))),
              t.p("DR_Small", "La demande en revendication est adressée par lettre recommandée avec "
                  "accusé de réception ", t.f(f"{dec}.retention_recipient"), ", avant "
                  "le ", t.b(t.f(f"{dec}.retention_deadline")), " (", t.f(f"{dec}.retention_articles"),
                  " du Code de commerce)", f"{NBSP}; la présente lettre vous en tient informé.")),
        t.if_(f"{dec}.deadline_date", t.p(
            "DR_Small", "Déclaration adressée dans le délai expirant le ", t.b(t.f(f"{dec}.deadline_date")),
            " (article R622-24 du Code de commerce).")),
        t.p("DR_Body", "Nous certifions sincère et véritable le montant de la créance ainsi déclarée. "
            f"Pièces jointes{COLON} copies des factures et, le cas échéant, des conditions générales de "
            "vente et des bons de livraison."),
        t.p("DR_Closing", "Nous vous prions d'agréer, ", t.f("d.salutation_recall"),
            ", l'expression de nos salutations distinguées."),
        t.signature(),
    ]  # fmt: skip


def _surety_commitment(t):
    """The surety's commitment, as both its information letters recall it."""
    sur = "d.surety"
    return t.p("DR_Body", "Par acte du ", t.f(f"{sur}.deed_date"), " (notre référence ",
               t.f(f"{sur}.guarantee_reference"), "), vous vous êtes engagé(e) en qualité de caution, ",
               t.f(f"{sur}.amount"), ", des sommes dues à ", t.b(t.f("d.company.name")), " par ",
               t.b(t.f(f"{sur}.debtor_name")), ", ", t.f(f"{sur}.term"), ".")  # fmt: skip


def _surety_debt_table(t, total_label):
    """The debtor's invoices, credits and totals, as its own letters say."""
    return [
        t.if_("d.b2b", t.invoice_table(penalties=True)),
        t.if_("not d.b2b", t.invoice_table()),
        t.credits_block(),
        *t.totals_block(total_label, penalties=True),
    ]


def information_caution(t):
    # Code civil art. 2303 (ordonnance n° 2021-1192): the professional
    # creditor informs an individual surety of the debtor's first payment
    # incident not regularised within the month.
    sur = "d.surety"
    return [
        t.salutation(),
        _surety_commitment(t),
        t.p("DR_BodyKeep", "Conformément à l'article 2303 du Code civil, nous vous informons de la "
            "défaillance du débiteur principal", f"{NBSP}: la facture échue le ", t.f(f"{sur}.incident_date"),
            " n'a pas été réglée dans le mois de son exigibilité. À la date de ce courrier, les sommes "
            "suivantes restent dues", COLON),
        *_surety_debt_table(t, "Total dû par le débiteur"),
        t.p("DR_Body", "Ce courrier a pour seul objet de vous informer de cette situation, comme la loi "
            "nous y oblige", f"{NBSP}; il ne constitue pas une mise en demeure de payer adressée à la "
            "caution."),
        t.p("DR_BodyKeep", "Nous restons à votre disposition pour tout renseignement sur ce dossier."),
        t.closing(),
        t.signature(),
    ]  # fmt: skip


def information_annuelle_caution(t):
    # Code civil art. 2302 (ordonnance n° 2021-1192): before 31 March, at its
    # own cost, the professional creditor tells every individual surety the
    # principal, interest and other accessories still due on 31 December of
    # the year before, and recalls the term of its commitment or, open-ended,
    # its faculty to terminate it at any time and how (art. 2315, 2316).
    sur = "d.surety"
    return [
        t.salutation(),
        _surety_commitment(t),
        t.p("DR_BodyKeep", "Conformément à l'article 2302 du Code civil, nous vous faisons connaître le "
            "montant du principal de la dette, des intérêts et pénalités de retard et des autres accessoires "
            "restant dus par le débiteur principal au ", t.b(t.f(f"{sur}.as_of")),
            ", au titre de l'obligation garantie. Les montants ci-dessous sont arrêtés à cette date",
            COLON),
        *_surety_debt_table(t, "Total dû par le débiteur au 31 décembre"),
        t.if_(f"{sur}.expiry and not {sur}.ended", t.p(
            "DR_Body", "Nous vous rappelons que votre engagement de caution prend fin le ",
            t.b(t.f(f"{sur}.expiry")), ".")),
        t.if_(f"{sur}.ended", t.p(
            "DR_Body", "Votre engagement de caution a pris fin le ", t.b(t.f(f"{sur}.expiry")),
            f"{NNBSP};", " vous restez tenu(e) des dettes nées avant cette date (article 2316 du Code "
            "civil), dont le montant ci-dessus.")),
        t.if_(f"not {sur}.expiry", t.p(
            "DR_Body", "Votre cautionnement étant à durée indéterminée, nous vous rappelons que vous "
            "pouvez le résilier à tout moment, par lettre recommandée avec demande d'avis de réception, "
            "en respectant le délai de préavis prévu à l'acte ou, à défaut, un délai raisonnable "
            "(article 2315 du Code civil)", f"{NNBSP};", " vous resterez tenu(e) des dettes nées avant "
            "la fin du cautionnement, sauf clause contraire de l'acte (article 2316 du Code civil).")),
        t.p("DR_Body", "Ce courrier a pour seul objet de vous donner l'information annuelle que la loi "
            "nous impose", f"{NBSP}; il ne constitue pas une mise en demeure de payer adressée à la "
            "caution."),
        t.p("DR_BodyKeep", "Nous restons à votre disposition pour tout renseignement sur ce dossier."),
        t.closing(),
        t.signature(),
    ]  # fmt: skip


TITLES = {
    "relance_amiable": ("Relance amiable", relance_amiable),
    "relance_ferme": ("Relance ferme", relance_ferme),
    "mise_en_demeure": ("Mise en demeure de payer", mise_en_demeure),
    "suspension": ("Notification de suspension", suspension),
    "reprise_service": ("Reprise des livraisons et prestations", reprise_service),
    "echeancier": ("Accord d'échéancier", echeancier),
    "reconnaissance_dette": ("Reconnaissance de dette", reconnaissance_dette),
    "releve_compte": ("Relevé de compte", releve_compte),
    "dossier_contentieux": ("Dossier de recouvrement contentieux", dossier_contentieux),
    "declaration_creance": ("Déclaration de créance", declaration_creance),
    "information_caution": ("Information de la caution", information_caution),
    "information_annuelle_caution": (
        "Information annuelle de la caution",
        information_annuelle_caution,
    ),
}


def build(kind, folder=TEMPLATES):
    title, body = TITLES[kind]
    doc = Letter()
    content = doc.content_xml(doc.document(body(doc)))
    if "&lt;text:" in content or "&lt;table:" in content:
        raise ValueError(f"{kind}: XML markup escaped as text")
    path = Path(folder) / f"{kind}.odt"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_odt(path, content, styles_xml(NAMESPACES, FONT_FACES), title)
    return path


def main(argv):
    kinds = argv or list(TITLES)
    for kind in kinds:
        sys.stdout.write(f"{build(kind)}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
