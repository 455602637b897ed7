"""Base Adresse Nationale client (Géoplateforme geocoder)."""

from ..tools.registries import address as parser
from ._http import RegistryUnavailable, full_url, get_json

DEFAULT_URL = "https://data.geopf.fr/geocodage/search"


def fetch_best_match(url, query, timeout):
    """``(best match of tools.registries.address.parse_best_match or None,
    source)``."""
    params = {"q": query, "limit": 1}
    payload = get_json(url, params, timeout, key=query)
    try:
        return parser.parse_best_match(payload), full_url(url, params)
    except ValueError as exc:
        raise RegistryUnavailable("bad_answer", str(exc)) from exc
