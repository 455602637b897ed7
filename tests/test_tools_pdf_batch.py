"""tools/pdf_batch.py: the pure parts of making letters in batches (how many
letters a document and documents a process, file names, where each letter
starts, PDF pages). No database, no LibreOffice: the conversion itself is
tested in tests/test_services_libreoffice.py."""

from odoo.addons.l10n_fr_debt_recovery.tools import pdf_batch


def test_document_sizes_spread_letters_over_the_cores():
    sizes = pdf_batch.document_sizes
    # A daily batch's 40 letters: one document per core, not one for all.
    assert sizes(40, 50, cores=2) == [20, 20]
    assert sizes(40, 50, cores=1) == [40]
    # Never more than the batch size a document, sizes as even as can be.
    assert sizes(120, 50, cores=2) == [40, 40, 40]
    assert sizes(101, 50, cores=4) == [26, 25, 25, 25]
    # Few letters: not a LibreOffice process for two of them.
    assert sizes(15, 50, cores=2) == [8, 7]
    assert sizes(5, 50, cores=8) == [5]
    assert sizes(0, 50, cores=2) == []
    assert sum(sizes(1234, 50, cores=3)) == 1234
    assert max(sizes(1234, 50, cores=3)) <= 50


def test_documents_shared_over_one_process_a_core():
    per_process = pdf_batch.documents_per_process
    # The two documents of a day's letters: converted side by side.
    assert per_process(2, 50, cores=2) == 1
    # Letters made again one a document: one process a core.
    assert per_process(30, 50, cores=2) == 15
    assert per_process(1, 50, cores=2) == 1
    # Never more than the batch size a process.
    assert per_process(120, 50, cores=2) == 50
    assert per_process(7, 50, cores=1) == 7
    assert per_process(0, 50, cores=2) == 1


def test_target_names_unique_in_the_output_folder(tmp_path):
    targets = pdf_batch.target_names(
        ["/a/lettre.odt", "/b/lettre.odt", "/c/other.odt", "/d/lettre.odt"], tmp_path
    )
    assert list(targets.values()) == [
        str(tmp_path / "lettre.pdf"),
        str(tmp_path / "lettre-2.pdf"),
        str(tmp_path / "other.pdf"),
        str(tmp_path / "lettre-3.pdf"),
    ]


def test_letter_filename():
    assert (
        pdf_batch.letter_filename("Relance amiable", "Durand SARL", "RA/2026/00012")
        == "Relance amiable - Durand SARL - RA-2026-00012.pdf"
    )
    # Empty parts left out; no folder separator in a customer's name either.
    assert (
        pdf_batch.letter_filename("MED/2026/3", False, "A/B") == "MED-2026-3 - A-B.pdf"
    )


def test_document_starts_at_the_pages_showing_the_markers():
    pages = [
        "Lettre RA/2026/00001 page 1",
        "suite",
        "Lettre RA/2026/00002",
        "Lettre RA/2026/00003 page 1",
        "suite RA/2026/00003",
    ]
    markers = ["RA/2026/00001", "RA/2026/00002", "RA/2026/00003"]
    assert pdf_batch.document_starts(pages, markers) == [0, 2, 3]
    # The references as the PDF may print them, cut by spaces or lines.
    assert pdf_batch.document_starts(["R A/1", "RA/2"], ["RA/1", "RA/2"]) == [0, 1]
    # Another order, a marker missing, a first page without its marker.
    assert pdf_batch.document_starts(pages, markers[::-1]) is None
    assert pdf_batch.document_starts(pages, [*markers, "RA/2026/00004"]) is None
    assert pdf_batch.document_starts(pages[1:], markers[1:]) is None
    assert pdf_batch.document_starts(pages, []) is None
    assert pdf_batch.document_starts(pages, ["RA/2026/00001", ""]) is None


def test_document_starts_refuses_markers_inside_one_another():
    """``SUS-1`` is found on every page showing ``SUS-12``: the pages cannot
    tell the two letters apart, the letters are made one by one."""
    pages = ["SUS-12", "suite SUS-12", "SUS-1"]
    assert pdf_batch.document_starts(pages, ["SUS-12", "SUS-1"]) is None
    assert pdf_batch.document_starts(pages, ["SUS-12", "SUS-12"]) is None


def _blank_pdf(path, pages):
    library = pdf_batch._pdf_library()
    writer = library.PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_merge_count_and_split_pages(tmp_path):
    first = _blank_pdf(tmp_path / "a.pdf", 2)
    second = _blank_pdf(tmp_path / "b.pdf", 3)
    merged = tmp_path / "all.pdf"
    assert pdf_batch.merge_pdfs([first, second], merged) == 5
    assert pdf_batch.count_pages(merged) == 5
    parts = pdf_batch.split_pages(merged, [0, 2, 4], tmp_path / "parts")
    assert [pdf_batch.count_pages(part) for part in parts] == [2, 2, 1]
    assert parts[0].endswith("part-00001.pdf")
