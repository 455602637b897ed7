"""Convert many ODT files to PDF with one LibreOffice process per batch.

Starting LibreOffice costs a few seconds; converting one more document in a
running process costs a fraction of that. :func:`convert_to_pdf` therefore
hands ``batch_size`` documents at a time to a single
``soffice --headless --convert-to pdf`` process, each process with its own
throw-away user profile (``-env:UserInstallation``), so that conversions can
run beside a LibreOffice the user has open and beside each other.

A document LibreOffice cannot read is reported in :attr:`BatchResult.errors`
while the others convert. If the process dies or hangs on a batch, the
documents of that batch still without a PDF are retried one per process, so
that a single bad file costs its own conversion only.

The pure parts (batch sizes, file names, pages) are in ``tools/pdf_batch.py``.
Nothing here imports ``odoo``.
"""

from __future__ import annotations

import concurrent.futures
import glob
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..tools import pdf_batch

_logger = logging.getLogger(__name__)

# Environment variable naming the LibreOffice binary to use.
SOFFICE_ENV = "DEBT_RECOVERY_SOFFICE"
SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_PATHS = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
# Per process: fixed start-up allowance plus an allowance per document.
TIMEOUT_BASE = 90
TIMEOUT_PER_DOCUMENT = 10


class LibreOfficeNotFoundError(RuntimeError):
    """No LibreOffice binary: letters cannot be converted to PDF."""


class ConversionError(RuntimeError):
    """Raised by :meth:`BatchResult.raise_for_errors`."""


@dataclass
class BatchResult:
    """Outcome of :func:`convert_to_pdf`.

    ``pdfs`` maps each converted input path (as given) to its PDF path,
    ``errors`` maps each failed input path to a message; together they hold
    every input exactly once, in the input order.
    """

    pdfs: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    processes: int = 0  # LibreOffice processes started
    retried: int = 0  # documents retried alone after a process died
    seconds: float = 0.0

    @property
    def ok(self):
        return not self.errors

    def pdf_paths(self):
        """The PDF paths, in the input order (failed inputs left out)."""
        return list(self.pdfs.values())

    def raise_for_errors(self):
        if self.errors:
            details = "\n".join(f"- {path}: {msg}" for path, msg in self.errors.items())
            raise ConversionError(
                f"{len(self.errors)} document(s) could not be converted to PDF:"
                f"\n{details}"
            )
        return self


def find_soffice(soffice=None):
    """Path of the LibreOffice binary, or :class:`LibreOfficeNotFoundError`.

    Looks at ``soffice`` (a path or a command name), then the
    ``DEBT_RECOVERY_SOFFICE`` environment variable, the ``PATH`` and the usual
    installation folders.
    """
    candidates = [soffice] if soffice else []
    if not soffice:
        if os.environ.get(SOFFICE_ENV):
            candidates.append(os.environ[SOFFICE_ENV])
        candidates.extend(SOFFICE_NAMES)
        for pattern in SOFFICE_PATHS:
            candidates.extend(sorted(glob.glob(pattern)))
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    tried = ", ".join(candidates)
    raise LibreOfficeNotFoundError(
        "LibreOffice is not installed (looked for: "
        f"{tried}): letters cannot be converted to PDF. Install the "
        "'libreoffice-writer' package (Debian/Ubuntu: "
        "'apt-get install libreoffice-writer', or 'libreoffice-writer-nogui' "
        f"on a server), or set {SOFFICE_ENV} to the path of the soffice binary."
    )


def convert_to_pdf(
    odt_paths, outdir=None, batch_size=50, soffice=None, timeout=None, processes=None
):
    """Convert ``odt_paths`` to PDF in ``outdir``, ``batch_size`` per process,
    ``processes`` LibreOffice processes at a time (default: one per core).

    :param odt_paths: paths of the documents (ODT, or anything Writer opens)
    :param outdir: folder for the PDFs (created if needed); by default a new
        temporary folder, which the caller removes when done
    :param batch_size: documents per LibreOffice process
    :param soffice: LibreOffice binary (default: found by :func:`find_soffice`)
    :param processes: LibreOffice processes running at the same time, each
        on its own batch and profile (default: the number of cores)
    :param timeout: seconds allowed to one process; by default
        ``90 + 10 x documents in the batch``. A process over time is killed and
        its unconverted documents retried one by one.
    :returns: :class:`BatchResult`; the PDF of ``dir/name.odt`` is
        ``outdir/name.pdf`` (``name-2.pdf``... when two inputs share a name)
    :raises LibreOfficeNotFoundError: when no LibreOffice binary is found
    """
    started = time.monotonic()
    binary = find_soffice(soffice)
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    paths = list(dict.fromkeys(os.fspath(p) for p in odt_paths))
    outdir = (
        Path(outdir) if outdir else Path(tempfile.mkdtemp(prefix="debt-recovery-pdf-"))
    )
    outdir.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    targets = pdf_batch.target_names(paths, outdir)
    todo = []
    for path in paths:
        if os.path.isfile(path):
            todo.append(path)
        else:
            result.errors[path] = "file not found"
    batches = [
        todo[start : start + batch_size] for start in range(0, len(todo), batch_size)
    ]
    workers = max(1, min(processes or os.cpu_count() or 1, len(batches) or 1))
    with (
        tempfile.TemporaryDirectory(prefix="debt-recovery-lo-") as work,
        concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        # One LibreOffice process per batch, ``workers`` at a time (the
        # threads only wait for their process); results in batch order.
        runs = pool.map(
            lambda batch: (
                batch,
                _run_batch(binary, batch, targets, Path(work), timeout),
            ),
            batches,
        )
        for batch, (done, failed, died) in runs:
            result.processes += 1
            result.pdfs.update(done)
            if died and len(batch) > 1:
                missing = [p for p in batch if p not in done]
                _logger.warning(
                    "LibreOffice stopped on a batch of %d documents (%s); "
                    "retrying %d document(s) one by one",
                    len(batch),
                    died,
                    len(missing),
                )
                for path in missing:
                    done1, failed1, _died1 = _run_batch(
                        binary, [path], targets, Path(work), timeout
                    )
                    result.processes += 1
                    result.retried += 1
                    result.pdfs.update(done1)
                    result.errors.update(failed1)
            else:
                result.errors.update(failed)
    # Input order for both mappings.
    result.pdfs = {p: result.pdfs[p] for p in paths if p in result.pdfs}
    result.errors = {p: result.errors[p] for p in paths if p in result.errors}
    result.seconds = time.monotonic() - started
    return result


def _run_batch(binary, batch, targets, work, timeout):
    """One LibreOffice process on ``batch``.

    Returns ``(done, failed, died)``: input -> PDF path, input -> message, and
    a description of how the process died (``""`` when it exited normally).
    """
    batch_dir = Path(tempfile.mkdtemp(prefix="batch-", dir=work))
    stage, out, profile = batch_dir / "in", batch_dir / "out", batch_dir / "profile"
    stage.mkdir()
    out.mkdir()
    staged = {}
    for index, path in enumerate(batch):
        # Unique staged names: two inputs called "letter.odt" in different
        # folders would otherwise write the same PDF.
        link = stage / f"d{index:05d}{Path(path).suffix or '.odt'}"
        try:
            os.symlink(os.path.abspath(path), link)
        except OSError:
            shutil.copyfile(path, link)
        staged[path] = link
    command = [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(out),
        *(str(link) for link in staged.values()),
    ]
    limit = timeout or TIMEOUT_BASE + TIMEOUT_PER_DOCUMENT * len(batch)
    returncode, output = _run(command, limit, cwd=str(batch_dir))
    if returncode is None:
        died = f"killed after {limit} s"
    elif returncode != 0:
        died = f"exit code {returncode}"
    else:
        died = ""
    done, failed = {}, {}
    for path, link in staged.items():
        pdf = out / (link.stem + ".pdf")
        if _is_pdf(pdf):
            shutil.move(str(pdf), targets[path])
            done[path] = targets[path]
        else:
            reason = (
                died or "LibreOffice produced no PDF (unreadable or corrupt document)"
            )
            detail = _last_lines(output)
            failed[path] = f"{reason}: {detail}" if detail else reason
    shutil.rmtree(batch_dir, ignore_errors=True)
    return done, failed, died


def _run(command, timeout, cwd):
    """Run ``command`` in its own process group; kill the group on time-out.

    Returns ``(returncode or None on time-out, combined output)``.
    """
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
            return process.returncode, output.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            _kill_group(process)
            output, _ = process.communicate()
            return None, output.decode("utf-8", "replace")


def _kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()


def _is_pdf(path):
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _last_lines(output, count=3):
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return " | ".join(lines[-count:])
