"""The recovery SMS's text and hours (tools/sms.py)."""

from datetime import datetime

from odoo.addons.l10n_fr_debt_recovery.tools.sms import (
    DEFAULT_HOURS,
    MAX_LENGTH,
    next_allowed,
    parse_hours,
    sms_text,
)


def test_text_with_amount_and_link():
    text = sms_text("Durand SARL", "1 200,00 €", "https://ex.fr/p/abc")
    assert text == (
        "Durand SARL : 1 200,00 € reste impayé. Merci de régulariser : "
        "https://ex.fr/p/abc"
    )


def test_text_without_link():
    assert sms_text("Durand SARL", "90,00 €").endswith("Merci de régulariser.")


def test_long_company_name_shortened_to_one_sms():
    link = "https://compta.example.fr/my/recovery/" + "x" * 40
    text = sms_text("Établissements " + "Très Long Nom " * 10, "1 200,00 €", link)
    assert len(text) <= MAX_LENGTH
    assert "…" in text and text.endswith(link)


def test_hours_parsed_with_a_safe_default():
    assert parse_hours("9-19") == (9, 19)
    assert parse_hours("20-8") == DEFAULT_HOURS
    assert parse_hours("soir") == DEFAULT_HOURS
    assert parse_hours(None) == DEFAULT_HOURS


def test_within_hours_sent_at_once():
    tuesday = datetime(2026, 3, 3, 10, 30)
    assert next_allowed(tuesday) == tuesday


def test_night_waits_for_the_morning():
    assert next_allowed(datetime(2026, 3, 3, 21, 0)) == datetime(2026, 3, 4, 8, 0)
    assert next_allowed(datetime(2026, 3, 4, 6, 0)) == datetime(2026, 3, 4, 8, 0)


def test_saturday_evening_and_sunday_wait_for_monday():
    assert next_allowed(datetime(2026, 3, 7, 20, 0)) == datetime(2026, 3, 9, 8, 0)
    assert next_allowed(datetime(2026, 3, 8, 12, 0)) == datetime(2026, 3, 9, 8, 0)
    assert next_allowed(datetime(2026, 3, 7, 19, 59)) == datetime(2026, 3, 7, 19, 59)
