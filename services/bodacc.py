"""BODACC client (Opendatasoft Explore API v2.1, dataset annonces-commerciales)."""

from ..tools.registries import bodacc as parser
from ._http import RegistryUnavailable, full_url, get_json

DEFAULT_URL = (
    "https://bodacc-datadila.opendatasoft.com/api/explore/v2.1/catalog/datasets/"
    "annonces-commerciales/records"
)


def fetch_judgments(url, siren, timeout):
    """``(judgments of tools.registries.bodacc.parse_judgments, source)``."""
    params = {
        "where": f'registre like "{siren}" and familleavis="collective"',
        "order_by": "dateparution desc",
        "limit": 20,
    }
    payload = get_json(url, params, timeout, key=siren)
    try:
        return parser.parse_judgments(payload, siren), full_url(url, params)
    except ValueError as exc:
        raise RegistryUnavailable("bad_answer", str(exc)) from exc
