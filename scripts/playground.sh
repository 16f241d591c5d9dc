#!/usr/bin/env bash
# Starts the Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, installed under
# tools/node) headless, without auth, in the foreground, pointed at a bot endpoint. run.sh uses it;
# run it alone to point the Playground at a bot you started yourself (e.g. from an IDE).
#
# Usage: scripts/playground.sh [--endpoint URL] [--port N] [--workdir DIR] [--bot-id GUID] [--bot-name NAME]
#   --endpoint  the bot's messages URL        (default http://127.0.0.1:3978/api/messages)
#   --port      the Playground's port         (default 56150; it picks another if that one is taken)
#   --workdir   where its config, log and events recording go (default .run/playground)
#   --bot-id    the bot id in its mock tenant (default $MicrosoftAppId, else the Playground's test bot id)
#   --bot-name  the bot's display name        (default MigrationBot, so channel mentions read <at>MigrationBot</at>)
#   --print-user-aad-object-id  print the aadObjectId the bot sees for the person typing (Alex Wilber) and exit
# Without auth the Playground sends no Authorization header (BOTFRAMEWORK.md §2.3): the bot must run in
# Development with Bot:DangerouslyAllowUnauthenticatedRequests=true. The Playground listens on all interfaces.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
endpoint=http://127.0.0.1:3978/api/messages
port=56150
workdir="$repo/.run/playground"
bot_id=${MicrosoftAppId:-00000000-0000-0000-0000-00000000000011}
bot_name=MigrationBot
# The mock tenant's current user, who types in the Playground (run.sh makes them the bot's admin and approver).
current_user_aad_object_id=00000000-0000-0000-0000-0000000000020

while [[ $# -gt 0 ]]; do
  case "$1" in
    --endpoint) endpoint=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --bot-id) bot_id=$2; shift 2 ;;
    --bot-name) bot_name=$2; shift 2 ;;
    --print-user-aad-object-id) echo "$current_user_aad_object_id"; exit 0 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "playground.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

cli="$repo/tools/node/node_modules/@microsoft/m365agentsplayground/cli.js"
if [[ ! -f "$cli" ]]; then
  echo "playground.sh: the Agents Playground is not installed: run npm ci --prefix tools/node" >&2
  exit 3
fi

mkdir -p "$workdir"
# The Playground's mock tenant (config version 0.1.1). Its schema wants at least five users besides the
# current one; with fewer it keeps listening but never mounts its API.
user() { # id name upn aad-suffix
  printf '  - id: %s\n    name: %s\n    userPrincipleName: %s@example.com\n    aadObjectId: 00000000-0000-0000-0000-00000000000%s\n    givenName: %s\n    surname: %s\n    email: %s@example.com\n' \
    "$1" "$2" "$3" "$4" "${2%% *}" "${2#* }" "$3"
}
{
  printf 'version: "0.1.1"\ntenantId: 00000000-0000-0000-0000-0000000000001\n'
  printf 'bot:\n  id: %s\n  name: %s\n' "$bot_id" "$bot_name"
  printf 'currentUser:\n  id: user-id-0\n  name: Alex Wilber\n  userPrincipleName: alexw@example.com\n'
  printf '  aadObjectId: %s\n  givenName: Alex\n  surname: Wilber\n  email: alexw@example.com\n' "$current_user_aad_object_id"
  printf 'users:\n'
  user user-id-1 "Megan Bowen" meganb 21
  user user-id-2 "Adele Vance" adelev 22
  user user-id-3 "Isaiah Langer" isaiahl 23
  user user-id-4 "Patti Fernandez" pattif 24
  user user-id-5 "Lynne Robbins" lynner 25
  printf 'personalChat:\n  id: personal-chat-id\n'
  printf 'groupChat:\n  id: group-chat-id\n  name: Group Chat\n'
  printf 'team:\n  id: team-id\n  name: My Team\n  aadGroupId: 00000000-0000-0000-0000-000000000031\n'
  printf '  channels:\n    - id: channel-announcements-id\n      name: Announcements\n'
} > "$workdir/.m365agentsplayground.yml"

cd "$workdir"
export TEAMSAPPTESTER_BROWSER=none
export M365_AGENTS_PLAYGROUND_LOGFILE="$workdir/playground.log"
export M365_AGENTS_PLAYGROUND_RECORDING_FILE="$workdir/events-recording.log"
unset AUTH_CLIENT_ID AUTH_CLIENT_SECRET AUTH_TENANT_ID
exec node "$cli" start --app-endpoint "$endpoint" --channel-id msteams --port "$port" \
  --disable-telemetry --enable-events-recording
