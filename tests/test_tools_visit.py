"""The map link of a visit (tools/visit.py)."""

from odoo.addons.l10n_fr_debt_recovery.tools.visit import map_url


def test_address_parts_joined_and_encoded():
    url = map_url("5 avenue Jean Jaurès", None, "69007", "Lyon", "", "France")
    assert url == (
        "https://www.openstreetmap.org/search?query="
        "5+avenue+Jean+Jaur%C3%A8s%2C+69007%2C+Lyon%2C+France"
    )


def test_spaces_and_line_breaks_collapsed():
    assert map_url("  12 rue\nde la Paix ", "Paris").endswith(
        "query=12+rue+de+la+Paix%2C+Paris"
    )


def test_nothing_to_search():
    assert map_url(None, "", "  ") is None
