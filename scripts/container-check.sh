#!/usr/bin/env bash
# Stands in for the container image where no Docker engine runs (CI, the build machines): does what the Dockerfile
# does and checks the result as the image would run it.
#   1. runs the Dockerfile's own `RUN dotnet restore` and `RUN dotnet publish` lines (read from it, output redirected
#      into a temporary folder), so the two cannot drift apart;
#   2. creates an empty data directory owned by the image's unprivileged UID (1654, the aspnet image's `app`), mode 700;
#   3. starts the published host as that UID (setpriv) with the Dockerfile's ENV lines (its ports 8080 and 9464 moved
#      to free ones, /data to that directory) and the -e settings of the run command in its header comment;
#   4. waits for /readyz to answer 200, runs the HEALTHCHECK's own command (the host's --probe), checks /metrics on the
#      metrics port and not on the bot's, the process's UID, JSON logs, and that the database was created in the data
#      directory and belongs to that UID; then stops it (SIGTERM) and checks it stopped cleanly.
# Exits 0 when all holds, 1 with "container-check: FAILED: ..." otherwise. Run as root. Usage: scripts/container-check.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APP_UID=1654
READY_TIMEOUT_S=60
log() { echo "container-check: $*"; }
fail() { echo "container-check: FAILED: $*" >&2; if [ -s "${work:-/nonexistent}/host.log" ]; then echo "--- host output (last 40 lines) ---" >&2; tail -n 40 "$work/host.log" >&2; fi; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it starts the host as UID $APP_UID)"
command -v setpriv >/dev/null || fail "setpriv (util-linux) is missing"
command -v curl >/dev/null || fail "curl is missing"

# One line of the Dockerfile that starts with $1, exactly one.
dockerfile_line() {
    local lines
    lines=$(grep -E "^$1" Dockerfile || true)
    [ -n "$lines" ] || fail "the Dockerfile has no line starting with '$1'"
    [ "$(printf '%s\n' "$lines" | wc -l)" -eq 1 ] || fail "the Dockerfile has more than one line starting with '$1'"
    printf '%s\n' "$lines"
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    fail "no free port found"
}

work=$(mktemp -d /tmp/migrationbot-container-check.XXXXXX)
pid=
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

# --- 1. the Dockerfile's restore and publish --------------------------------------------------------------------------
restore=$(dockerfile_line 'RUN dotnet restore ')
publish=$(dockerfile_line 'RUN dotnet publish ')
case "$publish" in *" -o /app/publish"*) ;; *) fail "the Dockerfile's publish line no longer writes to /app/publish: $publish" ;; esac
restore=${restore#RUN }
publish=${publish#RUN }
publish=${publish/ -o \/app\/publish/ -o $work/app}
log "$restore"
# shellcheck disable=SC2086 # the Dockerfile's words, split as its shell form splits them
$restore >"$work/restore.log" 2>&1 || { cat "$work/restore.log" >&2; fail "the Dockerfile's restore failed"; }
log "$publish"
# shellcheck disable=SC2086
$publish >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; fail "the Dockerfile's publish failed"; }
entry=$(dockerfile_line 'ENTRYPOINT ')
dll=$(echo "$entry" | grep -o '"[^"]*\.dll"' | tr -d '"')
[ -f "$work/app/$dll" ] || fail "the ENTRYPOINT's $dll is not in the published output"

# --- 2. an empty data directory of the unprivileged user --------------------------------------------------------------
mkdir "$work/data" "$work/home"
chown "$APP_UID:$APP_UID" "$work/data" "$work/home"
chmod 700 "$work/data"

# --- 3. the Dockerfile's environment and the header's run command -----------------------------------------------------
bot_port=$(free_port)
metrics_port=$(free_port)
[ "$bot_port" != "$metrics_port" ] || metrics_port=$(free_port)
env_args=(HOME="$work/home" DOTNET_CLI_TELEMETRY_OPTOUT=1)
while IFS= read -r line; do
    setting=${line#ENV }
    name=${setting%%=*}
    value=${setting#*=}
    value=$(printf '%s' "$value" | sed -E "s/\b8080\b/$bot_port/g; s/\b9464\b/$metrics_port/g; s#(^|;)/data/#\1$work/data/#g")
    env_args+=("$name=$value")
done < <(grep -E '^ENV [A-Za-z_][A-Za-z0-9_]*=' Dockerfile)
grep -q '^ENV Store__SqlitePath=/data/' Dockerfile || fail "the Dockerfile no longer puts Store__SqlitePath under /data"
# The header's `docker run ... -e NAME=VALUE ...`: the settings a production start needs, with the placeholders given.
run_line=$(grep -E '^#[[:space:]]+docker run ' Dockerfile | head -n 1)
[ -n "$run_line" ] || fail "the Dockerfile's header has no 'docker run' command"
for setting in $(echo "$run_line" | grep -oE -- '-e [A-Za-z_][A-Za-z0-9_]*=[^ ]+' | sed 's/^-e //'); do
    env_args+=("$setting")
done
log "starting $dll as UID $APP_UID, bot port $bot_port, metrics port $metrics_port"
(cd "$work/app" && exec env -i PATH="$PATH" "${env_args[@]}" \
    setpriv --reuid="$APP_UID" --regid="$APP_UID" --clear-groups -- dotnet "$dll") >"$work/host.log" 2>&1 &
pid=$!

# --- 4. checks --------------------------------------------------------------------------------------------------------
ready=no
for _ in $(seq 1 $((READY_TIMEOUT_S * 4))); do
    kill -0 "$pid" 2>/dev/null || fail "the host exited before /readyz answered"
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$bot_port/readyz" || true)" = 200 ]; then ready=yes; break; fi
    sleep 0.25
done
[ "$ready" = yes ] || fail "/readyz did not answer 200 within $READY_TIMEOUT_S s"
log "/readyz answered 200"

uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
[ "$uid" = "$APP_UID" ] || fail "the host runs as UID $uid, not $APP_UID"

# The HEALTHCHECK's exec form, run as the image runs it (same user, same folder, the port moved).
healthcheck=$(dockerfile_line 'HEALTHCHECK ')
probe_json=${healthcheck#*CMD }
mapfile -t probe < <(echo "$probe_json" | tr -d '[]' | tr ',' '\n' | sed -E 's/^ *"//; s/" *$//' | sed -E "s/\b8080\b/$bot_port/g")
[ "${probe[0]:-}" = dotnet ] || fail "the HEALTHCHECK does not run the host: $healthcheck"
probe_output=$(cd "$work/app" && env -i PATH="$PATH" HOME="$work/home" setpriv --reuid="$APP_UID" --regid="$APP_UID" --clear-groups -- "${probe[@]}" 2>&1) \
    || fail "the HEALTHCHECK command failed: $probe_output"
log "HEALTHCHECK: $probe_output"
# And the probe says so when nothing answers.
if (cd "$work/app" && dotnet "$dll" --probe "http://127.0.0.1:$(free_port)/healthz" >/dev/null 2>&1); then
    fail "the probe exited 0 against a port where nothing listens"
fi

[ "$(curl -s -o "$work/metrics.txt" -w '%{http_code}' "http://127.0.0.1:$metrics_port/metrics")" = 200 ] || fail "/metrics on the metrics port did not answer 200"
grep -q '^# TYPE migrationbot_activity_queue_depth gauge' "$work/metrics.txt" || fail "/metrics does not show migrationbot_activity_queue_depth"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$bot_port/metrics")" = 404 ] || fail "/metrics answers on the bot's port too"
log "/metrics answers on the metrics port only"

database="$work/data/migrationbot.db"
[ -f "$database" ] || fail "no database at $database (the data directory holds: $(ls -A "$work/data"))"
owner=$(stat -c %u "$database")
[ "$owner" = "$APP_UID" ] || fail "the database belongs to UID $owner, not $APP_UID"
log "database created in the data directory, owned by UID $APP_UID"

grep -qE '^\{"Timestamp":"[^"]+","EventId":[0-9]+,"LogLevel":' "$work/host.log" || fail "the host's console log is not JSON lines"

kill -TERM "$pid"
for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
kill -0 "$pid" 2>/dev/null && fail "the host did not stop within 20 s of SIGTERM"
status=0
wait "$pid" || status=$?
pid=
[ "$status" -eq 0 ] || fail "the host exited with $status after SIGTERM"
log "passed"
