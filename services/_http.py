"""The addon's calls to the network: the one GET every registry client
sends (``get``/``http_get``), the demo's recorded answers, and the one
request of the postal providers (``http_request``).

What a registry answers is recorded on the customers (a procedure shared by
every company) and in the reference rates, so the answers are taken only
from where they were asked: ``https`` addresses only, no redirect to another
host (a redirect is followed on the same host, ``https``, a few times at
most), and no answer larger than ``MAX_ANSWER_BYTES`` (a registry answer is
a few kilobytes; a larger one is not what was asked and is never read
whole)."""

import ipaddress
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
    """The service could not be reached or did not answer as documented.

    ``reason`` is one of ``timeout``, ``unreachable``, ``http``,
    ``refused`` (not https, a redirect to another host, too large an
    answer), ``not_recorded`` (the demo's recorded answers), ``not_json``
    and ``bad_answer``, with its figures in ``params`` (``timeout``,
    ``error``, ``status``): the models word it in the user's language
    (``debt.recovery.registry.check._recovery_unavailable_text``); ``str()``
    is the English detail for the server log only."""

    def __init__(self, reason, detail="", **params):
        super().__init__(detail or reason)
        self.reason = reason
        self.params = params


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
        raise RegistryUnavailable("not_recorded", f"no recorded answers for {url}")
    answers = json.loads(path.read_text(encoding="utf-8"))
    if key not in answers:
        raise RegistryUnavailable("not_recorded", f"no recorded answer for {key}")
    return answers[key]


def check_url(url):
    """Refuse an address that is not ``https`` (:class:`RegistryUnavailable`)."""
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.hostname:
        raise RegistryUnavailable(
            "refused", f"only https addresses are accepted ({url})"
        )
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
            raise RegistryUnavailable(
                "timeout", f"no answer within {timeout} s", timeout=timeout
            ) from exc
        except requests.RequestException as exc:
            raise RegistryUnavailable(
                "unreachable",
                f"not reachable ({exc.__class__.__name__})",
                error=exc.__class__.__name__,
            ) from exc
        if response.status_code not in REDIRECT_STATUSES:
            break
        location = urljoin(url, (response.headers or {}).get("Location") or "")
        target = urlsplit(location)
        if target.scheme != "https" or target.hostname != host:
            _logger.info("%s redirected to %s: refused", url, location)
            raise RegistryUnavailable(
                "refused",
                f"redirected to another address ({target.scheme}://{target.hostname})",
            )
        url, params = location, None
    else:
        raise RegistryUnavailable("refused", "too many redirects")
    if response.status_code != 200:
        _logger.info("%s answered HTTP %s", url, response.status_code)
        raise RegistryUnavailable(
            "http", f"HTTP error {response.status_code}", status=response.status_code
        )
    if _size(response) > MAX_ANSWER_BYTES:
        raise RegistryUnavailable(
            "refused", f"the answer is larger than {MAX_ANSWER_BYTES // 1024} kB"
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
        raise RegistryUnavailable("not_json", "the answer is not JSON") from exc


# ---------------------------------------------------------------- postal
#: Largest answer read from a postal provider: a proof PDF is a few hundred
#: kilobytes; anything past this is refused, not read into memory.
POSTAL_MAX_ANSWER_BYTES = 20 * 1024 * 1024
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
        return json.loads(self.content or b"null")


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
    max_bytes=POSTAL_MAX_ANSWER_BYTES,
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
