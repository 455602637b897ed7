"""Base Adresse Nationale, through the geocoder of the IGN Géoplateforme.

The historical endpoint ``https://api-adresse.data.gouv.fr/search/`` was
decommissioned at the end of January 2026; the same search, with the same
parameters and the same answer (GeoCodeJSON), is served by the Géoplateforme
(documented at
https://geoservices.ign.fr/documentation/services/services-geoplateforme/geocodage
and https://adresse.data.gouv.fr/api-doc/adresse)::

    GET https://data.geopf.fr/geocodage/search?q=<street zip city>&limit=1

Answer: ``{"type": "FeatureCollection", "features": [feature, ...]}``; a
feature's ``properties`` has ``label`` (the normalised address on one line),
``score`` (0 to 1: how well the query matches), ``type``
(``"housenumber"``, ``"street"``, ``"locality"``, ``"municipality"``),
``name`` (number and street), ``postcode``, ``city``.

Threshold: a match is *good* when its score is at least the setting (default
:data:`DEFAULT_MIN_SCORE`, 0.6) and it found more than the town (type not
``"municipality"``). Reasoning: a complete address typed correctly scores
above 0.8; a wrong house number or street falls back to the street or the
town and scores about 0.3 to 0.5 (the documentation's own example, the
partial query "8 bd du port", scores 0.49); under 0.6 a letter carrier
would need to guess.
"""

DEFAULT_MIN_SCORE = 0.6


def query_text(street, street2, zip_code, city):
    """The one-line query sent: ``"5 avenue Jean Jaurès 69007 Lyon"``."""
    parts = [street, street2, zip_code, city]
    return " ".join(" ".join((p or "").split()) for p in parts if p and p.strip())


def parse_best_match(payload):
    """The first feature of a GeoCodeJSON answer as a dict (``label``,
    ``score``, ``type``, ``name``, ``postcode``, ``city``), or ``None`` when
    nothing matched."""
    if not isinstance(payload, dict) or not isinstance(payload.get("features"), list):
        raise ValueError("no 'features' list in the address answer")
    for feature in payload["features"]:
        props = (feature or {}).get("properties") or {}
        if "score" not in props:
            continue
        return {
            "label": props.get("label") or "",
            "score": float(props["score"]),
            "type": props.get("type") or "",
            "name": props.get("name") or "",
            "postcode": props.get("postcode") or "",
            "city": props.get("city") or "",
        }
    return None


def is_good_match(match, min_score=DEFAULT_MIN_SCORE):
    """Worked example: score 0.93 of type "housenumber" with a threshold of
    0.6 -> good; score 0.42, or a "municipality" match at 0.95 -> poor."""
    return (
        bool(match) and match["score"] >= min_score and match["type"] != "municipality"
    )
