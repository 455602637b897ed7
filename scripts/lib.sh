#!/usr/bin/env bash
# Shared set-up for the demo and test commands. Sourced, not run.
# - uses the Python that imports Odoo 18 (python3, or PYTHON=...); when it
#   does not, installs Odoo 18.0 Community into a virtual environment of
#   this clone (.local/venv, from a shallow clone in .local/odoo-18.0)
# - installs the Python and Debian packages the addon needs when missing
# - uses the PostgreSQL server of the PG* variables, or a private cluster
#   under .local/pg that it creates, starts and reuses
# - exposes this folder to Odoo under its technical name and writes an
#   Odoo configuration file under .local/
set -euo pipefail

ADDON=l10n_fr_debt_recovery
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL="$ROOT/.local"
PYTHON=${PYTHON:-python3}
mkdir -p "$LOCAL"

log() { printf '\033[1m[%s]\033[0m %s\n' "$ADDON" "$*" >&2; }
die() { printf '\033[1;31m[%s] %s\033[0m\n' "$ADDON" "$*" >&2; exit 2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
    else return 1; fi
}

# ------------------------------------------------------------------ Odoo 18
# Where Odoo comes from when no Python of this machine imports it: the
# official repository at a pinned commit of its 18.0 branch, that of
# 15 January 2025 (an Odoo 18 of the same months as the one the addon is
# tested with: before the @api.private backport, see queue_job_requirement).
# ODOO_REF: another commit, tag or branch; ODOO_SRC: another URL (branch
# 18.0 by default) or a local git checkout (its HEAD by default).
ODOO_OFFICIAL=https://github.com/odoo/odoo.git
ODOO_COMMIT=5500e239e4bfb76eca3515dba02d0f1668810b58
ODOO_SRC=${ODOO_SRC:-$ODOO_OFFICIAL}
ODOO_REF=${ODOO_REF:-}
ODOO_DIR=${DEBT_RECOVERY_ODOO_DIR:-$LOCAL/odoo-18.0}
VENV=${DEBT_RECOVERY_VENV:-$LOCAL/venv}

# The major version of Odoo that Python $1 imports, or nothing. SUPERUSER_ID
# is asked for too: an ``odoo`` that is only a namespace folder (see
# fix_hidden_odoo) imports but is not Odoo.
odoo_major() {
    "$1" -c 'import odoo, odoo.release as r; odoo.SUPERUSER_ID; print(r.version_info[0])' 2>/dev/null || true
}

# OCA's odoo-addon-* wheels install a site-packages/odoo/addons/<addon>
# folder. Odoo installed "editable" by a recent pip is found through an
# import hook that Python consults only after its path search; that search
# takes the folder for the namespace package "odoo" and hides the real one
# ("cannot import name 'SUPERUSER_ID'"). A .pth line naming the checkout
# puts it on sys.path, where the path search finds it first. Done only when
# Python $1 has Odoo 18 installed editable and cannot import it.
fix_hidden_odoo() {
    local python=$1 pth
    [ "$(odoo_major "$python")" = 18 ] && return 0
    pth=$("$python" - 2>/dev/null <<'PY'
import json, os, sys, sysconfig
from importlib import metadata
from urllib.parse import unquote, urlparse
try:
    dist = metadata.distribution("odoo")
    info = json.loads(dist.read_text("direct_url.json") or "{}")
except Exception:
    sys.exit(1)
checkout = unquote(urlparse(info.get("url", "")).path)
if not (dist.version.startswith("18.") and info.get("dir_info", {}).get("editable")
        and os.path.isfile(os.path.join(checkout, "odoo", "release.py"))):
    sys.exit(1)
pth = os.path.join(sysconfig.get_paths()["purelib"], "odoo18-src.pth")
with open(pth, "w") as f:
    f.write(checkout + "\n")
print(pth)
PY
) || return 0
    log "Odoo 18 was hidden by an 'odoo' namespace folder of OCA wheels: added $pth"
}

# Use the Python that imports Odoo 18: $PYTHON (python3 unless set), else
# this clone's virtual environment, which is created when missing. From then
# on PYTHON is that Python.
require_odoo() {
    local version
    fix_hidden_odoo "$PYTHON"
    version=$(odoo_major "$PYTHON")
    [ "$version" = 18 ] && return 0
    if [ -x "$VENV/bin/python" ]; then
        fix_hidden_odoo "$VENV/bin/python"
        if [ "$(odoo_major "$VENV/bin/python")" = 18 ]; then
            PYTHON=$VENV/bin/python
            return 0
        fi
    fi
    if [ -n "${DEBT_RECOVERY_NO_ODOO_INSTALL:-}" ]; then
        die "'$PYTHON' does not import Odoo 18${version:+ (it imports Odoo $version)}, and DEBT_RECOVERY_NO_ODOO_INSTALL is set: set PYTHON to a Python that imports Odoo 18."
    fi
    log "'$PYTHON' does not import Odoo 18${version:+ (it imports Odoo $version)}: installing Odoo 18.0 Community into $VENV"
    install_odoo
    PYTHON=$VENV/bin/python
}

# The Debian packages needed to build Odoo's Python requirements that have
# no wheel for this Python (psycopg2 2.9.5, cbor2 5.4.2), installed only when
# missing and allowed. LDAP's headers are not among them (see install_odoo).
ensure_odoo_build_packages() {
    local python=$1 missing=()
    command -v git >/dev/null || missing+=(git)
    command -v gcc >/dev/null || missing+=(build-essential)
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    "$python" -c 'import os, sysconfig; assert os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' 2>/dev/null \
        || missing+=(python3-dev)
    "$python" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
    [ ${#missing[@]} -eq 0 ] && return 0
    if command -v apt-get >/dev/null && as_root true; then
        log "installing Debian packages to build Odoo's requirements: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null || die "could not install ${missing[*]} with apt-get"
    else
        die "installing Odoo needs the Debian packages ${missing[*]}: install them (as root), then run this command again"
    fi
}

# Odoo 18.0 Community into $VENV: a shallow clone of ODOO_SRC at ODOO_REF in
# $ODOO_DIR (about 180 MB downloaded, 1.1 GB on disk), its Python
# requirements from PyPI (the venv: about 240 MB), Odoo itself installed editable (its
# standard addons stay in $ODOO_DIR/addons, where write_odoo_config finds
# them). Nothing of it is inside the repository's tracked files (.local/).
install_odoo() {
    local base=$PYTHON src=$ODOO_SRC ref=$ODOO_REF
    "$base" -c 'import sys; assert (3, 10) <= sys.version_info[:2] <= (3, 12)' 2>/dev/null \
        || die "Odoo 18 runs on Python 3.10 to 3.12; '$base' is $("$base" -V 2>&1). Set PYTHON to one of these."
    ensure_odoo_build_packages "$base"
    if [ ! -f "$ODOO_DIR/odoo/release.py" ]; then
        # A local checkout is fetched like a remote one (file://: git keeps
        # --depth), so that nothing is written into it; its HEAD by default.
        if [ -d "$src" ]; then
            src="file://$(cd "$src" && pwd)"
            ref=${ref:-HEAD}
        elif [ "$src" = "$ODOO_OFFICIAL" ]; then
            ref=${ref:-$ODOO_COMMIT}
        fi
        ref=${ref:-18.0}
        log "fetching Odoo ($ref) from $ODOO_SRC into $ODOO_DIR (shallow clone)"
        rm -rf "$ODOO_DIR.partial"
        git init -q "$ODOO_DIR.partial"
        git -C "$ODOO_DIR.partial" fetch -q --depth 1 "$src" "$ref" \
            || die "could not fetch $ref from $ODOO_SRC"
        git -C "$ODOO_DIR.partial" -c advice.detachedHead=false checkout -q FETCH_HEAD
        rm -rf "$ODOO_DIR"
        mv "$ODOO_DIR.partial" "$ODOO_DIR"
        log "Odoo fetched at commit $(git -C "$ODOO_DIR" rev-parse HEAD)"
    fi
    local major
    major=$(cd "$ODOO_DIR" && "$base" -c 'import ast, re; t = open("odoo/release.py").read(); print(re.search(r"^version_info = \((\d+)", t, re.M).group(1))' 2>/dev/null || true)
    [ "$major" = 18 ] || die "$ODOO_DIR is not Odoo 18 (version ${major:-unknown}): remove it and set ODOO_SRC/ODOO_REF to an Odoo 18.0 source"
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating the virtual environment $VENV"
        "$base" -m venv "$VENV" || die "could not create the virtual environment $VENV"
    fi
    local vpy=$VENV/bin/python constraints=$LOCAL/odoo-constraints.txt requirements=$LOCAL/odoo-requirements.txt
    # Fixes Odoo 18.0's pinned requirements need on this machine's Python:
    # - setuptools<70: the pins without a wheel for Python 3.11 (psycopg2
    #   2.9.5, python-ldap 3.4.0, cbor2 5.4.2, vobject, ofxparse) are built from
    #   source in pip's isolated build environments, which take the newest
    #   setuptools unless constrained; their setup scripts date from before
    #   setuptools 70 and are built here with an older one (also the
    #   setuptools of the venv, for Odoo's own editable install, whose setup.py
    #   is not a PEP 517 project). Through PIP_CONSTRAINT, which pip passes on
    #   to its build environments (a -c option is not passed on).
    # - python-ldap 3.4.0 has no wheel: its build needs LDAP's and SASL's
    #   headers (libldap2-dev, libsasl2-dev), and a failed build stops the
    #   whole installation. Only Odoo's auth_ldap module uses it (not this
    #   addon): it is left out unless those headers are installed.
    {
        echo "setuptools<70"
        # Keep the machine's own constraints (pip's configuration) if any.
        [ -n "${PIP_CONSTRAINT:-}" ] && [ -f "$PIP_CONSTRAINT" ] && cat "$PIP_CONSTRAINT"
        local conf
        conf=$("$base" -m pip config get global.constraint 2>/dev/null || true)
        [ -n "$conf" ] && [ -f "$conf" ] && cat "$conf"
    } >"$constraints"
    if [ -f /usr/include/ldap.h ] && [ -f /usr/include/sasl/sasl.h ]; then
        cp "$ODOO_DIR/requirements.txt" "$requirements"
    else
        log "LDAP/SASL headers missing: python-ldap left out (only Odoo's auth_ldap module needs it)"
        grep -v -i '^python-ldap' "$ODOO_DIR/requirements.txt" >"$requirements"
    fi
    log "installing Odoo's Python requirements into $VENV (a few minutes)"
    PIP_CONSTRAINT=$constraints "$vpy" -m pip install --quiet --disable-pip-version-check \
        "pip>=23.1" "setuptools<70" wheel packaging \
        || die "could not update pip/setuptools in $VENV"
    PIP_CONSTRAINT=$constraints "$vpy" -m pip install --quiet --disable-pip-version-check \
        -r "$requirements" \
        || die "could not install Odoo's requirements ($requirements) into $VENV"
    # Editable in "compat" mode: a .pth line naming the checkout (not an
    # import hook), so that OCA wheels' odoo/ namespace folder cannot hide it.
    PIP_CONSTRAINT=$constraints "$vpy" -m pip install --quiet --disable-pip-version-check \
        --no-build-isolation --no-deps --use-pep517 --config-settings editable_mode=compat -e "$ODOO_DIR" \
        || die "could not install Odoo from $ODOO_DIR into $VENV"
    fix_hidden_odoo "$vpy"
    [ "$(odoo_major "$vpy")" = 18 ] || die "Odoo was installed into $VENV but does not import there"
    log "Odoo 18 installed in $VENV (from $ODOO_DIR)"
}

# Python packages from PyPI, installed only when one is missing.
ensure_python_packages() {
    local check="import py3o.template, py3o.formats, num2words"
    local files=(-r "$ROOT/requirements.txt")
    if [ "${1:-}" = test ]; then
        check="$check, pytest_odoo, freezegun, pylint_odoo, pre_commit, ruff, websocket, openpyxl"
    fi
    check="$check, stdnum; import importlib.metadata as m; m.version('odoo-addon-report-py3o')"
    check="$check; m.version('odoo-addon-l10n-fr-siret'); m.version('odoo-addon-base-view-inheritance-extension')"
    if [ "${1:-}" = test ]; then
        files+=(-r "$ROOT/test-requirements.txt")
    fi
    if ! "$PYTHON" -c "$check" >/dev/null 2>&1; then
        log "installing Python packages from PyPI"
        "$PYTHON" -m pip install --quiet --disable-pip-version-check "${files[@]}" \
            || die "could not install the Python packages of ${files[*]}"
        # The OCA wheels just installed may hide an editable Odoo.
        fix_hidden_odoo "$PYTHON"
    fi
    if [ "${1:-}" = test ]; then
        ensure_queue_job
    fi
}

# OCA queue_job, an optional dependency of the addon: the tests of the daily
# job's jobs (and bench/bench_queue_job.py) need it. From 18.0.1.7.1 on, its
# 18.0 releases protect queue.job's create with ``@api.private`` (instead of
# a context sentinel), a decorator Odoo 18.0 has only since its backport
# (odoo/odoo#199476, from master's #195402 of early 2025; not in an 18.0
# checkout of 21 February 2025): with an older Odoo 18 their import fails (AttributeError: module 'odoo.api' has no attribute
# 'private'). So: the newest 18.0 release when this Odoo has
# ``odoo.api.private``; otherwise 18.0.1.7.0.1, the newest release without
# it (bisected over the 18.0 wheels, then installed in a database). Odoo
# itself is never installed or upgraded here (pip keeps the installed 18.0).
queue_job_requirement() {
    if "$PYTHON" -c 'import odoo.api; odoo.api.private' >/dev/null 2>&1; then
        echo "odoo-addon-queue-job>=18.0,<18.1"
    else
        echo "odoo-addon-queue-job==18.0.1.7.0.1"
    fi
}

ensure_queue_job() {
    local requirement
    requirement=$(queue_job_requirement)
    if ! "$PYTHON" - "$requirement" >/dev/null 2>&1 <<'PY'; then
import sys
import importlib.metadata as m
from packaging.requirements import Requirement
requirement = Requirement(sys.argv[1])
assert requirement.specifier.contains(m.version(requirement.name), prereleases=True)
PY
        log "installing $requirement (OCA queue_job, for the tests of the daily job's jobs)"
        "$PYTHON" -m pip install --quiet --disable-pip-version-check "$requirement" \
            || die "could not install $requirement"
    fi
}

# Whether Odoo can load queue_job with the configuration file $1 (its
# addons path): then the test database has it installed.
queue_job_importable() {
    "$PYTHON" - "$1" >/dev/null 2>&1 <<'PY'
import sys
import odoo
from odoo.tools import config
config.parse_config(["-c", sys.argv[1]])
odoo.modules.module.initialize_sys_path()
import odoo.addons.queue_job  # noqa: F401
PY
}

# Debian packages (LibreOffice for the letters, poppler for PDF checks,
# Chromium for browser tests, wkhtmltopdf for Odoo's own PDF reports: the
# deposit slip, the invoices in the litigation file's annexes), installed
# only when missing and allowed. The tests do without wkhtmltopdf: Odoo
# renders its reports as HTML in tests.
ensure_debian_packages() {
    local missing=()
    command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui fonts-dejavu-core fonts-liberation2)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    if [ "${1:-}" != test ]; then
        command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    fi
    if [ "${1:-}" = test ]; then
        command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
            || command -v google-chrome >/dev/null || missing+=(chromium)
    fi
    [ ${#missing[@]} -eq 0 ] && return 0
    if command -v apt-get >/dev/null && as_root true; then
        log "installing Debian packages: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null || die "could not install ${missing[*]} with apt-get"
    else
        log "WARNING: missing ${missing[*]} and not allowed to install them; letters or reports cannot be converted to PDF"
    fi
}

# ---------------------------------------------------------------- PostgreSQL
# One private cluster per clone, keyed by the clone's path. As root the
# server runs as the postgres user, which may not enter the clone (a clone in
# /root, or in a folder made by mktemp -d, is mode 0700): the cluster then
# lives in a folder the postgres user owns. Otherwise it lives in .local/pg.
CLONE_KEY=$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)
if [ "$(id -u)" = 0 ]; then
    PG_DIR=${DEBT_RECOVERY_PG_DIR:-/var/lib/postgresql/$ADDON/$CLONE_KEY}
else
    PG_DIR=${DEBT_RECOVERY_PG_DIR:-$LOCAL/pg}
fi
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/run"
# A port per clone too, so that two clones' clusters can run side by side.
PG_PORT_PRIVATE=${DEBT_RECOVERY_PG_PORT:-$((54330 + 16#${CLONE_KEY:0:4} % 1000))}

pg_bindir() {
    local dir
    for dir in "$(pg_config --bindir 2>/dev/null || true)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -n "$dir" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

# Run a PostgreSQL server binary as the owner of the private cluster
# (PostgreSQL refuses to run as root).
pg_run() {
    if [ "$(id -u)" = 0 ]; then
        # From a folder the postgres user may enter (not the clone).
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

using_external_pg() {
    [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGDATABASE:-}${PGPASSWORD:-}" ]
}

ensure_postgres() {
    if using_external_pg; then
        DB_HOST=${PGHOST:-}
        DB_PORT=${PGPORT:-}
        DB_USER=${PGUSER:-}
        DB_PASSWORD=${PGPASSWORD:-}
        log "using the PostgreSQL server of the PG* variables (${PGHOST:-local socket}:${PGPORT:-5432})"
        return 0
    fi
    local bin
    if ! bin=$(pg_bindir); then
        if command -v apt-get >/dev/null && as_root true; then
            log "installing PostgreSQL"
            as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
            bin=$(pg_bindir) || die "PostgreSQL server binaries not found after installing postgresql"
        else
            die "no PostgreSQL server: set PGHOST/PGPORT/PGUSER, or install PostgreSQL"
        fi
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    fi
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "creating a private PostgreSQL cluster in $PG_DATA (for the clone $ROOT)"
        mkdir -p "$PG_DATA" "$PG_SOCK"
        if [ "$(id -u)" = 0 ]; then
            chown -R postgres: "$PG_DIR"
            # Every folder above the cluster must let the postgres user in.
            local dir=$PG_DIR
            while [ "$dir" != / ]; do
                dir=$(dirname "$dir")
                runuser -u postgres -- test -x "$dir" \
                    || die "the postgres user cannot enter $dir, above the cluster $PG_DIR: set DEBT_RECOVERY_PG_DIR to a folder it can reach"
            done
        fi
        pg_run "$bin/initdb" -D "$PG_DATA" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
            || die "initdb failed, see $PG_DIR/initdb.log"
        cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = ''
port = $PG_PORT_PRIVATE
unix_socket_directories = '$PG_SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
max_connections = 100
CONF
    fi
    if ! pg_run "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        mkdir -p "$PG_SOCK"
        [ "$(id -u)" = 0 ] && chown postgres: "$PG_SOCK"
        log "starting the private PostgreSQL cluster"
        pg_run "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w start >/dev/null \
            || die "PostgreSQL did not start, see $PG_DIR/server.log"
    fi
    DB_HOST=$PG_SOCK
    DB_PORT=$PG_PORT_PRIVATE
    DB_USER=odoo
    DB_PASSWORD=
}

stop_postgres() {
    local bin
    bin=$(pg_bindir) || return 0
    if [ -f "$PG_DATA/PG_VERSION" ] && pg_run "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        pg_run "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
        log "private PostgreSQL cluster stopped"
    else
        log "the private PostgreSQL cluster is not running"
    fi
}

psql_admin() {
    PGHOST=$DB_HOST PGPORT=$DB_PORT PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD \
        psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"
}

db_exists() {
    [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# ------------------------------------------------------------ Odoo set-up
# Expose the repository to Odoo under the addon's technical name, whatever
# the clone's folder is called, and write an Odoo configuration file.
write_odoo_config() {
    local conf=$1
    mkdir -p "$LOCAL/addons"
    ln -sfn "$ROOT" "$LOCAL/addons/$ADDON"
    local addons_path
    addons_path=$("$PYTHON" - "$LOCAL/addons" <<'PY'
import os, sys
import odoo, odoo.addons
paths = [sys.argv[1]]
candidates = list(odoo.addons.__path__)
# Editable (source) installs keep the standard addons in <checkout>/addons,
# beside the odoo package; odoo may also be a namespace package (no __file__)
# when an addon installed from PyPI added an odoo/addons folder.
for package_dir in list(getattr(odoo, "__path__", [])):
    candidates.append(os.path.join(os.path.dirname(os.path.abspath(package_dir)), "addons"))
for path in candidates:
    path = os.path.abspath(path)
    if path in paths or not os.path.isdir(path):
        continue
    if any(os.path.isfile(os.path.join(path, d, "__manifest__.py")) for d in os.listdir(path)):
        paths.append(path)
print(",".join(paths))
PY
)
    cat >"$conf" <<CONF
[options]
addons_path = $addons_path
data_dir = $LOCAL/filestore
db_host = ${DB_HOST:-False}
db_port = ${DB_PORT:-False}
db_user = ${DB_USER:-False}
db_password = ${DB_PASSWORD:-False}
list_db = True
log_level = warn
max_cron_threads = 0
CONF
}

odoo_bin() {
    "$PYTHON" -m odoo "$@"
}
