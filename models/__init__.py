from . import debt_recovery_level
from . import res_company
from . import res_config_settings
