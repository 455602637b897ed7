from . import test_install
from . import test_daily_job
from . import test_suspension
