#!/usr/bin/env bash
# Fills appPackage/manifest.json from configuration and zips the Teams app package
# (manifest.json, color.png and outline.png at the zip's root, as Teams requires).
#
# Usage: appPackage/build.sh [-o OUT_DIR] [MICROSOFT_APP_ID]
#   The bot's app id comes from the argument, else $MicrosoftAppId (the host's configuration key),
#   else $BOT_ID. Optional environment: TEAMS_APP_ID (default: the bot id), APP_VERSION (1.0.0),
#   BOT_DOMAIN (the bot's public host name, added to validDomains), DEVELOPER_NAME,
#   DEVELOPER_WEBSITE_URL, DEVELOPER_PRIVACY_URL, DEVELOPER_TERMS_URL.
# Writes OUT_DIR/manifest.json, OUT_DIR/color.png, OUT_DIR/outline.png and OUT_DIR/appPackage.zip
# (OUT_DIR defaults to appPackage/build). Running it twice with the same input gives the same bytes.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/build"
if [[ "${1:-}" == "-o" ]]; then
  out=${2:?"-o needs a directory"}
  shift 2
fi
bot_id=${1:-${MicrosoftAppId:-${BOT_ID:-}}}

guid='^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'
if [[ ! "$bot_id" =~ $guid ]]; then
  echo "build.sh: the bot's Microsoft App ID must be a GUID; pass it as the argument or set MicrosoftAppId (got '${bot_id}')" >&2
  exit 2
fi
teams_app_id=${TEAMS_APP_ID:-$bot_id}
if [[ ! "$teams_app_id" =~ $guid ]]; then
  echo "build.sh: TEAMS_APP_ID must be a GUID (got '${teams_app_id}')" >&2
  exit 2
fi

# Escapes a value for the replacement side of a sed s||| command.
sed_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

substitutions=(
  "BOT_ID=$bot_id"
  "TEAMS_APP_ID=$teams_app_id"
  "APP_VERSION=${APP_VERSION:-1.0.0}"
  "BOT_DOMAIN=${BOT_DOMAIN:-}"
  "DEVELOPER_NAME=${DEVELOPER_NAME:-MigrationBot}"
  "DEVELOPER_WEBSITE_URL=${DEVELOPER_WEBSITE_URL:-https://www.example.com/migrationbot}"
  "DEVELOPER_PRIVACY_URL=${DEVELOPER_PRIVACY_URL:-https://www.example.com/migrationbot/privacy}"
  "DEVELOPER_TERMS_URL=${DEVELOPER_TERMS_URL:-https://www.example.com/migrationbot/terms}"
)
sed_args=()
if [[ -z "${BOT_DOMAIN:-}" ]]; then
  # No public host name configured: drop the validDomains entry rather than leave an empty string.
  sed_args+=(-e '/\${{BOT_DOMAIN}}/d')
fi
for pair in "${substitutions[@]}"; do
  sed_args+=(-e "s|\\\${{${pair%%=*}}}|$(sed_escape "${pair#*=}")|g")
done

mkdir -p "$out"
staging=$(mktemp -d "$out/.staging.XXXXXX")
trap 'rm -rf "$staging"' EXIT
sed "${sed_args[@]}" "$here/manifest.json" > "$staging/manifest.json"
if grep -q '\${{' "$staging/manifest.json"; then
  echo "build.sh: unfilled placeholders left in the manifest:" >&2
  grep -o '\${{[A-Za-z0-9_]*}}' "$staging/manifest.json" | sort -u >&2
  exit 1
fi
cp "$here/color.png" "$here/outline.png" "$staging/"

validator="$here/../tools/node/validate-manifest.js"
if command -v node >/dev/null && [[ -d "$here/../tools/node/node_modules/@microsoft/app-manifest" ]]; then
  node "$validator" "$staging/manifest.json" >&2
else
  echo "build.sh: skipping schema validation (node or tools/node/node_modules missing: run npm ci --prefix tools/node)" >&2
fi

# Fixed timestamps and no extra attributes, so the zip is byte-for-byte reproducible.
touch -d '2020-01-01T00:00:00Z' "$staging"/manifest.json "$staging"/color.png "$staging"/outline.png
(cd "$staging" && TZ=UTC zip -q -X -D appPackage.zip manifest.json color.png outline.png)
for f in manifest.json color.png outline.png appPackage.zip; do
  mv -f "$staging/$f" "$out/$f"
done
echo "$out/appPackage.zip"
