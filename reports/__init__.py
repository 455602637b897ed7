from . import debt_recovery_aging_report
from . import debt_recovery_recovered_report
from . import debt_recovery_dashboard
