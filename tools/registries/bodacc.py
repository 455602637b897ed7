"""BODACC announcements (DILA, Opendatasoft Explore API v2.1).

Endpoint (documented at https://bodacc-datadila.opendatasoft.com/api/explore/v2.1/console
and https://help.opendatasoft.com/apis/ods-explore-v2/)::

    GET https://bodacc-datadila.opendatasoft.com/api/explore/v2.1/catalog/datasets/annonces-commerciales/records
        ?where=registre like "<SIREN>" and familleavis="collective"
        &order_by=dateparution desc&limit=20

Answer: ``{"total_count": n, "results": [announcement, ...]}``; an
announcement has ``id``, ``dateparution`` (publication date),
``numeroannonce``, ``tribunal``, ``familleavis`` (``"collective"`` for the
collective procedures), ``registre`` (the SIREN, with and without spaces) and
``jugement``: a JSON document *in a string*, with ``famille`` (``"Jugement
d'ouverture"``, ``"Jugement prononçant"``, ``"Jugement de clôture"``, ...),
``nature`` (``"Jugement d'ouverture d'une procédure de redressement
judiciaire"``) and ``date`` (the judgment's date).

The opening judgment of a safeguard, a receivership or a liquidation (Code
de commerce L620-1, L631-1, L640-1), or of a professional recovery (L645-1),
stops the creditors' individual actions (L622-21) and starts the 2-month
time limit to declare the claim, counted from its BODACC publication
(L622-24, R622-24).
"""

import datetime
import json
import unicodedata

SAFEGUARD = "safeguard"
RECEIVERSHIP = "receivership"
LIQUIDATION = "liquidation"
PROFESSIONAL_RECOVERY = "professional_recovery"

# Words of the judgment's nature -> procedure type, most specific first.
NATURE_TYPES = (
    ("retablissement professionnel", PROFESSIONAL_RECOVERY),
    ("liquidation judiciaire", LIQUIDATION),
    ("redressement judiciaire", RECEIVERSHIP),
    ("sauvegarde", SAFEGUARD),
)


def _plain(text):
    """Lower case without accents: ``"Clôture"`` -> ``"cloture"``."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def _date(value):
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _judgment(record):
    raw = record.get("jugement")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


def registered_sirens(record):
    """The SIRENs an announcement is about (its ``registre``: a list or a
    string, each number with or without spaces)."""
    registre = record.get("registre")
    if isinstance(registre, str):
        registre = registre.split(",")
    if not isinstance(registre, list):
        return set()
    return {
        digits
        for value in registre
        if len(digits := "".join(ch for ch in str(value) if ch.isdigit())) == 9
    }


def parse_judgments(payload, siren=None):
    """Collective-procedure judgments of a records answer, newest
    publication first: dicts with ``kind`` (``"opening"``, ``"closing"`` or
    ``"other"``), ``procedure_type`` (or ``None``), ``nature``,
    ``judgment_date``, ``publication_date``, ``court``, ``number``, ``id``.

    An opening is a judgment "d'ouverture", or a judgment "prononçant" a
    liquidation (the conversion of a safeguard or receivership).

    ``siren``: the company asked about; an announcement whose ``registre``
    does not name it is left out (the search is a text search, and what is
    recorded from it is shared by every company of the database).
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise ValueError("no 'results' list in the BODACC answer")
    judgments = []
    for record in payload["results"]:
        if not isinstance(record, dict) or record.get("familleavis") != "collective":
            continue
        if siren is not None and siren not in registered_sirens(record):
            continue
        judgment = _judgment(record)
        family = _plain(judgment.get("famille"))
        nature = judgment.get("nature") or ""
        procedure_type = next(
            (kind for words, kind in NATURE_TYPES if words in _plain(nature)), None
        )
        if "cloture" in family:
            kind = "closing"
        elif procedure_type and (
            "ouverture" in family
            or ("prononcant" in family and procedure_type == LIQUIDATION)
        ):
            kind = "opening"
        else:
            kind = "other"
        judgments.append(
            {
                "kind": kind,
                "procedure_type": procedure_type,
                "nature": nature,
                "judgment_date": _date(judgment.get("date")),
                "publication_date": _date(record.get("dateparution")),
                "court": record.get("tribunal") or "",
                "department": str(record.get("numerodepartement") or ""),
                "number": str(record.get("numeroannonce") or ""),
                "id": record.get("id") or "",
            }
        )
    judgments.sort(
        key=lambda j: j["publication_date"] or datetime.date.min, reverse=True
    )
    return judgments


def current_opening(judgments):
    """The newest opening judgment not followed by a closing one, or
    ``None``."""
    for judgment in judgments:
        if judgment["kind"] == "closing":
            return None
        if judgment["kind"] == "opening":
            return judgment
    return None


OVERSEAS_PREFIXES = ("97", "98")


def _department(zip_code):
    """``"97200"`` -> ``"972"``, ``"69007"`` -> ``"69"``, Corsica ``"2A"``
    stays as given by the BODACC."""
    zip_code = (zip_code or "").strip()
    return zip_code[:3] if zip_code.startswith(OVERSEAS_PREFIXES) else zip_code[:2]


def extended_delay(court_department, creditor_zip, creditor_in_france=True):
    """Whether the creditor gets two more months (Code de commerce R622-24,
    paragraphs 2 and 3): the court sits in metropolitan France and the
    creditor does not live there; or the court sits overseas and the
    creditor does not live in that département or collectivité."""
    court_department = (court_department or "").strip()
    creditor_department = _department(creditor_zip) if creditor_in_france else ""
    creditor_overseas = creditor_department.startswith(OVERSEAS_PREFIXES)
    if not court_department.startswith(OVERSEAS_PREFIXES):
        return not creditor_in_france or creditor_overseas
    return creditor_department != court_department


def declaration_deadline(publication_date, extended=False):
    """Last day to declare a claim: 2 months from the BODACC publication of
    the opening judgment (Code de commerce R622-24), 4 when the delay is
    ``extended`` (:func:`extended_delay`).

    Worked example: published on 17 September 2026 -> 17 November 2026
    (+2 months); extended, +4 months: 17 January 2027; published on
    31 December 2026 -> 28 February 2027 (no 31 February).
    """
    months = 4 if extended else 2
    month_index = publication_date.month - 1 + months
    year = publication_date.year + month_index // 12
    month = month_index % 12 + 1
    # Same day of the month, or the month's last day (31 -> 30 November).
    for day in (publication_date.day, 30, 29, 28):
        try:
            return publication_date.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(publication_date)
