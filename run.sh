#!/usr/bin/env bash
# Runs MigrationBot on this machine with the Microsoft 365 Agents Playground, a local stand-in for Teams,
# and two demo mail servers: starts a SOURCE and a TARGET Dovecot on free loopback ports (demo users with
# a generated corpus, random passwords, written to .run/demo.json) and a Microsoft Graph stand-in (the local
# demo's only: alice, bob and carol are the Playground's Alex Wilber, Megan Bowen and Adele Vance, so their
# notices arrive in its chats), builds the host and starts it on embedded defaults (Development, SQLite
# under .run/, the unauthenticated switch and the tokenless loopback Graph switch on, 127.0.0.1 only, both
# servers configured) and the Playground headless pointed at it, then prints the URL and what to type.
# Ctrl-C stops all three. Running it again stops what an earlier run left behind first.
#
# Usage: ./run.sh            start them, stay in the foreground
#        ./run.sh --detach   start them and return (stop them later with --stop)
#        ./run.sh --stop     stop what a previous run started
# Environment: BOT_PORT (default 3978), PLAYGROUND_PORT (default 56150); a port already taken by
# something else is replaced by a free one. MicrosoftAppId, if set, becomes the bot id in the Playground.
# Logs: .run/bot.log, .run/demo.log, .run/playground/playground.log (+ events-recording.log).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run_dir="$repo/.run"
bot_pidfile="$run_dir/bot.pid"
playground_pidfile="$run_dir/playground.pid"
demo_pidfile="$run_dir/demo.pid"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mode=foreground
case "${1:-}" in
  "") ;;
  --detach) mode=detach ;;
  --stop) mode=stop ;;
  -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
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
# Last: a bot still running a wave is connected to them. (A demo tool killed outright leaves its Dovecot
# instances behind; its next start stops them.)
stop_recorded "$demo_pidfile" MigrationBot.DemoServers "demo mail servers"
[[ "$mode" == stop ]] && { say "stopped"; exit 0; }

# --- what the run needs --------------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed (https://dot.net); then run ./run.sh again"
command -v curl >/dev/null || die "curl is needed to wait for the bot and the Playground"
if ! command -v node >/dev/null || ! command -v npm >/dev/null || ! { command -v dovecot >/dev/null || [[ -x /usr/sbin/dovecot ]]; }; then
  say "node/npm or dovecot missing: running scripts/install-deps.sh"
  "$repo/scripts/install-deps.sh"
fi
if [[ ! -f "$repo/tools/node/node_modules/@microsoft/m365agentsplayground/cli.js" ]]; then
  say "installing the node tools (npm ci --prefix tools/node)"
  npm ci --prefix "$repo/tools/node" --no-audit --no-fund
fi

say "building the demo mail servers"
dotnet build "$repo/tools/MigrationBot.DemoServers" -nologo -v quiet
demo_dll=$(dotnet msbuild "$repo/tools/MigrationBot.DemoServers" -nologo -getProperty:TargetPath)
[[ -f "$demo_dll" ]] || die "the build did not produce $demo_dll"

mkdir -p "$run_dir/playground"

# --- start them ----------------------------------------------------------------------------------
demo_pid=""
bot_pid=""
playground_pid=""
stop_started() { # pid... : TERM all, then KILL any still there after 10 s
  local pid
  for pid in "$@"; do
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "$@"; do
    [[ -n "$pid" ]] || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
cleanup() {
  trap - INT TERM EXIT
  stop_started "$playground_pid" "$bot_pid"
  # The demo servers last: the bot may still be talking to them.
  stop_started "$demo_pid"
  # Remove the pid files only if they are still ours (a later run may have replaced them).
  [[ -n "$bot_pid" && "$(cat "$bot_pidfile" 2>/dev/null)" == "$bot_pid" ]] && rm -f "$bot_pidfile"
  [[ -n "$playground_pid" && "$(cat "$playground_pidfile" 2>/dev/null)" == "$playground_pid" ]] && rm -f "$playground_pidfile"
  [[ -n "$demo_pid" && "$(cat "$demo_pidfile" 2>/dev/null)" == "$demo_pid" ]] && rm -f "$demo_pidfile"
  say "stopped"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# Each in its own session (setsid), so Ctrl-C reaches only this script, which stops them in order.
# The demo servers seed their corpus while the host builds.
# DEMO_THROTTLE_APPEND=N (scripts/screenshots.sh) puts a front before the target that throttles its Nth APPEND.
demo_args=(--out "$run_dir/demo.json")
[[ -n "${DEMO_THROTTLE_APPEND:-}" ]] && demo_args+=(--throttle-append "$DEMO_THROTTLE_APPEND")
setsid dotnet "$demo_dll" "${demo_args[@]}" >"$run_dir/demo.log" 2>&1 &
demo_pid=$!
echo "$demo_pid" > "$demo_pidfile"

say "building the host"
dotnet build "$repo/src/MigrationBot" -nologo -v quiet
host_dll=$(dotnet msbuild "$repo/src/MigrationBot" -nologo -getProperty:TargetPath)
[[ -f "$host_dll" ]] || die "the build did not produce $host_dll"

bot_port=$(pick_port "${BOT_PORT:-3978}" bot)
playground_port=$(pick_port "${PLAYGROUND_PORT:-56150}" "Agents Playground")
endpoint="http://127.0.0.1:$bot_port/api/messages"

demo_ready() { grep -qx 'demo servers ready' "$run_dir/demo.log" 2>/dev/null; }
for _ in $(seq 1 600); do
  demo_ready && break
  kill -0 "$demo_pid" 2>/dev/null || { tail -n 40 "$run_dir/demo.log" >&2 || true; die "the demo mail servers exited while starting (log: .run/demo.log)"; }
  sleep 0.2
done
demo_ready || { tail -n 40 "$run_dir/demo.log" >&2 || true; die "the demo mail servers were not ready within 120 s (log: .run/demo.log)"; }
# This run's ports, master users and passwords (generated at the servers' start), one a line.
{
  read -r source_port; read -r source_admin; read -r source_admin_password
  read -r target_port; read -r target_admin; read -r target_admin_password
  read -r graph_base_url; read -r graph_people
  read -r demo_mailboxes
  read -r throttling_port
} < <(node -e 'const d = require(process.argv[1]);
  for (const v of [d.source.imapsPort, d.source.masterUser, d.source.masterPassword, d.target.imapsPort, d.target.masterUser, d.target.masterPassword]) console.log(v);
  console.log(d.graph.baseUrl);
  console.log(d.graph.users.map(u => `${u.emailAddress.split("@")[0]} = ${u.displayName} (${u.timeZone})`).join(", "));
  console.log(d.source.users.map(u => `${u.name} ${u.messages}`).join(", "));
  console.log(d.target.throttlingPort ?? "");' "$run_dir/demo.json") || true
# With the throttling front, the bot's target is the front (plain IMAP on loopback), not the target's IMAPS port.
bot_target_port=$target_port bot_target_security=Ssl
if [[ -n "${throttling_port:-}" ]]; then bot_target_port=$throttling_port bot_target_security=None; fi
[[ -n "${demo_mailboxes:-}" ]] || die "could not read .run/demo.json"
# Whoever types in the Playground administers and approves: its mock tenant's current user.
playground_user=$("$repo/scripts/playground.sh" --print-user-aad-object-id)

# The settings below are the embedded defaults of a local run; nothing here is meant for production.
# The demo servers' master passwords reach the bot through its environment only (a local demo). Graph is the
# demo's loopback stand-in, called without a token (the bot refuses that switch outside Development).
ASPNETCORE_ENVIRONMENT=Development \
ASPNETCORE_URLS="http://127.0.0.1:$bot_port" \
Bot__DangerouslyAllowUnauthenticatedRequests=true \
Store__SqlitePath="$run_dir/migrationbot.db" \
Target__Host=127.0.0.1 Target__Port="$bot_target_port" Target__Security="$bot_target_security" Target__AllowInvalidCertificate=true \
Target__Auth=Master Target__AdminUser="$target_admin" Target__AdminPassword="$target_admin_password" \
Endpoints__demo__Host=127.0.0.1 Endpoints__demo__Port="$source_port" Endpoints__demo__Security=Ssl \
Endpoints__demo__AllowInvalidCertificate=true Endpoints__demo__MaxConcurrentMailboxes=3 \
Endpoints__demo__AdminUser="$source_admin" Endpoints__demo__AdminPassword="$source_admin_password" Endpoints__demo__AdminForm=Dovecot \
Authorization__Admins__0="$playground_user" Authorization__Approvers__0="$playground_user" Authorization__AllowRequesterApproval=true \
Graph__BaseUrl="$graph_base_url" Graph__DangerouslyUseLoopbackWithoutToken=true \
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

  MigrationBot is running with the Microsoft 365 Agents Playground and two demo mail servers.

    Open:      http://localhost:$playground_port
    Bot:       $endpoint  (Development; unauthenticated, loopback callers only)
    Store:     .run/migrationbot.db
    Source:    Dovecot at 127.0.0.1:$source_port (IMAPS), endpoint "demo": $demo_mailboxes messages
    Target:    Dovecot at 127.0.0.1:$target_port (IMAPS): the same users @contoso.test, empty
    Graph:     a stand-in for the local demo at $graph_base_url (no token): $graph_people
    Logs:      .run/bot.log  .run/demo.log  .run/playground/playground.log  .run/playground/events-recording.log

  Type "help" in the personal chat; in the Announcements channel, @mention MigrationBot first.
  alice's notices (announcement, reminder, in progress, moved, check-in) arrive in the personal chat.

  To migrate the demo users: type "start batch demo", pick the endpoint "demo" and paste this CSV
  (.run/demo-users.csv; its passwords were generated for this run's local servers):

$(sed 's/^/    /' "$run_dir/demo-users.csv")

  In the Announcements channel ("@MigrationBot start batch wave2"), passwords stay out of the team: keep
  "Admin: Dovecot master user" (the endpoint's saved master login) and paste the CSV without passwords:

$(cut -d, -f1,2 "$run_dir/demo-users.csv" | sed 's/^/    /')

EOF

if [[ "$mode" == detach ]]; then
  trap - INT TERM EXIT
  echo "  Stop with: ./run.sh --stop"
  exit 0
fi
echo "  Press Ctrl-C to stop all three."
echo
set +e
wait -n "$bot_pid" "$playground_pid" "$demo_pid"
status=$?
set -e
kill -0 "$bot_pid" 2>/dev/null || say "the bot exited (status $status); see .run/bot.log"
kill -0 "$playground_pid" 2>/dev/null || say "the Agents Playground exited (status $status); see .run/playground/playground.log"
kill -0 "$demo_pid" 2>/dev/null || say "the demo mail servers exited (status $status); see .run/demo.log"
exit 1
