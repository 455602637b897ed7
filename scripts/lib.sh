#!/usr/bin/env bash
# Shared set-up for the demo and test commands. Sourced, not run.
# - checks that python3 imports Odoo 18 (a prerequisite, never installed here)
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

require_odoo() {
    local version
    if ! version=$("$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null); then
        die "'$PYTHON' cannot import Odoo. Odoo 18.0 is a prerequisite of this addon and is not
installed by these scripts: install Odoo 18.0 Community into this Python (for example
'pip install -e <odoo-18.0 checkout>' after its requirements.txt), or set PYTHON to a
Python that imports it, then run this command again."
    fi
    if [ "$version" != 18 ]; then
        die "'$PYTHON' imports Odoo $version, but this addon needs Odoo 18.0. Set PYTHON to a Python that imports Odoo 18."
    fi
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
# Chromium for browser tests), installed only when missing and allowed.
ensure_debian_packages() {
    local missing=()
    command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui fonts-dejavu-core fonts-liberation2)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
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
        log "WARNING: missing ${missing[*]} and not allowed to install them; letters cannot be converted to PDF"
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
