"""QR codes of the recovery page's link (tools/qr.py), as printed on letters."""

import shutil
import struct
import subprocess
import zlib

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools import qr
from odoo.addons.l10n_fr_debt_recovery.tools.letter_data import Payment

URL = "https://www.verdier-equipements.fr/recouvrement/3f9c2a7b1e4d8a6c5b0f2e19"


def _finder(matrix, top, left):
    """The 7x7 finder pattern at ``(top, left)``: a dark ring, a light ring,
    a dark 3x3 centre."""
    for row in range(7):
        for col in range(7):
            ring = max(abs(row - 3), abs(col - 3))
            if matrix[top + row][left + col] != (ring != 2):
                return False
    return True


def test_matrix_is_a_qr_code_of_the_smallest_version():
    matrix = qr.qr_matrix(URL)
    size = len(matrix)
    # Versions are 21 + 4 (v - 1) modules a side; 72 bytes at level M fit
    # version 5 (84 bytes), not version 4 (62).
    assert size == 37
    assert all(len(row) == size for row in matrix)
    assert _finder(matrix, 0, 0)
    assert _finder(matrix, 0, size - 7)
    assert _finder(matrix, size - 7, 0)
    assert not _finder(matrix, size - 7, size - 7)
    # Timing pattern between the finders: dark and light in turn.
    assert [matrix[6][col] for col in range(8, size - 8)] == [
        col % 2 == 0 for col in range(8, size - 8)
    ]


def test_png_holds_the_matrix_with_its_quiet_zone():
    png = qr.qr_png(URL)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    modules = 37 + 2 * qr.QUIET_ZONE
    assert (width, height, depth, colour) == (
        modules * qr.MODULE_PIXELS,
        modules * qr.MODULE_PIXELS,
        1,
        0,
    )
    assert qr.png_matrix(png) == qr.qr_matrix(URL)
    # The first pixel row is blank (quiet zone): all bits set (white).
    idat = png.index(b"IDAT")
    (length,) = struct.unpack(">I", png[idat - 4 : idat])
    raw = zlib.decompress(png[idat + 4 : idat + 4 + length])
    stride = 1 + (width + 7) // 8
    assert raw[0] == 0
    assert set(raw[1 : stride - 1]) == {0xFF}


def test_same_text_same_bytes_other_text_other_code():
    assert qr.qr_png(URL) == qr.matrix_png(qr.qr_matrix(URL))
    other = URL[:-1] + "0"
    assert qr.qr_png(other) != qr.qr_png(URL)
    assert qr.png_matrix(qr.qr_png(other)) == qr.qr_matrix(other)


def test_no_link_no_code():
    assert qr.qr_png("") == b""
    assert qr.qr_png(None) == b""
    with pytest.raises(ValueError):
        qr.qr_matrix("")
    with pytest.raises(ValueError):
        qr.png_matrix(b"GIF89a")


def test_payment_of_a_letter_carries_the_code_of_its_link():
    payment = Payment(portal_url=URL)
    assert payment.portal_qr == qr.qr_png(URL)
    assert Payment().portal_qr == b""


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg is not installed")
def test_a_reader_decodes_the_link(tmp_path):
    path = tmp_path / "qr.png"
    path.write_bytes(qr.qr_png(URL))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == URL
