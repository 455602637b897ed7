"""Read the pages of a PDF back as text, and cut a PDF holding several
letters into one PDF a letter.

``pdftotext`` (poppler) reads the pages when it is installed (a process a
PDF); otherwise the PDF library does, in this process. Where each letter
starts, and the cutting itself, are the pure parts of
``tools/pdf_batch.py``.

Nothing here imports ``odoo``.
"""

import os
import shutil
import subprocess

from ..tools import pdf_batch

# Seconds allowed to ``pdftotext`` on one PDF.
TIMEOUT = 90


def page_texts(pdf_path):
    """Text of each page of a PDF (``pdftotext`` when installed, else the
    PDF library)."""
    pdf_path = os.fspath(pdf_path)
    binary = shutil.which("pdftotext")
    if binary:
        try:
            output = subprocess.run(
                [binary, "-enc", "UTF-8", pdf_path, "-"],
                capture_output=True,
                check=True,
                timeout=TIMEOUT,
            ).stdout.decode("utf-8", "replace")
        except (OSError, subprocess.SubprocessError):
            output = None
        if output is not None:
            pages = output.split("\f")
            if pages and not pages[-1].strip():
                pages.pop()  # pdftotext ends every page with a form feed
            if len(pages) == pdf_batch.count_pages(pdf_path):
                return pages
    return pdf_batch.library_page_texts(pdf_path)


def split_pdf(pdf_path, markers, outdir):
    """Split a PDF holding several documents one after the other, each one
    starting on a page that shows its marker (e.g. the letter's reference).

    :param markers: one text per document, in the order of the documents
    :returns: the paths of the documents' PDFs (``outdir/part-00001.pdf``...),
        or ``None`` when the pages do not match the markers (see
        ``pdf_batch.document_starts``): the caller then converts the
        documents one by one.
    """
    if not markers:
        return None
    starts = pdf_batch.document_starts(page_texts(pdf_path), markers)
    if starts is None:
        return None
    return pdf_batch.split_pages(pdf_path, starts, outdir)
