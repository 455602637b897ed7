"""What the recovery user takes on a visit to a customer: where to go."""

from urllib.parse import urlencode

OSM_SEARCH = "https://www.openstreetmap.org/search"


def map_url(*parts):
    """An OpenStreetMap search link for an address given as its parts
    (street, zip, city, country...); empty parts are left out. None when
    nothing is left to search."""
    query = ", ".join(" ".join(str(p).split()) for p in parts if p and str(p).strip())
    if not query:
        return None
    return f"{OSM_SEARCH}?{urlencode({'query': query})}"
