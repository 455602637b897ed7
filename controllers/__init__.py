from . import postal
