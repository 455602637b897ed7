"""Postal providers: registered letters (by post or electronic) and
ordinary letters sent through an online provider. ``base`` is the
interface; each provider is one module that registers itself. A new
provider (e.g. Merci Facteur) is one more module imported below."""

from .base import (
    PROVIDERS,
    SERVICES,
    Address,
    Letter,
    PostalError,
    Status,
    get_provider,
)
from . import ar24, maileva
