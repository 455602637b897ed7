#!/usr/bin/env python3
"""Render every letter template with the sample data, to PDF and PNG.

    python3 dev/render_samples.py [OUTDIR]     (default: /tmp/letters-preview)

One PDF per kind (plus the collection-agency, consumer and small-claim
variants) and one PNG per page at 60 dpi (``pdftoppm``), to look at the
letters after changing a template.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# The letter modules are imported without Odoo as the letters' benchmark
# imports them (one loader for both scripts).
sys.path.insert(0, str(ROOT / "bench"))
from bench_letters import load_tools  # noqa: E402

VARIANTS = [
    (kind, {})
    for kind in (
        "relance_amiable",
        "relance_ferme",
        "mise_en_demeure",
        "suspension",
        "reprise_service",
        "echeancier",
        "reconnaissance_dette",
        "releve_compte",
        "dossier_contentieux",
        "declaration_creance",
    )
] + [
    ("relance_amiable", {"agency": True}),
    ("relance_ferme", {"agency": True}),
    ("mise_en_demeure", {"agency": True}),
    ("mise_en_demeure", {"b2b": False}),
    ("mise_en_demeure", {"agency": True, "b2b": False}),
    ("suspension", {"b2b": False}),
    ("suspension", {"anticipated": True}),
    ("echeancier", {"b2b": False}),
    ("reconnaissance_dette", {"b2b": False}),
    ("dossier_contentieux", {"small_claim": True}),
]


def main(argv):
    tools = load_tools()
    data, render, batch, pdfs = (
        tools["letter_samples"],
        tools["py3o_render"],
        tools["libreoffice"],
        tools["pdf_batch"],
    )
    outdir = Path(argv[0] if argv else "/tmp/letters-preview")
    outdir.mkdir(parents=True, exist_ok=True)
    odts = []
    for kind, options in VARIANTS:
        suffix = "".join(
            f"-{k}" if v is True else f"-{k}{v}" for k, v in options.items()
        )
        odt = outdir / f"{kind}{suffix}.odt"
        render.render_odt(kind, [data.sample_letter(kind, **options)], odt)
        odts.append(odt)
    result = batch.convert_to_pdf(odts, outdir)
    for path, message in result.errors.items():
        sys.stdout.write(f"ERROR {path}: {message}\n")
    for pdf in result.pdf_paths():
        stem = Path(pdf).with_suffix("")
        subprocess.run(["pdftoppm", "-png", "-r", "60", pdf, str(stem)], check=True)
        sys.stdout.write(f"{pdf} {pdfs.count_pages(pdf)} page(s)\n")


if __name__ == "__main__":
    main(sys.argv[1:])
