# ruff: noqa: RUF001
# (French letter text and style tables: one sentence or style per line, with
# French typography: en dashes, no-break spaces.)
"""styles.xml shared by the letter templates: A4 pages, sober typography.

Named styles (``DR_…``) can be changed by users in LibreOffice
(Styles > Manage Styles) without touching the py3o fields.
"""

ACCENT = "#1f3a5f"
GREY = "#5a5a5a"
RULE = "#b8c0ca"
TEXT_AREA = "17cm"


def _p(name, display, props="", text="", parent="Standard", extra=""):
    return (
        f'<style:style style:name="{name}" style:display-name="{display}" '
        f'style:family="paragraph" style:parent-style-name="{parent}"{extra}>'
        f"<style:paragraph-properties {props}/>"
        f"<style:text-properties {text}/>"
        "</style:style>"
    )


def _t(name, display, text):
    return (
        f'<style:style style:name="{name}" style:display-name="{display}" style:family="text">'
        f"<style:text-properties {text}/></style:style>"
    )


KEEP = 'fo:keep-with-next="always"'
JUSTIFY = 'fo:text-align="justify"'
RIGHT_TAB = (
    "<style:tab-stops>"
    f'<style:tab-stop style:position="{TEXT_AREA}" style:type="right"/>'
    "</style:tab-stops>"
)
DOTS_TAB = (
    "<style:tab-stops>"
    f'<style:tab-stop style:position="{TEXT_AREA}" style:type="right" '
    'style:leader-style="dotted" style:leader-text="."/>'
    "</style:tab-stops>"
)

PARAGRAPH_STYLES = [
    _p("DR_Start", "Lettre – début", 'fo:margin-top="0cm" fo:margin-bottom="0cm" fo:line-height="100%" style:page-number="1"',
       'fo:font-size="2pt"', extra=' style:master-page-name="DR_First"'),
    _p("DR_Control", "py3o – instruction", 'fo:margin-top="0cm" fo:margin-bottom="0cm"',
       f'fo:font-size="7pt" fo:color="{GREY}"'),
    _p("DR_CompanyName", "En-tête – raison sociale", 'fo:margin-bottom="0.12cm"',
       f'fo:font-size="14pt" fo:font-weight="bold" fo:color="{ACCENT}" fo:letter-spacing="0.01cm"'),
    _p("DR_Letterhead", "En-tête – coordonnées", 'fo:margin-bottom="0cm"', f'fo:font-size="8.5pt" fo:color="{GREY}"'),
    _p("DR_Channel", "Mode d'envoi", 'fo:margin-bottom="0.3cm"',
       f'fo:font-size="8.5pt" fo:font-weight="bold" fo:text-transform="uppercase" fo:color="{ACCENT}"'),
    _p("DR_Ref", "Références", 'fo:margin-bottom="0.02cm"', 'fo:font-size="8.5pt"'),
    _p("DR_AddressName", "Destinataire – nom", 'fo:margin-bottom="0.03cm"', 'fo:font-size="10.5pt" fo:font-weight="bold"'),
    _p("DR_Address", "Destinataire – adresse", 'fo:margin-bottom="0.03cm"', 'fo:font-size="10.5pt"'),
    _p("DR_Date", "Lieu et date", 'fo:text-align="end" fo:margin-top="0.3cm" fo:margin-bottom="0.4cm"', ""),
    _p("DR_Subject", "Objet", f'fo:margin-bottom="0.35cm" {KEEP}', 'fo:font-weight="bold"'),
    _p("DR_Salutation", "Formule d'appel", f'fo:margin-bottom="0.3cm" {KEEP}', ""),
    _p("DR_Body", "Corps de lettre", f'{JUSTIFY} fo:margin-bottom="0.22cm" fo:line-height="112%" fo:orphans="2" fo:widows="2"', ""),
    _p("DR_BodyKeep", "Corps de lettre – lié au suivant", f'{JUSTIFY} fo:margin-bottom="0.12cm" fo:line-height="112%" {KEEP}', "", parent="DR_Body"),
    _p("DR_Demand", "Demande de paiement", f'{JUSTIFY} fo:margin-top="0.1cm" fo:margin-bottom="0.25cm" fo:line-height="112%"',
       'fo:font-weight="bold"', parent="DR_Body"),
    _p("DR_Heading", "Intertitre", f'fo:margin-top="0.35cm" fo:margin-bottom="0.12cm" {KEEP}',
       f'fo:font-size="10pt" fo:font-weight="bold" fo:color="{ACCENT}"'),
    _p("DR_Title", "Titre de document", f'fo:text-align="center" fo:margin-top="0.2cm" fo:margin-bottom="0.35cm" {KEEP}',
       f'fo:font-size="12.5pt" fo:font-weight="bold" fo:text-transform="uppercase" fo:letter-spacing="0.03cm" fo:color="{ACCENT}"'),
    _p("DR_TitlePage", "Titre de document – nouvelle page", f'fo:break-before="page" fo:text-align="center" fo:margin-top="0.2cm" fo:margin-bottom="0.35cm" {KEEP}',
       f'fo:font-size="12.5pt" fo:font-weight="bold" fo:text-transform="uppercase" fo:letter-spacing="0.03cm" fo:color="{ACCENT}"'),
    _p("DR_Spacer", "Espace", 'fo:margin-top="0cm" fo:margin-bottom="0cm"', 'fo:font-size="5pt"'),
    # The payment block and the closing stay on the page of the last
    # paragraph: no closing and signature alone on a page.
    _p("DR_SpacerKeep", "Espace – lié au suivant", f'fo:margin-top="0cm" fo:margin-bottom="0cm" {KEEP}', 'fo:font-size="5pt"'),
    _p("DR_Words", "Montant en toutes lettres", f'{JUSTIFY} fo:margin-top="0.05cm" fo:margin-bottom="0.3cm"',
       'fo:font-size="9.5pt" fo:font-style="italic"'),
    _p("DR_Item", "Liste", f'{JUSTIFY} fo:margin-left="0.5cm" fo:text-indent="-0.3cm" fo:margin-bottom="0.08cm" fo:line-height="115%"', ""),
    _p("DR_ItemKeep", "Liste – liée au suivant", f'{JUSTIFY} fo:margin-left="0.5cm" fo:text-indent="-0.3cm" fo:margin-bottom="0.08cm" fo:line-height="115%" {KEEP}', "", parent="DR_Item"),
    _p("DR_QrKeep", "Code QR", f'fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0cm" {KEEP}', ""),
    _p("DR_ItemLinkKeep", "Liste – lien, lié au suivant", f'fo:margin-left="0.5cm" fo:text-indent="-0.3cm" fo:margin-bottom="0cm" fo:line-height="115%" {KEEP}', ""),
    _p("DR_QrCaption", "Code QR – légende", f'fo:margin-left="0.5cm" fo:margin-top="0cm" fo:margin-bottom="0.08cm" {KEEP}', f'fo:font-size="8.5pt" fo:color="{GREY}"'),
    _p("DR_Closing", "Formule de politesse", f'{JUSTIFY} fo:margin-top="0.25cm" fo:margin-bottom="0.2cm" {KEEP}', ""),
    _p("DR_SignName", "Signataire – nom", f'fo:margin-left="9.5cm" fo:margin-top="1.1cm" {KEEP}', 'fo:font-weight="bold"'),
    _p("DR_SignFunction", "Signataire – fonction", 'fo:margin-left="9.5cm"', ""),
    _p("DR_Quote", "Citation de texte légal", f'{JUSTIFY} fo:margin-left="0.5cm" fo:margin-bottom="0.1cm" fo:line-height="112%"',
       f'fo:font-size="8pt" fo:font-style="italic" fo:color="{GREY}"'),
    _p("DR_QuoteTitle", "Citation – titre", f'fo:margin-top="0.4cm" fo:margin-bottom="0.08cm" {KEEP}',
       f'fo:font-size="8pt" fo:font-weight="bold" fo:color="{GREY}"'),
    _p("DR_Small", "Petit texte", f'{JUSTIFY} fo:margin-bottom="0.12cm" fo:line-height="110%"', 'fo:font-size="8.5pt"'),
    _p("DR_SmallKeep", "Petit texte – lié au suivant", f'{JUSTIFY} fo:margin-bottom="0.12cm" fo:line-height="110%" {KEEP}', 'fo:font-size="8.5pt"'),
    _p("DR_SmallTitle", "Petit texte – titre de tableau", f'fo:margin-top="0.15cm" fo:margin-bottom="0.08cm" {KEEP}', 'fo:font-size="8.5pt"'),
    _p("DR_Legal", "Pied de page – identité", 'fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0cm"',
       f'fo:font-size="7pt" fo:color="{GREY}"'),
    _p("DR_TH", "Tableau – en-tête", 'fo:text-align="start"', f'fo:font-size="8pt" fo:font-weight="bold" fo:color="{ACCENT}"'),
    _p("DR_THR", "Tableau – en-tête chiffres", 'fo:text-align="end"', f'fo:font-size="8pt" fo:font-weight="bold" fo:color="{ACCENT}"', parent="DR_TH"),
    _p("DR_TD", "Tableau – texte", 'fo:text-align="start"', 'fo:font-size="9pt"'),
    _p("DR_TDR", "Tableau – chiffres", 'fo:text-align="end"', 'fo:font-size="9pt"', parent="DR_TD"),
    _p("DR_TotalLabel", "Totaux – libellé", 'fo:text-align="start"', 'fo:font-size="9.5pt"'),
    _p("DR_TotalAmount", "Totaux – montant", 'fo:text-align="end"', 'fo:font-size="9.5pt"'),
    _p("DR_GrandLabel", "Total – libellé", 'fo:text-align="start"', 'fo:font-size="10pt" fo:font-weight="bold"'),
    _p("DR_GrandAmount", "Total – montant", 'fo:text-align="end"', 'fo:font-size="10pt" fo:font-weight="bold"'),
    _p("DR_BoxText", "Encadré", f'{JUSTIFY} fo:margin-bottom="0.1cm" fo:line-height="112%"', 'fo:font-size="9pt"'),
    _p("DR_PageHeader", "En-tête des pages suivantes", 'fo:text-align="end"', f'fo:font-size="7.5pt" fo:color="{GREY}"'),
]  # fmt: skip

# Paragraphs with tab stops: written out because of the child element.
TAB_STYLES = [
    (
        '<style:style style:name="DR_Fill" style:display-name="Zone manuscrite" '
        'style:family="paragraph" style:parent-style-name="Standard">'
        f'<style:paragraph-properties fo:margin-top="0.45cm" fo:margin-bottom="0cm">{DOTS_TAB}'
        "</style:paragraph-properties><style:text-properties/></style:style>"
    ),
]

TEXT_STYLES = [
    _t("DR_Bold", "Gras", 'fo:font-weight="bold"'),
    _t("DR_Italic", "Italique", 'fo:font-style="italic"'),
    _t("DR_Accent", "Accent", f'fo:font-weight="bold" fo:color="{ACCENT}"'),
]

GRAPHIC_STYLES = [
    # The company identity at the foot of each letter's first page: a frame
    # anchored to the letter's first paragraph, placed on the page.
    '<style:style style:name="DR_FooterFrame" style:display-name="Pied de lettre" style:family="graphic">'
    '<style:graphic-properties style:wrap="none" style:vertical-pos="from-top" '
    'style:vertical-rel="page" style:horizontal-pos="from-left" style:horizontal-rel="page" '
    'style:flow-with-text="false" fo:padding-top="0.1cm" fo:padding-bottom="0cm" '
    'fo:padding-left="0cm" fo:padding-right="0cm" fo:border="none" '
    f'fo:border-top="0.5pt solid {RULE}" style:run-through="foreground" '
    'draw:fill="none"/></style:style>',
    # The QR code of the recovery page, a character of its own line.
    '<style:style style:name="DR_QrFrame" style:display-name="Code QR" style:family="graphic">'
    '<style:graphic-properties style:vertical-pos="top" style:vertical-rel="line" '
    'fo:margin-left="0cm" fo:margin-right="0cm" fo:padding="0cm" fo:border="none" '
    'draw:fill="none"/></style:style>',
]

STYLES_XML = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ns} office:version="1.3">
{fonts}
<office:styles>
<style:default-style style:family="paragraph">
 <style:paragraph-properties style:tab-stop-distance="1.25cm" style:writing-mode="lr-tb"/>
 <style:text-properties style:font-name="Liberation Sans" fo:font-size="10pt" fo:language="fr" fo:country="FR" fo:hyphenate="false" fo:color="#1a1a1a"/>
</style:default-style>
<style:default-style style:family="table"><style:table-properties table:border-model="collapsing"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text">
 <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/>
</style:style>
{paragraphs}
{tabs}
{texts}
{graphics}
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="PL_First">
 <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
   fo:margin-top="1.2cm" fo:margin-bottom="1.0cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
</style:page-layout>
<style:page-layout style:name="PL_Next">
 <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
   fo:margin-top="1cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
 <style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.5cm"/></style:header-style>
</style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="PL_First"/>
<style:master-page style:name="DR_First" style:display-name="Lettre – première page" style:page-layout-name="PL_First" style:next-style-name="DR_Next"/>
<style:master-page style:name="DR_Next" style:display-name="Lettre – pages suivantes" style:page-layout-name="PL_Next" style:next-style-name="DR_Next">
 <style:header><text:p text:style-name="DR_PageHeader">Page <text:page-number text:select-page="current">2</text:page-number></text:p></style:header>
</style:master-page>
</office:master-styles>
</office:document-styles>
"""


def styles_xml(namespaces, font_faces):
    return STYLES_XML.format(
        ns=namespaces,
        fonts=font_faces,
        paragraphs="\n".join(PARAGRAPH_STYLES),
        tabs="\n".join(TAB_STYLES),
        texts="\n".join(TEXT_STYLES),
        graphics="\n".join(GRAPHIC_STYLES),
    )
