"""The one GET every client sends, and the demo's recorded answers.

What a registry answers is recorded on the customers (a procedure shared by
every company) and in the reference rates, so the answers are taken only
from where they were asked: ``https`` addresses only, no redirect to another
host (a redirect is followed on the same host, ``https``, a few times at
most), and no answer larger than ``MAX_ANSWER_BYTES`` (a registry answer is
a few kilobytes; a larger one is not what was asked and is never read
whole)."""

import json
import logging
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import requests

_logger = logging.getLogger(__name__)

USER_AGENT = "Odoo l10n_fr_debt_recovery (public registries check)"
#: The largest answer read (bytes): the ECB series, the largest, is ~5 kB.
MAX_ANSWER_BYTES = 2 * 1024 * 1024
#: Redirects followed on the same host.
MAX_REDIRECTS = 3
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


# The demo's registries: an endpoint "recorded:<service>" answers from
# demo/registry_answers/<service>.json (``{query: answer}``) instead of the
# network, so that the demo's checks show something offline. Only the demo
# data sets such an endpoint, and only the demo's customers are recorded:
# any other query is "not recorded", never a made-up answer.
RECORDED = "recorded:"
RECORDED_DIR = Path(__file__).resolve().parent.parent / "demo" / "registry_answers"


class RegistryUnavailable(Exception):
    """The service could not be reached or did not answer as documented;
    ``str()`` says why (for the note on the customer)."""


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


def check_url(url):
    """Refuse an address that is not ``https`` (:class:`RegistryUnavailable`)."""
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.hostname:
        raise RegistryUnavailable(f"only https addresses are accepted ({url})")
    return parts


def http_get(url, params=None, timeout=10, headers=None):
    """The addon's one call to the network. The tests replace this function,
    not ``requests.get``, which Odoo's own browser tests also use.

    No redirect is followed here (``get`` decides), and the body is read up
    to one byte over ``MAX_ANSWER_BYTES``: a larger answer is refused by
    ``get`` without being read whole."""
    response = requests.get(
        url,
        params=params,
        timeout=timeout,
        headers=headers,
        allow_redirects=False,
        stream=True,
    )
    try:
        response._content = response.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
    finally:
        response.close()
    return response


def _size(response):
    content = getattr(response, "content", None)
    if isinstance(content, bytes):
        return len(content)
    return len((response.text or "").encode())


def get(url, params, timeout, accept="application/json"):
    """GET ``url`` with ``params``; the :class:`requests.Response` when the
    status is 200, else :class:`RegistryUnavailable`."""
    host = check_url(url).hostname
    for _hop in range(MAX_REDIRECTS + 1):
        check_url(url)
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
            raise RegistryUnavailable(
                f"not reachable ({exc.__class__.__name__})"
            ) from exc
        if response.status_code not in REDIRECT_STATUSES:
            break
        location = urljoin(url, (response.headers or {}).get("Location") or "")
        target = urlsplit(location)
        if target.scheme != "https" or target.hostname != host:
            _logger.info("%s redirected to %s: refused", url, location)
            raise RegistryUnavailable(
                f"redirected to another address ({target.scheme}://{target.hostname})"
            )
        url, params = location, None
    else:
        raise RegistryUnavailable("too many redirects")
    if response.status_code != 200:
        _logger.info("%s answered HTTP %s", url, response.status_code)
        raise RegistryUnavailable(f"HTTP error {response.status_code}")
    if _size(response) > MAX_ANSWER_BYTES:
        raise RegistryUnavailable(
            f"the answer is larger than {MAX_ANSWER_BYTES // 1024} kB"
        )
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
