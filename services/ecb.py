"""ECB Data Portal client: the main refinancing operations rate series."""

from ..tools.registries import ecb as parser
from ._http import RegistryUnavailable, full_url, get

DEFAULT_URL = "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
PARAMS = {"format": "csvdata", "detail": "dataonly"}


def fetch_series(url, timeout):
    """``(observations, source URL)``: the whole series (a few dozen rows,
    one per change of the rate since 1999)."""
    response = get(url, PARAMS, timeout, accept="text/csv")
    try:
        observations = parser.parse_csv(response.text)
    except ValueError as exc:
        raise RegistryUnavailable("bad_answer", str(exc)) from exc
    return observations, full_url(url, PARAMS)
