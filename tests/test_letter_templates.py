# ruff: noqa: RUF001
"""The ODT letter templates, rendered with py3o and read back from the PDF.

Each template is rendered with ``letter_samples.sample_letter`` as report_py3o
renders it (``letters`` in the context), converted to PDF with LibreOffice,
and the text extracted with ``pdftotext`` must carry the amounts in figures
and in words, the dates and the legal mentions (C. civ. 1344, C. com. L441-10, D441-5).
"""

import io
import re
import shutil
import subprocess
import zipfile

import pytest

from odoo.addons.l10n_fr_debt_recovery.services import libreoffice, py3o_render
from odoo.addons.l10n_fr_debt_recovery.tools import (
    letter_data,
    letter_samples,
    pdf_batch,
    qr,
)

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice"))
    or not shutil.which("pdftotext"),
    reason="LibreOffice or pdftotext is not installed",
)

# Figures of the sample (C. com. L441-10 II and D441-5, computed by hand).
# Penalties run per period on the balance outstanding during it; a payment
# reduces the base from the day after its date (tools/penalties.py):
# FA/2025/0412  4 800,00 x 12,15 % x 108 / 365                     = 172,56
# FA/2025/0457  2 340,00 due 31/12/2025, 1 000,00 paid on 30/01/2026:
#               2 340,00 x 12,15 % x 30 / 365 (1er-30 janvier)   = 23,3679
#             + 1 340,00 x 12,15 % x 31 / 365 (31 janvier-2 mars) = 13,8277
#                                                                  =  37,20
#               (not 1 340,00 x 12,15 % x 61 / 365 = 27,21: the 1 000,00
#               paid late bore penalties until it was paid)
# FA/2026/0023  1 150,80 x 12,15 % x  19 / 365                     =   7,28
# principal 7 290,80 - avoir 250,00 + pénalités 217,04 + indemnités 3 x 40 = 7 377,84
NET = ("7 040,80 €", "sept mille quarante euros et quatre-vingts centimes")
WITH_PENALTIES = (
    "7 377,84 €",
    "sept mille trois cent soixante-dix-sept euros et quatre-vingt-quatre centimes",
)
COMMON = [
    "Verdier Équipements",
    "18 rue des Petites-Écuries",
    "Bâtiments Rhône Services SAS",
    "69007 LYON",
    "Paris, le 2 mars 2026",
    "Objet :",
    "FA/2025/0412",
    "FA/2025/0457",
    "FA/2026/0023",
    "4 800,00 €",
    "1 340,00 €",
    "1 150,80 €",
    "AV/2026/0004",
    "250,00 €",
    "Sophie Marchal",
    "SIRET 812 345 678 00027",
]
PAYMENT = ["FR76 3000 4008 2800 0123 4567 890", "BNPAFRPPXXX", "C00231 / FA/2025/0412"]
PENALTIES = [
    "172,56 €",
    "37,20 €",
    "23,37 €",
    "13,83 €",
    "7,28 €",
    "217,04 €",
    "120,00 €",
    "108 jours",
    "12,15 %",
]


def _normalize(text):
    text = text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2009", " ")
    text = text.replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory):
    """Render every case in one LibreOffice batch; returns case -> text."""
    folder = tmp_path_factory.mktemp("letters")
    cases = {kind: (kind, {}) for kind in letter_data.KINDS}
    cases.update(
        {
            f"{kind}-agency": (kind, {"agency": True})
            for kind in letter_data.AGENCY_KINDS
        }
    )
    cases["mise_en_demeure-b2c"] = ("mise_en_demeure", {"b2b": False})
    for kind in ("suspension", "echeancier", "reconnaissance_dette"):
        cases[f"{kind}-b2c"] = (kind, {"b2b": False})
    cases["suspension-anticipated"] = ("suspension", {"anticipated": True})
    cases["mise_en_demeure-agency-b2c"] = (
        "mise_en_demeure",
        {"agency": True, "b2b": False},
    )
    cases["dossier_contentieux-small"] = ("dossier_contentieux", {"small_claim": True})
    cases["mise_en_demeure-public"] = ("mise_en_demeure", {"public": True})
    cases["relance_amiable-public"] = ("relance_amiable", {"public": True})
    cases["mise_en_demeure-agency-public"] = (
        "mise_en_demeure",
        {"agency": True, "public": True},
    )
    cases["two_letters"] = ("relance_amiable", {})
    cases["information_annuelle_caution-term"] = ("information_annuelle_caution", {})
    cases["relance_amiable-no_link"] = ("relance_amiable", {})
    odts = {}
    for case, (kind, options) in cases.items():
        letters = [letter_samples.sample_letter(kind, **options)]
        if case == "two_letters":
            letters = letter_samples.sample_letters(kind, 2)
        if case == "relance_amiable-no_link":
            letters[0].payment.portal_url = ""
        if case == "information_annuelle_caution-term":
            letters[0].surety.term = "jusqu'au 30 juin 2027"
            letters[0].surety.expiry = "30 juin 2027"
        odts[case] = folder / f"{case}.odt"
        py3o_render.render_odt(kind, letters, odts[case])
    result = libreoffice.convert_to_pdf(
        odts.values(), folder / "pdf"
    ).raise_for_errors()
    texts = {}
    for case, odt in odts.items():
        pdf = result.pdfs[str(odt)]
        raw = subprocess.run(
            ["pdftotext", "-layout", pdf, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        flat = subprocess.run(
            ["pdftotext", pdf, "-"], check=True, capture_output=True, text=True
        ).stdout
        texts[case] = {
            "text": _normalize(raw) + " " + _normalize(flat),
            "pages": pdf_batch.count_pages(pdf),
            "raw": raw,
        }
    return texts


def _assert_contains(text, expected):
    missing = [e for e in expected if _normalize(e) not in text]
    assert not missing, f"missing in the PDF: {missing}"


def _assert_not_contains(text, unexpected):
    present = [e for e in unexpected if _normalize(e) in text]
    assert not present, f"unexpected in the PDF: {present}"


def test_every_template_exists_and_renders(pdf_text):
    for kind in letter_data.KINDS:
        assert py3o_render.template_path(kind).is_file()
        text = pdf_text[kind]["text"]
        assert "py3o" not in text and "d.company" not in text and "for=" not in text
        _assert_contains(
            text,
            [
                "Verdier Équipements",
                "2 mars 2026" if kind != "reprise_service" else "20 mars 2026",
            ],
        )


@pytest.mark.parametrize(
    "kind", ["relance_amiable", "relance_ferme", "suspension", "echeancier"]
)
def test_reminders_amounts_in_figures_and_words(pdf_text, kind):
    text = pdf_text[kind]["text"]
    _assert_contains(text, [*COMMON, *PAYMENT, *NET, "7 290,80 €", "Madame,"])
    _assert_not_contains(text, ["207,05 €", "172,56 €"])


def test_relance_amiable(pdf_text):
    text = pdf_text["relance_amiable"]["text"]
    _assert_contains(
        text,
        [
            "Relance",
            "article L441-10 du Code de commerce",
            "40,00 € par facture",
            "12,15 %",
        ],
    )
    # The recovery page's link and its QR code take the reminder of three
    # invoices and a credit note to a second page, the ways to pay kept
    # with the closing and the signature.
    assert pdf_text["relance_amiable"]["pages"] == 2
    last = pdf_text["relance_amiable"]["raw"].split("\f")[1]
    assert "Modalités de règlement" in last and "Sophie Marchal" in last
    _assert_not_contains(text, ["mise en demeure", "recouvrement amiable de créances"])


def test_relance_ferme(pdf_text):
    text = pdf_text["relance_ferme"]["text"]
    _assert_contains(
        text,
        [
            "13 février 2026",
            "au plus tard le 12 mars 2026",
            "mise en demeure",
            "échéancier",
        ],
    )


def test_mise_en_demeure_b2b(pdf_text):
    text = pdf_text["mise_en_demeure"]["text"]
    _assert_contains(
        text,
        [
            *COMMON,
            *PAYMENT,
            *PENALTIES,
            *WITH_PENALTIES,
            "MISE EN DEMEURE",
            "nous vous mettons en demeure",
            "Lettre recommandée avec accusé de réception".upper(),
            "par lettre recommandée avec accusé de réception",
            "huit jours à compter de la réception de ce courrier.",
            "sans autre avis",
            "article L441-10 du Code de commerce",
            "D441-5",
            "3 × 40,00 €",
        ],
    )
    # The receipt is not known when the letter is printed: no guessed date.
    _assert_not_contains(text, ["au plus tard"])


def test_mise_en_demeure_consumer_has_no_indemnity(pdf_text):
    text = pdf_text["mise_en_demeure-b2c"]["text"]
    _assert_contains(
        text,
        [
            "M. Julien Morel",
            "Monsieur,",
            "mettons en demeure",
            "taux légal",
            "1344-1",
            "7 040,80 €",
            "sept mille quarante euros et quatre-vingts centimes",
        ],
    )
    _assert_not_contains(
        text,
        ["Indemnité", "× 40,00 €", "par facture", "L441-10", "Pénalités de retard"],
    )


@pytest.mark.parametrize("kind", letter_data.AGENCY_KINDS)
def test_collection_agency_mentions(pdf_text, kind):
    text = pdf_text[f"{kind}-agency"]["text"]
    _assert_contains(
        text,
        [
            "Rhône Recouvrement",
            "5 place Bellecour, 69002 Lyon",
            "exerce une activité de recouvrement amiable de créances",
            "pour le compte de Verdier Équipements",
            "18 rue des Petites-Écuries, 75010 Paris",
            "principal 7 040,80 €",
            "intérêts",
            "autres sommes",
            "Article L111-8 du Code des procédures civiles d'exécution",
            "Les frais de recouvrement entrepris sans titre exécutoire restent à la "
            "charge du créancier",
            "débiteur de mauvaise foi",
            "Lyon, le 2 mars 2026",
        ],
    )
    if kind == "relance_amiable":
        _assert_not_contains(text, ["premier courrier du"])
    else:
        _assert_contains(text, ["premier courrier du 13 février 2026", "RR-2026-00871"])
    if kind == "mise_en_demeure":
        _assert_contains(
            text,
            ["intérêts 217,04 €", "autres sommes 120,00 €", "total réclamé 7 377,84 €"],
        )
    # CPCE L111-8: apart from the legal 40 € per invoice, no recovery cost;
    # never "no cost claimed" under a line claiming the indemnities.
    _assert_not_contains(text, ["Aucun frais de recouvrement amiable"])
    if "× 40,00 €)" in text:  # the totals claim the indemnities
        _assert_contains(
            text,
            [
                "Hormis l'indemnité forfaitaire légale de 40,00 € par facture payée "
                "en retard, due par les seuls professionnels",
                "aucun frais de recouvrement ne vous est réclamé",
            ],
        )


def test_collection_agency_to_a_consumer_claims_no_cost(pdf_text):
    text = pdf_text["mise_en_demeure-agency-b2c"]["text"]
    _assert_contains(
        text,
        [
            "Aucun frais de recouvrement ne vous est réclamé : les frais de "
            "recouvrement entrepris sans titre exécutoire restent à la charge du "
            "créancier (article L111-8",
        ],
    )
    _assert_not_contains(text, ["Hormis l'indemnité", "Indemnités forfaitaires"])


def test_suspension_and_service_resumed(pdf_text):
    _assert_contains(
        pdf_text["suspension"]["text"],
        [
            "suspendons",
            "à compter du 2 mars 2026",
            "article 1219 du Code civil (exception d'inexécution)",
            "si cette inexécution est suffisamment grave",
            "mise en demeure du 16 février 2026",
        ],
    )
    # Invoices due: 1219, which requires no notice; no proportionality
    # claimed that nobody assessed; no utility safeguard for a company.
    _assert_not_contains(
        pdf_text["suspension"]["text"],
        ["1220", "proportionnée", "L115-3", "Fournitures maintenues"],
    )
    text = pdf_text["reprise_service"]["text"]
    _assert_contains(
        text,
        [
            "Paris, le 20 mars 2026",
            "règlement du 19 mars 2026",
            "est levée",
            "reprennent à compter du 20 mars 2026",
        ],
    )
    assert pdf_text["reprise_service"]["pages"] == 1


def test_suspension_anticipated_by_a_manager(pdf_text):
    text = pdf_text["suspension-anticipated"]["text"]
    _assert_contains(
        text,
        [
            "article 1220 du Code civil",
            "il est manifeste que son cocontractant ne s'exécutera pas",
            "nous vous la notifions dans les meilleurs délais",
            "Motif : votre société nous a fait savoir",
            "Nous avons vérifié que cette mesure est proportionnée au manquement "
            "constaté : les livraisons en cours représentent trois mois",
        ],
    )
    _assert_not_contains(text, ["1219", "restent impayées", "Reste dû"])


def test_suspension_of_a_consumer_lists_the_utility_safeguards(pdf_text):
    text = pdf_text["suspension-b2c"]["text"]
    _assert_contains(
        text,
        [
            "Fournitures maintenues",
            "La distribution d'eau de votre résidence principale n'est ni "
            "interrompue ni réduite, à aucune période de l'année",
            # 2 March 2026: in the winter truce, which ends on 31 March 2026
            "maintenue au moins jusqu'au 31 mars 2026",
            "fonds de solidarité pour le logement",
            "article L115-3",
        ],
    )


def test_installment_plan_of_a_consumer(pdf_text):
    text = pdf_text["echeancier-b2c"]["text"]
    _assert_contains(
        text,
        [
            "nous vous adresserons, par lettre recommandée avec accusé de "
            "réception, une mise en demeure de la régler dans un délai de 30 jours "
            "à compter de sa réception",
            "Ce n'est qu'à défaut de règlement dans ce délai que la totalité du "
            "solde restant dû deviendra exigible",
        ],
    )
    _assert_not_contains(text, ["sans autre formalité", "immédiatement exigible"])


def test_acknowledgment_of_debt_of_an_individual(pdf_text):
    text = pdf_text["reconnaissance_dette-b2c"]["text"]
    _assert_contains(
        text,
        [
            "Je soussigné(e) (nom et prénom) :",
            "demeurant :",
            "reconnais devoir personnellement à Verdier Équipements",
            "et m'engage à la lui payer.",
        ],
    )
    _assert_not_contains(text, ["société", "agissant en qualité de"])


def test_installment_plan(pdf_text):
    _assert_contains(
        pdf_text["echeancier"]["text"],
        [
            "quatre échéances mensuelles",
            "31/03/2026",
            "30/06/2026",
            "1 850,00 €",
            "1 490,80 €",
            "8 jours",
            "immédiatement exigible",
            "Bon pour accord",
            "26 février 2026",
            "2240",
        ],
    )


def test_acknowledgment_of_debt_leaves_the_handwritten_zone_blank(pdf_text):
    entry = pdf_text["reconnaissance_dette"]
    _assert_contains(
        entry["text"],
        [
            *NET,
            "RECONNAISSANCE DE DETTE",
            "Je soussigné(e)",
            "Bon pour reconnaissance de la somme de",
            "en chiffres :",
            "en toutes lettres :",
            "Fait à :",
            "Signature :",
            "1376",
        ],
    )
    # The fill-in lines are left blank: no amount printed on them.
    for line in entry["raw"].splitlines():
        if re.match(r"\s*(en chiffres|en toutes lettres|Je soussigné)", line):
            assert not re.search(r"\d", line), line


def test_account_statement(pdf_text):
    _assert_contains(
        pdf_text["releve_compte"]["text"],
        [
            "arrêté au 2 mars 2026",
            "BNK/2026/0117",
            "FA/2026/0061",
            "1 000,00 €",
            "8 000,80 €",
            "huit mille euros et quatre-vingts centimes",
            "7 040,80 €",
            "À échoir",
            "Échue (108 j)",
        ],
    )


def test_litigation_file(pdf_text):
    text = pdf_text["dossier_contentieux"]["text"]
    _assert_contains(
        text,
        [
            *COMMON,
            *PENALTIES,
            *WITH_PENALTIES,
            "Maître Laurent Fabre",
            "Requête en injonction de payer",
            "Tribunal des activités économiques de Lyon",
            "12946",
            "Pièces jointes",
            "Mise en demeure du 16 février 2026 et avis de réception",
            "SIREN 532 118 406",
        ],
    )
    _assert_not_contains(text, ["750-1"])
    small = pdf_text["dossier_contentieux-small"]["text"]
    _assert_contains(
        small,
        [
            # 1 340,00 + 1 150,80 - 250,00 + 37,20 + 7,28 + 2 x 40,00
            "2 365,28 €",
            "deux mille trois cent soixante-cinq euros et vingt-huit centimes",
            "petites créances",
        ],
    )
    # Between merchants (commercial court): no CPC 750-1 note.
    _assert_not_contains(small, ["750-1"])
    _assert_contains(text, ["1er septembre 2026", "L313-3"])


def test_declaration_of_claim(pdf_text):
    text = pdf_text["declaration_creance"]["text"]
    _assert_contains(
        text,
        [
            "SELARL MJ Rhône",
            "Maître Anne Roux, mandataire judiciaire",
            "Déclaration de créance",
            "redressement judiciaire",
            "3 mars 2026",
            "17 mars 2026",
            "arrêtées au 2 mars 2026",
            "L622-24",
            "FA/2025/0412",
            "172,56 €",
            "120,00 €",
            # The credit note is deducted from the claim declared, as in the
            # other letters: 7 290,80 - 250,00 + 217,04 + 120,00.
            "AV/2026/0004",
            "250,00 €",
            *WITH_PENALTIES,
            "Revendication",
            "17 juin 2026",
            "17 mai 2026",
        ],
    )


def test_annual_information_of_the_surety(pdf_text):
    """C. civ. art. 2302: the debt on 31 December of the year before, and
    the end of the commitment or, open-ended, the faculty to terminate it."""
    text = pdf_text["information_annuelle_caution"]["text"]
    _assert_contains(
        text,
        [
            "M. Paul Durand",
            "3 rue des Lilas",
            "Information annuelle de la caution (article 2302 du Code civil)",
            "Par acte du 2 juin 2025 (notre référence GAR/2025/00007)",
            "dans la limite de 15 000,00 €",
            "pour une durée indéterminée",
            "Conformément à l'article 2302 du Code civil",
            "restant dus par le débiteur principal au 31 décembre 2025",
            "Les montants ci-dessous sont arrêtés à cette date",
            "FA/2025/0412",
            "Total dû par le débiteur au 31 décembre",
            "résilier à tout moment",
            "article 2315 du Code civil",
            "article 2316 du Code civil",
        ],
    )
    _assert_not_contains(text, ["prend fin le", "défaillance du débiteur"])
    term = pdf_text["information_annuelle_caution-term"]["text"]
    _assert_contains(
        term,
        [
            "jusqu'au 30 juin 2027",
            "votre engagement de caution prend fin le 30 juin 2027",
        ],
    )
    _assert_not_contains(term, ["résilier à tout moment"])


def test_one_letter_per_record_each_on_its_own_page(pdf_text):
    entry = pdf_text["two_letters"]
    assert entry["pages"] == 2 * pdf_text["relance_amiable"]["pages"]
    pages = entry["raw"].split("\f")
    assert "(1)" in pages[0] and "(2)" in pages[pdf_text["relance_amiable"]["pages"]]


def test_public_buyer_formal_notice(pdf_text):
    """A commune (CCP L2192-13, R2192-31: ECB rate in force on the first
    day of the half-year the interest started in + 8 points, fixed;
    D2192-35: 40 €), computed by hand at 2,15 % + 8 = 10,15 %:
    FA/2025/0412  4 800,00 x 10,15 % x 108 / 365                 = 144,16
    FA/2025/0457  2 340,00 x 10,15 % x 30 / 365 (19,5214)
                + 1 340,00 x 10,15 % x 31 / 365 (11,5515)          =  31,07
    FA/2026/0023  1 150,80 x 10,15 % x 19 / 365                   =   6,08
    7 290,80 - 250,00 + 181,31 + 3 x 40,00 = 7 342,11."""
    text = pdf_text["mise_en_demeure-public"]["text"]
    _assert_contains(
        text,
        [
            "Commune de Villeurbanne",
            "144,16 €",
            "31,07 €",
            "6,08 €",
            "181,31 €",
            "7 342,11 €",
            "10,15 %",
            "majoré de 8 points",
            "en application des articles L2192-13 et R2192-31 du Code de la "
            "commande publique",
            "article D2192-35 du Code de la commande publique",
            "ne peut excéder 30 jours à compter de la réception de la demande de "
            "paiement",
        ],
    )
    _assert_not_contains(
        text, ["à les articles", "de les articles", "L441-10", "D441-5", "12,15 %"]
    )


def test_public_buyer_letter_by_an_agency_cites_the_procurement_code(pdf_text):
    text = pdf_text["mise_en_demeure-agency-public"]["text"]
    _assert_contains(
        text,
        [
            "Indemnités forfaitaires pour frais de recouvrement (art. D2192-35 "
            "du Code de la commande publique)",
            # (the line may break inside "L2192-13": checked in two parts)
            "due par l'acheteur public (articles L2192",
            "et D2192-35 du Code de la commande publique), aucun frais",
        ],
    )
    _assert_not_contains(text, ["à les articles", "L441-10", "D441-5"])


def test_public_buyer_reminder_contracts_the_article(pdf_text):
    text = pdf_text["relance_amiable-public"]["text"]
    _assert_contains(
        text,
        [
            "conformément aux articles L2192-13 et R2192-31 du Code de la "
            "commande publique",
            "(article D2192-35 du Code de la commande publique)",
        ],
    )
    _assert_not_contains(text, ["à les articles", "L441-10", "D441-5"])


QR_CAPTION = "Ou scannez le code ci-contre pour régler ou répondre en ligne."


def _pictures(odt):
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        manifest = archive.read("META-INF/manifest.xml").decode()
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("Pictures/")
        }, manifest


@pytest.mark.parametrize(
    "kind", ["relance_amiable", "relance_ferme", "mise_en_demeure", "suspension",
             "echeancier", "releve_compte"],
)  # fmt: skip
def test_letters_with_the_page_link_print_its_qr_code(kind):
    """Every letter printing the recovery page's link embeds the QR code of
    that very link (a PNG in the ODT, declared in its manifest)."""
    letter = letter_samples.sample_letter(kind)
    url = letter.payment.portal_url
    assert "/recouvrement/" in url
    template = py3o_render.template_path(kind).read_bytes()
    odt = py3o_render.render(template, {"letters": [letter], "objects": [letter]})
    pictures, manifest = _pictures(odt)
    assert list(pictures.values()) == [qr.qr_png(url)]
    assert qr.png_matrix(next(iter(pictures.values()))) == qr.qr_matrix(url)
    assert next(iter(pictures)) in manifest
    letter.payment.portal_url = ""
    odt = py3o_render.render(template, {"letters": [letter], "objects": [letter]})
    assert _pictures(odt)[0] == {}, "no link, no code"


def test_the_page_link_is_printed_next_to_its_code(pdf_text):
    text = pdf_text["relance_amiable"]["text"]
    url = letter_samples.sample_letter("relance_amiable").payment.portal_url
    _assert_contains(text, [f"En ligne : {url}", QR_CAPTION])
    _assert_not_contains(
        pdf_text["relance_amiable-no_link"]["text"], ["/recouvrement/", QR_CAPTION]
    )
