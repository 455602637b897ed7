#!/usr/bin/env bash
# Run a benchmark script against its own database (created on first use).
#   bash bench/run.sh bench_daily_job.py --customers 10000 --invoices 100000
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
require_odoo
ensure_python_packages
ensure_postgres
DB=${DEBT_RECOVERY_BENCH_DB:-debt_recovery_bench}
CONF="$LOCAL/odoo-bench.conf"
write_odoo_config "$CONF"
if ! db_exists "$DB"; then
    log "creating the benchmark database $DB"
    odoo_bin -c "$CONF" -d "$DB" -i "$ADDON,l10n_fr" --without-demo=all --stop-after-init \
        >"$LOCAL/bench-install.log" 2>&1 || die "install failed, see $LOCAL/bench-install.log"
fi
script=$1
shift
if [ "$script" = bench_queue_job.py ]; then
    ensure_queue_job  # OCA queue_job, the release this Odoo can load
    "$PYTHON" "$ROOT/bench/bench_daily_job.py" --config "$CONF" --database "$DB" --prepare-only
fi
if [ "$script" = bench_load.py ] && [ "${1:-}" != --help ]; then
    # The chart and the language, once in the benchmark database: the load
    # test copies it for each run.
    "$PYTHON" "$ROOT/bench/bench_daily_job.py" --config "$CONF" --database "$DB" --prepare-only
fi
if [ "$script" = bench_daily_job.py ] && [ "${1:-}" != --help ]; then
    # The daily job commits each batch, as the scheduled action does: it
    # runs on a scratch copy of the benchmark database, dropped afterwards.
    "$PYTHON" "$ROOT/bench/$script" --config "$CONF" --database "$DB" --prepare-only
    SCRATCH="${DB}_run"
    drop_scratch() {
        psql_admin -c "DROP DATABASE IF EXISTS \"$SCRATCH\" WITH (FORCE)" || true
        rm -rf "$LOCAL/filestore/filestore/$SCRATCH"
    }
    drop_scratch
    psql_admin -c "CREATE DATABASE \"$SCRATCH\" TEMPLATE \"$DB\""
    trap drop_scratch EXIT
    "$PYTHON" -u "$ROOT/bench/$script" --config "$CONF" --database "$SCRATCH" "$@"
    exit
fi
exec "$PYTHON" "$ROOT/bench/$script" --config "$CONF" --database "$DB" "$@"
