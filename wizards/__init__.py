from . import debt_recovery_sale_override
from . import debt_recovery_suspension_override
from . import debt_recovery_plan_wizard
from . import debt_recovery_process
from . import debt_recovery_cancel
from . import base_partner_merge_automatic_wizard
from . import debt_recovery_postal_send
from . import debt_recovery_invoice_release
