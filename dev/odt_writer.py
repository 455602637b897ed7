# (OpenDocument XML literals are kept on one line each.)
"""A small writer of py3o ODT templates (used by build_letter_templates.py).

It writes plain OpenDocument XML: named paragraph and text styles in
``styles.xml`` (so that users restyle the letters in LibreOffice), tables and
their cell styles as automatic styles in ``content.xml``, py3o variables as
user fields (``py3o.d.company.name``) and py3o instructions as hyperlinks
(``py3o://for="d in letters"``) in paragraphs of their own, as
``py3o.template`` expects them.
"""

import urllib.parse
import zipfile
from xml.sax.saxutils import escape as _xml_escape

NBSP = "\u00a0"


class Raw(str):
    """XML already built: not escaped again."""


def esc(text):
    return _xml_escape(str(text), {'"': "&quot;"})


def render(part):
    if isinstance(part, Raw):
        return part
    if isinstance(part, (list, tuple)):
        return "".join(render(x) for x in part)
    return esc(part)


class Document:
    """Collects the user fields and table styles of one template."""

    def __init__(self):
        self.fields = []
        self.auto_styles = {}

    # ------------------------------------------------------------ inline
    def f(self, expr):
        """A py3o variable, shown as its expression in LibreOffice."""
        if expr not in self.fields:
            self.fields.append(expr)
        return Raw(
            f'<text:user-field-get text:name="py3o.{esc(expr)}">{esc(expr)}</text:user-field-get>'
        )

    @staticmethod
    def span(style, *parts):
        return Raw(f'<text:span text:style-name="{style}">{render(parts)}</text:span>')

    def b(self, *parts):
        return self.span("DR_Bold", *parts)

    def i(self, *parts):
        return self.span("DR_Italic", *parts)

    @staticmethod
    def tab():
        return Raw("<text:tab/>")

    @staticmethod
    def br():
        return Raw("<text:line-break/>")

    # ------------------------------------------------------------ blocks
    @staticmethod
    def p(style, *parts):
        return Raw(f'<text:p text:style-name="{style}">{render(parts)}</text:p>')

    @staticmethod
    def _link(instruction):
        href = "py3o://" + urllib.parse.quote(instruction)
        return Raw(
            f'<text:a xlink:type="simple" xlink:href="{esc(href)}">{esc(instruction)}</text:a>'
        )

    def ctl(self, instruction):
        """A py3o instruction alone in its paragraph."""
        return self.p("DR_Control", self._link(instruction))

    def if_(self, condition, *blocks):
        return Raw(self.ctl(f'if="{condition}"') + render(blocks) + self.ctl("/if"))

    def for_(self, loop, *blocks):
        return Raw(self.ctl(f'for="{loop}"') + render(blocks) + self.ctl("/for"))

    # ------------------------------------------------------------ tables
    def _style(self, name, family, props_tag, props):
        attrs = " ".join(f'{k}="{v}"' for k, v in props.items())
        self.auto_styles[name] = (
            f'<style:style style:name="{name}" style:family="{family}">'
            f"<style:{props_tag} {attrs}/></style:style>"
        )
        return name

    def cell_style(self, name, **props):
        """Automatic cell style; keyword names use ``_`` for ``:``/``-``."""
        props = {_attr(k): v for k, v in props.items()}
        props.setdefault("fo:padding", "0.06cm")
        return self._style(name, "table-cell", "table-cell-properties", props)

    def table(
        self,
        name,
        widths_cm,
        rows,
        align="left",
        margin_top="0.1cm",
        margin_bottom="0.25cm",
    ):
        width = sum(widths_cm)
        props = {
            "style:width": f"{width:.2f}cm",
            "table:align": align,
            "fo:margin-top": margin_top,
            "fo:margin-bottom": margin_bottom,
        }
        if align == "right":
            props["fo:margin-left"] = f"{17 - width:.2f}cm"
        self._style(name, "table", "table-properties", props)
        cols = []
        for index, w in enumerate(widths_cm):
            col = f"{name}.C{index}"
            self._style(
                col,
                "table-column",
                "table-column-properties",
                {"style:column-width": f"{w:.2f}cm"},
            )
            cols.append(f'<table:table-column table:style-name="{col}"/>')
        return Raw(
            f'<table:table table:name="{name}" table:style-name="{name}">'
            + "".join(cols)
            + render(rows)
            + "</table:table>"
        )

    def row_style(self, name, height=None, min_height=None, keep=True):
        props = {}
        if height:
            props["style:row-height"] = height
        if min_height:
            props["style:min-row-height"] = min_height
        if keep:
            props["fo:keep-together"] = "always"
        return self._style(name, "table-row", "table-row-properties", props)

    @staticmethod
    def row(cells, style=None):
        """``cells``: list of ``(cell_style, content)``."""
        attr = f' table:style-name="{style}"' if style else ""
        body = "".join(
            f'<table:table-cell table:style-name="{cs}" office:value-type="string">{render(c)}</table:table-cell>'
            for cs, c in cells
        )
        return Raw(f"<table:table-row{attr}>{body}</table:table-row>")

    def ctl_row(self, instruction, ncols, cell_style):
        cells = [(cell_style, self.ctl(instruction))]
        cells += [(cell_style, self.p("DR_Control"))] * (ncols - 1)
        return self.row(cells)

    # ------------------------------------------------------------ output
    def content_xml(self, body):
        decls = "".join(
            f'<text:user-field-decl office:value-type="string" office:string-value="{esc(expr)}" '
            f'text:name="py3o.{esc(expr)}"/>'
            for expr in self.fields
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document-content {NAMESPACES} office:version="1.3">'
            f"{FONT_FACES}"
            f"<office:automatic-styles>{''.join(self.auto_styles.values())}</office:automatic-styles>"
            "<office:body><office:text>"
            f"<text:user-field-decls>{decls}</text:user-field-decls>"
            f"{render(body)}"
            "</office:text></office:body></office:document-content>"
        )


def _attr(key):
    prefix, _, rest = key.partition("_")
    return f"{prefix}:{rest.replace('_', '-')}"


NAMESPACES = " ".join(
    f'xmlns:{k}="{v}"'
    for k, v in {
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
        "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
        "xlink": "http://www.w3.org/1999/xlink",
        "dc": "http://purl.org/dc/elements/1.1/",
        "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
        "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
        "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
        "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    }.items()
)

FONT_FACES = (
    "<office:font-face-decls>"
    '<style:font-face style:name="Liberation Sans" svg:font-family="&apos;Liberation Sans&apos;" '
    'style:font-family-generic="swiss" style:font-pitch="variable"/>'
    "</office:font-face-decls>"
)

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def meta_xml(title):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-meta {NAMESPACES} office:version="1.3"><office:meta>'
        f"<dc:title>{esc(title)}</dc:title><dc:language>fr-FR</dc:language>"
        "<meta:generator>l10n_fr_debt_recovery dev/build_letter_templates.py</meta:generator>"
        "</office:meta></office:document-meta>"
    )


def write_odt(path, content, styles, title):
    with zipfile.ZipFile(path, "w") as odt:
        odt.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )
        for name, data in (
            ("META-INF/manifest.xml", MANIFEST),
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta_xml(title)),
        ):
            odt.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
