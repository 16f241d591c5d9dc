#!/usr/bin/env bash
# Regenerates docs/screenshots: stops what an earlier ./run.sh left running, starts a fresh one (a new store, so
# batch wave2 does not exist yet; new demo mail servers), drives the Agents Playground's UI with
# scripts/screenshots.mjs in headless Chromium, and stops everything again.
# Needs Debian's chromium (apt-get install chromium) besides what run.sh installs.
# Usage: scripts/screenshots.sh [--out DIR]   (default docs/screenshots)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$repo/docs/screenshots"
case "${1:-}" in
  "") ;;
  --out) out=$(realpath -m "$2") ;;
  -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
  *) echo "screenshots.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
esac
command -v chromium >/dev/null || [[ -x /usr/bin/chromium ]] || { echo "screenshots.sh: chromium is missing: apt-get install chromium" >&2; exit 1; }

"$repo/run.sh" --stop
rm -f "$repo"/.run/migrationbot.db "$repo"/.run/migrationbot.db-wal "$repo"/.run/migrationbot.db-shm
trap '"$repo/run.sh" --stop' EXIT
"$repo/run.sh" --detach >/dev/null
port=$(sed -n 's/.*Listening on \([0-9]*\).*/\1/p' "$repo/.run/playground/console.log" | head -n 1)
node "$repo/scripts/screenshots.mjs" --url "http://localhost:$port" --out "$out"
