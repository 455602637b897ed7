"""Tiny HTTP clients of the public registries, one module per service.

Each client sends one documented GET with ``requests`` and a short timeout,
and hands the body to the pure parser of ``tools/registries/``. Whatever goes
wrong on the network (timeout, connection refused, HTTP error, a body that
is not the documented format) raises :class:`RegistryUnavailable`: the
callers go on without the check and say what could not be checked.
"""

from ._http import RegistryUnavailable
from . import address, bodacc, ecb, sirene
