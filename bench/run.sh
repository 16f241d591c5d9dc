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
# The engine is measured as it ships: the CLI published with Native AOT (one native binary, no JIT and no runtime to
# load). Against the self-contained composite ReadyToRun build it replaced, on the same corpus the same evening, one
# process per mailbox: full copy 0.86x dsync's msg/s against 0.51x, CPU 1.1 s against 2.8 s, no-change pass 0.14 s
# against 0.54 s.
dotnet publish src/MigrationBot.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$artifacts/publish/migrationbot-aot" -nologo -v quiet
# The host is measured as the container image ships it: a framework-dependent Release build (the Dockerfile's publish).
dotnet build src/MigrationBot -c Release -nologo -v quiet
exec dotnet "$artifacts/bin/MigrationBot.Bench/release/MigrationBot.Bench.dll" --cli "$artifacts/publish/migrationbot-aot/migrationbot" \
  --host "$artifacts/bin/MigrationBot/release/MigrationBot.Host.dll" "$@"
