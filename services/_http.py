"""The one GET every client sends."""

import logging

import requests

_logger = logging.getLogger(__name__)

USER_AGENT = "Odoo l10n_fr_debt_recovery (public registries check)"


class RegistryUnavailable(Exception):
    """The service could not be reached or did not answer as documented.

    ``reason`` is one of ``timeout``, ``unreachable``, ``http``, ``not_json``
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
        raise RegistryUnavailable(
            "timeout", f"no answer within {timeout} s", timeout=timeout
        ) from exc
    except requests.RequestException as exc:
        raise RegistryUnavailable(
            "unreachable",
            f"not reachable ({exc.__class__.__name__})",
            error=exc.__class__.__name__,
        ) from exc
    if response.status_code != 200:
        _logger.info("%s answered HTTP %s", url, response.status_code)
        raise RegistryUnavailable(
            "http",
            f"HTTP error {response.status_code}",
            status=response.status_code,
        )
    return response


def get_json(url, params, timeout):
    response = get(url, params, timeout)
    try:
        return response.json()
    except ValueError as exc:
        raise RegistryUnavailable("not_json", "the answer is not JSON") from exc
