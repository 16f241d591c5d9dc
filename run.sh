#!/usr/bin/env bash
# Runs MigrationBot on this machine with the Microsoft 365 Agents Playground, a local stand-in for Teams:
# builds the host, starts it on embedded defaults (Development, SQLite under .run/, the unauthenticated
# switch on, 127.0.0.1 only) and the Playground headless pointed at it, then prints the URL to open.
# Ctrl-C stops both. Running it again stops what an earlier run left behind first.
#
# Usage: ./run.sh            start both, stay in the foreground
#        ./run.sh --detach   start both and return (stop them later with --stop)
#        ./run.sh --stop     stop what a previous run started
# Environment: BOT_PORT (default 3978), PLAYGROUND_PORT (default 56150); a port already taken by
# something else is replaced by a free one. MicrosoftAppId, if set, becomes the bot id in the Playground.
# Logs: .run/bot.log, .run/playground/playground.log (+ events-recording.log).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run_dir="$repo/.run"
bot_pidfile="$run_dir/bot.pid"
playground_pidfile="$run_dir/playground.pid"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mode=foreground
case "${1:-}" in
  "") ;;
  --detach) mode=detach ;;
  --stop) mode=stop ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
esac

say() { echo "run.sh: $*"; }
die() { echo "run.sh: error: $*" >&2; exit 1; }

# Stops the process recorded in a pid file, but only if it is still the one we started (a pid can be
# reused): its command line must contain the marker. TERM first, KILL after 10 s.
stop_recorded() { # pidfile marker what
  local pidfile=$1 marker=$2 what=$3 pid
  [[ -f "$pidfile" ]] || return 0
  pid=$(cat "$pidfile")
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && ps -p "$pid" -o args= | grep -q -- "$marker"; then
    say "stopping the $what left by an earlier run (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

pick_port() { # wanted what
  if port_taken "$1"; then
    local other
    other=$(free_port)
    say "port $1 is taken by another program; the $2 uses $other instead" >&2
    echo "$other"
  else
    echo "$1"
  fi
}

wait_for() { # url pid what log
  local url=$1 pid=$2 what=$3 log=$4
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$log" >&2 || true; die "the $what exited while starting (log: $log)"; }
    sleep 0.2
  done
  tail -n 40 "$log" >&2 || true
  die "the $what did not answer $url within 60 s (log: $log)"
}

stop_recorded "$bot_pidfile" MigrationBot.Host "bot"
stop_recorded "$playground_pidfile" m365agentsplayground "Agents Playground"
[[ "$mode" == stop ]] && { say "stopped"; exit 0; }

# --- what the run needs --------------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed (https://dot.net); then run ./run.sh again"
command -v curl >/dev/null || die "curl is needed to wait for the bot and the Playground"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "node/npm missing: running scripts/install-deps.sh"
  "$repo/scripts/install-deps.sh"
fi
if [[ ! -f "$repo/tools/node/node_modules/@microsoft/m365agentsplayground/cli.js" ]]; then
  say "installing the node tools (npm ci --prefix tools/node)"
  npm ci --prefix "$repo/tools/node" --no-audit --no-fund
fi

say "building the host"
dotnet build "$repo/src/MigrationBot" -nologo -v quiet
host_dll=$(dotnet msbuild "$repo/src/MigrationBot" -nologo -getProperty:TargetPath)
[[ -f "$host_dll" ]] || die "the build did not produce $host_dll"

mkdir -p "$run_dir/playground"
bot_port=$(pick_port "${BOT_PORT:-3978}" bot)
playground_port=$(pick_port "${PLAYGROUND_PORT:-56150}" "Agents Playground")
endpoint="http://127.0.0.1:$bot_port/api/messages"

# --- start both ----------------------------------------------------------------------------------
bot_pid=""
playground_pid=""
cleanup() {
  trap - INT TERM EXIT
  local pid
  for pid in "$playground_pid" "$bot_pid"; do
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "$playground_pid" "$bot_pid"; do
    [[ -n "$pid" ]] || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # Remove the pid files only if they are still ours (a later run may have replaced them).
  [[ -n "$bot_pid" && "$(cat "$bot_pidfile" 2>/dev/null)" == "$bot_pid" ]] && rm -f "$bot_pidfile"
  [[ -n "$playground_pid" && "$(cat "$playground_pidfile" 2>/dev/null)" == "$playground_pid" ]] && rm -f "$playground_pidfile"
  say "stopped"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# Each in its own session (setsid), so Ctrl-C reaches only this script, which stops them in order.
# The settings below are the embedded defaults of a local run; nothing here is meant for production.
ASPNETCORE_ENVIRONMENT=Development \
ASPNETCORE_URLS="http://127.0.0.1:$bot_port" \
Bot__DangerouslyAllowUnauthenticatedRequests=true \
Store__SqlitePath="$run_dir/migrationbot.db" \
  setsid dotnet "$host_dll" --contentRoot "$repo/src/MigrationBot" >"$run_dir/bot.log" 2>&1 &
bot_pid=$!
echo "$bot_pid" > "$bot_pidfile"
wait_for "http://127.0.0.1:$bot_port/healthz" "$bot_pid" bot "$run_dir/bot.log"

setsid "$repo/scripts/playground.sh" --endpoint "$endpoint" --port "$playground_port" \
  --workdir "$run_dir/playground" >"$run_dir/playground/console.log" 2>&1 &
playground_pid=$!
echo "$playground_pid" > "$playground_pidfile"
# The Playground moves to a random port if its own is taken meanwhile; read the one it chose.
for _ in $(seq 1 100); do
  grep -q 'Listening on' "$run_dir/playground/console.log" 2>/dev/null && break
  kill -0 "$playground_pid" 2>/dev/null || break
  sleep 0.2
done
playground_port=$(sed -n 's/.*Listening on \([0-9]*\).*/\1/p' "$run_dir/playground/console.log" | head -n 1)
[[ -n "$playground_port" ]] || { cat "$run_dir/playground/console.log" >&2; die "the Agents Playground did not start"; }
wait_for "http://127.0.0.1:$playground_port/_internal/v1/testConfig" "$playground_pid" "Agents Playground" "$run_dir/playground/playground.log"

cat <<EOF

  MigrationBot is running with the Microsoft 365 Agents Playground.

    Open:      http://localhost:$playground_port
    Bot:       $endpoint  (Development; unauthenticated, loopback callers only)
    Store:     .run/migrationbot.db
    Logs:      .run/bot.log  .run/playground/playground.log  .run/playground/events-recording.log

  Type "help" in the personal chat; in the Announcements channel, @mention MigrationBot first.
EOF

if [[ "$mode" == detach ]]; then
  trap - INT TERM EXIT
  echo "  Stop with: ./run.sh --stop"
  exit 0
fi
echo "  Press Ctrl-C to stop both."
echo
set +e
wait -n "$bot_pid" "$playground_pid"
status=$?
set -e
kill -0 "$bot_pid" 2>/dev/null || say "the bot exited (status $status); see .run/bot.log"
kill -0 "$playground_pid" 2>/dev/null || say "the Agents Playground exited (status $status); see .run/playground/playground.log"
exit 1
