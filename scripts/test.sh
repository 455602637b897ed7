#!/usr/bin/env bash
# The tests: lint, a fresh test database without demo data, every test
# (pure tools and Odoo; the Odoo tests in both modes of the daily job's
# writes, fast path and Odoo's own path), then a closing line
# "N passed, N failed, N skipped" (both runs added).
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
    # Odoo's test payment provider (payment_demo, part of Odoo) for the
    # tests of the customer's recovery page paying online; Odoo's sms
    # module (optional for the addon) for the tests of SMS as a channel.
    modules="$ADDON,payment_demo,sms"
    queue_job_importable "$CONF" && modules="$modules,queue_job"
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
# The Odoo tests run twice: with the daily job's set-based fast path (the
# default), then with DEBT_RECOVERY_FAST_PATH=0, through Odoo's own path
# (tests/common.py sets the system parameter for each test class). The pure
# tests (tools, scripts) do not depend on it: they run once.
run_pytest() {  # run_pytest JUNIT_FILE PYTEST_ARGS...
    local junit=$1
    shift
    set +e
    "$PYTHON" -m pytest --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
        --rootdir="$LINKED" -p no:cacheprovider -q -rfE --junitxml="$junit" "$@"
    local rc=$?
    set -e
    return $rc
}
pytest_rc=0
log "running the tests (fast path)"
rm -f "$LOGDIR/junit.xml" "$LOGDIR/junit-odoo-path.xml"
run_pytest "$LOGDIR/junit.xml" "${targets[@]}" || pytest_rc=$?
odoo_targets=()
for target in "${targets[@]}"; do
    case "$(basename "$target")" in
    test_tools_*.py | test_scripts*.py) ;;
    *) odoo_targets+=("$target") ;;
    esac
done
if [ ${#odoo_targets[@]} -gt 0 ]; then
    log "running the Odoo tests again, through Odoo's own path (fast path off)"
    rc=0
    DEBT_RECOVERY_FAST_PATH=0 run_pytest "$LOGDIR/junit-odoo-path.xml" \
        --ignore-glob="*/test_tools_*.py" --ignore-glob="*/test_scripts*.py" \
        "${odoo_targets[@]}" || rc=$?
    # pytest's 5: nothing collected (a folder of pure tests only).
    [ "$rc" != 0 ] && [ "$rc" != 5 ] && pytest_rc=$rc
fi

read -r passed failed skipped < <("$PYTHON" - "$LOGDIR/junit.xml" "$LOGDIR/junit-odoo-path.xml" <<'PY'
import os, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for index, path in enumerate(sys.argv[1:]):
    if index and not os.path.exists(path):
        continue  # no second run
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        failed += 1
        continue
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    tests = sum(int(s.get("tests", 0)) for s in suites)
    fails = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skips = sum(int(s.get("skipped", 0)) for s in suites)
    passed += tests - fails - skips
    failed += fails
    skipped += skips
print(passed, failed, skipped)
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
