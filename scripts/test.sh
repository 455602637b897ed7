#!/usr/bin/env bash
# The tests: lint, a fresh test database without demo data, every test
# (pure tools and Odoo), then a closing line "N passed, N failed".
#   scripts/test.sh                 everything
#   scripts/test.sh tests/test_x.py  only these test files (still a fresh database)
#   SKIP_LINT=1 / KEEP_DB=1         skip the lint, reuse the existing test database
#   TEST_HTTP_PORT=8169              port of the tests' HTTP server (default 8069),
#                                    for two clones testing side by side
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_odoo
ensure_python_packages test
ensure_debian_packages test

DB=${DEBT_RECOVERY_TEST_DB:-debt_recovery_test}
CONF="$LOCAL/odoo-test.conf"
LOGDIR="$LOCAL/test-logs"
mkdir -p "$LOGDIR"

lint_rc=0
if [ -z "${SKIP_LINT:-}" ]; then
    log "lint (pre-commit)"
    if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
        (cd "$ROOT" && "$PYTHON" -m pre_commit run --all-files --show-diff-on-failure --color never) || lint_rc=$?
    else
        log "WARNING: not a git checkout; lint skipped"
    fi
fi

ensure_postgres
write_odoo_config "$CONF"
echo "http_port = ${TEST_HTTP_PORT:-8069}" >>"$CONF"

if [ -z "${KEEP_DB:-}" ] || ! db_exists "$DB"; then
    if db_exists "$DB"; then
        psql_admin -c "DROP DATABASE \"$DB\" WITH (FORCE)"
    fi
    # OCA queue_job is optional: installed beside the addon when Odoo can
    # load it, for the tests of the daily job's jobs to run.
    modules=$ADDON
    queue_job_importable "$CONF" && modules="$ADDON,queue_job"
    log "creating the test database $DB (no demo data, modules $modules)"
    odoo_bin -c "$CONF" -d "$DB" -i "$modules" --without-demo=all --stop-after-init \
        --log-level=warn >"$LOGDIR/install.log" 2>&1 || {
        tail -50 "$LOGDIR/install.log" >&2
        die "installing $ADDON failed, see $LOGDIR/install.log"
    }
    if grep -E " (ERROR|CRITICAL) " "$LOGDIR/install.log" >&2; then
        die "installing $ADDON logged errors, see $LOGDIR/install.log"
    fi
fi

# Collect through the link so that pytest-odoo names the test modules
# odoo.addons.l10n_fr_debt_recovery.tests.*, whatever the clone's folder.
LINKED="$LOCAL/addons/$ADDON"
targets=()
for target in "$@"; do
    targets+=("$LINKED/${target#./}")
done
[ ${#targets[@]} -eq 0 ] && targets=("$LINKED/tests")
cd "$LINKED"
log "running the tests"
set +e
"$PYTHON" -m pytest --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    --rootdir="$LINKED" -p no:cacheprovider -q -rfE --junitxml="$LOGDIR/junit.xml" "${targets[@]}"
pytest_rc=$?
set -e

read -r passed failed skipped < <("$PYTHON" - "$LOGDIR/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print(0, 1, 0)
    sys.exit()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(tests - failed - skipped, failed, skipped)
PY
)
[ "$lint_rc" != 0 ] && { log "lint failed"; failed=$((failed + 1)); }
[ "$pytest_rc" != 0 ] && [ "$failed" = 0 ] && failed=1
if [ "$passed" = 0 ] && [ "$failed" = 0 ]; then
    log "no test ran"
    failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
