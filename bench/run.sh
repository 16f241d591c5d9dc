#!/usr/bin/env bash
# Builds the benchmark in Release and runs it; any arguments go to the benchmark (see --help).
# Needs Dovecot (./scripts/install-deps.sh installs it). Prints figures; it is not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
dotnet build bench/MigrationBot.Bench -c Release -nologo -v quiet
exec dotnet artifacts/bin/MigrationBot.Bench/release/MigrationBot.Bench.dll "$@"
