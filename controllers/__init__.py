from . import portal
from . import postal
