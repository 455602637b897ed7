"""Company directory client (API Recherche d'entreprises)."""

from ..tools.registries import sirene as parser
from ._http import RegistryUnavailable, full_url, get_json

DEFAULT_URL = "https://recherche-entreprises.api.gouv.fr/search"


def fetch_company(url, siren, timeout):
    """``(company dict of tools.registries.sirene.parse_company, source)``."""
    params = {"q": siren, "page": 1, "per_page": 1}
    payload = get_json(url, params, timeout, key=siren)
    try:
        return parser.parse_company(payload, siren), full_url(url, params)
    except ValueError as exc:
        raise RegistryUnavailable("bad_answer", str(exc)) from exc
