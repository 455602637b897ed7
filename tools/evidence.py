"""Evidence of what was sent: the fingerprint of a letter.

The SHA-256 of a letter's PDF is kept on the step, notice or litigation file
that sent it. A copy produced later (in court, by the customer) is the very
document sent when its SHA-256 is the same: ``sha256sum copy.pdf`` prints it.
"""

import hashlib


def sha256_hex(content):
    """SHA-256 of ``content`` (bytes) as 64 lowercase hexadecimal digits, as
    ``sha256sum`` prints it; ``None`` for no content."""
    if not content:
        return None
    return hashlib.sha256(content).hexdigest()
