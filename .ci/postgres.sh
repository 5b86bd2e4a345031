#!/usr/bin/env bash
# Start a local PostgreSQL (Debian's package) for the store tests and print its URL.
# Only 127.0.0.1; a throwaway role with a throwaway password.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 || pg_ctlcluster "$version" main status >&2
for _ in $(seq 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='rightscreen'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create role rightscreen login createdb password 'rightscreen'\"" >&2
echo "postgresql://rightscreen:rightscreen@127.0.0.1:5432/postgres"
