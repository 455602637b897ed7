from . import debt_recovery_level
from . import debt_recovery_rate
from . import res_company
from . import res_config_settings
from . import debt_recovery_action
from . import debt_recovery_daily_job
from . import account_move
from . import res_partner
