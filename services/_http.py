"""The one GET every client sends, and the demo's recorded answers."""

import json
import logging
from pathlib import Path
from urllib.parse import urlencode

import requests

_logger = logging.getLogger(__name__)

USER_AGENT = "Odoo l10n_fr_debt_recovery (public registries check)"


class RegistryUnavailable(Exception):
    """The service could not be reached or did not answer as documented;
    ``str()`` says why (for the note on the customer)."""


# The demo's registries: an endpoint "recorded:<service>" answers from
# demo/registry_answers/<service>.json (``{query: answer}``) instead of the
# network, so that the demo's checks show something offline. Only the demo
# data sets such an endpoint, and only the demo's customers are recorded:
# any other query is "not recorded", never a made-up answer.
RECORDED = "recorded:"
RECORDED_DIR = Path(__file__).resolve().parent.parent / "demo" / "registry_answers"


def full_url(url, params):
    """The URL with its query string, as sent (recorded as the source)."""
    if url.startswith(RECORDED):
        return f"{url}?{urlencode(params)}"
    return requests.Request("GET", url, params=params).prepare().url


def recorded_json(url, key):
    """The recorded answer of ``key`` (a SIREN, an address) at a
    ``recorded:<service>`` endpoint."""
    name = url[len(RECORDED) :]
    path = RECORDED_DIR / f"{name}.json"
    if not name.isidentifier() or not path.is_file():
        raise RegistryUnavailable(f"no recorded answers for {url}")
    answers = json.loads(path.read_text(encoding="utf-8"))
    if key not in answers:
        raise RegistryUnavailable(f"no recorded answer for {key}")
    return answers[key]


def http_get(url, params=None, timeout=10, headers=None):
    """The addon's one call to the network. The tests replace this function,
    not ``requests.get``, which Odoo's own browser tests also use."""
    return requests.get(url, params=params, timeout=timeout, headers=headers)


def get(url, params, timeout, accept="application/json"):
    """GET ``url`` with ``params``; the :class:`requests.Response` when the
    status is 200, else :class:`RegistryUnavailable`."""
    try:
        response = http_get(
            url,
            params=params,
            timeout=timeout,
            headers={"Accept": accept, "User-Agent": USER_AGENT},
        )
    except requests.Timeout as exc:
        raise RegistryUnavailable(f"no answer within {timeout} s") from exc
    except requests.RequestException as exc:
        raise RegistryUnavailable(f"not reachable ({exc.__class__.__name__})") from exc
    if response.status_code != 200:
        _logger.info("%s answered HTTP %s", url, response.status_code)
        raise RegistryUnavailable(f"HTTP error {response.status_code}")
    return response


def get_json(url, params, timeout, key=None):
    """The JSON answer of ``url`` to ``params``; at a recorded endpoint,
    the answer recorded for ``key``."""
    if url.startswith(RECORDED):
        return recorded_json(url, key)
    response = get(url, params, timeout)
    try:
        return response.json()
    except ValueError as exc:
        raise RegistryUnavailable("the answer is not JSON") from exc
