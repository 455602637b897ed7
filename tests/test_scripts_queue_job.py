"""scripts/lib.sh picks the OCA queue_job release the installed Odoo can
load: from 18.0.1.7.1 on, queue_job uses ``odoo.api.private``, which Odoo
18.0 has only since its backport (odoo/odoo#199476, after 21 February
2025)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _requirement(tmp_path, api_source):
    """``queue_job_requirement`` with a Python whose ``odoo.api`` is
    ``api_source``."""
    package = tmp_path / "odoo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "api.py").write_text(api_source)
    return subprocess.run(
        ["bash", "-c", "source scripts/lib.sh; queue_job_requirement"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHON": sys.executable,
            "PYTHONPATH": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.mark.parametrize(
    ("api_source", "expected"),
    [
        (
            "def private(method):\n    return method\n",
            "odoo-addon-queue-job>=18.0,<18.1",
        ),
        ("", "odoo-addon-queue-job==18.0.1.7.0.1"),
    ],
    ids=["odoo-with-api-private", "odoo-without-api-private"],
)
def test_queue_job_release_for_the_installed_odoo(tmp_path, api_source, expected):
    assert _requirement(tmp_path, api_source) == expected
