"""The pure parts of making letters in batches: how many letters go in one
document, the names of the files, where each letter starts in a PDF holding
several, and merging, counting and cutting PDF pages (with the PDF library,
in this process).

The LibreOffice runner that converts the documents, and ``pdftotext`` that
reads the pages back, start processes: they are in ``services/libreoffice.py``
and ``services/pdf_text.py``.

Nothing here imports ``odoo`` or starts a process.
"""

from __future__ import annotations

import math
import os
from pathlib import Path


def document_sizes(count, batch_size, cores=None, minimum=10):
    """How many letters go in each document of a batch of ``count``
    letters: at most ``batch_size`` a document (one LibreOffice process
    converts it), spread evenly, and over every core when fewer than
    ``cores`` documents would do them all; never fewer than ``minimum``
    letters a document (starting LibreOffice costs about a second).

    ``document_sizes(40, 50, cores=2)`` -> ``[20, 20]``;
    ``document_sizes(120, 50, cores=2)`` -> ``[40, 40, 40]``;
    ``document_sizes(15, 50, cores=2)`` -> ``[8, 7]``.
    """
    if count <= 0:
        return []
    cores = cores or os.cpu_count() or 1
    per_document = min(max(batch_size, 1), max(minimum, math.ceil(count / cores)))
    documents = math.ceil(count / per_document)
    base, extra = divmod(count, documents)
    return [base + 1] * extra + [base] * (documents - extra)


def documents_per_process(count, batch_size, cores=None):
    """How many of ``count`` documents one LibreOffice process converts:
    the documents shared over every core (one process each, at the same
    time), at most ``batch_size`` a process.

    ``documents_per_process(2, 50, cores=2)`` -> ``1`` (the two documents of
    a day's letters converted side by side);
    ``documents_per_process(120, 50, cores=2)`` -> ``50``.
    """
    cores = cores or os.cpu_count() or 1
    return max(1, min(max(batch_size, 1), math.ceil(count / cores)))


def target_names(paths, outdir):
    """Final PDF path of each input: ``outdir/<stem>.pdf``, made unique
    (``name-2.pdf``... when two inputs share a name)."""
    used, targets = set(), {}
    for path in paths:
        stem = Path(path).stem or "document"
        name, n = f"{stem}.pdf", 1
        while name in used:
            n += 1
            name = f"{stem}-{n}.pdf"
        used.add(name)
        targets[path] = str(Path(outdir) / name)
    return targets


def letter_filename(*parts):
    """File name of a letter's PDF from its parts (step, customer,
    reference...): the empty ones left out, joined by `` - ``, and no ``/``
    (a reference such as ``RA/2026/00012`` is not a folder).

    ``letter_filename("Relance", "Durand", "RA/2026/1")`` ->
    ``"Relance - Durand - RA-2026-1.pdf"``.
    """
    names = [str(part).replace("/", "-").strip() for part in parts if part]
    return " - ".join(name for name in names if name) + ".pdf"


def document_starts(page_texts, markers):
    """Index of the first page of each document in a PDF holding several
    documents one after the other, each one starting on a page that shows
    its marker (e.g. the letter's reference); ``None`` when the pages do not
    match the markers (a document without its marker, another order), or
    when a marker is found inside another one (``...-12`` in ``...-123``:
    the pages could not tell them apart).

    :param page_texts: the text of each page, in order
    :param markers: one text per document, in the order of the documents
    """
    markers = ["".join(marker.split()) for marker in markers]
    if not markers or not all(markers):
        return None
    for index, marker in enumerate(markers):
        if any(
            marker in other for number, other in enumerate(markers) if number != index
        ):
            return None
    starts = []
    for index, text in enumerate(page_texts):
        if len(starts) < len(markers) and markers[len(starts)] in "".join(text.split()):
            starts.append(index)
    if len(starts) != len(markers) or starts[0] != 0:
        return None
    return starts


# ------------------------------------------------------------------- pages
def _pdf_library():
    try:
        import pypdf as library  # noqa: PLC0415 (optional)
    except ImportError:
        import PyPDF2 as library  # noqa: PLC0415 (shipped with Odoo)
    return library


def merge_pdfs(pdf_paths, output_path):
    """Concatenate ``pdf_paths`` into ``output_path``; returns the page count."""
    library = _pdf_library()
    writer = library.PdfWriter()
    pages = 0
    for path in pdf_paths:
        reader = library.PdfReader(os.fspath(path))
        for page in reader.pages:
            writer.add_page(page)
            pages += 1
    with open(output_path, "wb") as handle:
        writer.write(handle)
    return pages


def count_pages(pdf_path):
    """Number of pages of a PDF file."""
    return len(_pdf_library().PdfReader(os.fspath(pdf_path)).pages)


def library_page_texts(pdf_path):
    """Text of each page of a PDF, as the PDF library extracts it."""
    reader = _pdf_library().PdfReader(os.fspath(pdf_path))
    return [page.extract_text() or "" for page in reader.pages]


def split_pages(pdf_path, starts, outdir):
    """Cut a PDF into documents starting at the pages ``starts`` (from
    :func:`document_starts`): the paths of the documents' PDFs
    (``outdir/part-00001.pdf``...)."""
    library = _pdf_library()
    reader = library.PdfReader(os.fspath(pdf_path))
    ends = [*starts[1:], len(reader.pages)]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (start, end) in enumerate(zip(starts, ends, strict=True), 1):
        writer = library.PdfWriter()
        for page in reader.pages[start:end]:
            writer.add_page(page)
        path = outdir / f"part-{number:05d}.pdf"
        with open(path, "wb") as handle:
            writer.write(handle)
        paths.append(str(path))
    return paths
