from . import debt_recovery_demo
