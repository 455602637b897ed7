"""The code that talks to the outside world, one module per service.

- The public registries (``address``, ``bodacc``, ``ecb``, ``sirene``): tiny
  HTTP clients, each sending one documented GET with ``requests`` and a short
  timeout and handing the body to the pure parser of ``tools/registries/``.
  Whatever goes wrong on the network (timeout, connection refused, HTTP
  error, a body that is not the documented format) raises
  :class:`RegistryUnavailable`: the callers go on without the check and say
  what could not be checked.
- The letters: ``py3o_render`` renders the ODT templates, ``libreoffice``
  converts them to PDF (one process per batch of documents), ``pdf_text``
  reads the PDF pages back to cut a batch into its letters.
- The postal providers (``postal/``): registered and ordinary letters sent
  through Maileva or AR24, all requests through ``_http.http_request``.
"""

from ._http import RegistryUnavailable
from . import address, bodacc, ecb, libreoffice, pdf_text, postal, py3o_render, sirene
