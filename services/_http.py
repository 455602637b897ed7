"""The addon's calls to the network: the one GET every registry client
sends (``http_get``) and the one request of the postal providers
(``http_request``: any method, https only, a timeout, a size cap)."""

import ipaddress
import json as jsonlib
import logging
from urllib.parse import urlsplit

import requests

_logger = logging.getLogger(__name__)

USER_AGENT = "Odoo l10n_fr_debt_recovery (public registries check)"


class RegistryUnavailable(Exception):
    """The service could not be reached or did not answer as documented;
    ``str()`` says why (for the note on the customer)."""


def full_url(url, params):
    """The URL with its query string, as sent (recorded as the source)."""
    return requests.Request("GET", url, params=params).prepare().url


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


def get_json(url, params, timeout):
    response = get(url, params, timeout)
    try:
        return response.json()
    except ValueError as exc:
        raise RegistryUnavailable("the answer is not JSON") from exc


# ---------------------------------------------------------------- postal
#: Largest answer read from a postal provider: a proof PDF is a few hundred
#: kilobytes; anything past this is refused, not read into memory.
MAX_ANSWER_BYTES = 20 * 1024 * 1024
#: Test-only allowance: the tests' fake provider listens on plain HTTP on the
#: loopback interface. Never set outside tests (tests/test_postal_http.py
#: patches it); with it unset, only https URLs are called.
ALLOW_LOOPBACK_HTTP = False


class PostalHttpError(Exception):
    """A postal provider could not be reached, answered too much, or the URL
    is not allowed; ``str()`` says why."""


class HttpAnswer:
    """What a postal provider answered: the status, the headers and the body
    (already read, within the size cap)."""

    def __init__(self, status_code, content, headers=None):
        self.status_code = status_code
        self.content = content
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}

    @property
    def text(self):
        return self.content.decode("utf-8", "replace")

    def json(self):
        return jsonlib.loads(self.content or b"null")


def _is_loopback(host):
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _check_url(url):
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and ALLOW_LOOPBACK_HTTP and _is_loopback(parts.hostname):
        return
    raise PostalHttpError(f"only https addresses are called (not {url})")


def http_request(
    method,
    url,
    *,
    params=None,
    data=None,
    json=None,
    files=None,
    headers=None,
    timeout=30,
    max_bytes=MAX_ANSWER_BYTES,
):
    """The addon's one request to a postal provider: https only, ``timeout``
    seconds (connect and read), the body read up to ``max_bytes``. Returns
    an :class:`HttpAnswer` whatever the status; network failures raise
    :class:`PostalHttpError`. The tests replace this function."""
    _check_url(url)
    all_headers = {"User-Agent": "Odoo l10n_fr_debt_recovery (postal provider)"}
    all_headers.update(headers or {})
    try:
        response = requests.request(
            method,
            url,
            params=params,
            data=data,
            json=json,
            files=files,
            headers=all_headers,
            timeout=timeout,
            stream=True,
            allow_redirects=False,
        )
    except requests.Timeout as exc:
        raise PostalHttpError(f"no answer within {timeout} s") from exc
    except requests.RequestException as exc:
        raise PostalHttpError(f"not reachable ({exc.__class__.__name__})") from exc
    try:
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > max_bytes:
            raise PostalHttpError(f"answer too large ({declared} bytes)")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise PostalHttpError(f"answer larger than {max_bytes} bytes")
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise PostalHttpError(f"answer cut ({exc.__class__.__name__})") from exc
    finally:
        response.close()
    return HttpAnswer(response.status_code, b"".join(chunks), response.headers)
