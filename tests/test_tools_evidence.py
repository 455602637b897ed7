"""The fingerprint of a sent letter (tools/evidence.py)."""

from odoo.addons.l10n_fr_debt_recovery.tools.evidence import sha256_hex


def test_sha256_is_what_sha256sum_prints():
    # printf 'abc' | sha256sum
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_one_byte_changed_changes_the_fingerprint():
    letter = b"%PDF-1.4 Mise en demeure : 12 223,75 EUR"
    assert sha256_hex(letter) != sha256_hex(letter.replace(b"12 223", b"12 233"))
    assert len(sha256_hex(letter)) == 64


def test_no_content_no_fingerprint():
    assert sha256_hex(b"") is None
    assert sha256_hex(None) is None
