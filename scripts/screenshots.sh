#!/usr/bin/env bash
# Regenerates docs/screenshots: stops what an earlier ./run.sh left running, starts a fresh one (a new store, so
# batch wave2 does not exist yet; new demo mail servers), drives the Agents Playground's UI with
# scripts/screenshots.mjs in headless Chromium, and stops everything again. The bot runs with
# Notices:CheckInDelay (CHECK_IN_DELAY minutes after the cutover, default 4), so the check-in notice arrives
# during the run rather than at 09:00 the day after, and with short alert clocks (a stall after 10 s, a report every
# minute); nothing else uses these settings.
# Needs Debian's chromium (apt-get install chromium) besides what run.sh installs.
# Usage: scripts/screenshots.sh [--out DIR]   (default docs/screenshots)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$repo/docs/screenshots"
case "${1:-}" in
  "") ;;
  --out) out=$(realpath -m "$2") ;;
  -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
  *) echo "screenshots.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
esac
command -v chromium >/dev/null || [[ -x /usr/bin/chromium ]] || { echo "screenshots.sh: chromium is missing: apt-get install chromium" >&2; exit 1; }

"$repo/run.sh" --stop
rm -f "$repo"/.run/migrationbot.db "$repo"/.run/migrationbot.db-wal "$repo"/.run/migrationbot.db-shm
trap '"$repo/run.sh" --stop' EXIT
check_in_delay=${CHECK_IN_DELAY:-4}
[[ "$check_in_delay" =~ ^[1-9][0-9]?$ ]] || { echo "screenshots.sh: CHECK_IN_DELAY must be 1 to 99 (minutes)" >&2; exit 2; }
# run.sh passes its environment on to the bot: this one setting is for the screenshot run only.
# And the alerts' clocks, so a stall (the script hangs the demo source for a while) and a daily report are seen, and
# a front before the demo target that throttles its 60th APPEND as Exchange Online does, so the throttling alert is.
Notices__CheckInDelay=$(printf '00:%02d:00' "$check_in_delay") \
Alerts__StallAfter=00:00:10 Alerts__CheckEvery=00:00:02 Alerts__ReportEvery=00:01:00 Alerts__ThrottleAfter=00:00:01 \
DEMO_THROTTLE_APPEND=60 \
  "$repo/run.sh" --detach >/dev/null
port=$(sed -n 's/.*Listening on \([0-9]*\).*/\1/p' "$repo/.run/playground/console.log" | head -n 1)
node "$repo/scripts/screenshots.mjs" --url "http://localhost:$port" --out "$out" --check-in-delay "$check_in_delay"
