"""QR codes of the recovery page's link, printed on paper letters.

The matrix comes from reportlab's QR encoder (reportlab is a dependency of
Odoo itself: no new package), the PNG is written here with ``zlib``: a
black-and-white image, one bit a pixel, a few hundred bytes, the same bytes
for the same text (the letters' documents stay reproducible).

Nothing here imports ``odoo``.
"""

import functools
import struct
import zlib

from reportlab.graphics.barcode import qrencoder

#: Blank modules around the code, as the QR code standard asks (ISO/IEC
#: 18004: four modules): a scanner finds the code's edges on any paper.
QUIET_ZONE = 4
#: Pixels a module: sharp once the image is printed 2.8 cm wide.
MODULE_PIXELS = 8


def qr_matrix(text, level="M"):
    """The QR code of ``text`` (UTF-8) as rows of booleans (``True``: a dark
    module), without the quiet zone, in the smallest version that holds it.
    ``level``: the error correction (``L``, ``M``, ``Q``, ``H``); ``M``
    survives a crease or a stain on about 15 % of the code."""
    if not text:
        raise ValueError("a QR code needs a text")
    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(text)
    code.make()
    size = code.getModuleCount()
    return [[bool(code.isDark(row, col)) for col in range(size)] for row in range(size)]


def _png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def matrix_png(matrix, module_pixels=MODULE_PIXELS, quiet_zone=QUIET_ZONE):
    """A one-bit grey PNG of ``matrix`` (dark modules black on white) with
    ``quiet_zone`` blank modules around it."""
    modules = len(matrix) + 2 * quiet_zone
    side = modules * module_pixels
    blank = [False] * modules
    rows = []
    for line in (
        [blank] * quiet_zone
        + [[False] * quiet_zone + list(row) + [False] * quiet_zone for row in matrix]
        + [blank] * quiet_zone
    ):
        bits = "".join(("0" if dark else "1") * module_pixels for dark in line)
        bits += "0" * (-len(bits) % 8)
        packed = int(bits, 2).to_bytes(len(bits) // 8, "big")
        rows.extend([b"\x00" + packed] * module_pixels)  # filter type 0
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


@functools.lru_cache(maxsize=512)
def qr_png(text):
    """The PNG of the QR code of ``text``; ``b""`` without a text (no link,
    no code). Cached: a run's letters to one customer print one link."""
    if not text:
        return b""
    return matrix_png(qr_matrix(text))


def png_matrix(png, module_pixels=MODULE_PIXELS, quiet_zone=QUIET_ZONE):
    """The matrix back from a PNG made by :func:`matrix_png` (the tests read
    what was printed with it)."""
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("not a PNG")
    position, data, width = 8, b"", 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        chunk = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth = struct.unpack(">IIB", chunk[:9])
            if width != height or depth != 1:
                raise ValueError("not a QR code PNG of this module")
        elif kind == b"IDAT":
            data += chunk
        position += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + (width + 7) // 8
    modules = width // module_pixels
    matrix = []
    for row in range(quiet_zone, modules - quiet_zone):
        line = raw[
            row * module_pixels * stride + 1 : (row * module_pixels + 1) * stride
        ]
        bits = "".join(f"{byte:08b}" for byte in line)
        matrix.append(
            [
                bits[col * module_pixels] == "0"
                for col in range(quiet_zone, modules - quiet_zone)
            ]
        )
    return matrix
