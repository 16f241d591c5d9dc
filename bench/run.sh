#!/usr/bin/env bash
# Builds the benchmark in Release and runs it; any arguments go to the benchmark (see --help).
# Needs Dovecot (./scripts/install-deps.sh installs it). Prints figures; it is not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
artifacts="${ARTIFACTS_PATH:-artifacts}"
dotnet build bench/MigrationBot.Bench -c Release -nologo -v quiet
# The engine is measured as it ships: the CLI published ReadyToRun (precompiled, so a run spends no CPU on the JIT).
dotnet publish src/MigrationBot.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$artifacts/publish/migrationbot-r2r" -nologo -v quiet
exec dotnet "$artifacts/bin/MigrationBot.Bench/release/MigrationBot.Bench.dll" --cli "$artifacts/publish/migrationbot-r2r/migrationbot.dll" "$@"
