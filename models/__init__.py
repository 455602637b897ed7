from . import debt_recovery_level
from . import res_company
from . import res_config_settings
from . import debt_recovery_action
from . import account_move
from . import res_partner
