"""The company directory (API Recherche d'entreprises, DINUM, SIRENE data).

Endpoint (documented at https://recherche-entreprises.api.gouv.fr/docs/)::

    GET https://recherche-entreprises.api.gouv.fr/search?q=<SIREN>&page=1&per_page=1

Answer: ``{"results": [company, ...], "total_results": n, "page": 1,
"per_page": 1, "total_pages": n}``; a company has ``siren``,
``nom_complet``, ``etat_administratif`` (``"A"`` active, ``"C"`` ceased),
``date_fermeture`` and ``siege`` (the head office: ``siret``, ``adresse``,
``code_postal``, ``libelle_commune``, ``etat_administratif``,
``date_fermeture``).
"""

import datetime

ACTIVE = "active"
CEASED = "ceased"
NOT_FOUND = "not_found"


def _date(value):
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except (TypeError, ValueError):
        return None


def parse_company(payload, siren):
    """What the directory says of ``siren``: a dict with ``state``
    (:data:`ACTIVE`, :data:`CEASED` or :data:`NOT_FOUND`), ``name``,
    ``closed_on`` (date or ``None``), ``head_office`` (address on one line),
    ``head_office_siret``, ``zip``, ``city``.

    Only a result whose ``siren`` is exactly ``siren`` counts (the search is
    full text: another company may come first).
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise ValueError("no 'results' list in the company directory answer")
    for company in payload["results"]:
        if not isinstance(company, dict) or company.get("siren") != siren:
            continue
        siege = company.get("siege") or {}
        ceased = company.get("etat_administratif") == "C"
        return {
            "state": CEASED if ceased else ACTIVE,
            "name": company.get("nom_complet")
            or company.get("nom_raison_sociale")
            or "",
            "closed_on": _date(company.get("date_fermeture")) if ceased else None,
            "head_office": (siege.get("adresse") or "").strip(),
            "head_office_siret": siege.get("siret") or "",
            "zip": siege.get("code_postal") or "",
            "city": siege.get("libelle_commune") or "",
        }
    return {
        "state": NOT_FOUND,
        "name": "",
        "closed_on": None,
        "head_office": "",
        "head_office_siret": "",
        "zip": "",
        "city": "",
    }
