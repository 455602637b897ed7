"""The set-up of scripts/lib.sh, run as a shell would run it:

- the private PostgreSQL cluster works wherever the clone is: in root's home
  (mode 0700) and in a folder made by ``mktemp -d`` (mode 0700 too), where
  the postgres user that runs the server cannot go. Each case starts a real
  cluster for a copy of the scripts, asks it a query, stops it and removes it
  (a few seconds);
- Odoo 18 is installed into a virtual environment of the clone when the
  Python does not import it, from ``ODOO_SRC`` at ``ODOO_REF``. The fast test
  uses a tiny fake "odoo" git repository (a real Odoo takes ten minutes and
  1 GB: see the README, "Odoo 18 installed by the scripts"); a Python that
  imports Odoo 18 is kept as it is."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"

needs_root_and_postgres = pytest.mark.skipif(
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


@needs_root_and_postgres
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


# ------------------------------------------------------------ Odoo installed
REQUIRE = """
source scripts/lib.sh
require_odoo
echo "python=$PYTHON"
echo "superuser=$("$PYTHON" -c 'import odoo; print(odoo.SUPERUSER_ID)')"
echo "odoo=$("$PYTHON" -c 'import odoo; print(odoo.__path__[0])')"
write_odoo_config "$LOCAL/test.conf"
echo "addons_path=$(sed -n 's/^addons_path = //p' "$LOCAL/test.conf")"
"""
LDAP_HEADERS = os.path.isfile("/usr/include/ldap.h") and os.path.isfile(
    "/usr/include/sasl/sasl.h"
)


def _run(script, cwd, **env):
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env={**_clean_env(), **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    values = dict(
        line.partition("=")[::2] for line in result.stdout.splitlines() if "=" in line
    )
    return result, values


def _clone(base):
    clone = Path(base) / "clone"
    (clone / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPTS / "lib.sh", clone / "scripts" / "lib.sh")
    return clone


def _git(cwd, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _fake_odoo_repo(path):
    """A git repository shaped like Odoo 18's: odoo/ (release.py, a
    SUPERUSER_ID), addons/ with one module, setup.py, requirements.txt.
    Two commits: the first says which one was checked out."""
    (path / "odoo" / "addons").mkdir(parents=True)
    (path / "odoo" / "__init__.py").write_text("SUPERUSER_ID = 1\n")
    (path / "odoo" / "addons" / "__init__.py").write_text("")
    (path / "odoo" / "release.py").write_text(
        "version_info = (18, 0, 0, 'final', 0, '')\nversion = '18.0'\n"
    )
    (path / "addons" / "web").mkdir(parents=True)
    (path / "addons" / "web" / "__manifest__.py").write_text("{'name': 'Web'}\n")
    (path / "setup.py").write_text(
        "from setuptools import find_packages, setup\n"
        "setup(name='odoo', version='18.0', packages=find_packages(),"
        " package_dir={'odoo': 'odoo'})\n"
    )
    # python-ldap cannot build without LDAP's headers: the scripts leave it
    # out then (nothing else to download from PyPI here).
    requirements = "# Odoo's pins\n"
    if not LDAP_HEADERS:
        requirements += "python-ldap==3.4.0 ; sys_platform != 'win32'\n"
    (path / "requirements.txt").write_text(requirements)
    (path / "marker.txt").write_text("first\n")
    _git(path, "init", "-q")
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "first")
    first = _git(path, "rev-parse", "HEAD")
    (path / "marker.txt").write_text("second\n")
    _git(path, "commit", "-q", "-am", "second")
    return first


def test_a_python_that_imports_odoo_18_is_kept(tmp_path):
    probe = subprocess.run(
        [sys.executable, "-c", "import odoo.release as r; print(r.version_info[0])"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.stdout.strip() != "18":
        pytest.skip("the Python of the tests does not import Odoo 18")
    clone = _clone(tmp_path)
    result, values = _run(
        'source scripts/lib.sh; require_odoo; echo "python=$PYTHON"',
        clone,
        PYTHON=sys.executable,
        ODOO_SRC=str(tmp_path / "nowhere"),
    )
    assert result.returncode == 0, result.stderr
    assert values["python"] == sys.executable
    assert not (clone / ".local" / "venv").exists()
    assert not (clone / ".local" / "odoo-18.0").exists()
    assert "installing Odoo" not in result.stderr


def test_odoo_is_installed_into_a_venv_from_a_local_checkout(tmp_path):
    source = tmp_path / "odoo-src"
    first = _fake_odoo_repo(source)
    # A Python that does not import Odoo.
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", bare], check=True)
    bare_python = str(bare / "bin" / "python")
    clone = _clone(tmp_path)
    result, values = _run(
        REQUIRE, clone, PYTHON=bare_python, ODOO_SRC=str(source), ODOO_REF=first
    )
    assert result.returncode == 0, result.stderr
    venv_python = str(clone / ".local" / "venv" / "bin" / "python")
    checkout = clone / ".local" / "odoo-18.0"
    assert values["python"] == venv_python
    assert values["superuser"] == "1"
    assert values["odoo"] == str(checkout / "odoo")
    # The pinned commit, fetched shallow; nothing written into the source.
    assert (checkout / "marker.txt").read_text() == "first\n"
    assert _git(checkout, "rev-parse", "HEAD") == first
    assert _git(checkout, "rev-parse", "--is-shallow-repository") == "true"
    assert _git(source, "status", "--porcelain") == ""
    # Odoo's standard addons are found in the checkout's addons/.
    assert str(checkout / "addons") in values["addons_path"].split(",")
    # The fixes of Odoo's requirements for this machine.
    assert "setuptools<70" in (clone / ".local" / "odoo-constraints.txt").read_text()
    requirements = (clone / ".local" / "odoo-requirements.txt").read_text()
    assert ("python-ldap" in requirements) == LDAP_HEADERS

    # Run again: the venv is reused, nothing fetched or installed again.
    again, values = _run(REQUIRE, clone, PYTHON=bare_python, ODOO_SRC="/nowhere")
    assert again.returncode == 0, again.stderr
    assert values["python"] == venv_python
    assert "installing" not in again.stderr

    # The trap of OCA wheels: their odoo/addons/<addon> folder in
    # site-packages makes "odoo" a namespace package that hides an editable
    # Odoo installed with setuptools' default import hook (PEP 660, lenient
    # mode: how this machine's Odoo was installed).
    subprocess.run(
        [venv_python, "-m", "pip", "install", "-q", "--no-deps",
         "--no-build-isolation", "--use-pep517", "-e", str(checkout)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = Path(
        subprocess.check_output(
            [venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )  # fmt: skip
    (site / "odoo" / "addons" / "fake_oca_addon").mkdir(parents=True)
    hidden = subprocess.run(
        [venv_python, "-c", "from odoo import SUPERUSER_ID"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert hidden.returncode != 0, "the fake OCA folder should hide Odoo"
    fixed, values = _run(REQUIRE, clone, PYTHON=bare_python, ODOO_SRC="/nowhere")
    assert fixed.returncode == 0, fixed.stderr
    assert values["superuser"] == "1"
    assert (site / "odoo18-src.pth").read_text().strip() == str(checkout)
    assert "hidden" in fixed.stderr


def test_a_source_that_is_not_odoo_18_is_refused(tmp_path):
    source = tmp_path / "odoo-src"
    _fake_odoo_repo(source)
    (source / "odoo" / "release.py").write_text("version_info = (17, 0, 0)\n")
    _git(source, "commit", "-q", "-am", "17")
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", bare], check=True)
    clone = _clone(tmp_path)
    result, _values = _run(
        REQUIRE, clone, PYTHON=str(bare / "bin" / "python"), ODOO_SRC=str(source)
    )
    assert result.returncode == 2
    assert "is not Odoo 18 (version 17)" in result.stderr
    assert not (clone / ".local" / "venv").exists()
