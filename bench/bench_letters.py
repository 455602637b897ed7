#!/usr/bin/env python3
"""Benchmark: letters converted in batches vs one LibreOffice per letter.

    python3 bench/bench_letters.py [--count 500] [--batch-size 50]
        [--per-letter-sample K] [--kind relance_amiable] [--keep DIR]

Renders ``--count`` distinct letters with py3o (one ODT each, as the daily
job produces them), then converts them to PDF:

(a) in batches: one LibreOffice process per ``--batch-size`` letters
    (``services.libreoffice.convert_to_pdf``);
(b) one LibreOffice process per letter, as a naive implementation (and
    ``report_py3o`` for single records) does. With ``--per-letter-sample K``
    only K letters are converted that way and the time is extrapolated to
    ``--count`` letters: the output says so.

DESIGN.md target: (a) at least 10 times faster than (b).
"""

import argparse
import importlib
import shutil
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 10.0


def load_tools():
    """Import the addon's letter modules (``tools`` and ``services``) without
    Odoo: the two packages are set up empty (their ``__init__`` is not run),
    so that only these modules and what they import are loaded."""
    packages = {
        "dr": ROOT,
        "dr.tools": ROOT / "tools",
        "dr.services": ROOT / "services",
    }
    for name, path in packages.items():
        package = types.ModuleType(name)
        package.__path__ = [str(path)]
        sys.modules[name] = package
    return {
        name: importlib.import_module(f"dr.{package}.{name}")
        for package, name in (
            ("tools", "letter_samples"),
            ("services", "py3o_render"),
            ("services", "libreoffice"),
            ("tools", "pdf_batch"),
        )
    }


def say(*args):
    sys.stdout.write(" ".join(str(a) for a in args) + "\n")
    sys.stdout.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500, help="letters (default 500)")
    parser.add_argument(
        "--batch-size", type=int, default=50, help="letters per process (default 50)"
    )
    parser.add_argument(
        "--per-letter-sample",
        type=int,
        default=None,
        help="convert only K letters one per process and extrapolate (default: all)",
    )
    parser.add_argument("--kind", default="relance_amiable", help="letter template")
    parser.add_argument("--keep", help="keep the ODT and PDF files in this folder")
    args = parser.parse_args(argv)
    tools = load_tools()
    data, render, batch, pdfs = (
        tools["letter_samples"],
        tools["py3o_render"],
        tools["libreoffice"],
        tools["pdf_batch"],
    )

    work = (
        Path(args.keep)
        if args.keep
        else Path(tempfile.mkdtemp(prefix="bench-letters-"))
    )
    work.mkdir(parents=True, exist_ok=True)
    try:
        say(f"LibreOffice: {batch.find_soffice()}")
        t0 = time.monotonic()
        odts = []
        for index, letter in enumerate(data.sample_letters(args.kind, args.count)):
            path = work / "odt" / f"{args.kind}-{index + 1:05d}.odt"
            path.parent.mkdir(exist_ok=True)
            render.render_odt(args.kind, [letter], path)
            odts.append(path)
        rendering = time.monotonic() - t0
        n = len(odts)
        say(
            f"rendered {n} letters ({args.kind}) with py3o in {rendering:.1f} s "
            f"({1000 * rendering / n:.0f} ms per letter)"
        )

        result = batch.convert_to_pdf(
            odts, work / "pdf-batch", batch_size=args.batch_size
        )
        result.raise_for_errors()
        batched = result.seconds
        say(
            f"(a) batches of {args.batch_size}: {len(result.pdfs)} PDFs, "
            f"{result.processes} LibreOffice processes, {batched:.1f} s "
            f"({1000 * batched / n:.0f} ms per letter)"
        )

        sample = odts
        if args.per_letter_sample and args.per_letter_sample < len(odts):
            sample = odts[: args.per_letter_sample]
        t0 = time.monotonic()
        single = batch.convert_to_pdf(sample, work / "pdf-single", batch_size=1)
        single.raise_for_errors()
        measured = time.monotonic() - t0
        per_letter = measured / len(sample)
        extrapolated = per_letter * len(odts)
        if len(sample) < len(odts):
            say(
                f"(b) one process per letter: {len(sample)} letters measured in "
                f"{measured:.1f} s ({1000 * per_letter:.0f} ms per letter), "
                f"EXTRAPOLATED to {n} letters: {extrapolated:.1f} s"
            )
        else:
            say(
                f"(b) one process per letter: {len(sample)} letters in "
                f"{measured:.1f} s ({1000 * per_letter:.0f} ms per letter)"
            )
        ratio = extrapolated / batched
        verdict = "OK" if ratio >= TARGET else "BELOW TARGET"
        say(f"speed-up (b)/(a): {ratio:.1f}x (target >= {TARGET:.0f}x: {verdict})")
        if args.keep:
            merged = work / "all-batch.pdf"
            pages = pdfs.merge_pdfs(result.pdf_paths(), merged)
            say(f"merged {pages} pages into {merged}")
        return 0 if ratio >= TARGET else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
