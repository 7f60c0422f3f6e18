# Sourced by test.sh: a throwaway PostgreSQL cluster on loopback, started and stopped here.
pg_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bindir" ] || { echo "PostgreSQL is not installed" >&2; return 1; }
  PG_TMP=$(mktemp -d /tmp/opora-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  local run=""
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_TMP"
    # /usr/sbin is not on the PATH of every root shell (e.g. Debian's plain `su`).
    run="$(command -v runuser || echo /usr/sbin/runuser) -u postgres --"
  fi
  PG_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd / && $run "$bindir/initdb" -D "$PG_TMP/data" -U opora -A trust -E UTF8 --locale=C.UTF-8 >/dev/null)
  (cd / && $run "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null)
  PG_BIN="$bindir"; PG_RUN="$run"
  PG_URL="postgres://opora@127.0.0.1:$PG_PORT/postgres"
  echo "    PostgreSQL $($bindir/postgres --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
    (cd / && $PG_RUN "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1) || true
    rm -rf "$PG_TMP"
  fi
}
