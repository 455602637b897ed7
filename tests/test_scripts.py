"""The private PostgreSQL cluster of scripts/lib.sh works wherever the clone
is: in root's home (mode 0700) and in a folder made by ``mktemp -d`` (mode
0700 too), where the postgres user that runs the server cannot go.

Each case starts a real cluster for a copy of the scripts, asks it a query,
stops it and removes it (a few seconds)."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0
    or not shutil.which("runuser")
    or not (shutil.which("initdb") or list(Path("/usr/lib/postgresql").glob("*/bin"))),
    reason="needs root and the PostgreSQL server binaries",
)

SESSION = """
source scripts/lib.sh
ensure_postgres
echo "dir=$PG_DIR"
echo "port=$DB_PORT"
echo "answer=$(psql_admin -tAc 'SELECT 40 + 2')"
stop_postgres
"""


def _clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.pop("DEBT_RECOVERY_PG_DIR", None)
    env.pop("DEBT_RECOVERY_PG_PORT", None)
    return env


@pytest.mark.parametrize("parent", ["mktemp", "home"])
def test_private_cluster_starts_from_a_private_folder(parent):
    base = tempfile.mkdtemp(dir=None if parent == "mktemp" else Path.home())
    os.chmod(base, 0o700)
    clone = Path(base) / "l10n_fr_debt_recovery"
    (clone / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPTS / "lib.sh", clone / "scripts" / "lib.sh")
    values = {}
    try:
        result = subprocess.run(
            ["bash", "-c", SESSION],
            cwd=clone,
            env=_clean_env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        for line in result.stdout.splitlines():
            key, _sep, value = line.partition("=")
            values[key] = value
        assert result.returncode == 0, result.stderr
        assert values["answer"] == "42"
        # The postgres user never runs from inside the clone.
        assert "Permission denied" not in result.stderr, result.stderr
        # The cluster is not inside the clone, and it belongs to this clone.
        assert not values["dir"].startswith(str(clone))
        # Another clone gets another cluster and port.
        other = subprocess.run(
            ["bash", "-c", 'source scripts/lib.sh; echo "$PG_DIR $PG_PORT_PRIVATE"'],
            cwd=SCRIPTS.parent,
            env=_clean_env(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert other[0] != values["dir"]
    finally:
        if values.get("dir"):
            shutil.rmtree(values["dir"], ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)
