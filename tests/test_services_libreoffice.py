"""services/libreoffice.py: batch conversion of ODT files with LibreOffice;
services/pdf_text.py: a PDF of several letters cut into its letters.

No database; needs LibreOffice and py3o.template. The pure parts (batch
sizes, file names, where letters start): tests/test_tools_pdf_batch.py.
"""

import shutil

import pytest

from odoo.addons.l10n_fr_debt_recovery.services import (
    libreoffice,
    pdf_text,
    py3o_render,
)
from odoo.addons.l10n_fr_debt_recovery.tools import letter_samples, pdf_batch

pytestmark = pytest.mark.skipif(
    not shutil.which("soffice") and not shutil.which("libreoffice"),
    reason="LibreOffice is not installed",
)


def _letters(tmp_path, count, kind="relance_amiable"):
    paths = []
    for index, letter in enumerate(letter_samples.sample_letters(kind, count)):
        path = tmp_path / f"letter-{index:02d}.odt"
        py3o_render.render_odt(kind, [letter], path)
        paths.append(path)
    return paths


def test_one_pdf_per_input_in_few_processes(tmp_path):
    odts = _letters(tmp_path, 5)
    result = libreoffice.convert_to_pdf(odts, tmp_path / "pdf", batch_size=3)
    assert result.ok, result.errors
    assert result.processes == 2  # 5 documents, 3 per process
    assert list(result.pdfs) == [str(p) for p in odts]  # input order
    for odt in odts:
        pdf = result.pdfs[str(odt)]
        assert pdf == str(tmp_path / "pdf" / f"{odt.stem}.pdf")
        with open(pdf, "rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert pdf_batch.count_pages(pdf) >= 1


def test_same_name_in_two_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    odts = _letters(tmp_path, 2)
    first, second = tmp_path / "a" / "lettre.odt", tmp_path / "b" / "lettre.odt"
    odts[0].rename(first)
    odts[1].rename(second)
    result = libreoffice.convert_to_pdf([first, second], tmp_path / "pdf")
    assert result.ok, result.errors
    assert len(set(result.pdfs.values())) == 2


def test_broken_input_reported_while_the_rest_convert(tmp_path):
    odts = _letters(tmp_path, 3)
    broken = tmp_path / "broken.odt"
    broken.write_bytes(b"PK\x03\x04 this is not a real OpenDocument file" * 10)
    missing = tmp_path / "missing.odt"
    inputs = [odts[0], broken, odts[1], missing, odts[2]]
    result = libreoffice.convert_to_pdf(inputs, tmp_path / "pdf", batch_size=10)
    assert set(result.pdfs) == {str(p) for p in odts}
    assert set(result.errors) == {str(broken), str(missing)}
    assert "not found" in result.errors[str(missing)]
    assert result.errors[str(broken)]
    with pytest.raises(libreoffice.ConversionError, match=r"broken\.odt"):
        result.raise_for_errors()


def _fake_soffice(tmp_path, behaviour):
    """A soffice wrapper that misbehaves on batches of several documents."""
    real = libreoffice.find_soffice()
    fake = tmp_path / "fake-soffice"
    fake.write_text(
        "#!/bin/sh\n"
        "count=0\n"
        'for a in "$@"; do case "$a" in *.odt) count=$((count+1));; esac; done\n'
        f'if [ "$count" -gt 1 ]; then {behaviour}; fi\n'
        f'exec "{real}" "$@"\n'
    )
    fake.chmod(0o755)
    return str(fake)


def test_process_dying_on_a_batch_retries_one_by_one(tmp_path):
    """LibreOffice crashes on the batch: each document is retried alone."""
    odts = _letters(tmp_path, 3)
    fake = _fake_soffice(tmp_path, "kill -SEGV $$")
    result = libreoffice.convert_to_pdf(odts, tmp_path / "pdf", soffice=fake)
    assert result.ok, result.errors
    assert result.retried == 3
    assert result.processes == 4
    assert list(result.pdfs) == [str(p) for p in odts]


def test_one_process_per_core_at_a_time(tmp_path):
    """Batches are converted ``processes`` at a time, each in its own
    LibreOffice process: 4 batches on 2 processes overlap two by two."""
    odts = _letters(tmp_path, 4)
    real = libreoffice.find_soffice()
    log = tmp_path / "runs.log"
    fake = tmp_path / "timed-soffice"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "start $(date +%s.%N)" >> "{log}"\n'
        "sleep 1\n"
        f'"{real}" "$@"\n'
        "rc=$?\n"
        f'echo "end $(date +%s.%N)" >> "{log}"\n'
        "exit $rc\n"
    )
    fake.chmod(0o755)
    result = libreoffice.convert_to_pdf(
        odts, tmp_path / "pdf", batch_size=1, soffice=str(fake), processes=2
    )
    assert result.ok, result.errors
    assert result.processes == 4
    assert list(result.pdfs) == [str(p) for p in odts]  # input order kept
    events = sorted(
        (float(stamp), 1 if kind == "start" else -1)
        for kind, stamp in (line.split() for line in log.read_text().splitlines())
    )
    running = peak = 0
    for _stamp, step in events:
        running += step
        peak = max(peak, running)
    assert peak == 2


def test_hanging_process_is_killed(tmp_path):
    """A process over its time limit is killed; documents reported, not lost."""
    odts = _letters(tmp_path, 2)
    fake = tmp_path / "hanging-soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    result = libreoffice.convert_to_pdf(
        odts, tmp_path / "pdf", soffice=str(fake), timeout=1
    )
    assert not result.pdfs
    assert set(result.errors) == {str(p) for p in odts}
    assert all("killed after 1 s" in msg for msg in result.errors.values())
    assert result.retried == 2


def test_missing_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(libreoffice.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(libreoffice, "SOFFICE_PATHS", ())
    with pytest.raises(
        libreoffice.LibreOfficeNotFoundError, match="libreoffice-writer"
    ):
        libreoffice.convert_to_pdf([tmp_path / "x.odt"])
    with pytest.raises(libreoffice.LibreOfficeNotFoundError):
        libreoffice.find_soffice(str(tmp_path / "no-such-soffice"))


def test_merge_page_count(tmp_path):
    odts = _letters(tmp_path, 3)
    result = libreoffice.convert_to_pdf(odts, tmp_path / "pdf").raise_for_errors()
    pages = [pdf_batch.count_pages(p) for p in result.pdf_paths()]
    merged = tmp_path / "all.pdf"
    assert pdf_batch.merge_pdfs(result.pdf_paths(), merged) == sum(pages)
    assert pdf_batch.count_pages(merged) == sum(pages)


def test_split_one_document_of_several_letters(tmp_path):
    letters = letter_samples.sample_letters("relance_ferme", 3)
    odt = py3o_render.render_odt("relance_ferme", letters, tmp_path / "all.odt")
    result = libreoffice.convert_to_pdf([odt], tmp_path / "pdf").raise_for_errors()
    pdf = result.pdfs[str(odt)]
    total = pdf_batch.count_pages(pdf)
    references = [letter.reference for letter in letters]
    parts = pdf_text.split_pdf(pdf, references, tmp_path / "parts")
    assert len(parts) == 3
    counts = [pdf_batch.count_pages(part) for part in parts]
    assert sum(counts) == total and all(count == counts[0] for count in counts)
    for letter, part in zip(letters, parts, strict=True):
        text = " ".join(pdf_text.page_texts(part))
        assert letter.reference in text
        assert letter.recipient.name in " ".join(text.split())
    # Pages that do not match the markers: no split, the caller falls back.
    assert pdf_text.split_pdf(pdf, references[::-1], tmp_path / "x") is None
    assert pdf_text.split_pdf(pdf, [*references, "NOPE"], tmp_path / "y") is None
