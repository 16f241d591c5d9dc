#!/usr/bin/env bash
# Installs what the build and the tests need on a Debian machine, and only what is missing:
#   apt: dovecot-imapd dovecot-core postgresql (server binaries only: the tests run private servers, not the system service) openssl isync (mbsync, a peer the benchmark measures) time (its per-process CPU and RSS)
#        dnsmasq-base (the binary only, no service: a private DNS server for the MX check's tests)
#        postfix + dovecot-lmtpd (a private SMTP server delivering to a test Dovecot, for email notices)
#        curl (scripts/container-check.sh asks the published host) (plus nodejs/npm if node is absent)
#        clang zlib1g-dev (the CLI ships as Native AOT: its tests and the benchmark publish it, and it links with them)
#        binutils strace (readelf and a system-call trace: a test checks the AOT binary's start-up prefault)
#   npm: tools/node/node_modules from package-lock.json (npm ci), when missing or stale
#   NuGet: dotnet restore MigrationBot.sln
# Safe to run again and again. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

APT_PACKAGES=(dovecot-imapd dovecot-core dovecot-lmtpd postgresql openssl isync time dnsmasq-base postfix curl clang zlib1g-dev binutils strace)
NODE_DIR=tools/node
NODE_STAMP="$NODE_DIR/node_modules/.migrationbot-lock.sha256"

log() { echo "install-deps: $*"; }
die() { echo "install-deps: error: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo --preserve-env=DEBIAN_FRONTEND "$@"
    else
        die "need root (or sudo) to run: $*"
    fi
}

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

# --- apt packages ------------------------------------------------------------------------------
command -v dpkg-query >/dev/null 2>&1 || die "this script supports Debian/Ubuntu (dpkg/apt) only"

missing=()
for package in "${APT_PACKAGES[@]}"; do
    is_installed "$package" || missing+=("$package")
done
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    # Only when node is absent: a node from NodeSource or nvm must not be replaced by Debian's.
    for package in nodejs npm; do
        is_installed "$package" || missing+=("$package")
    done
fi

if [ "${#missing[@]}" -gt 0 ]; then
    log "installing: ${missing[*]}"
    # Keep the packages' system services (dovecot on 143/993, postgresql on 5432) from starting:
    # the tests run private instances on free ports. policy-rc.d exit 101 = "action forbidden"
    # (invoke-rc.d and deb-systemd-invoke honour it). An existing policy-rc.d is left alone.
    policy=/usr/sbin/policy-rc.d
    created_policy=no
    if [ ! -e "$policy" ]; then
        as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
        created_policy=yes
    fi
    remove_policy() { if [ "$created_policy" = yes ]; then as_root rm -f "$policy"; fi; }
    trap remove_policy EXIT

    # Another apt or dpkg (unattended-upgrades, a second run) may hold the locks: wait for them, up to 15 minutes,
    # instead of failing. DPkg::Lock::Timeout covers the dpkg frontend lock and, since apt 2.x, the lists lock too.
    apt_wait=(-o DPkg::Lock::Timeout=900)
    # Postfix asks how to configure itself; the tests run their own instance from their own config directory.
    echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
    as_root apt-get "${apt_wait[@]}" update -q
    as_root apt-get "${apt_wait[@]}" install -y -q --no-install-recommends "${missing[@]}"

    remove_policy
    trap - EXIT

    for package in "${missing[@]}"; do
        if [ "$package" = dovecot-core ] && [ -d /run/systemd/system ]; then
            # On a systemd host, keep the system dovecot from starting at the next boot too.
            as_root systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
        fi
        if [ "$package" = postfix ] && [ -d /run/systemd/system ]; then
            as_root systemctl disable --now postfix.service >/dev/null 2>&1 || true
        fi
        if [ "$package" = postgresql ] && [ -d /run/systemd/system ]; then
            # The tests run private servers (initdb into a temp dir, as an unprivileged user): no system cluster.
            as_root systemctl disable --now postgresql.service >/dev/null 2>&1 || true
        fi
    done
else
    log "apt packages present: ${APT_PACKAGES[*]}"
fi

command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || die "dovecot is still missing after apt-get install"
# Debian's postgresql puts its server binaries off PATH, under /usr/lib/postgresql/<version>/bin (PostgresServer looks there).
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || die "PostgreSQL's server (/usr/lib/postgresql/<version>/bin/postgres) is still missing after apt-get install"
command -v node >/dev/null 2>&1 || die "node is missing"
command -v npm >/dev/null 2>&1 || die "npm is missing"
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
    log "warning: node $(node --version) is old; the Agents Playground wants node 18 or later"
fi

# --- node tools ----------------------------------------------------------------------------------
[ -f "$NODE_DIR/package.json" ] && [ -f "$NODE_DIR/package-lock.json" ] || die "$NODE_DIR/package.json or package-lock.json is missing"
lock_hash=$(cat "$NODE_DIR/package.json" "$NODE_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)
node_fresh=no
if [ -d "$NODE_DIR/node_modules" ]; then
    if [ -f "$NODE_STAMP" ]; then
        [ "$(cat "$NODE_STAMP")" = "$lock_hash" ] && node_fresh=yes
    elif [ -f "$NODE_DIR/node_modules/.package-lock.json" ] \
        && [ ! "$NODE_DIR/package-lock.json" -nt "$NODE_DIR/node_modules/.package-lock.json" ] \
        && [ ! "$NODE_DIR/package.json" -nt "$NODE_DIR/node_modules/.package-lock.json" ]; then
        # Installed before this script kept a stamp, and not older than the lock file.
        node_fresh=yes
    fi
fi
if [ "$node_fresh" = yes ]; then
    log "$NODE_DIR/node_modules is up to date"
else
    log "npm ci --prefix $NODE_DIR"
    npm ci --prefix "$NODE_DIR" --no-audit --no-fund
fi
echo "$lock_hash" > "$NODE_STAMP"

# --- .NET ------------------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is not installed (see https://learn.microsoft.com/dotnet/core/install/linux-debian)"
log "dotnet restore MigrationBot.sln"
dotnet restore MigrationBot.sln
log "done"
