#!/usr/bin/env bash
# Builds the benchmark in Release and runs it; any arguments go to the benchmark (see --help).
# Needs Dovecot (./scripts/install-deps.sh installs it). Prints figures; it is not a test.
# Modes besides the default run: --large-folder N (one large folder) and --replicas (one batch on one host replica, then
# on two clustered on a private PostgreSQL, and the ledger's cost per message on SQLite and PostgreSQL; needs postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
artifacts="${ARTIFACTS_PATH:-artifacts}"
dotnet build bench/MigrationBot.Bench -c Release -nologo -v quiet
# The engine is measured as it ships: the CLI published self-contained with composite ReadyToRun (the runtime and
# the app precompiled together, so the generic code they share is compiled too and a run spends little CPU on the
# JIT: a no-change pass of one mailbox took 0.12 s of CPU this way against 0.18 s framework-dependent).
dotnet publish src/MigrationBot.Cli -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
  -o "$artifacts/publish/migrationbot-composite" -nologo -v quiet
# The host is measured as the container image ships it: a framework-dependent Release build (the Dockerfile's publish).
dotnet build src/MigrationBot -c Release -nologo -v quiet
exec dotnet "$artifacts/bin/MigrationBot.Bench/release/MigrationBot.Bench.dll" --cli "$artifacts/publish/migrationbot-composite/migrationbot" \
  --host "$artifacts/bin/MigrationBot/release/MigrationBot.Host.dll" "$@"
