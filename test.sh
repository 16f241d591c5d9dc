#!/usr/bin/env bash
# Installs missing dependencies, builds the solution once, runs both test projects and the container
# check (scripts/container-check.sh: the Dockerfile's publish, started as its unprivileged user; counted
# as one test) and ends with one line "N passed, N failed, N skipped" summed over all. Exits non-zero if
# any test failed, a test run broke, or no test ran. CI=true: non-interactive, per-test console output,
# hang dumps off.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

CONFIGURATION=${CONFIGURATION:-Debug}
TEST_PROJECTS=(tests/MigrationBot.Tests tests/MigrationBot.IntegrationTests)
RESULTS_DIR=${ARTIFACTS_PATH:-artifacts}/test-results

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ "${CI:-}" = true ]; then
    export DEBIAN_FRONTEND=noninteractive
    CONSOLE_VERBOSITY=normal # every test's outcome, and the message + stack of each failure
    set -x
else
    CONSOLE_VERBOSITY=minimal
fi

./scripts/install-deps.sh

{ set +x; } 2>/dev/null
echo "test.sh: dotnet build MigrationBot.sln -c $CONFIGURATION"
dotnet build MigrationBot.sln -c "$CONFIGURATION" --no-restore

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

# Reads one counter attribute of a TRX file's <Counters .../> element.
trx_counter() {
    grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0
}

passed=0 failed=0 skipped=0 broken=0
for project in "${TEST_PROJECTS[@]}"; do
    name=$(basename "$project")
    trx="$RESULTS_DIR/$name.trx"
    echo "test.sh: dotnet test $project"
    status=0
    dotnet test "$project" -c "$CONFIGURATION" --no-build \
        --results-directory "$RESULTS_DIR" \
        --logger "trx;LogFileName=$name.trx" \
        --logger "console;verbosity=$CONSOLE_VERBOSITY" \
        --blame-hang-timeout 20m --blame-hang-dump-type none || status=$?
    if [ ! -f "$trx" ]; then
        echo "test.sh: $name produced no test results (exit code $status): counted as one failure"
        broken=$((broken + 1))
        continue
    fi
    p=$(trx_counter "$trx" passed)
    f=$(( $(trx_counter "$trx" failed) + $(trx_counter "$trx" error) + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted) ))
    s=$(trx_counter "$trx" notExecuted)
    echo "test.sh: $name: $p passed, $f failed, $s skipped (exit code $status)"
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        # The run broke (crash, hang, build output missing) although no single test failed.
        broken=$((broken + 1))
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
done

# No Docker engine runs here: this stands in for building and starting the image.
echo "test.sh: scripts/container-check.sh"
if ./scripts/container-check.sh; then
    echo "test.sh: container check: passed"
    passed=$((passed + 1))
else
    echo "test.sh: container check FAILED (its reason is above): counted as one failure"
    broken=$((broken + 1))
fi

failed=$((failed + broken))
echo "test.sh: results in $RESULTS_DIR"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then
    exit 1
fi
