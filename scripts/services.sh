#!/usr/bin/env bash
# Make sure the local services the tests need are installed and running:
# PostgreSQL (127.0.0.1:5432, trust, database "test"), Redis (6379), Mosquitto (1883) and its
# clients, dbus-daemon (BLE mock bus) and Chromium (browser tests). Installs missing Debian packages
# when run as root with apt-get; starts services that are installed but down. Idempotent.
set -euo pipefail

log() { printf '[services] %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

missing=()
have psql || [ -d /usr/lib/postgresql ] || missing+=(postgresql)
have redis-server || missing+=(redis-server)
have mosquitto || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
have mosquitto_pub || missing+=(mosquitto-clients)
have dbus-daemon || missing+=(dbus-daemon)
have chromium || missing+=(chromium)

installed_pg=0
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && have apt-get; then
    log "installing: ${missing[*]}"
    [[ " ${missing[*]} " == *" postgresql "* ]] && installed_pg=1
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "missing packages: ${missing[*]} (install them, or run as root with apt-get)"
    exit 1
  fi
fi

# PostgreSQL
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  log "starting postgresql $ver"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
fi
if [ "$installed_pg" = 1 ]; then
  # A fresh Debian cluster asks for passwords on TCP; the test server is local and throwaway.
  ver=$(ls /etc/postgresql | sort -n | tail -1)
  hba=/etc/postgresql/$ver/main/pg_hba.conf
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  su postgres -c "psql -qc 'SELECT pg_reload_conf()'" >/dev/null
fi
# Test files run in parallel, each with its own database and pools (plus BullMQ's PostgreSQL
# backend): the default 100 connections is too tight for the suite.
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -qtAc 'SHOW max_connections' 2>/dev/null)" -lt 300 ] 2>/dev/null; then
  ver=$(ls /etc/postgresql | sort -n | tail -1)
  log "raising max_connections to 300 (restarts postgresql $ver)"
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'ALTER SYSTEM SET max_connections = 300' >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$ver" main restart
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
fi
if ! psql -h 127.0.0.1 -U postgres -d test -qtAc 'SELECT 1' >/dev/null 2>&1; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE DATABASE test' >/dev/null
fi

# Redis
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.2; done
fi

# Mosquitto
if ! timeout 3 mosquitto_sub -h 127.0.0.1 -p 1883 -t '$SYS/#' -C 1 -W 2 >/dev/null 2>&1 && ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  log "starting mosquitto"
  mosquitto -d -c /etc/mosquitto/mosquitto.conf
  for _ in $(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null && break; sleep 0.2; done
fi
log "postgresql, redis, mosquitto ready"
