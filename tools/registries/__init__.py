"""Pure parsing of the public registries' answers (no network, no Odoo).

One module per service; each turns the body of one documented response into
plain Python values. The HTTP calls live in ``services/`` (``requests`` with
a timeout), the decisions that write records in
``models/debt_recovery_registry_check.py`` and ``models/debt_recovery_rate.py``.

- :mod:`.ecb`: ECB Data Portal, series of the main refinancing operations
  rate (CSV, ``format=csvdata``);
- :mod:`.sirene`: the company directory (API Recherche d'entreprises, SIRENE
  data): administrative status and head office;
- :mod:`.bodacc`: BODACC announcements (Opendatasoft Explore API v2.1):
  collective-procedure judgments;
- :mod:`.address`: the Base Adresse Nationale geocoder (GeoCodeJSON).
"""

from . import address, bodacc, ecb, sirene
